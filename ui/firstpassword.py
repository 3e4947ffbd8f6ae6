"""The first sign-in with a password an administrator set: the user chooses their own.

Apart from the sign-in screen so that screen paints before the password
rules and the backup passphrase checks load (bench/startup.py).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.errors import InvalidInput, UserError
from app.security.passwords import WeakPassword
from app.services.accounts import AccountService
from app.services.profile import Profile
from ui import messages
from ui.accounttexts import problem_text
from ui.forms import answer_buttons, buddy_up
from ui.notices import problem_label, show_text
from ui.passwords import NewPassword
from ui.signin import PasswordLine
from ui.taskman import Lane, TaskManager


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
        buddy_up(form)
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
