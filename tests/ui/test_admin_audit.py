"""The audit log lists security events with filters and pages, Verify says the record is intact,
and the alerts panel shows failed sign-ins."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from app.domain.events import EventType
from app.domain.roles import Role
from app.services.accounts import AccountService, SignInRefused
from app.services.audit import AuditReport
from app.services.profile import Profile
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.test_admin_menu import RAISE_NOISE, USER_PASSWORD, add_user, open_screen
from ui import auditview
from ui.alertspanel import AlertsPanel
from ui.alertspanel import Column as AlertColumn
from ui.auditview import AuditView, Column
from ui.fields import ERROR_COLOUR
from ui.mainwindow import MainWindow
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, RAISE_NOISE)


def fail_sign_in(profile: Profile, username: str = "admin", times: int = 1) -> None:
    for _ in range(times):
        with pytest.raises(SignInRefused):
            AccountService(profile).sign_in(username, "a wrong guess here")


def audit_view(qtbot: QtBot, window: MainWindow) -> AuditView:
    view = open_screen(qtbot, window, "audit")
    assert isinstance(view, AuditView)
    qtbot.waitUntil(lambda: bool(view.entries))
    return view


def column(view: AuditView, which: Column) -> list[str]:
    out = []
    for row in range(view.table.rowCount()):
        item = view.table.item(row, which)
        assert item is not None
        out.append(item.text())
    return out


def choose(qtbot: QtBot, view: AuditView, combo_name: str, data: object) -> None:
    combo = view.type_filter if combo_name == "type" else view.user_filter
    index = combo.findData(data)
    assert index >= 0
    with qtbot.waitSignal(view.entries_did_load):
        combo.setCurrentIndex(index)


def test_a_failed_sign_in_is_listed_newest_first_and_verify_says_intact(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    fail_sign_in(profile)
    view = audit_view(qtbot, window)

    events = column(view, Column.EVENT)
    assert "Sign-in failed" in events
    row = events.index("Sign-in failed")
    assert column(view, Column.WHAT)[row] == "Failed to sign in as 'admin': wrong password."
    assert column(view, Column.USER)[row] == "Branch Admin"
    seqs = [entry.seq for entry in view.entries]
    assert seqs == sorted(seqs, reverse=True)

    with qtbot.waitSignal(view.verify_did_finish, timeout=10_000) as verified:
        view.verify_button.click()
    assert verified.args == [True]
    assert view.verdict.text().startswith("The record is intact: ")
    assert f"{len(list(profile.store.all_events()))} events checked" in view.verdict.text()
    assert "#1b5e20" in view.verdict.styleSheet()


def test_filters_by_type_user_and_date(qtbot: QtBot, window: MainWindow, profile: Profile) -> None:
    add_user(profile, "kai.ma", Role.OFFICER)
    fail_sign_in(profile, "admin", 2)
    fail_sign_in(profile, "kai.ma")
    view = audit_view(qtbot, window)

    choose(qtbot, view, "type", EventType.SIGN_IN_FAILED.value)
    assert column(view, Column.EVENT) == ["Sign-in failed"] * 3
    kai = next(
        s.user.user_id for s in AccountService(profile).users() if s.user.username == "kai.ma"
    )
    choose(qtbot, view, "user", kai)
    assert column(view, Column.WHAT) == ["Failed to sign in as 'kai.ma': wrong password."]

    with qtbot.waitSignal(view.entries_did_load):
        view.since.setDate(QDate.currentDate().addDays(1))
        view.since_on.setChecked(True)
    assert view.table.rowCount() == 0
    assert view.count.text() == "No events match these filters."


def test_load_more_pages_back(
    qtbot: QtBot, window: MainWindow, profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auditview, "PAGE_SIZE", 2)
    fail_sign_in(profile, "admin", 3)
    view = audit_view(qtbot, window)
    assert len(view.entries) == 2
    assert view.more_button.isEnabled()
    first = [e.seq for e in view.entries]
    with qtbot.waitSignal(view.entries_did_load):
        view.more_button.click()
    assert len(view.entries) == 4
    assert [e.seq for e in view.entries][:2] == first
    assert view.entries[2].seq < first[1]


def test_a_broken_record_is_said_in_red(qtbot: QtBot, window: MainWindow) -> None:
    view = audit_view(qtbot, window)
    problem = (
        "Event 7 (SignedIn, 2026-01-05 09:00 UTC): its content does not match its fingerprint."
    )
    view._on_verified(AuditReport(False, 6, None, problem, 7))
    assert view.verdict.text() == f"The record is broken. {problem}"
    assert ERROR_COLOUR in view.verdict.styleSheet()


def test_alerts_show_repeated_failed_sign_ins(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    add_user(profile, "iris.lu", Role.AUDITOR)
    fail_sign_in(profile, "admin", profile.policy.failed_sign_ins)
    AccountService(profile).sign_in("iris.lu", USER_PASSWORD)
    window = open_window(qtbot, profile, tasks)
    panel = open_screen(qtbot, window, "alerts")
    assert isinstance(panel, AlertsPanel)
    qtbot.waitUntil(lambda: bool(panel.alerts))

    def cell(row: int, column: AlertColumn) -> str:
        item = panel.table.item(row, column)
        assert item is not None
        return item.text()

    kinds = [cell(r, AlertColumn.KIND) for r in range(panel.table.rowCount())]
    row = kinds.index("Failed sign-ins")
    assert cell(row, AlertColumn.USER) == "Branch Admin"
    assert cell(row, AlertColumn.COUNT) == str(profile.policy.failed_sign_ins)
    assert "failed sign-ins for the user name 'admin'" in cell(row, AlertColumn.DETAILS)
