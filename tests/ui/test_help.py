"""F1 opens the guide to what is on screen; the guides and glossary exist in both languages."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services.profile import Profile
from tests.services.test_decisions import submitted_case
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.test_admin_menu import RAISE_NOISE
from ui import i18n
from ui.help import GLOSSARY, load_help
from ui.mainwindow import MainWindow
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, RAISE_NOISE)
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_guide_and_term_is_written_in_both_languages() -> None:
    help_ = load_help()
    keys = [topic.key for topic in help_.topics]
    assert len(keys) == len(set(keys))
    for topic in help_.topics:
        for words in (topic.title, topic.body):
            assert set(words) == {"en", "zh"}
            assert words["en"].strip()
            assert not CJK.search(words["en"])
            assert CJK.search(words["zh"])
    terms = {term.term["en"].split(" (")[0] for term in help_.glossary}
    assert {"PD", "DTI", "LTV", "APR", "Reasons", "PSI"} <= terms
    assert any(term.term["en"].startswith("Grade") for term in help_.glossary)
    for term in help_.glossary:
        assert CJK.search(term.term["zh"] + term.meaning["zh"])
        assert not CJK.search(term.term["en"] + term.meaning["en"])


def test_f1_opens_the_guide_to_the_open_tab(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    case_id = submitted_case(profile)
    window = open_window(qtbot, profile, tasks)
    assert window.help_topic() == "cases"
    with qtbot.waitSignal(window.case_view.case_did_load):
        window.case_view.show_case(case_id)
    assert window.help_topic() == "applicant"
    for tab, key in (
        (window.case_view.risk, "risk"),
        (window.case_view.decision, "decision"),
        (window.case_view.documents, "documents"),
    ):
        assert tab is not None
        window.case_view.tabs.setCurrentWidget(tab)
        assert window.help_topic() == key
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F1)
    dialog = window.help_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.current_key() == "documents"
    guide = load_help().topic("documents")
    assert guide is not None
    assert guide.title["en"] in dialog.page.toPlainText()


def test_the_glossary_follows_the_language(
    qtbot: QtBot, window: MainWindow, qapp: QApplication
) -> None:
    window.glossary_action.trigger()
    dialog = window.help_dialog
    assert dialog is not None
    assert dialog.current_key() == GLOSSARY
    shown = dialog.page.toPlainText()
    assert all(term.term["en"] in shown for term in load_help().glossary)
    i18n.install(qapp, "zh_CN")
    try:
        qtbot.waitUntil(lambda: "术语表" in dialog.page.toPlainText())
        assert dialog.current_key() == GLOSSARY
        assert all(term.term["zh"] in dialog.page.toPlainText() for term in load_help().glossary)
    finally:
        i18n.install(qapp, "en")
