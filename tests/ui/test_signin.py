"""The sign-in screen, lockout told in words, a first password of one's own, and sign-out."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.domain.events import EventType
from app.domain.roles import Role
from app.services.accounts import AccountService
from app.services.profile import Profile
from tests.conftest import PASSWORD, secret
from tests.ui.conftest import OFFSCREEN_NOISE
from tests.ui.helpers import FIRST_PASSWORD, add_user, event_types, type_text
from ui import texts
from ui.firstpassword import ChangePasswordDialog
from ui.session import SessionFlow
from ui.signin import SignInDialog
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
OWN_PASSWORD = secret("silver tram crossing 88")
WRONG = "The user name or the password is not right."


@pytest.fixture
def flow(qtbot: QtBot, profile: Profile, tasks: TaskManager) -> Iterator[SessionFlow]:
    """The screens of a profile nobody is signed in to, started at the sign-in screen."""
    add_user(profile, "officer.wu", [Role.OFFICER], "Wu Fang")
    AccountService(profile).sign_out()
    started = SessionFlow(profile, tasks)
    started.start()
    yield started
    if started.window is not None:
        started.window.close()
    if started.dialog is not None:
        started.dialog.close()


def has_desk(flow: SessionFlow) -> bool:
    """Whether the main window is open (a call, so each look is a new one)."""
    return flow.window is not None


def sign_in_screen(flow: SessionFlow) -> SignInDialog:
    dialog = flow.dialog
    assert isinstance(dialog, SignInDialog)
    assert dialog.isVisible()
    return dialog


def try_to_sign_in(qtbot: QtBot, flow: SessionFlow, username: str, password: str) -> None:
    """Type the name and password as a person would, press Sign in, wait for the answer."""
    dialog = sign_in_screen(flow)
    dialog.username.clear()
    type_text(dialog.username, username)
    dialog.password.clear()
    type_text(dialog.password, password)
    press_and_wait(qtbot, flow, dialog)


def press_and_wait(
    qtbot: QtBot, flow: SessionFlow, dialog: SignInDialog | ChangePasswordDialog
) -> None:
    """Press the dialog's main button; wait until it answered or made way for the next screen."""
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: flow.dialog is not dialog or dialog.buttons.isEnabled())


def test_the_right_password_opens_the_desk_as_that_user(
    qtbot: QtBot, flow: SessionFlow, profile: Profile
) -> None:
    assert not has_desk(flow)
    try_to_sign_in(qtbot, flow, "Admin ", PASSWORD)  # as typed: case and spaces do not matter
    assert flow.window is not None
    assert flow.window.isVisible()
    assert flow.dialog is None
    assert flow.window.user_label.text() == (
        "Signed in: Branch Admin (admin) · Loan officer, Administrator"
    )
    # Then the daily backup, in the background, once someone is at the desk.
    qtbot.waitUntil(lambda: EventType.BACKUP_MADE in event_types(profile))
    assert event_types(profile)[-2:] == [EventType.SIGNED_IN, EventType.BACKUP_MADE]


def test_wrong_passwords_are_told_and_the_fifth_locks_the_account_until_a_time(
    qtbot: QtBot, flow: SessionFlow, profile: Profile
) -> None:
    dialog = sign_in_screen(flow)
    try_to_sign_in(qtbot, flow, "nobody", "whatever it is")
    assert dialog.problem.text() == WRONG  # an unknown name is told like a wrong password
    told = []
    for _attempt in range(5):
        try_to_sign_in(qtbot, flow, "officer.wu", "not my password")
        told.append(dialog.problem.text())
        assert dialog.password.text() == ""
    user = next(u for u in profile.store.users() if u.username == "officer.wu")
    credentials = profile.store.credentials(user.user_id)
    assert credentials is not None
    assert credentials.locked_until is not None
    until = texts.format_time(credentials.locked_until)
    locked = (
        f"This account is locked after too many failed attempts, until {until}. "
        "An administrator can unlock it sooner."
    )
    assert told == [
        WRONG,
        WRONG,
        WRONG + " 2 more failed attempt(s) will lock the account.",
        WRONG + " 1 more failed attempt(s) will lock the account.",
        locked,
    ]
    # Locked means locked, even for the right password; the desk stays closed.
    try_to_sign_in(qtbot, flow, "officer.wu", FIRST_PASSWORD)
    assert dialog.problem.text() == locked
    assert not has_desk(flow)
    assert EventType.ACCOUNT_LOCKED in event_types(profile)


def test_a_password_set_by_the_admin_must_be_changed_before_the_desk_opens(
    qtbot: QtBot, flow: SessionFlow, profile: Profile
) -> None:
    try_to_sign_in(qtbot, flow, "officer.wu", FIRST_PASSWORD)
    change = flow.dialog
    assert isinstance(change, ChangePasswordDialog)
    assert change.isVisible()
    assert not has_desk(flow)
    ok = change.buttons.button(QDialogButtonBox.StandardButton.Ok)

    type_text(change.old, "not what the admin gave")
    type_text(change.new.password, OWN_PASSWORD)
    type_text(change.new.confirm, OWN_PASSWORD)
    press_and_wait(qtbot, flow, change)
    assert change.old_problem.text() == "The password is not right."

    type_text(change.old, FIRST_PASSWORD)
    change.new.clear()
    type_text(change.new.password, "wu fang 2026")
    assert change.new.feedback.text() == (
        "The password contains the user's name; choose one without it."
    )
    ok.click()  # refused on the spot: nothing runs
    assert not has_desk(flow)

    change.new.clear()
    type_text(change.new.password, OWN_PASSWORD)
    type_text(change.new.confirm, OWN_PASSWORD)
    press_and_wait(qtbot, flow, change)
    assert flow.window is not None
    assert flow.window.user_label.text() == "Signed in: Wu Fang (officer.wu) · Loan officer"
    assert not AccountService(profile).must_change_password()


def test_quit_instead_of_a_new_password_ends_loandesk(qtbot: QtBot, flow: SessionFlow) -> None:
    try_to_sign_in(qtbot, flow, "officer.wu", FIRST_PASSWORD)
    change = flow.dialog
    assert isinstance(change, ChangePasswordDialog)
    with qtbot.waitSignal(flow.did_finish):
        change.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not has_desk(flow)


def test_sign_out_brings_the_sign_in_screen_back_for_another_user(
    qtbot: QtBot, flow: SessionFlow, profile: Profile
) -> None:
    try_to_sign_in(qtbot, flow, "admin", PASSWORD)
    window = flow.window
    assert window is not None
    with qtbot.waitSignal(window.did_sign_out):
        window.sign_out_action.trigger()
    assert not has_desk(flow)
    assert profile.session is None
    dialog = sign_in_screen(flow)
    assert dialog.username.text() == ""  # who was here before is not shown
    assert event_types(profile)[-1] is EventType.SIGNED_OUT
    try_to_sign_in(qtbot, flow, "officer.wu", FIRST_PASSWORD)
    assert isinstance(flow.dialog, ChangePasswordDialog)


def test_caps_lock_is_noticed_from_the_letters_typed(qtbot: QtBot, flow: SessionFlow) -> None:
    dialog = sign_in_screen(flow)
    assert not dialog.caps.isVisible()
    QTest.keyClicks(dialog.password, "A")  # a capital letter, and Shift is not held
    assert dialog.caps.isVisible()
    assert dialog.caps.text() == "Caps Lock is on."
    QTest.keyClicks(dialog.password, "b")
    assert not dialog.caps.isVisible()
