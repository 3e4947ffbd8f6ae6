"""A demo profile says so in the window's title and its status line; a real one does not."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.services.profile import DEMO_META, Profile
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from ui import i18n
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def test_a_real_profile_is_not_marked(qtbot: QtBot, profile: Profile, tasks: TaskManager) -> None:
    window = open_window(qtbot, profile, tasks)
    assert window.windowTitle() == "LoanDesk"
    assert not window.demo_label.isVisible()


def test_a_demo_profile_is_marked_in_both_languages(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, qapp: object
) -> None:
    with profile.store.writing() as tx:
        tx.set_meta(DEMO_META, "1")
    window = open_window(qtbot, profile, tasks)
    assert window.windowTitle().startswith("DEMO")
    assert window.demo_label.isVisible()
    assert window.demo_label.text() == "DEMO"
    i18n.install(qapp, "zh_CN")  # type: ignore[arg-type]
    try:
        qtbot.waitUntil(lambda: "演示" in window.windowTitle())
        assert window.windowTitle().startswith("DEMO")
    finally:
        i18n.install(qapp, "en")  # type: ignore[arg-type]
