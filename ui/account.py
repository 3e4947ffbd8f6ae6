"""My account (who I am, my roles, a new password) and the pieces every admin screen shares.

Shared here: the roles and account refusals in words, the new-password pair
with live feedback from the password policy, and the prompt that asks for
the signed-in user's password again at the moment a change is saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import Role
from app.errors import InvalidInput, UserError
from app.security.passwords import WeakPassword, check_new_password
from app.services.accounts import AccountService
from app.services.backup import check_passphrase
from app.services.profile import Profile
from ui import messages
from ui.fields import ERROR_COLOUR
from ui.taskman import Lane, TaskHandle, TaskManager

T = TypeVar("T")
OK_COLOUR = "#1b5e20"
ROLE_ORDER = (Role.OFFICER, Role.SUPERVISOR, Role.RISK_ANALYST, Role.AUDITOR, Role.ADMIN)
# Refusals that are about the password just typed into a prompt, not about the change.
PASSWORD_CODES = frozenset(
    {"signin.refused", "signin.locked", "signin.disabled", "signin.no_password"}
)
_LEFT = re.compile(r"(\d+) more failed attempt")


def role_label(role: Role) -> str:
    labels = {
        Role.OFFICER: QCoreApplication.translate("Roles", "Loan officer"),
        Role.SUPERVISOR: QCoreApplication.translate("Roles", "Supervisor"),
        Role.RISK_ANALYST: QCoreApplication.translate("Roles", "Risk analyst"),
        Role.AUDITOR: QCoreApplication.translate("Roles", "Auditor"),
        Role.ADMIN: QCoreApplication.translate("Roles", "Administrator"),
    }
    return labels[role]


def role_duty(role: Role) -> str:
    duties = {
        Role.OFFICER: QCoreApplication.translate(
            "Roles", "opens cases, scans documents and submits them"
        ),
        Role.SUPERVISOR: QCoreApplication.translate(
            "Roles", "reviews cases and decides them within their approval limits"
        ),
        Role.RISK_ANALYST: QCoreApplication.translate(
            "Roles", "trains, checks and publishes the risk models"
        ),
        Role.AUDITOR: QCoreApplication.translate(
            "Roles", "reads cases and the audit log; changes nothing"
        ),
        Role.ADMIN: QCoreApplication.translate(
            "Roles", "manages users, backups and settings; works on no case"
        ),
    }
    return duties[role]


def roles_text(roles: Iterable[Role]) -> str:
    held = set(roles)
    return QCoreApplication.translate("Roles", ", ").join(
        role_label(r) for r in ROLE_ORDER if r in held
    )


def weak_password_text(reason: str, fallback: str = "") -> str:
    texts = {
        "too_short": QCoreApplication.translate(
            "Passwords", "Too short: a password needs at least 8 characters."
        ),
        "common": QCoreApplication.translate(
            "Passwords", "This password is on the list of commonly used passwords; choose another."
        ),
        "contains_name": QCoreApplication.translate(
            "Passwords", "The password contains the user's name; choose one without it."
        ),
        "too_long": QCoreApplication.translate(
            "Passwords", "Too long: a password may have at most 1024 characters."
        ),
    }
    return texts.get(reason, fallback)


def error_text(exc: UserError) -> str:
    """An account refusal in the user's language; the core's English where none is written."""
    if isinstance(exc, WeakPassword):
        return weak_password_text(exc.reason, str(exc))
    if exc.code == "signin.refused":
        text = QCoreApplication.translate("Accounts", "The password is not right.")
        left = _LEFT.search(str(exc))
        if left is not None:
            text += " " + QCoreApplication.translate(
                "Accounts", "{0} more failed attempt(s) will lock the account."
            ).format(left.group(1))
        return text
    if exc.code == "signin.locked":
        until = str(getattr(exc, "until", ""))
        return QCoreApplication.translate(
            "Accounts",
            "The account is locked after too many failed attempts until {0} (UTC). "
            "An administrator can unlock it sooner.",
        ).format(until.replace("T", " ")[:16])
    known = {
        "signin.disabled": QCoreApplication.translate(
            "Accounts", "This account is switched off. Ask an administrator."
        ),
        "signin.no_password": QCoreApplication.translate(
            "Accounts", "This account has no password yet; an administrator must set one."
        ),
        "session.locked": QCoreApplication.translate(
            "Accounts", "The screen is locked; enter your password to go on."
        ),
        "session.none": QCoreApplication.translate("Accounts", "Sign in first."),
        "permission.denied": QCoreApplication.translate(
            "Accounts", "Your roles do not allow this."
        ),
        "not_found": QCoreApplication.translate(
            "Accounts", "That user no longer exists; the list is reloaded."
        ),
    }
    return known.get(exc.code, messages.user_message(exc))


def problem_text(code: str, message: str) -> str:
    """One ``InvalidInput`` problem of an account or policy change, in words."""
    known = {
        "user.username": QCoreApplication.translate(
            "Accounts",
            "2 to 32 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter.",
        ),
        "user.display_name": QCoreApplication.translate("Accounts", "1 to 100 characters."),
        "user.roles": QCoreApplication.translate("Accounts", "Choose at least one role."),
        "user.last_admin": QCoreApplication.translate(
            "Accounts", "The profile needs at least one active administrator."
        ),
        "user.no_change": QCoreApplication.translate("Accounts", "Nothing was changed."),
        "password.same": QCoreApplication.translate(
            "Accounts", "The new password is the old one; choose a new one."
        ),
    }
    if code == "user.taken":
        name = message.rsplit("'", 2)[-2] if message.count("'") >= 2 else ""
        return QCoreApplication.translate("Accounts", "There is already a user '{0}'.").format(name)
    return known.get(code, message)


def first_problems(exc: InvalidInput) -> dict[str, str]:
    """Each refused field's first problem, in words."""
    return {field: problem_text(*items[0]) for field, items in exc.problems.items() if items}


