"""User management for the administrator: the list of users and what can be done to them.

Every change asks for the administrator's own password at the moment it is
saved and runs on the write lane; the list reloads from the service after.
Adding or changing a user is ``ui.usereditor``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import InvalidInput, UserError
from app.services.accounts import AccountService, AccountStatus, UserRow
from app.services.profile import Profile
from ui import texts
from ui.accounttexts import error_text, first_problems
from ui.forms import answer_buttons
from ui.notices import problem_label, show_text
from ui.passwords import NewPassword, confirm_with_password
from ui.tables import lay_out_around, record_table
from ui.taskman import ScreenTasks, TaskManager
from ui.usereditor import UserEditor


class Column(IntEnum):
    USERNAME = 0
    NAME = 1
    ROLES = 2
    STATUS = 3
    PASSWORD = 4


def is_locked(status: AccountStatus, now: datetime) -> bool:
    if status.locked_until is None:
        return False
    return datetime.fromisoformat(status.locked_until) > now


def status_text(status: AccountStatus, now: datetime) -> str:
    if not status.user.active:
        return QCoreApplication.translate("Users", "Switched off")
    if is_locked(status, now):
        assert status.locked_until is not None
        return QCoreApplication.translate("Users", "Locked until {0}").format(
            texts.format_time(status.locked_until)
        )
    return QCoreApplication.translate("Users", "Active")


def password_text(status: AccountStatus) -> str:
    if not status.has_password:
        return QCoreApplication.translate("Users", "Not set")
    if status.must_change:
        return QCoreApplication.translate("Users", "Must change at next sign-in")
    return QCoreApplication.translate("Users", "Set by the user")


class ResetPasswordDialog(QDialog):
    """An administrator sets a new first password for a user who forgot theirs."""

    def __init__(
        self, service: AccountService, tasks: TaskManager, user: UserRow, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reset-password")
        self._service, self._tasks, self.user = service, tasks, user
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.password = NewPassword("reset-password", self)
        self.password.set_names(user.username, user.display_name)
        self.problem = problem_label("reset-problem")
        self.buttons = answer_buttons(self, self._on_save)
        form = QFormLayout()
        self.password.add_to(form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.retranslate()

    def _on_save(self) -> None:
        text, ok = self.password.judge()
        if not ok:
            self.password.show_problem(text)
            return
        user, new = self.user, self.password.value()
        confirm_with_password(
            self,
            self._tasks,
            QCoreApplication.translate("Users", "Confirm the new password"),
            QCoreApplication.translate(
                "Users", "Set a new password for {0}: enter your own password to confirm."
            ).format(user.display_name),
            lambda admin_password: self._service.reset_password(
                user.user_id, new_password=new, admin_password=admin_password
            ),
            lambda _none: self.accept(),
            lambda exc: show_text(self.problem, error_text(exc)),
        )

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("Users", "Reset password"))
        self.intro.setText(
            QCoreApplication.translate(
                "Users",
                "Set a new password for {0} ({1}). Give it to them in person; they must "
                "change it at their next sign-in. Their signing key is replaced by a new one.",
            ).format(self.user.display_name, self.user.username)
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            QCoreApplication.translate("Users", "Set password")
        )
        self.password.retranslate()


class UsersDialog(QDialog):
    """The users of this profile with their roles and state, and the buttons to change them."""

    users_did_load = Signal()
    #: What was done, in words, after a change was saved.
    users_did_change = Signal(str)

    def __init__(self, profile: Profile, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("users")
        self._profile, self._tasks = profile, tasks
        self._reads = ScreenTasks(tasks, self)
        self._service = AccountService(profile)
        self.statuses: list[AccountStatus] = []
        self.editor: QDialog | None = None
        self.table = record_table("users-table", Column, Column.NAME)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self._on_edit)
        self.add_button = self._button("add-user", self._on_add)
        self.edit_button = self._button("edit-user", self._on_edit)
        self.reset_button = self._button("reset-password", self._on_reset)
        self.unlock_button = self._button("unlock-user", self._on_unlock)
        self.switch_button = self._button("switch-user", self._on_switch)
        self.notice = problem_label("users-notice")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.retranslate()
        self.reload()

    def _button(self, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.reset_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        row.addWidget(self.switch_button)
        lay_out_around(self, row, self.table, self.notice, self.buttons)
        self.resize(980, 480)

    # -- the list --------------------------------------------------------------
    def reload(self) -> None:
        self._reads.run(self._service.users, self._on_loaded)

    def _on_loaded(self, statuses: list[AccountStatus]) -> None:
        chosen = self.selected()
        keep = chosen.user.user_id if chosen else None
        self.statuses = sorted(statuses, key=lambda s: s.user.username)
        self.table.setRowCount(len(self.statuses))
        for row, status in enumerate(self.statuses):
            for column, text in enumerate(self._cells(status)):
                self.table.setItem(row, column, QTableWidgetItem(text))
            if status.user.user_id == keep:
                self.table.selectRow(row)
        self._update_buttons()
        self.users_did_load.emit()

    def _cells(self, status: AccountStatus) -> tuple[str, ...]:
        user = status.user
        now = self._profile.clock()
        return (
            user.username,
            user.display_name,
            texts.roles_text(user.roles),
            status_text(status, now),
            password_text(status),
        )

    def row_of(self, username: str) -> int:
        """The table row showing ``username``, or -1."""
        names = [s.user.username for s in self.statuses]
        return names.index(username) if username in names else -1

    def selected(self) -> AccountStatus | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.statuses):
            return None
        return self.statuses[rows[0].row()]

    def _update_buttons(self) -> None:
        status = self.selected()
        me = self._profile.actor.user_id
        for button in (self.edit_button, self.reset_button):
            button.setEnabled(status is not None)
        self.unlock_button.setEnabled(
            status is not None and is_locked(status, self._profile.clock())
        )
        # Switching oneself off would lock the admin out at the next sign-in.
        self.switch_button.setEnabled(status is not None and status.user.user_id != me)
        self._name_switch(status)

    def _name_switch(self, status: AccountStatus | None) -> None:
        if status is not None and not status.user.active:
            self.switch_button.setText(QCoreApplication.translate("Users", "Switch on"))
        else:
            self.switch_button.setText(QCoreApplication.translate("Users", "Switch off"))

    # -- changes ---------------------------------------------------------------
    def _open(self, editor: QDialog, done: Callable[[], str]) -> None:
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.accepted.connect(lambda: self._after_change(done()))
        self.editor = editor
        editor.open()

    def _on_add(self) -> None:
        editor = UserEditor(self._service, self._tasks, None, self)
        self._open(
            editor,
            lambda: QCoreApplication.translate(
                "Users", "{0} is added. They must change the first password at their first sign-in."
            ).format(editor.display_name.text().strip()),
        )

    def _on_edit(self) -> None:
        status = self.selected()
        if status is None:
            return
        editor = UserEditor(self._service, self._tasks, status.user, self)
        name = status.user.display_name
        self._open(
            editor, lambda: QCoreApplication.translate("Users", "{0} is changed.").format(name)
        )

    def _on_reset(self) -> None:
        status = self.selected()
        if status is None:
            return
        name = status.user.display_name
        self._open(
            ResetPasswordDialog(self._service, self._tasks, status.user, self),
            lambda: QCoreApplication.translate("Users", "{0} has a new password.").format(name),
        )

    def _on_unlock(self) -> None:
        status = self.selected()
        if status is None:
            return
        user = status.user
        confirm_with_password(
            self,
            self._tasks,
            QCoreApplication.translate("Users", "Unlock an account"),
            QCoreApplication.translate(
                "Users", "Unlock the account of {0}: enter your own password to confirm."
            ).format(user.display_name),
            lambda password: self._service.unlock_account(user.user_id, admin_password=password),
            lambda _none: self._after_change(
                QCoreApplication.translate("Users", "{0} can sign in again.").format(
                    user.display_name
                )
            ),
            self._on_refused,
        )

    def _on_switch(self) -> None:
        status = self.selected()
        if status is None:
            return
        user, active = status.user, not status.user.active
        if active:
            text = QCoreApplication.translate(
                "Users", "Switch on the account of {0}: enter your own password to confirm."
            )
            done = QCoreApplication.translate("Users", "{0} can sign in again.")
        else:
            text = QCoreApplication.translate(
                "Users",
                "Switch off the account of {0}? They can no longer sign in. "
                "Enter your own password to confirm.",
            )
            done = QCoreApplication.translate("Users", "{0} is switched off.")
        confirm_with_password(
            self,
            self._tasks,
            self.switch_button.text(),
            text.format(user.display_name),
            lambda password: self._service.update_user(
                user.user_id, admin_password=password, active=active
            ),
            lambda _row: self._after_change(done.format(user.display_name)),
            self._on_refused,
        )

    def _on_refused(self, exc: UserError) -> None:
        if isinstance(exc, InvalidInput):
            show_text(self.notice, "; ".join(first_problems(exc).values()))
        else:
            show_text(self.notice, error_text(exc))
        self.reload()

    def _after_change(self, text: str) -> None:
        show_text(self.notice, text, ok=True)
        self.users_did_change.emit(text)
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("Users", "Users"))
        self.table.setAccessibleName(self.windowTitle())
        self.table.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("Users", "User name"),
                QCoreApplication.translate("Users", "Display name"),
                QCoreApplication.translate("Users", "Roles"),
                QCoreApplication.translate("Users", "Status"),
                QCoreApplication.translate("Users", "Password"),
            ]
        )
        self.add_button.setText(QCoreApplication.translate("Users", "Add user…"))
        self.edit_button.setText(QCoreApplication.translate("Users", "Change…"))
        self.reset_button.setText(QCoreApplication.translate("Users", "Reset password…"))
        self.unlock_button.setText(QCoreApplication.translate("Users", "Unlock"))
        self._name_switch(self.selected())
        for row, status in enumerate(self.statuses):
            for column, text in enumerate(self._cells(status)):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
