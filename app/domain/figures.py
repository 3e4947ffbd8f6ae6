"""The branch at a glance: figures over cases, for a period, a product and an officer.

Two clocks, as a supervisor reads them:

* what came in: the cases *opened* in the period (the pipeline by status
  now, the risk-grade mix, grade overrides, each officer's workload, the
  documents still missing from open cases);
* what went out: the cases *decided* in the period (approval and decline
  rates, the decline reasons, turnaround from opening to decision, the
  amount approved).

A case is decided when a completing approval or a decline stands on it (not
voided by a later change); its decision time is that signature's. Pure
functions over ``CaseFacts``: the service extracts those from the cases.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from app.domain.case import Status

#: the statuses in the order a pipeline reads, left to right
PIPELINE = (
    Status.DRAFT,
    Status.RETURNED,
    Status.SUBMITTED,
    Status.IN_REVIEW,
    Status.APPROVED,
    Status.ACCEPTED,
    Status.DECLINED,
    Status.WITHDRAWN,
)
OPEN = frozenset({Status.DRAFT, Status.RETURNED, Status.SUBMITTED, Status.IN_REVIEW})
GRADES = ("A", "B", "C", "D", "E")
#: how many decline reasons a report lists
TOP_REASONS = 5


@dataclass(frozen=True)
class Scope:
    """Which cases count: opened or decided within [since, until], of a product, by an officer."""

    since: date | None = None
    until: date | None = None
    product: str | None = None
    #: the user who opened the case (None: everyone)
    officer: str | None = None

    def within(self, moment: datetime) -> bool:
        day = moment.date()
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )

    def takes(self, case: CaseFacts) -> bool:
        return (self.product is None or case.product == self.product) and (
            self.officer is None or case.opened_by == self.officer
        )


@dataclass(frozen=True)
class CaseFacts:
    """What the figures read of one case."""

    case_id: str
    case_no: str
    status: Status
    product: str | None
    amount: Decimal | None
    opened_at: datetime
    opened_by: str
    #: "approve" or "decline" with its time, once decided (None: not decided)
    decision: str | None = None
    decided_at: datetime | None = None
    #: the principal reasons of the standing decline
    decline_reasons: tuple[str, ...] = ()
    #: the model's grade and the grade that counts (an override's), if scored
    model_grade: str | None = None
    grade: str | None = None
    #: the ids of checklist requirements the case's documents do not meet yet
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Workload:
    officer: str
    opened: int
    #: still with the officer (draft or returned)
    with_officer: int
    #: waiting for or in review
    in_review: int
    decided: int


@dataclass(frozen=True)
class Turnaround:
    """Days from opening to decision of the cases decided in the period."""

    cases: int
    median_days: float | None
    p90_days: float | None
    mean_days: float | None


@dataclass(frozen=True)
class Figures:
    scope: Scope
    #: cases opened in the period, by status now, in ``PIPELINE`` order
    pipeline: tuple[tuple[Status, int], ...]
    opened: int
    approved: int
    declined: int
    approved_amount: Decimal
    turnaround: Turnaround
    #: (reason, cases) of the standing declines, most frequent first
    decline_reasons: tuple[tuple[str, int], ...]
    #: (grade, cases) of the scored cases opened in the period, A to E
    grades: tuple[tuple[str, int], ...]
    unscored: int
    #: overrides of the model's grade: to a better grade, to a worse one
    overrides_better: int
    overrides_worse: int
    workload: tuple[Workload, ...]
    #: (requirement id, open cases lacking it), most frequent first
    missing: tuple[tuple[str, int], ...]
    #: open cases opened in the period
    open_cases: int = field(default=0)

    @property
    def decided(self) -> int:
        return self.approved + self.declined

    @property
    def approval_rate(self) -> float | None:
        return self.approved / self.decided if self.decided else None

    @property
    def decline_rate(self) -> float | None:
        return self.declined / self.decided if self.decided else None


def figures(cases: Iterable[CaseFacts], scope: Scope) -> Figures:
    """The figures of ``cases`` within ``scope``."""
    taken = [case for case in cases if scope.takes(case)]
    opened = [case for case in taken if scope.within(case.opened_at)]
    decided = [
        case
        for case in taken
        if case.decided_at is not None and case.decision and scope.within(case.decided_at)
    ]
    approved = [case for case in decided if case.decision == "approve"]
    declined = [case for case in decided if case.decision == "decline"]
    statuses = Counter(case.status for case in opened)
    grades = Counter(case.grade for case in opened if case.grade is not None)
    reasons = Counter(reason for case in declined for reason in case.decline_reasons)
    open_now = [case for case in opened if case.status in OPEN]
    missing = Counter(need for case in open_now for need in case.missing)
    return Figures(
        scope=scope,
        pipeline=tuple((status, statuses[status]) for status in PIPELINE),
        opened=len(opened),
        approved=len(approved),
        declined=len(declined),
        approved_amount=sum((c.amount for c in approved if c.amount is not None), Decimal(0)),
        turnaround=_turnaround(decided),
        decline_reasons=tuple(_ranked(reasons)[:TOP_REASONS]),
        grades=tuple((grade, grades[grade]) for grade in GRADES),
        unscored=sum(1 for case in opened if case.grade is None),
        overrides_better=sum(1 for case in opened if _overridden(case) == "better"),
        overrides_worse=sum(1 for case in opened if _overridden(case) == "worse"),
        workload=_workload(opened, decided),
        missing=tuple(_ranked(missing)),
        open_cases=len(open_now),
    )


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most frequent first; ties in the order of their names, so a report reads the same twice."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _overridden(case: CaseFacts) -> str | None:
    if case.model_grade is None or case.grade is None or case.grade == case.model_grade:
        return None
    # A is the best grade: a letter earlier in the alphabet is better
    return "better" if case.grade < case.model_grade else "worse"


def _turnaround(decided: Sequence[CaseFacts]) -> Turnaround:
    days = sorted(
        (case.decided_at - case.opened_at).total_seconds() / 86_400
        for case in decided
        if case.decided_at is not None
    )
    if not days:
        return Turnaround(0, None, None, None)
    return Turnaround(
        cases=len(days),
        median_days=statistics.median(days),
        p90_days=_percentile(days, 0.9),
        mean_days=statistics.fmean(days),
    )


def _percentile(ordered: Sequence[float], share: float) -> float:
    """The value below which ``share`` of ``ordered`` lies (nearest rank)."""
    rank = max(1, -(-len(ordered) * share // 1))  # ceiling, at least the first
    return ordered[int(rank) - 1]


def _workload(opened: Sequence[CaseFacts], decided: Sequence[CaseFacts]) -> tuple[Workload, ...]:
    officers = sorted({case.opened_by for case in opened} | {case.opened_by for case in decided})
    out = []
    for officer in officers:
        mine = [case for case in opened if case.opened_by == officer]
        out.append(
            Workload(
                officer=officer,
                opened=len(mine),
                with_officer=sum(1 for c in mine if c.status in (Status.DRAFT, Status.RETURNED)),
                in_review=sum(1 for c in mine if c.status in (Status.SUBMITTED, Status.IN_REVIEW)),
                decided=sum(1 for c in decided if c.opened_by == officer),
            )
        )
    return tuple(sorted(out, key=lambda w: (-w.opened, w.officer)))
