"""Blobs on the branch server: content-addressed, sent in pieces, fetched in pieces.

A desk asks which of its blobs the server lacks and sends only those, piece
by piece; each piece must start where the last one ended, so a dropped line
resumes at the server's count. The whole is kept only if its SHA-256 is its
name. Fetching reads a piece at a time from any offset.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from server.db import blob_chunks, blobs
from server.errors import InvalidRequest, NotHeld, Refused

_SHA = re.compile(r"[0-9a-f]{64}")
_MEDIA = re.compile(r"(application/(pdf|json)|image/(png|jpeg|tiff|bmp))")


@dataclass(frozen=True)
class Progress:
    """How much of a blob the server holds, and whether it is whole."""

    received: int
    complete: bool


class OutOfStep(Refused):
    """A piece that does not start where the server's copy ends."""

    def __init__(self, received: int) -> None:
        super().__init__(
            f"The server holds {received} bytes of this blob: send the piece that starts there."
        )
        self.received = received


def check_name(sha256: str) -> str:
    if not _SHA.fullmatch(sha256):
        raise InvalidRequest("A blob is named by its SHA-256: 64 lower-case hex digits.")
    return sha256


def missing(conn: Connection, names: list[str]) -> list[str]:
    """Those of ``names`` the server does not hold whole, in the order given."""
    for name in names:
        check_name(name)
    held: set[str] = set(
        conn.execute(select(blobs.c.sha256).where(blobs.c.sha256.in_(names))).scalars()
    )
    return [name for name in dict.fromkeys(names) if name not in held]


def progress(conn: Connection, sha256: str) -> Progress:
    if conn.execute(select(blobs.c.sha256).where(blobs.c.sha256 == sha256)).first() is not None:
        size: int = conn.execute(select(blobs.c.size).where(blobs.c.sha256 == sha256)).scalar_one()
        return Progress(int(size), complete=True)
    received: int = conn.execute(
        select(func.coalesce(func.sum(func.length(blob_chunks.c.data)), 0)).where(
            blob_chunks.c.sha256 == sha256
        )
    ).scalar_one()
    return Progress(int(received), complete=False)


def receive(
    conn: Connection,
    sha256: str,
    *,
    offset: int,
    size: int,
    media_type: str,
    data: bytes,
    max_bytes: int,
) -> Progress:
    """Keep one piece of ``sha256``; when the last has come, check the whole and keep it."""
    check_name(sha256)
    if not _MEDIA.fullmatch(media_type):
        raise InvalidRequest(f"{media_type[:60]!r} is not a kind of blob this server keeps.")
    if not 0 < size <= max_bytes:
        raise InvalidRequest(f"A blob holds 1 to {max_bytes} bytes, not {size}.")
    if not data or offset + len(data) > size:
        raise InvalidRequest("The piece is empty or runs past the blob's size.")
    now = progress(conn, sha256)
    if now.complete:
        return now
    if offset != now.received:
        raise OutOfStep(now.received)
    conn.execute(
        blob_chunks.insert().values(
            sha256=sha256, offset=offset, size=size, media_type=media_type, data=data
        )
    )
    received = offset + len(data)
    if received < size:
        return Progress(received, complete=False)
    pieces = conn.execute(
        select(blob_chunks.c.data, blob_chunks.c.size)
        .where(blob_chunks.c.sha256 == sha256)
        .order_by(blob_chunks.c.offset)
    ).all()
    conn.execute(blob_chunks.delete().where(blob_chunks.c.sha256 == sha256))
    whole = b"".join(bytes(piece.data) for piece in pieces)
    if {piece.size for piece in pieces} != {size} or hashlib.sha256(whole).hexdigest() != sha256:
        # Nothing of it is kept; the desk sends it again from the start.
        raise Refused(
            "The blob's bytes do not have the SHA-256 it was sent under; nothing of it was "
            "kept. Send it again."
        )
    conn.execute(blobs.insert().values(sha256=sha256, size=size, media_type=media_type, data=whole))
    return Progress(size, complete=True)


def read(conn: Connection, sha256: str, *, offset: int, length: int) -> tuple[bytes, int, str]:
    """Up to ``length`` bytes of ``sha256`` from ``offset``, its whole size and its media type."""
    check_name(sha256)
    row = conn.execute(
        select(
            func.substr(blobs.c.data, offset + 1, length).label("piece"),
            blobs.c.size,
            blobs.c.media_type,
        ).where(blobs.c.sha256 == sha256)
    ).first()
    if row is None:
        raise NotHeld(f"The server holds no blob {sha256[:12]}…; the desk that made it sends it.")
    return bytes(row.piece or b""), int(row.size), str(row.media_type)
