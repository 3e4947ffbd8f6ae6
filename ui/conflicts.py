"""Values two colleagues set differently while their desks were apart: the list, the banner.

The cases in conflict are listed for a person to open one and resolve it
(``ui.resolve``); an open case in conflict says so above its fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import CaseState, CaseSummary
from app.services.cases import CaseService
from app.services.changes import OpChanges
from ui import texts
from ui.fieldchoice import WARNING_BACKGROUND, WARNING_COLOUR, ConflictTools, in_form_order
from ui.resolve import ResolveDialog, open_resolve
from ui.tables import lay_out_around, record_table
from ui.taskman import ScreenTasks


class Column(IntEnum):
    CASE_NO = 0
    NAME = 1
    COUNT = 2
    FIELDS = 3
    UPDATED = 4


@dataclass(frozen=True)
class ConflictedCase:
    summary: CaseSummary
    fields: tuple[str, ...]


def _conflicted(cases: CaseService) -> list[ConflictedCase]:
    found = []
    for summary in cases.conflicted():
        names = cases.get(summary.case_id).conflicts
        fields = tuple(in_form_order(names))
        found.append(ConflictedCase(summary, fields))
    return found


class ConflictsDialog(QDialog):
    """The cases waiting for a person to choose between values set apart; newest change first."""

    #: (rows) the list was read again
    list_did_load = Signal(int)

    def __init__(self, tools: ConflictTools, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflicts")
        self._tools = tools
        self._tasks = ScreenTasks(tools.ops.tasks, self)
        self.rows: list[ConflictedCase] = []
        self.resolve_dialog: ResolveDialog | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = record_table("conflicted-cases", Column, Column.FIELDS)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        # Enter presses Open, the default button; a double click opens the row too.
        self.table.doubleClicked.connect(lambda index: self.open_case(index.row()))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.empty = QLabel()
        self.empty.setObjectName("no-conflicts")
        self.empty.hide()
        self.open_button = QPushButton()
        self.open_button.setObjectName("open-conflict")
        self.open_button.clicked.connect(lambda: self.open_case(self.table.currentRow()))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        lay_out_around(self, _column(self.intro), self.table, self.empty, self.buttons)
        self.open_button.setDefault(True)  # only once in the dialog, or the box resets it
        tools.ops.operation_did_execute.connect(self._on_operation_did_execute)
        self._listening = True
        self.resize(760, 420)
        self.retranslate()
        self.reload()

    def reload(self) -> None:
        cases = self._tools.cases
        self._tasks.run(lambda: _conflicted(cases), self._show)

    def _show(self, rows: list[ConflictedCase]) -> None:
        keep = self.table.currentRow()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for row in range(len(rows)):
            for column in Column:
                self.table.setItem(row, column, QTableWidgetItem())
        self.retranslate()
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if rows:
            self.table.selectRow(min(max(keep, 0), len(rows) - 1))
            self.table.setFocus()
        self._update_buttons()
        self.list_did_load.emit(len(rows))

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(0 <= self.table.currentRow() < len(self.rows))

    def open_case(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            case_id = self.rows[row].summary.case_id
            self.resolve_dialog = open_resolve(self, self._tools, case_id)

    def _on_operation_did_execute(self, changes: OpChanges, _initiator: object) -> None:
        if changes.case_list or any(changes.touches(r.summary.case_id) for r in self.rows):
            self.reload()

    def done(self, result: int) -> None:
        # The window's operations signal outlives this dialog: stop listening to it.
        if self._listening:
            self._listening = False
            self._tools.ops.operation_did_execute.disconnect(self._on_operation_did_execute)
        super().done(result)

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("Conflicts", "Values set differently"))
        self.intro.setText(
            QCoreApplication.translate(
                "Conflicts",
                "Cases in which colleagues set the same value differently while their desks "
                "were apart. Open one to see every value, who set it and when, and choose.",
            )
        )
        self.empty.setText(
            QCoreApplication.translate(
                "Conflicts", "No case has values set differently: nothing to resolve."
            )
        )
        self.open_button.setText(QCoreApplication.translate("Conflicts", "&Open…"))
        headers = {
            Column.CASE_NO: QCoreApplication.translate("Conflicts", "Case number"),
            Column.NAME: QCoreApplication.translate("Conflicts", "Applicant"),
            Column.COUNT: QCoreApplication.translate("Conflicts", "Fields"),
            Column.FIELDS: QCoreApplication.translate("Conflicts", "Set differently"),
            Column.UPDATED: QCoreApplication.translate("Conflicts", "Last change"),
        }
        self.table.setHorizontalHeaderLabels([headers[c] for c in Column])
        self.table.setAccessibleName(
            QCoreApplication.translate("Conflicts", "Cases with values set differently")
        )
        for row, found in enumerate(self.rows):
            cells = {
                Column.CASE_NO: found.summary.case_no,
                Column.NAME: found.summary.full_name or "",
                Column.COUNT: str(len(found.fields)),
                Column.FIELDS: QCoreApplication.translate("Conflicts", ", ").join(
                    texts.field_label(n) for n in found.fields
                ),
                Column.UPDATED: texts.format_time(found.summary.updated_at),
            }
            for column, text in cells.items():
                item = self.table.item(row, column)
                if item is not None:
                    item.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _column(*widgets: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout()
    for widget in widgets:
        layout.addWidget(widget)
    return layout


def open_list(parent: QWidget, tools: ConflictTools) -> ConflictsDialog:
    """The list of conflicted cases, for the window's menu or its status bar."""
    dialog = ConflictsDialog(tools, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class ConflictBanner(QWidget):
    """Over an open case whose values were set differently apart: how many, and Resolve…."""

    def __init__(self, tools: ConflictTools, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflict-banner")
        self._tools = tools
        self._state: CaseState | None = None
        self.dialog: ResolveDialog | None = None
        self.text = QLabel()
        self.text.setObjectName("conflict-banner-text")
        self.text.setWordWrap(True)
        self.button = QPushButton()
        self.button.setObjectName("conflict-banner-resolve")
        self.button.clicked.connect(self.open_dialog)
        self.text.setBuddy(self.button)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(
            f"#conflict-banner {{ background: {WARNING_BACKGROUND}; border: 1px solid #e0b84c; "
            f"border-radius: 4px; }} #conflict-banner-text {{ color: {WARNING_COLOUR}; "
            "font-weight: 600; }"
        )
        self.show_for(None)

    def show_for(self, state: CaseState | None) -> None:
        """Show the banner for ``state`` if it has conflicted fields; hide it otherwise."""
        self._state = state
        self.setVisible(state is not None and bool(state.conflicts))
        self.retranslate()

    def open_dialog(self) -> None:
        if self._state is not None and self._state.conflicts:
            self.dialog = open_resolve(self.window(), self._tools, self._state.case_id)

    def retranslate(self) -> None:
        self.button.setText(QCoreApplication.translate("Conflicts", "Resolve…"))
        state = self._state
        if state is None or not state.conflicts:
            self.text.clear()
            return
        count = len(state.conflicts)
        desks = max(len(claims) for claims in state.conflicts.values())
        if desks > 2:
            text = QCoreApplication.translate(
                "Conflicts", "⚠ {0} value(s) were set differently at several desks ({1})"
            )
        elif count == 1:
            text = QCoreApplication.translate(
                "Conflicts", "⚠ 1 value was set differently at two desks ({1})"
            )
        else:
            text = QCoreApplication.translate(
                "Conflicts", "⚠ {0} values were set differently at two desks ({1})"
            )
        names = in_form_order(state.conflicts)
        labels = QCoreApplication.translate("Conflicts", ", ").join(
            texts.field_label(n) for n in names
        )
        self.text.setText(text.format(count, labels))
        self.button.setAccessibleName(
            QCoreApplication.translate("Conflicts", "Resolve the values set differently")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class DuplicateBanner(QLabel):
    """Over an open case: other open cases of the branch for the same ID number."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicate-banner")
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(
            f"#duplicate-banner {{ background: {WARNING_BACKGROUND}; border: 1px solid #e0b84c; "
            f"border-radius: 4px; color: {WARNING_COLOUR}; padding: 4px 6px; }}"
        )
        self._others: list[CaseSummary] = []
        self.hide()

    def show_for(self, others: list[CaseSummary]) -> None:
        self._others = others
        self.retranslate()
        self.setVisible(bool(others))

    def retranslate(self) -> None:
        if not self._others:
            self.clear()
            return
        listed = QCoreApplication.translate("Conflicts", ", ").join(
            QCoreApplication.translate("Conflicts", "{0} ({1})").format(
                other.case_no, texts.status_label(other.status)
            )
            for other in self._others
        )
        self.setText(
            QCoreApplication.translate(
                "Conflicts",
                "⚠ Another open case of the branch has the same ID number: {0}. "
                "It may be the same applicant.",
            ).format(listed)
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
