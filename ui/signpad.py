"""A box to sign in with the mouse, a pen or a finger: smooth strokes, clear and sign again.

Who cannot draw (no mouse, a screen reader) signs by typing: with the focus
in the box, letters typed are written there in a hand-like italic and make
the signature picture as strokes would. Backspace takes a letter back. The
decision itself is signed by the password and the user's key either way; the
picture is the mark a person makes.
"""

from __future__ import annotations

import io

from PIL import Image
from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QInputMethodEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

#: the size of the stored picture, whatever the size of the box on screen
IMAGE_SIZE = QSize(600, 200)
#: the longest typed signature, in characters
TYPED_MAX = 60


class SignaturePad(QWidget):
    #: the pad went from empty to signed or back
    signed_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signature-pad")
        self.setMinimumSize(360, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(140)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        #: strokes as points in fractions of the box, so the picture survives a resize
        self.strokes: list[list[QPointF]] = []
        #: a signature typed instead of drawn
        self.typed = ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # A name in Chinese comes through the input method, not as key presses.
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)

    def is_empty(self) -> bool:
        return not self.typed.strip() and not any(len(stroke) > 1 for stroke in self.strokes)

    def clear(self) -> None:
        was = not self.is_empty()
        self.strokes = []
        self.typed = ""
        self.update()
        if was:
            self.signed_changed.emit(False)

    # -- drawing -----------------------------------------------------------------
    def _unit(self, event: QMouseEvent) -> QPointF:
        at = event.position()
        return QPointF(at.x() / max(1, self.width()), at.y() / max(1, self.height()))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self.strokes.append([self._unit(event)])

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self.strokes and event.buttons() & Qt.MouseButton.LeftButton:
            was_empty = self.is_empty()
            self.strokes[-1].append(self._unit(event))
            self.update()
            if was_empty and not self.is_empty():
                self.signed_changed.emit(True)

    def _set_typed(self, typed: str) -> None:
        was_empty = self.is_empty()
        self.typed = typed[:TYPED_MAX]
        self.update()
        if was_empty != self.is_empty():
            self.signed_changed.emit(not self.is_empty())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        text = event.text()
        if event.key() == Qt.Key.Key_Backspace and self.typed:
            self._set_typed(self.typed[:-1])
        elif text and text.isprintable():
            self._set_typed(self.typed + text)
        else:
            super().keyPressEvent(event)  # Tab, Enter, Escape go on to the dialog

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 - Qt's name
        if event.commitString():
            self._set_typed(self.typed + event.commitString())
        event.accept()

    @staticmethod
    def _path(stroke: list[QPointF], width: float, height: float) -> QPainterPath:
        """A smooth curve through the stroke: quadratic pieces between the midpoints."""
        points = [QPointF(p.x() * width, p.y() * height) for p in stroke]
        path = QPainterPath(points[0])
        for before, point in zip(points, points[1:], strict=False):
            middle = (before + point) / 2
            path.quadTo(before, middle)
        path.lineTo(points[-1])
        return path

    def _draw(self, painter: QPainter, width: float, height: float) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor("#0d2a6b"), max(2.0, height / 70))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self.strokes:
            if len(stroke) > 1:
                painter.drawPath(self._path(stroke, width, height))
        if self.typed:
            font = QFont("serif")
            font.setItalic(True)
            # As large as a hand would write it, smaller when the name would not fit.
            size = max(8, int(height * 0.32))
            font.setPixelSize(size)
            room = width * 0.88
            advance = QFontMetricsF(font).horizontalAdvance(self.typed)
            if advance > room:
                font.setPixelSize(max(8, int(size * room / advance)))
            painter.setFont(font)
            painter.drawText(QPointF(width * 0.06, height * 0.7), self.typed)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#9e9e9e"), 1, Qt.PenStyle.DashLine))
        line_y = self.height() * 0.75
        painter.drawLine(QPointF(16, line_y), QPointF(self.width() - 16, line_y))
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 2))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        self._draw(painter, float(self.width()), float(self.height()))
        painter.end()

    def png(self) -> bytes:
        """The signature as a grey PNG of a fixed size, on white."""
        image = QImage(IMAGE_SIZE, QImage.Format.Format_Grayscale8)
        image.fill(QColor("white"))
        painter = QPainter(image)
        self._draw(painter, float(IMAGE_SIZE.width()), float(IMAGE_SIZE.height()))
        painter.end()
        width, height, stride = image.width(), image.height(), image.bytesPerLine()
        pixels = bytes(image.constBits())[: stride * height]
        picture = Image.frombuffer("L", (width, height), pixels, "raw", "L", stride, 1)
        out = io.BytesIO()
        picture.save(out, format="PNG")
        return out.getvalue()
