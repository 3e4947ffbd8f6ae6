"""Edit -> Undo puts back the field changed last, one field at a time, before saving."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.services.cases import CaseService
from app.services.profile import Profile
from tests.conftest import PASSWORD, sign_in
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.helpers import VALID_ID, choose_product, type_into, type_text
from tests.ui.test_masking import give_password, open_case, reveal_prompt, shown
from ui.mainwindow import MainWindow
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def test_undo_puts_back_each_field_changed_in_turn(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    sign_in(profile)
    case_id = (
        CaseService(profile)
        .open_case({"full_name": "王芳", "monthly_income": "12000", "product": "personal"})
        .case_id
    )
    assert case_id is not None
    window = open_window(qtbot, profile, tasks)
    with qtbot.waitSignal(window.case_view.case_did_load):
        window.case_view.show_case(case_id)
    form = window.case_view.form
    assert not window.undo_action.isEnabled()

    type_into(window.case_view, "monthly_income", "15000")
    type_into(window.case_view, "employer", "Acme Trading")
    choose_product(window.case_view, "small_business")
    assert window.undo_action.isEnabled()
    assert form.edited() == {"monthly_income", "employer", "product"}

    window.undo_action.trigger()  # the product, as it was
    assert form.editor("product").raw() == "personal"
    assert form.edited() == {"monthly_income", "employer"}
    QTest.keyClick(form.editor("product").input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert form.editor("employer").raw() is None  # Ctrl+Z: the employer, blank again
    window.undo_action.trigger()
    income = form.editor("monthly_income").line
    assert income is not None
    assert income.text() == "12,000.00"
    assert not form.dirty
    assert not window.undo_action.isEnabled()
    assert form.undo() is None  # nothing left to put back


def test_undo_after_revealing_a_number_puts_the_number_back_not_a_blank(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    sign_in(profile)
    cases = CaseService(profile)
    case_id = cases.open_case({"full_name": "Qian Yi", "id_number": VALID_ID}).case_id
    assert case_id is not None
    open_case(qtbot, window, case_id)
    form = window.case_view.form
    editor = form.editor("id_number")
    assert editor.reveal_button is not None
    QTest.mouseClick(editor.reveal_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.case_view.field_did_reveal):
        give_password(reveal_prompt(window), PASSWORD)
    assert shown(window, "id_number") == VALID_ID
    assert editor.line is not None
    type_text(editor.line, "9")  # a slip of the finger
    window.undo_action.trigger()
    assert shown(window, "id_number") == VALID_ID
    type_into(window.case_view, "full_name", "Qian Yi Jr")
    with qtbot.waitSignal(window.case_view.case_did_load):
        window.case_view.save()
    assert cases.get(case_id).value("id_number") == VALID_ID
