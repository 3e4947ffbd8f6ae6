"""The Security policy tab: lock, lockout, working hours, alerts and daily backup as a form.

Save sends only the settings that changed, as one audited change, after the
administrator's password. The setting names and units here are also how the
audit log words a settings change.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.policy import SecurityPolicy
from app.errors import InvalidInput, UserError
from app.services.accounts import AccountService
from app.services.profile import Profile
from ui.accounttexts import error_text, first_problems
from ui.forms import left_aligned
from ui.notices import problem_label, show_text
from ui.passwords import confirm_with_password
from ui.pathfield import PathField
from ui.taskman import ScreenTasks

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
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        # Save stays in sight below the settings, however far they are scrolled.
        outer.addLayout(left_aligned(self.save_button))
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
