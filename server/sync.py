"""The sync protocol without HTTP: push a device's events, pull everyone's in server order.

Both run inside the caller's transaction (``engine.begin()``), so a refused
event rolls back the whole batch. Order is the server's ``server_seq``, never
the devices' clocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.engine import Connection

from app.domain.events import Event, next_chain
from server.db import events, lock_events
from server.errors import BatchRefused
from server.judge import Judge


@dataclass(frozen=True)
class Ack:
    """The server holds event ``id`` at ``server_seq``; the same for a resend."""

    id: str
    server_seq: int
    #: why the branch refused to apply the event (kept in the chain); None: applied
    refused: str | None = None


@dataclass(frozen=True)
class Page:
    """Events after a cursor, in server order.

    ``next`` is the cursor for the following pull (the last event's
    server_seq, or the cursor given when none came); ``head`` is the chain
    value at ``next`` (None before the first event); ``more`` says whether
    events lie beyond this page.
    """

    events: list[bytes]
    #: the server_seq of each event, in the same order
    seqs: list[int]
    #: why the branch refused each event (None: applied), in the same order
    refused: list[str | None]
    next: int
    head: str | None
    more: bool


class _Head(NamedTuple):
    seq: int
    hash: str | None


def push(conn: Connection, device_id: str, batch: list[bytes]) -> list[Ack]:
    """Append ``device_id``'s events, in its device_seq order, all or none.

    An event already stored with the same hash is a resend and gets its
    first ack again; anything else must continue the device's sequence and
    chain. ``BatchRefused`` names the first event refused and why.
    """
    parsed = [_parse(index, data) for index, data in enumerate(batch)]
    _check_batch(parsed, device_id)
    lock_events(conn)
    head = _device_head(conn, device_id)
    chain = _chain_at(conn, None)
    judge = Judge(conn)
    acks: list[Ack] = []
    for index, event in enumerate(parsed):
        stored = conn.execute(
            select(events.c.hash, events.c.server_seq, events.c.refused).where(
                events.c.id == event.id
            )
        ).first()
        if stored is not None:
            if stored.hash != event.hash:
                raise BatchRefused(
                    index, f"its id {event.id} is already stored with other content", conflict=True
                )
            acks.append(Ack(event.id, stored.server_seq, stored.refused))
            continue
        _check_continues(index, event, head)
        refused = judge(event)
        chain = next_chain(chain, event.hash)
        server_seq: int = conn.execute(
            events.insert()
            .values(
                id=event.id,
                device=event.device,
                device_seq=event.device_seq,
                case_id=event.case_id,
                type=event.type.value,
                actor=event.actor,
                hash=event.hash,
                body=batch[index],
                chain=chain,
                refused=refused,
            )
            .returning(events.c.server_seq)
        ).scalar_one()
        acks.append(Ack(event.id, server_seq, refused))
        head = _Head(event.device_seq, event.hash)
    judge.flush()
    return acks


def pull(conn: Connection, since: int, limit: int) -> Page:
    """Up to ``limit`` events with server_seq above ``since``, in server order."""
    rows = conn.execute(
        select(events.c.server_seq, events.c.body, events.c.chain, events.c.refused)
        .where(events.c.server_seq > since)
        .order_by(events.c.server_seq)
        .limit(limit + 1)
    ).all()
    page = rows[:limit]
    if not page:
        return Page([], [], [], since, _chain_at(conn, since), more=False)
    return Page(
        [bytes(row.body) for row in page],
        [int(row.server_seq) for row in page],
        [row.refused for row in page],
        page[-1].server_seq,
        page[-1].chain,
        more=len(rows) > limit,
    )


def _parse(index: int, data: bytes) -> Event:
    try:
        return Event.from_bytes(data)
    except RecursionError:
        raise BatchRefused(index, "it is nested too deeply to be an event") from None
    except ValueError as exc:
        # EventError, and what its parser lets through (a number of too many
        # digits, text with no UTF-8 form) are all malformed events alike.
        raise BatchRefused(index, _reason(exc)) from None


def _reason(exc: ValueError) -> str:
    invalid = exc.__context__
    if isinstance(invalid, ValidationError):
        first = invalid.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the event"
        message = str(first["msg"]).removeprefix("Value error, ")
        return f"it is not a valid event ({where}: {message})"
    text = " ".join(str(exc).split())
    return f"it is not a valid event ({text[:300]})"


def _check_batch(parsed: list[Event], device_id: str) -> None:
    previous: int | None = None
    for index, event in enumerate(parsed):
        if event.device != device_id:
            raise BatchRefused(
                index, f"it was made by device {event.device}, and this is device {device_id}"
            )
        if previous is not None and event.device_seq <= previous:
            raise BatchRefused(
                index,
                f"its device_seq {event.device_seq} follows {previous}: a batch is sent in "
                "device_seq order",
            )
        previous = event.device_seq


def _check_continues(index: int, event: Event, head: _Head) -> None:
    if event.device_seq <= head.seq:
        raise BatchRefused(
            index,
            f"the device's event {event.device_seq} is already stored with another id",
            conflict=True,
        )
    if event.device_seq != head.seq + 1:
        first, last = head.seq + 1, event.device_seq - 1
        missing = f"event {first} is" if first == last else f"events {first} to {last} are"
        raise BatchRefused(
            index,
            f"its device_seq is {event.device_seq}, but the server holds this device's events "
            f"up to {head.seq} only: {missing} missing",
            conflict=True,
        )
    if event.prev != head.hash:
        raise BatchRefused(
            index,
            f"its prev is not the hash of the device's event {head.seq} on the server"
            if head.seq
            else "it is the device's first event, so its prev must be empty",
            conflict=True,
        )


def _device_head(conn: Connection, device_id: str) -> _Head:
    row = conn.execute(
        select(events.c.device_seq, events.c.hash)
        .where(events.c.device == device_id)
        .order_by(events.c.device_seq.desc())
        .limit(1)
    ).first()
    return _Head(0, None) if row is None else _Head(row.device_seq, row.hash)


def _chain_at(conn: Connection, server_seq: int | None) -> str | None:
    """The chain after the last event at or before ``server_seq`` (None: the newest)."""
    query = select(events.c.chain).order_by(events.c.server_seq.desc()).limit(1)
    if server_seq is not None:
        query = query.where(events.c.server_seq <= server_seq)
    found = conn.execute(query).scalar()
    return None if found is None else str(found)