def problem_label(object_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.hide()
    return label


def show_text(label: QLabel, text: str, *, ok: bool = False) -> None:
    """Show ``text`` in ``label`` (red, or green when ``ok``); hide it when empty."""
    label.setStyleSheet(f"color: {OK_COLOUR if ok else ERROR_COLOUR};")
    label.setText(text)
    label.setVisible(bool(text))


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
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            QCoreApplication.translate("PasswordPrompt", "Confirm")
        )
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
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


class ScreenTasks:
    """A screen's work through the task manager; once the screen closes, its results are dropped.

    A result arriving for a closed (deleted) dialog would reach widgets that
    no longer exist; cancelling the handle makes the task manager skip it.
    """

    def __init__(self, tasks: TaskManager, screen: QDialog) -> None:
        self.manager = tasks
        self._live: set[TaskHandle] = set()
        screen.finished.connect(self.cancel_all)

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[UserError], None] | None = None,
        *,
        lane: Lane = Lane.POOL,
        on_finally: Callable[[], None] | None = None,
    ) -> TaskHandle:
        handles: list[TaskHandle] = []

        def finish() -> None:
            handle = handles[0]
            self._live.discard(handle)
            if on_finally is not None and not handle.cancelled:
                on_finally()

        handle = self.manager.run(fn, on_done, on_error, lane=lane, on_finally=finish)
        handles.append(handle)
        self._live.add(handle)
        return handle

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def cancel_all(self) -> None:
        for handle in self._live:
            handle.cancel()


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


