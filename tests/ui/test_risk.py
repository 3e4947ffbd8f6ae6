"""The Risk tab in the main window: live score and reasons, recording, what-if, stress, Chinese."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.events import EventType
from app.services.cases import CaseService
from app.services.profile import Profile
from app.services.risk import RiskService
from tests.ui.conftest import OFFSCREEN_NOISE
from tests.ui.helpers import event_types, save, type_into
from ui import i18n, texts
from ui.mainwindow import MainWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

FORM = {
    "full_name": "王小明",
    "date_of_birth": "1992-04-18",
    "employed_since": "2024-02-01",
    "home": "rent",
    "job_type": "freelance",
    "monthly_income": "9000",
    "monthly_expenses": "4000",
    "arrears_on_file": "yes",
    "product": "personal",
    "requested_amount": "120000",
    "term_months": 48,
}


def _open(qtbot: QtBot, window: MainWindow, profile: Profile) -> str:
    case_id = CaseService(profile).open_case(FORM).case_id
    with qtbot.waitSignal(window.case_view.case_did_load):
        window.case_view.show_case(case_id)
    risk = window.case_view.risk
    assert risk is not None
    window.case_view.tabs.setCurrentWidget(risk)
    qtbot.waitUntil(lambda: risk.grade.text() != "–", timeout=20_000)
    return case_id


def _shot(window: MainWindow, name: str) -> None:
    folder = os.environ.get("LOANDESK_SHOTS")
    if folder:
        window.grab().save(str(Path(folder) / f"{name}.png"))


def test_nothing_is_scored_until_the_tab_is_shown(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    case_id = CaseService(profile).open_case(FORM).case_id
    with qtbot.waitSignal(window.case_view.case_did_load):
        window.case_view.show_case(case_id)
    risk = window.case_view.risk
    assert risk is not None
    qtbot.wait(300)
    assert risk.grade.text() == "–"
    window.case_view.tabs.setCurrentWidget(risk)
    qtbot.waitUntil(lambda: risk.grade.text() != "–", timeout=20_000)


def test_the_tab_shows_the_live_score_and_its_reasons(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    case_id = _open(qtbot, window, profile)
    risk = window.case_view.risk
    assert risk is not None
    expected = RiskService(profile).preview(case_id).champion
    assert risk.grade.text() == expected.grade
    assert texts.format_percent(expected.pd) in risk.headline.text()
    for reason in expected.reasons:
        assert reason.text_en in risk.reasons.text()
    # what the officer left empty is named by its label, with what to do
    assert "Outstanding debt" in risk.missing.text()
    assert "Fill them in and save" in risk.missing.text()
    assert risk.stress.rowCount() == 6
    assert "Not recorded yet" in risk.recorded.text()
    _shot(window, "risk-en")


def test_recording_keeps_the_score_and_a_change_makes_it_stale(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    _open(qtbot, window, profile)
    risk = window.case_view.risk
    assert risk is not None
    before = event_types(profile).count(EventType.RISK_ASSESSED)
    risk.record_button.click()
    qtbot.waitUntil(lambda: "Recorded: grade" in risk.recorded.text(), timeout=20_000)
    assert event_types(profile).count(EventType.RISK_ASSESSED) == before + 2
    type_into(window.case_view, "monthly_income", "5000")
    assert save(qtbot, window)
    qtbot.waitUntil(lambda: "changed since" in risk.recorded.text(), timeout=20_000)


def test_a_smaller_amount_in_the_what_if_is_never_riskier(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    case_id = _open(qtbot, window, profile)
    risk = window.case_view.risk
    assert risk is not None
    now = RiskService(profile).preview(case_id).champion.pd
    risk.amount.setValue(50)
    assert "60,000 CNY" in risk.amount_value.text()
    [half] = RiskService(profile).what_if(case_id, [("half", {"requested_amount": 60000.0})])
    assert half.pd <= now
    assert texts.format_percent(half.pd) in risk.what_if_result.text()


def test_in_chinese_the_reasons_come_from_the_spec_in_chinese(
    qtbot: QtBot, window: MainWindow, profile: Profile, qapp: QApplication
) -> None:
    case_id = _open(qtbot, window, profile)
    risk = window.case_view.risk
    assert risk is not None
    i18n.install(qapp, "zh_CN")
    qtbot.waitUntil(lambda: "主要原因" in risk.reasons.text(), timeout=5_000)
    expected = RiskService(profile).preview(case_id).champion
    for reason in expected.reasons:
        assert reason.text_zh in risk.reasons.text()
    assert "违约概率" in risk.headline.text()
    _shot(window, "risk-zh_CN")


@pytest.mark.parametrize("amount", ["", "0.01"])
def test_the_what_if_asks_for_an_amount_or_scores_a_tiny_one(
    qtbot: QtBot, window: MainWindow, profile: Profile, amount: str
) -> None:
    form = {**FORM, "requested_amount": amount or None}
    case_id = CaseService(profile).open_case({k: v for k, v in form.items() if v}).case_id
    with qtbot.waitSignal(window.case_view.case_did_load):
        window.case_view.show_case(case_id)
    risk = window.case_view.risk
    assert risk is not None
    window.case_view.tabs.setCurrentWidget(risk)
    qtbot.waitUntil(lambda: risk.grade.text() != "–", timeout=20_000)
    if amount:
        assert "probability of default" in risk.what_if_result.text()
    else:
        assert "Enter the amount requested" in risk.what_if_result.text()
