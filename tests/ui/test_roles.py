"""The desk shows what the signed-in user's roles allow, and nothing that would be refused."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.domain.roles import Role
from app.services.cases import CaseService
from app.services.profile import Profile
from tests.conftest import sign_in
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.helpers import FIRST_PASSWORD, VALID_ID, add_user, visible_text
from ui import messages
from ui.mainwindow import MainWindow
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


@pytest.fixture
def case_id(profile: Profile) -> str:
    patch = {"full_name": "Zhao Min", "id_number": VALID_ID, "phone": "13800138000"}
    return CaseService(profile).open_case(patch).case_id


def desk_of(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, username: str, roles: list[Role]
) -> MainWindow:
    """The main window as ``username``, a new user with ``roles``, sees it."""
    add_user(profile, username, roles)
    sign_in(profile, username, FIRST_PASSWORD)
    return open_window(qtbot, profile, tasks)


def open_case(qtbot: QtBot, window: MainWindow, case_id: str) -> None:
    with qtbot.waitSignal(window.case_view.case_did_load):
        window.case_list.select_case(case_id)


def test_a_supervisor_sees_cases_read_only_and_no_new_case(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, case_id: str
) -> None:
    window = desk_of(qtbot, profile, tasks, "super.li", [Role.SUPERVISOR])
    view = window.case_view
    assert window.user_label.text() == "Signed in: Super Li (super.li) · Supervisor"
    assert not window.new_action.isVisible()
    assert not window.save_action.isVisible()
    assert not view.save_button.isVisible()
    assert view.title.text() == "No case open"
    assert view.note.text() == "Choose a case in the list to see it."
    assert not view.tabs.isVisible()  # no blank form to type into

    open_case(qtbot, window, case_id)
    assert view.tabs.isVisible()
    assert not view.save_button.isVisible()
    assert view.note.text() == "Read only: your role does not include changing cases."
    for name, editor in view.form.editors.items():
        if editor.line is not None:
            assert editor.line.isReadOnly(), name
        if editor.combo is not None:
            assert not editor.combo.isEnabled(), name
    # A supervisor may reveal a number to check it against the document.
    for field in ("id_number", "phone"):
        button = view.form.editor(field).reveal_button
        assert button is not None
        assert button.isVisible()
    view.save()  # Ctrl+S while read-only: nothing is asked of the service
    assert messages.open_boxes(window) == []


def test_a_risk_analyst_reads_cases_without_revealing_numbers(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, case_id: str
) -> None:
    window = desk_of(qtbot, profile, tasks, "risk.he", [Role.RISK_ANALYST])
    open_case(qtbot, window, case_id)
    editor = window.case_view.form.editor("id_number")
    assert editor.masked
    assert editor.reveal_button is not None
    assert not editor.reveal_button.isVisible()
    assert "does not include revealing" in editor.input.toolTip()


def test_an_officer_sees_new_case_save_and_reveal(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, case_id: str
) -> None:
    window = desk_of(qtbot, profile, tasks, "officer.wu", [Role.OFFICER])
    assert window.new_action.isVisible()
    assert window.case_view.save_button.isVisible()
    assert window.user_label.text().endswith("· Loan officer")


def test_an_admin_only_user_sees_no_cases_and_is_told_why(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, case_id: str
) -> None:
    add_user(profile, "it.admin", [Role.ADMIN], "Hu Jun")
    sign_in(profile, "it.admin", FIRST_PASSWORD)
    window = MainWindow(profile, tasks)
    qtbot.addWidget(window)
    window.show()
    assert window.pages.currentWidget() is window.no_cases
    assert window.no_cases.isVisible()
    assert window.no_cases.text().startswith(
        "Your role (Administrator) does not include working with cases"
    )
    assert not window.case_list.isVisible()
    assert not window.new_action.isVisible()
    assert not window.edit_menu.menuAction().isVisible()
    assert not window.count_label.isVisible()
    # The only work started is the sync line's status; no case was even asked for.
    qtbot.waitUntil(lambda: not tasks.busy)
    assert window.case_list.model.rowCount() == 0
    assert messages.open_boxes(window) == []
    assert "Zhao Min" not in visible_text()
