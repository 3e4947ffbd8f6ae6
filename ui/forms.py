"""The buttons of the forms and dialogs: an action at the left under the fields, OK and Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)


def buddy_up(form: QFormLayout) -> None:
    """Each row's label becomes the buddy of its field: a screen reader says the label
    when the field has the focus (a field inside a row widget: its text box)."""
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label is None or field is None:
            continue
        text, widget = label.widget(), field.widget()
        if not isinstance(text, QLabel) or widget is None:
            continue
        inner = widget.findChild(QLineEdit)
        text.setBuddy(
            widget if widget.focusPolicy() != Qt.FocusPolicy.NoFocus or inner is None else inner
        )


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
