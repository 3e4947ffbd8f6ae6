"""Backup and security settings for the administrator: back up now, restore, and the policy.

Three tabs. "Back up" writes a passphrase-keyed backup after the admin's
password; "Restore" rebuilds a backup into a new profile folder (the profile
open now is not touched); "Security policy" edits the lock, lockout,
working-hours, alert and daily-backup settings, saved as one audited change.
The last two tabs live in ``ui.restoretab`` and ``ui.policyform``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.events import EventType, format_time
from app.errors import UserError
from app.security.passwords import WeakPassword
from app.services.audit import AuditEntry, AuditService
from app.services.backup import BackupResult, BackupService
from app.services.profile import Profile
from ui import texts
from ui.accounttexts import error_text
from ui.forms import left_aligned
from ui.notices import problem_label, show_text
from ui.passwords import NewPassword, confirm_with_password
from ui.pathfield import PathField
from ui.policyform import PolicyForm
from ui.restoretab import RestoreTab, backup_error_text
from ui.taskman import ScreenTasks, TaskManager


def size_text(size: int) -> str:
    if size >= 100_000:
        return QCoreApplication.translate("Backup", "{0} MB").format(f"{size / 1_000_000:.1f}")
    return QCoreApplication.translate("Backup", "{0} kB").format(f"{size / 1000:.0f}")


@dataclass(frozen=True)
class _Backups:
    """What the Back up tab says about earlier backups."""

    last: AuditEntry | None
    folder: Path
    newest_daily: str | None


class BackupTab(QWidget):
    """Back up now: a file, a passphrase twice, and the admin's password in the prompt."""

    backup_did_finish = Signal(object)

    def __init__(self, profile: Profile, tasks: ScreenTasks) -> None:
        super().__init__()
        self._profile, self._tasks = profile, tasks
        self._service = BackupService(profile)
        self.last = QLabel()
        self.last.setObjectName("last-backup")
        self.last.setWordWrap(True)
        self.daily = QLabel()
        self.daily.setObjectName("daily-backups")
        self.daily.setWordWrap(True)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.target = PathField(QFileDialog.FileMode.AnyFile, saving=True)
        self.target.line.setObjectName("backup-file")
        self.target_label = QLabel()
        self.target_problem = problem_label("backup-file-problem")
        self.passphrase = NewPassword("backup-passphrase", self, passphrase=True)
        user = profile.actor
        self.passphrase.set_names(user.username, user.display_name)
        self.button = QPushButton()
        self.button.setObjectName("backup-now")
        self.button.clicked.connect(self._on_backup)
        self.outcome = problem_label("backup-outcome")
        form = QFormLayout()
        form.addRow(self.target_label, self.target)
        self.target_label.setBuddy(self.target.line)
        form.addRow("", self.target_problem)
        self.passphrase.add_to(form)
        form.addRow("", left_aligned(self.button))
        layout = QVBoxLayout(self)
        layout.addWidget(self.last)
        layout.addWidget(self.daily)
        layout.addSpacing(6)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        self._found: _Backups | None = None
        self.retranslate()
        self.load_last()

    def load_last(self) -> None:
        """Read the last backup's event and the daily backups' folder in the background."""

        def last() -> _Backups:
            found = AuditService(self._profile).entries(types=[EventType.BACKUP_MADE], limit=1)
            daily = self._service.automatic_backups()
            return _Backups(
                found[0] if found else None,
                self._service.backup_folder(),
                texts.format_time(format_time(daily[-1][0])) if daily else None,
            )

        self._tasks.run(last, self._on_last)

    def _on_last(self, found: _Backups) -> None:
        self._found = found
        self._show_last()

    def _show_last(self) -> None:
        found = self._found
        if found is None:
            return
        entry = found.last
        if entry is None:
            text = QCoreApplication.translate("Backup", "No backup of this profile was made yet.")
        else:
            text = QCoreApplication.translate("Backup", "Last backup: {0}, by {1}. {2}").format(
                texts.format_time(entry.at), entry.user_name, entry.description
            )
        self.last.setText(text)
        policy = self._profile.policy
        if not policy.backup_daily:
            daily = QCoreApplication.translate(
                "Backup", "Daily automatic backups are off (see Security policy)."
            )
        else:
            daily = QCoreApplication.translate(
                "Backup", "Daily automatic backups are on: the newest {0} are kept in {1}."
            ).format(policy.backup_keep, found.folder)
            if found.newest_daily is not None:
                daily += " " + QCoreApplication.translate(
                    "Backup", "The newest is from {0}."
                ).format(found.newest_daily)
        self.daily.setText(daily)

    def _on_backup(self) -> None:
        show_text(self.outcome, "")
        target = self.target.path()
        show_text(
            self.target_problem,
            ""
            if target is not None
            else QCoreApplication.translate("Backup", "Choose where to write the backup."),
        )
        text, ok = self.passphrase.judge()
        if not ok:
            self.passphrase.show_problem(text)
        if target is None or not ok:
            return
        phrase = self.passphrase.value()
        confirm_with_password(
            self,
            self._tasks.manager,
            QCoreApplication.translate("Backup", "Confirm the backup"),
            QCoreApplication.translate(
                "Backup", "Write a backup to {0}: enter your own password to confirm."
            ).format(target),
            lambda password: self._service.backup_to(target, passphrase=phrase, password=password),
            self._on_written,
            self._on_refused,
        )

    def _on_written(self, result: BackupResult) -> None:
        self.passphrase.clear()
        show_text(
            self.outcome,
            QCoreApplication.translate(
                "Backup",
                "The backup is written and checked: {0} events, {1}, in {2}. Keep the "
                "passphrase safe: without it nobody can open this backup.",
            ).format(f"{result.events:,}", size_text(result.size), result.path),
            ok=True,
        )
        self.load_last()
        self.backup_did_finish.emit(result)

    def _on_refused(self, exc: UserError) -> None:
        if isinstance(exc, WeakPassword):
            self.passphrase.show_problem(error_text(exc))
        else:
            show_text(self.outcome, backup_error_text(exc))

    def retranslate(self) -> None:
        self.intro.setText(
            QCoreApplication.translate(
                "Backup",
                "A backup is one encrypted file that opens only with its passphrase. Keep it "
                "away from this computer, and the passphrase apart from it.",
            )
        )
        self.target_label.setText(QCoreApplication.translate("Backup", "Backup file"))
        self.target.retranslate()
        self.passphrase.retranslate()
        self.button.setText(QCoreApplication.translate("Backup", "Back up now…"))
        self._show_last()


class BackupDialog(QDialog):
    def __init__(self, profile: Profile, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backup-settings")
        screen_tasks = ScreenTasks(tasks, self)
        self.backup = BackupTab(profile, screen_tasks)
        self.restore = RestoreTab(profile, screen_tasks)
        self.policy = PolicyForm(profile, screen_tasks)
        self.policy.policy_did_save.connect(self.backup.load_last)
        self.tabs = QTabWidget()
        for tab in (self.backup, self.restore, self.policy):
            self.tabs.addTab(tab, "")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.resize(860, 700)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("Backup", "Backup and security settings"))
        self.tabs.setTabText(0, QCoreApplication.translate("Backup", "Back up"))
        self.tabs.setTabText(1, QCoreApplication.translate("Backup", "Restore"))
        self.tabs.setTabText(2, QCoreApplication.translate("Backup", "Security policy"))
        self.backup.retranslate()
        self.restore.retranslate()
        self.policy.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
