"""The window syncs with a real branch server in the background and says so truthfully.

A real server process on loopback, real encrypted profiles and a real main
window offscreen; the schedule is made short through the window's
``sync_backoff`` argument, and its random source fixed so each backoff is
its ceiling.
"""

from __future__ import annotations

import gc
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.domain.events import Event, EventType
from app.domain.roles import Role
from app.errors import UserError
from app.security.keys import KeySource
from app.services.accounts import AccountService
from app.services.cases import CaseService
from app.services.decisions import DecisionService
from app.services.profile import Profile
from app.services.sync import LAST_PULL, SERVER, SyncService
from app.sync.backoff import Backoff
from tests.conftest import PASSWORD, REPO, USER_PASSWORD, sign_in
from tests.server.conftest import Branch
from tests.server.process import cli_ok
from tests.services.test_decisions import GOOD
from tests.ui.conftest import OFFSCREEN_NOISE
from tests.ui.helpers import save, type_into, type_text
from ui import messages
from ui.conflicts import ConflictsDialog
from ui.mainwindow import MainWindow
from ui.syncer import Phase
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
#: rounds every 0.3 s while the server answers; after failures 1 s, 2 s, 4 s ... (no jitter)
PERIOD_S, BASE_S = 0.3, 1.0
WAIT_MS = 30_000


@pytest.fixture(autouse=True)
def _collect_on_the_ui_thread() -> Iterator[None]:
    """As in the app (ui/collector.py): no collection on a worker thread mid-test."""
    gc.disable()
    yield
    gc.collect()
    gc.enable()


@pytest.fixture
def tasks() -> Iterator[TaskManager]:
    manager = TaskManager()
    yield manager
    manager.shutdown()


def fast_schedule() -> Backoff:
    return Backoff(period_s=PERIOD_S, base_s=BASE_S, cap_s=60.0, unit=lambda: 1.0)


def open_desk(qtbot: QtBot, profile: Profile, tasks: TaskManager) -> MainWindow:
    window = MainWindow(profile, tasks, sync_backoff=fast_schedule())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.case_list.model.keys_did_load):
        window.show()
    return window


def enrol(profile: Profile, branch: Branch, name: str) -> None:
    SyncService(profile).enrol(branch.url, branch.code(name), name)


def own_events(profile: Profile) -> list[bytes]:
    return profile.store.device_events(profile.device_id, after_seq=0, limit=10_000)


