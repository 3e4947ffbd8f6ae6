"""The server holds decisions to the case as it stands, and one approval per tier a round."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.domain.events import Event, EventType
from app.domain.ids import new_id
from server.db import approvals
from tests.server.conftest import Branch
from tests.server.workstation import Workstation


def _decision(ws: Workstation, case_id: str, head: str, tier: str, decision: str) -> Event:
    payload = {
        "decision": decision,
        "tier": tier,
        "conditions": [],
        "reasons": ["Debt high relative to income"] if decision == "decline" else [],
        "note": "",
        "signed_head": head,
        "signed_at": "2026-12-01T10:00:00.000Z",
        "public_key": "ab" * 32,
        "signature": "cd" * 64,
        "completes": False,
        "signature_image": None,
    }
    return ws.device.emit(EventType.DECISION_SIGNED, payload, case_id=case_id, parent=head)


def _count(ws: Workstation) -> int:
    return len(ws.pull_all().events)


def test_a_stale_decision_is_refused_and_one_approval_per_tier_is_held(branch: Branch) -> None:
    officer, first, second = (
        branch.enrol("front desk"),
        branch.enrol("sup 1"),
        branch.enrol("sup 2"),
    )
    case_id = new_id()
    opened = officer.device.emit(EventType.CASE_OPENED, {"case_no": "LD-T-000001"}, case_id=case_id)
    assert officer.push([opened]).status_code == 200

    approved = _decision(first, case_id, opened.hash, "supervisor", "approve")
    assert first.push([approved]).status_code == 200

    # Signed on the case as it was before the first approval reached the server.
    stale = _decision(second, case_id, opened.hash, "branch_manager", "approve")
    refused = second.push([stale])
    assert refused.status_code == 409
    assert "the case changed since this decision was signed" in refused.json()["detail"]
    second.device.seq -= 1  # the refused event was never stored: its place is free again
    second.device.prev = None

    # On the case as it stands, but the tier has approved already this round.
    twice = _decision(second, case_id, approved.hash, "supervisor", "approve")
    refused = second.push([twice])
    assert refused.status_code == 409
    assert "already holds an approval of tier supervisor in this round" in refused.json()["detail"]
    second.device.seq -= 1
    second.device.prev = None
    before = _count(officer)

    higher = _decision(second, case_id, approved.hash, "branch_manager", "approve")
    assert second.push([higher]).status_code == 200
    assert _count(officer) == before + 1

    # A change to the loan starts a new round: the first tier may approve again.
    changed = officer.device.emit(
        EventType.LOAN_REQUEST_UPDATED,
        {"fields": {"term_months": 24}},
        case_id=case_id,
        parent=higher.hash,
    )
    assert officer.push([changed]).status_code == 200
    again = _decision(first, case_id, changed.hash, "supervisor", "approve")
    assert first.push([again]).status_code == 200

    engine = sa.create_engine(branch.database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.select(approvals.c.tier, approvals.c.event_id)).all()
        assert sorted(rows) == sorted(
            [("supervisor", approved.id), ("branch_manager", higher.id), ("supervisor", again.id)]
        )
        # The database itself refuses a second approval of a tier in a round.
        with engine.begin() as conn:
            round_of_first: str = conn.execute(
                sa.select(approvals.c.round).where(approvals.c.event_id == approved.id)
            ).scalar_one()
        try:
            with engine.begin() as conn:
                conn.execute(
                    approvals.insert().values(
                        case_id=case_id, round=round_of_first, tier="supervisor", event_id=new_id()
                    )
                )
        except IntegrityError:
            pass
        else:
            raise AssertionError("the database took a second approval of the same tier and round")
    finally:
        engine.dispose()


def test_a_decline_on_a_stale_case_is_refused_too(branch: Branch) -> None:
    officer, supervisor = branch.enrol("front desk"), branch.enrol("sup")
    case_id = new_id()
    opened = officer.device.emit(EventType.CASE_OPENED, {"case_no": "LD-T-000002"}, case_id=case_id)
    comment = officer.device.emit(
        EventType.COMMENT_ADDED, {"text": "payslip added"}, case_id=case_id, parent=opened.hash
    )
    assert officer.push([opened, comment]).status_code == 200
    stale = _decision(supervisor, case_id, opened.hash, "supervisor", "decline")
    refused = supervisor.push([stale])
    assert refused.status_code == 409
    assert "sign anew" in refused.json()["detail"]
