"""Taking a document off a case: the officer says why, and the file stays in the record."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.changes import CaseOpChanges
from app.services.intake import IntakeService
from ui.notices import ERROR_COLOUR
from ui.operations import Operations


class RemoveDialog(QDialog):
    """Asks why, then removes the document on the write lane."""

    # (CaseOpChanges) the document is off the case
    document_did_remove = Signal(object)

    def __init__(
        self,
        intake: IntakeService,
        ops: Operations,
        case_id: str,
        document_id: str,
        name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._intake, self._ops = intake, ops
        self._case_id, self._document_id = case_id, document_id
        self.setWindowTitle(QCoreApplication.translate("RemoveDocument", "Remove document"))
        self.question = QLabel(
            QCoreApplication.translate(
                "RemoveDocument",
                "Take {0} off this case? Its file stays in the case's record; the "
                "checklist and the cross-checks stop counting it.",
            ).format(name)
        )
        self.question.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("remove-reason")
        self.reason.setPlaceholderText(
            QCoreApplication.translate("RemoveDocument", "Why (for example: another applicant's)")
        )
        self.problem = QLabel()
        self.problem.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.remove_button = QPushButton(QCoreApplication.translate("RemoveDocument", "Remove"))
        self.remove_button.setEnabled(False)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.reason.textChanged.connect(
            lambda text: self.remove_button.setEnabled(bool(text.strip()))
        )
        layout = QVBoxLayout(self)
        for widget in (self.question, self.reason, self.problem, buttons):
            layout.addWidget(widget)
        self.resize(460, self.sizeHint().height())

    def _on_remove_clicked(self) -> None:
        reason = self.reason.text()
        self.remove_button.setEnabled(False)

        def command() -> CaseOpChanges:
            return self._intake.remove(self._case_id, self._document_id, reason)

        self._ops.run(command, initiator=self, on_done=self._on_removed, on_error=self._on_refused)

    def _on_removed(self, changes: CaseOpChanges) -> None:
        self.document_did_remove.emit(changes)
        self.accept()

    def _on_refused(self, exc: UserError) -> None:
        self.problem.setText(str(exc))
        self.problem.show()
        self.remove_button.setEnabled(True)
