"""Message dialogs for errors by blame: the user's to fix, or ours (a bug).

Dialogs open window-modal with ``open()`` rather than ``exec()`` so no nested
event loop runs under a caller, and tests can find and close them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.errors import UserError

# A box without a parent window is owned by nobody on the Qt side; hold it
# here until it closes, or Python would collect it while it is showing.
_unowned: set[QMessageBox] = set()


def show_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("loandesk-message")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if parent is None:
        _unowned.add(box)
        box.finished.connect(lambda _result: _unowned.discard(box))
    box.open()
    return box


def show_user_error(parent: QWidget | None, exc: UserError) -> QMessageBox:
    """Something the user can act on: the error's own sentence is the message."""
    return show_box(
        parent,
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("Messages", "LoanDesk"),
        str(exc),
    )


def show_bug(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """A bug: say so plainly, without the traceback (that went to the log)."""
    text = QCoreApplication.translate(
        "Messages",
        "An unexpected error happened; this is a fault in LoanDesk, not something you did. "
        "What you were doing may not have finished. The details are in the application log.",
    )
    box = show_box(
        parent,
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("Messages", "Unexpected error"),
        text,
    )
    box.setDetailedText(f"{type(exc).__name__}: {exc}"[:2000])
    return box


def open_boxes(parent: QWidget | None = None) -> list[QMessageBox]:
    """The message boxes now showing (under ``parent``, or anywhere)."""
    if parent is not None:
        return [b for b in parent.findChildren(QMessageBox) if b.isVisible()]
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
