"""Passwords on the admin screens: a new password typed twice, and the prompt for one's own.

The new-password pair gives live feedback from the password policy; the
prompt asks for the signed-in user's password again at the moment a change
is saved, then runs the change on the write lane.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.security.passwords import WeakPassword, check_new_password
from app.services.backup import check_passphrase
from ui import messages
from ui.accounttexts import PASSWORD_CODES, error_text, weak_password_text
from ui.forms import answer_buttons
from ui.notices import ERROR_COLOUR, OK_COLOUR, problem_label, show_text
from ui.taskman import Lane, TaskManager

T = TypeVar("T")


def password_line() -> QLineEdit:
    line = QLineEdit()
    line.setEchoMode(QLineEdit.EchoMode.Password)
    line.setMaxLength(1024)
    line.setMinimumWidth(260)
    return line


class NewPassword(QObject):
    """A new password typed twice, judged by the password policy as it is typed."""

    def __init__(
        self, object_name: str, parent: QObject | None = None, *, passphrase: bool = False
    ) -> None:
        super().__init__(parent)
        #: A backup passphrase: 12 characters at least, and other words.
        self.passphrase = passphrase
        self.password = password_line()
        self.password.setObjectName(f"{object_name}-new")
        self.confirm = password_line()
        self.confirm.setObjectName(f"{object_name}-confirm")
        self.feedback = QLabel()
        self.feedback.setObjectName(f"{object_name}-feedback")
        self.feedback.setWordWrap(True)
        self.password_label = QLabel()
        self.confirm_label = QLabel()
        self._names = ("", "")
        self.password.textChanged.connect(self._judge)
        self.confirm.textChanged.connect(self._judge)
        self._judge()

    def add_to(self, form: QFormLayout) -> None:
        form.addRow(self.password_label, self.password)
        form.addRow(self.confirm_label, self.confirm)
        self.password_label.setBuddy(self.password)
        self.confirm_label.setBuddy(self.confirm)
        form.addRow("", self.feedback)

    def set_names(self, username: str, display_name: str) -> None:
        """The user's names, which the password may not contain."""
        self._names = (username, display_name)
        self._judge()

    def value(self) -> str:
        return self.password.text()

    def clear(self) -> None:
        self.password.clear()
        self.confirm.clear()

    def judge(self) -> tuple[str, bool]:
        """(what to say about the pair now, whether it may be saved)."""
        new, again = self.password.text(), self.confirm.text()
        words = self._words()
        if not new:
            return words["hint"], False
        try:
            warnings = self._check(new)
        except WeakPassword as exc:
            if self.passphrase and exc.reason == "too_short":
                return words["short"], False
            return weak_password_text(exc.reason, str(exc)), False
        if again != new:
            return (words["again"] if not again else words["differ"]), False
        if warnings:
            return QCoreApplication.translate(
                "Passwords", "Acceptable, but 12 or more characters would be stronger."
            ), True
        return words["good"], True

    def _check(self, new: str) -> list[str]:
        username, display_name = self._names
        if self.passphrase:
            check_passphrase(new, username=username, display_name=display_name)
            return []
        return check_new_password(new, username=username, display_name=display_name)

    def _words(self) -> dict[str, str]:
        if self.passphrase:
            return {
                "hint": QCoreApplication.translate(
                    "Passwords", "At least 12 characters; a phrase of several words is best."
                ),
                "short": QCoreApplication.translate(
                    "Passwords", "Too short: a backup passphrase needs at least 12 characters."
                ),
                "again": QCoreApplication.translate(
                    "Passwords", "Type the passphrase again to confirm it."
                ),
                "differ": QCoreApplication.translate("Passwords", "The two passphrases differ."),
                "good": QCoreApplication.translate(
                    "Passwords", "Good: the passphrase meets the policy."
                ),
                "label": QCoreApplication.translate("Passwords", "Passphrase"),
                "label again": QCoreApplication.translate("Passwords", "Passphrase again"),
            }
        return {
            "hint": QCoreApplication.translate(
                "Passwords", "At least 8 characters; 12 or more is better. A phrase is fine."
            ),
            "again": QCoreApplication.translate(
                "Passwords", "Type the new password again to confirm it."
            ),
            "differ": QCoreApplication.translate("Passwords", "The two passwords differ."),
            "good": QCoreApplication.translate("Passwords", "Good: the password meets the policy."),
            "label": QCoreApplication.translate("Passwords", "New password"),
            "label again": QCoreApplication.translate("Passwords", "New password again"),
        }

    def acceptable(self) -> bool:
        return self.judge()[1]

    def show_problem(self, text: str) -> None:
        show_text(self.feedback, text)

    def _judge(self) -> None:
        text, ok = self.judge()
        empty = not self.password.text()
        self.feedback.setStyleSheet(
            "color: palette(placeholder-text);"
            if empty
            else f"color: {OK_COLOUR if ok else ERROR_COLOUR};"
        )
        self.feedback.setText(text)

    def retranslate(self) -> None:
        words = self._words()
        self.password_label.setText(words["label"])
        self.confirm_label.setText(words["label again"])
        self._judge()


class PasswordPrompt(QDialog):
    """Asks for the signed-in user's own password before a change is saved."""

    password_given = Signal(str)

    def __init__(self, parent: QWidget, title: str, text: str) -> None:
        super().__init__(parent)
        self.setObjectName("password-prompt")
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.busy = False
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.password = password_line()
        self.password.setObjectName("prompt-password")
        self.problem = problem_label("prompt-problem")
        self.buttons = answer_buttons(self, self._on_ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            QCoreApplication.translate("PasswordPrompt", "Confirm")
        )
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("PasswordPrompt", "Your password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def _on_ok(self) -> None:
        if not self.password.text():
            self.refuse(QCoreApplication.translate("PasswordPrompt", "Enter your password."))
            return
        self.set_busy(True)
        self.password_given.emit(self.password.text())

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.buttons.setEnabled(not busy)
        self.password.setEnabled(not busy)

    def refuse(self, text: str) -> None:
        """The password was not accepted: say why and let the user try again."""
        self.set_busy(False)
        show_text(self.problem, text)
        self.password.clear()
        self.password.setFocus()
        self.adjustSize()

    def reject(self) -> None:
        # A check in flight reports back to this dialog; it stays until then.
        if not self.busy:
            super().reject()


def confirm_with_password(
    parent: QWidget,
    tasks: TaskManager,
    title: str,
    text: str,
    command: Callable[[str], T],
    on_done: Callable[[T], None],
    on_refused: Callable[[UserError], None] | None = None,
) -> PasswordPrompt:
    """Ask for the user's password, then run ``command(password)`` on the write lane.

    A wrong password is told in the prompt, which stays open for another try;
    any other refusal closes it and goes to ``on_refused`` (else a message box).
    """
    prompt = PasswordPrompt(parent, title, text)

    def done(result: T) -> None:
        if not shiboken6.isValid(prompt):
            return  # its screen was closed under it (the session locked)
        prompt.set_busy(False)
        prompt.accept()
        on_done(result)

    def refused(exc: UserError) -> None:
        if not shiboken6.isValid(prompt):
            return
        if exc.code in PASSWORD_CODES:
            prompt.refuse(error_text(exc))
            return
        prompt.set_busy(False)
        prompt.reject()
        if on_refused is not None:
            on_refused(exc)
        else:
            messages.show_box(parent, QMessageBox.Icon.Warning, title, error_text(exc))

    def run(password: str) -> None:
        tasks.run(lambda: command(password), done, refused, lane=Lane.WRITE)

    prompt.password_given.connect(run)
    prompt.open()
    return prompt
