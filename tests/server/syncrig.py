"""Three enrolled workstation profiles, one real server behind a fault proxy, and sync invariants.

``open_rig`` sets them up (the server runs under ``tests.server.trap_server`` so
a test can stop it dead inside a push); ``check_example`` and
``check_everything`` hold the invariants of the stateful sync test. A model of
the edits (``Edit``, ``latest``) says what each field must show.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.pool import NullPool

from app.domain import canonical
from app.domain.events import Event
from app.security.audit import verify_chain
from app.security.keys import KeySource
from app.services.profile import Profile
from app.services.sync import CHAIN, PUSHED, SyncService
from app.store import schema as desk_tables
from app.store.repo import PULLED, CaseQuery
from server.db import approvals
from server.db import events as server_events
from tests.conftest import PASSWORD, secret
from tests.server.conftest import Branch
from tests.server.proxy import FaultProxy

DESKS = 3
#: the fields the desks edit: text of the applicant and of the loan, and money
FIELDS = ("full_name", "address", "purpose", "requested_amount")
#: the most a step waits for a process or the proxy to get where it is sent
WAIT_S = 60.0
#: rounds of syncing every desk after which the desks must have settled
SETTLE_ROUNDS = 5
TRAP_SERVER = [sys.executable, "-m", "tests.server.trap_server"]
_ALL = CaseQuery()
_values = itertools.count(1)


@dataclass
class Rig:
    backend: str
    branch: Branch
    proxy: FaultProxy
    server_db: Engine
    #: the file that arms ``tests.server.trap_server``
    trap: Path
    key: str
    desks: list[Profile] = field(default_factory=list)
    #: per device, the device_seq up to which its events on the server have been checked
    checked: dict[str, int] = field(default_factory=dict)
    #: the server_seq and chain value up to which the server's chain has been checked
    chain: tuple[int, str | None] = (0, None)
    #: per desk, the local seq up to which its event log has been checked, and each
    #: device's (device_seq, hash) there
    logs: dict[str, tuple[int, dict[str, tuple[int, str]]]] = field(default_factory=dict)

    def start_server(self) -> None:
        self.branch.start([*TRAP_SERVER, str(self.trap)])
        self.proxy.retarget(self.branch.url)

    @staticmethod
    def username(desk: int) -> str:
        return f"admin.{'abc'[desk]}"


@contextmanager
def open_rig(backend: str, root: Path, database_url: str) -> Iterator[Rig]:
    """A server on ``database_url`` behind a proxy, and three desks enrolled through it."""
    branch = Branch(root, database_url, {})
    key = secret(os.urandom(32).hex())
    engine = create_engine(database_url, poolclass=NullPool)
    with FaultProxy("http://127.0.0.1:1") as proxy:
        rig = Rig(backend, branch, proxy, engine, root / "trap", key)
        try:
            rig.start_server()
            for desk in range(DESKS):
                rig.desks.append(_enrolled_desk(rig, root, desk))
            settle(rig)
            yield rig
        finally:
            for profile in rig.desks:
                profile.close()
            branch.close()
            engine.dispose()


def _enrolled_desk(rig: Rig, root: Path, desk: int) -> Profile:
    letter = "abc"[desk]
    profile = Profile.create(
        root / f"desk-{letter}",
        KeySource(hex_key=rig.key),
        admin_username=rig.username(desk),
        admin_name=f"Admin {letter.upper()}",
        admin_password=PASSWORD,
    )
    code = rig.branch.code(f"desk {letter}")
    SyncService(profile).enrol(rig.proxy.url, code, f"desk {letter}")
    return profile


def settle(rig: Rig) -> None:
    """Sync the desks, faults off, until nothing moves.

    A desk has everything once it has synced after the last sync that sent
    anything (its own included: a sync pulls after it pushes).
    """
    rig.proxy.clear()
    settled: set[int] = set()
    for _ in range(SETTLE_ROUNDS):
        for desk, profile in enumerate(rig.desks):
            if desk not in settled:
                sent = SyncService(profile).sync().sent
                settled = {desk} if sent else settled | {desk}
        if len(settled) == len(rig.desks):
            return
    raise AssertionError(f"the desks still moved events after {SETTLE_ROUNDS} rounds")


def until(condition: Callable[[], bool], timeout: float = WAIT_S) -> bool:
    """Poll ``condition`` until it holds, for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


