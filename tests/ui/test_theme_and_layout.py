"""Colours the user chose and the window's layout outlive the window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services.profile import Profile
from app.services.settings import load_settings
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from ui import theme
from ui.mainwindow import MainWindow
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


@pytest.fixture
def second_tasks() -> Iterator[TaskManager]:
    """Closing a window ends its task manager (as the app does): the next window gets its own."""
    manager = TaskManager()
    yield manager
    manager.shutdown()


@pytest.fixture
def light_again(qapp: QApplication) -> Iterator[None]:
    yield
    theme.apply(qapp, "light")  # the palette is the application's: leave it as found


def _window_colour(qapp: QApplication) -> str:
    return str(qapp.palette().color(QPalette.ColorRole.Window).name())


def test_the_dark_colours_apply_at_once_and_are_remembered(
    qtbot: QtBot,
    window: MainWindow,
    profile: Profile,
    second_tasks: TaskManager,
    qapp: QApplication,
    light_again: None,
) -> None:
    light = _window_colour(qapp)
    dark = next(a for a in window.theme_actions.actions() if a.data() == "dark")
    with qtbot.waitSignal(window.ops.operation_did_execute):
        dark.trigger()
    assert _window_colour(qapp) == "#2b2d30"
    assert qapp.palette().color(QPalette.ColorRole.Text).lightness() > 200  # light on dark
    assert load_settings(profile.settings_path).theme == "dark"
    window.close()
    again = open_window(qtbot, profile, second_tasks)
    checked = [a.data() for a in again.theme_actions.actions() if a.isChecked()]
    assert checked == ["dark"]
    with qtbot.waitSignal(again.ops.operation_did_execute):
        next(a for a in again.theme_actions.actions() if a.data() == "light").trigger()
    assert _window_colour(qapp) == light
    assert load_settings(profile.settings_path).theme == "light"


def test_the_window_opens_as_it_was_left(
    qtbot: QtBot, window: MainWindow, profile: Profile, second_tasks: TaskManager
) -> None:
    window.resize(796, 580)  # within the offscreen screen (800 wide), as a real one clamps
    qtbot.waitUntil(lambda: window.width() == 796)
    window.work.setSizes([250, 450])
    left, right = window.work.sizes()
    window.close()
    assert load_settings(profile.settings_path).window_geometry is not None
    again = open_window(qtbot, profile, second_tasks)
    assert (again.width(), again.height()) == (796, 580)
    assert again.work.sizes() == [left, right]
