"""The Documents tab: attach, read and record a file; refuse a bad one; cancel a reading."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.services.intake import IntakeService
from app.services.profile import Profile
from ocr.synth import generate
from ocr.types import DocKind
from tests.ui.conftest import OFFSCREEN_NOISE
from tests.ui.helpers import make_documents_tab
from ui import i18n
from ui.doctables import CONFIDENCE_COLUMN, PAGES_COLUMN, PROGRESS_COLUMN
from ui.documents import NARROW_WIDTH, DocumentsTab
from ui.reading import ReadProgress
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
READ_MS = 60_000


@pytest.fixture
def tab(qtbot: QtBot, profile: Profile, tasks: TaskManager) -> Iterator[DocumentsTab]:
    view = make_documents_tab(qtbot, profile, tasks, scanner=False)
    yield view
    view.close_review()


def cell(tab: DocumentsTab, row: int, column: int) -> str:
    item = tab.table.item(row, column)
    return item.text() if item is not None else ""


def checklist_state(tab: DocumentsTab, requirement: str) -> str:
    for row in range(tab.checklist.rowCount()):
        label = tab.checklist.item(row, 0)
        if label is not None and label.text() == requirement:
            state = tab.checklist.item(row, 1)
            return state.text() if state is not None else ""
    raise AssertionError(f"no checklist line {requirement!r}")


def payslip_pdf(tmp_path: Path, seed: int = 3) -> Path:
    path = tmp_path / f"payslip-{seed}.pdf"
    path.write_bytes(generate(DocKind.PAYSLIP, "en", seed).pdf())
    return path


def test_an_imported_payslip_is_read_recorded_and_listed(
    qtbot: QtBot, tab: DocumentsTab, profile: Profile, tmp_path: Path
) -> None:
    before = checklist_state(tab, "Proof of income")
    assert before.startswith("✗ Missing: ")
    assert "payslip ×2" in before
    with qtbot.waitSignal(tab.reader.read_did_finish, timeout=READ_MS) as finished:
        tab.attach_files([str(payslip_pdf(tmp_path))])
    assert finished.args is not None
    assert finished.args[1] is True
    intake = IntakeService(profile)
    assert tab.case_id is not None
    (doc,) = intake.documents(tab.case_id)
    assert (doc.status, doc.kind, doc.source) == ("read", DocKind.PAYSLIP, "import")
    qtbot.waitUntil(lambda: cell(tab, 0, 3) == "Read, to confirm")
    assert [cell(tab, 0, c) for c in range(3)] == ["payslip-3.pdf", "Payslip", "1"]
    # One payslip of the two asked for: the checklist now wants one more.
    qtbot.waitUntil(lambda: "×2" not in checklist_state(tab, "Proof of income"))
    after = checklist_state(tab, "Proof of income")
    assert after.startswith("✗ Missing: ")
    assert "payslip" in after


def test_a_truncated_pdf_is_refused_in_words_and_changes_nothing(
    qtbot: QtBot, tab: DocumentsTab, profile: Profile, tmp_path: Path
) -> None:
    broken = tmp_path / "statement.pdf"
    broken.write_bytes(generate(DocKind.PAYSLIP, "en", 1).pdf()[:300])
    with qtbot.waitSignal(tab.attach_was_refused) as refused:
        tab.attach_files([broken])
    assert refused.args == [tab.banner.text()]
    assert tab.banner.isVisible()
    assert tab.banner.text() == "The file is damaged and cannot be opened."
    assert tab.case_id is not None
    assert IntakeService(profile).documents(tab.case_id) == []
    assert tab.table.rowCount() == 0


def test_cancelling_a_reading_leaves_the_document_attached_without_an_error(
    qtbot: QtBot, tab: DocumentsTab, profile: Profile, tmp_path: Path
) -> None:
    card = tmp_path / "card.png"
    generate(DocKind.ID_CARD_FRONT, "zh", 5).pages[0].save(card)
    with qtbot.waitSignal(tab.document_did_attach) as attached:
        tab.attach_files([card])
    assert attached.args is not None
    document_id = attached.args[0]
    qtbot.waitUntil(lambda: isinstance(tab.table.cellWidget(0, PROGRESS_COLUMN), ReadProgress))
    progress = tab.table.cellWidget(0, PROGRESS_COLUMN)
    assert isinstance(progress, ReadProgress)
    assert cell(tab, 0, 3) == "Reading…"
    assert not tab.table.isColumnHidden(PROGRESS_COLUMN)
    with qtbot.waitSignal(tab.reader.read_did_cancel, timeout=READ_MS) as cancelled:
        QTest.mouseClick(progress.cancel, Qt.MouseButton.LeftButton)
    assert cancelled.args == [document_id]
    assert tab.case_id is not None
    (doc,) = IntakeService(profile).documents(tab.case_id)
    assert doc.status == "attached"
    qtbot.waitUntil(lambda: cell(tab, 0, 3) == "Attached")
    assert tab.table.cellWidget(0, PROGRESS_COLUMN) is None
    assert tab.table.isColumnHidden(PROGRESS_COLUMN)  # nothing is being read
    assert not tab.reader.jobs
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert [b for b in boxes if b.isVisible()] == []


def test_the_tab_speaks_chinese_after_a_language_switch(
    qtbot: QtBot, tab: DocumentsTab, qapp: QApplication
) -> None:
    assert tab.import_button.text() == "Attach files…"
    i18n.install(qapp, "zh_CN")
    # The language change reaches the widgets as a posted event.
    qtbot.waitUntil(lambda: tab.import_button.text() != "Attach files…")
    assert tab.import_button.text() == "添加文件…"
    state = checklist_state(tab, "收入证明")
    assert state.startswith("✗ 缺少：")
    assert "工资单 ×2" in state
    header = tab.table.horizontalHeaderItem(1)
    assert header is not None
    assert header.text() == "类型"


def test_beside_the_case_list_the_tab_keeps_what_matters(qtbot: QtBot, tab: DocumentsTab) -> None:
    wide = tab.width()
    assert wide >= NARROW_WIDTH
    assert tab.side_by_side.orientation() == Qt.Orientation.Horizontal
    assert not tab.table.isColumnHidden(PAGES_COLUMN)
    tab.resize(NARROW_WIDTH - 360, 700)
    qtbot.waitUntil(lambda: tab.side_by_side.orientation() == Qt.Orientation.Vertical)
    assert tab.table.isColumnHidden(PAGES_COLUMN)
    assert tab.table.isColumnHidden(CONFIDENCE_COLUMN)
    assert not tab.table.isColumnHidden(0)
    tab.resize(wide, 700)
    qtbot.waitUntil(lambda: tab.side_by_side.orientation() == Qt.Orientation.Horizontal)
    assert not tab.table.isColumnHidden(CONFIDENCE_COLUMN)


def test_removing_a_document_asks_why_and_takes_it_off_the_list(
    qtbot: QtBot, tab: DocumentsTab, profile: Profile, tmp_path: Path
) -> None:
    with qtbot.waitSignal(tab.reader.read_did_finish, timeout=READ_MS):
        tab.attach_files([str(payslip_pdf(tmp_path, seed=4))])
    qtbot.waitUntil(lambda: cell(tab, 0, 3) == "Read, to confirm")
    tab.table.selectRow(0)
    assert tab.remove_button.isEnabled()
    dialog = tab.ask_remove()
    assert dialog is not None
    assert "payslip-4.pdf" in dialog.question.text()
    assert not dialog.remove_button.isEnabled()  # no reason, no removal
    QTest.keyClicks(dialog.reason, "wrong applicant")
    assert dialog.remove_button.isEnabled()
    with qtbot.waitSignal(dialog.document_did_remove):
        QTest.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 0)
    assert tab.case_id is not None
    assert IntakeService(profile).documents(tab.case_id) == []
    assert not tab.remove_button.isEnabled()
