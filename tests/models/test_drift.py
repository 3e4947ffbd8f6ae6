"""Drift: PSI of the score and features against the baseline a model carries."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.artifact import Metadata, Scaling
from models.drift import (
    MIN_CASES,
    Band,
    DriftError,
    DriftReport,
    Observation,
    band,
    drift,
    format_report,
)
from models.spec import parse_spec
from models.train import Trained, train
from tests.conftest import REPO
from tests.models.history import write_history

STARTER_SPEC = REPO / "models" / "specs" / "credit_data.toml"

# Three features, listed in an order that is neither alphabetical nor the baseline's.
SPEC = """
[model]
name = "tiny"
target = "Status"
bad = ["bad"]

[[feature]]
name = "income_ratio"
type = "numeric"
column = "Income"
case = "income"
reason_en = "x"
reason_zh = "x"

[[feature]]
name = "home"
type = "categorical"
column = "Home"
case = "home"
categories = ["owner", "rent", "other"]
reason_en = "x"
reason_zh = "x"

[[feature]]
name = "age"
type = "numeric"
column = "Age"
case = "age"
reason_en = "x"
reason_zh = "x"
"""
ORDER = ["score", "income_ratio", "home", "age"]
#: baseline bins by name: (inner edges, training shares); categorical edges are k + 0.5
BINS: dict[str, tuple[list[float], list[float]]] = {
    "age": ([30.0, 45.0], [0.3, 0.4, 0.3]),
    "home": ([0.5, 1.5], [0.5, 0.3, 0.2]),
    "income_ratio": ([0.2, 0.4, 0.6], [0.1, 0.3, 0.4, 0.2]),
    "score": ([550.0, 600.0, 650.0], [0.2, 0.3, 0.3, 0.2]),
}
FLOOR = 1e-4  # the share an empty bin counts as, so that its log is finite


def tiny_metadata(baseline: Mapping[str, tuple[list[float], list[float]]] = BINS) -> Metadata:
    return Metadata(
        model_id="tiny-20250101000000",
        version="2025.01.01.0000",
        kind="lightgbm",
        spec_toml=SPEC,
        fill={"income_ratio": 0.3, "age": 40.0},
        calibration=(1.0, 0.0),
        scaling=Scaling(600, 20, 40),
        grades=(0.1, 0.2, 0.3, 0.45),
        data={},
        metrics={},
        baseline={k: {"edges": e, "shares": s} for k, (e, s) in baseline.items()},
        trained_at="2025-01-01T00:00:00+00:00",
    )


def draw(rng: np.random.Generator, edges: list[float], shares: list[float], n: int) -> np.ndarray:
    """Values whose bins follow ``shares``: a bin by its share, then a point inside it."""
    bins = rng.choice(len(shares), size=n, p=shares)
    bounds = [edges[0] - 10.0, *edges, edges[-1] + 10.0]
    low = np.array(bounds)[bins]
    high = np.array(bounds)[bins + 1]
    # strictly inside, so no value sits on an edge
    return np.asarray(low + (high - low) * rng.uniform(0.01, 0.99, n))


def from_baseline(n: int, seed: int = 0) -> list[Observation]:
    rng = np.random.default_rng(seed)
    columns = {name: draw(rng, *BINS[name], n) for name in BINS}
    return [
        ({name: float(columns[name][i]) for name in ORDER[1:]}, float(columns["score"][i]))
        for i in range(n)
    ]


def brute_shares(values: list[float], edges: list[float]) -> list[float]:
    """A value belongs to the bin after every edge at or below it."""
    counts = [0] * (len(edges) + 1)
    for v in values:
        counts[sum(e <= v for e in edges)] += 1
    return [c / len(values) for c in counts]


def brute_psi(expected: list[float], actual: list[float]) -> float:
    total = 0.0
    for e, a in zip(expected, actual, strict=True):
        e, a = max(e, FLOOR), max(a, FLOOR)
        total += (a - e) * math.log(a / e)
    return total


# --- bands ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("psi", "expected"),
    [
        (0.0, Band.STABLE),
        (0.0999, Band.STABLE),
        (0.10, Band.WATCH),
        (0.17, Band.WATCH),
        (0.25, Band.WATCH),
        (0.2501, Band.ACT),
        (4.0, Band.ACT),
    ],
)
def test_band_boundaries_count_both_ends_as_watch(psi: float, expected: Band) -> None:
    assert band(psi) is expected


def test_a_nan_psi_has_no_band() -> None:
    with pytest.raises(ValueError, match="NaN"):
        band(math.nan)


# --- PSI against the baseline --------------------------------------------------------


def test_cases_drawn_from_the_baseline_itself_are_stable() -> None:
    report = drift(tiny_metadata(), from_baseline(5000))
    assert report.cases == 5000
    assert not report.too_few
    for row in report.rows:
        assert row.count == 5000
        assert list(row.expected) == BINS[row.name][1]
        # 5,000 cases put each share within about 0.007 (one standard error) of its own
        assert row.actual == pytest.approx(row.expected, abs=0.03)
        assert row.psi is not None
        assert row.psi < 0.02
        assert row.band is Band.STABLE


def test_cases_all_in_the_top_bin_call_for_action_with_the_psi_by_hand() -> None:
    cases = [({**f, "age": 70.0}, s) for f, s in from_baseline(400)]
    report = drift(tiny_metadata(), cases)
    age = report.row("age")
    # training shares 0.3, 0.4, 0.3; every case in the last bin; empty bins count as 1e-4
    by_hand = (
        (1e-4 - 0.3) * math.log(1e-4 / 0.3)
        + (1e-4 - 0.4) * math.log(1e-4 / 0.4)
        + (1.0 - 0.3) * math.log(1.0 / 0.3)
    )
    assert age.psi == pytest.approx(by_hand, rel=1e-12)
    assert age.band is Band.ACT
    assert age.actual == (0.0, 0.0, 1.0)
    # the rest of the cases still follow the baseline
    others = [r for r in report.rows if r.name != "age"]
    assert [r.band for r in others] == [Band.STABLE] * 3


def test_a_categorical_shift_is_measured_between_its_codes() -> None:
    # half the cases rent (code 1), half another home (code 2); the training had 0.5 owners
    cases = [({**f, "home": float(1 + i % 2)}, s) for i, (f, s) in enumerate(from_baseline(200))]
    home = drift(tiny_metadata(), cases).row("home")
    assert home.actual == (0.0, 0.5, 0.5)
    by_hand = (
        (1e-4 - 0.5) * math.log(1e-4 / 0.5)
        + (0.5 - 0.3) * math.log(0.5 / 0.3)
        + (0.5 - 0.2) * math.log(0.5 / 0.2)
    )
    assert home.psi == pytest.approx(by_hand, rel=1e-12)
    assert home.band is Band.ACT


ages = st.one_of(st.integers(0, 80).map(float), st.sampled_from([30.0, 45.0]))


@given(st.lists(ages, min_size=1, max_size=80))
def test_the_psi_matches_a_direct_count_of_the_bins(values: list[float]) -> None:
    cases = [({"age": v}, 600.0) for v in values]
    age = drift(tiny_metadata(), cases).row("age")
    edges, expected = BINS["age"]
    actual = brute_shares(values, edges)
    assert age.count == len(values)
    assert list(age.actual) == pytest.approx(actual)
    assert age.psi == pytest.approx(brute_psi(expected, actual), rel=1e-9, abs=1e-12)


def test_a_case_without_a_feature_is_left_out_of_that_feature_alone() -> None:
    cases: list[Observation] = [({"age": 20.0}, 560.0), ({"age": math.nan}, 570.0), ({}, 580.0)]
    report = drift(tiny_metadata(), cases)
    assert report.cases == 3
    assert report.row("score").count == 3
    assert report.row("age").count == 1
    assert report.row("age").actual == (1.0, 0.0, 0.0)  # not zero-filled into the first bins
    assert report.row("income_ratio").count == 0
    assert report.row("income_ratio").psi is None


# --- the report ----------------------------------------------------------------------


def test_rows_are_the_score_then_the_features_in_spec_order() -> None:
    # the stored metadata's keys come back sorted; the spec decides the order
    shuffled = {name: BINS[name] for name in ("home", "score", "age", "income_ratio")}
    report = drift(tiny_metadata(shuffled), from_baseline(50))
    assert [r.name for r in report.rows] == ORDER
    assert report.model_id == "tiny-20250101000000"


@pytest.mark.parametrize(("cases", "too_few"), [(MIN_CASES - 1, True), (MIN_CASES, False)])
def test_too_few_cases_are_flagged_but_still_measured(cases: int, too_few: bool) -> None:
    assert MIN_CASES == 30
    report = drift(tiny_metadata(), from_baseline(cases))
    assert report.too_few is too_few
    assert all(r.psi is not None and r.count == cases for r in report.rows)


def test_the_minimum_can_be_raised() -> None:
    report = drift(tiny_metadata(), from_baseline(100), minimum=500)
    assert report.too_few
    assert report.minimum == 500


def test_no_cases_give_no_psi_rather_than_a_huge_one() -> None:
    report = drift(tiny_metadata(), [])
    assert report.cases == 0
    assert report.too_few
    assert [r.name for r in report.rows] == ORDER
    for row in report.rows:
        assert (row.psi, row.band, row.count) == (None, None, 0)
        assert sum(row.actual) == 0
    text = format_report(report)
    assert "0 cases" in text.splitlines()[0]
    assert "Warning" in text


def test_the_table_names_every_row_with_its_psi_band_and_count() -> None:
    cases = [({**f, "age": 70.0}, s) for f, s in from_baseline(120)]
    report = drift(tiny_metadata(), cases)
    lines = format_report(report).splitlines()
    assert "tiny-20250101000000" in lines[0]
    assert "120 cases" in lines[0]
    assert not any("Warning" in line for line in lines)
    body = {line.split()[0]: line.split() for line in lines[2:]}
    assert list(body) == ORDER
    for row in report.rows:
        assert row.psi is not None
        name, psi, word, count = body[row.name]
        assert float(psi) == pytest.approx(row.psi, abs=5e-4)
        assert len(psi.split(".")[1]) == 3
        assert word == ("act" if row.name == "age" else "stable")
        assert int(count) == 120


def test_the_table_warns_when_there_are_few_cases() -> None:
    text = format_report(drift(tiny_metadata(), from_baseline(12)))
    warning = [line for line in text.splitlines() if "Warning" in line]
    assert len(warning) == 1
    assert "12" in warning[0]
    assert str(MIN_CASES) in warning[0]


def test_a_model_without_a_baseline_for_a_feature_is_refused_in_words() -> None:
    partial = {k: v for k, v in BINS.items() if k != "home"}
    with pytest.raises(DriftError, match="no baseline for home"):
        drift(tiny_metadata(partial), from_baseline(10))


def test_a_baseline_with_the_wrong_number_of_shares_is_refused() -> None:
    broken = {**BINS, "age": ([30.0, 45.0], [0.5, 0.5])}
    with pytest.raises(DriftError, match="age has 2 shares for 2 edges"):
        drift(tiny_metadata(broken), from_baseline(10))


def test_a_feature_named_score_is_refused_as_its_baseline_is_ambiguous() -> None:
    clash = tiny_metadata()
    spec = clash.spec_toml.replace('name = "age"', 'name = "score"')
    # the spec keeps the name for the score, so such a model never reads as drift-free
    with pytest.raises(DriftError, match="kept for the model's own score"):
        drift(replace(clash, spec_toml=spec), from_baseline(10))


# --- a trained model ---------------------------------------------------------------


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Trained:
    root: Path = tmp_path_factory.mktemp("drift")
    return train(write_history(root / "history.csv", rows=3000), STARTER_SPEC, root / "model")


def _held_out(trained: Trained) -> list[Observation]:
    names = parse_spec(tomllib.loads(trained.metadata.spec_toml)).names
    scores = trained.metadata.scaling.scores(trained.champion.pd_test)
    return [
        ({n: float(v) for n, v in zip(names, row, strict=True)}, float(score))
        for row, score in zip(trained.x_test, scores, strict=True)
    ]


def test_a_trained_models_held_out_loans_are_stable_against_its_baseline(
    trained: Trained,
) -> None:
    # as stored in the file: JSON with sorted keys
    metadata = Metadata.from_json(trained.metadata.to_json())
    cases = _held_out(trained)
    report = drift(metadata, cases)
    spec = parse_spec(tomllib.loads(STARTER_SPEC.read_text(encoding="utf-8")))
    assert [r.name for r in report.rows] == ["score", *spec.names]
    assert report.cases == len(cases) == len(trained.y_test)
    # 600 held-out loans against 1,800 training loans: sampling alone keeps PSI well below 0.10
    assert all(r.band is Band.STABLE for r in report.rows), format_report(report)


def test_a_trained_model_sees_a_shift_in_one_ratio(trained: Trained) -> None:
    cases = [({**f, "debt_to_income": 100.0}, s) for f, s in _held_out(trained)]
    report: DriftReport = drift(trained.metadata, cases)
    debt = report.row("debt_to_income")
    assert debt.band is Band.ACT
    expected = list(debt.expected)
    assert debt.psi == pytest.approx(brute_psi(expected, [0.0] * (len(expected) - 1) + [1.0]))
    assert all(r.band is Band.STABLE for r in report.rows if r.name != "debt_to_income")
