"""The server judges each event: who may, on the case as it stands, signed by its author.

An event the branch refuses is kept in its place (nothing after it is stuck)
but marked with the reason, which its workstation shows and no fold applies.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.domain.applicant import clean_patch
from app.domain.events import Event, EventType
from app.domain.ids import new_id
from server.db import approvals
from tests.server.conftest import Branch
from tests.server.workstation import Workstation


def _decision(
    ws: Workstation,
    case_id: str,
    head: str,
    tier: str,
    decision: str,
    *,
    completes: bool = False,
    signed: bool = True,
) -> Event:
    payload: dict[str, Any] = {
        "decision": decision,
        "tier": tier,
        "conditions": [],
        "reasons": ["Debt high relative to income"] if decision == "decline" else [],
        "note": "",
        "signed_head": head,
        "signed_at": "2026-12-01T10:00:00.000Z",
        "public_key": "ab" * 32,
        "signature": "cd" * 64,
        "completes": completes,
        "signature_image": None,
    }
    if signed:
        payload = ws.sign(case_id, payload)
    return ws.device.emit(EventType.DECISION_SIGNED, payload, case_id=case_id, parent=head)


def _refusal(ws: Workstation, event: Event) -> str | None:
    acks = ws.acks([event])
    assert [a["id"] for a in acks] == [event.id]
    reason: str | None = acks[0]["refused"]
    return reason


_SCORED = {
    "model_id": "pd-test",
    "version": "1",
    "kind": "scorecard",
    "role": "champion",
    "inputs": {},
    "features": {},
    "pd": 0.04,
    "score": 640,
    "grade": "B",
    "reasons": [],
}


def _case_in_review(
    officer: Workstation, case_no: str, amount: str = "100000"
) -> tuple[str, Event]:
    """A personal loan of ``amount`` CNY the officer filled in, scored (grade B) and submitted."""
    case_id = new_id()
    opened = officer.device.emit(EventType.CASE_OPENED, {"case_no": case_no}, case_id=case_id)
    loan = clean_patch(
        {"product": "personal", "requested_amount": amount}, current={}, today=date(2026, 12, 1)
    )
    filled = officer.device.emit(
        EventType.LOAN_REQUEST_UPDATED, {"fields": loan}, case_id=case_id, parent=opened.hash
    )
    scored = officer.device.emit(
        EventType.RISK_ASSESSED, _SCORED, case_id=case_id, parent=filled.hash
    )
    submitted = officer.device.emit(
        EventType.CASE_SUBMITTED,
        {"routing": "refer", "grade": "B", "rules": [], "products_version": "1"},
        case_id=case_id,
        parent=scored.hash,
    )
    acks = officer.acks([opened, filled, scored, submitted])
    assert [a["refused"] for a in acks] == [None] * 4
    return case_id, submitted


def _review(ws: Workstation, case_id: str, head: Event) -> Event:
    review = ws.device.emit(EventType.REVIEW_STARTED, {}, case_id=case_id, parent=head.hash)
    assert _refusal(ws, review) is None
    return review


def _staffed(branch: Branch) -> tuple[Workstation, Workstation, Workstation]:
    officer, first, second = (
        branch.enrol("front desk"),
        branch.enrol("sup 1"),
        branch.enrol("sup 2"),
    )
    officer.seed("officer.li", ["officer"])
    first.seed("sup.wang", ["supervisor"], tier="supervisor")
    second.seed("mgr.zhao", ["supervisor"], tier="branch_manager")
    return officer, first, second


def test_a_stale_decision_is_refused_and_each_approval_holds_its_place(branch: Branch) -> None:
    officer, first, second = _staffed(branch)
    other_sup = branch.enrol("sup 3")
    other_sup.seed("sup.li", ["supervisor"], tier="supervisor")
    # 350,000: beyond a supervisor's 200,000 and above dual control (300,000).
    case_id, submitted = _case_in_review(officer, "LD-T-000001", "350000")
    review = _review(first, case_id, submitted)

    approved = _decision(first, case_id, review.hash, "supervisor", "approve")
    assert _refusal(first, approved) is None

    # Signed on the case as it was before the first approval reached the server.
    stale = _decision(second, case_id, review.hash, "branch_manager", "approve", completes=True)
    reason = _refusal(second, stale)
    assert reason is not None
    assert "the case changed since this decision was signed" in reason

    # Another supervisor may not add the second signature: it needs a higher tier.
    same_tier = _decision(other_sup, case_id, approved.hash, "supervisor", "approve")
    reason = _refusal(other_sup, same_tier)
    assert reason is not None
    assert "must come from a higher tier" in reason

    # The refusals are kept in the device's chain: its next event goes on from them.
    higher = _decision(second, case_id, approved.hash, "branch_manager", "approve", completes=True)
    assert higher.device_seq == stale.device_seq + 1
    assert _refusal(second, higher) is None

    # Every desk reads the refusals with their reasons, in their places.
    pulled = officer.pull_all()
    by_id = dict(zip([Event.from_bytes(e).id for e in pulled.events], pulled.refused, strict=True))
    assert by_id[stale.id] is not None
    assert by_id[same_tier.id] is not None
    assert by_id[approved.id] is None
    assert by_id[higher.id] is None

    engine = sa.create_engine(branch.database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(approvals.c.slot, approvals.c.tier, approvals.c.event_id)
            ).all()
        assert sorted(rows) == [(0, "supervisor", approved.id), (1, "branch_manager", higher.id)]
        # The database itself refuses a second approval in a place, or by the same person.
        with engine.begin() as conn:
            round_of_first: str = conn.execute(
                sa.select(approvals.c.round).where(approvals.c.event_id == approved.id)
            ).scalar_one()
        for slot, actor in ((0, new_id()), (2, first.device.actor)):
            try:
                with engine.begin() as conn:
                    conn.execute(
                        approvals.insert().values(
                            case_id=case_id,
                            round=round_of_first,
                            slot=slot,
                            tier="supervisor",
                            actor=actor,
                            event_id=new_id(),
                        )
                    )
            except IntegrityError:
                continue
            raise AssertionError(f"the database took a second approval ({slot}, {actor})")
    finally:
        engine.dispose()


def test_above_dual_control_two_people_of_one_tier_complete_it(branch: Branch) -> None:
    officer, _, manager = _staffed(branch)
    deputy = branch.enrol("mgr 2")
    deputy.seed("mgr.qian", ["supervisor"], tier="branch_manager")
    # 400,000: within a branch manager's 500,000, above dual control.
    case_id, submitted = _case_in_review(officer, "LD-T-000005", "400000")
    review = _review(manager, case_id, submitted)
    first = _decision(manager, case_id, review.hash, "branch_manager", "approve")
    assert _refusal(manager, first) is None
    second = _decision(deputy, case_id, first.hash, "branch_manager", "approve", completes=True)
    assert _refusal(deputy, second) is None
    # Nor may the first sign again as the second.
    again = _decision(manager, case_id, second.hash, "branch_manager", "approve", completes=True)
    reason = _refusal(manager, again)
    assert reason is not None
    assert "the case had moved on" in reason  # it is approved now


def test_an_approval_claims_only_what_the_matrix_grants(branch: Branch) -> None:
    officer, supervisor, _ = _staffed(branch)
    case_id, submitted = _case_in_review(officer, "LD-T-000006", "100000")
    review = _review(supervisor, case_id, submitted)
    # Within a supervisor's authority and below dual control: it completes.
    modest = _decision(supervisor, case_id, review.hash, "supervisor", "approve")
    reason = _refusal(supervisor, modest)
    assert reason is not None
    assert "the authority matrix says it completes" in reason
    posing = _decision(supervisor, case_id, review.hash, "branch_manager", "approve")
    reason = _refusal(supervisor, posing)
    assert reason is not None
    assert "signed as tier branch_manager, and its author signs as supervisor" in reason
    right = _decision(supervisor, case_id, review.hash, "supervisor", "approve", completes=True)
    assert _refusal(supervisor, right) is None


def test_a_new_round_lets_a_tier_approve_again(branch: Branch) -> None:
    officer, first, _ = _staffed(branch)
    case_id, submitted = _case_in_review(officer, "LD-T-000003")
    review = _review(first, case_id, submitted)
    returned = _decision(first, case_id, review.hash, "supervisor", "return")
    assert _refusal(first, returned) is None
    # The officer changes the loan and submits again: a new round.
    changed = officer.device.emit(
        EventType.LOAN_REQUEST_UPDATED,
        {"fields": {"term_months": 24}},
        case_id=case_id,
        parent=returned.hash,
    )
    again = officer.device.emit(
        EventType.CASE_SUBMITTED,
        {"routing": "refer", "grade": "B", "rules": [], "products_version": "1"},
        case_id=case_id,
        parent=changed.hash,
    )
    assert [a["refused"] for a in officer.acks([changed, again])] == [None, None]
    review = _review(first, case_id, again)
    # The change made the score stale: the officer scores again, and then it may be approved.
    stale_score = _decision(first, case_id, review.hash, "supervisor", "approve", completes=True)
    reason = _refusal(first, stale_score)
    assert reason is not None
    assert "no current risk grade" in reason
    rescored = officer.device.emit(
        EventType.RISK_ASSESSED, _SCORED, case_id=case_id, parent=stale_score.hash
    )
    assert _refusal(officer, rescored) is None
    approved = _decision(first, case_id, rescored.hash, "supervisor", "approve", completes=True)
    assert _refusal(first, approved) is None


def test_a_decline_on_a_stale_case_is_refused_too(branch: Branch) -> None:
    officer, supervisor, _ = _staffed(branch)
    case_id, submitted = _case_in_review(officer, "LD-T-000002")
    review = _review(supervisor, case_id, submitted)
    comment = officer.device.emit(
        EventType.COMMENT_ADDED, {"text": "payslip added"}, case_id=case_id, parent=review.hash
    )
    assert _refusal(officer, comment) is None
    stale = _decision(supervisor, case_id, review.hash, "supervisor", "decline")
    reason = _refusal(supervisor, stale)
    assert reason is not None
    assert "sign anew" in reason


def test_who_may_what_and_signatures_are_the_servers_to_judge(branch: Branch) -> None:
    officer, supervisor, _ = _staffed(branch)
    case_id, submitted = _case_in_review(officer, "LD-T-000004")
    # An officer may not take a case for review, nor approve it.
    grab = officer.device.emit(EventType.REVIEW_STARTED, {}, case_id=case_id, parent=submitted.hash)
    reason = _refusal(officer, grab)
    assert reason is not None
    assert "officer.li may not do this (case.review)" in reason
    review = _review(supervisor, case_id, submitted)
    # A signature that does not verify under the author's key is refused.
    forged = _decision(supervisor, case_id, review.hash, "supervisor", "approve", signed=False)
    reason = _refusal(supervisor, forged)
    assert reason is not None
    assert "not signed with the key" in reason
    # A move the case's status does not allow (accepting a case in review).
    accept = officer.device.emit(EventType.CASE_ACCEPTED, {}, case_id=case_id, parent=review.hash)
    reason = _refusal(officer, accept)
    assert reason is not None
    assert "the case had moved on" in reason
    # Someone the branch does not know.
    stranger = branch.enrol("unknown desk")
    comment = stranger.device.emit(
        EventType.COMMENT_ADDED, {"text": "hello"}, case_id=case_id, parent=review.hash
    )
    reason = _refusal(stranger, comment)
    assert reason is not None
    assert "someone the branch does not know" in reason


def test_a_user_name_is_the_branchs_once(branch: Branch) -> None:
    first, second = branch.enrol("desk 1"), branch.enrol("desk 2")
    first.seed("admin", ["admin", "officer"])
    created = second.device.emit(
        EventType.PROFILE_CREATED, {"profile_id": new_id(), "name": "two"}, case_id=None
    )
    clash = second.device.emit(
        EventType.USER_ADDED,
        {
            "user_id": second.device.actor,
            "username": "admin",
            "display_name": "Another Admin",
            "roles": ["admin"],
        },
        case_id=None,
    )
    acks = second.acks([created, clash])
    assert [a["refused"] for a in acks] == [None, "the branch already has a user named admin"]
