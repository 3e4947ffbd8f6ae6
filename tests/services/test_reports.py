"""The branch figures of a real profile, their CSV and PDF exports, and who may see them."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from app.domain.case import Status
from app.domain.events import Event, EventType
from app.domain.figures import PIPELINE, Scope
from app.domain.roles import Action, PermissionDenied, Role, allowed
from app.errors import InvalidInput
from app.security.keys import KeySource
from app.services.accounts import AccountService
from app.services.cases import CaseService
from app.services.decisions import DecisionService
from app.services.profile import Profile
from app.services.reports import WRITTEN, ReportService, rows, to_csv
from tests.conftest import PASSWORD, REPO, USER_PASSWORD, act_as, sign_in
from tests.services.test_decisions import GOOD, submitted_case

REASONS = ("Debt high relative to income", "Debt-to-income cap")  # a model's, a rule's
WHY = "Salary account with us for ten years and never in arrears."
APPROVED_AMOUNTS = ("120000", "80000")
NOTHING = Scope(since=date(2000, 1, 1), until=date(2000, 1, 2))


def requirement_ids(product: str) -> list[str]:
    """The checklist's requirement ids for ``product``, read from the shipped file itself."""
    raw = json.loads((REPO / "resources" / "checklists.json").read_text(encoding="utf-8"))
    return [item["id"] for item in raw["products"][product]]


def user_id(profile: Profile, username: str) -> str:
    [user] = [u for u in profile.store.users() if u.username == username]
    return user.user_id


def _state_grade(profile: Profile, case_id: str) -> str:
    state = profile.store.case(case_id)
    assert state is not None
    assert state.risk is not None
    return state.risk.grade


@dataclass(frozen=True)
class Branch:
    """What ``_branch`` made, to count the expected figures from."""

    #: case id -> product, for every case opened (None: no product yet)
    products: dict[str, str | None]
    statuses: dict[str, Status]
    #: the grade each scored case rests on (an override's where one was made)
    grades: dict[str, str]
    model_grade: str
    override_grade: str
    approved_amount: Decimal


def _branch(profile: Profile) -> Branch:
    """The admin (an officer) opens eight cases; a supervisor decides some and overrides one.

    Three drafts (personal, small business, no product), one submitted, two
    approved, one declined for two reasons, one in review with its grade overridden.
    The supervisor stays signed in.
    """
    sign_in(profile)
    cases = CaseService(profile)
    drafts = {
        cases.open_case(GOOD).case_id: "personal",
        cases.open_case({"full_name": "Draft Business", "product": "small_business"}).case_id: (
            "small_business"
        ),
        cases.open_case({"full_name": "Draft Only"}).case_id: None,
    }
    waiting = submitted_case(profile)
    approve = [submitted_case(profile, requested_amount=a) for a in APPROVED_AMOUNTS]
    decline = submitted_case(profile)
    overridden = submitted_case(profile)
    scored = [waiting, *approve, decline, overridden]
    model = {case_id: _state_grade(profile, case_id) for case_id in scored}

    act_as(profile, Role.SUPERVISOR)
    decisions = DecisionService(profile)
    for case_id in approve:
        decisions.start_review(case_id)
        decisions.decide(case_id, "approve", USER_PASSWORD)
    decisions.start_review(decline)
    decisions.decide(decline, "decline", USER_PASSWORD, reasons=list(REASONS))
    decisions.start_review(overridden)
    chosen = "E" if model[overridden] != "E" else "A"
    decisions.override_grade(overridden, chosen, WHY)

    products: dict[str, str | None] = {**drafts, **dict.fromkeys(scored, "personal")}
    statuses = {
        **dict.fromkeys(drafts, Status.DRAFT),
        waiting: Status.SUBMITTED,
        **dict.fromkeys(approve, Status.APPROVED),
        decline: Status.DECLINED,
        overridden: Status.IN_REVIEW,
    }
    for case_id, status in statuses.items():
        state = profile.store.case(case_id)
        assert state is not None
        assert state.status is status  # the set-up went as planned
    return Branch(
        products=products,
        statuses=statuses,
        grades={**model, overridden: chosen},
        model_grade=model[overridden],
        override_grade=chosen,
        approved_amount=sum((Decimal(a) for a in APPROVED_AMOUNTS), Decimal(0)),
    )


def exports(profile: Profile) -> list[Event]:
    return [event for _, event in profile.store.events_of_types((EventType.EXPORTED,))]


# -- the figures ---------------------------------------------------------------------------


