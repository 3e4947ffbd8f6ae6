"""The branch dashboard: the pipeline, decisions, grades, workload and drift at a glance.

Filtered by period, product and officer; every change reads the figures
again in the background (``ReportService``). Charts where a person would
rather look than read, figures in words beside them, and exports to CSV and
PDF for whoever may export.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.applicant import PRODUCTS
from app.domain.figures import Scope
from app.domain.roles import Action, allowed
from app.errors import UserError
from app.services.letters import save_pdf
from app.services.profile import Profile
from app.services.reports import WRITTEN, BranchFigures, ReportService
from ui import doctexts, texts
from ui.charts import GRADE_COLOURS, Bar, BarChart
from ui.help import HelpDialog
from ui.notices import problem_label, show_text
from ui.taskman import Lane, ScreenTasks, TaskManager

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
#: the periods offered, by key, in the order of the list
PERIODS = ("all", "month", "30days", "quarter", "year", "custom")


def period_range(key: str, today: date) -> tuple[date | None, date | None]:
    """The first and last day of the period ``key`` as of ``today`` (None: unbounded)."""
    if key == "month":
        return today.replace(day=1), today
    if key == "30days":
        return today - timedelta(days=29), today
    if key == "quarter":
        return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today
    if key == "year":
        return date(today.year, 1, 1), today
    return None, None


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


class Dashboard(QDialog):
    """The figures of the branch, for supervisors, risk analysts and auditors."""

    did_load = Signal()
    #: (path) an export was written there
    did_export = Signal(str)

    def __init__(self, profile: Profile, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.resize(1180, 820)
        self._profile = profile
        # results for a closed dashboard are dropped, not shown in widgets that are gone
        self._tasks = ScreenTasks(tasks, self)
        self._service = ReportService(profile)
        self.report: BranchFigures | None = None
        self.chooser: QFileDialog | None = None
        self._round = 0
        self._build_filters()
        self._build_body()
        self.problem = problem_label("dashboard-problem")
        self.export_csv = QPushButton()
        self.export_csv.setObjectName("dashboard-export-csv")
        self.export_pdf = QPushButton()
        self.export_pdf.setObjectName("dashboard-export-pdf")
        may_export = allowed(profile.require(Action.REPORT_VIEW).roles, Action.REPORT_EXPORT)
        for button, kind in ((self.export_csv, "csv"), (self.export_pdf, "pdf")):
            button.setVisible(may_export)
            button.clicked.connect(lambda _checked=False, k=kind: self.ask_where(k))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_csv, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.export_pdf, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(self.filters)
        layout.addWidget(self.problem)
        layout.addWidget(self.empty)
        layout.addWidget(self.body, 1)
        layout.addWidget(buttons)
        self.help_dialog: HelpDialog | None = None
        QShortcut(QKeySequence(Qt.Key.Key_F1), self, self.show_help)
        self.retranslate()
        self._tasks.run(self._service.officers, self._fill_officers, self._on_problem)
        self.reload()

    # -- building ------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.period = QComboBox()
        self.period.setObjectName("dashboard-period")
        for key in PERIODS:
            self.period.addItem("", key)
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-29))
        self.since.setObjectName("dashboard-since")
        self.until = QDateEdit(today)
        self.until.setObjectName("dashboard-until")
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self._on_dates)
        self.product = QComboBox()
        self.product.setObjectName("dashboard-product")
        self.product.addItem("", None)
        for code in PRODUCTS:
            self.product.addItem("", code)
        self.officer = QComboBox()
        self.officer.setObjectName("dashboard-officer")
        self.officer.addItem("", None)
        self.period_label, self.product_label = QLabel(), QLabel()
        self.officer_label, self.to_label = QLabel(), QLabel()
        for label, field in (
            (self.period_label, self.period),
            (self.product_label, self.product),
            (self.officer_label, self.officer),
        ):
            label.setBuddy(field)
        self.filters = QHBoxLayout()
        self.filters.addWidget(self.period_label)
        self.filters.addWidget(self.period)
        self.filters.addWidget(self.since)
        self.filters.addWidget(self.to_label)
        self.filters.addWidget(self.until)
        self.filters.addSpacing(16)
        self.filters.addWidget(self.product_label)
        self.filters.addWidget(self.product)
        self.filters.addSpacing(16)
        self.filters.addWidget(self.officer_label)
        self.filters.addWidget(self.officer)
        self.filters.addStretch(1)
        self.period.currentIndexChanged.connect(self._on_period)
        self.product.currentIndexChanged.connect(self.reload)
        self.officer.currentIndexChanged.connect(self.reload)
        self._show_dates()

    def _card(self, name: str, body: QWidget | QFormLayout) -> QGroupBox:
        box = QGroupBox()
        box.setObjectName(name)
        layout = QVBoxLayout(box)
        if isinstance(body, QFormLayout):
            layout.addLayout(body)
        else:
            layout.addWidget(body)
        layout.addStretch(1)
        return box

    def _build_body(self) -> None:
        self.pipeline = BarChart("dashboard-pipeline")
        self.grades = BarChart("dashboard-grades")
        self.reasons = BarChart("dashboard-reasons")
        self.missing = BarChart("dashboard-missing")
        self.figures = QFormLayout()
        self.figure_values: dict[str, QLabel] = {}
        self.figure_labels: dict[str, QLabel] = {}
        for key in (
            "decided",
            "approved",
            "declined",
            "rate",
            "amount",
            "median",
            "p90",
            "overrides",
        ):
            label, value = QLabel(), QLabel()
            value.setObjectName(f"dashboard-{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setBuddy(value)
            self.figure_labels[key], self.figure_values[key] = label, value
            self.figures.addRow(label, value)
        self.workload = QTableWidget(0, 5)
        self.workload.setTabKeyNavigation(False)
        self.workload.setObjectName("dashboard-workload")
        self.workload.verticalHeader().hide()
        self.workload.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.workload.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.workload.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.drift = QLabel()
        self.drift.setObjectName("dashboard-drift")
        self.drift.setWordWrap(True)
        self.cards = {
            "pipeline": self._card("card-pipeline", self.pipeline),
            "decisions": self._card("card-decisions", self.figures),
            "reasons": self._card("card-reasons", self.reasons),
            "grades": self._card("card-grades", self.grades),
            "workload": self._card("card-workload", self.workload),
            "missing": self._card("card-missing", self.missing),
            "drift": self._card("card-drift", self.drift),
        }
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        grid.addWidget(self.cards["pipeline"], 0, 0)
        grid.addWidget(self.cards["decisions"], 0, 1)
        grid.addWidget(self.cards["grades"], 1, 0)
        grid.addWidget(self.cards["reasons"], 1, 1)
        grid.addWidget(self.cards["workload"], 2, 0)
        grid.addWidget(self.cards["missing"], 2, 1)
        grid.addWidget(self.cards["drift"], 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        cards = QWidget()
        cards.setLayout(grid)
        self.body = QScrollArea()
        self.body.setWidgetResizable(True)
        self.body.setWidget(cards)
        self.empty = QLabel()
        self.empty.setObjectName("dashboard-empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()

    def show_help(self) -> None:
        """F1: the guide to this screen."""
        if self.help_dialog is None:
            self.help_dialog = HelpDialog(self)
        self.help_dialog.show_topic("dashboard")

    # -- the scope -------------------------------------------------------------------
    def scope(self) -> Scope:
        key = str(self.period.currentData())
        if key == "custom":
            since: date | None = self.since.date().toPython()  # type: ignore[assignment]
            until: date | None = self.until.date().toPython()  # type: ignore[assignment]
        else:
            since, until = period_range(key, self.today())
        return Scope(
            since=since,
            until=until,
            product=self.product.currentData(),
            officer=self.officer.currentData(),
        )

    def today(self) -> date:
        """The branch's day, in the security policy's time zone, as the figures count days."""
        return self._profile.clock().astimezone(ZoneInfo(self._profile.policy.timezone)).date()

    def _show_dates(self) -> None:
        custom = self.period.currentData() == "custom"
        for widget in (self.since, self.until, self.to_label):
            widget.setVisible(custom)

    def _on_period(self) -> None:
        self._show_dates()
        self.reload()

    def _on_dates(self) -> None:
        if self.period.currentData() == "custom":
            self.reload()

    def _fill_officers(self, officers: list[tuple[str, str]]) -> None:
        for user_id, name in officers:
            self.officer.addItem(name, user_id)

    # -- reading ---------------------------------------------------------------------
    def reload(self) -> None:
        scope = self.scope()
        if scope.since and scope.until and scope.since > scope.until:
            show_text(
                self.problem,
                QCoreApplication.translate("Dashboard", "The first day comes after the last."),
            )
            return
        self.problem.hide()
        self._round += 1
        round_now = self._round
        self._tasks.run(
            lambda: self._service.figures(scope),
            lambda report: self._show(report) if round_now == self._round else None,
            self._on_problem,
        )

    def _on_problem(self, error: UserError) -> None:
        show_text(self.problem, str(error))

    def _show(self, report: BranchFigures) -> None:
        self.report = report
        self._render()
        self.did_load.emit()

    def _render(self) -> None:
        report = self.report
        if report is None:
            return
        f = report.figures
        nothing = f.opened == 0 and f.decided == 0
        self.empty.setVisible(nothing)
        self.body.setVisible(not nothing)
        self.pipeline.set_bars(
            tuple(
                Bar(texts.status_label(status), float(count), str(count))
                for status, count in f.pipeline
            )
        )
        self.grades.set_bars(
            (
                *(
                    Bar(
                        QCoreApplication.translate("Dashboard", "Grade {0}").format(grade),
                        float(count),
                        str(count),
                        QColor(GRADE_COLOURS[grade]),
                    )
                    for grade, count in f.grades
                ),
                Bar(
                    QCoreApplication.translate("Dashboard", "Not scored"),
                    float(f.unscored),
                    str(f.unscored),
                ),
            )
        )
        self.reasons.set_bars(
            tuple(
                Bar(
                    QCoreApplication.translate("Dashboard", "In the supervisor's own words")
                    if reason == WRITTEN
                    else reason,
                    float(count),
                    str(count),
                )
                for reason, count in f.decline_reasons
            ),
            QCoreApplication.translate("Dashboard", "No case was declined in the period."),
        )
        chinese = doctexts.language().startswith("zh")
        self.missing.set_bars(
            tuple(
                Bar(
                    report.requirements.get(need, (need, need))[1 if chinese else 0],
                    float(count),
                    QCoreApplication.translate("Dashboard", "{0} cases").format(count),
                )
                for need, count in f.missing
            ),
            QCoreApplication.translate("Dashboard", "No open case lacks a document."),
        )
        t = f.turnaround
        values = {
            "decided": str(f.decided),
            "approved": str(f.approved),
            "declined": str(f.declined),
            "rate": _percent(f.approval_rate),
            "amount": texts.format_amount(f"{f.approved_amount:.2f}", "CNY"),
            "median": _days(t.median_days),
            "p90": _days(t.p90_days),
            "overrides": QCoreApplication.translate(
                "Dashboard", "{0} to a better grade, {1} to a worse"
            ).format(f.overrides_better, f.overrides_worse),
        }
        for key, text in values.items():
            self.figure_values[key].setText(text)
        self.workload.setRowCount(len(f.workload))
        for row, load in enumerate(f.workload):
            cells = (
                report.names.get(load.officer, load.officer[:8]),
                str(load.opened),
                str(load.with_officer),
                str(load.in_review),
                str(load.decided),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.workload.setItem(row, column, item)
        self.drift.setText(self._drift_text(report))

    def _drift_text(self, report: BranchFigures) -> str:
        drift = report.drift
        if drift is None:
            return QCoreApplication.translate("Dashboard", "No risk model is in use here.")
        if drift.score_psi is None:
            return QCoreApplication.translate(
                "Dashboard", "Model {0}: no case has been scored with it yet."
            ).format(drift.model_id)
        text = QCoreApplication.translate(
            "Dashboard", "Model {0}: the score's PSI is {1:.3f} ({2}) over {3} cases."
        ).format(drift.model_id, drift.score_psi, texts.drift_band(drift.score_band), drift.cases)
        if drift.worst_feature is not None and drift.worst_psi is not None:
            text += " " + QCoreApplication.translate(
                "Dashboard", "The input that moved most is {0}: PSI {1:.3f} ({2})."
            ).format(drift.worst_feature, drift.worst_psi, texts.drift_band(drift.worst_band))
        if drift.too_few:
            text += " " + QCoreApplication.translate(
                "Dashboard", "Fewer than 30 cases: the PSI is mostly chance so far."
            )
        return text

    # -- exports -----------------------------------------------------------------------
    def ask_where(self, kind: str) -> None:
        """Ask where to save the figures as ``kind`` (csv or pdf)."""
        chooser = QFileDialog(self, QCoreApplication.translate("Dashboard", "Save the report"))
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setDefaultSuffix(kind)
        chooser.setNameFilter(
            QCoreApplication.translate("Dashboard", "PDF documents (*.pdf)")
            if kind == "pdf"
            else QCoreApplication.translate("Dashboard", "CSV files (*.csv)")
        )
        chooser.selectFile(f"branch-report-{self.today().isoformat()}.{kind}")
        chooser.fileSelected.connect(lambda path: self.save_to(path, kind))
        chooser.finished.connect(chooser.deleteLater)
        self.chooser = chooser
        chooser.open()

    def save_to(self, path: str, kind: str) -> None:
        """Write the figures as ``kind`` to ``path``, off the UI thread."""
        scope, target = self.scope(), Path(path)
        language = "zh" if doctexts.language().startswith("zh") else "en"
        for button in (self.export_csv, self.export_pdf):
            button.setEnabled(False)

        def write() -> str:
            save_pdf(target, self._service.export(scope, kind, language))
            return str(target)

        def done() -> None:
            for button in (self.export_csv, self.export_pdf):
                button.setEnabled(True)

        self._tasks.run(
            write, self._on_exported, self._on_problem, lane=Lane.WRITE, on_finally=done
        )

    def _on_exported(self, path: str) -> None:
        self.problem.hide()
        self.did_export.emit(path)

    # -- language ----------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("Dashboard", "Branch dashboard"))
        self.period_label.setText(QCoreApplication.translate("Dashboard", "&Period"))
        self.product_label.setText(QCoreApplication.translate("Dashboard", "P&roduct"))
        self.officer_label.setText(QCoreApplication.translate("Dashboard", "O&fficer"))
        self.to_label.setText(QCoreApplication.translate("Dashboard", "to"))
        periods = {
            "all": QCoreApplication.translate("Dashboard", "All time"),
            "month": QCoreApplication.translate("Dashboard", "This month"),
            "30days": QCoreApplication.translate("Dashboard", "The last 30 days"),
            "quarter": QCoreApplication.translate("Dashboard", "This quarter"),
            "year": QCoreApplication.translate("Dashboard", "This year"),
            "custom": QCoreApplication.translate("Dashboard", "From … to …"),
        }
        for index in range(self.period.count()):
            self.period.setItemText(index, periods[str(self.period.itemData(index))])
        self.product.setItemText(0, QCoreApplication.translate("Dashboard", "All products"))
        for index in range(1, self.product.count()):
            self.product.setItemText(index, texts.product_label(str(self.product.itemData(index))))
        self.officer.setItemText(0, QCoreApplication.translate("Dashboard", "All officers"))
        titles = {
            "pipeline": QCoreApplication.translate("Dashboard", "Cases opened, by status now"),
            "decisions": QCoreApplication.translate("Dashboard", "Decisions in the period"),
            "reasons": QCoreApplication.translate("Dashboard", "Top decline reasons"),
            "grades": QCoreApplication.translate("Dashboard", "Risk grades of the cases opened"),
            "workload": QCoreApplication.translate("Dashboard", "Officers' workload"),
            "missing": QCoreApplication.translate("Dashboard", "Documents missing from open cases"),
            "drift": QCoreApplication.translate("Dashboard", "Model drift"),
        }
        for key, box in self.cards.items():
            box.setTitle(titles[key])
        labels = {
            "decided": QCoreApplication.translate("Dashboard", "Decided"),
            "approved": QCoreApplication.translate("Dashboard", "Approved"),
            "declined": QCoreApplication.translate("Dashboard", "Declined"),
            "rate": QCoreApplication.translate("Dashboard", "Approval rate"),
            "amount": QCoreApplication.translate("Dashboard", "Amount approved"),
            "median": QCoreApplication.translate("Dashboard", "Days to decision, median"),
            "p90": QCoreApplication.translate("Dashboard", "Days to decision, 90% within"),
            "overrides": QCoreApplication.translate("Dashboard", "Grade overrides"),
        }
        for key, label in self.figure_labels.items():
            label.setText(labels[key])
        self.workload.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("Dashboard", "Officer"),
                QCoreApplication.translate("Dashboard", "Opened"),
                QCoreApplication.translate("Dashboard", "With the officer"),
                QCoreApplication.translate("Dashboard", "In review"),
                QCoreApplication.translate("Dashboard", "Decided"),
            ]
        )
        self.empty.setText(
            QCoreApplication.translate(
                "Dashboard",
                "No case was opened or decided in this period. Choose a longer period, "
                "another product or all officers.",
            )
        )
        self.export_csv.setText(QCoreApplication.translate("Dashboard", "Export &CSV…"))
        self.export_pdf.setText(QCoreApplication.translate("Dashboard", "Export P&DF…"))
        self._render()