def local_clock(at: str) -> str:
    """What "last synced" should say: the local hour and minute (with the date another day)."""
    moment = datetime.fromisoformat(at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    if local.date() != datetime.now().astimezone().date():
        return local.strftime("%-d %b %Y %H:%M")
    return local.strftime("%H:%M")


def says_all_sent(window: MainWindow, profile: Profile) -> bool:
    last = profile.store.meta(LAST_PULL)
    if last is None:
        return False
    return window.sync_label.text() == f"All sent · last synced {local_clock(last)}"


def all_sent(window: MainWindow, profile: Profile) -> bool:
    """The server has acknowledged everything, and the line says so."""
    return SyncService(profile).status().pending == 0 and says_all_sent(window, profile)


def waiting_words(count: int) -> str:
    return "1 change waits here" if count == 1 else f"{count} changes wait here"


def new_case(qtbot: QtBot, window: MainWindow, name: str) -> str:
    """An officer opens a case through the window and saves it."""
    window.new_action.trigger()
    type_into(window.case_view, "full_name", name)
    with qtbot.waitSignal(window.case_view.case_did_load):
        assert save(qtbot, window)
    case_id = window.case_view.case_id
    assert case_id is not None
    return case_id


def test_work_goes_up_on_the_timer_waits_offline_with_backoff_and_goes_up_on_sync_now(
    qtbot: QtBot, profile: Profile, branch: Branch, tasks: TaskManager
) -> None:
    sign_in(profile)
    enrol(profile, branch, "front desk")
    reader = branch.enrol("back office")
    window = open_desk(qtbot, profile, tasks)
    label, syncer = window.sync_label, window.syncer
    qtbot.waitUntil(lambda: syncer.phase is Phase.ONLINE, timeout=WAIT_MS)
    assert window.sync_now_action.isEnabled()
    assert window.sync_now_action.shortcut().toString() == "F5"

    # A case saved at the desk goes up with a round the timer starts.
    case_id = new_case(qtbot, window, "陈静")
    mine = own_events(profile)
    assert len(mine) >= 2
    qtbot.waitUntil(lambda: all_sent(window, profile), timeout=WAIT_MS)
    assert reader.pull_all().events == mine
    assert f"Branch server {branch.url}; last sent: " in label.toolTip()
    assert "last sent: never" not in label.toolTip()
    assert "last taken in: never" not in label.toolTip()

    # The server stops: the work made meanwhile stays counted, the tries back off.
    branch.process.stop()
    qtbot.waitUntil(lambda: syncer.backoff.failures == 1, timeout=WAIT_MS)
    first = syncer.delay_s
    type_into(window.case_view, "address", "1 Bund Road, Shanghai")
    assert save(qtbot, window)
    waiting = len(own_events(profile)) - len(mine)
    assert waiting >= 1
    qtbot.waitUntil(lambda: syncer.backoff.failures == 2, timeout=WAIT_MS)
    second = syncer.delay_s
    assert first is not None
    assert second is not None
    assert second > first
    assert second == syncer.backoff.ceiling(2)
    offline = re.compile(
        rf"Offline: {waiting_words(waiting)} · (next try in [1-9][0-9]* s|trying again now)"
    )
    qtbot.waitUntil(lambda: offline.fullmatch(label.text()) is not None, timeout=WAIT_MS)
    assert syncer.timer.isActive() or syncer.syncing

    # Back on another port (a branch's keeps its address), and "Sync now" at once.
    branch.start()
    assert reader.pull_all().events == mine  # nothing of the new work reached the server
    with profile.store.writing() as tx:
        tx.set_meta(SERVER, branch.url)
    assert window.sync_now_action.isEnabled()
    window.sync_now_action.trigger()
    qtbot.waitUntil(lambda: all_sent(window, profile), timeout=WAIT_MS)
    assert syncer.backoff.failures == 0
    assert syncer.delay_s == PERIOD_S
    assert reader.pull_all().events == own_events(profile)
    assert CaseService(profile).get(case_id).value("address") == "1 Bund Road, Shanghai"


def test_another_desks_work_shows_in_the_list_and_the_open_case_and_conflicts_are_told(
    qtbot: QtBot,
    profile: Profile,
    branch: Branch,
    tasks: TaskManager,
    tmp_path: Path,
    key_source: KeySource,
) -> None:
    sign_in(profile)
    enrol(profile, branch, "front desk")
    other = Profile.create(
        tmp_path / "desk-b",
        key_source,
        admin_username="admin.b",
        admin_name="Admin B",
        admin_password=PASSWORD,
    )
    try:
        sign_in(other, "admin.b")
        enrol(other, branch, "desk b")
        window = open_desk(qtbot, profile, tasks)
        label = window.sync_label
        mine = new_case(qtbot, window, "Li Na")
        qtbot.waitUntil(lambda: all_sent(window, profile), timeout=WAIT_MS)

        # The other desk opens a case and changes ours; both show here without a click.
        theirs = CaseService(other).open_case({"full_name": "Wang Fang"}).case_id
        assert theirs is not None
        SyncService(other).sync()
        CaseService(other).update_case(mine, {"address": "8 Nanjing Road"})
        SyncService(other).sync()
        model = window.case_list.model
        qtbot.waitUntil(lambda: model.row_of(theirs) is not None, timeout=WAIT_MS)
        address = window.case_view.form.editor("address").line
        assert address is not None
        qtbot.waitUntil(lambda: address.text() == "8 Nanjing Road", timeout=WAIT_MS)
        assert window.case_view.case_id == mine
        qtbot.waitUntil(lambda: window.count_label.text() == "Cases: 2", timeout=WAIT_MS)

        # No conflict yet: a click on the line asks for nothing.
        with qtbot.assertNotEmitted(window.conflicts_requested, wait=100):
            QTest.mouseClick(label, Qt.MouseButton.LeftButton)

        # Both desks set the same field apart before either hears of the other.
        CaseService(other).update_case(theirs, {"full_name": "Wang Fang B"})
        with qtbot.waitSignal(window.case_view.case_did_load, timeout=WAIT_MS):
            window.case_list.select_case(theirs)
        type_into(window.case_view, "full_name", "Wang Fang A")
        assert save(qtbot, window)
        qtbot.waitUntil(lambda: all_sent(window, profile), timeout=WAIT_MS)
        SyncService(other).sync()
        qtbot.waitUntil(lambda: label.text().endswith(" · 1 case in conflict"), timeout=WAIT_MS)
        assert SyncService(profile).status().conflicted == 1
        assert "Click to see the cases in conflict." in label.toolTip()
        with qtbot.waitSignal(window.conflicts_requested, timeout=1000):
            QTest.mouseClick(label, Qt.MouseButton.LeftButton)
        # The click opens the list of cases in conflict, with this one in it.
        qtbot.waitUntil(lambda: _conflicts_dialog(window) is not None, timeout=WAIT_MS)
        dialog = _conflicts_dialog(window)
        assert dialog is not None
        qtbot.waitUntil(
            lambda: [r.summary.case_id for r in dialog.rows] == [theirs], timeout=WAIT_MS
        )
        dialog.close()
    finally:
        other.close()


def _conflicts_dialog(window: MainWindow) -> ConflictsDialog | None:
    found = [d for d in window.findChildren(ConflictsDialog) if d.isVisible()]
    return found[0] if found else None


def test_a_change_the_branch_refuses_is_told_with_its_case_and_reason(
    qtbot: QtBot,
    profile: Profile,
    branch: Branch,
    tasks: TaskManager,
    tmp_path: Path,
    key_source: KeySource,
) -> None:
    sign_in(profile)
    enrol(profile, branch, "front desk")
    other = Profile.create(
        tmp_path / "desk-b",
        key_source,
        admin_username="admin.b",
        admin_name="Admin B",
        admin_password=PASSWORD,
    )
    try:
        sign_in(other, "admin.b")
        enrol(other, branch, "desk b")
        case_id = CaseService(other).open_case(GOOD).case_id
        assert case_id is not None
        SyncService(other).sync()
        window = open_desk(qtbot, profile, tasks)
        qtbot.waitUntil(lambda: window.case_list.model.row_of(case_id) is not None, timeout=WAIT_MS)
        # Both desks submit the case; the other desk's submission reaches the server first.
        DecisionService(other).submit(case_id)
        SyncService(other).sync()
        DecisionService(profile).submit(case_id)
        case_no = CaseService(profile).get(case_id).case_no
        window.sync_now_action.trigger()
        qtbot.waitUntil(lambda: bool(messages.open_boxes(window)), timeout=WAIT_MS)
        box = messages.open_boxes(window)[0]
        assert box.windowTitle() == "The branch server refused a change"
        assert f"The submission on case {case_no} was refused: the case had moved on" in box.text()
        box.close()
        # The refused submission counts nowhere: the case is the other desk's submission.
        assert CaseService(profile).get(case_id).submitted_by == other.actor.user_id
    finally:
        other.close()


def test_a_refusal_is_told_in_words_and_the_rounds_keep_the_period(
    qtbot: QtBot, profile: Profile, branch: Branch, tasks: TaskManager
) -> None:
    sign_in(profile)
    enrol(profile, branch, "front desk")
    window = open_desk(qtbot, profile, tasks)
    syncer = window.syncer
    qtbot.waitUntil(lambda: syncer.phase is Phase.ONLINE, timeout=WAIT_MS)
    cli_ok("devices", "revoke", "--data", str(branch.data), profile.device_id)
    with qtbot.waitSignal(syncer.refused, timeout=WAIT_MS) as told:
        pass
    assert told.args is not None
    sentence = str(told.args[0])
    assert sentence.startswith("The branch server refused")
    assert window.statusBar().currentMessage() == sentence
    assert syncer.phase is Phase.REFUSED
    assert syncer.delay_s == PERIOD_S  # not a backoff: the line is up
    assert syncer.backoff.failures == 0
    label = window.sync_label
    qtbot.waitUntil(
        lambda: label.text() == "The branch server refused the last sync", timeout=WAIT_MS
    )
    assert label.toolTip().startswith(sentence + "\n")

    # The same refusal is not told again, round after round.
    rounds: list[object] = []
    syncer.status_changed.connect(rounds.append)
    with qtbot.assertNotEmitted(syncer.refused):
        qtbot.waitUntil(lambda: len(rounds) >= 3, timeout=WAIT_MS)
    assert syncer.running
    assert syncer.phase is Phase.REFUSED


def test_the_rounds_stop_while_the_screen_is_locked_and_when_the_window_closes(
    qtbot: QtBot, profile: Profile, branch: Branch, tasks: TaskManager
) -> None:
    sign_in(profile)
    enrol(profile, branch, "front desk")
    window = open_desk(qtbot, profile, tasks)
    syncer = window.syncer
    qtbot.waitUntil(lambda: syncer.phase is Phase.ONLINE, timeout=WAIT_MS)
    window.lock("manual")
    assert not syncer.running
    assert not syncer.timer.isActive()
    assert not window.sync_now_action.isEnabled()
    window.sync_now_action.trigger()  # F5 under the lock page does nothing
    assert not syncer.syncing
    screen = window.lock_screen
    with qtbot.waitSignal(window.session_did_unlock, timeout=WAIT_MS):
        type_text(screen.password, PASSWORD)
        QTest.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: syncer.running and syncer.timer.isActive(), timeout=WAIT_MS)
    window.close()
    assert not syncer.running
    assert not syncer.timer.isActive()


