"""The Risk tab of a case: grade, PD, score and reasons; what-if sliders; stress table.

What the tab shows is the case as saved, scored live by the champion model
(nothing recorded); **Record score** records what both models say as
RiskAssessed events, for the officer's file and the supervisor's review. The
last recorded score is named beside it, marked stale when the application
changed since.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import CaseState
from app.errors import UserError
from app.services.changes import OpChanges
from app.services.risk import RiskService, RiskView
from ui import doctexts, texts
from ui.charts import GRADE_COLOURS
from ui.doctables import WARNING_COLOUR
from ui.notices import problem_label, show_text
from ui.operations import Operations
from ui.signin import MUTED_COLOUR

if TYPE_CHECKING:
    from models.scorer import Scenario

#: grade colours, A (best) to E, dark enough for white letters
#: the what-if amount slider runs over this share of the requested amount, in per cent
AMOUNT_RANGE = (20, 150)
TERM_RANGE = (6, 120)


def stress_label(name: str) -> str:
    labels = {
        "income -10%": QCoreApplication.translate("Risk", "Income 10 % lower"),
        "income -20%": QCoreApplication.translate("Risk", "Income 20 % lower"),
        "income -30%": QCoreApplication.translate("Risk", "Income 30 % lower"),
        "rate +2 points": QCoreApplication.translate("Risk", "Rate 2 points higher"),
        "rate +4 points": QCoreApplication.translate("Risk", "Rate 4 points higher"),
        "expenses +20%": QCoreApplication.translate("Risk", "Expenses 20 % higher"),
    }
    return labels.get(name, name)


class GradeBar(QWidget):
    """Five bands A–E along the PD axis, with a marker where the case stands."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(34)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._bounds: Sequence[float] = (0.1, 0.2, 0.3, 0.45)
        self._pd: float | None = None
        self.setAccessibleName(QCoreApplication.translate("Risk", "Risk grade scale"))

    def show_pd(self, pd: float | None, bounds: Sequence[float]) -> None:
        self._pd, self._bounds = pd, bounds
        self.update()

    def _x(self, pd: float, width: float) -> float:
        # The bands are drawn equally wide; the PD is placed within its band.
        edges = [0.0, *self._bounds, 1.0]
        for i in range(len(edges) - 1):
            if pd < edges[i + 1] or i == len(edges) - 2:
                share = (pd - edges[i]) / max(1e-9, edges[i + 1] - edges[i])
                return (i + min(1.0, max(0.0, share))) * width / (len(edges) - 1)
        return width

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = float(self.width()), float(self.height())
        band = width / len(GRADE_COLOURS)
        for i, (grade, colour) in enumerate(GRADE_COLOURS.items()):
            painter.fillRect(QRectF(i * band, 8, band - 2, height - 16), QColor(colour))
            painter.setPen(QColor("white"))
            painter.drawText(
                QRectF(i * band, 8, band - 2, height - 16), Qt.AlignmentFlag.AlignCenter, grade
            )
        if self._pd is not None:
            x = self._x(self._pd, width)
            painter.setPen(QPen(QColor("black"), 3))
            painter.drawLine(int(x), 0, int(x), int(height))
        painter.end()


