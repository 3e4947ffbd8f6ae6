"""Checks that the event log is whole and that the stored summaries match it.

Someone with the database key can drop the append-only triggers and edit rows
directly; the hash chain makes that show here. A rewrite of the whole tail
with a fresh head in ``meta`` cannot be told locally: that needs the server's
copy of the chain.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, select

from app.domain import canonical, conflicts
from app.domain import case as case_domain
from app.domain.case import CaseState, FoldError
from app.domain.events import (
    CASE_EVENTS,
    USER_EVENTS,
    Event,
    EventError,
    EventType,
    UserAdded,
    validate_payload,
)
from app.store import schema as t
from app.store.repo import CHAIN_HEAD, Store
from app.store.rows import case_row, new_user_row, user_change

__all__ = ["PROGRESS_EVERY", "AuditReport", "verify_chain"]

#: How many events pass between two calls of the progress callback.
PROGRESS_EVERY = 1000

_ROWS = select(
    t.events.c.seq,
    t.events.c.id,
    t.events.c.case_id,
    t.events.c.type,
    t.events.c.actor,
    t.events.c.device,
    t.events.c.device_seq,
    t.events.c.hash,
    t.events.c.body,
).order_by(t.events.c.seq)
_CASE_ROWS = select(t.cases).order_by(t.cases.c.case_id)
_USER_ROWS = select(t.users).order_by(t.users.c.user_id)
_REFUSED = select(t.server_order.c.event_id).where(t.server_order.c.refused.is_not(None))
#: Workstations whose events came ordered by the branch server (pulled).
_ORDERED_DEVICES = (
    select(t.events.c.device)
    .join(t.server_order, t.server_order.c.event_id == t.events.c.id)
    .distinct()
)
#: The indexed columns of ``events`` in plain words, in the order ``_columns`` reads them.
_COLUMN_WORDS = (
    "identifier",
    "fingerprint",
    "workstation",
    "number within its workstation",
    "type",
    "case",
    "user",
)
_BROKEN_LINK = (
    "its link to the previous event is wrong; a record was removed, inserted, altered or reordered."
)


@dataclass(frozen=True)
class AuditReport:
    """The outcome of a check: intact, or the first problem in plain words.

    ``events`` counts the events read (all of them when ``ok``); ``head`` is
    the newest event read as ``SEQ:HASH``; ``seq`` is the position of the
    first broken record, None when the problem has no single position.
    """

    ok: bool
    events: int
    head: str | None
    problem: str | None = None
    seq: int | None = None


class _Fault(Exception):
    """What is wrong with one event: the rest of a sentence that names it."""


class _Broken(Exception):
    def __init__(self, problem: str, seq: int | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.seq = seq


@dataclass(frozen=True)
class _Tip:
    """The newest event seen so far of one device, or of the whole log."""

    seq: int
    hash: str
    device_seq: int = 0


def _when(at: str) -> str:
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return "time unknown"
    if moment.tzinfo is None:
        return "time unknown"
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _label(seq: int, event_type: str, at: str | None) -> str:
    return f"Event {seq} ({event_type[:40]}, {_when(at) if at else 'time unknown'})"


def _parse(body: object) -> Event | str:
    """The event in ``body``, or why it is not one (the end of a sentence)."""
    if not isinstance(body, bytes):
        return "its stored content is not in the form LoanDesk writes"
    try:
        raw = canonical.decode(body)
    except canonical.CanonicalError:
        return "its stored content cannot be read"
    if not isinstance(raw, dict):
        return "its stored content is not an event"
    try:
        event = Event.model_validate(raw)
        validate_payload(event.type, event.payload)
    except (ValidationError, EventError):
        return "its stored content breaks the rules every event follows"
    if event.compute_hash() != event.hash:
        return "its content does not match its fingerprint"
    if event.to_bytes() != body:
        return "its content is not in the form LoanDesk writes"
    return event


def _readable_at(body: object) -> str | None:
    """The time a damaged body still shows, for naming it; None if it shows none."""
    try:
        raw = json.loads(body) if isinstance(body, bytes) else None
    except (ValueError, RecursionError):
        return None
    at = raw.get("at") if isinstance(raw, dict) else None
    return at if isinstance(at, str) else None


def _parse_head(recorded: str | None) -> tuple[int, str] | None:
    if recorded is None:
        return None
    seq, _, digest = recorded.partition(":")
    if not seq.isdigit() or len(digest) != 64:
        raise _Broken("The stored end point of the record is damaged.", None)
    return int(seq), digest


class _Projections:
    """The case and user tables as the events make them, to hold against the stored ones."""

    def __init__(self, device_id: str, refused: frozenset[str] = frozenset()) -> None:
        self.device_id = device_id
        #: events the branch server refused: part of the record, applied nowhere
        self.refused = refused
        self.states: dict[str, CaseState] = {}
        self.case_tips: dict[str, int] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self.user_tips: dict[str, int] = {}
        #: cases holding other workstations' events: they fold in server order
        self.shared: set[str] = set()

    def apply(self, event: Event, seq: int) -> None:
        if event.type in USER_EVENTS and event.id not in self.refused:
            self._user(event, seq)
        if event.type not in CASE_EVENTS or event.case_id is None:
            return
        self.case_tips[event.case_id] = seq
        if event.device != self.device_id or event.id in self.refused:
            self.shared.add(event.case_id)
        if event.case_id in self.shared:
            return
        try:
            self.states[event.case_id] = case_domain.apply(self.states.get(event.case_id), event)
        except FoldError as exc:
            raise _Fault(f"cannot be part of its case's history ({exc}).") from None

    def _user(self, event: Event, seq: int) -> None:
        user_id = event.payload["user_id"]
        known = self.users.get(user_id)
        if event.type is EventType.USER_ADDED:
            if known is not None:
                raise _Fault("adds a user who already exists.")
            self.users[user_id] = new_user_row(UserAdded.model_validate(event.payload))
        elif known is None:
            raise _Fault("changes a user who was never added.")
        else:
            known.update(user_change(event))
        self.user_tips[user_id] = seq

    def fold_shared(self, store: Store) -> None:
        """Fold the cases other workstations took part in, in the server's order."""
        for case_id in sorted(self.shared):
            try:
                state = conflicts.fold_in_order(store.case_in_order(case_id))
            except FoldError as exc:
                raise _Broken(
                    f"The events of a case taken from the branch server do not make a case "
                    f"({exc}).",
                    self.case_tips[case_id],
                ) from None
            if state is not None:
                self.states[case_id] = state

    def check_cases(self, rows: Iterable[Any]) -> None:
        """Compare each stored case summary with the fold of its events."""
        for row in rows:
            state = self.states.pop(row.case_id, None)
            if state is None:
                raise _Broken(
                    f"The stored summary of case {row.case_no} does not match its history: "
                    "the case has no events, so it was added outside LoanDesk.",
                    None,
                )
            tip = self.case_tips[row.case_id]
            expected = case_row(state)
            if {name: getattr(row, name) for name in expected} != expected:
                raise _Broken(
                    f"The stored summary of case {state.case_no} does not match its history "
                    f"(up to event {tip}); screens may show what the events do not say.",
                    tip,
                )
        if self.states:
            state = self.states[min(self.states)]
            raise _Broken(
                f"The stored summary of case {state.case_no} is missing although "
                f"its history has {state.version} events.",
                self.case_tips[state.case_id],
            )

    def check_users(self, rows: Iterable[Any]) -> None:
        """Compare each stored user, whose roles decide what they may do, with their events."""
        for row in rows:
            expected = self.users.pop(row.user_id, None)
            if expected is None:
                raise _Broken(
                    f"The stored user {row.username} has no history: "
                    "the user was added outside LoanDesk.",
                    None,
                )
            if {name: getattr(row, name) for name in expected} != expected:
                tip = self.user_tips[row.user_id]
                raise _Broken(
                    f"The stored user {expected['username']} does not match their history "
                    f"(up to event {tip}): their roles or rights were changed outside LoanDesk.",
                    tip,
                )
        if self.users:
            user_id = min(self.users)
            raise _Broken(
                f"The stored user {self.users[user_id]['username']} is missing although "
                "their history adds them.",
                self.user_tips[user_id],
            )


