"""Switching a user off at the server, for the whole branch at once.

A person who leaves, or whose password is feared known, is switched off at
once everywhere, without waiting for the desk where they were added. The
server records the change as every desk does: a ``UserUpdated`` event in the
name of an administrator of the branch (``--by``), made by the server's own
device, judged and stored like any pushed event, so each desk applies it at
its next sync and signs out the person if they are signed in there.

Switching someone on again, adding people and resetting passwords stay with
the desks' administrators, signed in: the server's operator may stop a
person, never revive or make one. A password and the signing key it unwraps
are made where the person is, and the server never holds either in the clear.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from app.domain.events import Event, EventType, format_time
from app.domain.ids import new_id
from app.domain.roles import Action, Role, allowed
from server import sync
from server.db import devices, events, lock_events, people, server_meta
from server.errors import ServerError

#: server_meta key: the device id the server records its own events under
DEVICE_KEY = "device_id"
DEVICE_NAME = "This branch server"


def switch_off(conn: Connection, username: str, *, by: str, now: datetime) -> bool:
    """Switch ``username`` off in the name of administrator ``by``; False if they were off."""
    active = False
    lock_events(conn)
    person = _person(conn, username)
    admin = _person(conn, by)
    if not admin.active or not allowed(_roles(admin), Action.USER_MANAGE):
        raise ServerError(f"{by} is not an active administrator of the branch.")
    if not person.active:
        return False
    if person.user_id == admin.user_id:
        raise ServerError(
            "An administrator does not switch themselves off: name another with --by."
        )
    if allowed(_roles(person), Action.USER_MANAGE) and _active_admins(conn) <= 1:
        raise ServerError(
            f"{username} is the branch's last active administrator: switch another on first."
        )
    device = _own_device(conn, now)
    head = conn.execute(
        select(events.c.device_seq, events.c.hash)
        .where(events.c.device == device)
        .order_by(events.c.device_seq.desc())
        .limit(1)
    ).first()
    event = Event.create(
        id=new_id(),
        case_id=None,
        type=EventType.USER_UPDATED,
        payload={"user_id": person.user_id, "active": active},
        actor=admin.user_id,
        device=device,
        device_seq=1 if head is None else head.device_seq + 1,
        at=format_time(now),
        parent=None,
        prev=None if head is None else head.hash,
    )
    [ack] = sync.push(conn, device, [event.to_bytes()])
    if ack.refused is not None:
        raise ServerError(f"The branch refuses it: {ack.refused}.")
    return True


def _person(conn: Connection, username: str) -> Any:
    found = conn.execute(select(people).where(people.c.username == username)).first()
    if found is None:
        raise ServerError(
            f"The branch knows no user named {username}: `loandesk-server users list` "
            "shows those it knows."
        )
    return found


def _roles(person: Any) -> frozenset[Role]:
    return frozenset(Role(name) for name in str(person.roles).split(",") if name)


def _active_admins(conn: Connection) -> int:
    rows: list[str] = list(
        conn.execute(select(people.c.roles).where(people.c.active == 1)).scalars()
    )
    return sum(1 for roles in rows if Role.ADMIN.value in str(roles).split(","))


def _own_device(conn: Connection, now: datetime) -> str:
    """The server's device id, registered on first use (its token is never handed out)."""
    found = conn.execute(
        select(server_meta.c.value).where(server_meta.c.key == DEVICE_KEY)
    ).scalar()
    if found is not None:
        return str(found)
    device = new_id()
    conn.execute(server_meta.insert().values(key=DEVICE_KEY, value=device))
    conn.execute(
        devices.insert().values(
            device_id=device,
            name=DEVICE_NAME,
            # no token was made, so none hashes to this: the device cannot sign in
            token_hash=secrets.token_hex(32),
            enrolled_at=now,
        )
    )
    return device
