"""Blobs and models between this desk and the branch server: only what is missing moves.

Both go piece by piece (``PIECE`` bytes), so memory holds one blob at most
and a dropped line resumes: a send at the server's count, a fetch after the
pieces kept (encrypted) in the profile.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import UserError
from app.services.profile import Profile
from app.store import blobsync
from app.store.repo import Store

if TYPE_CHECKING:
    from app.sync.client import ServerClient

log = logging.getLogger(__name__)

#: bytes a piece of a blob holds on the wire
PIECE = 1024 * 1024
#: blobs asked about at once
BATCH = 200


@dataclass(frozen=True)
class Fetched:
    fetched: int
    #: named by events but not on the server yet (their desk has not sent them)
    waiting: int


def send_blobs(store: Store, client: ServerClient) -> int:
    """Send the server every blob made here that it lacks; how many were sent."""
    from app.sync.client import ServerRefused

    sent = 0
    while True:
        with store.reading() as conn:
            batch = blobsync.unsent(conn, BATCH)
        if not batch:
            return sent
        lacking = set(client.missing_blobs([name for name, _, _ in batch]))
        for name, size, media_type in batch:
            if name not in lacking:
                continue
            data = store.blob(name)
            if data is None:
                continue
            offset = client.blob_progress(name)
            while offset < size:
                piece = data[offset : offset + PIECE]
                try:
                    offset = client.put_blob_piece(
                        name, offset=offset, size=size, media_type=media_type, piece=piece
                    )
                except ServerRefused as refused:
                    if refused.status != 409:
                        raise
                    # Out of step (another send of it, or a resend after a drop).
                    offset = client.blob_progress(name)
            sent += 1
        with store.writing() as tx:
            blobsync.mark_sent(tx.connection, [name for name, _, _ in batch])


def fetch_blobs(store: Store, client: ServerClient) -> Fetched:
    """Fetch every blob other desks' events name that is not here; what is still waiting."""
    from app.sync.client import ServerRefused

    fetched, waiting, skip = 0, 0, set[str]()
    while True:
        with store.reading() as conn:
            batch = [w for w in blobsync.wanted(conn, BATCH + len(skip)) if w[0] not in skip]
        if not batch:
            return Fetched(fetched, waiting)
        for name, media_type in batch:
            try:
                _fetch_one(store, client, name, media_type)
            except ServerRefused as refused:
                if refused.status != 404:
                    raise
                waiting += 1
                skip.add(name)
                continue
            fetched += 1


def _fetch_one(store: Store, client: ServerClient, name: str, media_type: str) -> None:
    with store.reading() as conn:
        offset = blobsync.fetched_so_far(conn, name)
    size = offset + 1
    while offset < size:
        piece, size, _ = client.blob_piece(name, offset=offset, length=PIECE)
        if not piece and offset < size:
            break
        with store.writing() as tx:
            blobsync.add_piece(tx.connection, name, offset, piece)
        offset += len(piece)
    with store.writing() as tx:
        blobsync.complete(tx.connection, name, media_type)


#: meta key: the published model set this desk took (or refused), by its name
MODELS_TAKEN = "models_from_branch"


@dataclass(frozen=True)
class ModelsTaken:
    """What became of the branch's published models at this sync."""

    set_id: str
    installed: tuple[str, ...] = ()
    #: why they were not put in use (a signature this desk does not trust, ...)
    refused: str | None = None


def take_models(profile: Profile, client: ServerClient) -> ModelsTaken | None:
    """Fetch and put in use the branch's models if they are new here; None if nothing new.

    The files are checked against the sizes and hashes the server lists, then
    the models against the publisher keys this desk trusts; a set refused
    once is not fetched again until the branch publishes another.
    """
    from app.services.risk import ModelService

    set_id, files = client.published_models()
    if set_id is None or profile.store.meta(MODELS_TAKEN) == set_id:
        return None
    staging = Path(tempfile.mkdtemp(prefix=".incoming-models-", dir=profile.path))
    try:
        for name, sha256, size in files:
            data = client.model_file(set_id, name)
            if len(data) != size or hashlib.sha256(data).hexdigest() != sha256:
                return _noted(profile, ModelsTaken(set_id, refused=f"{name} came damaged"))
            (staging / name).write_bytes(data)
        try:
            installed = ModelService(profile).install_published(staging)
        except UserError as exc:
            return _noted(profile, ModelsTaken(set_id, refused=str(exc)))
        return _noted(profile, ModelsTaken(set_id, installed=tuple(installed)))
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _noted(profile: Profile, taken: ModelsTaken) -> ModelsTaken:
    with profile.store.writing() as tx:
        tx.set_meta(MODELS_TAKEN, taken.set_id)
    if taken.refused is not None:
        log.warning(
            "the branch's model set %s was not put in use: %s", taken.set_id[:12], taken.refused
        )
    return taken