class MyAccountDialog(QDialog):
    """The signed-in user's name and roles, and a form to change their own password."""

    password_did_change = Signal()

    def __init__(self, profile: Profile, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("my-account")
        self._profile, self._tasks = profile, ScreenTasks(tasks, self)
        self._service = AccountService(profile)
        self.name = QLabel()
        self.name.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.username = QLabel()
        self.roles = QLabel()
        self.roles.setWordWrap(True)
        self.roles.setTextFormat(Qt.TextFormat.PlainText)
        self.must_change = QLabel()
        self.must_change.setObjectName("must-change")
        self.must_change.setWordWrap(True)
        self.must_change.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;")
        self.must_change.hide()
        self.old = password_line()
        self.old.setObjectName("old-password")
        self.old_label = QLabel()
        self.old_problem = problem_label("old-problem")
        self.new = NewPassword("my-password", self)
        user = profile.actor
        self.new.set_names(user.username, user.display_name)
        self.change_button = QPushButton()
        self.change_button.setObjectName("change-password")
        self.change_button.clicked.connect(self._on_change)
        self.outcome = problem_label("password-result")
        self.group = QGroupBox()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.retranslate()
        self._tasks.run(self._service.must_change_password, self._on_must_change_known)

    def _lay_out(self) -> None:
        form = QFormLayout(self.group)
        form.addRow(self.old_label, self.old)
        form.addRow("", self.old_problem)
        self.new.add_to(form)
        row = QHBoxLayout()
        row.addWidget(self.change_button)
        row.addStretch(1)
        form.addRow("", row)
        form.addRow("", self.outcome)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.username)
        layout.addWidget(self.roles)
        layout.addWidget(self.must_change)
        layout.addSpacing(8)
        layout.addWidget(self.group)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(600)

    def _on_must_change_known(self, must: bool) -> None:
        self.must_change.setVisible(must)

    def _on_change(self) -> None:
        show_text(self.old_problem, "")
        show_text(self.outcome, "")
        old, new = self.old.text(), self.new.value()
        if not old:
            show_text(
                self.old_problem,
                QCoreApplication.translate("MyAccount", "Enter your current password."),
            )
            return
        text, ok = self.new.judge()
        if not ok:
            self.new.show_problem(text)
            return
        self.change_button.setEnabled(False)
        self._tasks.run(
            lambda: self._service.change_password(old, new),
            self._on_changed,
            self._on_refused,
            lane=Lane.WRITE,
            on_finally=lambda: self.change_button.setEnabled(True),
        )

    def _on_changed(self, warnings: list[str]) -> None:
        self.old.clear()
        self.new.clear()
        self.must_change.hide()
        words = QCoreApplication.translate(
            "MyAccount", "Your password is changed. Use the new one from now on."
        )
        show_text(self.outcome, words, ok=True)
        self.password_did_change.emit()

    def _on_refused(self, exc: UserError) -> None:
        if exc.code in PASSWORD_CODES:
            show_text(self.old_problem, error_text(exc))
            self.old.clear()
            self.old.setFocus()
        elif isinstance(exc, WeakPassword):
            self.new.show_problem(error_text(exc))
        elif isinstance(exc, InvalidInput):
            found = first_problems(exc)
            self.new.show_problem(found.get("new_password") or "; ".join(found.values()))
        else:
            show_text(self.outcome, error_text(exc))

    def retranslate(self) -> None:
        user = self._profile.actor
        self.setWindowTitle(QCoreApplication.translate("MyAccount", "My account"))
        self.name.setText(user.display_name)
        self.username.setText(
            QCoreApplication.translate("MyAccount", "User name: {0}").format(user.username)
        )
        lines = [QCoreApplication.translate("MyAccount", "Your roles:")]
        lines += [f"• {role_label(r)}: {role_duty(r)}" for r in ROLE_ORDER if r in user.roles]
        self.roles.setText("\n".join(lines))
        self.must_change.setText(
            QCoreApplication.translate(
                "MyAccount",
                "An administrator set your password. Choose your own now; only you should know it.",
            )
        )
        self.group.setTitle(QCoreApplication.translate("MyAccount", "Change your password"))
        self.old_label.setText(QCoreApplication.translate("MyAccount", "Current password"))
        self.new.retranslate()
        self.change_button.setText(QCoreApplication.translate("MyAccount", "Change password"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
