"""The audit log for auditors and administrators: security events, filters, and Verify.

Events come newest first, a page at a time ("Load more" asks for the page
before the last one shown). Verify reads the whole hash chain on the pool and
says in words whether the record is intact.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from app.domain.events import SECURITY_EVENTS, EventType
from app.services.audit import AuditEntry, AuditReport, AuditService
from app.services.profile import Profile
from ui import texts
from ui.audittexts import what_happened
from ui.notices import problem_label, show_text
from ui.tables import lay_out_around, record_table
from ui.taskman import Cancelled, ScreenTasks, TaskHandle, TaskManager

PAGE_SIZE = 200


class Column(IntEnum):
    TIME = 0
    EVENT = 1
    USER = 2
    CASE = 3
    WHAT = 4


def event_label(event_type: EventType) -> str:
    labels = {
        EventType.PROFILE_CREATED: QCoreApplication.translate("Audit", "Profile created"),
        EventType.USER_ADDED: QCoreApplication.translate("Audit", "User added"),
        EventType.USER_UPDATED: QCoreApplication.translate("Audit", "User changed"),
        EventType.PASSWORD_SET: QCoreApplication.translate("Audit", "Password set"),
        EventType.ACCOUNT_LOCKED: QCoreApplication.translate("Audit", "Account locked"),
        EventType.ACCOUNT_UNLOCKED: QCoreApplication.translate("Audit", "Account unlocked"),
        EventType.SIGNED_IN: QCoreApplication.translate("Audit", "Signed in"),
        EventType.SIGN_IN_FAILED: QCoreApplication.translate("Audit", "Sign-in failed"),
        EventType.SIGNED_OUT: QCoreApplication.translate("Audit", "Signed out"),
        EventType.SESSION_LOCKED: QCoreApplication.translate("Audit", "Screen locked"),
        EventType.SESSION_UNLOCKED: QCoreApplication.translate("Audit", "Screen unlocked"),
        EventType.FIELD_REVEALED: QCoreApplication.translate("Audit", "Number revealed"),
        EventType.EXPORTED: QCoreApplication.translate("Audit", "Exported"),
        EventType.PRINTED: QCoreApplication.translate("Audit", "Printed"),
        EventType.BACKUP_MADE: QCoreApplication.translate("Audit", "Backup made"),
        EventType.RESTORED: QCoreApplication.translate("Audit", "Backup restored"),
        EventType.SETTINGS_CHANGED: QCoreApplication.translate("Audit", "Settings changed"),
        EventType.PROFILE_REKEYED: QCoreApplication.translate("Audit", "Database key changed"),
        EventType.MODEL_INSTALLED: QCoreApplication.translate("Audit", "Risk model installed"),
    }
    return labels.get(event_type, event_type.value)


def day_of(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())


def local_day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` on this computer's clock, as an aware time."""
    zone = datetime.now().astimezone().tzinfo
    return datetime.combine(day, time(), tzinfo=zone)


def report_text(report: AuditReport) -> str:
    if report.ok:
        head = (report.head or "").partition(":")[2][:12]
        return QCoreApplication.translate(
            "Audit", "The record is intact: {0} events checked; its end point is {1}…"
        ).format(f"{report.events:,}", head)
    return QCoreApplication.translate("Audit", "The record is broken. {0}").format(
        report.problem or ""
    )


class _Relay(QObject):
    """Carries the verify's progress from the worker to the UI thread."""

    did_progress = Signal(int)


