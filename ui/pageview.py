"""One page picture with the boxes of the words read on it, zoomable, and a highlighted box.

Boxes arrive as fractions of the page (``ocr.types.Box``); they are scaled to
the picture's pixels here, so they sit on their words whatever the picture's
resolution and whatever the zoom.
"""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from ocr.types import Box, Word

ZOOM_STEP = 1.25
MIN_SCALE = 0.05
MAX_SCALE = 8.0
_WORD_PEN = QColor(25, 118, 210, 150)
_WORD_FILL = QColor(25, 118, 210, 28)
_HIGHLIGHT_PEN = QColor(230, 81, 0)
_HIGHLIGHT_FILL = QColor(255, 193, 7, 70)


def to_qimage(image: Image.Image) -> QImage:
    """A copy of a PIL picture as a QImage (safe to make off the UI thread, unlike QPixmap)."""
    rgb = image.convert("RGB")
    data = rgb.tobytes("raw", "RGB")
    made = QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888)
    # QImage borrows ``data``; the copy owns its pixels once ``data`` is gone.
    return made.copy()


class _WordItem(QGraphicsRectItem):
    def __init__(self, word: Word, rect: QRectF) -> None:
        super().__init__(rect)
        self.word = word
        pen = QPen(_WORD_PEN)
        pen.setCosmetic(True)  # one pixel wide at every zoom
        self.setPen(pen)
        self.setBrush(QBrush(_WORD_FILL))
        self.setToolTip(word.text)


class PageView(QGraphicsView):
    """Shows a page; Ctrl+wheel and +/- zoom, 0 fits; a click on a word reports it."""

    #: (word: Word) the user clicked a word's box
    word_was_clicked = Signal(object)
    #: (scale: float) the zoom changed
    zoom_did_change = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page-view")
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QBrush(QColor("#e0e0e0")))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pixmap: QGraphicsPixmapItem | None = None
        self._words: list[_WordItem] = []
        self._highlight: QGraphicsRectItem | None = None
        self._fit = True

    # -- content -----------------------------------------------------------------
    def show_page(self, image: QImage, words: Sequence[Word]) -> None:
        """Replace the page on show; the view fits the whole page."""
        scene = self.scene()
        scene.clear()
        self._highlight = None
        self._pixmap = scene.addPixmap(QPixmap.fromImage(image))
        self._pixmap.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        scene.setSceneRect(QRectF(image.rect()))
        self._words = []
        for word in words:
            item = _WordItem(word, self.rect_of(word.box))
            scene.addItem(item)
            self._words.append(item)
        self.fit()

    def clear_page(self) -> None:
        self.scene().clear()
        self._pixmap, self._highlight, self._words = None, None, []

    @property
    def words(self) -> list[Word]:
        return [item.word for item in self._words]

    def rect_of(self, box: Box) -> QRectF:
        """Where ``box`` lies on the picture, in its pixels."""
        size = self.scene().sceneRect()
        return QRectF(
            box.left * size.width(),
            box.top * size.height(),
            box.width * size.width(),
            box.height * size.height(),
        )

    def highlight(self, box: Box | None) -> None:
        """Mark ``box`` (or nothing) and scroll it into sight."""
        if self._highlight is not None:
            self.scene().removeItem(self._highlight)
            self._highlight = None
        if box is None or self._pixmap is None:
            return
        rect = self.rect_of(box)
        pen = QPen(_HIGHLIGHT_PEN, 2)
        pen.setCosmetic(True)
        self._highlight = self.scene().addRect(rect, pen, QBrush(_HIGHLIGHT_FILL))
        self._highlight.setZValue(10)
        self.ensureVisible(rect, 40, 40)

    def highlighted_rect(self) -> QRectF | None:
        return self._highlight.rect() if self._highlight is not None else None

    # -- zoom ----------------------------------------------------------------------
    @property
    def scale_factor(self) -> float:
        return self.transform().m11()

    def zoom_in(self) -> None:
        self._zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom_by(1 / ZOOM_STEP)

    def fit(self) -> None:
        """The whole page in sight."""
        self._fit = True
        if self._pixmap is not None:
            self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self.zoom_did_change.emit(self.scale_factor)

    def _zoom_by(self, factor: float) -> None:
        target = min(max(self.scale_factor * factor, MIN_SCALE), MAX_SCALE)
        if self._pixmap is None or target == self.scale_factor:
            return
        self._fit = False
        step = target / self.scale_factor
        self.scale(step, step)
        self.zoom_did_change.emit(self.scale_factor)

    # -- events ----------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self._zoom_by(ZOOM_STEP if delta > 0 else 1 / ZOOM_STEP)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        word = self.word_at(self.mapToScene(event.position().toPoint()))
        if word is not None and event.button() == Qt.MouseButton.LeftButton:
            self.word_was_clicked.emit(word)
        super().mousePressEvent(event)

    def word_at(self, point: QPointF) -> Word | None:
        """The word whose box holds ``point`` (scene pixels), if any."""
        for item in self._words:
            if item.rect().contains(point):
                return item.word
        return None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit:
            self.fit()
