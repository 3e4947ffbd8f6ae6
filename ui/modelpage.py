"""The risk model page: what is in use, how it performs, how fair it is, how it drifts.

Risk analysts and auditors open it from **Administration → Risk models…**.
The plots are drawn here from the figures inside the signed model file; the
model card, when it came with the model, is shown as written. A risk analyst
installs a newly trained, signed model from its folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt, QUrl
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import Action, allowed
from app.errors import UserError
from app.services.profile import Profile
from app.services.risk import ModelOverview, ModelService
from ui import texts
from ui.doctables import WARNING_COLOUR
from ui.notices import ERROR_COLOUR, OK_COLOUR, problem_label, show_text
from ui.signin import MUTED_COLOUR
from ui.taskman import TaskManager

BAND_COLOURS = {"stable": OK_COLOUR, "watch": WARNING_COLOUR, "act": ERROR_COLOUR}
LINE_COLOURS = ("#1565c0", "#e65100")


class Plot(QWidget):
    """A small line plot on the unit square: each series a polyline, a dotted diagonal."""

    def __init__(self, x_label: str, y_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(280, 260)
        self.x_label, self.y_label = x_label, y_label
        self.series: list[tuple[str, Sequence[float], Sequence[float]]] = []
        self.top = 1.0

    def show_series(self, series: list[tuple[str, Sequence[float], Sequence[float]]]) -> None:
        self.series = series
        values = [v for _, xs, ys in series for v in (*xs, *ys)]
        self.top = max(0.05, min(1.0, max(values, default=1.0) * 1.05))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        left, bottom, right, top = 64.0, self.height() - 40.0, self.width() - 24.0, 12.0
        width, height = right - left, bottom - top

        def at(x: float, y: float) -> QPointF:
            return QPointF(left + x / self.top * width, bottom - y / self.top * height)

        painter.setPen(QPen(QColor(MUTED_COLOUR), 1))
        painter.drawRect(QRectF(left, top, width, height))
        for tick in (0.0, 0.5, 1.0):
            value = f"{tick * self.top:.2f}"
            y = bottom - tick * height
            painter.drawText(QRectF(left - 40, y - 8, 34, 16), Qt.AlignmentFlag.AlignRight, value)
            x = left + tick * width
            painter.drawText(
                QRectF(x - 20, bottom + 2, 40, 16), Qt.AlignmentFlag.AlignHCenter, value
            )
        painter.drawText(
            QRectF(left, bottom + 18, width, 16), Qt.AlignmentFlag.AlignCenter, self.x_label
        )
        painter.save()
        painter.translate(12, bottom)
        painter.rotate(-90)
        painter.drawText(QRectF(0, -12, height, 16), Qt.AlignmentFlag.AlignCenter, self.y_label)
        painter.restore()
        painter.setPen(QPen(QColor("#9e9e9e"), 1, Qt.PenStyle.DotLine))
        painter.drawLine(at(0, 0), at(self.top, self.top))
        for index, (name, xs, ys) in enumerate(self.series):
            colour = QColor(LINE_COLOURS[index % len(LINE_COLOURS)])
            painter.setPen(QPen(colour, 2))
            painter.drawPolyline(QPolygonF([at(x, y) for x, y in zip(xs, ys, strict=True)]))
            # the legend sits low on the right, where neither plot draws
            legend_y = bottom - 12 - 18 * (len(self.series) - 1 - index)
            painter.drawLine(QPointF(right - 150, legend_y - 4), QPointF(right - 126, legend_y - 4))
            painter.drawText(QPointF(right - 120, legend_y), name)
        painter.end()


class ModelDialog(QDialog):
    def __init__(self, profile: Profile, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("model-page")
        self.resize(960, 680)
        self._service = ModelService(profile)
        self._tasks = tasks
        roles = profile.session.roles if profile.session is not None else frozenset()
        self._may_install = allowed(roles, Action.MODEL_IMPORT)
        self.overview: ModelOverview | None = None
        self._build()
        self.retranslate()
        self.reload()

    def _build(self) -> None:
        self.summary = QLabel()
        self.summary.setObjectName("model-summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.problem = problem_label("model-problem")
        self.install_button = QPushButton()
        self.install_button.setObjectName("model-install")
        self.install_button.clicked.connect(self._choose_folder)
        self.install_button.setVisible(self._may_install)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.close)

        self.roc = Plot("", "")
        self.calibration = Plot("", "")
        performance = QWidget()
        plots = QHBoxLayout(performance)
        plots.addWidget(self.roc)
        plots.addWidget(self.calibration)
        self.fairness = _table("model-fairness", 4)
        self.drift_note = QLabel()
        self.drift_note.setObjectName("model-drift-note")
        self.drift_note.setWordWrap(True)
        self.drift = _table("model-drift", 4)
        drift_page = QWidget()
        drift_layout = QVBoxLayout(drift_page)
        drift_layout.addWidget(self.drift_note)
        drift_layout.addWidget(self.drift)
        self.card = QTextBrowser()
        self.card.setObjectName("model-card")
        self.tabs = QTabWidget()
        self.tabs.addTab(performance, "")
        self.tabs.addTab(self.fairness, "")
        self.tabs.addTab(drift_page, "")
        self.tabs.addTab(self.card, "")

        buttons = QHBoxLayout()
        buttons.addWidget(self.install_button)
        buttons.addStretch(1)
        buttons.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    # -- data --------------------------------------------------------------------
    def reload(self) -> None:
        self._tasks.run(self._service.overview, self._show, self._on_problem)

    def _on_problem(self, error: UserError) -> None:
        show_text(self.problem, str(error))

    def _show(self, overview: ModelOverview) -> None:
        self.overview = overview
        self._render()

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, QCoreApplication.translate("ModelPage", "Folder of the trained, signed model")
        )
        if folder:
            self.install_from(Path(folder))

    def install_from(self, folder: Path) -> None:
        """Install the signed models in ``folder``, then show them (or say why not)."""
        self.install_button.setEnabled(False)

        def done(installed: list[str]) -> None:
            self.install_button.setEnabled(True)
            said = QCoreApplication.translate("ModelPage", "Now in use: {0}.")
            show_text(self.problem, said.format(", ".join(installed)), ok=True)
            self.reload()

        def refused(error: UserError) -> None:
            self.install_button.setEnabled(True)
            self._on_problem(error)

        self._tasks.run(lambda: self._service.install(folder), done, refused)

    # -- showing -----------------------------------------------------------------
    def _render(self) -> None:
        overview = self.overview
        if overview is None:
            return
        rows = [overview.champion, *([overview.challenger] if overview.challenger else [])]
        lines = []
        for info in rows:
            meta, m = info.metadata, info.metadata.metrics
            role = (
                QCoreApplication.translate("ModelPage", "Champion")
                if info.role == "champion"
                else QCoreApplication.translate("ModelPage", "Challenger")
            )
            lines.append(
                QCoreApplication.translate(
                    "ModelPage",
                    "<b>{0}</b>: {1} ({2}), trained {3} on {4} loans; test AUC {5}, Gini {6}, "
                    "KS {7}, Brier {8}; signed by key {9}",
                ).format(
                    role,
                    meta.model_id,
                    meta.kind,
                    meta.trained_at[:10],
                    meta.data["rows"],
                    f"{m['auc']:.4f}",
                    f"{m['gini']:.4f}",
                    f"{m['ks']:.4f}",
                    f"{m['brier']:.4f}",
                    info.key_id,
                )
            )
        source = (
            QCoreApplication.translate("ModelPage", "Installed for this branch.")
            if overview.source == "profile"
            else QCoreApplication.translate(
                "ModelPage", "The starter models that come with LoanDesk."
            )
        )
        self.summary.setText("<br>".join([*lines, source]))
        self.roc.show_series(
            [
                (
                    _legend(r.role),
                    r.metadata.metrics["roc"]["fpr"],
                    r.metadata.metrics["roc"]["tpr"],
                )
                for r in rows
                if "roc" in r.metadata.metrics
            ]
        )
        self.calibration.show_series(
            [
                (
                    _legend(r.role),
                    [row["predicted"] for row in r.metadata.metrics["calibration"]],
                    [row["observed"] for row in r.metadata.metrics["calibration"]],
                )
                for r in rows
            ]
        )
        self._render_fairness(overview)
        self._render_drift(overview)
        card = overview.champion.card
        if card is not None:
            self.card.setSearchPaths([str(card.parent)])
            self.card.document().setBaseUrl(QUrl.fromLocalFile(str(card.parent) + "/"))
            self.card.setMarkdown(card.read_text(encoding="utf-8"))
        else:
            self.card.setPlainText(
                QCoreApplication.translate("ModelPage", "This model came without a model card.")
            )

    def _render_fairness(self, overview: ModelOverview) -> None:
        table = self.fairness
        entries = [
            (group, row)
            for group, rows in overview.champion.metadata.metrics["fairness"].items()
            for row in rows
        ]
        table.setRowCount(len(entries))
        for i, (group, row) in enumerate(entries):
            ratio = float(row["adverse_impact"])
            cells = (
                f"{group}: {row['group']}",
                str(row["count"]),
                texts.format_percent(float(row["approval"])),
                f"{ratio:.2f}" + (" ⚠" if ratio < 0.8 else ""),
            )
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if ratio < 0.8:
                    item.setForeground(QColor(ERROR_COLOUR))
                table.setItem(i, j, item)

    def _render_drift(self, overview: ModelOverview) -> None:
        report = overview.drift
        note = QCoreApplication.translate(
            "ModelPage", "{0} cases scored by {1} on this workstation, against its training loans."
        ).format(report.cases, report.model_id)
        if report.too_few:
            note += " " + QCoreApplication.translate(
                "ModelPage", "Fewer than {0} cases: the figures are not yet reliable."
            ).format(report.minimum)
        self.drift_note.setText(note)
        self.drift.setRowCount(len(report.rows))
        for i, row in enumerate(report.rows):
            band = row.band.value if row.band is not None else ""
            cells = (
                row.name,
                "–" if row.psi is None else f"{row.psi:.3f}",
                texts.drift_band(band),
                str(row.count),
            )
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 2 and band:
                    item.setForeground(QColor(BAND_COLOURS[band]))
                self.drift.setItem(i, j, item)

    # -- language ----------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("ModelPage", "Risk models"))
        self.install_button.setText(QCoreApplication.translate("ModelPage", "Install models…"))
        for index, title in enumerate(
            (
                QCoreApplication.translate("ModelPage", "Performance"),
                QCoreApplication.translate("ModelPage", "Fairness"),
                QCoreApplication.translate("ModelPage", "Drift"),
                QCoreApplication.translate("ModelPage", "Model card"),
            )
        ):
            self.tabs.setTabText(index, title)
        self.roc.x_label = QCoreApplication.translate("ModelPage", "good loans declined")
        self.roc.y_label = QCoreApplication.translate("ModelPage", "bad loans caught")
        self.calibration.x_label = QCoreApplication.translate("ModelPage", "predicted default rate")
        self.calibration.y_label = QCoreApplication.translate("ModelPage", "observed default rate")
        self.fairness.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("ModelPage", "Group"),
                QCoreApplication.translate("ModelPage", "Loans"),
                QCoreApplication.translate("ModelPage", "Approved"),
                QCoreApplication.translate("ModelPage", "Adverse-impact ratio"),
            ]
        )
        self.drift.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("ModelPage", "Score or feature"),
                QCoreApplication.translate("ModelPage", "PSI"),
                QCoreApplication.translate("ModelPage", "Band"),
                QCoreApplication.translate("ModelPage", "Cases"),
            ]
        )
        self._render()


def _legend(role: str) -> str:
    """A curve's name in the plots' legend."""
    if role == "champion":
        return QCoreApplication.translate("ModelPage", "champion")
    return QCoreApplication.translate("ModelPage", "challenger")


def _table(name: str, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setTabKeyNavigation(False)
    table.setObjectName(name)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table
