"""The branch dashboard: the figures of the profile's cases, filtered, charted and exported."""

from __future__ import annotations

import csv
import io
import threading
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QEvent
from pytestqt.qtbot import QtBot

from app.domain.case import Status
from app.domain.events import EventType
from app.domain.figures import Scope
from app.domain.roles import Role
from app.services.decisions import DecisionService
from app.services.profile import Profile
from app.services.reports import BranchFigures, ReportService
from tests.conftest import USER_PASSWORD, act_as, sign_in
from tests.services.test_decisions import submitted_case
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.test_admin_menu import RAISE_NOISE, open_as
from ui import i18n, messages
from ui.charts import BarChart
from ui.dashboard import Dashboard, period_range
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, RAISE_NOISE)
REASONS = ["Debt high relative to income", "Minimum income"]  # a model's, a rule's
WAIT_MS = 20_000


def _branch(profile: Profile) -> dict[str, str]:
    """Four cases: one approved, one declined, one waiting for review, one draft."""
    approved = submitted_case(profile)
    declined = submitted_case(profile, full_name="王芳")
    waiting = submitted_case(profile, full_name="李雷")
    sign_in(profile)
    from app.services.cases import CaseService

    draft = CaseService(profile).open_case({"full_name": "赵敏", "product": "personal"}).case_id
    assert draft is not None
    act_as(profile, Role.SUPERVISOR)
    decisions = DecisionService(profile)
    for case_id in (approved, declined):
        decisions.start_review(case_id)
    decisions.decide(approved, "approve", USER_PASSWORD)
    decisions.decide(declined, "decline", USER_PASSWORD, reasons=REASONS)
    return {"approved": approved, "declined": declined, "waiting": waiting, "draft": draft}


def _open(qtbot: QtBot, profile: Profile, tasks: TaskManager) -> Dashboard:
    window = open_window(qtbot, profile, tasks)
    dashboard = open_as(qtbot, window, "dashboard", Dashboard)
    qtbot.waitUntil(lambda: dashboard.report is not None, timeout=WAIT_MS)
    return dashboard


def _bars(chart: BarChart) -> dict[str, str]:
    return {bar.label: bar.shown for bar in chart.bars}


