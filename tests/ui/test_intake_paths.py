"""Ways in to the Documents tab besides Import: the scan folder, drag and drop, the scanner.

Also the scan-folder setting, unsaved typing kept across a document read, and
a statement without salary credits shown as such rather than as an error.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from app.domain.docevents import DocumentState
from app.domain.roles import Role
from app.services.cases import CaseService
from app.services.changes import OpChanges
from app.services.intake import IntakeService
from app.services.profile import Profile
from app.services.settings import load_settings
from ocr.synth import generate
from ocr.types import DocKind
from tests.conftest import act_as
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.helpers import make_documents_tab, type_into
from ui.caseview import CaseView
from ui.documents import DocumentsTab
from ui.notices import ERROR_COLOUR
from ui.scanfolder import POLL_MS, ScanFolderDialog, folder_problem
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
READ_MS = 60_000


@pytest.fixture
def tab(qtbot: QtBot, profile: Profile, tasks: TaskManager) -> Iterator[DocumentsTab]:
    view = make_documents_tab(qtbot, profile, tasks)
    yield view
    view.close_review()


def documents(profile: Profile, tab: DocumentsTab) -> list[DocumentState]:
    assert tab.case_id is not None
    return IntakeService(profile).documents(tab.case_id)


def cell(tab: DocumentsTab, row: int, column: int) -> str:
    item = tab.table.item(row, column)
    return item.text() if item is not None else ""


def settled(path: Path) -> Path:
    """As a scanner's file looks once written: last changed a minute ago."""
    past = time.time() - 60
    os.utime(path, (past, past))
    return path


# -- the watched folder ----------------------------------------------------------------
def test_the_scan_folder_is_emptied_into_the_open_case(
    qtbot: QtBot, tab: DocumentsTab, profile: Profile, tmp_path: Path
) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    assert not tab.watch.timer.isActive()
    profile.update_settings(lambda s: replace(s, scan_folder=str(folder)))
    tab.on_operation(OpChanges(settings=True))
    assert tab.watch.timer.isActive()

    payslip = folder / "payslip.pdf"
    payslip.write_bytes(generate(DocKind.PAYSLIP, "en", 4).pdf())
    settled(payslip)
    bad = folder / "bad.pdf"
    bad.write_bytes(generate(DocKind.PAYSLIP, "en", 1).pdf()[:300])
    settled(bad)

    with (
        qtbot.waitSignal(tab.attach_was_refused, timeout=POLL_MS * 4) as refused,
        qtbot.waitSignal(tab.reader.read_did_finish, timeout=READ_MS) as finished,
    ):
        pass  # the tab's own timer looks into the folder
    assert finished.args is not None
    assert finished.args[1] is True
    (doc,) = documents(profile, tab)
    assert (doc.name, doc.source, doc.status) == ("payslip.pdf", "folder", "read")
    assert doc.kind is DocKind.PAYSLIP
    # The plain file is gone once it is in the encrypted database; the bad one stays, renamed.
    assert sorted(p.name for p in folder.iterdir()) == ["bad.pdf.refused"]
    assert refused.args is not None
    said = refused.args[0]
    assert said == tab.banner.text()
    assert tab.banner.isVisible()
    assert "bad.pdf from the scan folder was not taken in" in said
    assert "left there as bad.pdf.refused" in said
    qtbot.waitUntil(lambda: cell(tab, 0, 3) == "Read, to confirm")
    assert tab.table.rowCount() == 1
    assert cell(tab, 0, 0) == "payslip.pdf"


def test_without_an_open_case_the_folder_is_not_watched(
    tab: DocumentsTab, profile: Profile, tmp_path: Path
) -> None:
    profile.update_settings(lambda s: replace(s, scan_folder=str(tmp_path)))
    tab.on_operation(OpChanges(settings=True))
    assert tab.watch.timer.isActive()
    tab.set_case(None)
    assert not tab.watch.timer.isActive()


# -- drag and drop --------------------------------------------------------------------
def _drop_data(*paths: Path) -> QMimeData:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return data


