"""The audit log lists security events with filters and pages, Verify says the record is intact,
and the alerts panel shows failed sign-ins; both say what happened in the UI language."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.events import EventType
from app.domain.roles import Role
from app.services.accounts import AccountService, SignInRefused
from app.services.audit import AuditReport
from app.services.profile import Profile
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.test_admin_menu import RAISE_NOISE, USER_PASSWORD, add_user, open_as
from ui import auditview, i18n
from ui.alertspanel import AlertsPanel
from ui.alertspanel import Column as AlertColumn
from ui.auditview import AuditView, Column
from ui.mainwindow import MainWindow
from ui.notices import ERROR_COLOUR
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, RAISE_NOISE)
LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u4e00-\u9fff]")


def words_of(text: str, *recorded: str) -> str:
    """``text`` without the values it quotes from the record (names, user names, zones)."""
    for value in recorded:
        text = text.replace(value, "")
    return text


def fail_sign_in(profile: Profile, username: str = "admin", times: int = 1) -> None:
    for _ in range(times):
        with pytest.raises(SignInRefused):
            AccountService(profile).sign_in(username, "a wrong guess here")


def audit_view(qtbot: QtBot, window: MainWindow) -> AuditView:
    view = open_as(qtbot, window, "audit", AuditView)
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


def test_a_lockout_is_told_in_local_time(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    add_user(profile, "kai.ma", Role.OFFICER)
    fail_sign_in(profile, "kai.ma", profile.policy.lockout_failures)
    view = audit_view(qtbot, window)

    row = column(view, Column.EVENT).index("Account locked")
    until = datetime.fromisoformat(str(view.entries[row].details["until"]))
    local = until.astimezone().strftime("%-d %b %Y %H:%M")
    failures = profile.policy.lockout_failures
    assert column(view, Column.WHAT)[row] == (
        f"The account of Kai Ma locked after {failures} failed attempts, until {local}."
    )
    assert column(view, Column.USER)[row] == "Kai Ma"


def test_what_happened_follows_a_switch_to_chinese(
    qtbot: QtBot, window: MainWindow, profile: Profile, qapp: QApplication
) -> None:
    add_user(profile, "kai.ma", Role.OFFICER)
    fail_sign_in(profile, "kai.ma", profile.policy.lockout_failures)
    view = audit_view(qtbot, window)
    events = column(view, Column.EVENT)
    failed, locked = events.index("Sign-in failed"), events.index("Account locked")

    i18n.install(qapp, "zh_CN")
    qtbot.waitUntil(lambda: column(view, Column.EVENT)[failed] == "登录失败")
    what = column(view, Column.WHAT)
    assert "登录失败" in what[failed]
    assert "密码错误" in what[failed]
    assert not LATIN.search(words_of(what[failed], "kai.ma"))
    assert "锁定" in what[locked]
    assert not LATIN.search(words_of(what[locked], "Kai Ma"))
    assert all(CJK.search(text) for text in what)

    i18n.install(qapp, "en")
    qtbot.waitUntil(lambda: column(view, Column.EVENT)[failed] == "Sign-in failed")
    assert column(view, Column.WHAT)[failed] == "Failed to sign in as 'kai.ma': wrong password."


def alerts_panel(qtbot: QtBot, profile: Profile, tasks: TaskManager) -> AlertsPanel:
    """The alerts panel as an auditor sees it, once its alerts have loaded."""
    add_user(profile, "iris.lu", Role.AUDITOR)
    AccountService(profile).sign_in("iris.lu", USER_PASSWORD)
    window = open_window(qtbot, profile, tasks)
    panel = open_as(qtbot, window, "alerts", AlertsPanel)
    qtbot.waitUntil(lambda: bool(panel.alerts))
    return panel


def cell(panel: AlertsPanel, row: int, column: AlertColumn) -> str:
    item = panel.table.item(row, column)
    assert item is not None
    return item.text()


def test_alerts_show_repeated_failed_sign_ins(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    fail_sign_in(profile, "admin", profile.policy.failed_sign_ins)
    panel = alerts_panel(qtbot, profile, tasks)

    kinds = [cell(panel, r, AlertColumn.KIND) for r in range(panel.table.rowCount())]
    row = kinds.index("Failed sign-ins")
    count, policy = profile.policy.failed_sign_ins, profile.policy
    assert cell(panel, row, AlertColumn.USER) == "Branch Admin"
    assert cell(panel, row, AlertColumn.COUNT) == str(count)
    assert cell(panel, row, AlertColumn.DETAILS).startswith(
        f"{count} failed sign-ins for the user name of Branch Admin "
        f"({policy.failed_sign_ins} or more within {policy.failed_minutes} minutes), from "
    )


def test_alert_details_follow_a_switch_to_chinese(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, qapp: QApplication
) -> None:
    fail_sign_in(profile, "admin", profile.policy.failed_sign_ins)
    fail_sign_in(profile, "nobody", profile.policy.failed_sign_ins)
    panel = alerts_panel(qtbot, profile, tasks)
    # Signing in outside working hours adds an alert of its own; these are the two rows here.
    rows = [r for r, a in enumerate(panel.alerts) if a.kind == "alert.failed_sign_ins"]
    assert len(rows) == 2
    english = [cell(panel, r, AlertColumn.DETAILS) for r in rows]
    assert any("the user name “nobody”, which matches no user here" in text for text in english)

    i18n.install(qapp, "zh_CN")
    qtbot.waitUntil(lambda: panel.windowTitle() == "告警")
    zone = profile.policy.timezone
    for row in range(panel.table.rowCount()):
        details = cell(panel, row, AlertColumn.DETAILS)
        assert CJK.search(details)
        assert not LATIN.search(words_of(details, "Branch Admin", "Iris Lu", "nobody", zone))
    assert all("登录失败" in cell(panel, r, AlertColumn.DETAILS) for r in rows)

    i18n.install(qapp, "en")
    qtbot.waitUntil(lambda: panel.windowTitle() == "Alerts")
    assert [cell(panel, r, AlertColumn.DETAILS) for r in rows] == english
