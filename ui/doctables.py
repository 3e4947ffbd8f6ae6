"""The Documents tab's tables: the case's documents, its checklist, the cross-check findings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFocusEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from app.domain.checklist import ChecklistItem
from app.domain.crosscheck import Finding
from app.domain.docevents import DocumentState
from app.domain.masking import mask_field
from ui import doctexts
from ui.notices import ERROR_COLOUR
from ui.reading import ReadProgress

COLUMNS = 7
PAGES_COLUMN, CONFIDENCE_COLUMN, PROGRESS_COLUMN = 2, 4, 6

PROVIDED_COLOUR = "#1b5e20"
WARNING_COLOUR = "#7a4f00"


def make_table(table: QTableWidget, name: str) -> None:
    """The look all three tables of the Documents tab share: read-only, whole rows."""
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    # Wrapped rows fit their text once the columns have their final widths, so
    # the rows are measured after the resize has finished (queued).
    table.horizontalHeader().sectionResized.connect(
        table.resizeRowsToContents, Qt.ConnectionType.QueuedConnection
    )


def item(text: str, *, colour: str | None = None, tip: str = "") -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    if colour is not None:
        cell.setForeground(QColor(colour))
    cell.setToolTip(tip or text)
    return cell


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


class DocumentTable(QTableWidget):
    """One row per document of the case; a document being read shows its progress and Cancel."""

    def __init__(self) -> None:
        super().__init__(0, COLUMNS)
        self.setTabKeyNavigation(False)  # arrows move within it; Tab moves on
        make_table(self, "documents")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # A file name keeps one line; its middle gives way, the whole name is its tooltip.
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PROGRESS_COLUMN, QHeaderView.ResizeMode.Fixed)
        self.setColumnWidth(PROGRESS_COLUMN, 230)

    def show_documents(
        self,
        docs: Sequence[DocumentState],
        reading: Callable[[str], bool],
        cancel: Callable[[str], None],
        selected: str | None,
    ) -> None:
        """The rows of ``docs``, keeping the document ``selected`` selected."""
        self.setRowCount(len(docs))
        for row, doc in enumerate(docs):
            busy = reading(doc.document_id)
            for column, text in enumerate(_document_cells(doc, busy)):
                self.setItem(row, column, item(text))
            self.removeCellWidget(row, PROGRESS_COLUMN)
            if busy:
                progress = ReadProgress(partial(cancel, doc.document_id))
                self.setCellWidget(row, PROGRESS_COLUMN, progress)
            if doc.document_id == selected:
                self.selectRow(row)
        self.setColumnHidden(PROGRESS_COLUMN, not any(reading(d.document_id) for d in docs))
        self.resizeRowsToContents()

    def set_narrow(self, narrow: bool) -> None:
        """In a narrow pane the page count and confidence give way (the review shows both)."""
        for column in (PAGES_COLUMN, CONFIDENCE_COLUMN):
            self.setColumnHidden(column, narrow)

    def selected_row(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        # Reached by keyboard with nothing chosen: the first document is, so the
        # buttons beside the list work at once.
        super().focusInEvent(event)
        if self.selected_row() is None and self.rowCount():
            self.selectRow(max(0, self.currentRow()))

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
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


class ChecklistTable(QTableWidget):
    """One line per requirement of the case's product: provided, or what is missing."""

    def __init__(self) -> None:
        super().__init__(0, 2)
        self.setTabKeyNavigation(False)  # arrows move within it; Tab moves on
        make_table(self, "checklist")
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)

    def show_items(self, items: Sequence[ChecklistItem]) -> None:
        language = doctexts.language()
        self.setRowCount(len(items))
        for row, line in enumerate(items):
            if line.satisfied:
                state = "✓ " + QCoreApplication.translate("Documents", "Provided")
                if not line.confirmed:
                    state += " " + QCoreApplication.translate("Documents", "(not confirmed yet)")
                colour = PROVIDED_COLOUR
            else:
                state = "✗ " + QCoreApplication.translate("Documents", "Missing: {0}").format(
                    line.missing_text(language)
                )
                colour = ERROR_COLOUR
            self.setItem(row, 0, item(line.requirement.label.text(language)))
            self.setItem(row, 1, item(state, colour=colour))
        self.resizeRowsToContents()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("Documents", "Requirement"),
                QCoreApplication.translate("Documents", "State"),
            ]
        )


class FindingsTable(QTableWidget):
    """The cross-checks between the case and its documents; values masked as on the form."""

    def __init__(self) -> None:
        super().__init__(0, 4)
        self.setTabKeyNavigation(False)  # arrows move within it; Tab moves on
        make_table(self, "findings")
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def show_findings(self, findings: Sequence[Finding]) -> None:
        self.setRowCount(len(findings))
        for row, finding in enumerate(findings):
            error = finding.severity == "error"
            sign = "✗ " if error else "⚠ "
            colour = ERROR_COLOUR if error else WARNING_COLOUR
            values = [str(mask_field(finding.field, v)) for v in finding.values]
            values += [""] * (2 - len(values))
            cells = [sign + doctexts.severity_label(finding.severity)]
            cells += [doctexts.finding_text(finding), *values[:2]]
            for column, text in enumerate(cells):
                self.setItem(row, column, item(text, colour=colour if column < 2 else None))
        if not findings:
            self.setRowCount(1)
            none = QCoreApplication.translate("Documents", "No findings.")
            self.setItem(0, 1, item(none))
        self.resizeRowsToContents()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("Documents", "Severity"),
                QCoreApplication.translate("Documents", "Finding"),
                QCoreApplication.translate("Documents", "Value"),
                QCoreApplication.translate("Documents", "Compared with"),
            ]
        )