def test_the_figures_count_the_cases_the_branch_opened_and_decided(profile: Profile) -> None:
    branch = _branch(profile)
    report = ReportService(profile).figures(Scope())
    f = report.figures

    statuses = Counter(branch.statuses.values())
    assert f.opened == len(branch.statuses)
    assert f.pipeline == tuple((status, statuses[status]) for status in PIPELINE)
    assert (f.approved, f.declined) == (statuses[Status.APPROVED], statuses[Status.DECLINED])
    assert f.approval_rate == pytest.approx(len(APPROVED_AMOUNTS) / (len(APPROVED_AMOUNTS) + 1))
    assert f.approved_amount == branch.approved_amount
    assert f.decline_reasons == tuple((reason, 1) for reason in sorted(REASONS))
    assert f.turnaround.cases == f.decided

    grades = Counter(branch.grades.values())
    assert f.grades == tuple((grade, grades[grade]) for grade in "ABCDE")
    assert f.unscored == len(branch.statuses) - len(branch.grades)
    worse = "ABCDE".index(branch.override_grade) > "ABCDE".index(branch.model_grade)
    assert (f.overrides_better, f.overrides_worse) == ((0, 1) if worse else (1, 0))

    admin = user_id(profile, "admin")
    [load] = f.workload
    assert (load.officer, load.opened) == (admin, len(branch.statuses))
    assert load.with_officer == statuses[Status.DRAFT]
    assert load.in_review == statuses[Status.SUBMITTED] + statuses[Status.IN_REVIEW]
    assert load.decided == f.decided
    assert report.names[admin] == "Branch Admin"


def test_documents_missing_are_counted_over_the_open_cases_by_their_products_checklist(
    profile: Profile,
) -> None:
    branch = _branch(profile)
    f = ReportService(profile).figures(Scope()).figures
    open_now = {Status.DRAFT, Status.RETURNED, Status.SUBMITTED, Status.IN_REVIEW}
    # no case has a document: an open case with a product lacks all its product asks for
    expected: Counter[str] = Counter()
    for case_id, product in branch.products.items():
        if product is not None and branch.statuses[case_id] in open_now:
            expected.update(requirement_ids(product))
    assert dict(f.missing) == dict(expected)
    counts = [n for _, n in f.missing]
    assert counts == sorted(counts, reverse=True)
    assert f.open_cases == sum(1 for s in branch.statuses.values() if s in open_now)


def test_a_signature_that_does_not_stand_or_does_not_complete_decides_nothing(
    profile: Profile,
) -> None:
    changed = submitted_case(profile)
    # beyond a supervisor's 200,000: their signature leaves the case in review
    beyond = submitted_case(profile, requested_amount="250000", purchase_price="400000")
    act_as(profile, Role.SUPERVISOR)
    decisions = DecisionService(profile)
    for case_id in (changed, beyond):
        decisions.start_review(case_id)
        decisions.decide(case_id, "approve", USER_PASSWORD)
    sign_in(profile)
    CaseService(profile).update_case(changed, {"requested_amount": "120000"})
    AccountService(profile).sign_in("u.supervisor", USER_PASSWORD)

    f = ReportService(profile).figures(Scope()).figures
    assert (f.approved, f.declined, f.approval_rate) == (0, 0, None)
    assert f.approved_amount == Decimal(0)
    assert dict(f.pipeline)[Status.IN_REVIEW] == 2


def test_the_officer_filter_keeps_that_officers_cases_and_both_are_listed(
    profile: Profile,
) -> None:
    branch = _branch(profile)
    sign_in(profile)
    act_as(profile, Role.OFFICER)
    CaseService(profile).open_case({"full_name": "Another Draft", "product": "secured"})
    officer = profile.actor.user_id
    AccountService(profile).sign_in("u.supervisor", USER_PASSWORD)
    service = ReportService(profile)

    theirs = service.figures(Scope(officer=officer)).figures
    assert theirs.opened == 1
    assert dict(theirs.pipeline)[Status.DRAFT] == 1
    assert theirs.decided == 0
    assert [w.officer for w in theirs.workload] == [officer]
    assert dict(theirs.missing) == dict.fromkeys(requirement_ids("secured"), 1)

    admin = user_id(profile, "admin")
    admins = service.figures(Scope(officer=admin)).figures
    assert admins.opened == len(branch.statuses)
    assert admins.approved == len(APPROVED_AMOUNTS)
    assert service.figures(Scope()).figures.opened == len(branch.statuses) + 1
    assert service.officers() == [(admin, "Branch Admin"), (officer, "User officer")]


