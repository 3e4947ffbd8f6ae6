"""Shared steps of the UI tests: typing into the case form, counting what is stored,
a clock moved by hand, and reading every text a person could see on screen."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from itertools import groupby

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.events import EventType
from app.domain.roles import Role
from app.domain.validation import id_check_char
from app.services.accounts import AccountService
from app.services.cases import CaseQuery, CaseService
from app.services.intake import IntakeService
from app.services.profile import Profile
from app.services.scanner import scanner_available
from tests.conftest import PASSWORD, act_as, secret
from ui.caseview import CaseView
from ui.documents import DocumentsTab
from ui.mainwindow import MainWindow
from ui.operations import Operations
from ui.taskman import TaskManager

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


class Clock:
    """The profile's clock, moved by hand; it starts at the real time."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


#: The first password of every user the admin adds in these tests.
FIRST_PASSWORD = secret("quiet harbour maple 19")


def add_user(profile: Profile, username: str, roles: Sequence[Role], name: str = "") -> str:
    """A user added by the signed-in admin, with ``FIRST_PASSWORD`` to change."""
    user = AccountService(profile).add_user(
        username=username,
        display_name=name or username.replace(".", " ").title(),
        roles=roles,
        password=FIRST_PASSWORD,
        admin_password=PASSWORD,
    )
    return user.user_id


def event_types(profile: Profile) -> list[EventType]:
    return [event.type for event in profile.store.all_events()]


def _texts_of(widget: QWidget) -> Iterator[str]:
    if isinstance(widget, QLabel | QAbstractButton):
        yield widget.text()
    if isinstance(widget, QLineEdit):
        yield widget.text()
        yield widget.placeholderText()
    if isinstance(widget, QTextEdit):  # a QTextBrowser too
        yield widget.toPlainText()
    if isinstance(widget, QComboBox):
        yield widget.currentText()
    if isinstance(widget, QGroupBox):
        yield widget.title()
    if isinstance(widget, QTabWidget):
        yield from (widget.tabText(i) for i in range(widget.count()))
    if isinstance(widget, QListWidget):  # its model hides columnCount()
        items = (widget.item(row) for row in range(widget.count()))
        yield from (item.text() for item in items if item is not None)
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        for row in range(model.rowCount(QModelIndex())):
            for column in range(model.columnCount(QModelIndex())):
                yield str(model.data(model.index(row, column)) or "")
    yield widget.toolTip()
    if widget.isWindow():
        yield widget.windowTitle()


def visible_text() -> str:
    """Every text of every widget now visible on screen, in any window, one per line."""
    found: list[str] = []
    for widget in QApplication.allWidgets():
        if widget.isVisible():
            found.extend(text for text in _texts_of(widget) if text)
    return "\n".join(found)


def make_documents_tab(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, *, scanner: bool | None = None
) -> DocumentsTab:
    """A shown Documents tab on a new case of an officer, fed the profile's scan folder.

    ``scanner`` forces the Scan button's availability; None asks the system.
    """
    act_as(profile, Role.OFFICER)
    case = CaseService(profile).open_case({"full_name": "王小明", "product": "personal"})
    ops = Operations(tasks)
    view = DocumentsTab(
        IntakeService(profile),
        ops,
        profile.user_names,
        scan_folder=lambda: profile.settings.scan_folder,
        scanner=scanner_available if scanner is None else (lambda: scanner),
    )
    ops.operation_did_execute.connect(lambda changes, _by: view.on_operation(changes))
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    with qtbot.waitSignal(view.documents_did_load):
        view.set_case(case.case_id)
    return view
