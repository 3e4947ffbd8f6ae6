"""The dialog in which a supervisor sets the grade a decision rests on, and writes why."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import InvalidInput, UserError
from app.services.decisions import GRADES, DecisionService
from ui.notices import problem_label, show_text
from ui.operations import Operations

#: as DecisionService.override_grade asks
MIN_JUSTIFICATION = 20


class OverrideDialog(QDialog):
    """Choose another grade than the model's and justify it; recorded for the overrides report."""

    def __init__(
        self,
        service: DecisionService,
        ops: Operations,
        case_id: str,
        model_grade: str,
        current: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("override-grade")
        self._service, self._ops, self._case_id = service, ops, case_id
        self.model_grade, self.current = model_grade, current
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.grade = QComboBox()
        self.grade.setObjectName("override-grade-choice")
        for grade in GRADES:
            if grade != current:
                self.grade.addItem(grade, grade)
        self.justification = QPlainTextEdit()
        self.justification.setTabChangesFocus(True)  # Tab leaves the box: no keyboard trap
        self.justification.setObjectName("override-justification")
        self.justification.setFixedHeight(110)
        self.problem = problem_label("override-problem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        self.grade_label, self.justification_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.grade_label, self.grade)
        form.addRow(self.justification_label, self.justification)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.retranslate()

    def record(self) -> None:
        words = " ".join(self.justification.toPlainText().split())
        if len(words) < MIN_JUSTIFICATION:
            show_text(
                self.problem,
                QCoreApplication.translate(
                    "Override", "Write why, in at least {0} characters."
                ).format(MIN_JUSTIFICATION),
            )
            return
        grade, case_id = str(self.grade.currentData()), self._case_id
        self.buttons.setEnabled(False)
        self._ops.run(
            lambda: self._service.override_grade(case_id, grade, words),
            initiator=self,
            on_done=lambda _changes: self.accept(),
            on_error=self._on_error,
            on_finally=lambda: self.buttons.setEnabled(True),
        )

    def _on_error(self, error: UserError) -> None:
        if isinstance(error, InvalidInput):
            show_text(self.problem, "; ".join(m for ps in error.problems.values() for _, m in ps))
            return
        show_text(self.problem, str(error))

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("Override", "Override the risk grade"))
        self.intro.setText(
            QCoreApplication.translate(
                "Override",
                "The model graded this case {0}. An override changes the grade the policy "
                "rules and the route read; the approval still needs authority for the "
                "worse of the two grades. It is kept with the case and listed in the "
                "overrides report.",
            ).format(self.model_grade)
        )
        self.grade_label.setText(QCoreApplication.translate("Override", "New grade"))
        self.justification_label.setText(QCoreApplication.translate("Override", "Why"))
        self.justification.setPlaceholderText(
            QCoreApplication.translate(
                "Override", "e.g. Ten years' salary account with us, no arrears; collateral held."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
