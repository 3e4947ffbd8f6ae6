"""Real workstation profiles share their work through a real branch server.

Each test runs the server as a process on loopback (SQLite and PostgreSQL)
and two or three encrypted profiles that push and pull through it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.case import CaseState, Status
from app.domain.events import EventType
from app.domain.roles import Role
from app.errors import InvalidInput, UserError
from app.security.audit import verify_chain
from app.security.keys import KeySource
from app.services.accounts import AccountService
from app.services.cases import CaseService
from app.services.decisions import DecisionRefused, DecisionService
from app.services.profile import Profile
from app.services.risk import RiskService
from app.services.sync import CHAIN, SyncService
from app.store.repo import PULLED, CaseQuery
from app.sync.client import ServerRefused
from tests.conftest import PASSWORD, USER_PASSWORD, secret, sign_in
from tests.server.conftest import Branch, add_user, sync_all
from tests.server.process import cli_ok
from tests.services.test_decisions import GOOD


def _case(profile: Profile, case_id: str) -> CaseState:
    state = profile.store.case(case_id)
    assert state is not None
    return state


def _projection(profile: Profile) -> dict[str, object]:
    """Everything the screens read of every case, for comparing workstations."""
    states: dict[str, object] = {}
    for summary in profile.store.list_cases(_ALL, limit=10_000):
        state = _case(profile, summary.case_id)
        states[state.case_id] = state.model_dump(mode="json")
    return states


_ALL = CaseQuery()


def test_a_case_opened_at_one_desk_appears_at_the_others(desks: list[Profile]) -> None:
    a, b, c = desks
    opened = CaseService(a).open_case({"full_name": "陈静", "id_number": "11010519491231002X"})
    case_id = opened.case_id
    assert case_id is not None
    report = SyncService(a).sync()
    assert report.sent > 0
    pulled = SyncService(b).sync()
    assert case_id in pulled.cases
    assert _case(b, case_id).value("full_name") == "陈静"
    assert _case(b, case_id).case_no == _case(a, case_id).case_no
    # B works on it; A and C take that in.
    CaseService(b).update_case(case_id, {"full_name": "陈 静"})
    sync_all(desks)
    for desk in desks:
        assert _case(desk, case_id).value("full_name") == "陈 静"
        assert not _case(desk, case_id).conflicts
    assert _projection(a) == _projection(b) == _projection(c)
    # Every desk's own audit holds the shared record as sound, in server order.
    for desk in desks:
        report_ = verify_chain(desk.store, desk.device_id)
        assert report_.ok, report_.problem


def test_the_same_field_changed_apart_is_a_conflict_everywhere_until_resolved(
    desks: list[Profile],
) -> None:
    a, b, c = desks
    case_id = CaseService(a).open_case({"full_name": "Wang Fang"}).case_id
    assert case_id is not None
    sync_all(desks)
    # The line is down: A and B change the same field, and C another one.
    CaseService(a).update_case(case_id, {"full_name": "Wang Fang A"})
    CaseService(b).update_case(case_id, {"full_name": "Wang Fang B"})
    CaseService(c).update_case(case_id, {"address": "1 Bund Road, Shanghai"})
    sync_all(desks)
    views = [_case(desk, case_id) for desk in desks]
    for view in views:
        claims = view.conflicts.get("full_name")
        assert claims is not None, "a concurrent change was silently overwritten"
        assert {claim.value for claim in claims} == {"Wang Fang A", "Wang Fang B"}
        assert set(view.conflicts) == {"full_name"}
        assert view.value("address") == "1 Bund Road, Shanghai"  # a different field merges
    assert _projection(a) == _projection(b) == _projection(c)
    assert SyncService(a).status().conflicted == 1
    assert [s.case_id for s in CaseService(a).conflicted()] == [case_id]
    # Who set each value, and when, is there for the person who decides.
    by_value = {claim.value: claim for claim in views[0].conflicts["full_name"]}
    assert by_value["Wang Fang A"].actor == a.actor.user_id
    assert by_value["Wang Fang B"].actor == b.actor.user_id

    # A form shows one of the values: saving over it would settle the conflict unseen.
    with pytest.raises(InvalidInput, match="resolve the conflict first"):
        CaseService(a).update_case(case_id, {"full_name": "Wang Fang C"})
    # A submission waits for a person; C decides, the others take it in.
    with pytest.raises(DecisionRefused, match="full name differently.*resolve"):
        DecisionService(b).submit(case_id)
    CaseService(c).resolve_conflicts(case_id, {"full_name": "Wang Fang B"})
    assert not _case(c, case_id).conflicts
    sync_all(desks)
    for desk in desks:
        assert not _case(desk, case_id).conflicts
        assert _case(desk, case_id).value("full_name") == "Wang Fang B"
        assert SyncService(desk).status().conflicted == 0
    assert _projection(a) == _projection(b) == _projection(c)
    for desk in desks:
        assert verify_chain(desk.store, desk.device_id).ok
        last = CaseService(desk).history(case_id)[-1]
        assert last.type is EventType.CONFLICT_RESOLVED
        assert [(ch.field, ch.new) for ch in last.changes] == [("full_name", "Wang Fang B")]


def test_only_a_conflicted_field_is_resolved(desks: list[Profile]) -> None:
    a, _, _ = desks
    case_id = CaseService(a).open_case({"full_name": "Sun Li"}).case_id
    assert case_id is not None
    with pytest.raises(InvalidInput, match="no conflict"):
        CaseService(a).resolve_conflicts(case_id, {"full_name": "Sun Li 2"})


def test_the_same_value_set_apart_is_no_conflict(desks: list[Profile]) -> None:
    a, b, _ = desks
    case_id = CaseService(a).open_case({"full_name": "Li Na"}).case_id
    assert case_id is not None
    sync_all(desks)
    CaseService(a).update_case(case_id, {"full_name": "Li Na Zhang"})
    CaseService(b).update_case(case_id, {"full_name": "Li Na Zhang"})
    sync_all(desks)
    assert not _case(a, case_id).conflicts
    assert _projection(a) == _projection(b)


def test_a_change_made_after_seeing_the_other_is_no_conflict(desks: list[Profile]) -> None:
    a, b, _ = desks
    case_id = CaseService(a).open_case({"full_name": "Zhao Min"}).case_id
    assert case_id is not None
    sync_all(desks)
    CaseService(a).update_case(case_id, {"full_name": "Zhao Min A"})
    sync_all(desks)
    CaseService(b).update_case(case_id, {"full_name": "Zhao Min B"})
    sync_all(desks)
    for desk in desks:
        assert _case(desk, case_id).value("full_name") == "Zhao Min B"
        assert not _case(desk, case_id).conflicts


def test_a_week_offline_with_500_changes_goes_up_and_comes_down_in_one_go(
    desks: list[Profile],
) -> None:
    a, b, _ = desks
    cases = CaseService(a)
    opened = [cases.open_case({"full_name": f"Applicant {n}"}).case_id for n in range(50)]
    for round_ in range(9):
        for n, case_id in enumerate(opened):
            assert case_id is not None
            cases.update_case(
                case_id, {"requested_amount": {"amount": Decimal(10_000 + round_ * 100 + n)}}
            )
    waiting = SyncService(a).status().pending
    assert waiting >= 500
    sent = SyncService(a).sync()
    assert sent.sent == waiting
    assert SyncService(a).status().pending == 0
    got = SyncService(b).sync()
    assert got.received >= 500
    assert _projection(a) == _projection(b)
    # B's own events went up first; once A takes them in, both stand at one place.
    SyncService(a).sync()
    assert int(b.store.meta(PULLED) or 0) == int(a.store.meta(PULLED) or 0)
    assert b.store.meta(CHAIN) == a.store.meta(CHAIN)


def test_what_the_branch_refuses_is_said_and_leaves_the_case_as_the_others_see_it(
    desks: list[Profile],
) -> None:
    a, b, c = desks
    case_id = CaseService(a).open_case(GOOD).case_id
    assert case_id is not None
    sync_all(desks)
    # Both desks submit the same case while apart; A's reaches the server first.
    DecisionService(a).submit(case_id)
    DecisionService(b).submit(case_id)
    assert SyncService(a).sync().refused == ()
    report = SyncService(b).sync()
    assert [r.type for r in report.refused] == ["CaseSubmitted"]
    sentence = report.refused[0].sentence(_case(b, case_id).case_no)
    assert "The submission on case LD-" in sentence
    assert "refused by the branch server: the case had moved on" in sentence
    assert [r.event_id for r in SyncService(b).refusals()] == [report.refused[0].event_id]
    sync_all(desks)
    # B's refused submission is in every record and in no case.
    assert _case(b, case_id).submitted_by == a.actor.user_id
    assert _projection(a) == _projection(b) == _projection(c)
    for desk in desks:
        assert verify_chain(desk.store, desk.device_id).ok


def test_a_workstation_whose_user_names_the_branch_holds_is_not_enrolled(
    desks: list[Profile], branch: Branch, tmp_path: Path, key_source: KeySource
) -> None:
    a = desks[0]
    SyncService(a).sync()  # the branch now knows admin.a
    twin = Profile.create(
        tmp_path / "twin",
        key_source,
        admin_username="admin.a",
        admin_name="Another Admin",
        admin_password=PASSWORD,
    )
    try:
        sign_in(twin, "admin.a")
        code = branch.code("twin desk")
        with pytest.raises(ServerRefused, match="already has other people named admin.a"):
            SyncService(twin).enrol(branch.url, code, "twin desk")
        assert not SyncService(twin).status().enrolled
        # The code was not used up: a profile named apart enrols with it.
        other = Profile.create(
            tmp_path / "other",
            key_source,
            admin_username="admin.z",
            admin_name="Admin Z",
            admin_password=PASSWORD,
        )
        try:
            sign_in(other, "admin.z")
            assert SyncService(other).enrol(branch.url, code, "twin desk").enrolled
        finally:
            other.close()
    finally:
        twin.close()


def test_the_same_id_number_open_at_another_desk_is_pointed_out(desks: list[Profile]) -> None:
    a, b, _ = desks
    person = {"full_name": "陈静", "id_number": "11010519491231002X"}
    here = CaseService(a).open_case(person).case_id
    there = CaseService(b).open_case(person).case_id
    elsewhere = CaseService(b).open_case({"full_name": "Li Na"}).case_id
    assert here is not None
    assert there is not None
    assert elsewhere is not None
    assert CaseService(a).duplicates(here) == []  # B's case is not here yet
    sync_all(desks)
    assert [s.case_id for s in CaseService(a).duplicates(here)] == [there]
    assert [s.case_id for s in CaseService(b).duplicates(there)] == [here]
    assert CaseService(a).duplicates(elsewhere) == []
    # A withdrawn case is no longer open.
    DecisionService(b).withdraw(there, "the applicant applied at the other desk")
    sync_all(desks)
    assert CaseService(a).duplicates(here) == []


def test_a_user_added_at_one_desk_signs_in_and_signs_at_another(desks: list[Profile]) -> None:
    a, b, c = desks
    add_user(a, "officer.wu", "Wu Lei", Role.OFFICER)
    # Before the branch hands the credentials down, B does not know the password.
    with pytest.raises(UserError):
        AccountService(b).sign_in("officer.wu", USER_PASSWORD)
    sync_all(desks)
    accounts_b = AccountService(b)
    accounts_b.sign_in("officer.wu", USER_PASSWORD)
    assert b.actor.username == "officer.wu"
    assert accounts_b.must_change_password()  # as the admin at A left it
    new = secret("lantern meadow copper 42")
    accounts_b.change_password(USER_PASSWORD, new)
    case_id = CaseService(b).open_case({"full_name": "吴磊的客户"}).case_id
    assert case_id is not None
    sync_all(desks)
    # At A and C the new password works and the old one no longer does.
    for desk in (a, c):
        with pytest.raises(UserError):
            AccountService(desk).sign_in("officer.wu", USER_PASSWORD)
        AccountService(desk).sign_in("officer.wu", new)
        assert not AccountService(desk).must_change_password()
        assert _case(desk, case_id).opened_by == b.actor.user_id
    assert _projection(a) == _projection(b) == _projection(c)


def test_a_supervisor_at_another_desk_approves_and_the_branch_accepts_it(
    desks: list[Profile],
) -> None:
    a, b, c = desks
    add_user(a, "sup.ma", "Ma Li", Role.SUPERVISOR, "supervisor")
    case_id = CaseService(a).open_case(GOOD).case_id
    assert case_id is not None
    RiskService(a).assess(case_id)
    DecisionService(a).submit(case_id)
    sync_all(desks)
    # At B, with the credentials the branch handed down, and the key they unwrap.
    accounts = AccountService(b)
    accounts.sign_in("sup.ma", USER_PASSWORD)
    new = secret("harbour willow amber 19")
    accounts.change_password(USER_PASSWORD, new)
    decisions = DecisionService(b)
    decisions.start_review(case_id)
    decisions.decide(case_id, "approve", new)
    report = SyncService(b).sync()
    assert report.refused == ()
    sync_all(desks)
    for desk in desks:
        assert _case(desk, case_id).status is Status.APPROVED
        verified = DecisionService(desk).verify(case_id)
        assert [outcome for outcome, _ in verified.outcomes.values()] == ["valid"]
    assert _projection(a) == _projection(b) == _projection(c)


def test_the_server_lists_the_users_the_desks_brought(desks: list[Profile], branch: Branch) -> None:
    a, _, _ = desks
    add_user(a, "sup.ma", "Ma Li", Role.SUPERVISOR, "branch_manager")
    sync_all(desks)
    listed = cli_ok("users", "list", "--data", str(branch.data)).splitlines()
    names = [line.split()[0] for line in listed]
    assert names == ["admin.a", "admin.b", "admin.c", "sup.ma"]
    ma = listed[names.index("sup.ma")]
    assert "supervisor" in ma
    assert "active" in ma
    assert "key set" in ma
    assert ma.endswith("signs as branch_manager")