def test_opening_the_window_loads_no_http_client() -> None:
    """httpx and the TLS tools load with the first round, not with the desk."""
    code = (
        "import sys\n"
        "import ui.app, ui.session, ui.mainwindow, ui.syncer\n"
        "loaded = sorted(m for m in ('httpx', 'httpcore', 'app.sync.client') if m in sys.modules)\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
        timeout=120,
    )
    assert result.stdout.strip() == ""


def test_an_administrators_desk_sends_the_users_it_adds(
    qtbot: QtBot, profile: Profile, branch: Branch, tasks: TaskManager
) -> None:
    sign_in(profile)
    enrol(profile, branch, "it desk")
    accounts = AccountService(profile)
    accounts.add_user(
        username="it.hu",
        display_name="Hu Jun",
        roles=[Role.ADMIN],
        password=USER_PASSWORD,
        admin_password=PASSWORD,
    )
    accounts.sign_in("it.hu", USER_PASSWORD)
    window = MainWindow(profile, tasks, sync_backoff=fast_schedule())
    qtbot.addWidget(window)
    window.show()
    assert not window.may_view  # an administrator alone works with no case
    qtbot.waitUntil(lambda: all_sent(window, profile), timeout=WAIT_MS)
    reader = branch.enrol("reader")
    added = [Event.from_bytes(body) for body in reader.pull_all().events]
    names = [e.payload["username"] for e in added if e.type is EventType.USER_ADDED]
    assert names == ["admin", "it.hu"]
    assert messages.open_boxes(window) == []


