"""Message dialogs for errors by blame: the user's to fix, or ours (a bug).

Dialogs open window-modal with ``open()`` rather than ``exec()`` so no nested
event loop runs under a caller, and tests can find and close them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from app.domain.roles import Role
from app.errors import UserError

log = logging.getLogger(__name__)

# A box without a parent window is owned by nobody on the Qt side; hold it
# here until it closes, or Python would collect it while it is showing.
_unowned: set[QMessageBox] = set()

#: Refusals about the session itself: the screen locked, or nobody signed in.
#: They are not shown in a box; the window that holds the session handles them.
SESSION_CODES = frozenset({"session.locked", "session.none"})


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
        "session.locked": QCoreApplication.translate(
            "Messages", "The screen is locked; enter your password to go on."
        ),
        "session.none": QCoreApplication.translate(
            "Messages", "Nobody is signed in; sign in first."
        ),
        "signin.disabled": QCoreApplication.translate(
            "Messages", "This account is switched off. Ask an administrator."
        ),
        "signin.no_password": QCoreApplication.translate(
            "Messages", "This account has no password yet; an administrator must set one."
        ),
        "signing.unwrap": QCoreApplication.translate(
            "Messages",
            "Your signing key cannot be opened; an administrator must set a new password for you.",
        ),
    }
    if exc.code == "signin.refused":
        return password_refusal(exc)
    if exc.code == "signin.locked":
        return locked_text(str(getattr(exc, "until", "")))
    if exc.code == "password.weak":
        return weak_password(str(getattr(exc, "reason", "")), str(exc))
    if exc.code == "permission.denied":
        return permission_text(getattr(exc, "roles", ()))
    return known.get(exc.code, str(exc))


def password_refusal(exc: UserError, *, with_user_name: bool = False) -> str:
    """A wrong password (at sign-in, also the user name), and how many tries are left."""
    if with_user_name:
        text = QCoreApplication.translate("Messages", "The user name or the password is not right.")
    else:
        text = QCoreApplication.translate("Messages", "The password is not right.")
    from app.services.accounts import SignInRefused  # loaded by then: it raised exc

    left = exc.tries_left if isinstance(exc, SignInRefused) else None
    if left is not None:
        text += " " + QCoreApplication.translate(
            "Messages", "{0} more failed attempt(s) will lock the account."
        ).format(left)
    return text


def locked_text(until: str) -> str:
    """An account locked out after failed attempts, with the local time it opens again."""
    # Loaded here, not with this module: the sign-in screen paints before the
    # case screens' words load (bench/startup.py).
    from ui import texts

    return QCoreApplication.translate(
        "Messages",
        "This account is locked after too many failed attempts, until {0}. "
        "An administrator can unlock it sooner.",
    ).format(texts.format_time(until) if until else "?")


def weak_password(reason: str, english: str) -> str:
    known = {
        "too_short": QCoreApplication.translate(
            "Messages", "The password is too short: it needs at least 8 characters."
        ),
        "common": QCoreApplication.translate(
            "Messages", "This password is on the list of commonly used passwords; choose another."
        ),
        "contains_name": QCoreApplication.translate(
            "Messages", "The password contains the user's name; choose one without it."
        ),
        "too_long": QCoreApplication.translate(
            "Messages", "The password is longer than 1024 characters; choose a shorter one."
        ),
    }
    return known.get(reason, english)


def permission_text(roles: Iterable[Role]) -> str:
    from ui import texts  # see locked_text

    held = frozenset(roles)
    if len(held) == 1:
        text = QCoreApplication.translate("Messages", "Your role ({0}) does not allow this.")
    else:
        text = QCoreApplication.translate("Messages", "Your roles ({0}) do not allow this.")
    return text.format(texts.roles_text(held))


@runtime_checkable
class SessionHolder(Protocol):
    """A window that holds the session and shows the lock screen itself."""

    def on_session_refused(self, exc: UserError) -> None: ...


def session_holder(widget: QWidget | None) -> SessionHolder | None:
    """``widget`` or the first of its parents that holds the session."""
    while widget is not None:
        if isinstance(widget, SessionHolder):
            return widget
        widget = widget.parentWidget()
    return None


def show_user_error(parent: QWidget | None, exc: UserError) -> QMessageBox | None:
    """Something the user can act on: the error's own sentence is the message.

    A session refusal is not shown in a box (and None is returned): a locked
    session goes to the window holding it, which shows the lock screen; a
    task refused because its user signed out meanwhile has nobody to tell.
    """
    if exc.code in SESSION_CODES:
        holder = session_holder(parent)
        if holder is not None:
            log.info("a task was refused by the session (%s)", exc.code)
            holder.on_session_refused(exc)
            return None
        if exc.code == "session.none":
            log.info("a task finished after its user signed out; its result is dropped")
            return None
    box = show_box(
        parent,
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("Messages", "LoanDesk"),
        user_message(exc),
    )
    add_details(box, _details(exc.code, str(exc) if user_message(exc) != str(exc) else None))
    return box


def _details(code: str, original: str | None = None) -> str:
    """What support asks for: the situation's code, when, which version; no case data."""
    lines = [
        QCoreApplication.translate("Messages", "Code: {0}").format(code),
        QCoreApplication.translate("Messages", "When: {0}").format(
            datetime.now().astimezone().isoformat(timespec="seconds")
        ),
        QCoreApplication.translate("Messages", "LoanDesk version: {0}").format(_version()),
    ]
    if original is not None:
        lines.append(QCoreApplication.translate("Messages", "In English: {0}").format(original))
    return "\n".join(lines)


def _version() -> str:
    from importlib import metadata  # 20 ms: only when an error box needs it

    try:
        return metadata.version("loandesk")
    except metadata.PackageNotFoundError:
        return "unknown"


def add_details(box: QMessageBox, details: str) -> None:
    """A details section under the message, and a button that copies both, box left open."""
    box.setDetailedText(details)
    copy = QPushButton(QCoreApplication.translate("Messages", "&Copy"), box)
    copy.setObjectName("copy-message")
    box.addButton(copy, QMessageBox.ButtonRole.ActionRole)
    copy.clicked.disconnect()  # a message box closes on any of its buttons; this one stays
    copy.clicked.connect(lambda: _copy(box))


def _copy(box: QMessageBox) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText(f"{box.windowTitle()}\n\n{box.text()}\n\n{box.detailedText()}")


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
    add_details(box, f"{type(exc).__name__}: {exc}"[:2000] + "\n" + _details("bug"))
    return box


def open_boxes(parent: QWidget | None = None) -> list[QMessageBox]:
    """The message boxes now showing (under ``parent``, or anywhere)."""
    if parent is not None:
        return [b for b in parent.findChildren(QMessageBox) if b.isVisible()]
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
