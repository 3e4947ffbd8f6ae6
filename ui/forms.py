"""The buttons of the forms and dialogs: an action at the left under the fields, OK and Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QPushButton


def left_aligned(button: QPushButton) -> QHBoxLayout:
    """A row holding ``button`` at its natural width, the rest of the row empty."""
    row = QHBoxLayout()
    row.addWidget(button)
    row.addStretch(1)
    return row


def answer_buttons(
    dialog: QDialog,
    on_ok: Callable[[], None],
    ok: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok,
) -> QDialogButtonBox:
    """``ok`` and Cancel: ``ok`` runs ``on_ok``, which accepts when it is done; Cancel rejects."""
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons
