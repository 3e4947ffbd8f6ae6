"""The administrator backs up, restores into a new profile, and changes the security policy."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QSpinBox
from pytestqt.qtbot import QtBot

from app.security.keys import KeySource
from app.services.accounts import AccountService
from app.services.profile import Profile
from tests.conftest import PASSWORD
from tests.ui.conftest import OFFSCREEN_NOISE
from tests.ui.helpers import type_text
from tests.ui.test_admin_menu import RAISE_NOISE, answer_prompt, open_as
from ui.backupdialog import BackupDialog
from ui.mainwindow import MainWindow
from ui.policyform import PolicyForm

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, RAISE_NOISE)
PASSPHRASE = "saffron glacier 61 meadow"


def settings_dialog(qtbot: QtBot, window: MainWindow) -> BackupDialog:
    return open_as(qtbot, window, "backup", BackupDialog)


def policy_form(qtbot: QtBot, window: MainWindow) -> PolicyForm:
    """The security settings tab, brought to the front."""
    dialog = settings_dialog(qtbot, window)
    dialog.tabs.setCurrentWidget(dialog.policy)
    return dialog.policy


def make_backup(qtbot: QtBot, dialog: BackupDialog, target: Path) -> None:
    tab = dialog.backup
    type_text(tab.target.line, str(target))
    type_text(tab.passphrase.password, PASSPHRASE)
    type_text(tab.passphrase.confirm, PASSPHRASE)
    assert tab.passphrase.feedback.text() == "Good: the passphrase meets the policy."
    tab.button.click()
    with qtbot.waitSignal(tab.backup_did_finish, timeout=20_000):
        answer_prompt(qtbot, tab, PASSWORD)


def test_a_backup_is_written_and_restored_into_a_new_profile(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, key_source: KeySource
) -> None:
    dialog = settings_dialog(qtbot, window)
    qtbot.waitUntil(lambda: dialog.backup.last.text() != "")
    assert dialog.backup.last.text() == "No backup of this profile was made yet."
    target = tmp_path / "branch.ldbackup"
    make_backup(qtbot, dialog, target)

    assert target.is_file()
    assert dialog.backup.outcome.text().startswith("The backup is written and checked: ")
    qtbot.waitUntil(lambda: dialog.backup.last.text().startswith("Last backup: "))
    assert "by Branch Admin" in dialog.backup.last.text()

    tab = dialog.restore
    dialog.tabs.setCurrentWidget(tab)
    into = tmp_path / "restored"
    type_text(tab.source.line, str(target))
    type_text(tab.into.line, str(into))
    type_text(tab.passphrase, PASSPHRASE)
    type_text(tab.password, PASSWORD)
    with qtbot.waitSignal(tab.restore_did_finish, timeout=30_000):
        tab.button.click()
    assert tab.outcome.text().startswith("Restored ")
    assert "sign in as admin" in tab.outcome.text()

    restored = Profile.open(into, key_source)
    try:
        names = [u.username for u in restored.store.users()]
    finally:
        restored.close()
    assert names == ["admin"]


def test_a_short_passphrase_is_refused_before_any_password_is_asked(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    tab = settings_dialog(qtbot, window).backup
    type_text(tab.target.line, str(tmp_path / "short.ldbackup"))
    type_text(tab.passphrase.password, "tiny words")
    type_text(tab.passphrase.confirm, "tiny words")
    tab.button.click()
    assert tab.passphrase.feedback.text() == (
        "Too short: a backup passphrase needs at least 12 characters."
    )
    assert not (tmp_path / "short.ldbackup").exists()


def test_a_restore_with_the_wrong_passphrase_says_so_and_makes_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = settings_dialog(qtbot, window)
    target = tmp_path / "branch.ldbackup"
    make_backup(qtbot, dialog, target)
    tab = dialog.restore
    dialog.tabs.setCurrentWidget(tab)
    into = tmp_path / "restored"
    type_text(tab.source.line, str(target))
    type_text(tab.into.line, str(into))
    type_text(tab.passphrase, "not the passphrase at all")
    type_text(tab.password, PASSWORD)
    tab.button.click()
    qtbot.waitUntil(tab.outcome.isVisible, timeout=30_000)
    qtbot.waitUntil(tab.button.isEnabled)
    assert tab.outcome.text() == (
        "The passphrase does not open this backup. Check it and try again."
    )
    assert not into.exists()


def test_a_policy_change_is_saved_after_the_password_and_applies(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    form = policy_form(qtbot, window)
    idle = form.spins["idle_lock_minutes"]
    assert idle.value() == profile.policy.idle_lock_minutes
    idle.setValue(15)
    form.spins["lockout_failures"].setValue(6)
    form.days[6].setChecked(True)  # Sunday
    assert form.changes() == {
        "idle_lock_minutes": "15",
        "lockout_failures": "6",
        "work_days": "1,2,3,4,5,6,7",
    }
    form.save_button.click()
    with qtbot.waitSignal(form.policy_did_save):
        answer_prompt(qtbot, form, PASSWORD)

    assert profile.policy.idle_lock_minutes == 15
    assert profile.policy.lockout_failures == 6
    assert profile.policy.work_days == "1,2,3,4,5,6,7"
    assert form.outcome.text() == "Saved. The new settings apply from now on."
    assert form.changes() == {}


def test_a_policy_change_with_a_wrong_password_changes_nothing(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    form = policy_form(qtbot, window)
    spin = form.findChild(QSpinBox, "lockout_minutes")
    assert isinstance(spin, QSpinBox)
    spin.setValue(90)
    form.save_button.click()
    prompt = answer_prompt(qtbot, form, "wrong password entirely")
    qtbot.waitUntil(prompt.problem.isVisible)
    assert prompt.problem.text() == "The password is not right."
    assert profile.policy.lockout_minutes == 30
    assert AccountService(profile).sign_in("admin", PASSWORD).user.username == "admin"
