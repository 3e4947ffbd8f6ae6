"""The blob side of ``bench.sync``: page images through the server, against the raw limit.

Device A sends ``COUNT`` blobs the size of a scanned page (random bytes, so
nothing compresses) with the workstation's transfer code (ask what is
missing, then 1 MiB pieces); device B fetches them back the same way. The raw
limit puts the same bytes straight into the server's ``blobs`` table, one
transaction each, and reads them back. The two take turns blob by blob.
"""

from __future__ import annotations

import hashlib
import os
import statistics
import time
from dataclasses import dataclass

from sqlalchemy import Engine, select

from app.sync.client import ServerClient
from server.db import blobs, metadata

COUNT = 20
SIZE = 400 * 1024  # about a scanned A4 page as a JPEG
PIECE = 1024 * 1024


@dataclass(frozen=True)
class BlobFigures:
    count: int
    size: int
    #: seconds per blob, median: "send", "fetch", "raw_insert", "raw_read"
    seconds: dict[str, float]

    def mbps(self, side: str) -> float:
        return round(self.size / self.seconds[side] / 1e6, 1)


def _send(client: ServerClient, name: str, data: bytes) -> None:
    if name not in client.missing_blobs([name]):
        return
    offset = client.blob_progress(name)
    while offset < len(data):
        offset = client.put_blob_piece(
            name,
            offset=offset,
            size=len(data),
            media_type="image/jpeg",
            piece=data[offset : offset + PIECE],
        )


def _fetch(client: ServerClient, name: str) -> bytes:
    got = b""
    size = 1
    while len(got) < size:
        piece, size, _ = client.blob_piece(name, offset=len(got), length=PIECE)
        got += piece
    return got


def blob_phase(sender: ServerClient, fetcher: ServerClient, raw: Engine) -> BlobFigures:
    metadata.create_all(raw, tables=[blobs])
    spent: dict[str, list[float]] = {"send": [], "fetch": [], "raw_insert": [], "raw_read": []}
    for _ in range(COUNT):
        data = os.urandom(SIZE)
        name = hashlib.sha256(data).hexdigest()
        start = time.perf_counter()
        _send(sender, name, data)
        spent["send"].append(time.perf_counter() - start)
        start = time.perf_counter()
        back = _fetch(fetcher, name)
        spent["fetch"].append(time.perf_counter() - start)
        if back != data:
            raise RuntimeError("the server handed back other bytes than were sent")
        start = time.perf_counter()
        with raw.begin() as conn:
            conn.execute(
                blobs.insert().values(sha256=name, size=SIZE, media_type="image/jpeg", data=data)
            )
        spent["raw_insert"].append(time.perf_counter() - start)
        start = time.perf_counter()
        with raw.connect() as conn:
            read: bytes = conn.execute(
                select(blobs.c.data).where(blobs.c.sha256 == name)
            ).scalar_one()
        spent["raw_read"].append(time.perf_counter() - start)
        if bytes(read) != data:
            raise RuntimeError("the raw database handed back other bytes")
    return BlobFigures(COUNT, SIZE, {k: statistics.median(v) for k, v in spent.items()})


def table(f: BlobFigures) -> list[str]:
    label = f"blobs of {f.size // 1024} KiB, MB/s (median of {f.count})"
    return [
        f"{label:<40}{'':>12}{'':>12}",
        f"{'  send (missing? then 1 MiB pieces)':<40}{f.mbps('send'):>12,.1f}"
        f"{f.mbps('raw_insert'):>12,.1f}{f.mbps('send') / f.mbps('raw_insert'):>9.3f}",
        f"{'  fetch (1 MiB pieces)':<40}{f.mbps('fetch'):>12,.1f}"
        f"{f.mbps('raw_read'):>12,.1f}{f.mbps('fetch') / f.mbps('raw_read'):>9.3f}",
    ]


def keys(f: BlobFigures) -> dict[str, float]:
    return {
        "blob_send_mbps": f.mbps("send"),
        "blob_fetch_mbps": f.mbps("fetch"),
        "blob_raw_insert_mbps": f.mbps("raw_insert"),
        "blob_raw_read_mbps": f.mbps("raw_read"),
    }
