"""A case's Documents tab: attach files (import, drop, scan, scan folder), read them, list them.

Attaching is a command on the write lane; reading then starts on the pool by
itself, page by page with a Cancel button, and its result is recorded on the
write lane. Below the list: the case's checklist and the cross-checks.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.checklist import ChecklistItem
from app.domain.crosscheck import Finding
from app.domain.docevents import DocumentState
from app.domain.masking import mask_field
from app.errors import UserError
from app.services.changes import CaseOpChanges, OpChanges
from app.services.intake import DocumentRefused, FolderImport, IntakeService, ReadCancelled, Reading
from app.services.scanner import scan_page, scanner_available
from ui import doctexts, messages
from ui.fields import ERROR_COLOUR
from ui.operations import Operations
from ui.review import ReviewDialog
from ui.taskman import Cancelled, Lane, TaskHandle

POLL_MS = 3000
FILE_FILTERS = "*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.pdf"
COLUMNS = 7
PROGRESS_COLUMN = 6


@dataclass(frozen=True)
class LoadedDocuments:
    case_id: str
    documents: list[DocumentState]
    checklist: list[ChecklistItem]
    findings: list[Finding]


class _Progress(QObject):
    """Carries a reader's per-page progress from the pool thread to the UI thread."""

    #: (document_id, pages done, pages in all)
    did_progress = Signal(str, int, int)


class ReadProgress(QWidget):
    """A document's reading in its row: a bar (page n of m) and Cancel."""

    def __init__(self, on_cancel: Callable[[], None]) -> None:
        super().__init__()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.cancel = QPushButton(QCoreApplication.translate("Documents", "Cancel"))
        self.cancel.setObjectName("cancel-read")
        self.cancel.clicked.connect(on_cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel)

    def show_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.bar.setFormat(
            QCoreApplication.translate("Documents", "Page {0} of {1}").format(
                min(done + 1, total), total
            )
        )


