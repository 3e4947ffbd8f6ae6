"""Sync invariants under faults, with real processes, driven by a hypothesis state machine.

Three real workstation profiles talk to one real `loandesk-server serve` through
a fault-injecting proxy. The machine opens, edits and resolves cases at the
desks, sometimes the same field at two desks apart, and syncs them while the
proxy drops, delays, cuts, duplicates or reorders requests, the server is
killed with -9 (between syncs, or inside a push) and a desk's `loandesk sync
run` is killed with -9 mid-sync (``tests.server.troubles``). After each
example, with the faults off and the desks synced until nothing moves
(``tests.server.syncrig``):

- every event a desk holds as acknowledged is on the server, byte for byte, once
  (checked after every step, too);
- every desk shows every case of the example alike;
- a field whose latest edits (those no later edit of it had seen) are two or
  more is flagged with exactly those values on every desk; any other field
  shows its one latest value, unflagged;
- the server's hash chain and each desk's log hold (every desk's own
  ``verify_chain`` runs over all at the end);
- no case holds two approvals in one place of a round, nor two by one person.

Profiles and server live for the whole module; each example works on fresh
cases. LOANDESK_STATEFUL_EXAMPLES sets the examples on SQLite (200 by
default), LOANDESK_STATEFUL_PG_EXAMPLES those on PostgreSQL (25).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from app.domain import canonical
from app.domain.events import EDIT_EVENTS, Event
from app.errors import InvalidInput, UserError
from app.services.cases import CaseService
from app.services.profile import Profile
from app.services.sync import SyncService
from server.db import events as server_events
from tests.server.proxy import Fault, Kind
from tests.server.syncrig import (
    DESKS,
    FIELDS,
    WAIT_S,
    Edit,
    Rig,
    check_acknowledged,
    check_everything,
    check_example,
    latest,
    new_value,
    open_rig,
    settle,
    until,
)
from tests.server.troubles import (
    CRASHES,
    PULL,
    PUSH,
    WIRE,
    OnTheWire,
    Trouble,
    failure,
    label,
    pushes,
    strike,
    sync,
    took,
)

EXAMPLES = int(os.environ.get("LOANDESK_STATEFUL_EXAMPLES", "200"))
PG_EXAMPLES = int(os.environ.get("LOANDESK_STATEFUL_PG_EXAMPLES", "25"))
STEPS = 6
#: a crash costs a process start (about a second): wire faults come three times as often
TROUBLES = st.sampled_from(WIRE * 3 + CRASHES)
DESK = st.integers(0, DESKS - 1)
TWO_DESKS = st.permutations(range(DESKS)).map(lambda order: (order[0], order[1]))


class SyncMachine(RuleBasedStateMachine):
    rig: Rig

    def __init__(self) -> None:
        super().__init__()
        self.cases: list[str] = []
        self.edits: list[Edit] = []

    # -- work at the desks
    @initialize(desk=DESK)
    def open_first_case(self, desk: int) -> None:
        self.open_case(desk)

    @rule(desk=DESK)
    def open_case(self, desk: int) -> None:
        profile = self.rig.desks[desk]
        patch = {name: new_value(name) for name in FIELDS}
        made, refusal = _attempt(profile, lambda: CaseService(profile).open_case(patch))
        assert refusal is None, refusal
        self.cases.append(str(made[0].case_id))
        self._note_edits(made, frozenset())

    @precondition(lambda self: bool(self.cases))
    @rule(data=st.data(), desk=DESK, name=st.sampled_from(FIELDS))
    def edit(self, data: st.DataObject, desk: int, name: str) -> None:
        held = self.held(desk)
        if held:
            self.edit_at(desk, data.draw(st.sampled_from(held), label="case"), name)

    @precondition(lambda self: bool(self.cases))
    @rule(data=st.data(), pair=TWO_DESKS, name=st.sampled_from(FIELDS), meet=st.booleans())
    def edit_the_same_field_apart(
        self, data: st.DataObject, pair: tuple[int, int], name: str, meet: bool
    ) -> None:
        """Two desks edit one field apart; if they ``meet``, both sync (the second sees both)."""
        self.edit_apart(pair, data.draw(st.sampled_from(self.cases), label="case"), name)
        if meet:
            for desk in pair:
                sync(self.rig, desk)

    @precondition(lambda self: bool(self.cases))
    @rule(data=st.data(), desk=DESK, name=st.sampled_from(FIELDS))
    def resolve_a_conflict(self, data: st.DataObject, desk: int, name: str) -> None:
        """Settle a field some desk shows conflicted; with none, try one (and be refused)."""
        open_ = [
            (n, case_id, field)
            for n in range(DESKS)
            for case_id in self.held(n)
            for field in FIELDS
            if self.shows_conflicted(n, case_id, field)
        ]
        if open_:
            self.resolve_at(*data.draw(st.sampled_from(open_), label="conflict"))
        elif self.held(desk):
            self.resolve_at(desk, data.draw(st.sampled_from(self.held(desk))), name)

    # -- syncing, and what goes wrong meanwhile
    @rule(data=st.data(), trouble=TROUBLES)
    def sync_through_trouble(self, data: st.DataObject, trouble: Trouble) -> None:
        strike(self.rig, self._desk_for(data, trouble), trouble)

    @rule(pair=TWO_DESKS, on=st.sampled_from(["", PUSH, PULL]))
    def sync_two_desks_at_once(self, pair: tuple[int, int], on: str) -> None:
        """The first desk's request is held until the second desk's has gone through."""
        proxy = self.rig.proxy
        before = len(proxy.log)
        proxy.arm(Fault(Kind.REORDER, on=on, seconds=WAIT_S))
        with ThreadPoolExecutor(1) as pool:
            first = pool.submit(sync, self.rig, pair[0])
            assert until(lambda: took(proxy.log[before:], Kind.REORDER) or first.done())
            proxy.clear()
            sync(self.rig, pair[1])
            first.result()
        reordered = [ex for ex in proxy.log[before:] if ex.kind is Kind.REORDER]
        assert all(exchange.overtaken for exchange in reordered)

    # -- after each step, and each example
    @invariant()
    def acknowledged_events_are_on_the_server_once(self) -> None:
        check_acknowledged(self.rig)

    def teardown(self) -> None:
        rig = self.rig
        rig.trap.unlink(missing_ok=True)
        rig.proxy.release()
        if rig.branch.process.process is None:
            rig.start_server()
        settle(rig)
        check_example(rig, self.cases, self.edits)

    # -- the work, step by step
    def held(self, desk: int) -> list[str]:
        store = self.rig.desks[desk].store
        return [case_id for case_id in self.cases if store.case(case_id) is not None]

    def shows_conflicted(self, desk: int, case_id: str, name: str) -> bool:
        """Whether, by the model, ``desk`` shows two or more standing values of the field."""
        return len(latest(self._in_hand(desk, case_id, name))[(case_id, name)]) > 1

    def edit_apart(self, pair: tuple[int, int], case_id: str, name: str) -> None:
        """Both desks take the case in (if they lack it), then edit it with the line down."""
        for desk in pair:
            if case_id not in self.held(desk):
                self._fetch(desk, case_id)
        for desk in pair:
            self.edit_at(desk, case_id, name)

    def edit_at(self, desk: int, case_id: str, name: str, value: object = None) -> None:
        """A form save of ``value`` (a new one if None).

        While the desk shows the field conflicted, the save is refused and the
        officer resolves the conflict instead.
        """
        profile = self.rig.desks[desk]
        in_hand = self._in_hand(desk, case_id, name)
        patch = {name: new_value(name) if value is None else value}
        made, refusal = _attempt(profile, lambda: CaseService(profile).update_case(case_id, patch))
        if self.shows_conflicted(desk, case_id, name):
            _refused(made, refusal, name, "conflict.open")
            self.resolve_at(desk, case_id, name)
        else:
            assert refusal is None, f"a plain edit was refused: {refusal}"
            self._note_edits(made, frozenset(edit.event_id for edit in in_hand))

    def resolve_at(self, desk: int, case_id: str, name: str) -> None:
        """Settle the field with a new value; refused unless the desk shows it conflicted."""
        profile = self.rig.desks[desk]
        in_hand = self._in_hand(desk, case_id, name)
        values = {name: new_value(name)}
        made, refusal = _attempt(
            profile, lambda: CaseService(profile).resolve_conflicts(case_id, values)
        )
        if not self.shows_conflicted(desk, case_id, name):
            _refused(made, refusal, name, "conflict.none")
        else:
            assert refusal is None, f"a resolution was refused: {refusal}"
            self._note_edits(made, frozenset(edit.event_id for edit in in_hand))

    def _desk_for(self, data: st.DataObject, trouble: Trouble) -> int:
        """A desk to sync; for trouble inside a push, one with something to send."""
        if not pushes(trouble):
            return data.draw(DESK)
        pending = [n for n in range(DESKS) if SyncService(self.rig.desks[n]).status().pending]
        if pending:
            return data.draw(st.sampled_from(pending))
        desk = data.draw(st.sampled_from([n for n in range(DESKS) if self.held(n)]))
        CaseService(self.rig.desks[desk]).add_comment(self.held(desk)[0], "Called the applicant")
        return desk

    def _in_hand(self, desk: int, case_id: str, name: str) -> list[Edit]:
        """The edits of the field that ``desk`` holds."""
        held = {event.id for event in self.rig.desks[desk].store.case_events(case_id)}
        key = (case_id, name)
        return [e for e in self.edits if (e.case_id, e.field) == key and e.event_id in held]

    def _note_edits(self, made: list[Event], knew: frozenset[str]) -> None:
        for event in made:
            if event.type in EDIT_EVENTS and event.case_id is not None:
                for name, value in event.payload["fields"].items():
                    self.edits.append(
                        Edit(event.id, event.case_id, name, canonical.encode(value), knew)
                    )

    def _fetch(self, desk: int, case_id: str) -> None:
        """Bring ``case_id`` to ``desk``: its author sends it up if it has not, the desk syncs."""
        with self.rig.server_db.connect() as conn:
            stored = conn.execute(
                select(func.count())
                .select_from(server_events)
                .where(server_events.c.case_id == case_id)
            ).scalar_one()
        if not stored:
            sync(self.rig, next(n for n in range(DESKS) if case_id in self.held(n)))
        sync(self.rig, desk)
        assert case_id in self.held(desk)


def _attempt(
    profile: Profile, action: Callable[[], object]
) -> tuple[list[Event], UserError | None]:
    """The events ``action`` appended at ``profile``'s desk, and the UserError it ended with."""
    before = profile.store.device_seq(profile.device_id)
    refusal = failure(action)
    made = profile.store.device_events(profile.device_id, after_seq=before, limit=100)
    return [Event.from_bytes(body) for body in made], refusal


