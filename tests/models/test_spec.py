"""The feature spec: what it accepts, what it refuses and why, and the vectors built from it."""

from __future__ import annotations

import keyword
import math
import re
import statistics
import tomllib
from copy import deepcopy
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from models.features import evaluate, learn_fill, matrix
from models.spec import (
    PROTECTED,
    PROTECTED_STEMS,
    FeatureType,
    Missing,
    Spec,
    SpecError,
    load_spec,
    names_in,
    parse_spec,
)
from tests.conftest import REPO

SPECS = REPO / "models" / "specs"
SHIPPED = sorted(SPECS.glob("*.toml"))


def numeric(**overrides: Any) -> dict[str, Any]:
    """A valid numeric [[feature]] table, with ``overrides`` applied."""
    raw: dict[str, Any] = {
        "name": "debt_to_income",
        "type": "numeric",
        "column": "Debt / Income",
        "case": "total_debt / monthly_income",
        "range": [0, 100],
        "monotone": 1,
        "reason_en": "Debt high relative to income",
        "reason_zh": "负债相对收入较高",
    }
    raw.update(overrides)
    return raw


def categorical(**overrides: Any) -> dict[str, Any]:
    """A valid categorical [[feature]] table, with ``overrides`` applied."""
    raw: dict[str, Any] = {
        "name": "home",
        "type": "categorical",
        "column": "Home",
        "case": "home",
        "categories": ["owner", "rent", "other"],
        "reference": "owner",
        "reason_en": "Housing situation",
        "reason_zh": "住房状况",
    }
    raw.update(overrides)
    return raw


def spec_data(*features: dict[str, Any]) -> dict[str, Any]:
    return {
        "model": {"name": "test", "target": "Status", "bad": ["bad"]},
        "feature": list(features),
    }


def refusal(data: dict[str, Any]) -> str:
    with pytest.raises(SpecError) as caught:
        parse_spec(data)
    return str(caught.value)


# --- the shipped specs ---------------------------------------------------------


def test_both_shipped_specs_are_found() -> None:
    assert {p.name for p in SHIPPED} >= {"credit_data.toml", "german_credit.toml"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_spec_loads_as_its_toml_says(path: Path) -> None:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    spec = load_spec(path)
    assert spec.name == raw["model"]["name"]
    assert spec.target == raw["model"]["target"]
    assert spec.names == tuple(f["name"] for f in raw["feature"])
    assert [f.type.value for f in spec.features] == [f["type"] for f in raw["feature"]]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_spec_reads_no_protected_attribute(path: Path) -> None:
    spec = load_spec(path)
    for feature in spec.features:
        for text in (feature.name, feature.column, feature.case):
            words = re.findall(r"[a-z]+", re.sub(r"([a-z])([A-Z])", r"\1_\2", text).lower())
            assert not [w for w in words if w in PROTECTED or w.startswith(PROTECTED_STEMS)], text
    # what the data holds of them is set aside for the fairness report, never read
    read = {feature.column for feature in spec.features}
    for feature in spec.features:
        if feature.type is FeatureType.NUMERIC:
            read |= names_in(feature.column)
    assert spec.sensitive
    assert not read & set(spec.sensitive)
    markers = PROTECTED + PROTECTED_STEMS + ("foreign",)
    assert all(any(p in s.lower() for p in markers) for s in spec.sensitive)


# --- protected attributes --------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "value", "word"),
    [
        ("name", "sex", "sex"),
        ("name", "applicant_gender", "gender"),
        ("name", "marital_status", "marital"),
        ("name", "is_married", "married"),
        ("name", "ethnicity", "ethnicity"),
        ("name", "racial_group", "racial"),
        ("name", "is_unmarried", "unmarried"),
        ("case", "religious", "religious"),
        ("case", "national_origin", "national"),
        ("case", "citizen", "citizen"),
        ("name", "religion", "religion"),
        ("name", "nationality", "nationality"),
        ("name", "race_group", "race"),
        ("column", "Income / Sex", "sex"),
        ("column", "MaritalStatus * 2", "marital"),
        ("column", "religion_code", "religion"),
        ("case", "applicantGender", "gender"),
        ("case", "monthly_income / ApplicantSex", "sex"),
        ("case", "ethnic_group + 1", "ethnic"),
        ("case", "NATIONALITY", "nationality"),
        ("case", "citizenship_years", "citizenship"),
    ],
)
def test_a_numeric_feature_reading_a_protected_attribute_is_refused(
    where: str, value: str, word: str
) -> None:
    message = refusal(spec_data(numeric(**{where: value})))
    assert f"({word})" in message
    assert "protected attribute" in message


