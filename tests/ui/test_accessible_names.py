"""Every control a screen reader reaches on a case's tabs has a name to say."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.roles import Role
from app.services.profile import Profile
from tests.conftest import act_as
from tests.services.test_decisions import submitted_case
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.test_admin_menu import RAISE_NOISE, open_screen
from ui import adminmenu
from ui.help import GLOSSARY, HelpDialog
from ui.signin import SignInDialog
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, RAISE_NOISE)
CONTROLS = (
    QLineEdit,
    QComboBox,
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QTextEdit,
    QAbstractSpinBox,
)


def _named(widget: QWidget, labelled: set[int]) -> bool:
    if widget.accessibleName() or id(widget) in labelled:
        return True
    return isinstance(widget, QAbstractButton) and bool(widget.text())


def _part_of_another(widget: QWidget) -> bool:
    """A table's headers and corner, a scroll area's bars: read with what they belong to."""
    return isinstance(widget, QHeaderView | QScrollBar) or widget.objectName().startswith("qt_")


def test_every_control_on_every_tab_has_a_name(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    case_id = submitted_case(profile)
    window = open_window(qtbot, profile, tasks)
    with qtbot.waitSignal(window.case_view.case_did_load):
        window.case_view.show_case(case_id)
    labelled = {id(label.buddy()) for label in window.findChildren(QLabel) if label.buddy()}
    nameless: set[str] = set()
    for index in range(window.case_view.tabs.count()):
        window.case_view.tabs.setCurrentIndex(index)
        qtbot.wait(300)
        for kind in CONTROLS:
            for widget in window.findChildren(kind):
                if widget.isVisible() and not _part_of_another(widget):
                    if not _named(widget, labelled):
                        nameless.add(f"{type(widget).__name__} {widget.objectName()!r}")
    assert sorted(nameless) == []


def _nameless_in(root: QWidget) -> set[str]:
    labelled = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy()}
    nameless = set()
    for kind in CONTROLS:
        for widget in root.findChildren(kind):
            if widget.isVisible() and not _part_of_another(widget):
                if not _named(widget, labelled):
                    nameless.add(f"{type(widget).__name__} {widget.objectName()!r}")
    return nameless


@pytest.mark.parametrize("role", [None, Role.SUPERVISOR, Role.RISK_ANALYST, Role.AUDITOR])
def test_every_control_of_every_screen_of_the_menus_has_a_name(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, role: Role | None
) -> None:
    if role is not None:  # else the administrator who made the profile
        act_as(profile, role)
    window = open_window(qtbot, profile, tasks)
    menu = adminmenu.install(window)
    found: dict[str, list[str]] = {}
    opened = []
    for key, action in menu.actions.items():
        if not action.isVisible():
            continue
        screen = open_screen(qtbot, window, key)
        qtbot.wait(400)
        opened.append(key)
        found[key] = sorted(_nameless_in(screen))
        screen.close()
    window.show_help(GLOSSARY)
    help_dialog = window.findChild(HelpDialog)
    assert help_dialog is not None
    found["help"] = sorted(_nameless_in(help_dialog))
    assert opened, "no screen of the menus is open to this role"

    assert {key: names for key, names in found.items() if names} == {}


def test_the_sign_in_screen_names_its_fields(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    dialog = SignInDialog(profile, tasks)
    qtbot.addWidget(dialog)
    dialog.start()
    qtbot.waitExposed(dialog)
    assert sorted(_nameless_in(dialog)) == []
