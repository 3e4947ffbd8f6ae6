"""Backup and security settings for the administrator: back up now, restore, and the policy.

Three tabs. "Back up" writes a passphrase-keyed backup after the admin's
password; "Restore" rebuilds a backup into a new profile folder (the profile
open now is not touched); "Security policy" edits the lock, lockout,
working-hours, alert and daily-backup settings, saved as one audited change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.events import EventType, format_time
from app.domain.policy import SecurityPolicy
from app.errors import InvalidInput, UserError
from app.security.passwords import WeakPassword
from app.services.accounts import AccountService
from app.services.audit import AuditEntry, AuditService
from app.services.backup import (
    BackupResult,
    BackupService,
    FileKey,
    profile_file_key,
    restore_backup,
)
from app.services.profile import Profile
from ui import texts
from ui.account import (
    NewPassword,
    ScreenTasks,
    confirm_with_password,
    error_text,
    first_problems,
    password_line,
    problem_label,
    show_text,
)
from ui.taskman import Lane, TaskManager


def size_text(size: int) -> str:
    if size >= 100_000:
        return QCoreApplication.translate("Backup", "{0} MB").format(f"{size / 1_000_000:.1f}")
    return QCoreApplication.translate("Backup", "{0} kB").format(f"{size / 1000:.0f}")


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


class PathField(QWidget):
    """A path typed or chosen with a file dialog (opened without a nested event loop)."""

    def __init__(self, mode: QFileDialog.FileMode, *, saving: bool = False) -> None:
        super().__init__()
        self._mode, self._saving = mode, saving
        self.line = QLineEdit()
        self.line.setMinimumWidth(380)
        self.choose = QPushButton()
        self.choose.clicked.connect(self._on_choose)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.choose)
        self.retranslate()

    def _on_choose(self) -> None:
        chooser = QFileDialog(self.window())
        chooser.setFileMode(self._mode)
        if self._saving:
            chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            chooser.setDefaultSuffix("ldbackup")
        chooser.setNameFilters(
            [QCoreApplication.translate("Backup", "LoanDesk backups (*.ldbackup)"), "*"]
        )
        chooser.fileSelected.connect(self.line.setText)
        chooser.finished.connect(chooser.deleteLater)
        chooser.open()

    def path(self) -> Path | None:
        text = self.line.text().strip()
        return Path(text).expanduser() if text else None

    def retranslate(self) -> None:
        self.choose.setText(QCoreApplication.translate("Backup", "Choose…"))


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
        form.addRow("", self.target_problem)
        self.passphrase.add_to(form)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        form.addRow("", row)
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
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        form.addRow("", row)
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


#: The policy's settings by group, in the order the form shows them.
GROUPS: dict[str, tuple[str, ...]] = {
    "lock": ("idle_lock_minutes", "lockout_failures", "lockout_minutes"),
    "hours": ("timezone", "work_start", "work_end", "work_days"),
    "alerts": (
        "failed_sign_ins",
        "failed_minutes",
        "reveal_burst",
        "export_burst",
        "burst_minutes",
    ),
    "backup": ("backup_daily", "backup_keep", "backup_dir"),
}
NUMBERS = tuple(
    name for name, field in SecurityPolicy.model_fields.items() if field.annotation is int
)
ZONES = ("Asia/Shanghai", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei", "Asia/Urumqi", "UTC")


def bounds(name: str) -> tuple[int, int]:
    """The smallest and largest value the policy allows for the setting ``name``."""
    low, high = 0, 100_000
    for rule in SecurityPolicy.model_fields[name].metadata:
        low = int(getattr(rule, "ge", low))
        high = int(getattr(rule, "le", high))
    return low, high


def setting_label(name: str) -> str:
    labels = {
        "idle_lock_minutes": QCoreApplication.translate("Policy", "Lock the screen after idle"),
        "lockout_failures": QCoreApplication.translate(
            "Policy", "Failed sign-ins before an account locks"
        ),
        "lockout_minutes": QCoreApplication.translate("Policy", "A locked account stays locked"),
        "timezone": QCoreApplication.translate("Policy", "Time zone of the branch"),
        "work_start": QCoreApplication.translate("Policy", "Working day starts"),
        "work_end": QCoreApplication.translate("Policy", "Working day ends"),
        "work_days": QCoreApplication.translate("Policy", "Working days"),
        "failed_sign_ins": QCoreApplication.translate(
            "Policy", "Alert at this many failed sign-ins for one name"
        ),
        "failed_minutes": QCoreApplication.translate("Policy", "…counted over"),
        "reveal_burst": QCoreApplication.translate(
            "Policy", "Alert when one user reveals more than"
        ),
        "export_burst": QCoreApplication.translate(
            "Policy", "Alert when one user exports or prints more than"
        ),
        "burst_minutes": QCoreApplication.translate(
            "Policy", "Reveals and exports are counted over"
        ),
        "backup_daily": QCoreApplication.translate("Policy", "Daily backup"),
        "backup_keep": QCoreApplication.translate("Policy", "Daily backups kept"),
        "backup_dir": QCoreApplication.translate("Policy", "Folder for daily backups"),
    }
    return labels[name]


def group_title(group: str) -> str:
    titles = {
        "lock": QCoreApplication.translate("Policy", "Screen lock and account lockout"),
        "hours": QCoreApplication.translate("Policy", "Working hours (for alerts)"),
        "alerts": QCoreApplication.translate("Policy", "Alert thresholds"),
        "backup": QCoreApplication.translate("Policy", "Daily automatic backup"),
    }
    return titles[group]


def suffix(name: str) -> str:
    if name.endswith("_minutes"):
        return QCoreApplication.translate("Policy", " minutes")
    if name in ("reveal_burst",):
        return QCoreApplication.translate("Policy", " numbers")
    if name in ("export_burst",):
        return QCoreApplication.translate("Policy", " times")
    return ""


def day_names() -> list[str]:
    return [
        QCoreApplication.translate("Policy", "Mon"),
        QCoreApplication.translate("Policy", "Tue"),
        QCoreApplication.translate("Policy", "Wed"),
        QCoreApplication.translate("Policy", "Thu"),
        QCoreApplication.translate("Policy", "Fri"),
        QCoreApplication.translate("Policy", "Sat"),
        QCoreApplication.translate("Policy", "Sun"),
    ]


class PolicyForm(QWidget):
    """The security policy as a form; Save sends only what changed, after the password."""

    policy_did_save = Signal(object)

    def __init__(self, profile: Profile, tasks: ScreenTasks) -> None:
        super().__init__()
        self._profile, self._tasks = profile, tasks
        self.spins: dict[str, QSpinBox] = {}
        for name in NUMBERS:
            spin = QSpinBox()
            spin.setObjectName(name)
            spin.setRange(*bounds(name))
            spin.setMinimumWidth(150)
            self.spins[name] = spin
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(ZONES)
        self.timezone.setMinimumWidth(240)
        self.work_start, self.work_end = QTimeEdit(), QTimeEdit()
        for edit in (self.work_start, self.work_end):
            edit.setDisplayFormat("HH:mm")
            edit.setMinimumWidth(150)
        self.days = [QCheckBox() for _ in range(7)]
        self.backup_daily = QCheckBox()
        self.backup_daily.setObjectName("backup_daily")
        self.backup_dir = PathField(QFileDialog.FileMode.Directory)
        self.labels = {name: QLabel() for names in GROUPS.values() for name in names}
        self.problems = {name: problem_label(f"problem-{name}") for name in self.labels}
        self.groups = {group: QGroupBox() for group in GROUPS}
        self.save_button = QPushButton()
        self.save_button.setObjectName("save-policy")
        self.save_button.clicked.connect(self._on_save)
        self.outcome = problem_label("policy-outcome")
        self._lay_out()
        self.retranslate()
        self.load(profile.policy)

    def _editor(self, name: str) -> QWidget:
        if name in self.spins:
            return self.spins[name]
        if name == "work_days":
            days = QWidget()
            row = QGridLayout(days)
            row.setContentsMargins(0, 0, 0, 0)
            for index, box in enumerate(self.days):
                row.addWidget(box, 0, index)
            return days
        editors: dict[str, QWidget] = {
            "timezone": self.timezone,
            "work_start": self.work_start,
            "work_end": self.work_end,
            "backup_daily": self.backup_daily,
            "backup_dir": self.backup_dir,
        }
        return editors[name]

    def _lay_out(self) -> None:
        inner = QWidget()
        layout = QVBoxLayout(inner)
        for group, names in GROUPS.items():
            form = QFormLayout(self.groups[group])
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
            for name in names:
                form.addRow(self.labels[name], self._editor(name))
                form.addRow("", self.problems[name])
            layout.addWidget(self.groups[group])
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Save stays in sight below the settings, however far they are scrolled.
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addLayout(row)
        outer.addWidget(self.outcome)

    def _align_labels(self) -> None:
        # Each group is its own form; one label width lines their fields up.
        widest = max(label.sizeHint().width() for label in self.labels.values())
        for label in self.labels.values():
            label.setMinimumWidth(widest)

    def load(self, policy: SecurityPolicy) -> None:
        for name, spin in self.spins.items():
            spin.setValue(int(getattr(policy, name)))
        self.timezone.setCurrentText(policy.timezone)
        self.work_start.setTime(QTime.fromString(policy.work_start, "HH:mm"))
        self.work_end.setTime(QTime.fromString(policy.work_end, "HH:mm"))
        chosen = {int(d) for d in policy.work_days.split(",")}
        for day, box in enumerate(self.days, start=1):
            box.setChecked(day in chosen)
        self.backup_daily.setChecked(policy.backup_daily)
        self.backup_dir.line.setText(policy.backup_dir)

    def values(self) -> dict[str, str]:
        """Every setting as the text the policy takes."""
        out = {name: str(spin.value()) for name, spin in self.spins.items()}
        out["timezone"] = self.timezone.currentText().strip()
        out["work_start"] = self.work_start.time().toString("HH:mm")
        out["work_end"] = self.work_end.time().toString("HH:mm")
        out["work_days"] = ",".join(
            str(day) for day, box in enumerate(self.days, start=1) if box.isChecked()
        )
        out["backup_daily"] = "true" if self.backup_daily.isChecked() else "false"
        out["backup_dir"] = self.backup_dir.line.text().strip()
        return out

    def changes(self) -> dict[str, str]:
        now = self._profile.policy.as_text()
        return {name: value for name, value in self.values().items() if now[name] != value}

    def _on_save(self) -> None:
        for label in (*self.problems.values(), self.outcome):
            show_text(label, "")
        changes = self.changes()
        if not changes:
            show_text(self.outcome, QCoreApplication.translate("Policy", "Nothing was changed."))
            return
        service = AccountService(self._profile)
        confirm_with_password(
            self,
            self._tasks.manager,
            QCoreApplication.translate("Policy", "Confirm the new settings"),
            QCoreApplication.translate(
                "Policy",
                "Change {0} setting(s) of the security policy: enter your own password to confirm.",
            ).format(len(changes)),
            lambda password: service.change_policy(changes, admin_password=password),
            self._on_saved,
            self._on_refused,
        )

    def _on_saved(self, policy: SecurityPolicy) -> None:
        self.load(policy)
        show_text(
            self.outcome,
            QCoreApplication.translate("Policy", "Saved. The new settings apply from now on."),
            ok=True,
        )
        self.policy_did_save.emit(policy)

    def _on_refused(self, exc: UserError) -> None:
        if isinstance(exc, InvalidInput):
            for name, text in first_problems(exc).items():
                show_text(self.problems.get(name, self.outcome), text)
        else:
            show_text(self.outcome, error_text(exc))

    def retranslate(self) -> None:
        for group, frame in self.groups.items():
            frame.setTitle(group_title(group))
        for name, label in self.labels.items():
            label.setText(setting_label(name))
        for name, spin in self.spins.items():
            spin.setSuffix(suffix(name))
        for box, name in zip(self.days, day_names(), strict=True):
            box.setText(name)
        self.backup_daily.setText(QCoreApplication.translate("Policy", "Make one every day"))
        self.backup_dir.line.setPlaceholderText(
            QCoreApplication.translate("Policy", "empty: the backups folder of the profile")
        )
        self.backup_dir.retranslate()
        self.save_button.setText(QCoreApplication.translate("Policy", "Save settings…"))
        self._align_labels()


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
