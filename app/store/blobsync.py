"""Which blobs go up to the branch server and which come down, kept in the profile.

Blobs made at this desk are marked sent once the server holds them; blobs
other desks' events name are *wanted* until fetched, and a fetch keeps its
pieces (encrypted, like everything here) so a dropped line resumes after them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import Connection, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.store import schema as t
from app.store.engine import StoreError


def unsent(conn: Connection, limit: int) -> list[tuple[str, int, str]]:
    """Up to ``limit`` blobs made here the server may not hold: (sha256, size, media type)."""
    rows = conn.execute(
        select(t.blobs.c.sha256, t.blobs.c.size, t.blobs.c.media_type)
        .where(t.blobs.c.sent == 0)
        .order_by(t.blobs.c.sha256)
        .limit(limit)
    ).all()
    return [(row.sha256, int(row.size), str(row.media_type)) for row in rows]


def mark_sent(conn: Connection, names: Iterable[str]) -> None:
    conn.execute(update(t.blobs).where(t.blobs.c.sha256.in_(list(names))).values(sent=1))


def want(conn: Connection, refs: Iterable[tuple[str, str]]) -> None:
    """Note blobs an event names that this desk does not hold."""
    for name, media_type in refs:
        held = conn.execute(select(t.blobs.c.sha256).where(t.blobs.c.sha256 == name)).first()
        if held is None:
            conn.execute(
                sqlite_insert(t.blobs_wanted)
                .values(sha256=name, media_type=media_type)
                .on_conflict_do_nothing()
            )


def wanted(conn: Connection, limit: int) -> list[tuple[str, str]]:
    rows = conn.execute(
        select(t.blobs_wanted.c.sha256, t.blobs_wanted.c.media_type)
        .order_by(t.blobs_wanted.c.sha256)
        .limit(limit)
    ).all()
    return [(row.sha256, str(row.media_type)) for row in rows]


def count_wanted(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(t.blobs_wanted)).scalar_one())


def fetched_so_far(conn: Connection, name: str) -> int:
    """How many bytes of wanted blob ``name`` are here: where its fetch resumes."""
    total: int = conn.execute(
        select(func.coalesce(func.sum(func.length(t.blob_pieces.c.data)), 0)).where(
            t.blob_pieces.c.sha256 == name
        )
    ).scalar_one()
    return int(total)


def add_piece(conn: Connection, name: str, offset: int, data: bytes) -> None:
    conn.execute(t.blob_pieces.insert().values(sha256=name, offset=offset, data=data))


def complete(conn: Connection, name: str, media_type: str) -> None:
    """Put the fetched pieces of ``name`` together and keep the blob, if its hash holds."""
    pieces: Iterable[bytes] = conn.execute(
        select(t.blob_pieces.c.data)
        .where(t.blob_pieces.c.sha256 == name)
        .order_by(t.blob_pieces.c.offset)
    ).scalars()
    whole = b"".join(bytes(piece) for piece in pieces)
    conn.execute(t.blob_pieces.delete().where(t.blob_pieces.c.sha256 == name))
    if hashlib.sha256(whole).hexdigest() != name:
        raise StoreError(
            f"A page image fetched from the branch server ({name[:12]}…) is not what its "
            "name says; it was dropped and is fetched again at the next sync."
        )
    held = conn.execute(select(t.blobs.c.sha256).where(t.blobs.c.sha256 == name)).first()
    if held is None:
        conn.execute(
            t.blobs.insert().values(
                sha256=name, size=len(whole), media_type=media_type, data=whole, sent=1
            )
        )
    conn.execute(t.blobs_wanted.delete().where(t.blobs_wanted.c.sha256 == name))