@pytest.mark.parametrize(
    ("column", "word"),
    [
        ("Marital", "marital"),
        ("marital", "marital"),
        ("Gender", "gender"),
        ("applicant_sex", "sex"),
    ],
)
def test_a_categorical_feature_on_a_protected_column_is_refused(column: str, word: str) -> None:
    data = spec_data(numeric(), categorical(name="household", column=column, case="household"))
    message = refusal(data)
    assert "'household'" in message
    assert f"({word})" in message


def test_a_protected_attribute_in_any_feature_refuses_the_whole_spec() -> None:
    data = spec_data(numeric(), categorical(), numeric(name="odd", case="x / GenderCode"))
    assert "(gender)" in refusal(data)


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("name", "grace_period"),
        ("name", "price"),
        ("name", "terrace_house"),
        ("column", "Amount / Price"),
        ("column", "GracePeriod"),
        ("case", "requested_amount / purchase_price"),
        ("case", "grace_period_months + essex_branch"),
    ],
)
def test_look_alikes_of_protected_words_are_accepted(where: str, value: str) -> None:
    spec = parse_spec(spec_data(numeric(**{where: value})))
    assert getattr(spec.features[0], where) == value


def test_sensitive_columns_may_name_protected_attributes() -> None:
    data = spec_data(numeric())
    data["model"]["sensitive"] = ["Marital", "personal_status_and_sex"]
    assert parse_spec(data).sensitive == ("Marital", "personal_status_and_sex")


# --- expressions ---------------------------------------------------------------------

NOT_ARITHMETIC = [
    "abs(income)",
    "income.real",
    "__import__('os')",
    "'income'",
    "b'income'",
    "income > 1",
    "income == debt",
    "income ** 2",
    "income // 2",
    "income % 3",
    "income if debt else 0",
    "income and debt",
    "[income]",
    "lambda: 1",
    "None",
    "1j",
    "income; debt",
    "",
]


@pytest.mark.parametrize("expression", NOT_ARITHMETIC)
def test_names_in_refuses_anything_but_names_numbers_and_arithmetic(expression: str) -> None:
    with pytest.raises(SpecError, match="arithmetic|names, numbers"):
        names_in(expression)


@pytest.mark.parametrize("where", ["column", "case"])
@pytest.mark.parametrize("expression", NOT_ARITHMETIC[:8])
def test_a_numeric_feature_with_such_an_expression_is_refused(where: str, expression: str) -> None:
    assert repr(expression) in refusal(spec_data(numeric(**{where: expression})))


@st.composite
def expressions(draw: st.DrawFn, depth: int = 3) -> tuple[str, set[str]]:
    """An arithmetic expression and the names it reads."""
    if depth == 0 or draw(st.booleans()):
        if draw(st.booleans()):
            name = draw(st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True))
            assume(not keyword.iskeyword(name))
            return name, {name}
        number = draw(st.one_of(st.integers(0, 1000), st.floats(0, 1e6, allow_nan=False)))
        return repr(number), set()
    left, left_names = draw(expressions(depth - 1))
    right, right_names = draw(expressions(depth - 1))
    op = draw(st.sampled_from("+-*/"))
    text = f"({left} {op} {right})"
    if draw(st.booleans()):
        text = f"-{text}"
    return text, left_names | right_names


@given(expressions())
def test_names_in_gives_exactly_the_names_read(drawn: tuple[str, set[str]]) -> None:
    expression, names = drawn
    assert names_in(expression) == names


# --- the rest of a feature's rules ------------------------------------------------


@pytest.mark.parametrize("categories", [[], ["owner"]])
def test_a_categorical_feature_needs_two_categories(categories: list[str]) -> None:
    raw = categorical(categories=categories, reference=None)
    del raw["reference"]
    assert "at least two categories" in refusal(spec_data(raw))


@pytest.mark.parametrize("monotone", [1, -1])
def test_a_categorical_feature_has_no_monotone_direction(monotone: int) -> None:
    assert "monotone" in refusal(spec_data(categorical(monotone=monotone)))


