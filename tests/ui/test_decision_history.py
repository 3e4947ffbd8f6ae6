"""A case's history tells each step of the decision in words, built from the real events."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from app.domain.events import EventType
from app.domain.history import history
from app.domain.roles import Role
from app.services.decisions import DecisionService
from app.services.profile import Profile
from tests.conftest import USER_PASSWORD, act_as
from tests.services.test_decisions import submitted_case
from ui import i18n
from ui.history import event_text


def _told(profile: Profile, case_id: str) -> list[str]:
    steps = (EventType.CASE_SUBMITTED, EventType.REVIEW_STARTED, EventType.DECISION_SIGNED)
    return [
        event_text(e, "Someone")
        for e in history(profile.store.case_events(case_id))
        if e.type in steps
    ]


@pytest.mark.usefixtures("qapp")
def test_submission_review_and_decline_are_told_in_words(
    profile: Profile, qapp: QApplication
) -> None:
    case_id = submitted_case(profile)
    act_as(profile, Role.SUPERVISOR)
    decisions = DecisionService(profile)
    decisions.start_review(case_id)
    decisions.decide(case_id, "decline", USER_PASSWORD, reasons=["Debt high relative to income"])
    told = _told(profile, case_id)
    assert "Someone submitted the case (the rules" in told[0]
    assert told[1].endswith("Someone took the case for review")
    assert told[2].endswith("Someone declined and signed the case: Debt high relative to income")
    i18n.install(qapp, "zh_CN")
    try:
        assert "拒绝并签署了案件" in _told(profile, case_id)[2]
    finally:
        i18n.install(qapp, "en")