def test_the_dashboard_shows_the_cases_as_they_stand(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    _branch(profile)
    states = profile.store.cases_in(Status)
    dashboard = _open(qtbot, profile, tasks)
    statuses = Counter(state.status for state in states)
    shown = _bars(dashboard.pipeline)
    assert shown["Approved"] == str(statuses[Status.APPROVED]) == "1"
    assert shown["Declined"] == "1"
    assert shown["Submitted"] == str(statuses[Status.SUBMITTED])
    assert shown["Draft"] == str(statuses[Status.DRAFT])
    assert dashboard.figure_values["decided"].text() == "2"
    assert dashboard.figure_values["rate"].text() == "50.0 %"
    assert dashboard.figure_values["amount"].text() == "100,000.00 CNY"
    assert _bars(dashboard.reasons) == dict.fromkeys(REASONS, "1")
    grades = Counter(s.risk.grade for s in states if s.risk is not None)
    for grade, count in grades.items():
        assert _bars(dashboard.grades)[f"Grade {grade}"] == str(count)
    assert _bars(dashboard.grades)["Not scored"] == "1"  # the draft
    # The draft lacks every document its checklist asks for.
    assert dashboard.missing.bars
    assert all(bar.shown.endswith("cases") for bar in dashboard.missing.bars)
    cells = [dashboard.workload.item(row, 0) for row in range(dashboard.workload.rowCount())]
    assert [cell.text() for cell in cells if cell is not None] == ["Branch Admin"]
    assert "Approved: 1" in dashboard.pipeline.accessibleDescription()


def test_a_filter_that_leaves_nothing_says_so(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    _branch(profile)
    dashboard = _open(qtbot, profile, tasks)
    assert not dashboard.empty.isVisible()
    with qtbot.waitSignal(dashboard.did_load, timeout=WAIT_MS):
        dashboard.product.setCurrentIndex(dashboard.product.findData("secured"))
    assert dashboard.empty.isVisible()
    assert "No case was opened or decided" in dashboard.empty.text()
    with qtbot.waitSignal(dashboard.did_load, timeout=WAIT_MS):
        dashboard.product.setCurrentIndex(0)
    assert not dashboard.empty.isVisible()
    # A period long past: nothing in it.
    dashboard.period.setCurrentIndex(dashboard.period.findData("custom"))
    qtbot.waitUntil(lambda: dashboard.since.isVisible(), timeout=WAIT_MS)
    with qtbot.waitSignal(dashboard.did_load, timeout=WAIT_MS):
        dashboard.since.setDate(QDate(2001, 1, 1))
    with qtbot.waitSignal(dashboard.did_load, timeout=WAIT_MS):
        dashboard.until.setDate(QDate(2001, 12, 31))
    assert dashboard.scope().since == date(2001, 1, 1)
    assert dashboard.empty.isVisible()
    # The last day before the first is refused in words, and nothing is read.
    dashboard.since.setDate(QDate(2002, 1, 1))
    assert dashboard.problem.isVisible()
    assert "first day comes after the last" in dashboard.problem.text()


def test_the_periods_run_to_today() -> None:
    today = date(2026, 8, 17)
    assert period_range("all", today) == (None, None)
    assert period_range("month", today) == (date(2026, 8, 1), today)
    assert period_range("30days", today) == (date(2026, 7, 19), today)
    assert period_range("quarter", today) == (date(2026, 7, 1), today)
    assert period_range("year", today) == (date(2026, 1, 1), today)


def test_the_figures_export_as_csv_and_the_export_is_recorded(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, tmp_path: Path
) -> None:
    _branch(profile)
    dashboard = _open(qtbot, profile, tasks)
    assert dashboard.export_csv.isVisible()
    target = tmp_path / "figures.csv"
    with qtbot.waitSignal(dashboard.did_export, timeout=WAIT_MS) as saved:
        dashboard.save_to(str(target), "csv")
    assert saved.args == [str(target)]
    assert target.stat().st_mode & 0o777 == 0o600
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    found = {(section, item): value for section, item, value in rows[1:]}
    assert found[("decided", "approved")] == "1"
    assert found[("decided", "declined")] == "1"
    for reason in REASONS:
        assert found[("decline_reasons", reason)] == "1"
    exported = profile.store.events_of_types((EventType.EXPORTED,))
    assert [e.payload["what"] for _, e in exported] == ["branch report (csv)"]


def test_the_dashboard_follows_a_switch_of_language(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, qapp: object
) -> None:
    _branch(profile)
    dashboard = _open(qtbot, profile, tasks)
    i18n.install(qapp, "zh_CN")  # type: ignore[arg-type]
    try:
        qtbot.waitUntil(lambda: dashboard.windowTitle() == "支行业务看板", timeout=WAIT_MS)
        assert "已批准" in _bars(dashboard.pipeline)
    finally:
        i18n.install(qapp, "en")  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: dashboard.windowTitle() == "Branch dashboard", timeout=WAIT_MS)


def test_closing_the_dashboard_while_it_reads_drops_the_figures_quietly(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    _branch(profile)
    real = ReportService.figures
    reading = threading.Event()

    def slow(service: ReportService, scope: Scope, *, with_drift: bool = True) -> BranchFigures:
        reading.set()
        time.sleep(0.5)  # still reading when the supervisor closes the screen
        return real(service, scope, with_drift=with_drift)

    monkeypatch.setattr(ReportService, "figures", slow)
    window = open_window(qtbot, profile, tasks)
    dashboard = open_as(qtbot, window, "dashboard", Dashboard)
    assert reading.wait(5)
    dashboard.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.waitUntil(lambda: not tasks.busy, timeout=WAIT_MS)
    qtbot.wait(100)
    assert messages.open_boxes() == []


def test_the_periods_are_the_branchs_days_not_the_machines(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    _branch(profile)
    moment = datetime(2026, 7, 31, 17, 30, tzinfo=UTC)  # August already in UTC+8
    profile.clock = lambda: moment
    branch_day = moment.astimezone(ZoneInfo(profile.policy.timezone)).date()
    dashboard = _open(qtbot, profile, tasks)
    assert dashboard.today() == branch_day
    with qtbot.waitSignal(dashboard.did_load, timeout=WAIT_MS):
        dashboard.period.setCurrentIndex(dashboard.period.findData("month"))
    assert dashboard.scope().since == branch_day.replace(day=1)
    assert dashboard.scope().until == branch_day
