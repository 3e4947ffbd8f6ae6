"""The print dialog, driven as an officer would: choose, type the password, save the PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from app.domain.events import EventType
from app.letters.texts import say
from app.services.cases import CaseService
from app.services.letters import LetterService
from app.services.profile import Profile
from tests.conftest import PASSWORD
from tests.services.test_letters import (
    REASONS,
    approved_case,
    declined_case,
    events_of,
    text_of,
)
from tests.ui.conftest import OFFSCREEN_NOISE
from ui import i18n
from ui.mainwindow import MainWindow
from ui.printing import PrintDialog, ProductSheetDialog
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def _dialog(qtbot: QtBot, profile: Profile, tasks: TaskManager, case_id: str) -> PrintDialog:
    dialog = PrintDialog(LetterService(profile), tasks, CaseService(profile).get(case_id))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _choices(dialog: PrintDialog) -> list[str]:
    return [str(dialog.kind.itemData(i)) for i in range(dialog.kind.count())]


def _choose(dialog: PrintDialog, kind: str, language: str) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    dialog.language.setCurrentIndex(dialog.language.findData(language))


def _save_as(qtbot: QtBot, dialog: PrintDialog, target: Path) -> QFileDialog:
    QTest.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    chooser = dialog.chooser
    assert isinstance(chooser, QFileDialog)
    qtbot.waitUntil(chooser.isVisible)
    chooser.setDirectory(str(target.parent))
    chooser.selectFile(str(target))
    return chooser


def test_only_the_documents_the_cases_status_allows_are_offered(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    approved = _dialog(qtbot, profile, tasks, approved_case(profile))
    assert _choices(approved) == ["offer", "approval", "memo"]
    assert [approved.kind.itemText(i) for i in range(3)] == [
        "Offer and repayment schedule",
        "Approval letter",
        "Credit memo (internal)",
    ]
    assert approved.method.isEnabled()  # an offer's schedule has a repayment method
    _choose(approved, "memo", "en")
    assert not approved.method.isEnabled()
    declined = _dialog(qtbot, profile, tasks, declined_case(profile, REASONS))
    assert _choices(declined) == ["decline", "memo"]
    assert not declined.method.isEnabled()


def test_the_chosen_document_is_printed_in_the_chosen_language_to_the_chosen_file(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, tmp_path: Path
) -> None:
    case_id = approved_case(profile)
    dialog = _dialog(qtbot, profile, tasks, case_id)
    assert dialog.language.currentData() == "en"  # the UI's language
    _choose(dialog, "approval", "zh")
    dialog.password.setText(PASSWORD)
    target = tmp_path / "approval.pdf"
    chooser = _save_as(qtbot, dialog, target)
    with qtbot.waitSignal(dialog.pdf_did_save, timeout=30_000) as saved:
        chooser.accept()
    assert saved.args == [str(target)]
    assert say("approval_title", "zh") in text_of(target.read_bytes())
    assert events_of(profile, EventType.PRINTED) == [{"what": "approval", "case_id": case_id}]
    assert dialog.result() == PrintDialog.DialogCode.Accepted


def test_a_missing_or_wrong_password_is_said_in_the_dialog_and_nothing_is_printed(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, profile, tasks, approved_case(profile))
    QTest.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "Enter your password to print."
    assert dialog.chooser is None  # no file is asked for without a password
    dialog.password.setText("certainly not the password")
    target = tmp_path / "memo.pdf"
    _choose(dialog, "memo", "en")
    _save_as(qtbot, dialog, target).accept()
    qtbot.waitUntil(lambda: dialog.problem.text() != "", timeout=30_000)
    expected = QCoreApplication.translate("Messages", "The password is not right.")
    assert dialog.problem.text() == expected
    assert dialog.password.text() == ""
    assert dialog.save.isEnabled()
    assert not target.exists()
    assert events_of(profile, EventType.PRINTED) == []


def test_the_document_language_starts_as_the_ui_language(
    qtbot: QtBot, qapp: QApplication, profile: Profile, tasks: TaskManager
) -> None:
    case_id = approved_case(profile)
    assert i18n.install(qapp, "zh_CN")
    dialog = _dialog(qtbot, profile, tasks, case_id)
    assert dialog.language.currentData() == "zh"
    assert dialog.language.currentText() == "简体中文"


def test_a_product_sheet_is_saved_from_the_file_menu_in_the_chosen_language(
    qtbot: QtBot, window: MainWindow, profile: Profile, tmp_path: Path
) -> None:
    assert window.sheet_action.isVisible()  # the admin of a new profile is an officer too
    window.sheet_action.trigger()
    dialog = window.sheet_dialog
    assert isinstance(dialog, ProductSheetDialog)
    products = [dialog.product.itemText(i) for i in range(dialog.product.count())]
    assert products == ["Personal loan", "Small business loan", "Secured loan"]
    dialog.product.setCurrentIndex(1)
    dialog.language.setCurrentIndex(dialog.language.findData("zh"))
    target = tmp_path / "sheet.pdf"
    QTest.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    chooser = dialog.chooser
    assert isinstance(chooser, QFileDialog)
    qtbot.waitUntil(chooser.isVisible)
    chooser.setDirectory(str(target.parent))
    chooser.selectFile(str(target))
    with qtbot.waitSignal(dialog.pdf_did_save, timeout=30_000):
        chooser.accept()
    text = text_of(target.read_bytes())
    assert "小微企业贷款" in text
    assert events_of(profile, EventType.PRINTED) == [
        {"what": "product_sheet:small_business", "case_id": None}
    ]