def test_a_period_that_holds_no_case_gives_zeros(profile: Profile) -> None:
    _branch(profile)
    f = ReportService(profile).figures(NOTHING).figures
    assert f.opened == 0
    assert all(n == 0 for _, n in f.pipeline)
    assert (f.approved, f.declined, f.approval_rate, f.decline_rate) == (0, 0, None, None)
    assert f.approved_amount == Decimal(0)
    assert f.turnaround.cases == 0
    assert f.decline_reasons == ()
    assert all(n == 0 for _, n in f.grades)
    assert (f.unscored, f.overrides_better, f.overrides_worse) == (0, 0, 0)
    assert f.workload == ()
    assert (f.missing, f.open_cases) == ((), 0)


# -- the branch's days ---------------------------------------------------------------------


class SetClock:
    """A clock that stands still until the test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


#: 16:30 in UTC is 00:30 the next day in the branch (Asia/Shanghai, UTC+8)
OPENED = datetime(2025, 6, 2, 16, 30, tzinfo=UTC)
DECIDED = OPENED + timedelta(days=2, hours=6)


@pytest.fixture
def clock() -> SetClock:
    return SetClock(OPENED)


@pytest.fixture
def dated(profile_dir: Path, key_source: KeySource, clock: SetClock) -> Iterator[Profile]:
    """A profile whose admin is 'admin' and whose clock the test sets."""
    opened = Profile.create(
        profile_dir,
        key_source,
        admin_username="admin",
        admin_name="Branch Admin",
        admin_password=PASSWORD,
        clock=clock,
    )
    yield opened
    opened.close()


def test_a_case_is_opened_and_decided_on_the_branchs_days(dated: Profile, clock: SetClock) -> None:
    case_id = submitted_case(dated)
    clock.now = DECIDED
    sign_in(dated)  # two days later the screen has long locked
    act_as(dated, Role.SUPERVISOR)
    decisions = DecisionService(dated)
    decisions.start_review(case_id)
    decisions.decide(case_id, "approve", USER_PASSWORD)
    service = ReportService(dated)

    def day(when: date) -> tuple[int, int]:
        f = service.figures(Scope(since=when, until=when)).figures
        return f.opened, f.approved

    branch_opened = date(2025, 6, 3)  # 00:30 there, 2 June in UTC
    branch_decided = date(2025, 6, 5)  # 06:30 + 8 h
    assert day(OPENED.date()) == (0, 0)
    assert day(branch_opened) == (1, 0)
    assert day(branch_opened + timedelta(days=1)) == (0, 0)
    assert day(branch_decided) == (0, 1)
    both = service.figures(Scope(since=branch_opened, until=branch_decided)).figures
    assert (both.opened, both.approved) == (1, 1)
    assert both.turnaround.median_days == pytest.approx((DECIDED - OPENED) / timedelta(days=1))


# -- exports ---------------------------------------------------------------------------------


def _csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_csv_export_holds_the_rows_of_the_figures_with_a_bom(
    dated: Profile,
) -> None:
    _branch(dated)
    service = ReportService(dated)
    before = len(exports(dated))
    data = service.export(Scope(), "csv")

    assert data.startswith(codecs.BOM_UTF8)
    assert not data[len(codecs.BOM_UTF8) :].startswith(codecs.BOM_UTF8)
    header, *body = _csv_cells(data)
    assert header == ["section", "item", "value"]
    # the clock stands still, so the figures read again are the same to the second
    report = service.figures(Scope())
    assert body == [list(row) for row in rows(report)]
    assert data.decode("utf-8-sig") == to_csv(report)
    table = {(section, item): value for section, item, value in body}
    assert table["opened", "cases"] == str(report.figures.opened)
    assert table["decided", "approved_amount_cny"] == f"{report.figures.approved_amount:.2f}"

    [event] = exports(dated)[: len(exports(dated)) - before]
    assert event.payload == {"what": "branch report (csv)", "count": report.figures.opened}
    assert event.actor == dated.actor.user_id


def test_a_name_that_starts_like_a_formula_is_not_one_in_the_csv(profile: Profile) -> None:
    name = '=HYPERLINK("http://example.invalid","Click")'
    sign_in(profile)
    accounts = AccountService(profile)
    accounts.add_user(
        username="odd.name",
        display_name=name,
        roles=[Role.OFFICER],
        password=USER_PASSWORD,
        admin_password=PASSWORD,
    )
    accounts.sign_in("odd.name", USER_PASSWORD)
    CaseService(profile).open_case({"full_name": "Draft Only"})
    officer = profile.actor.user_id
    sign_in(profile)
    act_as(profile, Role.SUPERVISOR)

    cells = _csv_cells(ReportService(profile).export(Scope(officer=officer), "csv"))
    flat = [cell for row in cells for cell in row]
    assert not [cell for cell in flat if cell[:1] in ("=", "+", "@")]
    assert ["scope", "officer", "'" + name] in cells
    assert ["workload", f"'{name}: opened", "1"] in cells


def _pdf_lines(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [line for page in doc.pages for line in (page.extract_text() or "").splitlines()]


@pytest.mark.parametrize(
    ("language", "title", "words"),
    [
        ("en", "Branch report", ("Decided", "Approved", "Declined", "Not scored")),
        ("zh", "支行业务报告", ("已决定", "批准", "拒绝", "未评分")),
    ],
)
def test_the_pdf_export_reads_back_with_its_title_and_counts(
    profile: Profile, language: str, title: str, words: tuple[str, str, str, str]
) -> None:
    branch = _branch(profile)
    before = len(exports(profile))
    lines = _pdf_lines(ReportService(profile).export(Scope(), "pdf", language))

    assert title in lines
    statuses = Counter(branch.statuses.values())
    decided, approved, declined, unscored = words
    assert f"{decided} {statuses[Status.APPROVED] + statuses[Status.DECLINED]}" in lines
    assert f"{approved} {statuses[Status.APPROVED]}" in lines
    assert f"{declined} {statuses[Status.DECLINED]}" in lines
    assert f"{unscored} {len(branch.statuses) - len(branch.grades)}" in lines
    for reason in REASONS:
        assert f"{reason} 1" in lines
    [event] = exports(profile)[: len(exports(profile)) - before]
    assert event.payload["what"] == "branch report (pdf)"


def test_an_export_names_no_applicant(profile: Profile) -> None:
    _branch(profile)
    service = ReportService(profile)
    texts = [service.export(Scope(), "csv").decode("utf-8-sig")]
    texts += ["\n".join(_pdf_lines(service.export(Scope(), "pdf", lang))) for lang in ("en", "zh")]
    assert len(exports(profile)) == 3
    for text in texts:
        assert "Branch Admin" in text  # officers are named; applicants are not
        for personal in (GOOD["full_name"], GOOD["id_number"], "Draft Business", "Draft Only"):
            assert str(personal) not in text


def test_an_export_of_another_kind_is_refused_and_not_recorded(profile: Profile) -> None:
    sign_in(profile)
    act_as(profile, Role.SUPERVISOR)
    with pytest.raises(InvalidInput):
        ReportService(profile).export(Scope(), "xlsx")
    assert exports(profile) == []


# -- who may see them ----------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.OFFICER, Role.ADMIN])
def test_an_officer_or_an_admin_sees_no_figures(profile: Profile, role: Role) -> None:
    submitted_case(profile)
    act_as(profile, role)
    service = ReportService(profile)
    with pytest.raises(PermissionDenied, match="viewing reports"):
        service.figures(Scope())
    with pytest.raises(PermissionDenied, match="viewing reports"):
        service.officers()
    with pytest.raises(PermissionDenied, match="exporting reports"):
        service.export(Scope(), "csv")
    assert exports(profile) == []


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.RISK_ANALYST])
def test_an_auditor_or_a_risk_analyst_views_and_exports(profile: Profile, role: Role) -> None:
    # the permission table grants both the view and the export to these roles
    assert allowed(role, Action.REPORT_VIEW)
    assert allowed(role, Action.REPORT_EXPORT)
    submitted_case(profile)
    act_as(profile, role)
    service = ReportService(profile)
    assert service.figures(Scope()).figures.opened == 1
    header, *_ = _csv_cells(service.export(Scope(), "csv"))
    assert header == ["section", "item", "value"]
    [event] = exports(profile)
    assert event.actor == profile.actor.user_id


def test_a_reason_in_a_supervisors_own_words_is_counted_but_never_repeated(
    profile: Profile,
) -> None:
    case_id = submitted_case(profile)
    act_as(profile, Role.SUPERVISOR)
    decisions = DecisionService(profile)
    decisions.start_review(case_id)
    written = f"{GOOD['full_name']}'s ID {GOOD['id_number']} looks altered"
    decisions.decide(case_id, "decline", USER_PASSWORD, reasons=[written, REASONS[1]])
    service = ReportService(profile)
    assert service.figures(Scope()).figures.decline_reasons == ((REASONS[1], 1), (WRITTEN, 1))
    texts = [service.export(Scope(), "csv").decode("utf-8-sig")]
    texts += ["\n".join(_pdf_lines(service.export(Scope(), "pdf", lang))) for lang in ("en", "zh")]
    for text in texts:
        assert str(GOOD["full_name"]) not in text
        assert str(GOOD["id_number"]) not in text
    assert "in the supervisor's own words,1" in texts[0]