def test_a_categorical_reference_outside_its_categories_is_refused() -> None:
    message = refusal(spec_data(categorical(reference="castle")))
    assert "'castle'" in message


def test_a_categorical_feature_codes_its_values_in_order_and_unknowns_last() -> None:
    feature = parse_spec(spec_data(categorical())).features[0]
    assert [feature.code(v) for v in ("owner", "rent", "other")] == [0.0, 1.0, 2.0]
    assert feature.code("castle") == feature.code(None) == 2.0
    assert feature.reference == "owner"


@pytest.mark.parametrize("monotone", [2, -2])
def test_monotone_is_minus_one_zero_or_one(monotone: int) -> None:
    assert "monotone" in refusal(spec_data(numeric(monotone=monotone)))


@pytest.mark.parametrize("bounds", [[5, 5], [10, 1], [0, 1, 2]])
def test_a_range_is_low_below_high(bounds: list[int]) -> None:
    assert "range" in refusal(spec_data(numeric(range=bounds)))


def test_an_unknown_feature_type_or_missing_policy_is_refused() -> None:
    assert "numeric or categorical" in refusal(spec_data(numeric(type="ordinal")))
    assert "missing must be one of" in refusal(spec_data(numeric(missing="mean")))


@pytest.mark.parametrize("name", ["DebtToIncome", "1st", "debt-to-income", "x" * 41, ""])
def test_a_feature_name_is_a_short_lower_case_identifier(name: str) -> None:
    assert "lower-case" in refusal(spec_data(numeric(name=name)))


def test_a_feature_listed_twice_is_refused() -> None:
    data = spec_data(numeric(), categorical(), numeric(column="Debt", case="total_debt"))
    message = refusal(data)
    assert "'debt_to_income'" in message
    assert "twice" in message


@pytest.mark.parametrize("key", ["name", "type", "column", "case", "reason_en", "reason_zh"])
def test_a_feature_lacking_a_required_key_is_refused_with_the_key_named(key: str) -> None:
    raw = numeric()
    del raw[key]
    message = refusal(spec_data(categorical(), raw))
    assert repr(key) in message
    assert "feature 2" in message


@pytest.mark.parametrize("key", ["name", "target", "bad"])
def test_a_model_table_lacking_a_required_key_is_refused_with_the_key_named(key: str) -> None:
    data = spec_data(numeric())
    del data["model"][key]
    assert repr(key) in refusal(data)


def test_a_spec_without_a_model_table_or_features_is_refused() -> None:
    assert "'model'" in refusal({"feature": [numeric()]})
    assert "[[feature]]" in refusal(spec_data())


def test_optional_model_keys_are_kept() -> None:
    data = spec_data(numeric())
    data["model"].update(age="Age", sensitive=["Marital"], seed=7)
    spec = parse_spec(data)
    assert (spec.age, spec.sensitive, spec.extra) == ("Age", ("Marital",), {"seed": 7})


def test_a_spec_with_defaults_reads_as_median_no_constraint_and_no_range() -> None:
    raw = numeric()
    for key in ("range", "monotone"):
        del raw[key]
    feature = parse_spec(spec_data(raw)).feature("debt_to_income")
    assert (feature.range, feature.monotone, feature.missing) == (None, 0, Missing.MEDIAN)
    with pytest.raises(KeyError):
        parse_spec(spec_data(raw)).feature("age")


# --- files -------------------------------------------------------------------------


def test_load_spec_reads_what_parse_spec_reads(tmp_path: Path) -> None:
    text = (SPECS / "credit_data.toml").read_text(encoding="utf-8")
    path = tmp_path / "copy.toml"
    path.write_text(text, encoding="utf-8")
    assert load_spec(path) == parse_spec(tomllib.loads(text))


