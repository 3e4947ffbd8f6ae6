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


def user_message(exc: UserError) -> str:
    """The error's sentence in the user's language; English where none is written yet."""
    known = {
        "key.no_keyring": QCoreApplication.translate(
            "Messages",
            "No system keyring is available on this machine. Give the key explicitly: set "
            "LOANDESK_KEY to the profile's key as 64 hex digits, or set LOANDESK_KEY_FILE "
            "(or pass --key-file) to a file that holds it, readable by you alone (chmod 600).",
        ),
        "key.not_in_keyring": QCoreApplication.translate(
            "Messages",
            "The system keyring holds no key for this profile. Give the key explicitly with "
            "LOANDESK_KEY or a key file (LOANDESK_KEY_FILE, --key-file).",
        ),
        "store.wrong_key": QCoreApplication.translate(
            "Messages",
            "The key does not open this profile's database. Check that you gave the key of "
            "this profile (LOANDESK_KEY, the key file, or the system keyring); the file "
            "itself is unchanged.",
        ),
        "case.stale": QCoreApplication.translate(
            "Messages", "The case was changed elsewhere since you opened it; reload it."
        ),
        "profile.newer": QCoreApplication.translate(
            "Messages",
            "This profile was made by a newer LoanDesk; update LoanDesk to open it.",
        ),
    }
    return known.get(exc.code, str(exc))


def show_user_error(parent: QWidget | None, exc: UserError) -> QMessageBox:
    """Something the user can act on: the error's own sentence is the message."""
    return show_box(
        parent,
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("Messages", "LoanDesk"),
        user_message(exc),
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