def test_a_dropped_file_is_attached_and_read(
    qtbot: QtBot, tab: DocumentsTab, profile: Profile, tmp_path: Path
) -> None:
    path = tmp_path / "bill.pdf"
    path.write_bytes(generate(DocKind.UTILITY_BILL, "en", 2).pdf())
    data = _drop_data(path)
    actions = Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(200, 200), actions, data, buttons, keys)
    enter.setAccepted(False)
    QApplication.sendEvent(tab, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(200, 200), actions, data, buttons, keys)
    with qtbot.waitSignal(tab.reader.read_did_finish, timeout=READ_MS) as finished:
        QApplication.sendEvent(tab, drop)
    assert drop.isAccepted()
    assert finished.args is not None
    assert finished.args[1] is True
    (doc,) = documents(profile, tab)
    assert (doc.name, doc.source, doc.status) == ("bill.pdf", "drop", "read")
    assert path.exists()  # a dropped file is the officer's own: it is left where it was


def test_a_web_link_is_not_taken_as_a_drop(tab: DocumentsTab) -> None:
    data = QMimeData()
    data.setUrls([QUrl("https://example.com/statement.pdf")])
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter.setAccepted(False)
    QApplication.sendEvent(tab, enter)
    assert not enter.isAccepted()


# -- the scanner ----------------------------------------------------------------------
@pytest.mark.usefixtures("sane_test_backend")
def test_the_scan_button_attaches_a_scanned_page(
    qtbot: QtBot, tab: DocumentsTab, profile: Profile
) -> None:
    assert tab.scan_button.isVisible()
    assert tab.scan_button.isEnabled()
    with qtbot.waitSignal(tab.document_did_attach, timeout=READ_MS) as attached:
        QTest.mouseClick(tab.scan_button, Qt.MouseButton.LeftButton)
    assert attached.args is not None
    # The test pattern has nothing to read: stop the reading rather than wait for it.
    tab.reader.cancel(attached.args[0])
    qtbot.waitUntil(lambda: not tab.reader.jobs, timeout=READ_MS)
    (doc,) = documents(profile, tab)
    assert doc.document_id == attached.args[0]
    assert doc.source == "scan"
    assert (doc.media_type, doc.page_count) == ("image/png", 1)
    assert doc.name.startswith("scan ")
    qtbot.waitUntil(tab.scan_button.isEnabled)


