"""The branch figures over hand-made case facts: two clocks, filters, rates, ranks and counts."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from itertools import count
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.case import Status
from app.domain.figures import GRADES, OPEN, PIPELINE, TOP_REASONS, CaseFacts, Scope, figures

#: the branch's time zone (Asia/Shanghai keeps no summer time)
BRANCH = timezone(timedelta(hours=8))
JUNE = Scope(since=date(2025, 6, 1), until=date(2025, 6, 30))
_numbers = count(1)


def at(day: date, hour: int = 10, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), tzinfo=BRANCH)


def case(
    status: Status = Status.DRAFT,
    opened: datetime | None = None,
    *,
    by: str = "li",
    product: str | None = "personal",
    amount: str | None = "100000",
    **more: Any,
) -> CaseFacts:
    """One case's facts; opened mid-June unless told otherwise."""
    n = next(_numbers)
    return CaseFacts(
        case_id=f"case-{n}",
        case_no=f"LD-{n:05d}",
        status=status,
        product=product,
        amount=None if amount is None else Decimal(amount),
        opened_at=opened or at(date(2025, 6, 15)),
        opened_by=by,
        **more,
    )


def approved(opened: datetime, decided: datetime, **more: Any) -> CaseFacts:
    return case(Status.APPROVED, opened, decision="approve", decided_at=decided, **more)


def declined(
    opened: datetime, decided: datetime, reasons: tuple[str, ...] = ("Debt",), **more: Any
) -> CaseFacts:
    return case(
        Status.DECLINED,
        opened,
        decision="decline",
        decided_at=decided,
        decline_reasons=reasons,
        **more,
    )


# -- the two clocks ---------------------------------------------------------------------


def test_a_case_counts_as_opened_in_one_period_and_as_decided_in_another() -> None:
    may_30, june_2 = at(date(2025, 5, 30)), at(date(2025, 6, 2))
    cases = [
        approved(may_30, june_2, model_grade="B", grade="B", amount="80000"),
        declined(may_30, june_2, reasons=("Arrears",)),
    ]
    may = Scope(since=date(2025, 5, 1), until=date(2025, 5, 31))

    in_june = figures(cases, JUNE)
    assert in_june.opened == 0
    assert all(n == 0 for _, n in in_june.pipeline)
    assert all(n == 0 for _, n in in_june.grades)
    assert (in_june.approved, in_june.declined) == (1, 1)
    assert in_june.approved_amount == Decimal("80000")
    assert in_june.decline_reasons == (("Arrears", 1),)
    assert in_june.turnaround.cases == 2
    # the officer decided two cases in June but opened none in it
    [load] = in_june.workload
    assert (load.officer, load.opened, load.decided) == ("li", 0, 2)

    in_may = figures(cases, may)
    assert in_may.opened == 2
    assert dict(in_may.pipeline)[Status.APPROVED] == 1
    assert dict(in_may.pipeline)[Status.DECLINED] == 1
    assert dict(in_may.grades)["B"] == 1
    assert (in_may.approved, in_may.declined) == (0, 0)
    assert in_may.approved_amount == Decimal(0)
    assert in_may.decline_reasons == ()
    assert in_may.turnaround.cases == 0
    [load] = in_may.workload
    assert (load.opened, load.decided) == (2, 0)


def test_a_decision_without_its_time_or_a_signature_without_a_decision_counts_as_undecided() -> (
    None
):
    cases = [
        case(Status.APPROVED, decision="approve", decided_at=None),
        case(Status.DECLINED, decision=None, decided_at=at(date(2025, 6, 16))),
    ]
    result = figures(cases, JUNE)
    assert (result.opened, result.decided) == (2, 0)