class RiskTab(QWidget):
    def __init__(
        self,
        service: RiskService,
        ops: Operations,
        user_names: Callable[[], dict[str, str]],
        *,
        may_record: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._ops = ops
        self._user_names = user_names
        self._may_record = may_record
        self._case: CaseState | None = None
        self._view: RiskView | None = None
        self._round = 0
        #: a case waits to be scored until the tab is shown
        self._pending = False
        self._build()
        self.retranslate()

    # -- building ----------------------------------------------------------------
    def _build(self) -> None:
        self.grade = QLabel("–")
        self.grade.setObjectName("risk-grade")
        self.grade.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grade.setFixedSize(64, 64)
        self.headline = QLabel()
        self.headline.setObjectName("risk-headline")
        self.headline.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.model_line = QLabel()
        self.model_line.setObjectName("risk-model")
        self.model_line.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.model_line.setWordWrap(True)
        self.recorded = QLabel()
        self.recorded.setObjectName("risk-recorded")
        self.recorded.setWordWrap(True)
        self.record_button = QPushButton()
        self.record_button.setObjectName("risk-record")
        self.record_button.clicked.connect(self.record)
        self.record_button.setVisible(self._may_record)
        self.bar = GradeBar()
        self.reasons = QLabel()
        self.reasons.setObjectName("risk-reasons")
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.RichText)
        self.missing = QLabel()
        self.missing.setObjectName("risk-missing")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.challenger = QLabel()
        self.challenger.setObjectName("risk-challenger")
        self.challenger.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.problem = problem_label("risk-problem")

        self.amount = QSlider(Qt.Orientation.Horizontal)
        self.amount.setObjectName("whatif-amount")
        self.amount.setRange(*AMOUNT_RANGE)
        self.amount.setValue(100)
        self.term = QSlider(Qt.Orientation.Horizontal)
        self.term.setObjectName("whatif-term")
        self.term.setRange(*TERM_RANGE)
        for slider in (self.amount, self.term):
            slider.valueChanged.connect(self._what_if)
        self.amount_value = QLabel()
        self.term_value = QLabel()
        self.what_if_result = QLabel()
        self.what_if_result.setObjectName("whatif-result")
        self.what_if_result.setStyleSheet("font-weight: 600;")
        self.what_if_result.setWordWrap(True)
        self.stress = QTableWidget(0, 4)
        self.stress.setTabKeyNavigation(False)
        self.stress.setObjectName("risk-stress")
        self.stress.verticalHeader().hide()
        self.stress.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.stress.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.stress.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stress.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        head = QHBoxLayout()
        head.addWidget(self.grade)
        words = QVBoxLayout()
        words.addWidget(self.headline)
        words.addWidget(self.model_line)
        head.addLayout(words, 1)
        head.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignTop)

        self.what_if_box = QGroupBox()
        form = QFormLayout(self.what_if_box)
        self.amount_label, self.term_label = QLabel(), QLabel()
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 1)
        amount_row.addWidget(self.amount_value)
        term_row = QHBoxLayout()
        term_row.addWidget(self.term, 1)
        term_row.addWidget(self.term_value)
        form.addRow(self.amount_label, amount_row)
        form.addRow(self.term_label, term_row)
        form.addRow(self.what_if_result)
        self.stress_box = QGroupBox()
        stress_layout = QVBoxLayout(self.stress_box)
        stress_layout.addWidget(self.stress)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.bar)
        layout.addWidget(self.recorded)
        layout.addWidget(self.problem)
        layout.addWidget(self.reasons)
        layout.addWidget(self.missing)
        layout.addWidget(self.challenger)
        layout.addWidget(self.what_if_box)
        layout.addWidget(self.stress_box)
        layout.addStretch(1)

    # -- the case ----------------------------------------------------------------
    def set_case(self, case: CaseState | None) -> None:
        """Score ``case`` as saved (in the background) once the tab shows; None clears it."""
        self._case = case
        self._round += 1
        self._pending = case is not None
        if case is None:
            self._view = None
            self._render()
            return
        if self.isVisible():
            self._score()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        # The models load with the first score: only when someone looks at the tab.
        super().showEvent(event)
        if self._pending:
            self._score()

    def _score(self) -> None:
        case = self._case
        if case is None:
            return
        self._pending = False
        round_now = self._round
        case_id = case.case_id
        self._ops.tasks.run(
            lambda: self._service.preview(case_id),
            lambda view: self._on_preview(round_now, view),
            lambda error: self._on_problem(round_now, error),
        )

    def on_operation(self, changes: OpChanges) -> None:
        del changes  # the case view reloads the case and hands it back through set_case

    def _on_preview(self, round_then: int, view: RiskView) -> None:
        if round_then != self._round:
            return
        self._view = view
        self.problem.hide()
        case = self._case
        term = case.fields.get("term_months") if case is not None else None
        for slider, value in ((self.amount, 100), (self.term, int(term or 36))):
            slider.blockSignals(True)
            slider.setValue(value)
            slider.blockSignals(False)
        self._render()

    def _on_problem(self, round_then: int, error: UserError) -> None:
        if round_then != self._round:
            return
        self._view = None
        show_text(self.problem, str(error))
        self._render()

    def record(self) -> None:
        case = self._case
        if case is None:
            return
        case_id = case.case_id
        self.record_button.setEnabled(False)
        self._ops.run(
            lambda: self._service.assess(case_id)[1],
            initiator=self,
            on_finally=lambda: self.record_button.setEnabled(True),
        )

    # -- showing -----------------------------------------------------------------
    def _render(self) -> None:
        view = self._view
        self.record_button.setEnabled(view is not None)
        self.what_if_box.setEnabled(view is not None)
        if view is None:
            self.grade.setText("–")
            self.grade.setStyleSheet(_badge("#9e9e9e"))
            self.headline.setText(
                QCoreApplication.translate("Risk", "No score yet") if self._case else ""
            )
            self.model_line.clear()
            self.reasons.clear()
            self.missing.clear()
            self.challenger.clear()
            self.bar.show_pd(None, ())
            self.stress.setRowCount(0)
            self._render_recorded()
            return
        champion = view.champion
        bounds = self._service.models().champion.metadata.grades
        self.grade.setText(champion.grade)
        self.grade.setStyleSheet(_badge(GRADE_COLOURS[champion.grade]))
        self.grade.setAccessibleName(
            QCoreApplication.translate("Risk", "Grade {0}").format(champion.grade)
        )
        self.headline.setText(
            QCoreApplication.translate(
                "Risk", "Grade {0} · probability of default {1} · score {2}"
            ).format(champion.grade, texts.format_percent(champion.pd), f"{champion.score:.0f}")
        )
        self.model_line.setText(
            QCoreApplication.translate(
                "Risk", "Model {0}, version {1}. Scored live from the saved application."
            ).format(champion.model_id, champion.version)
        )
        self.bar.show_pd(champion.pd, bounds)
        self._render_reasons(view)
        self._render_missing(view)
        if view.challenger is not None:
            c = view.challenger
            self.challenger.setText(
                QCoreApplication.translate(
                    "Risk", "Challenger model: grade {0}, probability of default {1}, score {2}"
                ).format(c.grade, texts.format_percent(c.pd), f"{c.score:.0f}")
            )
        else:
            self.challenger.clear()
        self._render_stress(view)
        self._render_recorded()
        self._what_if()

    def _render_reasons(self, view: RiskView) -> None:
        zh = doctexts.language().startswith("zh")
        reasons = view.champion.reasons
        if not reasons:
            self.reasons.setText(
                QCoreApplication.translate(
                    "Risk", "Nothing in the application weighs much against it."
                )
            )
            return
        below = QCoreApplication.translate("Risk", "{0} points below typical")
        items = "".join(
            f"<li>{escape(r.text_zh if zh else r.text_en)} "
            f"<span style='color:{MUTED_COLOUR}'>({escape(below.format(f'{r.points:.0f}'))})"
            "</span></li>"
            for r in reasons
        )
        title = QCoreApplication.translate("Risk", "Main reasons")
        self.reasons.setText(f"<b>{escape(title)}</b><ol>{items}</ol>")

    def _render_missing(self, view: RiskView) -> None:
        if not view.missing:
            self.missing.clear()
            self.missing.hide()
            return
        names = QCoreApplication.translate("Risk", ", ").join(
            texts.field_label(name) for name in view.missing
        )
        self.missing.setText(
            QCoreApplication.translate(
                "Risk",
                "Scored without {0}: the model assumed values for them. Fill them in and save.",
            ).format(names)
        )
        self.missing.show()

    def _render_stress(self, view: RiskView) -> None:
        base = view.champion.pd
        self.stress.setRowCount(len(view.stress))
        for row, scenario in enumerate(view.stress):
            cells = (
                stress_label(scenario.name),
                texts.format_percent(scenario.pd),
                scenario.grade,
                f"{100 * (scenario.pd - base):+.1f}",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.stress.setItem(row, column, item)
        # as tall as its rows: the tab scrolls, not the table
        height = self.stress.horizontalHeader().height() + 2 * self.stress.frameWidth()
        height += sum(self.stress.rowHeight(r) for r in range(self.stress.rowCount()))
        self.stress.setFixedHeight(height)

    def _render_recorded(self) -> None:
        case = self._case
        risk = case.risk if case is not None else None
        if risk is None:
            self.recorded.setText(
                QCoreApplication.translate(
                    "Risk", "Not recorded yet: Record score keeps it in the case's history."
                )
                if case is not None
                else ""
            )
            self.recorded.setStyleSheet(f"color: {MUTED_COLOUR};")
            return
        who = self._user_names().get(risk.actor, risk.actor)
        text = QCoreApplication.translate(
            "Risk", "Recorded: grade {0}, probability of default {1}, by {2} at {3}."
        ).format(risk.grade, texts.format_percent(risk.pd), who, texts.format_time(risk.at))
        if risk.stale:
            text += " " + QCoreApplication.translate(
                "Risk", "The application changed since: record the score again."
            )
        self.recorded.setText(text)
        self.recorded.setStyleSheet(f"color: {WARNING_COLOUR if risk.stale else MUTED_COLOUR};")

    def _what_if(self) -> None:
        view = self._view
        amount = view.inputs.get("requested_amount") if view is not None else None
        share = self.amount.value() / 100
        months = self.term.value()
        self.term_value.setText(QCoreApplication.translate("Risk", "{0} months").format(months))
        if view is None or not isinstance(amount, float):
            self.amount_value.setText(
                QCoreApplication.translate("Risk", "{0} %").format(self.amount.value())
            )
            self.what_if_result.setText(
                QCoreApplication.translate(
                    "Risk", "Enter the amount requested to try other amounts."
                )
                if view
                else ""
            )
            return
        new_amount = amount * share
        self.amount_value.setText(texts.format_amount(f"{new_amount:.0f}", "CNY"))
        change: dict[str, Any] = {"requested_amount": new_amount, "term_months": float(months)}
        try:
            [result] = self._service.scenarios(view.inputs, [("what-if", change)])
        except UserError as error:
            self.what_if_result.setText(str(error))
            return
        self.what_if_result.setText(_result_text(result, view.champion.pd))

    # -- language ----------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.stress.setAccessibleName(QCoreApplication.translate("Risk", "Stress scenarios"))
        self.record_button.setText(QCoreApplication.translate("Risk", "Record score"))
        self.record_button.setToolTip(
            QCoreApplication.translate(
                "Risk", "Keep what both models say of the saved application in the case's history"
            )
        )
        self.what_if_box.setTitle(QCoreApplication.translate("Risk", "What if"))
        self.stress_box.setTitle(QCoreApplication.translate("Risk", "Stress"))
        self.amount_label.setText(QCoreApplication.translate("Risk", "Amount"))
        self.term_label.setText(QCoreApplication.translate("Risk", "Term"))
        self.amount.setAccessibleName(QCoreApplication.translate("Risk", "What-if amount"))
        self.term.setAccessibleName(QCoreApplication.translate("Risk", "What-if term in months"))
        self.stress.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("Risk", "Scenario"),
                QCoreApplication.translate("Risk", "Default probability"),
                QCoreApplication.translate("Risk", "Grade"),
                QCoreApplication.translate("Risk", "Change (percentage points)"),
            ]
        )
        self._render()


def _badge(colour: str) -> str:
    return (
        f"background: {colour}; color: white; border-radius: 8px; "
        "font-size: 30px; font-weight: 700;"
    )


def _signed_points(points: float) -> str:
    return QCoreApplication.translate("Risk", "{0} percentage points").format(f"{points:+.1f}")


def _result_text(result: Scenario, base_pd: float) -> str:
    return QCoreApplication.translate(
        "Risk", "Grade {0}, probability of default {1} ({2} against now)"
    ).format(
        result.grade,
        texts.format_percent(result.pd),
        _signed_points(100 * (result.pd - base_pd)),
    )
