"""clean_patch: only real changes survive, blanks clear, cross-field rules hold."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.applicant import FIELD_BY_NAME, clean_patch
from app.errors import InvalidInput
from tests.domain.samples import KNOWN_ID, TODAY, applicant, id_number
from tests.domain.strategies import applicant_patches, birth_dates, loan_patches


def _problems(patch: dict[str, Any], current: dict[str, Any] | None = None) -> dict[str, list[str]]:
    with pytest.raises(InvalidInput) as caught:
        clean_patch(patch, current=current or {}, today=TODAY)
    return {field: [code for code, _ in items] for field, items in caught.value.problems.items()}


def test_a_full_applicant_is_normalised() -> None:
    cleaned = clean_patch(applicant(), current={}, today=TODAY)
    assert cleaned["phone"] == "13912345678"
    assert cleaned["monthly_income"] == {"amount": "18500.00", "currency": "CNY"}
    assert cleaned["requested_amount"] == {"amount": "250000.00", "currency": "CNY"}
    assert cleaned["term_months"] == 36
    assert set(cleaned) == set(applicant())


def test_unchanged_values_drop_out_even_when_typed_differently() -> None:
    current = clean_patch(applicant(), current={}, today=TODAY)
    retyped = {
        "full_name": "  欧阳娜娜   Ouyang Nana ",
        "phone": "+86 139-1234-5678",
        "monthly_income": "18500",
        "requested_amount": "250,000.00",
        "term_months": "36",
        "id_number": current["id_number"].lower(),  # type: ignore[union-attr]
    }
    assert clean_patch(retyped, current=current, today=TODAY) == {}
    assert clean_patch({**retyped, "term_months": 48}, current=current, today=TODAY) == {
        "term_months": 48
    }


def test_a_blank_clears_a_field_and_is_a_no_op_on_an_empty_one() -> None:
    current = {"phone": "13912345678", "address": "somewhere"}
    assert clean_patch({"phone": "   ", "address": None}, current=current, today=TODAY) == {
        "phone": None,
        "address": None,
    }
    assert clean_patch({"employer": ""}, current=current, today=TODAY) == {}


def test_the_birth_date_must_match_the_id_number() -> None:
    assert clean_patch(
        {"id_number": KNOWN_ID, "date_of_birth": "1949-12-31"}, current={}, today=TODAY
    ) == {"id_number": KNOWN_ID, "date_of_birth": "1949-12-31"}
    assert _problems({"id_number": KNOWN_ID, "date_of_birth": "1950-01-01"}) == {
        "date_of_birth": ["dob.mismatch"]
    }


def test_a_new_id_number_must_match_the_birth_date_already_on_the_case() -> None:
    current = {"date_of_birth": "1949-12-31", "id_number": KNOWN_ID}
    other = id_number(date(1980, 5, 17))
    assert _problems({"id_number": other}, current) == {"id_number": ["dob.mismatch"]}
    matching = id_number(date(1949, 12, 31), region="440305", seq=5)
    assert clean_patch({"id_number": matching}, current=current, today=TODAY) == {
        "id_number": matching
    }


def test_every_problem_is_named_at_once() -> None:
    problems = _problems(
        {
            "salary": "1",
            "phone": "12",
            "term_months": 0,
            "product": "mortgage",
            "monthly_income": "-1",
            "requested_amount": "0",
            "employed_since": "2030-01-01",
        }
    )
    assert problems == {
        "salary": ["field.unknown"],
        "phone": ["phone.format"],
        "term_months": ["int.range"],
        "product": ["choice.unknown"],
        "monthly_income": ["money.negative"],
        "requested_amount": ["money.positive"],
        "employed_since": ["date.future"],
    }


@pytest.mark.parametrize(
    ("patch", "code"),
    [
        ({"term_months": "--5"}, "int.format"),
        ({"term_months": "²"}, "int.format"),
        ({"term_months": True}, "int.format"),
        ({"term_months": 1.5}, "int.format"),
        ({"monthly_income": 1200.5}, "money.format"),
        ({"monthly_income": {"amount": "1", "currency": ["CNY"]}}, "money.format"),
        ({"full_name": 42}, "text.type"),
        ({"full_name": "x" * 10_000_000}, "text.length"),
    ],
)
def test_malformed_values_are_refused_as_input(patch: dict[str, Any], code: str) -> None:
    ((field, codes),) = _problems(patch).items()
    assert codes == [code]


junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(
        st.sampled_from(["amount", "currency", "x"]), st.text(max_size=5) | st.integers()
    ),
)


@given(st.dictionaries(st.sampled_from(sorted(FIELD_BY_NAME) + ["nope"]), junk, max_size=5))
def test_any_input_is_either_cleaned_or_refused_as_invalid_input(patch: dict[str, Any]) -> None:
    outcome: dict[str, Any] | InvalidInput
    try:
        outcome = clean_patch(patch, current={}, today=TODAY)
    except InvalidInput as exc:
        outcome = exc
    if isinstance(outcome, InvalidInput):
        assert outcome.problems
    else:
        assert set(outcome) <= set(patch)


@given(birth_dates.flatmap(applicant_patches), loan_patches())
def test_cleaning_is_idempotent(person: dict[str, Any], loan: dict[str, Any]) -> None:
    cleaned = clean_patch({**person, **loan}, current={}, today=TODAY)
    assert clean_patch(cleaned, current={}, today=TODAY) == cleaned
    assert clean_patch(cleaned, current=cleaned, today=TODAY) == {}