@pytest.mark.parametrize(
    ("moment", "counted"),
    [
        (at(date(2025, 5, 31), 23, 59, 59), False),
        (at(date(2025, 6, 1), 0, 0, 0), True),
        (at(date(2025, 6, 30), 23, 59, 59), True),
        (at(date(2025, 7, 1), 0, 0, 0), False),
    ],
)
def test_the_first_and_the_last_day_count_whole(moment: datetime, counted: bool) -> None:
    opened = figures([case(opened=moment)], JUNE)
    assert opened.opened == int(counted)
    decided = figures([approved(at(date(2025, 1, 2)), moment)], JUNE)
    assert decided.approved == int(counted)


def test_a_scope_without_a_bound_reaches_as_far_as_the_cases_go() -> None:
    early, late = at(date(1999, 1, 1)), at(date(2040, 12, 31))
    cases = [case(opened=early), case(opened=late)]
    assert figures(cases, Scope()).opened == 2
    assert figures(cases, Scope(since=date(2025, 1, 1))).opened == 1
    assert figures(cases, Scope(until=date(2025, 1, 1))).opened == 1
    assert figures(cases, Scope(since=date(2040, 12, 31), until=date(2040, 12, 31))).opened == 1


# -- filters ------------------------------------------------------------------------------


def _mixed() -> list[CaseFacts]:
    day = at(date(2025, 6, 10))
    later = at(date(2025, 6, 20))
    return [
        case(by="li", product="personal"),
        case(Status.SUBMITTED, by="li", product="secured"),
        case(by="wang", product="personal"),
        approved(day, later, by="li", product="personal", amount="50000"),
        approved(day, later, by="wang", product="personal", amount="70000"),
        approved(day, later, by="wang", product="secured", amount="300000"),
        declined(day, later, by="li", product="secured"),
        case(by="li", product=None),
    ]


@pytest.mark.parametrize(
    ("product", "officer"),
    [
        ("personal", None),
        ("secured", None),
        (None, "li"),
        (None, "wang"),
        ("secured", "wang"),
        ("small_business", None),
        (None, "nobody"),
    ],
)
def test_product_and_officer_narrow_both_clocks(product: str | None, officer: str | None) -> None:
    cases = _mixed()
    mine = [
        c
        for c in cases
        if (product is None or c.product == product) and (officer is None or c.opened_by == officer)
    ]
    result = figures(cases, replace(JUNE, product=product, officer=officer))
    assert result.opened == len(mine)
    assert result.approved == sum(1 for c in mine if c.decision == "approve")
    assert result.declined == sum(1 for c in mine if c.decision == "decline")
    assert result.approved_amount == sum(
        (c.amount for c in mine if c.decision == "approve" and c.amount is not None), Decimal(0)
    )
    assert {w.officer for w in result.workload} == {c.opened_by for c in mine}


def test_a_case_without_a_product_is_left_out_once_a_product_is_asked_for() -> None:
    cases = [case(product=None), case(product="personal")]
    assert figures(cases, Scope()).opened == 2
    assert figures(cases, Scope(product="personal")).opened == 1


# -- decisions ---------------------------------------------------------------------------


def test_with_nothing_decided_there_is_no_rate_and_no_turnaround() -> None:
    result = figures([case(), case(Status.SUBMITTED)], JUNE)
    assert result.decided == 0
    assert result.approval_rate is None
    assert result.decline_rate is None
    assert result.approved_amount == Decimal(0)
    assert (
        result.turnaround.cases,
        result.turnaround.median_days,
        result.turnaround.p90_days,
        result.turnaround.mean_days,
    ) == (0, None, None, None)


def test_rates_are_shares_of_the_decided_cases_and_the_amount_sums_the_approved() -> None:
    day, later = at(date(2025, 6, 3)), at(date(2025, 6, 9))
    amounts = ("120000.50", "30000", "0.25")
    cases = [approved(day, later, amount=a) for a in amounts]
    cases += [approved(day, later, amount=None), declined(day, later, amount="999999")]
    cases += [case(Status.IN_REVIEW, amount="500000")]
    result = figures(cases, JUNE)
    assert (result.approved, result.declined, result.decided) == (4, 1, 5)
    assert result.approval_rate == pytest.approx(4 / 5)
    assert result.decline_rate == pytest.approx(1 / 5)
    assert result.approved_amount == sum((Decimal(a) for a in amounts), Decimal(0))


