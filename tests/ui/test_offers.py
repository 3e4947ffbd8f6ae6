"""The Offer tab: the case's loan under each repayment method, side by side, and its schedule."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from app.domain.offers import Method
from app.services.cases import CaseService
from app.services.offers import OfferService
from app.services.profile import Profile
from tests.conftest import sign_in
from tests.services.test_decisions import GOOD
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from ui.mainwindow import MainWindow
from ui.offers import ROWS, OffersTab
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _tab(qtbot: QtBot, window: MainWindow, case_id: str) -> OffersTab:
    with qtbot.waitSignal(window.case_view.case_did_load):
        window.case_view.show_case(case_id)
    tab = window.case_view.offers
    assert tab is not None
    window.case_view.tabs.setCurrentWidget(tab)
    return tab


def _cell(tab: OffersTab, row: str, column: int) -> str:
    item = tab.compare.item(ROWS.index(row), column)
    return item.text() if item is not None else ""


def _shot(widget: OffersTab, name: str) -> None:
    folder = os.environ.get("LOANDESK_SHOTS")
    if folder:
        QCoreApplication.processEvents()
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def test_the_methods_are_side_by_side_and_the_schedule_follows_the_choice(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    sign_in(profile)
    case_id = (
        CaseService(profile)
        .open_case({**GOOD, "product": "small_business", "requested_amount": "240000"})
        .case_id
    )
    window = open_window(qtbot, profile, tasks)
    tab = _tab(qtbot, window, case_id)
    qtbot.waitUntil(lambda: tab.sheet is not None, timeout=20_000)
    sheet = OfferService(profile).sheet(case_id)
    headers = [tab.compare.horizontalHeaderItem(c).text() for c in range(3)]  # type: ignore[union-attr]
    assert headers == [
        "Equal instalments",
        "Equal principal",
        "Interest only",
    ]
    for column, item in enumerate(sheet.schedules):
        assert _cell(tab, "first", column) == f"{item.first_payment:,} CNY"
        assert _cell(tab, "interest", column) == f"{item.total_interest:,} CNY"
        assert _cell(tab, "apr", column) == f"{item.apr} %"
    assert sheet.affordable is not None
    assert f"{sheet.affordable:,} CNY" in tab.affordable.text()
    assert tab.schedule.rowCount() == 36
    tab.method.setCurrentIndex(tab.method.findData(Method.INTEREST_ONLY.value))
    last = tab.schedule.item(35, 1)
    assert last is not None
    assert last.text() == f"{sheet.schedule(Method.INTEREST_ONLY).rows[-1].payment:,}"
    _shot(tab, "offer-en")


def test_a_case_without_terms_says_what_to_fill_in_and_in_chinese(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    sign_in(profile)
    case_id = CaseService(profile).open_case({"full_name": "No Terms"}).case_id
    window = open_window(qtbot, profile, tasks)
    with qtbot.waitSignal(window.ops.operation_did_execute):
        window.set_language("zh_CN")
    tab = _tab(qtbot, window, case_id)
    qtbot.waitUntil(lambda: tab.problem.isVisible(), timeout=20_000)
    assert tab.problem.text() == "填写产品、金额和期限后即可查看贷款方案。"
    assert not tab.compare.isVisible()
    items = [tab.compare.verticalHeaderItem(r) for r in range(len(ROWS))]
    labels = [item.text() for item in items if item is not None]
    assert len(labels) == len(ROWS)
    assert all(re.search(r"[\u4e00-\u9fff]", label) for label in labels)
    with qtbot.waitSignal(window.ops.operation_did_execute):
        window.set_language("en")
