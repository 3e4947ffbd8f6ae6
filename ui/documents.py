"""A case's Documents tab: attach files (import, drop, scan, scan folder), read them, list them.

Attaching is a command on the write lane; reading then starts on the pool by
itself, page by page with a Cancel button, and its result is recorded on the
write lane. Below the list: the case's checklist and the cross-checks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.checklist import ChecklistItem
from app.domain.crosscheck import Finding
from app.domain.docevents import DocumentState
from app.errors import UserError
from app.services.changes import CaseOpChanges, OpChanges
from app.services.intake import DocumentRefused, FolderImport, IntakeService
from app.services.scanner import scan_page, scanner_available
from ui import doctexts, messages
from ui.doctables import PROGRESS_COLUMN, ChecklistTable, DocumentTable, FindingsTable
from ui.notices import ERROR_COLOUR
from ui.operations import Operations
from ui.reading import Reader, ReadProgress
from ui.removedoc import RemoveDialog
from ui.review import ReviewDialog
from ui.scanfolder import FolderWatch, refused_text

#: below this width (pixels) the tab lays itself out for a side pane
NARROW_WIDTH = 820
FILE_FILTERS = "*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.pdf"


@dataclass(frozen=True)
class LoadedDocuments:
    case_id: str
    documents: list[DocumentState]
    checklist: list[ChecklistItem]
    findings: list[Finding]


def _file_content(path: Path) -> tuple[bytes, str]:
    return path.read_bytes(), path.name


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
        self._user_names = user_names
        self.may_confirm = may_confirm
        self.case_id: str | None = None
        self.docs: list[DocumentState] = []
        self.review: ReviewDialog | None = None
        self.reader = Reader(intake, ops)
        self.watch = FolderWatch(intake, ops, scan_folder, self)
        self._banner_text: Callable[[], str] | None = None
        self._loaded = LoadedDocuments("", [], [], [])
        self._make_widgets(scanner())
        self._lay_out()
        self._connect()
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
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("remove")
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #5f6368;")
        self.banner = QLabel()
        self.banner.setObjectName("documents-banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;")
        self.banner.hide()
        self.table = DocumentTable()
        self.checklist_title, self.findings_title = QLabel(), QLabel()
        for title in (self.checklist_title, self.findings_title):
            title.setStyleSheet("font-weight: 600;")
        self.checklist = ChecklistTable()
        self.findings = FindingsTable()

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.import_button, self.scan_button, self.read_button):
            buttons.addWidget(button)
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.review_button)
        self.side_by_side = lower = QSplitter(Qt.Orientation.Horizontal)
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
        self.remove_button.clicked.connect(self.ask_remove)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_review(row=row))
        self.reader.read_did_progress.connect(self._on_read_did_progress)
        self.reader.read_did_cancel.connect(lambda _doc: self.reload())
        self.reader.read_was_refused.connect(self._on_read_was_refused)
        self.watch.folder_did_import.connect(self._on_folder_imported)
        self.watch.import_was_refused.connect(self._on_refused)

    # -- the case ------------------------------------------------------------------
    def set_case(self, case_id: str | None) -> None:
        """Show ``case_id``'s documents; the scan folder is watched while a case is open."""
        if case_id == self.case_id:
            return
        self.case_id = case_id
        self._set_banner(None)
        self.close_review()
        self.watch.follow(case_id)
        self.reload()

    def reload(self) -> None:
        case_id = self.case_id
        if case_id is None:
            self._show(LoadedDocuments("", [], [], []))
            return
        intake = self.intake

        def fetch() -> LoadedDocuments:
            seen = intake.overview(case_id)
            return LoadedDocuments(case_id, seen.documents, seen.checklist, seen.findings)

        self.ops.tasks.run(fetch, self._on_loaded)

    def on_operation(self, changes: OpChanges) -> None:
        if changes.settings:
            self.watch.follow(self.case_id)  # the scan folder may have changed
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
        self.table.show_documents(
            self.docs,
            self.reader.reading,
            self.reader.cancel,
            selected.document_id if selected is not None else None,
        )
        self.checklist.show_items(loaded.checklist)
        self.findings.show_findings(loaded.findings)
        self._update_buttons()

    def selected(self) -> DocumentState | None:
        row = self.table.selected_row()
        return self.docs[row] if row is not None and row < len(self.docs) else None

    def _update_buttons(self) -> None:
        doc = self.selected()
        open_case = self.case_id is not None
        for button in (self.import_button, self.scan_button):
            button.setEnabled(open_case and self.may_confirm)
        self.review_button.setEnabled(doc is not None and doc.status != "attached")
        reading = doc is not None and self.reader.reading(doc.document_id)
        self.read_button.setEnabled(doc is not None and self.may_confirm and not reading)
        self.remove_button.setEnabled(doc is not None and self.may_confirm and not reading)

    def ask_remove(self) -> RemoveDialog | None:
        """Ask why the selected document comes off the case, then remove it."""
        doc = self.selected()
        if doc is None or self.case_id is None:
            return None
        dialog = RemoveDialog(
            self.intake, self.ops, self.case_id, doc.document_id, doc.name, parent=self
        )
        dialog.open()
        return dialog

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

    def _on_folder_imported(self, result: FolderImport) -> None:
        for changes in result.attached:
            self.ops.operation_did_execute.emit(changes, self)
            self._on_attached(changes)
        if result.refused:
            refused = list(result.refused)
            self._set_banner(
                lambda: "\n".join(
                    refused_text(r.name, doctexts.refusal_text(r.code, r.message)) for r in refused
                )
            )
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
        self.table.setAccessibleName(
            QCoreApplication.translate("Documents", "The case's documents")
        )
        self.checklist.setAccessibleName(QCoreApplication.translate("Documents", "Checklist"))
        self.findings.setAccessibleName(QCoreApplication.translate("Documents", "Cross-checks"))
        self.import_button.setText(QCoreApplication.translate("Documents", "Attach files…"))
        self.scan_button.setText(QCoreApplication.translate("Documents", "Scan"))
        self.read_button.setText(QCoreApplication.translate("Documents", "Read again"))
        self.review_button.setText(QCoreApplication.translate("Documents", "Review…"))
        self.remove_button.setText(QCoreApplication.translate("Documents", "Remove…"))
        self.hint.setText(QCoreApplication.translate("Documents", "or drop files here"))
        self.table.retranslate()
        self.checklist_title.setText(QCoreApplication.translate("Documents", "Checklist"))
        self.checklist.retranslate()
        self.findings_title.setText(QCoreApplication.translate("Documents", "Cross-checks"))
        self.findings.retranslate()
        if self._banner_text is not None:
            self.banner.setText(self._banner_text())

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Beside the case list the tab is narrow: the checklist and findings go
        # one above the other, and the documents list keeps only what matters.
        narrow = event.size().width() < NARROW_WIDTH
        self.side_by_side.setOrientation(
            Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        )
        self.table.set_narrow(narrow)
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._show(self._loaded)  # the checklist is told in the new language
        super().changeEvent(event)
