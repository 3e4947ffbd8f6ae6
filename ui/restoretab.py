"""The Restore tab: rebuild a backup into a new profile folder; the open profile is not touched.

Also the words for a refused backup or restore, which the Back up tab shares.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.backup import FileKey, profile_file_key, restore_backup
from app.services.profile import Profile
from ui import texts
from ui.accounttexts import error_text
from ui.forms import buddy_up, left_aligned
from ui.notices import problem_label, show_text
from ui.passwords import password_line
from ui.pathfield import PathField
from ui.taskman import Lane, ScreenTasks


def backup_error_text(exc: UserError) -> str:
    """A refused backup or restore in words; the account refusals as everywhere else."""
    known = {
        "backup.wrong_passphrase": QCoreApplication.translate(
            "Backup", "The passphrase does not open this backup. Check it and try again."
        ),
        "backup.wrong_key": QCoreApplication.translate(
            "Backup", "The key of this profile does not open this backup; it was made elsewhere."
        ),
        "backup.damaged": QCoreApplication.translate(
            "Backup", "The backup file is damaged; it cannot be restored. Try another copy."
        ),
        "backup.not_a_backup": QCoreApplication.translate(
            "Backup", "This file is not a LoanDesk backup."
        ),
        "backup.newer": QCoreApplication.translate(
            "Backup", "This backup was made by a newer LoanDesk; update LoanDesk to restore it."
        ),
        "backup.missing": QCoreApplication.translate("Backup", "There is no such backup file."),
        "restore.which_admin": QCoreApplication.translate(
            "Backup", "The backup has several administrators: say which one restores it."
        ),
    }
    return known.get(exc.code, error_text(exc))


class RestoreTab(QWidget):
    """Restore a backup into a new, empty profile folder; the open profile is not touched."""

    restore_did_finish = Signal(str)

    def __init__(self, profile: Profile, tasks: ScreenTasks) -> None:
        super().__init__()
        self._profile, self._tasks = profile, tasks
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.source = PathField(QFileDialog.FileMode.ExistingFile)
        self.source.line.setObjectName("restore-file")
        self.into = PathField(QFileDialog.FileMode.Directory)
        self.into.line.setObjectName("restore-into")
        self.automatic = QCheckBox()
        self.automatic.setObjectName("restore-automatic")
        self.passphrase = password_line()
        self.passphrase.setObjectName("restore-passphrase")
        self.automatic.toggled.connect(lambda on: self.passphrase.setEnabled(not on))
        self.username = QLineEdit(profile.actor.username)
        self.username.setObjectName("restore-username")
        self.password = password_line()
        self.password.setObjectName("restore-password")
        self.button = QPushButton()
        self.button.setObjectName("restore")
        self.button.clicked.connect(self._on_restore)
        self.outcome = problem_label("restore-outcome")
        self.labels = [QLabel() for _ in range(5)]
        form = QFormLayout()
        fields: list[QWidget] = [self.source, self.into, self.passphrase, self.username]
        fields.append(self.password)
        for label, field in zip(self.labels, fields, strict=True):
            form.addRow(label, field)
            if field is self.into:
                form.addRow("", self.automatic)
        form.addRow("", left_aligned(self.button))
        buddy_up(form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        self.retranslate()

    def _missing(self) -> str:
        if self._profile.key_source is None:
            return QCoreApplication.translate(
                "Backup", "This profile was opened without saying where its key is kept."
            )
        if self.source.path() is None:
            return QCoreApplication.translate("Backup", "Choose the backup file.")
        if self.into.path() is None:
            return QCoreApplication.translate("Backup", "Choose a new, empty folder for it.")
        if not self.automatic.isChecked() and not self.passphrase.text():
            return QCoreApplication.translate("Backup", "Enter the passphrase of the backup.")
        if not self.password.text():
            return QCoreApplication.translate(
                "Backup", "Enter the password of that administrator in the backup."
            )
        return ""

    def _on_restore(self) -> None:
        missing = self._missing()
        show_text(self.outcome, missing)
        source, into = self.source.path(), self.into.path()
        if missing or source is None or into is None:
            return
        command = self._command(source, into)
        self.button.setEnabled(False)
        self.password.clear()
        self._tasks.run(
            command,
            lambda done: self._on_restored(into, *done),
            lambda exc: show_text(self.outcome, backup_error_text(exc)),
            lane=Lane.WRITE,
            on_finally=lambda: self.button.setEnabled(True),
        )

    def _command(self, source: Path, into: Path) -> Callable[[], tuple[int, str, str]]:
        """The restore as asked now: (events restored, when the backup was made, admin)."""
        key_source, profile_path = self._profile.key_source, self._profile.path
        assert key_source is not None
        automatic, phrase = self.automatic.isChecked(), self.passphrase.text()
        username, password = self.username.text().strip() or None, self.password.text()

        def restore() -> tuple[int, str, str]:
            if automatic:
                key = profile_file_key(profile_path, key_source)
            else:
                key = FileKey.passphrase(phrase)
            result = restore_backup(
                source, into, key=key, key_source=key_source, password=password, username=username
            )
            try:
                admin = result.profile.actor.username
            finally:
                result.profile.close()
            return result.manifest.events, result.manifest.made_at, admin

        return restore

    def _on_restored(self, into: Path, events: int, made_at: str, admin: str) -> None:
        text = QCoreApplication.translate(
            "Backup",
            "Restored {0} events from the backup of {1} into {2}. Start LoanDesk with that "
            "folder as its profile and sign in as {3}. The profile open now is unchanged.",
        ).format(f"{events:,}", texts.format_time(made_at), into, admin)
        show_text(self.outcome, text, ok=True)
        self.restore_did_finish.emit(str(into))

    def retranslate(self) -> None:
        self.intro.setText(
            QCoreApplication.translate(
                "Backup",
                "A restore checks the backup whole, then rebuilds it as a new profile in an "
                "empty folder. An administrator recorded in the backup signs in to it.",
            )
        )
        words = [
            QCoreApplication.translate("Backup", "Backup file"),
            QCoreApplication.translate("Backup", "New profile folder"),
            QCoreApplication.translate("Backup", "Passphrase"),
            QCoreApplication.translate("Backup", "Administrator in the backup"),
            QCoreApplication.translate("Backup", "Their password"),
        ]
        for label, text in zip(self.labels, words, strict=True):
            label.setText(text)
        self.automatic.setText(
            QCoreApplication.translate(
                "Backup", "A daily automatic backup of this profile (opens with its key)"
            )
        )
        self.source.retranslate()
        self.into.retranslate()
        self.button.setText(QCoreApplication.translate("Backup", "Restore"))
