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

from app.services.profile import Profile
from tests.services.test_decisions import submitted_case
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
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
