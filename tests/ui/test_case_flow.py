"""An officer creates a case in the form, finds it, and finds it again after a restart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.security.keys import KeySource
from app.services.cases import CaseService
from app.services.profile import Profile
from tests.conftest import sign_in
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.helpers import (
    VALID_DOB,
    VALID_ID,
    choose_product,
    counts,
    save,
    type_into,
    type_text,
)
from ui import messages
from ui.caselist import Column
from ui.mainwindow import MainWindow
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
NAME = "王小明"
CTRL = Qt.KeyboardModifier.ControlModifier
NO_KEYS = Qt.KeyboardModifier.NoModifier


def search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Type into the search box and wait until the list shows that search.

    A reload already in flight (after a save, say) may land while typing; only
    the rows of the typed query count.
    """
    panel = window.case_list
    panel.search.clear()
    type_text(panel.search, text)
    qtbot.waitUntil(lambda: panel.model.loaded_query == panel.current_query(), timeout=5000)


def cell(qtbot: QtBot, window: MainWindow, row: int, column: Column) -> str:
    """A cell's text once its page has been fetched."""
    model = window.case_list.model
    index = model.index(row, column)
    qtbot.waitUntil(lambda: model.summary(row) is not None)
    return str(model.data(index))


def fill_new_case(qtbot: QtBot, window: MainWindow) -> None:
    view = window.case_view
    type_into(view, "full_name", NAME)
    type_into(view, "id_number", VALID_ID)
    type_into(view, "date_of_birth", VALID_DOB)
    type_into(view, "phone", "13800138000")
    type_into(view, "monthly_income", "18000")
    choose_product(view, "personal")
    type_into(view, "requested_amount", "150000")
    type_into(view, "term_months", "36")


def create_and_change_a_case(qtbot: QtBot, window: MainWindow) -> str:
    """Type a new case into the form, save, change its phone, save: its case number."""
    view = window.case_view
    fill_new_case(qtbot, window)
    assert view.form.fields_with_problems() == []
    with qtbot.waitSignal(view.case_did_load):
        assert save(qtbot, window)
    assert view.title.text().startswith("Case LD-")
    case_no = view.title.text().split()[1]
    # A second save changes one field: the history must show it as its own event.
    # The numbers typed into this case stay shown after the save, to correct them.
    phone = view.form.editor("phone").line
    assert phone is not None
    assert phone.text() == "13800138000"
    type_into(view, "phone", "13900139000")
    with qtbot.waitSignal(view.case_did_load):
        assert save(qtbot, window)
    return case_no


def show_history(window: MainWindow) -> list[str]:
    """Click the History tab; the lines it shows."""
    tabs = window.case_view.tabs
    bar = tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, NO_KEYS, bar.tabRect(1).center())
    assert tabs.currentWidget() is window.case_view.history
    return window.case_view.history.lines()