def _nearest_rank(values: list[float], share: float) -> float:
    """Brute force: the least value that at least ``share`` of the values do not exceed."""
    return min(v for v in values if sum(1 for w in values if w <= v) >= share * len(values))


def test_turnaround_is_median_nearest_rank_p90_and_mean_of_days() -> None:
    start = at(date(2025, 6, 1), 9)
    hours = [4, 30, 30, 48, 72, 100, 170, 200, 240, 600, 12]
    cases = [approved(start, start + timedelta(hours=h)) for h in hours[:6]]
    cases += [declined(start, start + timedelta(hours=h)) for h in hours[6:]]
    days = [h / 24 for h in hours]
    t = figures(cases, JUNE).turnaround
    assert t.cases == len(hours)
    assert t.median_days == pytest.approx(statistics.median(days))
    assert t.p90_days == pytest.approx(_nearest_rank(days, 0.9))
    assert t.mean_days == pytest.approx(sum(days) / len(days))


@given(st.lists(st.integers(min_value=0, max_value=90 * 24 * 60), min_size=1, max_size=40))
def test_turnaround_agrees_with_a_brute_force_for_any_durations(minutes: list[int]) -> None:
    start = at(date(2025, 6, 1), 0)
    cases = [approved(start, start + timedelta(minutes=m)) for m in minutes]
    days = [m / (24 * 60) for m in minutes]
    t = figures(cases, Scope()).turnaround
    assert t.cases == len(minutes)
    assert t.median_days == pytest.approx(statistics.median(days))
    assert t.p90_days == pytest.approx(_nearest_rank(days, 0.9))
    assert t.mean_days == pytest.approx(sum(days) / len(days))
    assert t.p90_days is not None
    assert t.p90_days * 24 * 60 == pytest.approx(
        sorted(minutes)[math.ceil(len(minutes) * 9 / 10) - 1]
    )


def test_only_cases_decided_in_the_period_count_toward_turnaround() -> None:
    start = at(date(2025, 5, 20))
    cases = [
        approved(start, at(date(2025, 5, 31), 23)),  # decided before June
        approved(start, at(date(2025, 6, 2))),
        declined(start, at(date(2025, 6, 5))),
    ]
    expected = [
        (at(date(2025, 6, 2)) - start).total_seconds() / 86_400,
        (at(date(2025, 6, 5)) - start).total_seconds() / 86_400,
    ]
    t = figures(cases, JUNE).turnaround
    assert t.cases == 2
    assert t.mean_days == pytest.approx(sum(expected) / 2)


# -- decline reasons ----------------------------------------------------------------------


def test_decline_reasons_are_ranked_ties_by_name_and_cut_at_the_top() -> None:
    day, later = at(date(2025, 6, 2)), at(date(2025, 6, 4))
    per_case = [
        ("Debt", "Income"),
        ("Debt", "Arrears"),
        ("Debt", "Zeta", "Income"),
        ("Arrears", "Collateral"),
        ("Beta",),
        ("Age",),
    ]
    cases = [declined(day, later, reasons=r) for r in per_case]
    # an approval's reasons and a decline outside the period do not count
    cases.append(approved(day, later, decline_reasons=("Beta", "Beta")))
    cases.append(declined(day, at(date(2025, 7, 1)), reasons=("Zeta", "Zeta")))
    # counted by hand: Debt 3; Arrears 2, Income 2; Age, Beta, Collateral, Zeta 1 each
    ranked = [
        ("Debt", 3),
        ("Arrears", 2),
        ("Income", 2),
        ("Age", 1),
        ("Beta", 1),
        ("Collateral", 1),
        ("Zeta", 1),
    ]
    assert len(ranked) > TOP_REASONS
    assert figures(cases, JUNE).decline_reasons == tuple(ranked[:TOP_REASONS])


