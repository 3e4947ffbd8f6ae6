"""The sign-in and session refusals in words, and a locked session never as an error box."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.domain.roles import Action, PermissionDenied, Role
from app.errors import UserError
from app.security.passwords import WeakPassword
from app.security.session import NotSignedIn, SessionLocked
from app.security.signing import KeyUnwrapError
from app.services.accounts import AccountLocked, SignInRefused
from tests.ui.conftest import OFFSCREEN_NOISE
from ui import messages

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def tries_left(refused: SignInRefused, left: int) -> SignInRefused:
    """A refusal as the core makes it when ``left`` attempts remain before the lock."""
    refused.tries_left = left
    return refused


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (SessionLocked("x"), "The screen is locked; enter your password to go on."),
        (NotSignedIn("x"), "Nobody is signed in; sign in first."),
        (SignInRefused("The password is not right."), "The password is not right."),
        (
            tries_left(SignInRefused("The password is not right."), 2),
            "The password is not right. 2 more failed attempt(s) will lock the account.",
        ),
        (
            SignInRefused("x", code="signin.disabled"),
            "This account is switched off. Ask an administrator.",
        ),
        (
            SignInRefused("x", code="signin.no_password"),
            "This account has no password yet; an administrator must set one.",
        ),
        (
            WeakPassword("x", reason="common"),
            "This password is on the list of commonly used passwords; choose another.",
        ),
        (
            PermissionDenied([Role.SUPERVISOR], Action.CASE_EDIT),
            "Your role (Supervisor) does not allow this.",
        ),
        (
            PermissionDenied([Role.AUDITOR, Role.RISK_ANALYST], Action.CASE_EDIT),
            "Your roles (Risk analyst, Auditor) do not allow this.",
        ),
        (
            KeyUnwrapError("x"),
            "Your signing key cannot be opened; an administrator must set a new password for you.",
        ),
    ],
)
def test_each_refusal_has_its_sentence(error: UserError, words: str) -> None:
    assert messages.user_message(error) == words


def test_a_lockout_says_until_when_in_local_time() -> None:
    error = AccountLocked("x", until="2026-03-02T02:30:00.000Z")
    text = messages.user_message(error)
    assert text.startswith("This account is locked after too many failed attempts, until ")
    local = datetime(2026, 3, 2, 2, 30, tzinfo=UTC).astimezone()
    assert f"until {local:%-d %b %Y %H:%M}." in text


class Holder(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.refused: list[str] = []

    def on_session_refused(self, exc: UserError) -> None:
        self.refused.append(exc.code)


def test_a_session_refusal_goes_to_the_window_holding_the_session(qtbot: QtBot) -> None:
    holder = Holder()
    qtbot.addWidget(holder)
    child = QWidget(holder)
    assert messages.show_user_error(child, SessionLocked("x")) is None
    assert holder.refused == ["session.locked"]
    assert messages.open_boxes(holder) == []
    box = messages.show_user_error(child, SignInRefused("x"))
    assert box is not None  # anything else is still a box
    box.close()


def test_a_task_finishing_after_sign_out_tells_nobody(qtbot: QtBot) -> None:
    before = messages.open_boxes()
    assert messages.show_user_error(None, NotSignedIn("Sign in first.")) is None
    assert messages.open_boxes() == before


def test_an_error_box_has_details_and_copies_them_without_closing(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box = messages.show_user_error(parent, UserError("The disk is full.", code="store.full"))
    assert box is not None
    assert "Code: store.full" in box.detailedText()
    assert "LoanDesk version:" in box.detailedText()
    copy = box.findChild(QPushButton, "copy-message")
    assert isinstance(copy, QPushButton)
    QGuiApplication.clipboard().clear()
    copy.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("LoanDesk\n\nThe disk is full.\n\nCode: store.full")
    assert box.isVisible()  # copying leaves it open to read
    box.close()


def test_a_bug_box_names_the_fault_in_its_details(qtbot: QtBot) -> None:
    box = messages.show_bug(None, KeyError("payload"))
    try:
        assert box.detailedText().startswith("KeyError: 'payload'")
        assert "Code: bug" in box.detailedText()
        assert box.findChild(QPushButton, "copy-message") is not None
    finally:
        box.close()
