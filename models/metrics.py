"""Measures of a risk model, in numpy alone so the workstation can use them too.

``y`` is 1 for a bad loan, ``pd`` the predicted probability of default.
"""

from __future__ import annotations

import numpy as np


def auc(y: np.ndarray, pd: np.ndarray) -> float:
    """Area under the ROC curve, ties counted half (the Mann-Whitney statistic)."""
    y = np.asarray(y, dtype=bool)
    bad, good = int(y.sum()), int((~y).sum())
    if not bad or not good:
        raise ValueError("AUC needs both good and bad loans")
    order = np.argsort(pd, kind="mergesort")
    ranks = np.empty(len(pd), dtype=np.float64)
    sorted_pd = np.asarray(pd)[order]
    # average ranks over ties
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_pd)) + 1]
    ends = np.r_[starts[1:], len(pd)]
    for start, end in zip(starts, ends, strict=True):
        ranks[order[start:end]] = (start + end + 1) / 2
    return float((ranks[y].sum() - bad * (bad + 1) / 2) / (bad * good))


def roc_curve(y: np.ndarray, pd: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """False- and true-positive rates (good loans declined, bad ones caught) at every cut-off."""
    order = np.argsort(-np.asarray(pd), kind="mergesort")
    hits = np.asarray(y, dtype=np.float64)[order]
    tpr = np.r_[0.0, np.cumsum(hits) / max(1.0, hits.sum())]
    fpr = np.r_[0.0, np.cumsum(1 - hits) / max(1.0, (1 - hits).sum())]
    return fpr, tpr


def roc_points(y: np.ndarray, pd: np.ndarray, points: int = 101) -> dict[str, list[float]]:
    """The ROC curve thinned to about ``points`` points, both ends kept, for drawing."""
    fpr, tpr = roc_curve(y, pd)
    keep = np.unique(np.linspace(0, len(fpr) - 1, points).round().astype(int))
    return {"fpr": [float(v) for v in fpr[keep]], "tpr": [float(v) for v in tpr[keep]]}


def ks(y: np.ndarray, pd: np.ndarray) -> float:
    """Largest gap between the bad and good cumulative distributions of the PD."""
    y = np.asarray(y, dtype=bool)
    if y.all() or not y.any():
        raise ValueError("KS needs both good and bad loans")
    cuts = np.unique(pd)
    bad = np.searchsorted(np.sort(pd[y]), cuts, side="right") / max(1, y.sum())
    good = np.searchsorted(np.sort(pd[~y]), cuts, side="right") / max(1, (~y).sum())
    return float(np.max(np.abs(bad - good)))


def brier(y: np.ndarray, pd: np.ndarray) -> float:
    return float(np.mean((np.asarray(pd, dtype=np.float64) - y) ** 2))


def calibration_table(y: np.ndarray, pd: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    """Predicted against observed default rate in bins of equal count, lowest PD first."""
    order = np.argsort(pd, kind="mergesort")
    rows = []
    for part in np.array_split(order, bins):
        if part.size:
            rows.append(
                {
                    "count": float(part.size),
                    "predicted": float(np.mean(pd[part])),
                    "observed": float(np.mean(y[part])),
                }
            )
    return rows


def confusion(y: np.ndarray, pd: np.ndarray, cutoff: float) -> dict[str, int]:
    """Loans declined (PD at or above the cut-off) or approved, against what they turned out.

    A loan without a PD (NaN) counts as declined: nothing unscored is approved.
    """
    pd = np.asarray(pd, dtype=np.float64)
    declined = (pd >= cutoff) | np.isnan(pd)
    bad = np.asarray(y, dtype=bool)
    return {
        "approved_good": int((~declined & ~bad).sum()),
        "approved_bad": int((~declined & bad).sum()),
        "declined_good": int((declined & ~bad).sum()),
        "declined_bad": int((declined & bad).sum()),
    }


def bin_edges(values: np.ndarray, bins: int = 10) -> list[float]:
    """Inner edges of up to ``bins`` bins of about equal count (duplicates merged)."""
    finite = np.asarray(values, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return []
    edges = np.unique(np.quantile(finite, np.linspace(0, 1, bins + 1)[1:-1]))
    return [float(e) for e in edges]


def shares(values: np.ndarray, edges: list[float]) -> list[float]:
    """Share of values in each bin the inner edges make (a value on an edge goes right).

    Missing values (NaN) are left out, as bin_edges leaves them out.
    """
    known = np.asarray(values, dtype=np.float64)
    known = known[~np.isnan(known)]
    counts = np.bincount(
        np.searchsorted(np.asarray(edges), known, side="right"),
        minlength=len(edges) + 1,
    )
    return [float(c) for c in counts / max(1, counts.sum())]


def psi(expected: list[float], actual: list[float], floor: float = 1e-4) -> float:
    """Population stability index between two binned distributions."""
    e = np.maximum(np.asarray(expected, dtype=np.float64), floor)
    a = np.maximum(np.asarray(actual, dtype=np.float64), floor)
    return float(np.sum((a - e) * np.log(a / e)))