def test_fewer_reasons_than_the_cut_are_all_listed() -> None:
    day, later = at(date(2025, 6, 2)), at(date(2025, 6, 4))
    cases = [declined(day, later, reasons=("b", "a")), declined(day, later, reasons=("a",))]
    assert figures(cases, JUNE).decline_reasons == (("a", 2), ("b", 1))


# -- grades and overrides ----------------------------------------------------------------


def test_grades_count_the_grade_that_stands_and_overrides_go_by_a_being_best() -> None:
    cases = [
        case(model_grade="C", grade="A"),  # better
        case(model_grade="B", grade="A"),  # better
        case(model_grade="B", grade="D"),  # worse
        case(model_grade="E", grade="E"),
        case(model_grade="A", grade="A"),
        case(),  # not scored
        case(Status.SUBMITTED),  # not scored
        case(model_grade="D", grade="C", opened=at(date(2025, 7, 2))),  # opened after June
    ]
    result = figures(cases, JUNE)
    assert (result.overrides_better, result.overrides_worse) == (2, 1)
    assert result.grades == (("A", 3), ("B", 0), ("C", 0), ("D", 1), ("E", 1))
    assert tuple(g for g, _ in result.grades) == GRADES
    assert result.unscored == 2
    assert sum(n for _, n in result.grades) + result.unscored == result.opened


# -- missing documents and workload ---------------------------------------------------------


def test_missing_documents_count_open_cases_only() -> None:
    needs = ("identity", "income")
    cases = [case(status, missing=needs) for status in PIPELINE]
    cases.append(case(Status.DRAFT, missing=("address",)))
    cases.append(case(Status.RETURNED, missing=("address", "income")))
    cases.append(case(Status.DRAFT, missing=("identity",), opened=at(date(2025, 5, 1))))
    result = figures(cases, JUNE)
    open_statuses = [s for s in PIPELINE if s in OPEN]
    assert len(open_statuses) == 4
    # income: the four open statuses and the returned case; identity: the four; address: two
    assert result.missing == (("income", 5), ("identity", 4), ("address", 2))
    assert result.open_cases == len(open_statuses) + 2


def test_missing_documents_with_equal_counts_read_in_name_order() -> None:
    cases = [case(missing=("turnover", "business")), case(Status.SUBMITTED, missing=("identity",))]
    assert figures(cases, JUNE).missing == (("business", 1), ("identity", 1), ("turnover", 1))


def test_workload_is_per_officer_most_opened_first() -> None:
    day, later = at(date(2025, 6, 2)), at(date(2025, 6, 8))
    cases = [
        case(Status.DRAFT, by="wang"),
        case(Status.RETURNED, by="wang"),
        case(Status.SUBMITTED, by="wang"),
        case(Status.IN_REVIEW, by="wang"),
        approved(day, later, by="wang"),
        case(Status.WITHDRAWN, by="wang"),
        case(Status.DRAFT, by="li"),
        declined(day, later, by="li"),
        case(Status.IN_REVIEW, by="zhao"),
        declined(day, later, by="chen"),
        case(Status.DRAFT, by="chen"),
        # decided in June but opened in May: decided, not opened, in June
        approved(at(date(2025, 5, 20)), later, by="zhou"),
    ]
    loads = figures(cases, JUNE).workload
    rows = [(w.officer, w.opened, w.with_officer, w.in_review, w.decided) for w in loads]
    assert rows == [
        ("wang", 6, 2, 2, 1),
        ("chen", 2, 1, 0, 1),
        ("li", 2, 1, 0, 1),
        ("zhao", 1, 0, 1, 0),
        ("zhou", 0, 0, 0, 1),
    ]


