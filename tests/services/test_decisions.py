"""Submitting, reviewing and signing a decision on a real profile; checking the signatures."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from app.domain.case import Status
from app.domain.events import ApprovalLimit, EventType
from app.domain.roles import PermissionDenied, Role
from app.errors import InvalidInput
from app.services.accounts import AccountService
from app.services.cases import CaseQuery, CaseService, Scope
from app.services.decisions import DecisionRefused, DecisionService
from app.services.profile import DB_NAME, Profile
from app.services.risk import RiskService
from tests.conftest import PASSWORD, USER_PASSWORD, act_as, sign_in
from tests.domain.samples import id_number

GOOD = {
    "full_name": "陈静",
    "id_number": id_number(date(1984, 5, 2), region="310104", seq=88),
    "date_of_birth": "1984-05-02",
    "employed_since": "2012-03-01",
    "home": "owner",
    "job_type": "fixed",
    "monthly_income": "30000",
    "monthly_expenses": "6000",
    "monthly_debt_payments": "0",
    "total_debt": "0",
    "assets": "400000",
    "arrears_on_file": "no",
    "product": "personal",
    "requested_amount": "100000",
    "purchase_price": "200000",
    "term_months": 36,
}


def submitted_case(profile: Profile, **changes: Any) -> str:
    """A case the admin (an officer) filled in, scored and submitted."""
    sign_in(profile)
    case_id = CaseService(profile).open_case({**GOOD, **changes}).case_id
    RiskService(profile).assess(case_id)
    DecisionService(profile).submit(case_id)
    return case_id


def _status(profile: Profile, case_id: str) -> Status:
    state = profile.store.case(case_id)
    assert state is not None
    return state.status


def _review_as_supervisor(profile: Profile, case_id: str) -> DecisionService:
    act_as(profile, Role.SUPERVISOR)
    decisions = DecisionService(profile)
    decisions.start_review(case_id)
    return decisions


def test_submitting_records_the_policy_rules_and_the_route(profile: Profile) -> None:
    case_id = submitted_case(profile)
    [submitted] = [
        e.payload for e in profile.store.case_events(case_id) if e.type is EventType.CASE_SUBMITTED
    ]
    assert {r["outcome"] for r in submitted["rules"]} == {"pass"}
    state = profile.store.case(case_id)
    assert state is not None
    assert state.risk is not None
    assert submitted["grade"] == state.risk.grade
    assert submitted["routing"] in ("approve", "refer")
    assert state.status is Status.SUBMITTED
    assert state.submitted_by == profile.actor.user_id


def test_a_supervisor_approves_within_authority_and_the_signature_verifies(
    profile: Profile,
) -> None:
    case_id = submitted_case(profile)
    state = profile.store.case(case_id)
    assert state is not None
    assert state.risk is not None
    assert state.risk.grade in "ABC"  # within a supervisor's worst grade for personal loans
    decisions = _review_as_supervisor(profile, case_id)
    decisions.decide(case_id, "approve", USER_PASSWORD, conditions=["Salary paid into our bank"])
    assert _status(profile, case_id) is Status.APPROVED
    report = decisions.verify(case_id)
    assert report.ok
    assert any(
        "approve signed by User supervisor" in line and "(valid)" in line for line in report.lines
    )


def test_the_password_is_asked_again_and_a_wrong_one_signs_nothing(profile: Profile) -> None:
    case_id = submitted_case(profile)
    decisions = _review_as_supervisor(profile, case_id)
    with pytest.raises(Exception, match="password"):
        decisions.decide(case_id, "approve", "not the password at all")
    assert _status(profile, case_id) is Status.IN_REVIEW


def test_whoever_submitted_or_changed_the_case_cannot_decide_it(profile: Profile) -> None:
    sign_in(profile)
    accounts = AccountService(profile)
    accounts.add_user(
        username="both.hats",
        display_name="Both Hats",
        roles=[Role.OFFICER, Role.SUPERVISOR],
        password=USER_PASSWORD,
        admin_password=PASSWORD,
    )
    accounts.sign_in("both.hats", USER_PASSWORD)
    case_id = CaseService(profile).open_case(GOOD).case_id
    RiskService(profile).assess(case_id)
    decisions = DecisionService(profile)
    decisions.submit(case_id)
    decisions.start_review(case_id)
    with pytest.raises(DecisionRefused, match="submitted or changed"):
        decisions.decide(case_id, "approve", USER_PASSWORD)


def test_a_decline_gives_one_to_four_reasons(profile: Profile) -> None:
    case_id = submitted_case(profile)
    decisions = _review_as_supervisor(profile, case_id)
    with pytest.raises(DecisionRefused, match="one to four principal reasons"):
        decisions.decide(case_id, "decline", USER_PASSWORD)
    decisions.decide(case_id, "decline", USER_PASSWORD, reasons=["Debt high relative to income"])
    assert _status(profile, case_id) is Status.DECLINED
    with pytest.raises(DecisionRefused, match="declined; nothing more can be done"):
        decisions.decide(case_id, "approve", USER_PASSWORD)


def test_beyond_a_supervisors_authority_one_signature_does_not_complete(profile: Profile) -> None:
    # 250,000 is above a supervisor's 200,000 for personal loans: a higher tier must sign
    case_id = submitted_case(profile, requested_amount="250000", purchase_price="400000")
    decisions = _review_as_supervisor(profile, case_id)
    decisions.decide(case_id, "approve", USER_PASSWORD)
    assert _status(profile, case_id) is Status.IN_REVIEW
    state = profile.store.case(case_id)
    assert state is not None
    assert [s.completes for s in state.signatures] == [False]


def _add_approver(profile: Profile, username: str, tier: str | None) -> None:
    """The admin adds a supervisor who signs as ``tier``."""
    sign_in(profile)
    AccountService(profile).add_user(
        username=username,
        display_name=username.title(),
        roles=[Role.SUPERVISOR],
        password=USER_PASSWORD,
        admin_password=PASSWORD,
        tier=tier,
    )


def _sign_as(profile: Profile, username: str) -> DecisionService:
    AccountService(profile).sign_in(username, USER_PASSWORD)
    return DecisionService(profile)


def test_a_branch_manager_completes_what_a_supervisor_could_not(profile: Profile) -> None:
    # 250,000: above a supervisor's 200,000 for personal loans, within a branch
    # manager's 500,000 and below the dual-control amount of 300,000.
    case_id = submitted_case(profile, requested_amount="250000", purchase_price="400000")
    for username, tier in (("sup.one", "supervisor"), ("sup.two", None), ("mgr", "branch_manager")):
        _add_approver(profile, username, tier)
    first = _sign_as(profile, "sup.one")
    first.start_review(case_id)
    first.decide(case_id, "approve", USER_PASSWORD)
    assert _status(profile, case_id) is Status.IN_REVIEW

    # Another supervisor is no higher than the first: refused, nothing recorded.
    second = _sign_as(profile, "sup.two")
    verdict = second.may_approve(case_id)
    assert not verdict.allowed
    assert "higher tier" in verdict.reason
    with pytest.raises(DecisionRefused, match="higher tier"):
        second.decide(case_id, "approve", USER_PASSWORD)

    manager = _sign_as(profile, "mgr")
    assert manager.may_approve(case_id).allowed
    manager.decide(case_id, "approve", USER_PASSWORD)
    assert _status(profile, case_id) is Status.APPROVED
    state = profile.store.case(case_id)
    assert state is not None
    assert [(s.tier, s.completes) for s in state.signatures] == [
        ("supervisor", False),
        ("branch_manager", True),
    ]
    assert manager.verify(case_id).ok


def test_above_dual_control_a_second_person_signs_even_within_the_first_ones_limit(
    profile: Profile,
) -> None:
    # 350,000 is within a branch manager's 500,000 but above dual control (300,000).
    case_id = submitted_case(profile, requested_amount="350000", purchase_price="600000")
    for username, tier in (("mgr.one", "branch_manager"), ("mgr.two", "branch_manager")):
        _add_approver(profile, username, tier)
    _add_approver(profile, "sup", "supervisor")
    first = _sign_as(profile, "mgr.one")
    first.start_review(case_id)
    verdict = first.may_approve(case_id)
    assert (verdict.allowed, verdict.completes) == (True, False)
    first.decide(case_id, "approve", USER_PASSWORD)
    assert _status(profile, case_id) is Status.IN_REVIEW
    with pytest.raises(DecisionRefused, match="different person"):
        first.decide(case_id, "approve", USER_PASSWORD)
    with pytest.raises(DecisionRefused, match="same or a higher tier"):
        _sign_as(profile, "sup").decide(case_id, "approve", USER_PASSWORD)
    _sign_as(profile, "mgr.two").decide(case_id, "approve", USER_PASSWORD)
    assert _status(profile, case_id) is Status.APPROVED


def test_an_approvers_tier_is_set_and_changed_by_the_admin_and_checked(profile: Profile) -> None:
    _add_approver(profile, "sup", None)
    accounts = AccountService(profile)
    [row] = [u for u in profile.store.users() if u.username == "sup"]
    assert row.tier is None  # the lowest tier: the supervisor's
    sign_in(profile)
    changed = accounts.update_user(row.user_id, admin_password=PASSWORD, tier="branch_manager")
    assert changed.tier == "branch_manager"
    with pytest.raises(InvalidInput, match="no approval tier 'regional_director'"):
        accounts.update_user(row.user_id, admin_password=PASSWORD, tier="regional_director")
    with pytest.raises(InvalidInput, match="no approval tier"):
        accounts.add_user(
            username="nobody",
            display_name="Nobody",
            roles=[Role.SUPERVISOR],
            password=USER_PASSWORD,
            admin_password=PASSWORD,
            tier="ceo",
        )
    [after] = [u for u in profile.store.users() if u.username == "sup"]
    assert after.tier == "branch_manager"


def test_whether_one_may_approve_is_said_before_signing(profile: Profile) -> None:
    case_id = submitted_case(profile)
    verdict = DecisionService(profile).may_approve(case_id)  # the admin, an officer
    assert not verdict.allowed
    assert "role does not allow" in verdict.reason
    act_as(profile, Role.SUPERVISOR)
    verdict = DecisionService(profile).may_approve(case_id)
    assert not verdict.allowed  # still submitted: the review must start first
    DecisionService(profile).start_review(case_id)
    assert DecisionService(profile).may_approve(case_id).allowed


def test_a_persons_own_limit_lets_them_approve_alone(profile: Profile) -> None:
    case_id = submitted_case(profile, requested_amount="250000", purchase_price="400000")
    accounts = AccountService(profile)
    accounts.add_user(
        username="senior.sup",
        display_name="Senior Supervisor",
        roles=[Role.SUPERVISOR],
        password=USER_PASSWORD,
        admin_password=PASSWORD,
        limits=[ApprovalLimit(product="personal", max_amount=280000, worst_grade="C")],
    )
    accounts.sign_in("senior.sup", USER_PASSWORD)
    decisions = DecisionService(profile)
    decisions.start_review(case_id)
    decisions.decide(case_id, "approve", USER_PASSWORD)
    assert _status(profile, case_id) is Status.APPROVED


def test_a_change_after_approval_voids_the_signature_and_reopens_review(profile: Profile) -> None:
    case_id = submitted_case(profile)
    decisions = _review_as_supervisor(profile, case_id)
    decisions.decide(case_id, "approve", USER_PASSWORD)
    sign_in(profile)
    CaseService(profile).update_case(case_id, {"requested_amount": "120000"})
    assert _status(profile, case_id) is Status.IN_REVIEW
    report = DecisionService(profile).verify(case_id)
    assert report.ok
    assert any("void: the case was changed after it" in line for line in report.lines)


@contextlib.contextmanager
def _raw_db(profile_dir: Path) -> Iterator[Any]:
    conn = sqlcipher3.dbapi2.connect(str(profile_dir / DB_NAME), isolation_level=None)
    with contextlib.closing(conn):
        conn.execute(f"PRAGMA key = \"x'{os.environ['LOANDESK_KEY']}'\"")
        conn.execute("DROP TRIGGER events_no_update")
        yield conn


def test_changing_any_byte_of_the_case_afterwards_fails_verification_in_words(
    profile: Profile,
) -> None:
    case_id = submitted_case(profile)
    decisions = _review_as_supervisor(profile, case_id)
    decisions.decide(case_id, "approve", USER_PASSWORD)
    assert decisions.verify(case_id).ok
    with _raw_db(profile.path) as conn:
        seq, body = conn.execute(
            "SELECT seq, body FROM events WHERE case_id = ? AND type = 'ApplicantUpdated'",
            (case_id,),
        ).fetchone()
        changed = bytes(body).replace(b"30000", b"90000")
        assert changed != bytes(body)
        conn.execute("UPDATE events SET body = ? WHERE seq = ?", (changed, seq))
    report = DecisionService(profile).verify(case_id)
    assert not report.ok
    assert f"Event {seq} of the case was changed after it was written." in report.lines
    assert "The signatures cannot be trusted." in report.lines


def test_an_approved_case_is_accepted_and_nothing_follows(profile: Profile) -> None:
    case_id = submitted_case(profile)
    decisions = _review_as_supervisor(profile, case_id)
    decisions.decide(case_id, "approve", USER_PASSWORD)
    sign_in(profile)
    DecisionService(profile).accept(case_id)
    assert _status(profile, case_id) is Status.ACCEPTED
    with pytest.raises(DecisionRefused, match="accepted; nothing more can be done"):
        DecisionService(profile).withdraw(case_id, "changed their mind")


def test_a_case_is_withdrawn_only_with_a_reason_and_only_when_open(profile: Profile) -> None:
    sign_in(profile)
    case_id = CaseService(profile).open_case(GOOD).case_id
    decisions = DecisionService(profile)
    with pytest.raises(DecisionRefused, match="A case that is a draft cannot be accepted"):
        decisions.accept(case_id)
    with pytest.raises(InvalidInput):
        decisions.withdraw(case_id, "   ")
    decisions.withdraw(case_id, "The applicant found a cheaper loan")
    assert _status(profile, case_id) is Status.WITHDRAWN
    [withdrawn] = [
        e.payload for e in profile.store.case_events(case_id) if e.type is EventType.CASE_WITHDRAWN
    ]
    assert withdrawn["reason"] == "The applicant found a cheaper loan"


def test_the_queue_holds_what_the_supervisor_may_sign_and_my_cases_what_i_made(
    profile: Profile,
) -> None:
    within = submitted_case(profile)
    # 250,000: beyond a supervisor's 200,000, but a branch manager may complete it,
    # so a supervisor may sign first.
    beyond = submitted_case(profile, requested_amount="250000", purchase_price="400000")
    # 2,500,000 of small-business lending: above every tier (2,000,000 at most).
    nobodys = submitted_case(profile, product="small_business", requested_amount="2500000")
    draft = CaseService(profile).open_case({"full_name": "Draft Only"}).case_id
    cases = CaseService(profile)
    assert set(cases.keys(CaseQuery(scope=Scope.MINE))) == {within, beyond, nobodys, draft}
    assert cases.keys(CaseQuery(scope=Scope.AWAITING_ME)) == []  # the officer approves nothing

    for username, tier in (("sup", "supervisor"), ("mgr", "branch_manager")):
        _add_approver(profile, username, tier)
    supervisor = _sign_as(profile, "sup")
    assert set(cases.keys(CaseQuery(scope=Scope.AWAITING_ME))) == {within, beyond}
    assert cases.keys(CaseQuery(scope=Scope.MINE)) == []  # a supervisor opens no case
    supervisor.start_review(beyond)
    supervisor.decide(beyond, "approve", USER_PASSWORD)
    assert set(cases.keys(CaseQuery(scope=Scope.AWAITING_ME))) == {within}  # signed: done

    _sign_as(profile, "mgr")
    assert set(cases.keys(CaseQuery(scope=Scope.AWAITING_ME))) == {within, beyond}
    # The search and the status filter still apply inside the queue.
    in_review = CaseQuery(scope=Scope.AWAITING_ME, status=Status.IN_REVIEW)
    assert cases.keys(in_review) == [beyond]
    assert cases.count(in_review) == 1


WHY = "Salary account with us for ten years and never in arrears."


def _model_grade(profile: Profile, case_id: str) -> str:
    state = profile.store.case(case_id)
    assert state is not None
    assert state.risk is not None
    return state.risk.grade


def test_a_grade_override_needs_a_written_why_and_is_in_the_report(profile: Profile) -> None:
    # Beyond a supervisor alone: their signature leaves the case in review.
    case_id = submitted_case(profile, requested_amount="250000", purchase_price="400000")
    model = _model_grade(profile, case_id)
    other = "A" if model != "A" else "B"
    with pytest.raises(PermissionDenied):  # the officer who submitted it
        DecisionService(profile).override_grade(case_id, other, WHY)
    decisions = _review_as_supervisor(profile, case_id)
    with pytest.raises(InvalidInput, match="at least 20 characters"):
        decisions.override_grade(case_id, other, "  known   client  ")
    with pytest.raises(DecisionRefused, match="has that grade already"):
        decisions.override_grade(case_id, model, WHY)
    assert decisions.overrides() == []
    decisions.override_grade(case_id, other, WHY)

    state = profile.store.case(case_id)
    assert state is not None
    assert state.risk is not None
    assert state.risk.grade == model  # the model's grade stays on record
    assert state.risk.decision_grade == other
    assert state.risk.authority_grade == max(model, other)
    overview = decisions.overview(case_id)
    assert (overview.model_grade, overview.override) == (model, state.risk.override)
    [record] = decisions.overrides()
    assert (record.case_no, record.model_grade, record.grade) == (state.case_no, model, other)
    assert record.direction == ("better" if other < model else "worse")
    assert record.justification == WHY
    assert record.by == "User supervisor"
    assert record.status is Status.IN_REVIEW

    decisions.decide(case_id, "approve", USER_PASSWORD)
    with pytest.raises(DecisionRefused, match="before anyone signs"):
        decisions.override_grade(case_id, "C" if other != "C" else "D", WHY)


def test_an_override_to_a_worse_grade_narrows_authority_and_a_change_makes_it_stale(
    profile: Profile,
) -> None:
    case_id = submitted_case(profile)
    decisions = _review_as_supervisor(profile, case_id)
    assert decisions.may_approve(case_id).allowed
    decisions.override_grade(case_id, "E", WHY)  # no tier approves E for personal loans
    verdict = decisions.may_approve(case_id)
    assert not verdict.allowed
    assert "head office" in verdict.reason
    overview = decisions.overview(case_id)
    assert overview.routing == "decline"  # the product declines grade E

    # The officer changes the income: the score, and the override with it, no longer stand.
    sign_in(profile)
    CaseService(profile).update_case(case_id, {"monthly_income": "31000"})
    act_again = AccountService(profile)
    act_again.sign_in("u.supervisor", USER_PASSWORD)
    overview = DecisionService(profile).overview(case_id)
    assert overview.model_grade is None
    assert overview.override is None
    assert not overview.may_override


def test_an_override_to_a_better_grade_never_widens_authority() -> None:
    from app.domain.riskevents import Override, RiskState

    for model in "ABCDE":
        for chosen in "ABCDE":
            state = RiskState(
                model_id="m",
                version="1",
                kind="lightgbm",
                pd=0.1,
                score=600,
                grade=model,
                reasons=(),
                at="2026-12-01T10:00:00Z",
                actor="x",
                override=Override(grade=chosen, justification=WHY, at="t", actor="y"),
            )
            assert state.decision_grade == chosen
            assert state.authority_grade == max(model, chosen)
            assert "ABCDE".index(state.authority_grade) >= "ABCDE".index(model)
