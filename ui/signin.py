"""Signing in: the sign-in screen, the first thing LoanDesk paints.

The screen shows while the profile is still being opened behind it
(``ProfileOpening``): the database, its migrations and the code of the desk load
while the user types. The password check (Argon2, some 40 ms) runs on the
write lane, after the opening, since a failed attempt is written down; the
screen only waits for the answer. So this module loads nothing heavy itself
(bench/startup.py measures it).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from ui import messages
from ui.forms import answer_buttons, buddy_up
from ui.notices import problem_label, show_text
from ui.taskman import Cancelled, Lane, TaskManager

if TYPE_CHECKING:
    from app.services.profile import Profile

MUTED_COLOUR = "#5f6368"
_PASSWORD_MAX = 1024


class ProfileOpening:
    """A profile being opened on a worker thread while the sign-in screen shows.

    ``open`` runs on the worker; ``profile`` waits for it (on a worker too) and
    gives the open profile or raises what opening raised.
    """

    def __init__(self) -> None:
        self._future: Future[Profile] = Future()

    @classmethod
    def of(cls, profile: Profile) -> ProfileOpening:
        """An opening already done: a profile opened (or made) before the screen shows."""
        opening = cls()
        opening._future.set_result(profile)
        return opening

    def open(self, opener: Callable[[], Profile]) -> Profile:
        try:
            profile = opener()
        except BaseException as exc:
            self._future.set_exception(exc)
            raise
        self._future.set_result(profile)
        return profile

    def profile(self) -> Profile:
        """The open profile; ``Cancelled`` if it could not be opened (the flow says why)."""
        try:
            return self._future.result()
        except UserError:
            raise Cancelled from None

    @property
    def opened(self) -> Profile | None:
        """The profile, if opening is over and went well; never waits."""
        future = self._future
        return future.result() if future.done() and future.exception() is None else None


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

    #: the profile should open now: the screen has painted once, or the user
    #: signs in before it did (the check waits for the opening on the write lane)
    profile_needed = Signal()

    def __init__(
        self, profile: Profile | ProfileOpening, tasks: TaskManager, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sign-in")
        self._opening = (
            profile if isinstance(profile, ProfileOpening) else ProfileOpening.of(profile)
        )
        self._painted = False
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
        buddy_up(form)
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
        self.profile_needed.emit()
        opening = self._opening

        def sign_in() -> bool:
            from app.services.accounts import AccountService  # loaded by the opening

            accounts = AccountService(opening.profile())
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

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.profile_needed.emit()

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
