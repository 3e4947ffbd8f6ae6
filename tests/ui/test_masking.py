"""Personal numbers are masked on every screen; a reveal asks the password and is recorded."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from app.domain.events import EventType
from app.services.cases import CaseService
from app.services.profile import Profile
from tests.conftest import PASSWORD
from tests.ui.conftest import OFFSCREEN_NOISE
from tests.ui.helpers import VALID_ID, event_types, type_text, visible_text
from tests.ui.test_case_flow import cell, search, show_history
from ui.caselist import Column
from ui.mainwindow import MainWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
MASKED_ID = "1101**********002X"


@pytest.fixture
def case_id(profile: Profile) -> str:
    cases = CaseService(profile)
    opened = cases.open_case(
        {"full_name": "Qian Yi", "id_number": VALID_ID, "phone": "13800138000"}
    )
    cases.update_case(opened.case_id, {"phone": "13900139000"})
    cases.open_case({"full_name": "Qian Er"})
    return opened.case_id


def open_case(qtbot: QtBot, window: MainWindow, case_id: str) -> None:
    with qtbot.waitSignal(window.case_list.model.keys_did_load):
        window.case_list.model.reload()
    with qtbot.waitSignal(window.case_view.case_did_load):
        window.case_list.select_case(case_id)


def shown(window: MainWindow, field: str) -> str:
    line = window.case_view.form.editor(field).line
    assert line is not None
    return line.text()


def test_numbers_are_masked_in_the_list_the_form_and_the_history(
    qtbot: QtBot, window: MainWindow, case_id: str
) -> None:
    open_case(qtbot, window, case_id)
    row = window.case_list.model.row_of(case_id)
    assert row is not None
    assert cell(qtbot, window, row, Column.ID_NUMBER) == MASKED_ID
    form = window.case_view.form
    assert shown(window, "id_number") == MASKED_ID
    assert shown(window, "phone") == "139****9000"
    for field in ("id_number", "phone"):
        editor = form.editor(field)
        assert editor.masked
        assert editor.line is not None
        assert editor.line.isReadOnly()
        assert editor.reveal_button is not None
        assert editor.reveal_button.isVisible()
    assert form.editor("full_name").line is not None
    assert not form.editor("full_name").masked
    history = "\n".join(show_history(window))
    assert f"Resident ID number from (empty) to {MASKED_ID}" in history
    assert "Phone from 138****8000 to 139****9000" in history
    everything = visible_text()
    assert VALID_ID not in everything
    assert "13900139000" not in everything
    assert "13800138000" not in everything

    # Saving the case leaves the masked numbers as they were.
    type_text(form.editor("full_name").input, " Jr")
    with qtbot.waitSignal(window.case_view.case_did_load):
        window.case_view.save()
    assert CaseService(window.profile).get(case_id).value("id_number") == VALID_ID

    # A search by the whole number still finds the case: the service gets it as typed.
    search(qtbot, window, VALID_ID)
    assert window.case_list.model.rowCount() == 1
    assert cell(qtbot, window, 0, Column.ID_NUMBER) == MASKED_ID


def reveal_prompt(window: MainWindow) -> QDialog:
    prompt = window.findChild(QDialog, "reveal-prompt")
    assert isinstance(prompt, QDialog)
    assert prompt.isVisible()
    return prompt


def give_password(prompt: QDialog, password: str) -> None:
    """Type ``password`` into the prompt and press its button; the caller waits for the outcome."""
    line = prompt.findChild(QLineEdit, "prompt-password")
    assert isinstance(line, QLineEdit)
    line.clear()
    type_text(line, password)
    buttons = prompt.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_reveal_asks_the_password_shows_the_number_for_this_case_and_is_recorded(
    qtbot: QtBot, window: MainWindow, profile: Profile, case_id: str
) -> None:
    open_case(qtbot, window, case_id)
    editor = window.case_view.form.editor("id_number")
    assert editor.reveal_button is not None
    QTest.mouseClick(editor.reveal_button, Qt.MouseButton.LeftButton)
    prompt = reveal_prompt(window)
    give_password(prompt, "not my password")
    qtbot.waitUntil(lambda: "The password is not right." in visible_text())
    assert shown(window, "id_number") == MASKED_ID
    assert EventType.FIELD_REVEALED not in event_types(profile)

    with qtbot.waitSignal(window.case_view.field_did_reveal):
        give_password(prompt, PASSWORD)
    assert shown(window, "id_number") == VALID_ID
    assert editor.line is not None
    assert not editor.line.isReadOnly()  # an officer may correct it now
    assert not editor.reveal_button.isVisible()
    assert shown(window, "phone") == "139****9000"  # only what was asked for
    revealed = [e for e in profile.store.all_events() if e.type is EventType.FIELD_REVEALED]
    assert [(e.payload["case_id"], e.payload["field"]) for e in revealed] == [
        (case_id, "id_number")
    ]

    # Another case, then back: masked again, for a new reveal.
    other = window.case_list.model.case_id(0)
    with qtbot.waitSignal(window.case_view.case_did_load):
        window.case_list.select_case(other)
    with qtbot.waitSignal(window.case_view.case_did_load):
        window.case_list.select_case(case_id)
    assert shown(window, "id_number") == MASKED_ID


def test_a_lock_masks_a_revealed_number_again(
    qtbot: QtBot, window: MainWindow, case_id: str
) -> None:
    open_case(qtbot, window, case_id)
    editor = window.case_view.form.editor("phone")
    assert editor.reveal_button is not None
    QTest.mouseClick(editor.reveal_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.case_view.field_did_reveal):
        give_password(reveal_prompt(window), PASSWORD)
    assert shown(window, "phone") == "13900139000"
    window.lock("manual")
    screen = window.lock_screen
    type_text(screen.password, PASSWORD)
    with qtbot.waitSignal(window.session_did_unlock):
        QTest.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert shown(window, "phone") == "139****9000"


def test_a_new_case_shows_what_is_typed(qtbot: QtBot, window: MainWindow) -> None:
    view = window.case_view
    assert view.case_id is None
    type_text(view.form.editor("id_number").input, VALID_ID)
    assert shown(window, "id_number") == VALID_ID
    assert not view.form.editor("id_number").masked
