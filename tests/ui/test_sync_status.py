"""The status bar says whether the workstation sends to a branch server and what waits."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.services.cases import CaseService
from app.services.profile import Profile
from app.services.sync import PUSHED, SERVER, TOKEN
from tests.conftest import sign_in
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def test_alone_then_enrolled_with_changes_waiting_then_all_sent(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    sign_in(profile)
    window = open_window(qtbot, profile, tasks)
    label = window.sync_label
    qtbot.waitUntil(lambda: label.text() == "Working alone (no branch server)", timeout=10_000)

    # Enrolled (as `loandesk sync enrol` leaves the profile), nothing sent yet.
    with profile.store.writing() as tx:
        tx.set_meta(SERVER, "https://branch-server:8443")
        tx.set_meta(TOKEN, "a-device-token")
    CaseService(profile).open_case({"full_name": "陈静"})
    waiting = profile.store.device_seq(profile.device_id)
    window.show_sync()
    qtbot.waitUntil(lambda: label.text() == f"{waiting} changes to send", timeout=10_000)
    assert "https://branch-server:8443" in label.toolTip()
    assert "last sent: never" in label.toolTip()

    with profile.store.writing() as tx:
        tx.set_meta(PUSHED, str(waiting))
    window.show_sync()
    qtbot.waitUntil(lambda: label.text() == "All sent to the branch server", timeout=10_000)
