"""Any signed-in user sees their roles and changes their own password under My account."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.domain.roles import Role
from app.services.accounts import AccountService, SignInRefused
from app.services.profile import Profile
from tests.conftest import PASSWORD
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.helpers import type_text
from tests.ui.test_admin_menu import RAISE_NOISE, USER_PASSWORD, add_user, open_as
from ui.account import MyAccountDialog
from ui.mainwindow import MainWindow
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, RAISE_NOISE)
NEW_PASSWORD = "copper willow 58 quay"


def my_account(qtbot: QtBot, window: MainWindow) -> MyAccountDialog:
    return open_as(qtbot, window, "account", MyAccountDialog)


def test_my_password_changed_here_is_the_one_that_signs_in(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    dialog = my_account(qtbot, window)
    assert dialog.name.text() == "Branch Admin"
    assert "Administrator: manages users" in dialog.roles.text()
    type_text(dialog.old, PASSWORD)
    type_text(dialog.new.password, "admin2024")
    assert dialog.new.feedback.text() == (
        "The password contains the user's name; choose one without it."
    )
    dialog.new.password.clear()
    type_text(dialog.new.password, NEW_PASSWORD)
    type_text(dialog.new.confirm, NEW_PASSWORD)
    assert dialog.new.feedback.text() == "Good: the password meets the policy."
    with qtbot.waitSignal(dialog.password_did_change):
        dialog.change_button.click()

    assert dialog.outcome.text() == "Your password is changed. Use the new one from now on."
    assert dialog.old.text() == ""
    accounts = AccountService(profile)
    with pytest.raises(SignInRefused):
        accounts.sign_in("admin", PASSWORD)
    assert accounts.sign_in("admin", NEW_PASSWORD).user.username == "admin"


def test_a_wrong_current_password_is_said_beside_it_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    dialog = my_account(qtbot, window)
    type_text(dialog.old, "not the password")
    type_text(dialog.new.password, NEW_PASSWORD)
    type_text(dialog.new.confirm, NEW_PASSWORD)
    dialog.change_button.click()
    qtbot.waitUntil(dialog.old_problem.isVisible)

    assert dialog.old_problem.text() == "The password is not right."
    assert not dialog.outcome.isVisible()
    assert AccountService(profile).sign_in("admin", PASSWORD).user.username == "admin"


def test_a_new_user_is_told_to_choose_their_own_password(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    add_user(profile, "jo.lin", Role.OFFICER)
    AccountService(profile).sign_in("jo.lin", USER_PASSWORD)
    window = open_window(qtbot, profile, tasks)
    dialog = my_account(qtbot, window)
    qtbot.waitUntil(dialog.must_change.isVisible)
    assert dialog.roles.text().splitlines()[1:] == [
        "• Loan officer: opens cases, scans documents and submits them"
    ]
    type_text(dialog.old, USER_PASSWORD)
    type_text(dialog.new.password, NEW_PASSWORD)
    type_text(dialog.new.confirm, NEW_PASSWORD)
    with qtbot.waitSignal(dialog.password_did_change):
        dialog.change_button.click()
    assert not dialog.must_change.isVisible()
    assert not AccountService(profile).must_change_password()
