"""Notices under a form: a hidden label that shows a refusal in red, or an outcome in green."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

ERROR_COLOUR = "#b3261e"
OK_COLOUR = "#1b5e20"


def problem_label(object_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.hide()
    return label


def show_text(label: QLabel, text: str, *, ok: bool = False) -> None:
    """Show ``text`` in ``label`` (red, or green when ``ok``); hide it when empty."""
    label.setStyleSheet(f"color: {OK_COLOUR if ok else ERROR_COLOUR};")
    label.setText(text)
    label.setVisible(bool(text))