class _Walk:
    """The state of one pass over the log in store order."""

    def __init__(
        self,
        device_id: str,
        known_devices: frozenset[str],
        recorded: tuple[int, str] | None,
        refused: frozenset[str] = frozenset(),
    ) -> None:
        self.known_devices = known_devices
        self.recorded = recorded
        self.count = 0
        self.last: _Tip | None = None
        self.last_event: Event | None = None
        #: The first event after the recorded head, if any: an append from outside.
        self.first_unrecorded: str | None = None
        self.devices: dict[str, _Tip] = {}
        self.projections = _Projections(device_id, refused)

    @property
    def head(self) -> str | None:
        return None if self.last is None else f"{self.last.seq}:{self.last.hash}"

    def row(self, row: Any) -> None:
        seq = int(row.seq)
        parsed = _parse(row.body)
        if isinstance(parsed, str):
            label = _label(seq, str(row.type), _readable_at(row.body))
            raise _Broken(f"{label} is damaged: {parsed}.", seq)
        try:
            self._order(seq)
            self._columns(row, parsed)
            self._link(parsed)
            self.projections.apply(parsed, seq)
        except _Fault as fault:
            raise _Broken(f"{_label(seq, parsed.type.value, parsed.at)} {fault}", seq) from None
        if self.recorded is not None and seq > self.recorded[0] and self.first_unrecorded is None:
            self.first_unrecorded = _label(seq, parsed.type.value, parsed.at)
        self.devices[parsed.device] = _Tip(seq, parsed.hash, parsed.device_seq)
        self.last, self.last_event = _Tip(seq, parsed.hash), parsed
        self.count += 1

    def _order(self, seq: int) -> None:
        before = 0 if self.last is None else self.last.seq
        if seq <= before:
            raise _Fault(f"is out of order after event {before}.")
        if seq == before + 2:
            raise _Fault(
                f"follows event {before}: event {before + 1} is missing; a record was removed."
            )
        if seq != before + 1:
            raise _Fault(
                f"follows event {before}: events {before + 1}–{seq - 1} are missing; "
                "records were removed."
            )

    def _columns(self, row: Any, event: Event) -> None:
        stored = (row.id, row.hash, row.device, row.device_seq, row.type, row.case_id, row.actor)
        content = (
            event.id,
            event.hash,
            event.device,
            event.device_seq,
            event.type.value,
            event.case_id,
            event.actor,
        )
        for words, value, expected in zip(_COLUMN_WORDS, stored, content, strict=True):
            if value != expected:
                raise _Fault(f"was edited: its stored {words} does not match its content.")

    def _link(self, event: Event) -> None:
        if event.device not in self.known_devices:
            raise _Fault(
                f"comes from a workstation this profile does not know ({event.device[:8]}…); "
                "it was not written here."
            )
        tip = self.devices.get(event.device)
        expected = (1, None) if tip is None else (tip.device_seq + 1, tip.hash)
        if (event.device_seq, event.prev) == expected:
            return
        if tip is None:
            raise _Fault(f"should begin its workstation's record: {_BROKEN_LINK}")
        raise _Fault(f"does not follow event {tip.seq}: {_BROKEN_LINK}")

    def end(self) -> None:
        """Compare the newest event with the head LoanDesk recorded at its last write."""
        recorded, last = self.recorded, self.last
        if recorded is None:
            if last is not None:
                raise _Broken(
                    "The record has no stored end point; its newest events may have been "
                    "removed or added outside LoanDesk.",
                    None,
                )
            return
        last_seq = 0 if last is None else last.seq
        if recorded[0] > last_seq:
            gone = last_seq + 1
            missing = (
                f"Event {gone} is" if gone == recorded[0] else f"Events {gone}–{recorded[0]} are"
            )
            raise _Broken(
                f"{missing} missing: the record ends at event {last_seq}, but LoanDesk last "
                f"wrote event {recorded[0]}; the newest records were removed.",
                gone,
            )
        if recorded[0] < last_seq:
            raise _Broken(
                f"{self.first_unrecorded} was added after LoanDesk last wrote the record "
                f"(at event {recorded[0]}); it was not written by LoanDesk.",
                recorded[0] + 1,
            )
        if last is not None and self.last_event is not None and recorded[1] != last.hash:
            label = _label(last.seq, self.last_event.type.value, self.last_event.at)
            raise _Broken(
                f"{label} is not the event LoanDesk last wrote there: "
                "the newest record was replaced.",
                last.seq,
            )