def _refused(made: list[Event], refusal: UserError | None, name: str, code: str) -> None:
    assert isinstance(refusal, InvalidInput), f"expected a refusal ({code}), got {refusal!r}"
    assert code in [problem for problem, _ in refusal.problems.get(name, [])], refusal
    assert made == [], "a refused change left an event behind"


# -- the tests --------------------------------------------------------------------------------
@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def rig(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rig]:
    backend = str(request.param)
    root = tmp_path_factory.mktemp(f"stateful-{backend}")
    if backend == "sqlite":
        url = f"sqlite+pysqlite:///{root / 'server.db'}"
    else:
        from tests.server.postgres import fresh_database

        url = fresh_database(request.getfixturevalue("postgres_cluster"))
    with open_rig(backend, root, url) as made:
        yield made


def _machine(rig: Rig) -> type[SyncMachine]:
    return type(f"SyncMachineOn{rig.backend.title()}", (SyncMachine,), {"rig": rig})


@pytest.mark.parametrize("rig", ["sqlite"], indirect=True)
@pytest.mark.parametrize("trouble", [*CRASHES, OnTheWire(Kind.CUT_RESPONSE, PUSH)], ids=label)
def test_each_crash_strikes_and_the_invariants_hold(rig: Rig, trouble: Trouble) -> None:
    # The same work each time: a field two desks set apart, then the trouble at one of them.
    machine = _machine(rig)()
    machine.open_case(0)
    machine.edit_apart((1, 2), machine.cases[0], "address")
    assert strike(rig, 1, trouble), f"{label(trouble)} did not strike"
    machine.teardown()
    standing = latest(machine.edits)[(machine.cases[0], "address")]
    assert len(standing) == 2, "the two edits made apart both stand"