def _table(name: str, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _item(text: str, *, colour: str | None = None, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if colour is not None:
        item.setForeground(QColor(colour))
    item.setToolTip(tip or text)
    return item


def _file_content(path: Path) -> tuple[bytes, str]:
    return path.read_bytes(), path.name


def _document_cells(doc: DocumentState, reading: bool) -> list[str]:
    confidences = [f.confidence for f in doc.fields]
    lowest = f"{round(min(confidences) * 100)}%" if confidences else "—"
    problems = sum(len(f.problems) for f in doc.fields)
    status = doctexts.status_label(doc.status)
    if reading:
        status = QCoreApplication.translate("Documents", "Reading…")
    return [
        doc.name,
        doctexts.kind_label(doc.kind),
        str(doc.page_count),
        status,
        lowest,
        str(problems) if doc.status != "attached" else "—",
        "",
    ]


class Reader(QObject):
    """Reads documents on the pool, one task each, and records what was read."""

    #: (document_id, pages done, pages in all)
    read_did_progress = Signal(str, int, int)
    #: (document_id, recorded) reading ended: recorded, or refused
    read_did_finish = Signal(str, bool)
    #: (document_id) the user cancelled the reading
    read_did_cancel = Signal(str)
    #: (document_id, error: UserError) the file could not be read or recorded
    read_was_refused = Signal(str, object)

    def __init__(self, intake: IntakeService, ops: Operations) -> None:
        super().__init__()
        self._intake, self._ops = intake, ops
        self._progress = _Progress()
        self._progress.did_progress.connect(self.read_did_progress)
        self.jobs: dict[str, TaskHandle] = {}

    def reading(self, document_id: str) -> bool:
        return document_id in self.jobs

    def start(self, case_id: str, document_id: str) -> None:
        if document_id in self.jobs:
            return
        intake, progress = self._intake, self._progress
        handles: list[TaskHandle] = []

        def work() -> Reading:
            try:
                return intake.read(
                    case_id,
                    document_id,
                    workers=os.cpu_count() or 1,
                    progress=lambda done, total: progress.did_progress.emit(
                        document_id, done, total
                    ),
                    cancelled=lambda: bool(handles) and handles[0].cancelled,
                )
            except ReadCancelled:
                raise Cancelled from None

        handle = self._ops.tasks.run(
            work,
            self._on_read,
            lambda exc: self._on_refused(document_id, exc),
            on_finally=lambda: self._on_ended(document_id, handles[0]),
        )
        handles.append(handle)
        self.jobs[document_id] = handle

    def cancel(self, document_id: str) -> None:
        handle = self.jobs.get(document_id)
        if handle is not None:
            handle.cancel()

    def _on_read(self, reading: Reading) -> None:
        intake = self._intake
        self._ops.run(
            lambda: intake.record(reading),
            initiator=self,
            on_done=lambda _c: self.read_did_finish.emit(reading.document_id, True),
            on_error=lambda exc: self._on_refused(reading.document_id, exc),
        )

    def _on_refused(self, document_id: str, exc: UserError) -> None:
        self.read_was_refused.emit(document_id, exc)
        self.read_did_finish.emit(document_id, False)

    def _on_ended(self, document_id: str, handle: TaskHandle) -> None:
        if self.jobs.get(document_id) is handle:
            del self.jobs[document_id]
        if handle.cancelled:
            self.read_did_cancel.emit(document_id)


class DocumentsTab(QWidget):
    """The open case's documents, its checklist and the cross-checks; files dropped here attach."""

    #: (case_id) the list, checklist and findings show that case now
    documents_did_load = Signal(str)
    #: (document_id) a file was attached
    document_did_attach = Signal(str)
    #: (text) a file was not taken in, or a scan failed; the text is on show
    attach_was_refused = Signal(str)

    def __init__(
        self,
        intake: IntakeService,
        ops: Operations,
        user_names: Callable[[], dict[str, str]],
        parent: QWidget | None = None,
        *,
        scan_folder: Callable[[], str | None] = lambda: None,
        scanner: Callable[[], bool] = scanner_available,
        may_confirm: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.intake, self.ops = intake, ops
        self._user_names, self._scan_folder = user_names, scan_folder
        self.may_confirm = may_confirm
        self.case_id: str | None = None
        self.docs: list[DocumentState] = []
        self.review: ReviewDialog | None = None
        self.reader = Reader(intake, ops)
        self._banner_text: Callable[[], str] | None = None
        self._polling = False
        self._loaded = LoadedDocuments("", [], [], [])
        self._make_widgets(scanner())
        self._lay_out()
        self._connect()
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self._on_poll)
        self.retranslate()

    def _make_widgets(self, has_scanner: bool) -> None:
        self.import_button = QPushButton()
        self.import_button.setObjectName("import")
        self.scan_button = QPushButton()
        self.scan_button.setObjectName("scan")
        self.scan_button.setVisible(has_scanner)
        self.read_button = QPushButton()
        self.review_button = QPushButton()
        self.review_button.setObjectName("review")
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #5f6368;")
        self.banner = QLabel()
        self.banner.setObjectName("documents-banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;")
        self.banner.hide()
        self.table = _table("documents", COLUMNS)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PROGRESS_COLUMN, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(PROGRESS_COLUMN, 230)
        header.setStretchLastSection(False)
        self.checklist_title, self.findings_title = QLabel(), QLabel()
        for title in (self.checklist_title, self.findings_title):
            title.setStyleSheet("font-weight: 600;")
        self.checklist = _table("checklist", 2)
        self.checklist.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.findings = _table("findings", 4)
        findings_header = self.findings.horizontalHeader()
        findings_header.setStretchLastSection(False)
        findings_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        findings_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.import_button, self.scan_button, self.read_button):
            buttons.addWidget(button)
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.review_button)
        lower = QSplitter(Qt.Orientation.Horizontal)
        for title, table in (
            (self.checklist_title, self.checklist),
            (self.findings_title, self.findings),
        ):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(title)
            box_layout.addWidget(table)
            lower.addWidget(box)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setSizes([260, 240])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)

    def _connect(self) -> None:
        self.import_button.clicked.connect(self.choose_files)
        self.scan_button.clicked.connect(self.scan)
        self.read_button.clicked.connect(self._on_read_clicked)
        self.review_button.clicked.connect(lambda: self.open_review())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_review(row=row))
        self.reader.read_did_progress.connect(self._on_read_did_progress)
        self.reader.read_did_cancel.connect(lambda _doc: self.reload())
        self.reader.read_was_refused.connect(self._on_read_was_refused)

    # -- the case ------------------------------------------------------------------
    def set_case(self, case_id: str | None) -> None:
        """Show ``case_id``'s documents; the scan folder is watched while a case is open."""
        if case_id == self.case_id:
            return
        self.case_id = case_id
        self._set_banner(None)
        self.close_review()
        if case_id is not None and self._scan_folder():
            self.poll_timer.start()
        else:
            self.poll_timer.stop()
        self.reload()

    def reload(self) -> None:
        case_id = self.case_id
        if case_id is None:
            self._show(LoadedDocuments("", [], [], []))
            return
        intake = self.intake

        def fetch() -> LoadedDocuments:
            return LoadedDocuments(
                case_id,
                intake.documents(case_id),
                intake.checklist(case_id),
                intake.findings(case_id),
            )

        self.ops.tasks.run(fetch, self._on_loaded)

    def on_operation(self, changes: OpChanges) -> None:
        if self.case_id is not None and changes.touches(self.case_id):
            self.reload()

    def _on_loaded(self, loaded: LoadedDocuments) -> None:
        if loaded.case_id == self.case_id:
            self._show(loaded)
            self.documents_did_load.emit(loaded.case_id)

    def _show(self, loaded: LoadedDocuments) -> None:
        self._loaded = loaded
        self.docs = loaded.documents
        selected = self.selected()
        self.table.setRowCount(len(self.docs))
        for row, doc in enumerate(self.docs):
            cells = _document_cells(doc, self.reader.reading(doc.document_id))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, _item(text))
            self.table.removeCellWidget(row, PROGRESS_COLUMN)
            if self.reader.reading(doc.document_id):
                self.table.setCellWidget(
                    row, PROGRESS_COLUMN, ReadProgress(partial(self.reader.cancel, doc.document_id))
                )
            if selected is not None and doc.document_id == selected.document_id:
                self.table.selectRow(row)
        self.table.resizeRowsToContents()
        self._show_checklist(loaded.checklist)
        self._show_findings(loaded.findings)
        self._update_buttons()

    def _show_checklist(self, items: Sequence[ChecklistItem]) -> None:
        language = doctexts.language()
        self.checklist.setRowCount(len(items))
        for row, item in enumerate(items):
            if item.satisfied:
                state = "✓ " + QCoreApplication.translate("Documents", "Provided")
                if not item.confirmed:
                    state += " " + QCoreApplication.translate("Documents", "(not confirmed yet)")
                colour = "#1b5e20"
            else:
                state = "✗ " + QCoreApplication.translate("Documents", "Missing: {0}").format(
                    item.missing_text(language)
                )
                colour = ERROR_COLOUR
            self.checklist.setItem(row, 0, _item(item.requirement.label.text(language)))
            self.checklist.setItem(row, 1, _item(state, colour=colour))
        self.checklist.resizeRowsToContents()

    def _show_findings(self, findings: Sequence[Finding]) -> None:
        self.findings.setRowCount(len(findings))
        for row, finding in enumerate(findings):
            error = finding.severity == "error"
            sign = "✗ " if error else "⚠ "
            colour = ERROR_COLOUR if error else "#7a4f00"
            values = [str(mask_field(finding.field, v)) for v in finding.values]
            values += [""] * (2 - len(values))
            cells = [sign + doctexts.severity_label(finding.severity)]
            cells += [doctexts.finding_text(finding), *values[:2]]
            for column, text in enumerate(cells):
                self.findings.setItem(
                    row, column, _item(text, colour=colour if column < 2 else None)
                )
        if not findings:
            self.findings.setRowCount(1)
            none = QCoreApplication.translate("Documents", "No findings.")
            self.findings.setItem(0, 1, _item(none))
        self.findings.resizeRowsToContents()

    def selected(self) -> DocumentState | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.docs):
            return None
        return self.docs[rows[0].row()]

    def _update_buttons(self) -> None:
        doc = self.selected()
        open_case = self.case_id is not None
        for button in (self.import_button, self.scan_button):
            button.setEnabled(open_case and self.may_confirm)
        self.review_button.setEnabled(doc is not None and doc.status != "attached")
        reading = doc is not None and self.reader.reading(doc.document_id)
        self.read_button.setEnabled(doc is not None and self.may_confirm and not reading)

    # -- attaching -------------------------------------------------------------------
    def choose_files(self) -> None:
        """The import dialog; the files chosen go to ``attach_files``."""
        dialog = QFileDialog(
            self, QCoreApplication.translate("Documents", "Attach documents to the case")
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters(
            [
                QCoreApplication.translate("Documents", "Documents ({0})").format(FILE_FILTERS),
                QCoreApplication.translate("Documents", "PDF files (*.pdf)"),
                QCoreApplication.translate("Documents", "Pictures ({0})").format(
                    FILE_FILTERS.replace(" *.pdf", "")
                ),
            ]
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filesSelected.connect(self.attach_files)
        dialog.open()

    def attach_files(self, paths: Sequence[str | Path], source: str = "import") -> None:
        for path in map(Path, paths):
            self._attach(partial(_file_content, path), source)

    def attach_data(self, data: bytes, name: str, source: str) -> None:
        self._attach(lambda: (data, name), source)

    def _attach(self, content: Callable[[], tuple[bytes, str]], source: str) -> None:
        case_id, intake = self.case_id, self.intake
        if case_id is None:
            return

        def command() -> CaseOpChanges:
            try:
                data, name = content()
            except OSError as exc:
                raise DocumentRefused(
                    f"The file cannot be read: {exc.strerror}.", code="document.unreadable"
                ) from None
            return intake.attach(case_id, data, name, source=source)

        self.ops.run(command, initiator=self, on_done=self._on_attached, on_error=self._on_refused)

    def _on_attached(self, changes: CaseOpChanges) -> None:
        self._set_banner(None)
        self.document_did_attach.emit(changes.document_id)
        self.reader.start(changes.case_id, changes.document_id)

    def _on_refused(self, exc: UserError) -> None:
        self._set_banner(lambda: doctexts.refusal_text(exc.code, messages.user_message(exc)))
        self.attach_was_refused.emit(self.banner.text())

    def scan(self) -> None:
        name = datetime.now().strftime("scan %Y-%m-%d %H-%M-%S.png")
        self.scan_button.setEnabled(False)
        self.ops.tasks.run(
            scan_page,
            lambda data: self.attach_data(data, name, "scan"),
            self._on_refused,
            on_finally=self._update_buttons,
        )

    def _on_poll(self) -> None:
        folder, case_id, intake = self._scan_folder(), self.case_id, self.intake
        if self._polling or not folder or case_id is None:
            return
        self._polling = True

        def done() -> None:
            self._polling = False

        self.ops.tasks.run(
            lambda: intake.import_folder(case_id, Path(folder)),
            self._on_folder_imported,
            self._on_refused,
            lane=Lane.WRITE,
            on_finally=done,
        )

    def _on_folder_imported(self, result: FolderImport) -> None:
        for changes in result.attached:
            self.ops.operation_did_execute.emit(changes, self)
            self._on_attached(changes)
        if result.refused:
            lines = [f"{name}: {message}" for name, message in result.refused]
            self._set_banner(lambda: "\n".join(lines))
            self.attach_was_refused.emit(self.banner.text())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if self.case_id is not None and urls and all(url.isLocalFile() for url in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths and self.case_id is not None:
            event.acceptProposedAction()
            self.attach_files(paths, source="drop")

    # -- reading ---------------------------------------------------------------------
    def _on_read_clicked(self) -> None:
        doc = self.selected()
        if doc is not None and self.case_id is not None:
            self.reader.start(self.case_id, doc.document_id)
            self.reload()

    def _row_of(self, document_id: str) -> int | None:
        ids = [doc.document_id for doc in self.docs]
        return ids.index(document_id) if document_id in ids else None

    def _on_read_did_progress(self, document_id: str, done: int, total: int) -> None:
        row = self._row_of(document_id)
        widget = self.table.cellWidget(row, PROGRESS_COLUMN) if row is not None else None
        if isinstance(widget, ReadProgress):
            widget.show_progress(done, total)

    def _on_read_was_refused(self, _document_id: str, exc: UserError) -> None:
        self._on_refused(exc)
        self.reload()

    # -- review ----------------------------------------------------------------------
    def open_review(self, document_id: str | None = None, *, row: int | None = None) -> None:
        if row is not None and row < len(self.docs):
            document_id = self.docs[row].document_id
        if document_id is None:
            doc = self.selected()
            document_id = doc.document_id if doc is not None else None
        doc = next((d for d in self.docs if d.document_id == document_id), None)
        if doc is None or self.case_id is None or doc.status == "attached":
            return
        self.close_review()
        self.review = ReviewDialog(
            self.intake,
            self.ops,
            self.case_id,
            doc.document_id,
            self._user_names,
            self.window(),
            may_confirm=self.may_confirm,
        )
        self.review.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.review.show()

    def close_review(self) -> None:
        if self.review is not None and shiboken6.isValid(self.review):
            self.review.close()
        self.review = None

    # -- language --------------------------------------------------------------------
    def _set_banner(self, text: Callable[[], str] | None) -> None:
        self._banner_text = text
        self.banner.setVisible(text is not None)
        self.banner.setText(text() if text is not None else "")

    def retranslate(self) -> None:
        self.import_button.setText(QCoreApplication.translate("Documents", "Attach files…"))
        self.scan_button.setText(QCoreApplication.translate("Documents", "Scan"))
        self.read_button.setText(QCoreApplication.translate("Documents", "Read again"))
        self.review_button.setText(QCoreApplication.translate("Documents", "Review…"))
        self.hint.setText(QCoreApplication.translate("Documents", "or drop files here"))
        self.table.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("Documents", "File"),
                QCoreApplication.translate("Documents", "Kind"),
                QCoreApplication.translate("Documents", "Pages"),
                QCoreApplication.translate("Documents", "Status"),
                QCoreApplication.translate("Documents", "Lowest confidence"),
                QCoreApplication.translate("Documents", "Problems"),
                QCoreApplication.translate("Documents", "Reading"),
            ]
        )
        self.checklist_title.setText(QCoreApplication.translate("Documents", "Checklist"))
        self.checklist.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("Documents", "Requirement"),
                QCoreApplication.translate("Documents", "State"),
            ]
        )
        self.findings_title.setText(QCoreApplication.translate("Documents", "Cross-checks"))
        self.findings.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("Documents", "Severity"),
                QCoreApplication.translate("Documents", "Finding"),
                QCoreApplication.translate("Documents", "Value"),
                QCoreApplication.translate("Documents", "Compared with"),
            ]
        )
        if self._banner_text is not None:
            self.banner.setText(self._banner_text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._show(self._loaded)  # the checklist is told in the new language
        super().changeEvent(event)
