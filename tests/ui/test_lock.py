"""The screen lock: idle or by hand it covers every applicant's data; unlock gives all back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.events import EventType
from app.domain.masking import mask
from app.services.accounts import AccountService
from app.services.cases import CaseService
from app.services.profile import Profile
from tests.conftest import PASSWORD
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.helpers import VALID_ID, Clock, event_types, type_into, type_text, visible_text
from ui import messages
from ui.mainwindow import MainWindow
from ui.session import SessionFlow
from ui.signin import SignInDialog
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
NAME = "Ouyang Ming"
EDITED = "Ouyang Xiaoming"
PHONE = "13800138000"


@pytest.fixture
def clock(profile: Profile) -> Clock:
    """The profile's clock, by hand; the idle lock set to its shortest, one minute."""
    moved = Clock()
    profile.clock = moved
    AccountService(profile).change_policy({"idle_lock_minutes": "1"}, admin_password=PASSWORD)
    return moved


@pytest.fixture
def case_id(profile: Profile) -> str:
    patch = {"full_name": NAME, "id_number": VALID_ID, "phone": PHONE}
    return CaseService(profile).open_case(patch).case_id


@pytest.fixture
def desk(qtbot: QtBot, profile: Profile, tasks: TaskManager, case_id: str) -> MainWindow:
    """The main window with the case open in the form."""
    window = open_window(qtbot, profile, tasks)
    with qtbot.waitSignal(window.case_view.case_did_load):
        window.case_list.select_case(case_id)
    return window


def unlock(qtbot: QtBot, window: MainWindow, password: str) -> None:
    screen = window.lock_screen
    screen.password.clear()
    type_text(screen.password, password)
    QTest.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not screen.unlock_button.isEnabled()  # until the password is checked
    qtbot.waitUntil(screen.unlock_button.isEnabled)


def assert_nothing_of_the_applicant_shows() -> None:
    shown = visible_text()
    for secret in (NAME, EDITED, VALID_ID, mask(VALID_ID, "id_number"), PHONE[-4:]):
        assert secret not in shown
    assert "Signed in: Branch Admin (admin)" in shown


def test_the_idle_lock_hides_the_applicant_and_unlocking_keeps_the_unsaved_edit(
    qtbot: QtBot, desk: MainWindow, profile: Profile, clock: Clock
) -> None:
    view = desk.case_view
    type_into(view, "full_name", EDITED)
    assert EDITED in visible_text()
    assert NAME in visible_text()  # still in the list
    desk.idle.timer.setInterval(10)
    clock.advance(minutes=1, seconds=1)
    with qtbot.waitSignal(desk.session_did_lock):
        pass  # the next idle check finds the minute gone
    assert desk.lock_screen.isVisible()
    assert not desk.case_list.isVisible()
    assert_nothing_of_the_applicant_shows()
    assert "Locked after 1 minute(s) without activity." in desk.lock_screen.why.text()
    assert not desk.new_action.isEnabled()
    assert EventType.SESSION_LOCKED in event_types(profile)

    unlock(qtbot, desk, "not my password")
    assert desk.locked
    assert desk.lock_screen.problem.text() == "The password is not right."
    assert_nothing_of_the_applicant_shows()

    with qtbot.waitSignal(desk.session_did_unlock):
        unlock(qtbot, desk, PASSWORD)
    assert not desk.lock_screen.isVisible()
    assert desk.case_list.isVisible()
    assert view.form.dirty
    name = view.form.editor("full_name").line
    assert name is not None
    assert name.text() == EDITED
    assert desk.new_action.isEnabled()
    assert event_types(profile)[-1] is EventType.SESSION_UNLOCKED


def test_ctrl_l_locks_at_once(qtbot: QtBot, desk: MainWindow, profile: Profile) -> None:
    desk.activateWindow()
    QTest.keyClick(desk.case_view.form.editor("full_name").input, Qt.Key.Key_L, CTRL)
    assert desk.locked  # covered before the lock is even written down
    assert_nothing_of_the_applicant_shows()
    qtbot.waitUntil(lambda: not desk.tasks.busy)
    session = profile.session
    assert session is not None
    assert session.locked
    assert session.lock_reason == "manual"
    assert "Locked after" not in desk.lock_screen.why.text()
    with qtbot.waitSignal(desk.session_did_unlock):
        unlock(qtbot, desk, PASSWORD)
    assert desk.case_view.isVisible()


def test_a_dialog_left_open_is_hidden_while_locked_and_back_after(
    qtbot: QtBot, desk: MainWindow, clock: Clock
) -> None:
    question = messages.show_box(desk, QMessageBox.Icon.Question, "LoanDesk", "Discard?")
    desk.idle.timer.setInterval(10)
    clock.advance(minutes=2)
    with qtbot.waitSignal(desk.session_did_lock):
        pass
    assert not question.isVisible()
    assert_nothing_of_the_applicant_shows()
    with qtbot.waitSignal(desk.session_did_unlock):
        unlock(qtbot, desk, PASSWORD)
    assert question.isVisible()
    question.close()


def test_a_task_refused_by_the_locked_session_shows_the_lock_screen_not_a_box(
    qtbot: QtBot, desk: MainWindow, profile: Profile, clock: Clock
) -> None:
    clock.advance(minutes=5)  # idle, and the 15-second check has not come round yet
    with qtbot.waitSignal(desk.session_did_lock):
        desk.case_list.model.reload()  # the service refuses: the session is idle
    assert messages.open_boxes(desk) == []
    assert desk.lock_screen.isVisible()
    qtbot.waitUntil(lambda: not desk.tasks.busy)  # and the lock is recorded
    assert event_types(profile)[-1] is EventType.SESSION_LOCKED


def test_sign_out_from_the_lock_screen_lets_another_user_sign_in(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, case_id: str
) -> None:
    flow = SessionFlow(profile, tasks)
    flow.start()  # the admin's session is open: straight to the desk
    window = flow.window
    assert window is not None
    try:
        window.lock("manual")
        with qtbot.waitSignal(window.did_sign_out):
            QTest.mouseClick(window.lock_screen.sign_out_button, Qt.MouseButton.LeftButton)
        assert profile.session is None
        assert isinstance(flow.dialog, SignInDialog)
        assert flow.dialog.isVisible()
        assert_no_applicant_anywhere()
    finally:
        if flow.dialog is not None:
            flow.dialog.close()


def assert_no_applicant_anywhere() -> None:
    shown = visible_text()
    assert NAME not in shown
    assert mask(VALID_ID, "id_number") not in shown


CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _no_box_left(qtbot: QtBot) -> Iterator[None]:
    yield
    for box in messages.open_boxes():
        box.close()
