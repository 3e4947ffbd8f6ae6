"""First run: create the profile and its administrator, with the administrator's password."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.events import UserAdded
from app.domain.roles import Role
from app.errors import InvalidInput, UserError
from app.security.keys import KeySource
from app.security.passwords import WeakPassword
from app.services.profile import Profile
from app.services.settings import Language
from ui import messages
from ui.forms import answer_buttons
from ui.notices import problem_label, show_text
from ui.passwords import NewPassword
from ui.taskman import Lane, TaskManager


def check_admin(username: str, display_name: str) -> dict[str, str]:
    """Problems with the administrator's names by field, from the domain's own rules."""
    try:
        UserAdded(user_id="-", username=username, display_name=display_name, roles=[Role.ADMIN])
    except ValidationError as exc:
        return {str(e["loc"][0]): str(e["msg"]) for e in exc.errors() if e["loc"]}
    return {}


class CreateProfileDialog(QDialog):
    """Asks for the administrator; creates the profile on the write lane."""

    def __init__(
        self,
        path: Path,
        key_source: KeySource,
        tasks: TaskManager,
        language: Language,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("create-profile")
        self._path, self._key_source, self._tasks = path, key_source, tasks
        self._language = language
        self.profile: Profile | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.username = QLineEdit("admin")
        self.username.setMaxLength(32)
        self.display_name = QLineEdit()
        self.display_name.setMaxLength(100)
        self.password = NewPassword("admin-password", self)
        self.username.textChanged.connect(self._on_names_changed)
        self.display_name.textChanged.connect(self._on_names_changed)
        self.problem = problem_label("profile-problem")
        self.buttons = answer_buttons(self, self._on_create)
        self.username_label = QLabel()
        self.display_name_label = QLabel()
        self._lay_out()
        self._on_names_changed()
        self.retranslate()

    def _lay_out(self) -> None:
        self._form = QFormLayout()
        self._form.addRow(self.username_label, self.username)
        self._form.addRow(self.display_name_label, self.display_name)
        self.password.add_to(self._form)
        layout = QVBoxLayout(self)
        self.setMinimumWidth(560)
        layout.addWidget(self.intro)
        layout.addLayout(self._form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def _on_names_changed(self) -> None:
        self.password.set_names(self.username.text().strip(), self.display_name.text().strip())

    def _on_create(self) -> None:
        username, name = self.username.text().strip(), self.display_name.text().strip()
        found = check_admin(username, name)
        if found:
            self._show_problems(found)
            return
        verdict, acceptable = self.password.judge()
        if not acceptable:
            self.password.show_problem(verdict)
            show_text(self.problem, "")
            self._fit()
            return
        show_text(self.problem, "")
        self.buttons.setEnabled(False)
        path, key_source, language = self._path, self._key_source, self._language
        password = self.password.value()

        def create() -> Profile:
            profile = Profile.create(
                path,
                key_source,
                admin_username=username,
                admin_name=name,
                admin_password=password,
            )
            profile.update_settings(lambda settings: replace(settings, language=language))
            return profile

        self._tasks.run(
            create,
            self._on_created,
            self._on_refused,
            lane=Lane.WRITE,
            on_finally=lambda: self.buttons.setEnabled(True),
        )

    def _on_created(self, profile: Profile) -> None:
        self.profile = profile
        self.accept()

    def _on_refused(self, exc: UserError) -> None:
        if isinstance(exc, WeakPassword):
            self.password.show_problem(messages.user_message(exc))
        elif isinstance(exc, InvalidInput):
            self._show_problems({k: v[0][1] for k, v in exc.problems.items() if v})
        else:
            show_text(self.problem, messages.user_message(exc))
        self._fit()

    def _show_problems(self, found: dict[str, str]) -> None:
        words = []
        if "username" in found:
            words.append(
                QCoreApplication.translate(
                    "ProfileDialog",
                    "User name: 2 to 32 characters, lower-case letters, digits, '.', '_' or '-', "
                    "starting with a letter.",
                )
            )
        if "display_name" in found:
            words.append(
                QCoreApplication.translate("ProfileDialog", "Display name: 1 to 100 characters.")
            )
        show_text(self.problem, "\n".join(words) or "; ".join(found.values()))
        self._fit()

    def _fit(self) -> None:
        # Wrapped texts change height with their words; let the dialog follow.
        self.adjustSize()

    def _key_place(self) -> str:
        if self._key_source.hex_key:
            return "LOANDESK_KEY"
        if self._key_source.key_file:
            return str(self._key_source.key_file)
        return QCoreApplication.translate("ProfileDialog", "the system keyring")

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("ProfileDialog", "Create profile"))
        self.intro.setText(
            QCoreApplication.translate(
                "ProfileDialog",
                "There is no LoanDesk profile in {0} yet. Create it now: its first user is "
                "the administrator, who signs in with the password chosen here. The database "
                "key is kept in {1}.",
            ).format(self._path, self._key_place())
        )
        self.username_label.setText(
            QCoreApplication.translate("ProfileDialog", "Administrator user name")
        )
        self.display_name_label.setText(QCoreApplication.translate("ProfileDialog", "Display name"))
        self.display_name.setPlaceholderText(
            QCoreApplication.translate("ProfileDialog", "e.g. Branch Admin")
        )
        self.password.retranslate()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            QCoreApplication.translate("ProfileDialog", "Create profile")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
