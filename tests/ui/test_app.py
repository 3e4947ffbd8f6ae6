"""Starting the GUI: first-run profile creation, and refusals told in words."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from app.logs import ProfileLog
from app.security.keys import KeySource
from app.services.profile import Profile, profile_exists
from app.services.settings import load_settings
from tests.ui.conftest import OFFSCREEN_NOISE
from tests.ui.helpers import answer_modal
from ui.app import EXIT_REFUSED, run_gui
from ui.mainwindow import MainWindow
from ui.profiledialog import CreateProfileDialog
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


@pytest.fixture
def _log_handler_removed() -> Iterator[None]:
    """run_gui points the root logger at the profile's log; undo that afterwards."""
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, ProfileLog)]:
        root.removeHandler(handler)
        handler.close()


def answer_refusal(seen: list[str]) -> None:
    answer_modal(QMessageBox.StandardButton.Ok, seen)


@pytest.mark.usefixtures("_log_handler_removed")
def test_a_wrong_key_is_refused_in_words(qtbot: QtBot, profile: Profile, profile_dir: Path) -> None:
    profile.close()
    seen: list[str] = []
    QTimer.singleShot(0, lambda: answer_refusal(seen))
    assert run_gui(profile_dir, KeySource(hex_key="00" * 32)) == EXIT_REFUSED
    assert len(seen) == 1
    assert seen[0].startswith("The key does not open this profile's database.")


@pytest.mark.usefixtures("_log_handler_removed")
def test_no_keyring_is_refused_in_words(qtbot: QtBot, profile: Profile, profile_dir: Path) -> None:
    profile.close()
    seen: list[str] = []
    QTimer.singleShot(0, lambda: answer_refusal(seen))
    assert run_gui(profile_dir, KeySource()) == EXIT_REFUSED
    assert seen[0].startswith("No system keyring is available on this machine.")
    assert "LOANDESK_KEY" in seen[0]


@pytest.mark.usefixtures("_log_handler_removed")
def test_a_wrong_key_is_refused_in_chinese_for_a_chinese_profile(
    qtbot: QtBot, profile: Profile, profile_dir: Path
) -> None:
    profile.save_settings(profile.settings.model_copy(update={"language": "zh_CN"}))
    profile.close()
    seen: list[str] = []
    QTimer.singleShot(0, lambda: answer_refusal(seen))
    assert run_gui(profile_dir, KeySource(hex_key="00" * 32)) == EXIT_REFUSED
    assert seen == [
        "此密钥无法打开该配置文件的数据库。请确认提供的是此配置文件的密钥"
        "（LOANDESK_KEY、密钥文件或系统密钥环）；数据库文件本身未被改动。"
    ]


def press_create(dialog: CreateProfileDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    button.click()


def test_first_run_creates_the_profile_after_checking_the_names(
    qtbot: QtBot, profile_dir: Path, key_source: KeySource, tasks: TaskManager
) -> None:
    dialog = CreateProfileDialog(profile_dir, key_source, tasks, "zh_CN")
    qtbot.addWidget(dialog)
    dialog.username.setText("Admin")
    dialog.display_name.setText("Branch Admin")
    press_create(dialog)
    assert "lower-case" in dialog.problem.text()
    assert not profile_exists(profile_dir)

    dialog.username.setText("admin")
    with qtbot.waitSignal(dialog.accepted):
        press_create(dialog)
    assert dialog.profile is not None
    try:
        assert dialog.profile.actor.display_name == "Branch Admin"
        assert load_settings(dialog.profile.settings_path).language == "zh_CN"
    finally:
        dialog.profile.close()


def test_first_run_without_a_keyring_says_how_to_give_a_key(
    qtbot: QtBot, profile_dir: Path, tasks: TaskManager
) -> None:
    dialog = CreateProfileDialog(profile_dir, KeySource(), tasks, "en")
    qtbot.addWidget(dialog)
    dialog.display_name.setText("Branch Admin")
    with qtbot.waitSignal(tasks.task_did_finish):
        press_create(dialog)
    assert dialog.profile is None
    assert dialog.problem.text().startswith("No system keyring is available on this machine.")
    assert not profile_exists(profile_dir)


def later(step: Callable[[], bool]) -> None:
    """Run ``step`` from the event loop until it says it is done."""

    def attempt() -> None:
        if not step():
            later(step)

    QTimer.singleShot(10, attempt)


@pytest.mark.usefixtures("_log_handler_removed")
def test_run_gui_first_run_creates_the_profile_and_shows_the_window(
    profile_dir: Path, key_source: KeySource
) -> None:
    seen: list[str] = []

    def fill_in_the_dialog() -> bool:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CreateProfileDialog):
            return False
        dialog.display_name.setText("Branch Admin")
        press_create(dialog)
        seen.append("asked")
        later(close_the_window)
        return True

    def close_the_window() -> bool:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if not any(w.isVisible() for w in shown):
            return False
        seen.append(shown[0].windowTitle())
        shown[0].close()
        return True

    later(fill_in_the_dialog)
    assert run_gui(profile_dir, key_source) == 0
    assert seen == ["asked", "LoanDesk"]
    reopened = Profile.open(profile_dir, key_source)
    try:
        assert reopened.actor.display_name == "Branch Admin"
    finally:
        reopened.close()