# -- the model --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Edit:
    """One value a desk gave a field, and which earlier edits of that field it had in hand."""

    event_id: str
    case_id: str
    field: str
    #: the value, canonically encoded
    value: bytes
    knew: frozenset[str]


def latest(edits: list[Edit]) -> dict[tuple[str, str], list[Edit]]:
    """Per (case, field), the edits no other edit of it had seen: what must stand."""
    grouped: dict[tuple[str, str], list[Edit]] = {}
    for edit in edits:
        grouped.setdefault((edit.case_id, edit.field), []).append(edit)
    standing = {}
    for key, group in grouped.items():
        seen = set().union(*(edit.knew for edit in group))
        standing[key] = [edit for edit in group if edit.event_id not in seen]
    return standing


def new_value(name: str) -> Any:
    """A value no edit has given before, so that two edits never agree by chance."""
    n = next(_values)
    if name == "requested_amount":
        return {"amount": Decimal(10_000 + n)}
    return {"full_name": f"Applicant {n}", "address": f"{n} Bund Road"}.get(name, f"Purpose {n}")


# -- the invariants ---------------------------------------------------------------------------
def check_example(rig: Rig, cases: list[str], edits: list[Edit]) -> None:
    """What must hold once the desks have settled after an example."""
    check_acknowledged(rig)
    for profile in rig.desks:
        assert SyncService(profile).status().pending == 0
    _check_server_chain(rig)
    _check_desk_logs(rig)
    _check_cases(rig, cases, edits)
    _check_approvals(rig)


def check_everything(rig: Rig) -> None:
    """The checks again over all the rig holds, and every desk's own ``verify_chain``."""
    rig.chain = (0, None)
    rig.checked.clear()
    rig.logs.clear()
    _check_server_chain(rig)
    check_acknowledged(rig)
    _check_desk_logs(rig)
    devices = [profile.device_id for profile in rig.desks]
    views = []
    for profile in rig.desks:
        report = verify_chain(profile.store, profile.device_id, other_devices=devices)
        assert report.ok, report.problem
        states = [
            profile.store.case(s.case_id) for s in profile.store.list_cases(_ALL, limit=10**6)
        ]
        views.append({s.case_id: s.model_dump(mode="json") for s in states if s is not None})
    assert all(view == views[0] for view in views), "the desks show the cases differently"


def check_acknowledged(rig: Rig) -> None:
    """Each desk's events up to its acknowledged mark are on the server, once, byte for byte."""
    columns = server_events.c
    with rig.server_db.connect() as conn:
        for profile in rig.desks:
            device = profile.device_id
            done = rig.checked.get(device, 0)
            acknowledged = int(profile.store.meta(PUSHED) or 0)
            rows = conn.execute(
                select(columns.device_seq, columns.id, columns.body)
                .where(columns.device == device, columns.device_seq > done)
                .order_by(columns.device_seq)
            ).all()
            mine = profile.store.device_events(device, after_seq=done, limit=10**6)
            assert [row.device_seq for row in rows] == list(range(done + 1, done + 1 + len(rows)))
            assert done + len(rows) >= acknowledged, "an acknowledged event is not on the server"
            assert [bytes(row.body) for row in rows] == mine[: len(rows)]
            ids = [row.id for row in rows]
            copies = conn.execute(
                select(func.count()).select_from(server_events).where(columns.id.in_(ids))
            ).scalar_one()
            total = conn.execute(
                select(func.count()).select_from(server_events).where(columns.device == device)
            ).scalar_one()
            assert (copies, total) == (len(ids), done + len(rows)), "an event is stored twice"
            rig.checked[device] = done + len(rows)


def _link(previous: str | None, event_hash: str) -> str:
    """The server's documented chain step: SHA-256(previous chain value || event hash)."""
    before = b"" if previous is None else bytes.fromhex(previous)
    return hashlib.sha256(before + bytes.fromhex(event_hash)).hexdigest()


def _same_columns(event: Event, row: Any) -> bool:
    return (event.id, event.device, event.device_seq, event.hash) == (
        row.id,
        row.device,
        row.device_seq,
        row.hash,
    )


