"""Alerts for supervisors, auditors and administrators: what in the log deserves a look.

The audit service finds them (failed sign-ins, work outside working hours,
bursts of reveals or exports); this panel lists them newest first for a
chosen period and reloads on request.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import IntEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from app.domain.policy import SecurityPolicy
from app.services.audit import Alert, AuditService
from app.services.profile import Profile
from ui import texts
from ui.tables import lay_out_around, record_table
from ui.taskman import ScreenTasks, TaskManager

#: The periods offered, in days back from now; None is the whole log.
PERIODS: tuple[int | None, ...] = (1, 7, 30, None)


class Column(IntEnum):
    TIME = 0
    KIND = 1
    USER = 2
    COUNT = 3
    DETAILS = 4


def kind_label(kind: str) -> str:
    labels = {
        "alert.after_hours": QCoreApplication.translate("Alerts", "Work outside working hours"),
        "alert.decision_after_hours": QCoreApplication.translate(
            "Alerts", "Decision outside working hours"
        ),
        "alert.reveal_burst": QCoreApplication.translate("Alerts", "Many numbers revealed"),
        "alert.export_burst": QCoreApplication.translate("Alerts", "Many exports or prints"),
        "alert.failed_sign_ins": QCoreApplication.translate("Alerts", "Failed sign-ins"),
    }
    return labels.get(kind, kind)


def branch_time(at: str, zone: str) -> str:
    """An alert's UTC time in the branch's time zone, where working hours are judged."""
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone(ZoneInfo(zone))
    except (ValueError, ZoneInfoNotFoundError):
        return texts.format_time(at)
    return texts.format_moment(moment)


def alert_details(alert: Alert, name: str | None, policy: SecurityPolicy) -> str:
    """What the alert says, in the UI language; the core's English for an unknown kind.

    ``name`` is the display name of the user concerned; None when no known user is.
    """
    at, zone = branch_time(alert.at, policy.timezone), policy.timezone
    who = name or QCoreApplication.translate("Alerts", "An unknown user")
    if alert.kind == "alert.after_hours":
        return QCoreApplication.translate(
            "Alerts", "{0} worked outside working hours: {1} action(s), the first at {2} ({3})."
        ).format(who, alert.count, at, zone)
    if alert.kind == "alert.decision_after_hours":
        return QCoreApplication.translate(
            "Alerts", "{0} recorded a decision outside working hours, at {1} ({2})."
        ).format(who, at, zone)
    if alert.kind == "alert.reveal_burst":
        return QCoreApplication.translate(
            "Alerts",
            "{0} revealed {1} masked numbers in a burst (more than {2} within {3} minutes), "
            "from {4} ({5}).",
        ).format(who, alert.count, policy.reveal_burst, policy.burst_minutes, at, zone)
    if alert.kind == "alert.export_burst":
        return QCoreApplication.translate(
            "Alerts",
            "{0} exported or printed {1} times in a burst (more than {2} within {3} minutes), "
            "from {4} ({5}).",
        ).format(who, alert.count, policy.export_burst, policy.burst_minutes, at, zone)
    if alert.kind == "alert.failed_sign_ins" and name is None:
        return QCoreApplication.translate(
            "Alerts",
            "{0} failed sign-ins for the user name “{1}”, which matches no user here "
            "({2} or more within {3} minutes), from {4} ({5}).",
        ).format(
            alert.count,
            alert.username or "?",
            policy.failed_sign_ins,
            policy.failed_minutes,
            at,
            zone,
        )
    if alert.kind == "alert.failed_sign_ins":
        return QCoreApplication.translate(
            "Alerts",
            "{0} failed sign-ins for the user name of {1} ({2} or more within {3} minutes), "
            "from {4} ({5}).",
        ).format(alert.count, who, policy.failed_sign_ins, policy.failed_minutes, at, zone)
    return alert.message


def period_label(days: int | None) -> str:
    if days is None:
        return QCoreApplication.translate("Alerts", "The whole log")
    if days == 1:
        return QCoreApplication.translate("Alerts", "The last 24 hours")
    return QCoreApplication.translate("Alerts", "The last {0} days").format(days)


class AlertsPanel(QDialog):
    alerts_did_load = Signal(int)

    def __init__(self, profile: Profile, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alerts")
        self._profile, self._tasks = profile, ScreenTasks(tasks, self)
        self._service = AuditService(profile)
        self.alerts: list[Alert] = []
        self._names: dict[str, str] = {}
        self.period = QComboBox()
        self.period.setObjectName("period")
        for days in PERIODS:
            self.period.addItem("", days)
        self.period.setCurrentIndex(PERIODS.index(7))
        self.period.currentIndexChanged.connect(self.reload)
        self.period_label = QLabel()
        self.period_label.setBuddy(self.period)
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("refresh-alerts")
        self.refresh_button.clicked.connect(self.reload)
        self.table = record_table("alerts-table", Column, Column.DETAILS)
        self.table.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("alerts-summary")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.retranslate()
        self.reload()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.period_label)
        top.addWidget(self.period)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        lay_out_around(self, top, self.table, self.summary, self.buttons)
        self.resize(1060, 480)

    def reload(self) -> None:
        days = self.period.currentData()
        since = None if days is None else self._profile.clock() - timedelta(days=days)
        self.refresh_button.setEnabled(False)
        self._tasks.run(
            lambda: (self._service.alerts(since), self._profile.user_names()),
            self._on_loaded,
            on_finally=lambda: self.refresh_button.setEnabled(True),
        )

    def _on_loaded(self, found: tuple[list[Alert], dict[str, str]]) -> None:
        alerts, self._names = found
        self.alerts = sorted(alerts, key=lambda a: a.at, reverse=True)
        self._fill()
        self.alerts_did_load.emit(len(self.alerts))

    def _fill(self) -> None:
        self.table.setRowCount(len(self.alerts))
        policy = self._profile.policy
        for row, alert in enumerate(self.alerts):
            unknown = QCoreApplication.translate("Alerts", "(unknown)")
            user = self._names.get(alert.user_id or "")
            cells = (
                texts.format_time(alert.at),
                kind_label(alert.kind),
                user or unknown,
                str(alert.count),
                alert_details(alert, user, policy),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == Column.DETAILS:
                    item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if self.alerts:
            self.summary.setText(
                QCoreApplication.translate("Alerts", "{0} alert(s) in this period.").format(
                    len(self.alerts)
                )
            )
        else:
            self.summary.setText(QCoreApplication.translate("Alerts", "No alerts in this period."))

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("Alerts", "Alerts"))
        self.table.setAccessibleName(self.windowTitle())
        self.period_label.setText(QCoreApplication.translate("Alerts", "Period"))
        for index, days in enumerate(PERIODS):
            self.period.setItemText(index, period_label(days))
        self.refresh_button.setText(QCoreApplication.translate("Alerts", "Refresh"))
        self.table.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("Alerts", "First seen"),
                QCoreApplication.translate("Alerts", "Alert"),
                QCoreApplication.translate("Alerts", "User"),
                QCoreApplication.translate("Alerts", "Events"),
                QCoreApplication.translate("Alerts", "Details"),
            ]
        )
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
