"""The applicant's feedback on a case: stage, rating and what they said."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import CaseState, Status
from app.services.comments import (
    FEEDBACK_STAGES,
    Feedback,
)
from ui.notices import problem_label
from ui.signin import MUTED_COLOUR

#: once decided, the applicant most likely speaks of the decision
_DECIDED = {Status.APPROVED, Status.DECLINED, Status.ACCEPTED}


def stage_name(stage: str) -> str:
    names = {
        "application": QCoreApplication.translate("Comments", "Application"),
        "decision": QCoreApplication.translate("Comments", "Decision"),
        "disbursement": QCoreApplication.translate("Comments", "Disbursement"),
    }
    return names.get(stage, stage)


def rating_label(rating: int) -> str:
    labels = {
        5: QCoreApplication.translate("Comments", "5 – very good"),
        4: QCoreApplication.translate("Comments", "4 – good"),
        3: QCoreApplication.translate("Comments", "3 – fair"),
        2: QCoreApplication.translate("Comments", "2 – poor"),
        1: QCoreApplication.translate("Comments", "1 – very poor"),
    }
    return labels.get(rating, str(rating))


class FeedbackBox(QGroupBox):
    """Stage, rating and what the applicant said, and Record."""

    record_was_asked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedback")
        self.stage = QComboBox()
        self.stage.setObjectName("feedback-stage")
        for stage in FEEDBACK_STAGES:
            self.stage.addItem("", stage)
        self.rating = QComboBox()
        self.rating.setObjectName("feedback-rating")
        for rating in (5, 4, 3, 2, 1):
            self.rating.addItem("", rating)
        self.rating.setCurrentIndex(-1)
        self.text = QLineEdit()
        self.text.setObjectName("feedback-text")
        self.text.setMaxLength(1000)
        self.text.returnPressed.connect(self.record_was_asked)
        self.record = QPushButton()
        self.record.setObjectName("feedback-record")
        self.record.clicked.connect(self.record_was_asked)
        self.stage_label, self.rating_label = QLabel(), QLabel()
        self.stage_label.setBuddy(self.stage)
        self.rating_label.setBuddy(self.rating)
        self.recorded = QLabel()
        self.recorded.setObjectName("feedback-recorded")
        self.recorded.setWordWrap(True)
        self.recorded.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.notice = problem_label("feedback-notice")
        choices = QHBoxLayout()
        choices.addWidget(self.stage_label)
        choices.addWidget(self.stage)
        choices.addSpacing(12)
        choices.addWidget(self.rating_label)
        choices.addWidget(self.rating)
        choices.addWidget(self.text, 1)
        choices.addWidget(self.record)
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.notice)
        layout.addWidget(self.recorded)

    def choose_stage_for(self, case: CaseState) -> None:
        """The stage the applicant most likely speaks of: the decision once there is one."""
        stage = "decision" if case.status in _DECIDED else "application"
        self.stage.setCurrentIndex(self.stage.findData(stage))

    def clear_entry(self) -> None:
        self.rating.setCurrentIndex(-1)
        self.text.clear()

    def show_recorded(self, feedback: Sequence[Feedback]) -> None:
        latest = {f.stage: f.rating for f in feedback}
        parts = [
            QCoreApplication.translate("Comments", "{0} {1} of 5").format(
                stage_name(stage), latest[stage]
            )
            for stage in FEEDBACK_STAGES
            if stage in latest
        ]
        self.recorded.setText(
            QCoreApplication.translate("Comments", "Recorded on this case: {0}").format(
                " · ".join(parts)
            )
            if parts
            else QCoreApplication.translate("Comments", "No feedback recorded on this case yet.")
        )

    def retranslate(self) -> None:
        self.text.setAccessibleName(
            QCoreApplication.translate("Comments", "What the applicant said")
        )
        self.setTitle(QCoreApplication.translate("Comments", "Applicant feedback"))
        self.stage_label.setText(QCoreApplication.translate("Comments", "Stage"))
        self.rating_label.setText(QCoreApplication.translate("Comments", "Rating"))
        for i in range(self.stage.count()):
            self.stage.setItemText(i, stage_name(str(self.stage.itemData(i))))
        for i in range(self.rating.count()):
            self.rating.setItemText(i, rating_label(int(self.rating.itemData(i))))
        self.rating.setPlaceholderText(QCoreApplication.translate("Comments", "Choose…"))
        self.text.setPlaceholderText(
            QCoreApplication.translate("Comments", "What the applicant said (optional)")
        )
        self.record.setText(QCoreApplication.translate("Comments", "Record"))
