"""Shared steps of the UI tests: typing into the case form, counting what is stored."""

from __future__ import annotations

from itertools import groupby

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.domain.validation import id_check_char
from app.services.cases import CaseQuery, CaseService
from app.services.profile import Profile
from ui.caseview import CaseView
from ui.mainwindow import MainWindow

VALID_ID = "11010519491231002X"
VALID_DOB = "1949-12-31"


def id_number(body17: str) -> str:
    return body17 + id_check_char(body17)


def type_text(widget: QWidget, text: str) -> None:
    """Type as a person would: key by key, Chinese through the input method.

    QTest can only press keys for ASCII; Chinese reaches a widget as an input
    method's commit, so that is what is sent for each run of non-ASCII text.
    """
    for is_ascii, run in groupby(text, key=str.isascii):
        chunk = "".join(run)
        if is_ascii:
            QTest.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def type_into(view: CaseView, field: str, text: str) -> None:
    """Clear a field, then type ``text`` into it."""
    line = view.form.editor(field).line
    assert line is not None
    line.setFocus()
    line.selectAll()
    QTest.keyClick(line, Qt.Key.Key_Backspace)
    type_text(line, text)


def choose_product(view: CaseView, code: str) -> None:
    combo = view.form.editor("product").combo
    assert combo is not None
    combo.setFocus()
    while combo.currentData() != code:
        QTest.keyClick(combo, Qt.Key.Key_Down)


def save(qtbot: QtBot, window: MainWindow) -> bool:
    """Click Save and wait for the outcome: True if the case was saved."""
    with qtbot.waitSignal(window.case_view.save_did_finish) as blocker:
        QTest.mouseClick(window.case_view.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args is not None
    return bool(blocker.args[0])


def counts(profile: Profile) -> tuple[int, int]:
    """(cases, events) stored in the profile, read beside the UI."""
    cases = CaseService(profile).count(CaseQuery())
    events = sum(1 for _ in profile.store.all_events())
    return cases, events


def answer_modal(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Once a modal message box shows, note its text and press ``button``.

    Started with ``QTimer.singleShot`` before the action that opens the box,
    since the box runs its own event loop until answered.
    """
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(10, lambda: answer_modal(button, seen))
        return
    seen.append(box.text())
    box.button(button).click()
