"""Starting the GUI: first-run profile creation, sign-in, and refusals told in words."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.events import EventType
from app.logs import ProfileLog
from app.places import profile_exists
from app.security.keys import KeySource
from app.services.profile import Profile
from app.services.settings import load_settings
from tests.conftest import PASSWORD, sign_in
from tests.ui.conftest import OFFSCREEN_NOISE
from tests.ui.helpers import answer_modal, event_types, type_text
from ui.app import EXIT_REFUSED, run_gui
from ui.mainwindow import MainWindow
from ui.profiledialog import CreateProfileDialog
from ui.signin import SignInDialog
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
    profile.update_settings(lambda s: replace(s, language="zh_CN"))
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


def choose_password(dialog: CreateProfileDialog, password: str, again: str | None = None) -> None:
    dialog.password.password.setText(password)
    dialog.password.confirm.setText(password if again is None else again)


def test_first_run_creates_the_profile_after_checking_the_names(
    qtbot: QtBot, profile_dir: Path, key_source: KeySource, tasks: TaskManager
) -> None:
    dialog = CreateProfileDialog(profile_dir, key_source, tasks, "zh_CN")
    qtbot.addWidget(dialog)
    dialog.username.setText("Admin")
    dialog.display_name.setText("Branch Admin")
    choose_password(dialog, PASSWORD)
    press_create(dialog)
    assert "lower-case" in dialog.problem.text()
    assert not profile_exists(profile_dir)

    dialog.username.setText("admin")
    with qtbot.waitSignal(dialog.accepted):
        press_create(dialog)
    assert dialog.profile is not None
    try:
        assert dialog.profile.actor.display_name == "Branch Admin"
        assert dialog.profile.session is not None  # the admin who made it is signed in
        assert load_settings(dialog.profile.settings_path).language == "zh_CN"
    finally:
        dialog.profile.close()


def test_first_run_judges_the_password_as_it_is_typed(
    qtbot: QtBot, profile_dir: Path, key_source: KeySource, tasks: TaskManager
) -> None:
    dialog = CreateProfileDialog(profile_dir, key_source, tasks, "en")
    qtbot.addWidget(dialog)
    dialog.display_name.setText("Branch Admin")
    feedback = dialog.password.feedback
    type_text(dialog.password.password, "short")
    assert feedback.text() == "Too short: a password needs at least 8 characters."
    choose_password(dialog, "password")
    assert "commonly used" in feedback.text()
    choose_password(dialog, "admin-kettle-99")
    assert feedback.text() == "The password contains the user's name; choose one without it."
    choose_password(dialog, "kettle amb")
    assert feedback.text() == "Acceptable, but 12 or more characters would be stronger."
    choose_password(dialog, PASSWORD, "something else")
    assert feedback.text() == "The two passwords differ."
    press_create(dialog)
    assert not profile_exists(profile_dir)  # refused before anything was made
    choose_password(dialog, PASSWORD)
    assert feedback.text() == "Good: the password meets the policy."
    with qtbot.waitSignal(dialog.accepted):
        press_create(dialog)
    assert dialog.profile is not None
    dialog.profile.close()


def test_first_run_without_a_keyring_says_how_to_give_a_key(
    qtbot: QtBot, profile_dir: Path, tasks: TaskManager
) -> None:
    dialog = CreateProfileDialog(profile_dir, KeySource(), tasks, "en")
    qtbot.addWidget(dialog)
    dialog.display_name.setText("Branch Admin")
    choose_password(dialog, PASSWORD)
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


def shown_window() -> MainWindow | None:
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    return next((w for w in shown if w.isVisible()), None)


def shown_sign_in() -> SignInDialog | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, SignInDialog)]
    return next((w for w in found if w.isVisible()), None)


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
        choose_password(dialog, PASSWORD)
        press_create(dialog)
        seen.append("asked")
        later(close_the_window)
        return True

    def close_the_window() -> bool:
        window = shown_window()
        if window is None:
            return False
        seen.append(window.windowTitle())
        seen.append(window.user_label.text())
        window.close()
        return True

    later(fill_in_the_dialog)
    assert run_gui(profile_dir, key_source) == 0
    assert seen == [
        "asked",
        "LoanDesk",
        "Signed in: Branch Admin (admin) · Loan officer, Administrator",
    ]
    reopened = Profile.open(profile_dir, key_source)
    try:
        assert reopened.session is None  # everyone signs in
        assert sign_in(reopened).actor.display_name == "Branch Admin"
    finally:
        reopened.close()


@pytest.mark.usefixtures("_log_handler_removed")
def test_run_gui_asks_who_signs_in_and_refuses_a_wrong_password(
    profile: Profile, profile_dir: Path, key_source: KeySource
) -> None:
    profile.close()
    seen: list[str] = []

    def wrong_password() -> bool:
        dialog = shown_sign_in()
        if dialog is None or not dialog.buttons.isEnabled():
            return False
        assert shown_window() is None
        type_text(dialog.username, "admin")
        type_text(dialog.password, "not the password")
        press_sign_in(dialog)
        later(lambda: told(dialog))
        return True

    def told(dialog: SignInDialog) -> bool:
        if not dialog.problem.isVisible():
            return False
        seen.append(dialog.problem.text())
        type_text(dialog.password, PASSWORD)
        press_sign_in(dialog)
        later(close_the_window)
        return True

    def close_the_window() -> bool:
        window = shown_window()
        # The daily backup runs once someone is at the desk; the window says when it is made.
        if window is None or "Daily backup made" not in window.statusBar().currentMessage():
            return False
        seen.append(window.user_label.text())
        seen.append(window.statusBar().currentMessage())
        window.close()
        return True

    later(wrong_password)
    assert run_gui(profile_dir, key_source) == 0
    (backup,) = (profile_dir / "backups").iterdir()
    assert seen == [
        "The user name or the password is not right.",
        "Signed in: Branch Admin (admin) · Loan officer, Administrator",
        f"Daily backup made: {backup.name}",
    ]
    reopened = Profile.open(profile_dir, key_source)
    try:
        types = event_types(reopened)
    finally:
        reopened.close()
    assert types[-4:] == [
        EventType.SIGN_IN_FAILED,
        EventType.SIGNED_IN,
        EventType.BACKUP_MADE,
        EventType.SIGNED_OUT,
    ]


@pytest.mark.usefixtures("_log_handler_removed")
def test_quitting_at_the_sign_in_screen_ends_cleanly(
    profile: Profile, profile_dir: Path, key_source: KeySource
) -> None:
    profile.close()

    def quit_at_sign_in() -> bool:
        dialog = shown_sign_in()
        if dialog is None:
            return False
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
        return True

    later(quit_at_sign_in)
    assert run_gui(profile_dir, key_source) == 0
    assert shown_window() is None


def press_sign_in(dialog: SignInDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
