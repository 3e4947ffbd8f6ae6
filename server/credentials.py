"""Users' credentials kept for every desk of the branch: sent by the desk that set them.

A password is set at one workstation; its Argon2id hash and the signing key
wrapped under it stay secret there until the ``PasswordSet`` event that
announces them is applied here. Then that desk sends them, and every other
enrolled desk takes them, so the user signs in, and signs decisions with the
same key, at any desk, offline too. Only the credentials of a user's current
password are taken and handed out.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Connection

from server.db import credentials, people
from server.errors import Refused


@dataclass(frozen=True)
class Secrets:
    user_id: str
    event_id: str
    password_hash: str
    wrapped_key: bytes
    must_change: bool


def keep(conn: Connection, secrets: Secrets) -> None:
    """Keep ``secrets`` if they belong to the user's current password; else say why not."""
    current = conn.execute(
        select(people.c.password_event).where(people.c.user_id == secrets.user_id)
    ).scalar()
    if current is None or current != secrets.event_id:
        raise Refused(
            "These credentials do not belong to the user's current password on the "
            "branch server (a newer one was set, or its event was refused); they were "
            "not kept."
        )
    conn.execute(credentials.delete().where(credentials.c.user_id == secrets.user_id))
    conn.execute(
        credentials.insert().values(
            user_id=secrets.user_id,
            event_id=secrets.event_id,
            password_hash=secrets.password_hash,
            wrapped_key=secrets.wrapped_key,
            must_change=int(secrets.must_change),
        )
    )


def current(conn: Connection) -> list[Secrets]:
    """Every user's credentials of their current password."""
    rows = conn.execute(
        select(credentials)
        .join(people, people.c.user_id == credentials.c.user_id)
        .where(credentials.c.event_id == people.c.password_event)
        .order_by(credentials.c.user_id)
    ).all()
    return [
        Secrets(r.user_id, r.event_id, r.password_hash, bytes(r.wrapped_key), bool(r.must_change))
        for r in rows
    ]