def test_the_pipeline_reads_every_status_in_order() -> None:
    per_status = {status: i % 3 + 1 for i, status in enumerate(PIPELINE)}
    cases = [case(status) for status, n in per_status.items() for _ in range(n)]
    result = figures(cases, JUNE)
    assert result.pipeline == tuple(per_status.items())
    assert result.opened == sum(per_status.values())


# -- properties ------------------------------------------------------------------------------

_START = datetime(2025, 1, 1, tzinfo=BRANCH)
_DAY_RANGE = 120


@st.composite
def _facts(draw: st.DrawFn) -> CaseFacts:
    opened = _START + timedelta(minutes=draw(st.integers(0, _DAY_RANGE * 24 * 60)))
    decision = draw(st.sampled_from([None, "approve", "decline"]))
    if decision is None:
        status = draw(st.sampled_from([*OPEN, Status.WITHDRAWN]))
        decided_at = None
    else:
        status = {"approve": Status.APPROVED, "decline": Status.DECLINED}[decision]
        decided_at = opened + timedelta(minutes=draw(st.integers(0, 60 * 24 * 60)))
    grade = draw(st.sampled_from([None, *GRADES]))
    return case(
        status,
        opened,
        by=draw(st.sampled_from(["li", "wang", "chen"])),
        product=draw(st.sampled_from([None, "personal", "secured"])),
        amount=str(draw(st.integers(1, 10**6))),
        decision=decision,
        decided_at=decided_at,
        decline_reasons=tuple(draw(st.lists(st.sampled_from("abcdefg"), max_size=3)))
        if decision == "decline"
        else (),
        model_grade=grade if grade is None else draw(st.sampled_from(GRADES)),
        grade=grade,
        missing=tuple(draw(st.lists(st.sampled_from(["identity", "income"]), unique=True))),
    )


@st.composite
def _scopes(draw: st.DrawFn) -> Scope:
    first = _START.date() + timedelta(days=draw(st.integers(0, _DAY_RANGE + 60)))
    since = draw(st.sampled_from([None, first]))
    until = draw(st.sampled_from([None, first + timedelta(days=draw(st.integers(0, _DAY_RANGE)))]))
    return Scope(
        since=since,
        until=until,
        product=draw(st.sampled_from([None, "personal", "secured"])),
        officer=draw(st.sampled_from([None, "li", "wang"])),
    )


def _in(scope: Scope, moment: datetime) -> bool:
    day = moment.date()
    after = scope.since is None or scope.since <= day
    return after and (scope.until is None or day <= scope.until)


@given(st.lists(_facts(), max_size=30), _scopes())
def test_the_counts_add_up_for_any_cases_and_scope(cases: list[CaseFacts], scope: Scope) -> None:
    taken = [
        c
        for c in cases
        if scope.product in (None, c.product) and scope.officer in (None, c.opened_by)
    ]
    opened = [c for c in taken if _in(scope, c.opened_at)]
    decided = [c for c in taken if c.decided_at is not None and _in(scope, c.decided_at)]
    result = figures(cases, scope)

    assert result.opened == len(opened)
    assert sum(n for _, n in result.pipeline) == result.opened
    assert result.approved + result.declined == len(decided)
    assert result.turnaround.cases == len(decided)
    assert sum(n for _, n in result.grades) + result.unscored == result.opened
    assert result.open_cases == sum(1 for c in opened if c.status in OPEN)
    assert sum(w.opened for w in result.workload) == result.opened
    assert sum(w.decided for w in result.workload) == result.decided
    assert all(w.with_officer + w.in_review <= w.opened for w in result.workload)
    reasons = Counter(r for c in decided if c.decision == "decline" for r in c.decline_reasons)
    assert dict(result.decline_reasons).items() <= reasons.items()
    assert len(result.decline_reasons) == min(len(reasons), TOP_REASONS)
    if result.decided:
        assert result.approval_rate is not None
        assert result.decline_rate is not None
        assert result.approval_rate + result.decline_rate == pytest.approx(1)
