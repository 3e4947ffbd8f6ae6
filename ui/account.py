"""My account: who I am, my roles, and a form to change my own password."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import InvalidInput, UserError
from app.security.passwords import WeakPassword
from app.services.accounts import AccountService
from app.services.profile import Profile
from ui.accounttexts import PASSWORD_CODES, error_text, first_problems, role_duty
from ui.forms import left_aligned
from ui.notices import ERROR_COLOUR, problem_label, show_text
from ui.passwords import NewPassword, password_line
from ui.taskman import Lane, ScreenTasks, TaskManager
from ui.texts import ROLE_ORDER, role_label


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
        self.old_label.setBuddy(self.old)
        form.addRow("", self.old_problem)
        self.new.add_to(form)
        form.addRow("", left_aligned(self.change_button))
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