@pytest.mark.slow
@pytest.mark.timeout(300 + 4 * max(EXAMPLES, PG_EXAMPLES))
def test_sync_keeps_its_invariants_through_faults_and_kills(rig: Rig) -> None:
    examples = EXAMPLES if rig.backend == "sqlite" else PG_EXAMPLES
    run_state_machine_as_test(
        _machine(rig),
        settings=settings(max_examples=examples, stateful_step_count=STEPS, deadline=None),
    )
    check_everything(rig)


@pytest.mark.parametrize("rig", ["sqlite"], indirect=True)
def test_a_value_set_alike_apart_and_then_changed_is_still_a_conflict(rig: Rig) -> None:
    machine = _machine(rig)()
    machine.open_case(0)
    case_id = machine.cases[0]
    settle(rig)
    # Apart, desks 0 and 1 hit on the same new name; desk 1 then changes it, never
    # having seen desk 0's edit: desk 0's value and desk 1's last one both stand.
    same, changed = "Lin Hua Zhang", "Lin Hua Wang"
    machine.edit_at(0, case_id, "full_name", same)
    machine.edit_at(1, case_id, "full_name", same)
    machine.edit_at(1, case_id, "full_name", changed)
    standing = latest(machine.edits)[(case_id, "full_name")]
    assert {edit.value for edit in standing} == {canonical.encode(same), canonical.encode(changed)}
    settle(rig)
    for desk in rig.desks:
        state = desk.store.case(case_id)
        assert state is not None
        claims = state.conflicts.get("full_name", ())
        assert {claim.value for claim in claims} == {same, changed}, (
            "desk 0's value gave way to one set by someone who never saw it, unflagged"
        )
    machine.teardown()
