"""Model measures checked against sklearn, brute force and hand arithmetic."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from sklearn.metrics import brier_score_loss, roc_auc_score

from models.metrics import auc, bin_edges, brier, calibration_table, confusion, ks, psi, shares

#: (bad?, predicted default) pairs with at least one bad and one good loan
Loans = list[tuple[bool, float]]


def loans(pd: st.SearchStrategy[float]) -> st.SearchStrategy[Loans]:
    return st.lists(st.tuples(st.booleans(), pd), min_size=2, max_size=60).filter(
        lambda rows: len({bad for bad, _ in rows}) == 2
    )


continuous = st.floats(0, 1, allow_nan=False)
#: few distinct values, so most predictions tie
coarse = st.integers(0, 4).map(lambda k: k / 4)
either = st.one_of(loans(continuous), loans(coarse))


def arrays(rows: Loans) -> tuple[np.ndarray, np.ndarray]:
    return np.array([bad for bad, _ in rows]), np.array([pd for _, pd in rows])


# --- AUC -------------------------------------------------------------------------------


@given(either)
def test_auc_matches_sklearn(rows: Loans) -> None:
    y, pd = arrays(rows)
    assert auc(y, pd) == pytest.approx(roc_auc_score(y, pd), abs=1e-12)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("distinct", [None, 7])
def test_auc_matches_sklearn_on_large_random_samples(seed: int, distinct: int | None) -> None:
    rng = np.random.default_rng(seed)
    y = rng.random(5000) < 0.3
    pd = np.clip(rng.normal(0.3 + 0.2 * y, 0.15), 0, 1)
    if distinct is not None:
        pd = np.round(pd * distinct) / distinct
        assert np.unique(pd).size <= distinct + 1
    assert auc(y.astype(int), pd) == pytest.approx(roc_auc_score(y, pd), abs=1e-12)


def test_auc_is_one_when_every_bad_loan_ranks_above_every_good_one() -> None:
    assert auc(np.array([0, 0, 1, 1]), np.array([0.1, 0.2, 0.3, 0.9])) == 1.0
    assert auc(np.array([1, 1, 0, 0]), np.array([0.1, 0.2, 0.3, 0.9])) == 0.0
    assert auc(np.array([1, 0, 1, 0]), np.array([0.5, 0.5, 0.5, 0.5])) == 0.5


@pytest.mark.parametrize("y", [[1, 1, 1], [0, 0, 0], []])
def test_auc_needs_both_classes(y: list[int]) -> None:
    with pytest.raises(ValueError, match="both good and bad"):
        auc(np.array(y, dtype=int), np.linspace(0, 1, len(y)))


# --- KS --------------------------------------------------------------------------------


def brute_ks(rows: Loans) -> float:
    """The largest gap between the two cumulative shares, over every threshold."""
    bads = [pd for bad, pd in rows if bad]
    goods = [pd for bad, pd in rows if not bad]
    gaps = [
        abs(sum(p <= t for p in bads) / len(bads) - sum(p <= t for p in goods) / len(goods))
        for t in [-math.inf] + [pd for _, pd in rows]
    ]
    return max(gaps)


@given(either)
def test_ks_matches_a_brute_force_search_over_thresholds(rows: Loans) -> None:
    y, pd = arrays(rows)
    assert ks(y, pd) == pytest.approx(brute_ks(rows), abs=1e-12)


def test_ks_is_one_for_a_perfect_split_and_zero_for_identical_distributions() -> None:
    assert ks(np.array([0, 0, 1, 1]), np.array([0.1, 0.2, 0.3, 0.4])) == 1.0
    assert ks(np.array([0, 1, 0, 1]), np.array([0.1, 0.1, 0.4, 0.4])) == 0.0


# --- Brier ------------------------------------------------------------------------------


def test_brier_by_hand() -> None:
    # squared errors 0.01, 0.04, 0.36 and 0, over four loans
    y = np.array([1, 0, 1, 0])
    pd = np.array([0.9, 0.2, 0.4, 0.0])
    assert brier(y, pd) == pytest.approx(0.41 / 4)


@given(either)
def test_brier_matches_sklearn(rows: Loans) -> None:
    y, pd = arrays(rows)
    assert brier(y.astype(int), pd) == pytest.approx(brier_score_loss(y, pd), abs=1e-12)


# --- calibration -------------------------------------------------------------------------


@given(either, st.integers(1, 12))
def test_calibration_bins_hold_near_equal_counts_lowest_pd_first(rows: Loans, bins: int) -> None:
    y, pd = arrays(rows)
    table = calibration_table(y.astype(int), pd, bins)
    counts = [row["count"] for row in table]
    assert len(table) == min(bins, len(rows))
    assert sum(counts) == len(rows)
    assert max(counts) - min(counts) <= 1
    predicted = [row["predicted"] for row in table]
    # a mean of equal predictions may differ from them in the last bit
    assert all(b >= a - 1e-12 for a, b in zip(predicted, predicted[1:], strict=False))
    # together the bins hold every loan's prediction and outcome
    assert sum(r["count"] * r["predicted"] for r in table) == pytest.approx(pd.sum())
    assert sum(r["count"] * r["observed"] for r in table) == pytest.approx(y.sum())
    assert all(0 <= r["observed"] <= 1 for r in table)


def test_calibration_bins_split_the_sorted_predictions() -> None:
    pd = np.array([0.9, 0.1, 0.5, 0.3, 0.7, 0.2])
    y = np.array([1, 0, 1, 0, 0, 1])
    table = calibration_table(y, pd, bins=3)
    # sorted: 0.1 (0), 0.2 (1) | 0.3 (0), 0.5 (1) | 0.7 (0), 0.9 (1)
    assert [r["predicted"] for r in table] == pytest.approx([0.15, 0.4, 0.8])
    assert [r["observed"] for r in table] == [0.5, 0.5, 0.5]


# --- confusion ----------------------------------------------------------------------------


@given(either, st.data())
def test_confusion_matches_a_direct_count(rows: Loans, data: st.DataObject) -> None:
    y, pd = arrays(rows)
    # a cut-off often equal to a prediction, where "at or above" matters
    cutoff = data.draw(st.one_of(st.sampled_from([p for _, p in rows]), continuous))
    expected = {"approved_good": 0, "approved_bad": 0, "declined_good": 0, "declined_bad": 0}
    for bad, p in rows:
        expected[("declined_" if p >= cutoff else "approved_") + ("bad" if bad else "good")] += 1
    counts = confusion(y.astype(int), pd, cutoff)
    assert counts == expected
    assert sum(counts.values()) == len(rows)


def test_confusion_declines_a_pd_equal_to_the_cutoff() -> None:
    counts = confusion(np.array([1, 0]), np.array([0.2, 0.2]), 0.2)
    assert counts["declined_bad"] == counts["declined_good"] == 1


# --- bins, shares, PSI ---------------------------------------------------------------------


@pytest.mark.parametrize("bins", [4, 10, 20])
def test_bin_edges_cut_continuous_data_into_about_equal_counts(bins: int) -> None:
    values = np.random.default_rng(bins).lognormal(size=20_000)
    edges = bin_edges(values, bins)
    assert len(edges) == bins - 1
    assert edges == sorted(set(edges))
    for share in shares(values, edges):
        assert share == pytest.approx(1 / bins, abs=0.001)


def test_bin_edges_merge_duplicate_edges_of_discrete_data() -> None:
    values = np.array([1.0] * 70 + [2.0] * 20 + [3.0] * 10)
    edges = bin_edges(values, 10)
    assert edges == sorted(set(edges))
    assert len(edges) < 9
    # each distinct value keeps a bin of its own: none is split, none shares one
    found = shares(values, edges)
    assert sorted(s for s in found if s) == pytest.approx([0.1, 0.2, 0.7])


def test_bin_edges_ignore_values_that_are_not_finite() -> None:
    values = np.array([np.nan, np.inf, -np.inf, 1.0, 2.0, 3.0, 4.0])
    assert bin_edges(values, 2) == bin_edges(values[np.isfinite(values)], 2) == [2.5]
    assert bin_edges(np.array([np.nan, np.inf]), 4) == []


def brute_shares(values: list[float], edges: list[float]) -> list[float]:
    """A value belongs to the bin after every edge at or below it."""
    counts = [0] * (len(edges) + 1)
    for v in values:
        counts[sum(e <= v for e in edges)] += 1
    return [c / len(values) for c in counts]


@given(
    st.lists(st.integers(-5, 5).map(float), min_size=1, max_size=50),
    st.lists(st.integers(-6, 6).map(lambda e: e + 0.0), max_size=6, unique=True).map(sorted),
)
def test_shares_match_a_direct_count(values: list[float], edges: list[float]) -> None:
    found = shares(np.array(values), edges)
    assert found == pytest.approx(brute_shares(values, edges))
    assert sum(found) == pytest.approx(1.0)


def test_psi_by_hand() -> None:
    # (0.25 - 0.5) ln(0.5) + (0.75 - 0.5) ln(1.5) = 0.25 ln 3
    assert psi([0.5, 0.5], [0.25, 0.75]) == pytest.approx(0.25 * math.log(3))


weights = st.floats(0, 1, allow_nan=False)
distributions = st.lists(weights, min_size=2, max_size=10).filter(lambda w: sum(w) > 0.1)


@given(distributions)
def test_psi_is_zero_for_identical_distributions(weights: list[float]) -> None:
    share = [w / sum(weights) for w in weights]
    assert psi(share, share) == 0.0


pairs = st.lists(st.tuples(weights, weights), min_size=2, max_size=10).filter(
    lambda rows: min(sum(a for a, _ in rows), sum(b for _, b in rows)) > 0.1
)


@given(pairs)
def test_psi_is_positive_for_different_distributions(rows: list[tuple[float, float]]) -> None:
    expected = [a / sum(a for a, _ in rows) for a, _ in rows]
    actual = [b / sum(b for _, b in rows) for _, b in rows]
    assume(max(abs(x - y) for x, y in zip(expected, actual, strict=True)) > 1e-3)
    assert psi(expected, actual) > 0


def test_psi_survives_an_empty_bin() -> None:
    value = psi([0.5, 0.5, 0.0], [0.4, 0.4, 0.2])
    assert math.isfinite(value)
    assert value > psi([0.5, 0.5, 0.0], [0.5, 0.5, 0.0]) == 0.0


def test_psi_of_a_shifted_population_exceeds_that_of_a_resample() -> None:
    rng = np.random.default_rng(11)
    base = rng.normal(size=10_000)
    edges = bin_edges(base)
    same = psi(shares(base, edges), shares(rng.normal(size=10_000), edges))
    moved = psi(shares(base, edges), shares(rng.normal(0.5, size=10_000), edges))
    assert same < 0.01 < 0.1 < moved


def test_ks_needs_both_outcomes() -> None:
    with pytest.raises(ValueError, match="both good and bad"):
        ks(np.array([0, 0, 0]), np.array([0.1, 0.2, 0.3]))


def test_shares_leave_missing_values_out_as_the_edges_do() -> None:
    assert shares(np.array([1.0, 2.0, np.nan, np.nan]), [1.5]) == [0.5, 0.5]


def test_a_loan_without_a_pd_is_never_approved() -> None:
    counted = confusion(np.array([1, 0]), np.array([np.nan, 0.1]), 0.5)
    assert counted == {"approved_good": 1, "approved_bad": 0, "declined_good": 0, "declined_bad": 1}