def verify_chain(
    source: Engine | Store,
    device_id: str,
    *,
    other_devices: Iterable[str] = (),
    progress: Callable[[int], None] | None = None,
) -> AuditReport:
    """Walk every event in store order and report the first broken link, if any.

    ``device_id`` is this workstation; ``other_devices`` the others whose
    events this profile may hold (enrolled through sync). ``progress`` is called
    with the number of events read every ``PROGRESS_EVERY`` events; raise from
    it to stop. Rows are streamed; only case states and users are kept.
    """
    store = source if isinstance(source, Store) else Store(source)
    walk: _Walk | None = None
    with store.reading() as conn:
        try:
            known = frozenset(
                {device_id, *other_devices, *conn.execute(_ORDERED_DEVICES).scalars()}
            )
            refused: frozenset[str] = frozenset(conn.execute(_REFUSED).scalars())
            walk = _Walk(device_id, known, _recorded_head(conn), refused)
            for row in conn.execute(_ROWS):
                walk.row(row)
                if progress is not None and walk.count % PROGRESS_EVERY == 0:
                    progress(walk.count)
            walk.end()
            walk.projections.fold_shared(store)
            walk.projections.check_cases(conn.execute(_CASE_ROWS))
            walk.projections.check_users(conn.execute(_USER_ROWS))
        except _Broken as broken:
            count, head = (0, None) if walk is None else (walk.count, walk.head)
            return AuditReport(False, count, head, broken.problem, broken.seq)
    return AuditReport(True, walk.count, walk.head)


def _recorded_head(conn: Connection) -> tuple[int, str] | None:
    value = conn.execute(select(t.meta.c.value).where(t.meta.c.key == CHAIN_HEAD)).scalar()
    return _parse_head(value)