def test_invalid_toml_is_a_spec_error_in_words(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('[model\nname = "x"\n', encoding="utf-8")
    with pytest.raises(SpecError, match="not valid TOML") as caught:
        load_spec(path)
    assert str(path) in str(caught.value)


def test_a_missing_file_is_a_spec_error_in_words(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    with pytest.raises(SpecError, match="cannot read the spec") as caught:
        load_spec(path)
    assert str(path) in str(caught.value)
    assert "No such file" in str(caught.value)


def test_a_valid_toml_file_with_a_bad_spec_is_refused_by_the_spec_rules(tmp_path: Path) -> None:
    path = tmp_path / "protected.toml"
    text = (SPECS / "credit_data.toml").read_text(encoding="utf-8")
    path.write_text(text.replace('column = "Home"', 'column = "Marital"'), encoding="utf-8")
    with pytest.raises(SpecError, match=r"\(marital\)"):
        load_spec(path)


# --- evaluate ------------------------------------------------------------------------


def test_evaluate_division_by_zero_is_nan_only_in_those_rows() -> None:
    values = {"a": np.array([6.0, 1.0, 0.0, -3.0]), "b": np.array([2.0, 0.0, 0.0, 4.0])}
    result = evaluate("a / b", values, 4)
    assert result[0] == 3.0
    assert result[3] == -0.75
    assert np.isnan(result[1:3]).all()


def test_evaluate_a_missing_name_is_nan_for_every_row() -> None:
    result = evaluate("a + absent", {"a": np.array([1.0, 2.0, 3.0])}, 3)
    assert result.shape == (3,)
    assert np.isnan(result).all()


def test_evaluate_a_number_alone_fills_every_row() -> None:
    assert evaluate("-2.5", {}, 3).tolist() == [-2.5, -2.5, -2.5]


@pytest.mark.parametrize("expression", ["abs(a)", "a ** 2", "a > 0"])
def test_evaluate_refuses_what_is_not_arithmetic(expression: str) -> None:
    with pytest.raises(SpecError):
        evaluate(expression, {"a": np.array([1.0])}, 1)


finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False).filter(lambda v: abs(v) > 1e-3)


@given(
    expressions(depth=3),
    st.lists(st.tuples(finite, finite, finite), min_size=1, max_size=6),
)
def test_evaluate_matches_python_arithmetic_row_by_row(
    drawn: tuple[str, set[str]], rows: list[tuple[float, float, float]]
) -> None:
    expression, names = drawn
    columns = {name: np.array([row[i % 3] for row in rows]) for i, name in enumerate(sorted(names))}
    expected = []
    for r in range(len(rows)):
        scope = {name: float(column[r]) for name, column in columns.items()}
        try:
            expected.append(float(eval(expression, {"__builtins__": {}}, scope)))
        except (ZeroDivisionError, OverflowError):
            expected.append(math.nan)
    assume(all(math.isfinite(v) for v in expected))
    result = evaluate(expression, columns, len(rows))
    np.testing.assert_allclose(result, expected, rtol=1e-12, atol=0)


# --- learn_fill and matrix ------------------------------------------------------------


def policy_spec(missing: Missing, bounds: list[float] | None) -> Spec:
    raw = numeric(name="ratio", column="x / y", case="x / y", missing=missing.value)
    if bounds is None:
        del raw["range"]
    else:
        raw["range"] = bounds
    return parse_spec(spec_data(raw, categorical()))


def reference_fill(missing: Missing, train: list[float | None], low: float, high: float) -> float:
    """The fill by hand: the median of the clipped known values, zero or a bound."""
    known = [min(max(v, low), high) for v in train if v is not None]
    return {
        Missing.MEDIAN: statistics.median(known) if known else 0.0,
        Missing.ZERO: 0.0,
        Missing.LOW: low,
        Missing.HIGH: high,
    }[missing]


def as_ratio_columns(values: list[float | None]) -> dict[str, np.ndarray]:
    """Columns x and y whose ratio x / y is each value; None is a zero denominator."""
    x = np.array([1.0 if v is None else v for v in values])
    y = np.array([0.0 if v is None else 1.0 for v in values])
    return {"x": x, "y": y, "Home": np.array(["rent"] * len(values), dtype=object)}


maybe_values = st.lists(
    st.one_of(st.none(), st.floats(-50, 150, allow_nan=False)), min_size=1, max_size=20
)


@given(st.sampled_from(list(Missing)), maybe_values, maybe_values)
def test_matrix_clips_to_the_range_and_fills_missing_values_by_policy(
    missing: Missing, train: list[float | None], case: list[float | None]
) -> None:
    low, high = 0.0, 100.0
    spec = policy_spec(missing, [low, high])
    fill = learn_fill(spec, as_ratio_columns(train), len(train))
    expected_fill = reference_fill(missing, train, low, high)
    assert fill.values["ratio"] == pytest.approx(expected_fill)
    out = matrix(spec, as_ratio_columns(case), len(case), fill, training=True)
    assert out.dtype == np.float32
    assert out.shape == (len(case), 2)
    expected = [expected_fill if v is None else min(max(v, low), high) for v in case]
    np.testing.assert_allclose(out[:, 0], np.array(expected, dtype=np.float32), rtol=1e-6)


def test_low_and_high_without_a_range_fall_back_to_the_median() -> None:
    train: list[float | None] = [1.0, 5.0, None, 9.0]
    for missing in (Missing.LOW, Missing.HIGH, Missing.MEDIAN):
        fill = learn_fill(policy_spec(missing, None), as_ratio_columns(train), len(train))
        assert fill.values["ratio"] == 5.0


def test_matrix_reads_the_case_expressions_when_not_training() -> None:
    data = spec_data(
        numeric(name="ratio", column="Debt / Income", case="debt / income", range=[0, 10]),
        categorical(case="housing"),
    )
    spec = parse_spec(data)
    training = {
        "Debt": np.array([2.0, 40.0]),
        "Income": np.array([4.0, 2.0]),
        "Home": np.array(["other", "owner"], dtype=object),
    }
    fill = learn_fill(spec, training, 2)
    assert fill.values["ratio"] == statistics.median([0.5, 10.0])
    out = matrix(spec, training, 2, fill, training=True)
    assert out.tolist() == [[0.5, 2.0], [10.0, 0.0]]
    case = {"debt": np.array([3.0]), "income": np.array([12.0]), "housing": np.array(["rent"])}
    assert matrix(spec, case, 1, fill, training=False).tolist() == [[0.25, 1.0]]
    # the training names mean nothing in a case: every input is missing
    assert matrix(spec, training, 2, fill, training=False).tolist() == [[5.25, 2.0]] * 2


@pytest.mark.parametrize("value", ["castle", None, "Owner", 3])
def test_matrix_codes_an_unknown_or_missing_category_as_the_last(value: object) -> None:
    spec = parse_spec(spec_data(numeric(), categorical()))
    values = {
        "total_debt": np.array([1.0, 1.0]),
        "monthly_income": np.array([1.0, 1.0]),
        "home": np.array(["rent", value], dtype=object),
    }
    fill = learn_fill(spec, {"Debt": np.array([1.0]), "Income": np.array([1.0])}, 1)
    out = matrix(spec, values, 2, fill, training=False)
    last = len(spec.feature("home").categories) - 1
    assert out[:, 1].tolist() == [1.0, float(last)]


def test_matrix_codes_an_absent_categorical_input_as_the_last() -> None:
    spec = parse_spec(spec_data(categorical()))
    out = matrix(spec, {}, 3, learn_fill(spec, {}, 0), training=False)
    assert out[:, 0].tolist() == [2.0, 2.0, 2.0]


def test_spec_data_helpers_are_valid_as_they_stand() -> None:
    spec = parse_spec(spec_data(numeric(), categorical()))
    assert spec.names == ("debt_to_income", "home")
    assert spec.bad == ("bad",)
    # parse_spec reads its input and leaves it as it was
    data = spec_data(numeric())
    before = deepcopy(data)
    parse_spec(data)
    assert data == before


@pytest.mark.parametrize("value", ["racetrack", "sextant", "grace_period"])
def test_words_that_only_contain_a_protected_word_are_accepted(value: str) -> None:
    assert parse_spec(spec_data(numeric(case=value))).features[0].case == value


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"monotone": "up"}, "wrong kind"),
        ({"range": ["a", 1]}, "wrong kind"),
        ({"range": 5}, "wrong kind"),
        ({"reference": "ten"}, "reference of a numeric feature is a number"),
        ({"name": "age\n"}, "lower-case letters"),
    ],
)
def test_values_of_the_wrong_kind_are_refused_in_words(
    change: dict[str, object], said: str
) -> None:
    assert said in refusal(spec_data(numeric(**change)))


def test_a_feature_that_is_not_a_table_is_refused() -> None:
    data = spec_data(numeric())
    data["feature"] = [1]
    assert "not a table" in refusal(data)


def test_one_bad_value_may_be_written_without_a_list() -> None:
    data = spec_data(numeric())
    data["model"]["bad"] = "bad"
    assert parse_spec(data).bad == ("bad",)


def test_a_feature_may_not_take_the_name_of_the_score() -> None:
    assert "kept for the model's own score" in refusal(spec_data(numeric(name="score")))
