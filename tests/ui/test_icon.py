"""The window icon is a vector drawing: sharp at any size and pixel ratio."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor

from ui.app import ICON, application


def test_the_icon_is_drawn_sharp_at_a_high_pixel_ratio() -> None:
    app = application()
    icon = app.windowIcon()
    assert not icon.isNull()
    assert ICON.suffix == ".svg"
    image = icon.pixmap(QSize(32, 32), 2.0).toImage()
    assert (image.width(), image.height()) == (64, 64)  # drawn for the screen's pixels
    # the badge's dark blue fills the corner, the page's white its middle
    assert image.pixelColor(8, 32).name() == QColor("#154360").name()
    assert image.pixelColor(30, 30).name() == QColor("#ffffff").name()
