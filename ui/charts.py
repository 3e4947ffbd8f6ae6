"""A horizontal bar chart drawn with QPainter: a label, a bar and its value per row.

Light on purpose: no chart library loads with the window. Colours come from
the palette, so the chart follows the light and dark themes; a bar may carry
its own colour (the risk grades). Screen readers get every row in words as
the widget's accessible description.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

#: each risk grade's colour, the same on every screen (A best, E worst)
GRADE_COLOURS = {"A": "#1b5e20", "B": "#558b2f", "C": "#8d6e00", "D": "#b35c00", "E": "#b3261e"}
#: the height of one row, in multiples of the font's line height
_ROW = 1.6
_GAP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    #: the value as it is read ("12", "45.0 %")
    shown: str
    colour: QColor | None = None


class BarChart(QWidget):
    """Rows of labelled bars, scaled to the largest value; empty rows say ``empty_text``."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.bars: tuple[Bar, ...] = ()
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # screen readers reach it by keyboard

    def set_bars(self, bars: tuple[Bar, ...], empty_text: str = "") -> None:
        self.bars, self.empty_text = bars, empty_text
        words = "; ".join(f"{bar.label}: {bar.shown}" for bar in bars) or empty_text
        self.setAccessibleDescription(words)
        self.setToolTip(words)
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return max(18, round(self.fontMetrics().height() * _ROW))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        rows = max(1, len(self.bars))
        return QSize(360, rows * self._row_height() + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        if not self.bars:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignVCenter, self.empty_text)
            painter.end()
            return
        metrics = self.fontMetrics()
        row = self._row_height()
        # a little slack: elision measures a shade wider than the advance
        widest_label = max(metrics.horizontalAdvance(bar.label) for bar in self.bars) + 6
        label_width = min(widest_label, self.width() // 2)
        shown_width = max(metrics.horizontalAdvance(bar.shown) for bar in self.bars)
        room = max(0, self.width() - label_width - shown_width - 3 * _GAP)
        largest = max(bar.value for bar in self.bars)
        accent = palette.color(QPalette.ColorRole.Highlight)
        for index, bar in enumerate(self.bars):
            top = index * row + 2
            painter.setPen(text)
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width)
            painter.drawText(
                QRectF(0, top, label_width, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                label,
            )
            width = room * bar.value / largest if largest > 0 else 0.0
            left = label_width + _GAP
            if width > 0:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(bar.colour or accent)
                height = row * 0.62
                painter.drawRoundedRect(
                    QRectF(left, top + (row - height) / 2, max(width, 2.0), height), 2, 2
                )
            painter.setPen(text)
            painter.drawText(
                QRectF(left + width + _GAP, top, shown_width + _GAP, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                bar.shown,
            )
        painter.end()
