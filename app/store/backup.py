"""Encrypted copies of a profile database, made through SQLCipher itself.

A copy is never a file copy of a live database: ``sqlcipher_export`` reads one
snapshot inside a read transaction and writes it, encrypted under the copy's
own key, into a new file, proven by ``backupcheck.check_file`` before it counts.
"""

from __future__ import annotations

import importlib.metadata
import os
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine

from app.durable import fsync_path
from app.store.backupcheck import (
    MANIFEST_FORMAT,
    MANIFEST_TABLE,
    BackupError,
    FileKey,
    Manifest,
    Snapshot,
    attach,
    check_file,
    memory_connection,
)
from app.store.engine import StoreError
from app.store.repo import CHAIN_HEAD

_DB_ERROR = sqlcipher3.dbapi2.DatabaseError


# -- making copies ------------------------------------------------------------------
def write_backup(engine: Engine, target: Path, key: FileKey, *, made_at: str) -> Manifest:
    """Export the live database behind ``engine`` into the new file ``target``.

    Written under a temporary name beside ``target`` (0600), proven, synced and
    only then renamed; on any failure the temporary file is removed.
    """
    if target.exists():
        raise BackupError(f"{target} already exists; choose another name or move it away.")
    with _temporary_beside(target) as tmp:
        raw = engine.raw_connection()
        try:
            snapshot = _export(raw.driver_connection, "main", tmp, key, made_at=made_at)
        except BaseException:
            raw.invalidate()  # never hand a connection with a copy attached back to the pool
            raise
        finally:
            raw.close()
        manifest = check_file(tmp, key, expected=snapshot, require_manifest=True)
        assert manifest is not None
        fsync_path(tmp)
        os.replace(tmp, target)
        fsync_path(target.parent)
    return manifest


def reencrypt(source: Path, source_key: FileKey, target: Path, target_key: FileKey) -> Snapshot:
    """Copy the backup ``source`` into the new database ``target`` under another key,
    leaving its manifest behind (a restore)."""
    with closing(memory_connection()) as conn:
        attach(conn, source, source_key, "src", read_only=True)
        return _export(conn, "src", target, target_key, drop_manifest=True)


def export_open(conn: Any, target: Path, key: FileKey) -> Snapshot:
    """Copy the database open on ``conn`` (see ``exclusive``) into ``target`` under ``key``."""
    return _export(conn, "main", target, key)


@contextmanager
def exclusive(path: Path, key: bytes) -> Iterator[Any]:
    """The one connection to the database at ``path``: its WAL folded in and removed,
    every other reader and writer locked out until the block ends."""
    conn = sqlcipher3.dbapi2.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=2
    )
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        try:
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except _DB_ERROR:
            mode = None
        if mode != "delete":
            raise StoreError(
                "Another LoanDesk window or program has this profile open; close it and "
                "try again. Nothing was changed.",
                code="store.in_use",
            )
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")  # the exclusive lock stays until the connection closes
        yield conn
    finally:
        conn.close()


def _export(
    conn: Any,
    source: str,
    target: Path,
    key: FileKey,
    *,
    made_at: str | None = None,
    drop_manifest: bool = False,
) -> Snapshot:
    # One transaction: every table, the counts and the head come from the same snapshot.
    try:
        conn.execute("ATTACH DATABASE ? AS copy KEY ?", (str(target), key.secret))
    except _DB_ERROR as exc:
        raise _write_error(target, exc) from exc
    try:
        # The copy is a temporary file until proven: no journal on disk, one fsync at the end.
        conn.execute("PRAGMA copy.journal_mode = MEMORY")
        conn.execute("PRAGMA copy.synchronous = OFF")
        conn.execute("BEGIN")
        try:
            conn.execute(f"SELECT sqlcipher_export('copy', '{source}')")
            # sqlcipher_export copies tables, indexes, triggers, views, but not user_version.
            version = int(conn.execute(f"PRAGMA {source}.user_version").fetchone()[0])
            conn.execute(f"PRAGMA copy.user_version = {version}")
            snapshot = _snapshot(conn, source)
            if drop_manifest:
                conn.execute(f"DROP TABLE IF EXISTS copy.{MANIFEST_TABLE}")
            if made_at is not None:
                _write_manifest(conn, source, snapshot, made_at)
            conn.execute("COMMIT")
        except BaseException:
            with suppress(_DB_ERROR):
                conn.execute("ROLLBACK")
            raise
    except _DB_ERROR as exc:
        raise _write_error(target, exc) from exc
    finally:
        conn.execute("DETACH DATABASE copy")
    return snapshot


def _snapshot(conn: Any, schema: str) -> Snapshot:
    count = int(conn.execute(f"SELECT count(*) FROM {schema}.events").fetchone()[0])
    head = conn.execute(f"SELECT value FROM {schema}.meta WHERE key = ?", (CHAIN_HEAD,)).fetchone()
    return Snapshot(count, head[0] if head else "")


def _write_manifest(conn: Any, source: str, snapshot: Snapshot, made_at: str) -> None:
    meta = dict(conn.execute(f"SELECT key, value FROM {source}.meta").fetchall())
    conn.execute(
        f"CREATE TABLE copy.{MANIFEST_TABLE} (format INTEGER NOT NULL, profile_id TEXT NOT NULL,"
        " device_id TEXT NOT NULL, made_at TEXT NOT NULL, events INTEGER NOT NULL,"
        " chain_head TEXT NOT NULL, app_version TEXT NOT NULL)"
    )
    conn.execute(
        f"INSERT INTO copy.{MANIFEST_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            MANIFEST_FORMAT,
            meta.get("profile_id", ""),
            meta.get("device_id", ""),
            made_at,
            snapshot.events,
            snapshot.chain_head,
            _app_version(),
        ),
    )


def _app_version() -> str:
    try:
        return importlib.metadata.version("loandesk")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _write_error(target: Path, exc: Exception) -> BackupError:
    text = str(exc).lower()
    if "full" in text:
        return BackupError(f"The disk holding {target.parent} is full; no backup was written.")
    return BackupError(f"{target.parent} cannot be written ({exc}); no backup was written.")


# -- files ----------------------------------------------------------------------------
@contextmanager
def _temporary_beside(target: Path) -> Iterator[Path]:
    """An empty 0600 file in ``target``'s folder; removed unless it was renamed away."""
    tmp = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise BackupError(
            f"{target.parent} cannot be written ({exc.strerror}); no backup was written."
        ) from exc
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)


def new_private_file(path: Path) -> None:
    """Create ``path`` empty and readable by its owner alone (refuses an existing file)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