class AuditView(QDialog):
    entries_did_load = Signal(int)
    verify_did_finish = Signal(bool)

    def __init__(self, profile: Profile, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit-view")
        self._profile, self._tasks = profile, ScreenTasks(tasks, self)
        self._service = AuditService(profile)
        self.entries: list[AuditEntry] = []
        self._page: TaskHandle | None = None
        self._verify: TaskHandle | None = None
        self._relay = _Relay(self)
        self._relay.did_progress.connect(self._on_progress)
        self._build_filters()
        self.table = record_table("audit-table", Column, Column.WHAT)
        self.table.setWordWrap(False)
        self.count = QLabel()
        self.more_button = QPushButton()
        self.more_button.setObjectName("load-more")
        self.more_button.clicked.connect(self.load_more)
        self.verify_button = QPushButton()
        self.verify_button.setObjectName("verify")
        self.verify_button.clicked.connect(self.verify)
        self.verdict = problem_label("verdict")
        bold = self.verdict.font()
        bold.setBold(True)
        self.verdict.setFont(bold)
        self._report: AuditReport | None = None
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.retranslate()
        self._tasks.run(profile.user_names, self._on_names)
        self.reload()

    def _build_filters(self) -> None:
        self.type_filter = QComboBox()
        self.type_filter.setObjectName("type-filter")
        self.user_filter = QComboBox()
        self.user_filter.setObjectName("user-filter")
        self.type_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        # Names can be long; the list opens wider than the box when it needs to.
        self.user_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.user_filter.setMinimumContentsLength(16)
        self.since_on, self.until_on = QCheckBox(), QCheckBox()
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-7))
        self.until = QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.since_on.toggled.connect(self.since.setEnabled)
        self.until_on.toggled.connect(self.until.setEnabled)
        for box in (self.since_on, self.until_on):
            box.toggled.connect(self.reload)
        for combo in (self.type_filter, self.user_filter):
            combo.currentIndexChanged.connect(self.reload)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.reload)

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        self.type_label, self.user_label = QLabel(), QLabel()
        self.type_label.setBuddy(self.type_filter)
        self.user_label.setBuddy(self.user_filter)
        widgets: list[QWidget] = [self.type_label, self.type_filter, self.user_label]
        widgets += [self.user_filter, self.since_on, self.since, self.until_on, self.until]
        for widget in widgets:
            filters.addWidget(widget)
        filters.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addWidget(self.more_button)
        bottom.addStretch(1)
        bottom.addWidget(self.verify_button)
        lay_out_around(self, filters, self.table, bottom, self.verdict, self.buttons)
        self.resize(1180, 620)

    # -- filters ---------------------------------------------------------------
    def _fill_types(self) -> None:
        chosen = self.type_filter.currentData()
        self.type_filter.blockSignals(True)
        self.type_filter.clear()
        self.type_filter.addItem(QCoreApplication.translate("Audit", "All security events"), None)
        kinds = sorted(SECURITY_EVENTS, key=event_label)
        for kind in kinds:
            self.type_filter.addItem(event_label(kind), kind.value)
        self.type_filter.setCurrentIndex(max(self.type_filter.findData(chosen), 0))
        self.type_filter.blockSignals(False)

    def _on_names(self, names: dict[str, str]) -> None:
        self.user_filter.blockSignals(True)
        self.user_filter.clear()
        self.user_filter.addItem(QCoreApplication.translate("Audit", "Everyone"), None)
        for user_id, name in sorted(names.items(), key=lambda item: item[1]):
            self.user_filter.addItem(name, user_id)
        self.user_filter.addItem(
            QCoreApplication.translate("Audit", "This workstation (unknown user names)"),
            self._profile.device_id,
        )
        self.user_filter.blockSignals(False)

    def _query(self) -> Callable[[int | None], list[AuditEntry]]:
        kind = self.type_filter.currentData()
        user_id = self.user_filter.currentData()
        since = local_day_start(day_of(self.since)) if self.since_on.isChecked() else None
        until = None
        if self.until_on.isChecked():
            until = local_day_start(day_of(self.until) + timedelta(days=1))
        types = None if kind is None else [EventType(kind)]
        return lambda before: self._service.entries(
            types=types,
            user_id=user_id,
            since=since,
            until=until,
            before_seq=before,
            limit=PAGE_SIZE,
        )

    # -- pages -----------------------------------------------------------------
    def reload(self) -> None:
        """Show the newest page for the filters as they are now."""
        self._fetch(None)

    def load_more(self) -> None:
        if self.entries:
            self._fetch(self.entries[-1].seq)

    def _fetch(self, before: int | None) -> None:
        if self._page is not None:
            self._page.cancel()
        query = self._query()
        self.more_button.setEnabled(False)
        self._page = self._tasks.run(
            lambda: query(before), lambda page: self._on_page(page, before is None)
        )

    def _on_page(self, page: list[AuditEntry], first: bool) -> None:
        self._page = None
        if first:
            self.entries = []
            self.table.setRowCount(0)
        start = len(self.entries)
        self.entries += page
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(page, start):
            self._fill_row(row, entry)
        self.more_button.setEnabled(len(page) == PAGE_SIZE)
        self._show_count()
        self.entries_did_load.emit(len(self.entries))

    def _fill_row(self, row: int, entry: AuditEntry) -> None:
        user = entry.user_name
        if entry.user_id == self._profile.device_id:
            user = QCoreApplication.translate("AuditView", "this workstation")
        cells = (
            texts.format_time(entry.at) if entry.at else "",
            event_label(entry.type),
            user,
            entry.case_no or "",
            what_happened(entry),
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text if column == Column.WHAT else "")
            if entry.damaged:
                item.setForeground(Qt.GlobalColor.red)
            self.table.setItem(row, column, item)

    def _show_count(self) -> None:
        shown = len(self.entries)
        if shown == 0:
            text = QCoreApplication.translate("Audit", "No events match these filters.")
        elif self.more_button.isEnabled():
            text = QCoreApplication.translate("Audit", "The newest {0} events are shown.").format(
                f"{shown:,}"
            )
        else:
            text = QCoreApplication.translate("Audit", "All {0} matching events are shown.").format(
                f"{shown:,}"
            )
        self.count.setText(text)

    # -- verify ----------------------------------------------------------------
    def verify(self) -> None:
        """Check the whole record in the background; the verdict comes in words."""
        if self._verify is not None:
            return
        self.verify_button.setEnabled(False)
        show_text(
            self.verdict, QCoreApplication.translate("Audit", "Checking the record…"), ok=True
        )
        handles: list[TaskHandle] = []

        def progress(count: int) -> None:
            if handles and handles[0].cancelled:
                raise Cancelled
            self._relay.did_progress.emit(count)

        self._verify = self._tasks.run(
            lambda: self._service.verify(progress=progress),
            self._on_verified,
            on_finally=self._on_verify_finished,
        )
        handles.append(self._verify)

    def _on_progress(self, count: int) -> None:
        if self._verify is not None:
            show_text(
                self.verdict,
                QCoreApplication.translate(
                    "Audit", "Checking the record… {0} events so far"
                ).format(f"{count:,}"),
                ok=True,
            )

    def _on_verified(self, report: AuditReport) -> None:
        self._report = report
        show_text(self.verdict, report_text(report), ok=report.ok)
        self.verify_did_finish.emit(report.ok)

    def _on_verify_finished(self) -> None:
        self._verify = None
        self.verify_button.setEnabled(True)

    # -- language --------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("Audit", "Audit log"))
        self.type_label.setText(QCoreApplication.translate("Audit", "Event"))
        self.user_label.setText(QCoreApplication.translate("Audit", "User"))
        self.since_on.setText(QCoreApplication.translate("Audit", "From"))
        self.until_on.setText(QCoreApplication.translate("Audit", "To"))
        self.since.setAccessibleName(self.since_on.text())
        self.until.setAccessibleName(self.until_on.text())
        self.table.setAccessibleName(self.windowTitle())
        self._fill_types()
        self.table.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("Audit", "Time"),
                QCoreApplication.translate("Audit", "Event"),
                QCoreApplication.translate("Audit", "User"),
                QCoreApplication.translate("Audit", "Case"),
                QCoreApplication.translate("Audit", "What happened"),
            ]
        )
        self.more_button.setText(QCoreApplication.translate("Audit", "Load more"))
        self.verify_button.setText(QCoreApplication.translate("Audit", "Verify the record"))
        self.verify_button.setToolTip(
            QCoreApplication.translate(
                "Audit",
                "Reads every event and checks its fingerprint and its link to the one before, "
                "so a record removed or altered shows.",
            )
        )
        for row, entry in enumerate(self.entries):
            self._fill_row(row, entry)
        self._show_count()
        if self._report is not None:
            show_text(self.verdict, report_text(self._report), ok=self._report.ok)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
