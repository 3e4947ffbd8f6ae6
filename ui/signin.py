"""Signing in: the sign-in screen, and the new password an admin-set one must give way to.

The password check (Argon2, some 40 ms) runs on the write lane, since a
failed attempt is written down; the screen only waits for the answer.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import InvalidInput, UserError
from app.security.passwords import WeakPassword
from app.services.accounts import AccountService
from app.services.profile import Profile
from ui import messages
from ui.accounttexts import problem_text
from ui.forms import answer_buttons
from ui.notices import problem_label, show_text
from ui.passwords import NewPassword
from ui.taskman import Lane, TaskManager

MUTED_COLOUR = "#5f6368"
_PASSWORD_MAX = 1024


class PasswordLine(QLineEdit):
    """A password input that guesses from the letters typed whether Caps Lock is on.

    Qt cannot ask the keyboard; an upper-case letter typed without Shift (or a
    lower-case one with it) gives it away, as many sign-in screens do.
    """

    caps_lock_did_change = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setMaxLength(_PASSWORD_MAX)
        self.caps_lock = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if len(text) == 1 and text.lower() != text.upper():
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            caps = text.isupper() != shift
            if caps != self.caps_lock:
                self.caps_lock = caps
                self.caps_lock_did_change.emit(caps)
        super().keyPressEvent(event)


class SignInDialog(QDialog):
    """User name and password; accepted once the profile has a session.

    ``must_change`` then says whether the user must choose a new password first.
    Rejected (Quit, Escape, the window closed) means the user wants to leave.
    """

    def __init__(self, profile: Profile, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sign-in")
        self._accounts = AccountService(profile)
        self._tasks = tasks
        self._busy = False
        self.must_change = False
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.username = QLineEdit()
        self.username.setObjectName("signin-username")
        self.username.setMaxLength(64)
        self.password = PasswordLine()
        self.password.setObjectName("signin-password")
        self.password.caps_lock_did_change.connect(self._on_caps_lock)
        self.caps = QLabel()
        self.caps.setObjectName("signin-caps")
        self.caps.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.caps.hide()
        self.problem = problem_label("signin-problem")
        self.buttons = answer_buttons(self, self._on_sign_in)
        self.username_label = QLabel()
        self.password_label = QLabel()
        self._lay_out()
        self.retranslate()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(self.username_label, self.username)
        form.addRow(self.password_label, self.password)
        form.addRow("", self.caps)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.username.setFocus()

    def start(self, username: str = "") -> None:
        """Show the screen, empty but for ``username``; the cursor where typing starts."""
        self.username.setText(username)
        self.password.clear()
        show_text(self.problem, "")
        self.show()
        self.activateWindow()
        (self.password if username else self.username).setFocus()

    def _on_sign_in(self) -> None:
        if self._busy:
            return
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            show_text(
                self.problem,
                QCoreApplication.translate("SignIn", "Enter your user name and your password."),
            )
            return
        self._set_busy(True)
        accounts = self._accounts

        def sign_in() -> bool:
            accounts.sign_in(username, password)
            return accounts.must_change_password()

        self._tasks.run(
            sign_in,
            self._on_signed_in,
            self._on_refused,
            lane=Lane.WRITE,
            on_finally=lambda: self._set_busy(False),
        )

    def _on_signed_in(self, must_change: bool) -> None:
        self.must_change = must_change
        self.password.clear()
        self.accept()

    def _on_refused(self, exc: UserError) -> None:
        if exc.code == "signin.refused":
            text = messages.password_refusal(exc, with_user_name=True)
        else:
            text = messages.user_message(exc)
        show_text(self.problem, text)
        self.password.clear()
        self.password.setFocus()
        self.adjustSize()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.buttons.setEnabled(not busy)

    def _on_caps_lock(self, on: bool) -> None:
        self.caps.setVisible(on)

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("SignIn", "Sign in to LoanDesk"))
        self.heading.setText(QCoreApplication.translate("SignIn", "LoanDesk"))
        self.intro.setText(
            QCoreApplication.translate("SignIn", "Sign in with your own user name and password.")
        )
        self.username_label.setText(QCoreApplication.translate("SignIn", "User name"))
        self.password_label.setText(QCoreApplication.translate("SignIn", "Password"))
        self.caps.setText(QCoreApplication.translate("SignIn", "Caps Lock is on."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            QCoreApplication.translate("SignIn", "Sign in")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("SignIn", "Quit")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ChangePasswordDialog(QDialog):
    """The first sign-in with a password an admin set: a new one, or Quit. No skipping."""

    def __init__(self, profile: Profile, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first-password")
        self._accounts = AccountService(profile)
        self._tasks = tasks
        self._busy = False
        user = profile.actor
        self._name = user.display_name
        self.warnings: list[str] = []
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.old = PasswordLine()
        self.old.setObjectName("first-password-old")
        self.old_label = QLabel()
        self.old_problem = problem_label("first-password-old-problem")
        self.new = NewPassword("first-password", self)
        self.new.set_names(user.username, user.display_name)
        self.problem = problem_label("first-password-problem")
        self.buttons = answer_buttons(self, self._on_change)
        form = QFormLayout()
        form.addRow(self.old_label, self.old)
        form.addRow("", self.old_problem)
        self.new.add_to(form)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.retranslate()
        self.old.setFocus()

    def _on_change(self) -> None:
        if self._busy:
            return
        old, new = self.old.text(), self.new.value()
        if not old:
            show_text(
                self.old_problem,
                QCoreApplication.translate(
                    "FirstPassword", "Enter the password the administrator gave you."
                ),
            )
            return
        show_text(self.old_problem, "")
        verdict, acceptable = self.new.judge()
        if not acceptable:
            self.new.show_problem(verdict)
            return
        self._busy = True
        self.buttons.setEnabled(False)
        accounts = self._accounts
        self._tasks.run(
            lambda: accounts.change_password(old, new),
            self._on_changed,
            self._on_refused,
            lane=Lane.WRITE,
            on_finally=self._on_settled,
        )

    def _on_settled(self) -> None:
        self._busy = False
        self.buttons.setEnabled(True)

    def _on_changed(self, warnings: list[str]) -> None:
        self.warnings = warnings
        self.accept()

    def _on_refused(self, exc: UserError) -> None:
        if exc.code.startswith("signin."):
            show_text(self.old_problem, messages.user_message(exc))
            self.old.clear()
            self.old.setFocus()
        elif isinstance(exc, WeakPassword):
            self.new.show_problem(messages.user_message(exc))
        elif isinstance(exc, InvalidInput):
            first = next(iter(exc.problems.values()))[0]
            self.new.show_problem(problem_text(*first))
        else:
            show_text(self.problem, messages.user_message(exc))
        self.adjustSize()

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("FirstPassword", "Choose your password"))
        self.heading.setText(
            QCoreApplication.translate("FirstPassword", "Welcome, {0}").format(self._name)
        )
        self.intro.setText(
            QCoreApplication.translate(
                "FirstPassword",
                "An administrator set your password. Choose your own now, before you go on; "
                "nobody else should know it. Quit if you cannot do it now.",
            )
        )
        self.old_label.setText(
            QCoreApplication.translate("FirstPassword", "Password from the administrator")
        )
        self.new.retranslate()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            QCoreApplication.translate("FirstPassword", "Change password")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("FirstPassword", "Quit")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