def test_a_case_made_in_the_form_survives_a_restart(
    qtbot: QtBot, profile: Profile, profile_dir: Path, key_source: KeySource, tasks: TaskManager
) -> None:
    window = open_window(qtbot, profile, tasks)
    case_no = create_and_change_a_case(qtbot, window)
    assert counts(profile)[0] == 1
    search(qtbot, window, "小明")
    assert window.case_list.model.rowCount() == 1
    assert cell(qtbot, window, 0, Column.NAME) == NAME
    assert cell(qtbot, window, 0, Column.AMOUNT) == "150,000.00 CNY"
    search(qtbot, window, "nobody by this name")
    assert window.case_list.model.rowCount() == 0
    window.close()
    profile.close()

    reopened = sign_in(Profile.open(profile_dir, key_source))
    later_tasks = TaskManager()
    try:
        again = open_window(qtbot, reopened, later_tasks)
        search(qtbot, again, VALID_ID[-6:])
        assert again.case_list.model.rowCount() == 1
        assert cell(qtbot, again, 0, Column.CASE_NO) == case_no
        with qtbot.waitSignal(again.case_view.case_did_load):
            again.case_list.table.selectRow(0)
        assert again.case_view.form.editor("full_name").raw() == NAME
        # Opened anew, the case shows its personal numbers masked.
        phone = again.case_view.form.editor("phone")
        assert phone.masked
        assert phone.line is not None
        assert phone.line.text() == "139****9000"
        lines = show_history(again)
        assert lines[0].endswith(f"Branch Admin opened case {case_no}")
        assert any(line.startswith("Full name from (empty) to 王小明") for line in lines)
        assert any("Amount requested from (empty) to 150,000.00 CNY" in line for line in lines)
        assert lines[-1].endswith("Branch Admin changed Phone from 138****8000 to 139****9000")
        case_id = again.case_view.case_id
        again.close()
    finally:
        later_tasks.shutdown()
        reopened.close()

    # And in a new process, through the real entry point.
    assert case_id is not None
    child = subprocess.run(
        [sys.executable, "-m", "tests.ui.restart_driver", str(profile_dir), case_id],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert child.returncode == 0, child.stderr
    report = json.loads(child.stdout.strip().splitlines()[-1])
    assert report["rows"] == 1
    assert report["listed"]
    assert case_no in report["title"]
    assert report["name"] == NAME
    assert report["history"] == lines


def test_ctrl_s_saves_and_ctrl_n_starts_a_new_case(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    view = window.case_view
    type_into(view, "full_name", "Li Lei")
    window.activateWindow()
    with qtbot.waitSignal(view.case_did_load):
        QTest.keyClick(view.form.editor("full_name").input, Qt.Key.Key_S, CTRL)
    assert counts(profile)[0] == 1
    # The list reloads on its own lane and then selects the saved case.
    qtbot.waitUntil(lambda: window.case_list.selected_case() == view.case_id)
    QTest.keyClick(view, Qt.Key.Key_N, CTRL)
    assert view.case_id is None
    assert view.form.editor("full_name").raw() is None
    assert window.case_list.selected_case() is None


def answer(window: MainWindow, button: QMessageBox.StandardButton) -> str:
    """Press ``button`` on the question showing over ``window``; return its text."""
    (box,) = messages.open_boxes(window)
    text = box.text()
    box.button(button).click()
    return text


def test_leaving_a_case_with_unsaved_edits_asks_first(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    cases = CaseService(profile)
    first = cases.open_case({"full_name": "Qian Yi"}).case_id
    second = cases.open_case({"full_name": "Qian Er"}).case_id
    with qtbot.waitSignal(window.case_list.model.keys_did_load):
        window.case_list.model.reload()
    with qtbot.waitSignal(window.case_view.case_did_load):
        window.case_list.select_case(first)
    type_into(window.case_view, "phone", "13800138000")

    window.case_list.select_case(second)
    question = "This case has changes that are not saved. Discard them?"
    assert answer(window, QMessageBox.StandardButton.Cancel) == question
    assert window.case_view.case_id == first
    assert window.case_list.selected_case() == first
    assert window.case_view.form.editor("phone").raw() == "13800138000"

    window.close()  # refused while edits are unsaved
    assert answer(window, QMessageBox.StandardButton.Cancel) == question
    assert window.isVisible()

    window.case_list.select_case(second)
    with qtbot.waitSignal(window.case_view.case_did_load):
        answer(window, QMessageBox.StandardButton.Discard)
    assert window.case_view.case_id == second
    assert window.case_list.selected_case() == second
    assert window.case_view.form.editor("full_name").raw() == "Qian Er"
    assert CaseService(profile).get(first).value("phone") is None


def test_saving_again_before_the_saved_case_is_back_makes_no_second_case(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    view = window.case_view
    type_into(view, "full_name", "Sun Li")
    with qtbot.waitSignal(view.save_did_finish):
        view.save()
    view.save()  # an impatient second Ctrl+S while the case reloads
    qtbot.waitUntil(lambda: view.case_id is not None and view.save_button.isEnabled())
    with qtbot.waitSignal(view.save_did_finish):
        view.save()  # nothing changed since: appends nothing
    # profile, admin, password, signed in, opened, applicant
    assert counts(profile) == (1, 6)
