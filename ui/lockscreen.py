"""The lock page: who is signed in, their password to go on, or Sign out.

It shows nothing of any applicant; ``ui.screenlock`` puts it in the window's place.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.accounts import UserRow
from ui.notices import ERROR_COLOUR
from ui.signin import MUTED_COLOUR, PasswordLine


class LockScreen(QWidget):
    """Who is signed in, their password to go on, or Sign out for somebody else."""

    unlock_was_asked = Signal(str)
    sign_out_was_asked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock-screen")
        self._user: UserRow | None = None
        self._reason = "manual"
        self._idle_minutes = 0
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.who = QLabel()
        self.who.setObjectName("lock-who")
        self.who.setTextFormat(Qt.TextFormat.PlainText)
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.password = PasswordLine()
        self.password.setObjectName("lock-password")
        self.password.returnPressed.connect(self._on_unlock)
        self.password.caps_lock_did_change.connect(self._on_caps_lock)
        self.unlock_button = QPushButton()
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._on_unlock)
        self.caps = QLabel()
        self.caps.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.caps.hide()
        self.problem = QLabel()
        self.problem.setObjectName("lock-problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.problem.hide()
        self.other = QLabel()
        self.other.setWordWrap(True)
        self.other.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.sign_out_button = QPushButton()
        self.sign_out_button.setObjectName("lock-sign-out")
        self.sign_out_button.clicked.connect(self.sign_out_was_asked)
        self._lay_out()
        self.retranslate()

    def _lay_out(self) -> None:
        entry = QHBoxLayout()
        entry.addWidget(self.password, 1)
        entry.addWidget(self.unlock_button)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        panel = QFrame()
        panel.setObjectName("lock-panel")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setFixedWidth(460)
        column = QVBoxLayout(panel)
        column.setContentsMargins(28, 24, 28, 24)
        column.setSpacing(10)
        column.addWidget(self.heading)
        column.addWidget(self.who)
        column.addWidget(self.why)
        column.addSpacing(8)
        column.addLayout(entry)
        column.addWidget(self.caps)
        column.addWidget(self.problem)
        column.addSpacing(8)
        column.addWidget(rule)
        column.addWidget(self.other)
        column.addWidget(self.sign_out_button, 0, Qt.AlignmentFlag.AlignLeft)
        # The panel hangs from a fixed height, so a message below the password
        # makes it longer instead of moving it.
        outer = QVBoxLayout(self)
        outer.addSpacing(140)
        outer.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)

    def show_for(self, user: UserRow, reason: str, idle_minutes: int) -> None:
        """Ready the page for ``user``: empty password, no old message, cursor in place."""
        self._user, self._reason, self._idle_minutes = user, reason, idle_minutes
        self.password.clear()
        self.set_busy(False)
        self.refuse("")
        self.retranslate()
        self.password.setFocus()

    def set_reason(self, reason: str) -> None:
        self._reason = reason
        self.retranslate()

    def set_busy(self, busy: bool) -> None:
        self.unlock_button.setEnabled(not busy)
        self.sign_out_button.setEnabled(not busy)
        self.password.setReadOnly(busy)

    def refuse(self, text: str) -> None:
        """Say why the password did not unlock (or clear the message with "")."""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        if text:
            self.password.clear()
            self.password.setFocus()

    def _on_unlock(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        if not self.password.text():
            self.refuse(QCoreApplication.translate("LockScreen", "Enter your password."))
            return
        self.unlock_was_asked.emit(self.password.text())

    def _on_caps_lock(self, on: bool) -> None:
        self.caps.setVisible(on)

    def retranslate(self) -> None:
        self.heading.setText(QCoreApplication.translate("LockScreen", "LoanDesk is locked"))
        if self._user is not None:
            self.who.setText(
                QCoreApplication.translate("LockScreen", "Signed in: {0} ({1})").format(
                    self._user.display_name, self._user.username
                )
            )
        if self._reason == "idle":
            self.why.setText(
                QCoreApplication.translate(
                    "LockScreen",
                    "Locked after {0} minute(s) without activity. Enter your password to go on "
                    "where you left off.",
                ).format(self._idle_minutes)
            )
        else:
            self.why.setText(
                QCoreApplication.translate(
                    "LockScreen", "Enter your password to go on where you left off."
                )
            )
        self.password.setPlaceholderText(QCoreApplication.translate("LockScreen", "Password"))
        self.unlock_button.setText(QCoreApplication.translate("LockScreen", "Unlock"))
        self.caps.setText(QCoreApplication.translate("LockScreen", "Caps Lock is on."))
        self.other.setText(
            QCoreApplication.translate(
                "LockScreen", "Someone else? Sign this user out so another can sign in."
            )
        )
        self.sign_out_button.setText(QCoreApplication.translate("LockScreen", "Sign out"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
