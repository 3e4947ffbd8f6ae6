"""A real workstation profile enrols with a real branch server and sends its work up."""

from __future__ import annotations

import pytest

from app.domain.events import Event
from app.services.accounts import AccountService
from app.services.cases import CaseService
from app.services.profile import Profile
from app.services.sync import PUSHED, SERVER, NotEnrolled, SyncService
from app.sync.client import ServerRefused, ServerUnreachable
from tests.conftest import sign_in
from tests.server.conftest import Branch


def _own_events(profile: Profile) -> list[bytes]:
    return profile.store.device_events(profile.device_id, after_seq=0, limit=10_000)


def test_an_enrolled_workstation_sends_every_event_once_in_order(
    profile: Profile, branch: Branch
) -> None:
    sign_in(profile)
    sync = SyncService(profile)
    with pytest.raises(NotEnrolled, match="not enrolled"):
        sync.push()
    assert not sync.status().enrolled
    status = sync.enrol(branch.url, branch.code("front desk"), "front desk")
    assert status.server == branch.url
    cases = CaseService(profile)
    for name in ("陈静", "Wang Fang", "李娜"):
        cases.open_case({"full_name": name})
    mine = _own_events(profile)
    assert sync.status().pending == len(mine)

    report = sync.push()
    assert report.sent == len(mine)
    assert sync.status().pending == 0
    assert sync.push().sent == 0  # nothing left

    # Another device reads exactly this workstation's events, in its order.
    reader = branch.enrol("back office")
    pulled = reader.pull_all()
    assert pulled.events == mine
    assert report.server_seq == len(mine)

    # The workstation forgets how far it got (a crash before noting the acks):
    # the resend is acknowledged and the server keeps one copy.
    with profile.store.writing() as tx:
        tx.set_meta(PUSHED, "0")
    cases.open_case({"full_name": "Zhao Min"})
    now_mine = _own_events(profile)
    again = sync.push()
    assert again.sent == len(now_mine)
    after = reader.pull_all().events
    assert after == now_mine
    assert Event.from_bytes(after[-1]).payload["fields"]["full_name"] == "Zhao Min"


def test_a_server_that_is_down_is_said_in_words_and_nothing_is_marked_sent(
    profile: Profile, branch: Branch
) -> None:
    sign_in(profile)
    sync = SyncService(profile)
    sync.enrol(branch.url, branch.code("front desk"), "front desk")
    CaseService(profile).open_case({"full_name": "陈静"})
    waiting = sync.status().pending
    branch.process.stop()
    with pytest.raises(ServerUnreachable, match="cannot be reached.*kept here"):
        sync.push()
    assert sync.status().pending == waiting
    branch.start()
    # The test's server comes back on another port; a branch's keeps its address.
    with profile.store.writing() as tx:
        tx.set_meta(SERVER, branch.url)
    assert sync.push().sent == waiting


def test_enrolment_needs_an_admin_and_a_valid_code(profile: Profile, branch: Branch) -> None:
    sign_in(profile)
    sync = SyncService(profile)
    with pytest.raises(ServerRefused, match="The branch server refused"):
        sync.enrol(branch.url, "NOT-A-CODE", "front desk")
    assert not sync.status().enrolled
    code = branch.code("front desk")
    sync.enrol(branch.url, code, "front desk")
    with pytest.raises(ServerRefused):  # a code serves once
        SyncService(profile).enrol(branch.url, code, "front desk")
    AccountService(profile).sign_out()
    with pytest.raises(Exception, match="Sign in"):
        SyncService(profile).status()
