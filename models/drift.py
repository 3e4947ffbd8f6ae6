"""How far the cases a model now scores have moved from the loans it was trained on.

The population stability index (PSI) of the score and of each feature, in the
baseline bins the published model carries in its metadata.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from models import metrics
from models.artifact import Metadata
from models.spec import SpecError, parse_spec

#: one scored case: the feature values the model saw, by name, and its score
Observation = tuple[Mapping[str, float], float]

#: the baseline entry of the score, beside those of the features
SCORE = "score"
#: a PSI from here up is watched; one above ACT_ABOVE is acted on
WATCH_FROM = 0.10
ACT_ABOVE = 0.25
#: with fewer cases than this the PSI is mostly sampling noise
MIN_CASES = 30


class DriftError(ValueError):
    """A model whose metadata gives nothing to measure drift against, in words."""


class Band(StrEnum):
    STABLE = "stable"
    WATCH = "watch"
    ACT = "act"


def band(psi: float) -> Band:
    """Below 0.10 stable, 0.10 to 0.25 (both included) watch, above 0.25 act."""
    if math.isnan(psi):
        raise ValueError("a PSI of NaN has no band")
    if psi < WATCH_FROM:
        return Band.STABLE
    if psi <= ACT_ABOVE:
        return Band.WATCH
    return Band.ACT


@dataclass(frozen=True)
class DriftRow:
    """The score or one feature: its PSI and the shares it was computed from.

    ``count`` is the number of cases with a value for it (a case that lacks the
    feature, or holds NaN, is left out). With no such case there is nothing to
    compare: ``psi`` and ``band`` are None and ``actual`` is all zeros.
    """

    name: str
    psi: float | None
    band: Band | None
    count: int
    #: share of the training loans in each baseline bin
    expected: tuple[float, ...]
    #: share of the cases counted in each of the same bins
    actual: tuple[float, ...]


@dataclass(frozen=True)
class DriftReport:
    model_id: str
    #: the score first, then the features in the order of the model's spec
    rows: tuple[DriftRow, ...]
    cases: int
    minimum: int = MIN_CASES

    @property
    def too_few(self) -> bool:
        """Too few cases for the PSI to mean much: it is still given, but flagged."""
        return self.cases < self.minimum

    def row(self, name: str) -> DriftRow:
        for row in self.rows:
            if row.name == name:
                return row
        raise KeyError(name)


def drift(
    metadata: Metadata, observations: Iterable[Observation], *, minimum: int = MIN_CASES
) -> DriftReport:
    """The PSI of the score and of each feature over ``observations`` against the baseline."""
    cases = list(observations)
    rows = []
    for name in _names(metadata):
        if name == SCORE:
            values = [score for _, score in cases]
        else:
            values = [features.get(name, math.nan) for features, _ in cases]
        rows.append(_row(name, metadata.baseline[name], np.asarray(values, dtype=np.float64)))
    return DriftReport(metadata.model_id, tuple(rows), len(cases), minimum)


def _names(metadata: Metadata) -> list[str]:
    """The score, then the spec's features in its order (the stored baseline's keys are sorted)."""
    try:
        spec = parse_spec(tomllib.loads(metadata.spec_toml))
    except (tomllib.TOMLDecodeError, SpecError) as exc:
        raise DriftError(f"the spec of model {metadata.model_id} is unreadable: {exc}") from None
    names = [SCORE, *spec.names]
    missing = [n for n in names if n not in metadata.baseline]
    if missing:
        raise DriftError(f"model {metadata.model_id} has no baseline for {', '.join(missing)}")
    return names


def _row(name: str, entry: Any, values: np.ndarray) -> DriftRow:
    try:
        edges = [float(e) for e in entry["edges"]]
        expected = tuple(float(s) for s in entry["shares"])
    except (KeyError, TypeError, ValueError):
        raise DriftError(f"the baseline of {name} is not edges and shares") from None
    if len(expected) != len(edges) + 1:
        raise DriftError(
            f"the baseline of {name} has {len(expected)} shares for {len(edges)} edges"
        )
    count = int(np.count_nonzero(~np.isnan(values)))
    actual = tuple(metrics.shares(values, edges))
    if count == 0:
        return DriftRow(name, None, None, 0, expected, actual)
    value = metrics.psi(list(expected), list(actual))
    return DriftRow(name, value, band(value), count, expected, actual)


def format_report(report: DriftReport) -> str:
    """A plain-text table for the command line, one line per row."""
    width = max([len("name"), *(len(r.name) for r in report.rows)])
    lines = [f"Drift of model {report.model_id} over {report.cases} cases"]
    if report.too_few:
        lines.append(
            f"Warning: {report.cases} cases is fewer than {report.minimum}; "
            "the PSI below is mostly noise."
        )
    lines.append(f"{'name':<{width}}  {'PSI':>7}  {'band':<6}  {'cases':>6}")
    for r in report.rows:
        psi = "-" if r.psi is None else f"{r.psi:.3f}"
        word = "-" if r.band is None else r.band.value
        lines.append(f"{r.name:<{width}}  {psi:>7}  {word:<6}  {r.count:>6}")
    return "\n".join(lines)
