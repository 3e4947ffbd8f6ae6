"""The overrides report: every risk grade a supervisor set instead of the model's, and why."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.decisions import DecisionService, OverrideRecord
from app.services.profile import Profile
from ui import texts
from ui.notices import problem_label, show_text
from ui.taskman import TaskManager


class OverridesReport(QDialog):
    """A table of the overrides, newest first; a double-click opens the case."""

    did_load = Signal()
    case_was_chosen = Signal(str)

    def __init__(self, profile: Profile, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overrides-report")
        self.resize(1000, 520)
        self._service, self._tasks = DecisionService(profile), tasks
        self.records: list[OverrideRecord] = []
        self.summary = QLabel()
        self.summary.setObjectName("overrides-summary")
        self.summary.setWordWrap(True)
        self.problem = problem_label("overrides-problem")
        self.table = QTableWidget(0, 7)
        self.table.setTabKeyNavigation(False)
        self.table.setObjectName("overrides-table")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(self._on_double_click)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.retranslate()
        self.reload()

    def reload(self) -> None:
        self._tasks.run(self._service.overrides, self._show, self._on_problem)

    def _on_problem(self, error: UserError) -> None:
        show_text(self.problem, str(error))

    def _show(self, records: list[OverrideRecord]) -> None:
        self.records = records
        self._render()
        self.did_load.emit()

    def _on_double_click(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.records):
            self.case_was_chosen.emit(self.records[row].case_id)

    def _render(self) -> None:
        records = self.records
        directions = Counter(r.direction for r in records)
        if records:
            self.summary.setText(
                QCoreApplication.translate(
                    "Overrides",
                    "{0} overrides: {1} graded the applicant better than the model, {2} worse. "
                    "Double-click a row to open its case.",
                ).format(len(records), directions["better"], directions["worse"])
            )
        else:
            self.summary.setText(
                QCoreApplication.translate("Overrides", "No risk grade has been overridden.")
            )
        self.table.setRowCount(len(records))
        for row, r in enumerate(records):
            direction = (
                QCoreApplication.translate("Overrides", "better")
                if r.direction == "better"
                else QCoreApplication.translate("Overrides", "worse")
            )
            cells = (
                r.case_no,
                f"{r.model_grade} → {r.grade}",
                direction,
                texts.status_label(r.status),
                r.by,
                texts.format_time(r.at),
                r.justification,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("Overrides", "Risk grade overrides"))
        self.table.setAccessibleName(self.windowTitle())
        self.table.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("Overrides", "Case"),
                QCoreApplication.translate("Overrides", "Grade"),
                QCoreApplication.translate("Overrides", "Direction"),
                QCoreApplication.translate("Overrides", "Status now"),
                QCoreApplication.translate("Overrides", "By"),
                QCoreApplication.translate("Overrides", "When"),
                QCoreApplication.translate("Overrides", "Why"),
            ]
        )
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
