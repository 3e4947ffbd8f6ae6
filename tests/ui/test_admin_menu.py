"""The Administration menu shows each user only the screens their roles allow.

Also the shared steps of the admin screens' tests: open a screen from the
menu, answer the password prompt.
"""

from __future__ import annotations

from typing import TypeVar

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from app.domain.roles import Role
from app.services.accounts import AccountService
from app.services.profile import Profile
from tests.conftest import PASSWORD
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.helpers import type_text
from ui import adminmenu
from ui.adminmenu import AdminMenu
from ui.mainwindow import MainWindow
from ui.passwords import PasswordPrompt
from ui.taskman import TaskManager

#: The offscreen platform also cannot raise a window, and says so.
RAISE_NOISE = "This plugin does not support raise"
pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, RAISE_NOISE)
#: The first password the tests give the users they add.
USER_PASSWORD = "river maple cobalt 7"
ScreenT = TypeVar("ScreenT", bound=QDialog)


def add_user(profile: Profile, username: str, *roles: Role) -> str:
    """A user added beside the UI by the signed-in admin; their id."""
    row = AccountService(profile).add_user(
        username=username,
        display_name=username.replace(".", " ").title(),
        roles=list(roles),
        password=USER_PASSWORD,
        admin_password=PASSWORD,
    )
    return row.user_id


def open_screen(qtbot: QtBot, window: MainWindow, key: str) -> QDialog:
    """Trigger the menu entry ``key`` as the user would, and return the screen it opened."""
    menu = adminmenu.install(window)
    action = menu.actions[key]
    assert action.isVisible()
    action.trigger()
    dialog = menu.dialogs[key]
    qtbot.waitExposed(dialog)
    return dialog


def open_as(qtbot: QtBot, window: MainWindow, key: str, kind: type[ScreenT]) -> ScreenT:
    """``open_screen``, checked to be the screen class ``kind``."""
    dialog = open_screen(qtbot, window, key)
    assert isinstance(dialog, kind)
    return dialog


def prompt_of(parent: QWidget) -> PasswordPrompt:
    prompt = parent.findChild(PasswordPrompt)
    assert isinstance(prompt, PasswordPrompt)
    assert prompt.isVisible()
    return prompt


def answer_prompt(qtbot: QtBot, parent: QWidget, password: str) -> PasswordPrompt:
    """Type ``password`` into the prompt ``parent`` opened, and confirm."""
    prompt = prompt_of(parent)
    type_text(prompt.password, password)
    prompt.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return prompt


def visible_entries(menu: AdminMenu) -> set[str]:
    return {key for key, action in menu.actions.items() if action.isVisible()}


def test_the_admin_sees_every_entry(window: MainWindow) -> None:
    menu = adminmenu.install(window)
    assert menu.menu.menuAction().isVisible()
    assert visible_entries(menu) == {"users", "audit", "alerts", "backup", "account"}
    assert menu.menu.title() == "&Administration"
    assert menu.actions["account"] in window.file_menu.actions()


def test_install_twice_adds_the_menu_once(window: MainWindow) -> None:
    first = adminmenu.install(window)
    assert adminmenu.install(window) is first
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.count("&Administration") == 1


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.OFFICER, {"account"}),
        # The reports are for whoever reads them: supervisors, risk, audit.
        (Role.AUDITOR, {"account", "audit", "alerts", "models", "overrides", "dashboard"}),
        (Role.SUPERVISOR, {"account", "alerts", "overrides", "dashboard"}),
        (Role.RISK_ANALYST, {"account", "models", "overrides", "dashboard"}),
    ],
)
def test_each_role_sees_only_its_entries(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, role: Role, expected: set[str]
) -> None:
    add_user(profile, "pat.lee", role)
    AccountService(profile).sign_in("pat.lee", USER_PASSWORD)
    window = open_window(qtbot, profile, tasks)
    menu = adminmenu.install(window)
    assert visible_entries(menu) == expected
    assert menu.menu.menuAction().isVisible() == (expected != {"account"})
    # A screen the roles do not allow cannot be opened by other means either.
    assert menu.open_screen("users") is None


def test_the_menu_follows_a_change_of_user(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    menu = adminmenu.install(window)
    users = open_screen(qtbot, window, "users")
    add_user(profile, "oscar.wu", Role.OFFICER)
    AccountService(profile).sign_in("oscar.wu", USER_PASSWORD)
    menu.refresh()
    assert not menu.menu.menuAction().isVisible()
    assert "users" not in menu.dialogs
    assert not users.isVisible()


def test_asking_twice_brings_the_same_screen_forward(qtbot: QtBot, window: MainWindow) -> None:
    first = open_screen(qtbot, window, "alerts")
    assert open_screen(qtbot, window, "alerts") is first


def test_every_screen_follows_a_switch_of_language(qtbot: QtBot, window: MainWindow) -> None:
    # the administrator's screens (the model page and the reports are the readers')
    menu = adminmenu.install(window)
    screens = [open_screen(qtbot, window, key) for key in adminmenu.NEEDS if menu.allows(key)]
    assert len(screens) == len(adminmenu.NEEDS) - 3
    screens.append(open_screen(qtbot, window, "account"))
    with qtbot.waitSignal(window.ops.operation_did_execute):
        window.set_language("zh_CN")
    for screen in screens:
        box = screen.findChild(QDialogButtonBox)
        assert isinstance(box, QDialogButtonBox)
        assert box.button(QDialogButtonBox.StandardButton.Close).text() == "关闭"
    with qtbot.waitSignal(window.ops.operation_did_execute):
        window.set_language("en")
    assert adminmenu.install(window).menu.title() == "&Administration"


def test_a_locked_screen_offers_and_keeps_no_admin_screen(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    menu = adminmenu.install(window)
    account = open_screen(qtbot, window, "account")
    AccountService(profile).lock("manual")
    menu.refresh()
    assert visible_entries(menu) == set()
    assert not account.isVisible()
    assert menu.open_screen("account") is None