def _check_server_chain(rig: Rig) -> None:
    """The server's rows since the last check continue its chain; every desk stands at its end."""
    seq, chain = rig.chain
    columns = server_events.c
    with rig.server_db.connect() as conn:
        rows = conn.execute(
            select(columns.server_seq, columns.id, columns.device, columns.device_seq)
            .add_columns(columns.hash, columns.body, columns.chain, columns.refused)
            .where(columns.server_seq > seq)
            .order_by(columns.server_seq)
        ).all()
    for row in rows:
        # from_bytes refuses a body whose hash is not its own
        assert _same_columns(Event.from_bytes(bytes(row.body)), row)
        chain = _link(chain, row.hash)
        assert row.chain == chain, f"the server's chain breaks at {row.server_seq}"
        assert row.refused is None, f"the server refused a desk's plain edit: {row.refused}"
        seq = row.server_seq
    order = {row.id: row.server_seq for row in rows}
    noted_order = desk_tables.server_order.c
    for profile in rig.desks:
        assert profile.store.meta(CHAIN) == chain
        assert int(profile.store.meta(PULLED) or 0) == seq
        with profile.store.reading() as conn:
            noted = conn.execute(
                select(noted_order.event_id, noted_order.server_seq).where(
                    noted_order.server_seq > rig.chain[0]
                )
            ).all()
        assert dict(noted) == order, "a desk orders the events otherwise than the server"
    rig.chain = (seq, chain)


def _check_desk_logs(rig: Rig) -> None:
    """Each desk's new events read as stored, each device's gap-free and linked by ``prev``.

    The walk of ``verify_chain``, recomputed over what arrived since the last
    check: ``verify_chain`` itself reads every event and folds every case, so
    ``check_everything`` runs it, over all, once.
    """
    columns = desk_tables.events.c
    for profile in rig.desks:
        seen, heads = rig.logs.get(profile.device_id, (0, {}))
        with profile.store.reading() as conn:
            rows = conn.execute(
                select(columns.seq, columns.id, columns.device, columns.device_seq)
                .add_columns(columns.hash, columns.body)
                .where(columns.seq > seen)
                .order_by(columns.seq)
            ).all()
        for row in rows:
            event = Event.from_bytes(bytes(row.body))
            assert _same_columns(event, row)
            last_seq, last_hash = heads.get(row.device, (0, None))
            assert (event.device_seq, event.prev) == (last_seq + 1, last_hash), (
                f"device {row.device}'s chain breaks at its event {event.device_seq}"
            )
            heads[row.device] = (event.device_seq, event.hash)
            seen = row.seq
        rig.logs[profile.device_id] = (seen, heads)


def _check_cases(rig: Rig, cases: list[str], edits: list[Edit]) -> None:
    """Every desk shows the example's cases alike, each field as its latest edits leave it."""
    held = [sorted(s.case_id for s in p.store.list_cases(_ALL, limit=10**6)) for p in rig.desks]
    assert all(ids == held[0] for ids in held), "the desks hold different cases"
    standing = latest(edits)
    for case_id in cases:
        states = [profile.store.case(case_id) for profile in rig.desks]
        views = [state.model_dump(mode="json") for state in states if state is not None]
        assert len(views) == len(rig.desks), f"a desk lacks case {case_id}"
        assert all(view == views[0] for view in views), f"the desks show {case_id} differently"
        state = states[0]
        assert state is not None
        conflicted = {name for name in FIELDS if len(standing[(case_id, name)]) > 1}
        assert set(state.conflicts) == conflicted, "a conflict is missing or made up"
        for name in FIELDS:
            group = standing[(case_id, name)]
            if len(group) == 1:
                assert canonical.encode(state.value(name)) == group[0].value
                continue
            claims = state.conflicts[name]
            assert {canonical.encode(c.value) for c in claims} == {e.value for e in group}
            assert {c.event_id for c in claims} == {e.event_id for e in group}


def _check_approvals(rig: Rig) -> None:
    """Each approval place and each person at most once a round, each resting on a stored event."""
    columns = approvals.c
    with rig.server_db.connect() as conn:
        twice = [
            *conn.execute(
                select(columns.case_id, columns.round, columns.slot)
                .group_by(columns.case_id, columns.round, columns.slot)
                .having(func.count() > 1)
            ).all(),
            *conn.execute(
                select(columns.case_id, columns.round, columns.actor)
                .group_by(columns.case_id, columns.round, columns.actor)
                .having(func.count() > 1)
            ).all(),
        ]
        orphans = conn.execute(
            select(func.count())
            .select_from(approvals)
            .where(columns.event_id.not_in(select(server_events.c.id)))
        ).scalar_one()
    assert twice == []
    assert orphans == 0
