"""Light and dark colours for the whole application, or the desktop's own.

The Fusion style draws every widget from the palette, so one palette makes
the theme: text, fields, selections and the charts (``ui.charts``) follow it.
Colours that carry meaning (risk grades, problems) are chosen to read on
both.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from app.services.settings import Theme

_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup

#: the dark palette: (role, colour) for the active and inactive groups
_DARK = {
    _Role.Window: "#2b2d30",
    _Role.WindowText: "#e6e6e6",
    _Role.Base: "#1f2023",
    _Role.AlternateBase: "#2a2c2f",
    _Role.ToolTipBase: "#3a3d41",
    _Role.ToolTipText: "#f0f0f0",
    _Role.PlaceholderText: "#8c8f94",
    _Role.Text: "#e6e6e6",
    _Role.Button: "#35373b",
    _Role.ButtonText: "#e6e6e6",
    _Role.BrightText: "#ff6b6b",
    _Role.Light: "#4a4d52",
    _Role.Midlight: "#3e4145",
    _Role.Mid: "#2f3134",
    _Role.Dark: "#1b1c1e",
    _Role.Shadow: "#0e0e0f",
    _Role.Highlight: "#3d7cc9",
    _Role.HighlightedText: "#ffffff",
    _Role.Link: "#7fb3f0",
    _Role.LinkVisited: "#b59ce8",
}
#: what a disabled widget shows in the dark palette
_DARK_DISABLED = {
    _Role.WindowText: "#7d8085",
    _Role.Text: "#7d8085",
    _Role.ButtonText: "#7d8085",
    _Role.Highlight: "#4a4d52",
}


def palette(theme: Theme) -> QPalette:
    """The palette of ``theme`` (the style's standard one for light and system)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    standard = app.style().standardPalette()
    if theme != "dark":
        return standard
    dark = QPalette(standard)
    for role, colour in _DARK.items():
        for group in (_Group.Active, _Group.Inactive):
            dark.setColor(group, role, QColor(colour))
        dark.setColor(_Group.Disabled, role, QColor(_DARK_DISABLED.get(role, colour)))
    return dark


def effective(theme: Theme) -> Theme:
    """``theme`` with "system" resolved to what the desktop asks for."""
    if theme != "system":
        return theme
    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def apply(app: QApplication, theme: Theme) -> None:
    """Colour the whole application as ``theme`` says, at once."""
    app.setPalette(palette(effective(theme)))