def test_without_scanimage_there_is_no_scan_button(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    view = make_documents_tab(qtbot, profile, tasks)
    assert view.import_button.isVisible()
    assert not view.scan_button.isVisible()


# -- the setting ----------------------------------------------------------------------
def test_the_settings_dialog_saves_and_clears_the_scan_folder(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, tmp_path: Path
) -> None:
    act_as(profile, Role.OFFICER)
    window = open_window(qtbot, profile, tasks)
    assert window.scan_folder_action.isVisible()
    window.scan_folder_action.trigger()
    dialog = window.findChild(ScanFolderDialog)
    assert isinstance(dialog, ScanFolderDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert "then deleted from the folder" in dialog.explain.text()
    assert dialog.folder.text() == "No folder is watched."
    assert not dialog.stop.isEnabled()

    folder = tmp_path / "scanner out"
    folder.mkdir()
    QTest.mouseClick(dialog.choose, Qt.MouseButton.LeftButton)
    chooser = dialog.chooser
    assert isinstance(chooser, QFileDialog)
    qtbot.waitUntil(chooser.isVisible)
    chooser.setDirectory(str(tmp_path))
    chooser.selectFile(str(folder))
    with qtbot.waitSignal(dialog.scan_folder_did_change) as saved:
        chooser.accept()
    assert saved.args == [str(folder)]
    assert load_settings(profile.settings_path).scan_folder == str(folder)
    assert dialog.folder.text() == f"Watched folder: {folder}"
    assert dialog.stop.isEnabled()

    with qtbot.waitSignal(dialog.scan_folder_did_change) as cleared:
        QTest.mouseClick(dialog.stop, Qt.MouseButton.LeftButton)
    assert cleared.args == [None]
    assert load_settings(profile.settings_path).scan_folder is None
    assert dialog.folder.text() == "No folder is watched."
    dialog.reject()


def test_only_a_folder_that_exists_may_be_watched(tmp_path: Path) -> None:
    assert folder_problem(str(tmp_path)) is None
    assert folder_problem(str(tmp_path / "gone")) == "That folder does not exist."
    (tmp_path / "file.pdf").write_bytes(b"%PDF")
    assert folder_problem(str(tmp_path / "file.pdf")) == "That folder does not exist."


# -- typing kept, and a statement without salary ----------------------------------------
def _case_on_screen(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, fields: dict[str, str]
) -> tuple[str, CaseView]:
    """An officer's new case, open in the main window."""
    act_as(profile, Role.OFFICER)
    case_id = CaseService(profile).open_case(fields).case_id
    window = open_window(qtbot, profile, tasks)
    view = window.case_view
    with qtbot.waitSignal(view.case_did_load):
        window.case_list.select_case(case_id)
    return case_id, view


def test_unsaved_typing_stays_when_a_document_is_recorded(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, tmp_path: Path
) -> None:
    case_id, view = _case_on_screen(qtbot, profile, tasks, {"full_name": "Zhao Lei"})
    type_into(view, "phone", "13900139000")
    assert view.form.dirty
    assert view.documents is not None
    path = tmp_path / "payslip.pdf"
    path.write_bytes(generate(DocKind.PAYSLIP, "en", 6).pdf())
    with qtbot.waitSignal(view.documents.reader.read_did_finish, timeout=READ_MS):
        view.documents.attach_files([path])
    # The case changed (its history has the reading) and is loaded again ...
    with qtbot.waitSignal(view.case_did_load, timeout=10_000):
        pass
    assert len(IntakeService(profile).documents(case_id)) == 1
    # ... but the officer's typing is still there, still unsaved.
    line = view.form.editor("phone").line
    assert line is not None
    assert line.text() == "13900139000"
    assert view.form.dirty
    assert CaseService(profile).get(case_id).fields.get("phone") in (None, "")


def test_a_statement_without_salary_says_so_without_an_error(
    qtbot: QtBot, tab: DocumentsTab, tmp_path: Path
) -> None:
    sample = generate(DocKind.BANK_STATEMENT, "en", 18)
    assert "salary_credit" not in sample.fields  # no salary was paid into this account
    path = tmp_path / "statement.pdf"
    path.write_bytes(sample.pdf())
    with qtbot.waitSignal(tab.reader.read_did_finish, timeout=READ_MS) as finished:
        tab.attach_files([path])
    assert finished.args is not None
    qtbot.waitUntil(lambda: bool(tab.docs) and tab.docs[0].status == "read")
    tab.open_review(finished.args[0])
    review = tab.review
    assert review is not None
    qtbot.waitUntil(lambda: "salary_credit" in review.fields.names())
    assert review.fields.kind is DocKind.BANK_STATEMENT
    row = review.fields.row("salary_credit")
    assert row.line.text() == ""
    assert row.note.text() == "– None on this document"
    assert row.problem() is None
    assert ERROR_COLOUR not in row.note.styleSheet()
    assert ERROR_COLOUR not in row.line.styleSheet()
    assert review.fields.months.rowCount() == len(sample.months)


def test_a_confirmation_filling_the_form_keeps_the_officers_unsaved_typing(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    case_id, view = _case_on_screen(qtbot, profile, tasks, {"phone": "13900139000"})
    type_into(view, "address", "上海市徐汇区人民路1号")
    intake = IntakeService(profile)
    sample = generate(DocKind.ID_CARD_FRONT, "zh", 9)
    document_id = intake.attach(case_id, sample.pdf(), "card.pdf").document_id
    intake.record(intake.read(case_id, document_id))
    confirmed = intake.confirm(case_id, document_id, intake.document(case_id, document_id).values())
    with qtbot.waitSignal(view.case_did_load, timeout=10_000):
        view.on_operation(confirmed)
    # The card filled the empty name; the typed, unsaved address stays on top.
    name = view.form.editor("full_name").line
    address = view.form.editor("address").line
    assert name is not None
    assert address is not None
    assert name.text() == sample.fields["full_name"]
    assert address.text() == "上海市徐汇区人民路1号"
    assert view.form.dirty
    assert "address" in view.form.edited()
