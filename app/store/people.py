"""Users and their local credentials: the rows, read and written on a connection.

``Store`` and ``Transaction`` in ``repo`` delegate here; the ``users`` table is
a projection of the user events, ``credentials`` holds this device's secrets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from app.domain import canonical
from app.domain.case import FoldError
from app.domain.events import ApprovalLimit, Event, EventType, UserAdded
from app.domain.roles import Role
from app.store import schema as t
from app.store.rows import new_user_row, user_change


@dataclass(frozen=True)
class UserRow:
    user_id: str
    username: str
    display_name: str
    roles: frozenset[Role]
    active: bool = True
    limits: tuple[ApprovalLimit, ...] = ()
    public_key: str | None = None
    #: the approval tier they sign as; None: the lowest
    tier: str | None = None


@dataclass(frozen=True)
class Credentials:
    """A user's local secrets and counters (see ``schema.credentials``)."""

    user_id: str
    password_hash: str
    wrapped_key: bytes
    failures: int = 0
    locked_until: str | None = None
    must_change: bool = False
    #: the PasswordSet event these belong to (None: set before sync kept track)
    set_by: str | None = None


def users(conn: Connection) -> list[UserRow]:
    """Every user, by username."""
    rows = conn.execute(select(t.users).order_by(t.users.c.username)).all()
    return [_user(r) for r in rows]


def user(conn: Connection, user_id: str) -> UserRow | None:
    row = conn.execute(select(t.users).where(t.users.c.user_id == user_id)).first()
    return None if row is None else _user(row)


def user_by_name(conn: Connection, username: str) -> UserRow | None:
    row = conn.execute(select(t.users).where(t.users.c.username == username)).first()
    return None if row is None else _user(row)


def credentials(conn: Connection, user_id: str) -> Credentials | None:
    row = conn.execute(select(t.credentials).where(t.credentials.c.user_id == user_id)).first()
    return None if row is None else _credentials(row)


def save_credentials(conn: Connection, cred: Credentials) -> None:
    """Replace the credentials of ``cred.user_id`` with ``cred``."""
    conn.execute(t.credentials.delete().where(t.credentials.c.user_id == cred.user_id))
    conn.execute(
        t.credentials.insert().values(
            user_id=cred.user_id,
            password_hash=cred.password_hash,
            wrapped_key=cred.wrapped_key,
            failures=cred.failures,
            locked_until=cred.locked_until,
            must_change=int(cred.must_change),
            set_by=cred.set_by,
        )
    )


def note_password_event(conn: Connection, user_id: str, event_id: str) -> None:
    """Tie the user's credentials (just saved) to the PasswordSet event that announces them."""
    conn.execute(
        t.credentials.update().where(t.credentials.c.user_id == user_id).values(set_by=event_id)
    )


def project_user(conn: Connection, event: Event) -> None:
    """Apply the user event ``event`` to the ``users`` table."""
    user_id = event.payload["user_id"]
    if event.type is EventType.USER_ADDED:
        row = new_user_row(UserAdded.model_validate(event.payload))
        conn.execute(t.users.insert().values(user_id=user_id, **row))
        return
    updated = conn.execute(
        t.users.update().where(t.users.c.user_id == user_id).values(**user_change(event))
    )
    if updated.rowcount != 1:
        raise FoldError(f"{event.type.value} names an unknown user {user_id}")


def _user(r: Any) -> UserRow:
    limits = canonical.decode(r.limits.encode("utf-8"))
    assert isinstance(limits, list)
    return UserRow(
        r.user_id,
        r.username,
        r.display_name,
        frozenset(Role(x) for x in r.roles.split(",")),
        bool(r.active),
        tuple(ApprovalLimit.model_validate(x) for x in limits),
        r.public_key,
        r.tier,
    )


def _credentials(r: Any) -> Credentials:
    return Credentials(
        r.user_id,
        r.password_hash,
        r.wrapped_key,
        r.failures,
        r.locked_until,
        bool(r.must_change),
        r.set_by,
    )