def test_new_product_terms_from_the_branch_show_on_the_open_case_and_are_told(
    qtbot: QtBot, profile: Profile, branch: Branch, tasks: TaskManager, tmp_path: Path
) -> None:
    sign_in(profile)
    enrol(profile, branch, "front desk")
    case_id = CaseService(profile).open_case(GOOD).case_id
    assert case_id is not None
    window = open_desk(qtbot, profile, tasks)
    qtbot.waitUntil(lambda: says_all_sent(window, profile), timeout=WAIT_MS)
    with qtbot.waitSignal(window.case_view.case_did_load, timeout=WAIT_MS):
        window.case_view.show_case(case_id)
    offers = window.case_view.offers
    assert offers is not None
    window.case_view.tabs.setCurrentWidget(offers)
    qtbot.waitUntil(lambda: "at 6.50 % a year" in offers.summary.text(), timeout=WAIT_MS)

    products = json.loads((REPO / "resources" / "products.json").read_text(encoding="utf-8"))
    products["version"] = "2027-01 rates"
    personal = next(p for p in products["products"] if p["code"] == "personal")
    personal["annual_rate"] = "4.35"
    published = tmp_path / "products.json"
    published.write_text(json.dumps(products), encoding="utf-8")
    cli_ok("rules", "publish", "--data", str(branch.data), "products", str(published))

    said = "The branch's products, version 2027-01 rates, are in force now."
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "at 4.35 % a year" in offers.summary.text(), timeout=WAIT_MS)
    assert window.case_view.case_id == case_id


def test_a_user_switched_off_at_the_server_is_signed_out_of_the_window(
    qtbot: QtBot, profile: Profile, branch: Branch, tasks: TaskManager
) -> None:
    sign_in(profile)
    enrol(profile, branch, "front desk")
    accounts = AccountService(profile)
    accounts.add_user(
        username="officer.wu",
        display_name="Wu Lei",
        roles=[Role.OFFICER],
        password=USER_PASSWORD,
        admin_password=PASSWORD,
    )
    SyncService(profile).sync()
    accounts.sign_in("officer.wu", USER_PASSWORD)
    window = open_desk(qtbot, profile, tasks)
    qtbot.waitUntil(lambda: says_all_sent(window, profile), timeout=WAIT_MS)
    window.new_action.trigger()
    type_into(window.case_view, "full_name", "吴磊的客户")
    assert window.case_view.form.dirty

    cli_ok("users", "switch-off", "--data", str(branch.data), "officer.wu", "--by", "admin")
    with qtbot.waitSignal(window.did_sign_out, timeout=WAIT_MS):
        pass
    assert profile.session is None
    told = [box for box in messages.open_boxes(None) if box.windowTitle() == "Signed out"]
    assert len(told) == 1
    assert "switched your account off for the whole branch" in told[0].text()
    told[0].close()
    with pytest.raises(UserError, match="switched off"):
        accounts.sign_in("officer.wu", USER_PASSWORD)
