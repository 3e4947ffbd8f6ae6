"""Bad input is refused in words, and nothing is written."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services.profile import Profile
from tests.ui.conftest import OFFSCREEN_NOISE
from tests.ui.helpers import VALID_DOB, VALID_ID, counts, save, type_into
from ui.mainwindow import MainWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
TEN_MB = 10 * 1024 * 1024


def wrong_check_digit(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


def test_a_wrong_id_check_digit_is_refused(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    before = counts(profile)
    view = window.case_view
    type_into(view, "full_name", "Zhao Liu")
    type_into(view, "id_number", wrong_check_digit(VALID_ID))
    type_into(view, "date_of_birth", VALID_DOB)
    # Told while typing, before any save.
    problem = view.form.editor("id_number").problem
    assert problem == "The check digit does not match; a digit was mistyped."
    assert view.form.editor("id_number").message.isVisible()
    assert view.form.editor("full_name").problem is None

    assert not save(qtbot, window)
    assert view.banner.isVisible()
    assert view.banner.text() == "Not saved: 1 field(s) need attention."
    assert view.form.fields_with_problems() == ["id_number"]
    assert counts(profile) == before

    # Correcting the digit clears the mark and the case saves.
    type_into(view, "id_number", VALID_ID)
    assert view.form.fields_with_problems() == []
    with qtbot.waitSignal(view.case_did_load):
        assert save(qtbot, window)
    assert counts(profile)[0] == before[0] + 1


def test_a_negative_amount_is_refused(qtbot: QtBot, window: MainWindow, profile: Profile) -> None:
    before = counts(profile)
    view = window.case_view
    type_into(view, "full_name", "Sun Qi")
    type_into(view, "requested_amount", "-5000")
    assert view.form.editor("requested_amount").problem == "The amount must be more than zero."
    assert not save(qtbot, window)
    assert view.form.fields_with_problems() == ["requested_amount"]
    assert "Not saved" in view.banner.text()
    assert counts(profile) == before


def test_the_service_is_the_judge_even_when_the_screen_let_a_value_through(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    """A birth date that disagrees with the ID number is only caught across fields, on save."""
    before = counts(profile)
    view = window.case_view
    type_into(view, "full_name", "Zhou Ba")
    type_into(view, "id_number", VALID_ID)
    type_into(view, "date_of_birth", "1950-01-01")
    assert view.form.fields_with_problems() == []
    assert not save(qtbot, window)
    problem = view.form.editor("date_of_birth").problem
    assert problem == "The date of birth does not match the ID number."
    assert counts(profile) == before


def test_a_ten_megabyte_paste_is_refused_and_the_field_kept(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    before = counts(profile)
    view = window.case_view
    name = view.form.editor("full_name")
    type_into(view, "full_name", "Wu Jiu")
    clipboard = QApplication.clipboard()
    clipboard.setText("x" * TEN_MB)
    try:
        assert name.line is not None
        QTest.keyClick(name.line, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    finally:
        clipboard.clear()
    assert name.line.text() == "Wu Jiu"
    assert name.problem == (
        "The pasted text has 10,485,760 characters; this field takes at most 100. "
        "Nothing was pasted."
    )
    assert counts(profile) == before


def test_saving_an_empty_new_form_writes_nothing(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    before = counts(profile)
    QTest.mouseClick(window.case_view.save_button, Qt.MouseButton.LeftButton)
    assert window.case_view.banner.text() == "Nothing to save: the form is empty."
    assert counts(profile) == before
