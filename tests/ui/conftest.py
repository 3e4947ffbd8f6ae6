"""Fixtures for the UI tests: a task manager, a main window, English restored after."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services.profile import Profile
from ui import i18n
from ui.mainwindow import MainWindow
from ui.taskman import TaskManager

# The offscreen platform has no window manager to pass size hints to, and says
# so as a Qt warning whenever a window with a menu or status bar is shown.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


@pytest.fixture(autouse=True)
def _collect_on_the_ui_thread() -> Iterator[None]:
    """As in the app (ui/collector.py): no collection on a worker thread mid-test."""
    gc.disable()
    yield
    gc.collect()
    gc.enable()


@pytest.fixture(autouse=True)
def _english(qapp: QApplication) -> Iterator[None]:
    """A test that switches language must not leave the next one in Chinese."""
    yield
    i18n.install(qapp, "en")


@pytest.fixture
def tasks() -> Iterator[TaskManager]:
    manager = TaskManager()
    yield manager
    manager.shutdown()


def open_window(qtbot: QtBot, profile: Profile, tasks: TaskManager) -> MainWindow:
    """A shown main window whose case list has loaded."""
    window = MainWindow(profile, tasks)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.case_list.model.keys_did_load):
        window.show()
    return window


@pytest.fixture
def window(qtbot: QtBot, profile: Profile, tasks: TaskManager) -> MainWindow:
    return open_window(qtbot, profile, tasks)
