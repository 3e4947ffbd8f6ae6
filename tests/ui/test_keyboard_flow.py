"""The officer's whole flow by keyboard alone: open a case, attach and confirm a document,
score, submit.

Every step is a key pressed where the focus is, as a person without a mouse
works: shortcuts, Tab and Shift+Tab to move, Space and Enter to press,
typing into the field that has the focus, Ctrl+Tab to change tabs, and the
file dialog's name field to give a file. No widget is clicked or called.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.case import Status
from app.services.profile import Profile
from ocr.synth.sample import generate
from ocr.types import DocKind
from tests.services.test_decisions import GOOD
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.helpers import type_text
from ui.mainwindow import MainWindow
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(
    OFFSCREEN_NOISE, "This plugin does not support raise", "does not support grabbing the keyboard"
)
WAIT_MS = 60_000
DialogT = TypeVar("DialogT", bound=QDialog)
#: the most Tab presses a step may take to reach what it wants
REACH = 80
#: the form as the officer types it (the combo boxes are chosen by their first letters)
TYPED: dict[str, str] = {
    "full_name": "Chen Jing",
    "id_number": str(GOOD["id_number"]),
    "date_of_birth": str(GOOD["date_of_birth"]),
    "employed_since": str(GOOD["employed_since"]),
    "monthly_income": "30000",
    "monthly_expenses": "6000",
    "monthly_debt_payments": "0",
    "total_debt": "0",
    "assets": "400000",
    "requested_amount": "100000",
    "purchase_price": "200000",
    "term_months": "36",
}
CHOSEN = {"home": "owner", "job_type": "fixed", "arrears_on_file": "no", "product": "personal"}


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifier)


def tab_to(qtbot: QtBot, wanted: QWidget) -> None:
    """Press Tab until ``wanted`` has the focus."""
    for _ in range(REACH):
        if focused() is wanted or wanted.isAncestorOf(focused()):
            return
        press(Qt.Key.Key_Tab)
        qtbot.wait(5)
    raise AssertionError(f"Tab never reaches {wanted.objectName() or wanted}")


def activate(qtbot: QtBot, button: QAbstractButton) -> None:
    """Reach a button with Tab and press it with Space."""
    qtbot.waitUntil(button.isEnabled, timeout=WAIT_MS)
    tab_to(qtbot, button)
    press(Qt.Key.Key_Space)


def next_tab(qtbot: QtBot, window: MainWindow, wanted: QWidget) -> None:
    """Ctrl+Tab through the case's tabs until ``wanted`` shows."""
    for _ in range(window.case_view.tabs.count()):
        if window.case_view.tabs.currentWidget() is wanted:
            return
        press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait(5)
    raise AssertionError("Ctrl+Tab never shows the tab")


def in_front(qtbot: QtBot, window: QWidget) -> None:
    """Give ``window`` the focus, as a window manager does when it opens or another closes.

    The offscreen platform has no window manager; this is its one job, done by hand.
    """
    window.activateWindow()
    qtbot.waitUntil(
        lambda: QApplication.focusWidget() is not None and window.isAncestorOf(focused())
    )


def dialog_in_front(qtbot: QtBot, kind: type[DialogT]) -> DialogT:
    """The modal dialog just opened, with the focus in it."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, kind)
    in_front(qtbot, dialog)
    return dialog


def scored(profile: Profile, case_id: str) -> bool:
    state = profile.store.case(case_id)
    return state is not None and state.risk is not None


def choose(combo: QComboBox, code: str) -> None:
    """Pick an entry of the focused combo box with the arrow keys."""
    for _ in range(combo.count()):
        if combo.currentData() == code:
            return
        press(Qt.Key.Key_Down)
    raise AssertionError(f"{code} is not in {combo.objectName()}")


def test_an_officer_takes_a_case_from_opening_to_submission_by_keyboard(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, tmp_path: Path
) -> None:
    payslip = tmp_path / "payslip.pdf"
    payslip.write_bytes(generate(DocKind.PAYSLIP, "en", 3).pdf())
    window = open_window(qtbot, profile, tasks)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view = window.case_view

    # A new case: the form, field by field with Tab.
    window.case_list.setFocus()
    press(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    for name in view.form.editors:
        editor = view.form.editor(name)
        if name in TYPED:
            tab_to(qtbot, editor.input)
            type_text(focused(), TYPED[name])
        elif name in CHOSEN and editor.combo is not None:
            tab_to(qtbot, editor.combo)
            choose(editor.combo, CHOSEN[name])
    with qtbot.waitSignal(view.save_did_finish, timeout=WAIT_MS) as saved:
        press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved.args == [True]
    qtbot.waitUntil(lambda: view.case_id is not None, timeout=WAIT_MS)
    case_id = view.case_id
    assert case_id is not None

    # The payslip: Attach files…, its name typed into the file dialog, Enter.
    documents = view.documents
    assert documents is not None
    tab_to(qtbot, view.tabs.tabBar())
    next_tab(qtbot, window, documents)
    activate(qtbot, documents.import_button)
    chooser = dialog_in_front(qtbot, QFileDialog)
    type_text(focused(), str(payslip))
    assert chooser.isAncestorOf(focused())
    with qtbot.waitSignal(documents.reader.read_did_finish, timeout=WAIT_MS):
        press(Qt.Key.Key_Return)
    in_front(qtbot, window)

    # Review…: the fields against the page; Enter confirms (the default button).
    qtbot.waitUntil(lambda: documents.table.rowCount() == 1, timeout=WAIT_MS)
    tab_to(qtbot, documents.table)  # reaching the list chooses its first document
    qtbot.waitUntil(lambda: documents.selected() is not None)
    activate(qtbot, documents.review_button)
    qtbot.waitUntil(lambda: documents.review is not None and documents.review.isVisible())
    review = documents.review
    assert review is not None
    in_front(qtbot, review)
    qtbot.waitUntil(review.confirm_button.isEnabled, timeout=WAIT_MS)
    with qtbot.waitSignal(review.confirm_did_finish, timeout=WAIT_MS) as confirmed:
        press(Qt.Key.Key_Return)
    assert confirmed.args == [True]
    press(Qt.Key.Key_Escape)  # the review closes
    qtbot.waitUntil(lambda: documents.review is None or not shiboken6.isValid(documents.review))
    in_front(qtbot, window)

    # Risk: Record score.
    risk = view.risk
    assert risk is not None
    tab_to(qtbot, view.tabs.tabBar())
    next_tab(qtbot, window, risk)
    activate(qtbot, risk.record_button)
    qtbot.waitUntil(lambda: scored(profile, case_id), timeout=WAIT_MS)

    # Decision: Submit for review.
    decision = view.decision
    assert decision is not None
    tab_to(qtbot, view.tabs.tabBar())
    next_tab(qtbot, window, decision)
    qtbot.waitUntil(lambda: decision.overview is not None, timeout=WAIT_MS)
    submit = next(b for m, b in decision.buttons.items() if m.value == "submit")
    activate(qtbot, submit)
    qtbot.waitUntil(
        lambda: (
            (state := profile.store.case(case_id)) is not None and state.status is Status.SUBMITTED
        ),
        timeout=WAIT_MS,
    )
    state = profile.store.case(case_id)
    assert state is not None
    assert state.value("full_name") == "Chen Jing"
    assert state.value("product") == "personal"
    assert [d.status for d in state.documents.values()] == ["confirmed"]
    assert state.risk is not None
