"""The administrator adds, changes, unlocks and switches off users through the Users screen."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.domain.roles import Role
from app.services.accounts import AccountService, SignInRefused
from app.services.profile import Profile
from tests.conftest import PASSWORD
from tests.ui.conftest import OFFSCREEN_NOISE
from tests.ui.helpers import type_text
from tests.ui.test_admin_menu import (
    RAISE_NOISE,
    USER_PASSWORD,
    add_user,
    answer_prompt,
    open_as,
)
from ui.mainwindow import MainWindow
from ui.passwords import PasswordPrompt
from ui.usereditor import UserEditor
from ui.users import Column, ResetPasswordDialog, UsersDialog

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, RAISE_NOISE)
NEW_PASSWORD = "harbour violet 93 tide"


def users_screen(qtbot: QtBot, window: MainWindow, showing: str = "admin") -> UsersDialog:
    """The users screen once its list shows ``showing``."""
    dialog = open_as(qtbot, window, "users", UsersDialog)
    qtbot.waitUntil(lambda: dialog.row_of(showing) >= 0)
    return dialog


def cell(dialog: UsersDialog, username: str, column: Column) -> str:
    row = dialog.row_of(username)
    assert row >= 0, f"{username} is not in the table"
    item = dialog.table.item(row, column)
    assert item is not None
    return item.text()


def select(dialog: UsersDialog, username: str) -> None:
    dialog.table.selectRow(dialog.row_of(username))


def fill_new_user(dialog: UsersDialog) -> UserEditor:
    dialog.add_button.click()
    editor = dialog.editor
    assert isinstance(editor, UserEditor)
    type_text(editor.username, "li.wei")
    type_text(editor.display_name, "Li Wei")
    editor.roles[Role.SUPERVISOR].click()
    type_text(editor.limits.amounts["personal"], "200,000")
    editor.limits.grades["personal"].setCurrentText("B")
    type_text(editor.password.password, USER_PASSWORD)
    type_text(editor.password.confirm, USER_PASSWORD)
    return editor


def save(editor: UserEditor) -> None:
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_a_user_added_in_the_dialog_is_listed_and_stored(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    dialog = users_screen(qtbot, window)
    editor = fill_new_user(dialog)
    assert editor.password.feedback.text() == "Good: the password meets the policy."
    save(editor)
    with qtbot.waitSignal(dialog.users_did_change):
        answer_prompt(qtbot, editor, PASSWORD)
    qtbot.waitUntil(lambda: dialog.row_of("li.wei") >= 0)

    assert cell(dialog, "li.wei", Column.NAME) == "Li Wei"
    assert cell(dialog, "li.wei", Column.ROLES) == "Supervisor"
    assert cell(dialog, "li.wei", Column.STATUS) == "Active"
    assert cell(dialog, "li.wei", Column.PASSWORD) == "Must change at next sign-in"
    assert "Li Wei is added" in dialog.notice.text()
    stored = {s.user.username: s for s in AccountService(profile).users()}
    added = stored["li.wei"]
    assert added.user.roles == frozenset({Role.SUPERVISOR})
    assert [(x.product, x.max_amount, x.worst_grade) for x in added.user.limits] == [
        ("personal", Decimal("200000"), "B")
    ]
    assert added.must_change


def test_a_wrong_admin_password_is_refused_in_words_and_nothing_changes(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    dialog = users_screen(qtbot, window)
    editor = fill_new_user(dialog)
    save(editor)
    prompt = answer_prompt(qtbot, editor, "not my password at all")
    qtbot.waitUntil(prompt.problem.isVisible)

    assert prompt.problem.text() == "The password is not right."
    assert prompt.isVisible()
    assert editor.isVisible()
    assert prompt.password.text() == ""
    assert [s.user.username for s in AccountService(profile).users()] == ["admin"]
    assert dialog.row_of("li.wei") == -1


def test_problems_are_said_next_to_their_fields_before_any_password_is_asked(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = users_screen(qtbot, window)
    dialog.add_button.click()
    editor = dialog.editor
    assert isinstance(editor, UserEditor)
    type_text(editor.username, "Li Wei!")
    type_text(editor.password.password, "short")
    assert editor.password.feedback.text() == ("Too short: a password needs at least 8 characters.")
    save(editor)

    assert editor.problems["username"].isVisible()
    assert "lower-case letters" in editor.problems["username"].text()
    assert editor.problems["display_name"].text() == "1 to 100 characters."
    assert editor.problems["roles"].text() == "Choose at least one role."
    assert editor.findChild(PasswordPrompt) is None


def test_a_locked_account_is_unlocked_and_can_sign_in_again(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    add_user(profile, "mei.chen", Role.OFFICER)
    accounts = AccountService(profile)
    for _ in range(profile.policy.lockout_failures):
        with pytest.raises(SignInRefused):
            accounts.sign_in("mei.chen", "a wrong guess here")
    with pytest.raises(SignInRefused, match="locked"):
        accounts.sign_in("mei.chen", USER_PASSWORD)

    dialog = users_screen(qtbot, window)
    assert cell(dialog, "mei.chen", Column.STATUS).startswith("Locked until ")
    select(dialog, "admin")
    assert not dialog.unlock_button.isEnabled()
    select(dialog, "mei.chen")
    assert dialog.unlock_button.isEnabled()
    dialog.unlock_button.click()
    with qtbot.waitSignal(dialog.users_did_load):
        answer_prompt(qtbot, dialog, PASSWORD)

    assert cell(dialog, "mei.chen", Column.STATUS) == "Active"
    assert dialog.notice.text() == "Mei Chen can sign in again."
    assert accounts.sign_in("mei.chen", USER_PASSWORD).user.username == "mei.chen"


def test_the_last_administrator_cannot_lose_the_role(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    dialog = users_screen(qtbot, window)
    select(dialog, "admin")
    dialog.edit_button.click()
    editor = dialog.editor
    assert isinstance(editor, UserEditor)
    assert editor.username.isReadOnly()
    editor.roles[Role.ADMIN].click()
    save(editor)
    answer_prompt(qtbot, editor, PASSWORD)
    qtbot.waitUntil(editor.problems["roles"].isVisible)

    assert editor.problems["roles"].text() == (
        "The profile needs at least one active administrator."
    )
    assert editor.isVisible()
    admin = next(s.user for s in AccountService(profile).users() if s.user.username == "admin")
    assert Role.ADMIN in admin.roles


def test_a_user_switched_off_cannot_sign_in_and_one_switched_on_can(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    add_user(profile, "sam.he", Role.AUDITOR)
    dialog = users_screen(qtbot, window, showing="sam.he")
    select(dialog, "admin")
    assert not dialog.switch_button.isEnabled()  # not oneself
    select(dialog, "sam.he")
    assert dialog.switch_button.text() == "Switch off"
    dialog.switch_button.click()
    with qtbot.waitSignal(dialog.users_did_load):
        answer_prompt(qtbot, dialog, PASSWORD)
    assert cell(dialog, "sam.he", Column.STATUS) == "Switched off"
    with pytest.raises(SignInRefused, match="switched off"):
        AccountService(profile).sign_in("sam.he", USER_PASSWORD)

    select(dialog, "sam.he")
    assert dialog.switch_button.text() == "Switch on"
    dialog.switch_button.click()
    with qtbot.waitSignal(dialog.users_did_load):
        answer_prompt(qtbot, dialog, PASSWORD)
    assert cell(dialog, "sam.he", Column.STATUS) == "Active"


def test_a_reset_password_replaces_the_old_one(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    add_user(profile, "ann.xu", Role.OFFICER)
    dialog = users_screen(qtbot, window, showing="ann.xu")
    select(dialog, "ann.xu")
    dialog.reset_button.click()
    reset = dialog.editor
    assert isinstance(reset, ResetPasswordDialog)
    type_text(reset.password.password, NEW_PASSWORD)
    type_text(reset.password.confirm, NEW_PASSWORD + "x")
    assert reset.password.feedback.text() == "The two passwords differ."
    reset.password.confirm.clear()
    type_text(reset.password.confirm, NEW_PASSWORD)
    reset.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    with qtbot.waitSignal(dialog.users_did_change):
        answer_prompt(qtbot, reset, PASSWORD)

    accounts = AccountService(profile)
    with pytest.raises(SignInRefused):
        accounts.sign_in("ann.xu", USER_PASSWORD)
    assert accounts.sign_in("ann.xu", NEW_PASSWORD).user.username == "ann.xu"
    assert accounts.must_change_password()


def test_a_supervisors_tier_is_chosen_in_the_editor_and_kept(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    add_user(profile, "mei.zhou", Role.SUPERVISOR)
    add_user(profile, "sam.he", Role.AUDITOR)
    dialog = users_screen(qtbot, window, showing="mei.zhou")
    select(dialog, "mei.zhou")
    dialog.edit_button.click()
    editor = dialog.editor
    assert isinstance(editor, UserEditor)
    assert editor.tier.isEnabled()
    assert editor.tier.currentText() == "Supervisor (first tier)"
    editor.tier.setCurrentIndex(editor.tier.findText("Branch manager (second tier)"))
    save(editor)
    with qtbot.waitSignal(dialog.users_did_change):
        answer_prompt(qtbot, editor, PASSWORD)
    [stored] = [s.user for s in AccountService(profile).users() if s.user.username == "mei.zhou"]
    assert stored.tier == "branch_manager"

    # An auditor approves nothing: no tier to choose.
    select(dialog, "sam.he")
    dialog.edit_button.click()
    editor = dialog.editor
    assert isinstance(editor, UserEditor)
    assert not editor.tier.isEnabled()
