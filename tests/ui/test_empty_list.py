"""An empty case list says why, and what to do next, instead of showing nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from app.services.cases import CaseService
from app.services.profile import Profile
from tests.conftest import sign_in
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.helpers import type_text
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def test_the_list_says_how_to_start_then_why_a_search_finds_nothing(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    window = open_window(qtbot, profile, tasks)
    panel = window.case_list
    assert panel.empty.isVisible()
    assert "Ctrl+N" in panel.empty.text()
    sign_in(profile)
    CaseService(profile).open_case({"full_name": "王芳"})
    with qtbot.waitSignal(panel.model.keys_did_load):
        panel.model.reload()
    assert not panel.empty.isVisible()
    with qtbot.waitSignal(panel.model.keys_did_load, timeout=5000):
        type_text(panel.search, "nobody by this name")
    assert panel.empty.isVisible()
    assert panel.empty.text().startswith("No case matches")
    QCoreApplication.processEvents()
    with qtbot.waitSignal(panel.model.keys_did_load, timeout=5000):
        panel.search.clear()
    assert not panel.empty.isVisible()
