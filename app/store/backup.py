"""Encrypted copies of a profile database, made and proven through SQLCipher itself.

A copy is never a file copy of a live database: ``sqlcipher_export`` reads one
snapshot inside a read transaction and writes it, encrypted under the copy's
own key, into a new file. ``check_file`` opens a copy read-only and proves it
whole (page MACs, b-trees, every event's hash, this device's chain, the chain
head) before anyone relies on it. A backup is a plain SQLCipher 4 file with one
extra table, ``backup_manifest``, so support can open it with stock tools.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import sqlcipher3
from sqlalchemy import Engine

from app.domain.events import Event, EventError
from app.store.engine import KEY_BYTES, StoreError
from app.store.repo import CHAIN_HEAD

MANIFEST_FORMAT = 1
MANIFEST_TABLE = "backup_manifest"
#: SQLCipher 4's page: an encrypted file is always a whole number of them.
PAGE_SIZE = 4096
SQLITE_MAGIC = b"SQLite format 3\x00"
_DB_ERROR = sqlcipher3.dbapi2.DatabaseError
# SQLCipher would read a passphrase of this shape as a raw key, not derive one.
_RAW_KEY_SHAPE = re.compile(r"x'[0-9a-fA-F]*'")


class BackupError(StoreError):
    """A backup that cannot be made, read or trusted; nothing was changed."""

    code = "backup.error"


class BackupDamaged(BackupError):
    code = "backup.damaged"


class WrongPassphrase(BackupError):
    code = "backup.wrong_passphrase"


class NotABackup(BackupError):
    code = "backup.not_a_backup"


class BackupTooNew(BackupError):
    code = "backup.newer"


@dataclass(frozen=True)
class FileKey:
    """What opens a SQLCipher file: a raw 256-bit key, or a passphrase that SQLCipher
    stretches with PBKDF2-HMAC-SHA512 (256,000 rounds in SQLCipher 4)."""

    kind: Literal["raw", "passphrase"]
    secret: str = field(repr=False)

    @classmethod
    def raw(cls, key: bytes) -> FileKey:
        if len(key) != KEY_BYTES:
            raise StoreError("A profile key is 32 bytes (64 hex digits).")
        return cls("raw", f"x'{key.hex()}'")

    @classmethod
    def passphrase(cls, text: str) -> FileKey:
        if not text or _RAW_KEY_SHAPE.fullmatch(text):
            raise BackupError("A backup passphrase cannot be empty or look like x'…'.")
        return cls("passphrase", text)


@dataclass(frozen=True)
class Snapshot:
    """What a copy holds: how many events, and the newest as ``SEQ:HASH``."""

    events: int
    chain_head: str


@dataclass(frozen=True)
class Manifest:
    """The ``backup_manifest`` row: who and what a backup is, readable once it is open."""

    format: int
    profile_id: str
    device_id: str
    made_at: str
    events: int
    chain_head: str
    app_version: str

    @property
    def snapshot(self) -> Snapshot:
        return Snapshot(self.events, self.chain_head)


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
    with closing(_connect()) as conn:
        _attach(conn, source, source_key, "src", read_only=True)
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


def key_opens(path: Path, key: bytes) -> bool:
    """Whether ``key`` opens the database at ``path`` (which is left as it was)."""
    if not path.is_file() or path.stat().st_size == 0:
        return False
    with closing(_connect()) as conn:
        try:
            _attach(conn, path, FileKey.raw(key), "db", read_only=False)
        except BackupError:
            return False
        return True


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


# -- proving copies -----------------------------------------------------------------
def check_file(
    path: Path, key: FileKey, *, expected: Snapshot | None = None, require_manifest: bool = False
) -> Manifest | None:
    """Prove the SQLCipher file at ``path`` whole, or raise a ``BackupError`` saying why.

    Every page's MAC, SQLite's own b-tree check, every event re-hashed, this
    device's chain unbroken, the chain head equal to the newest event, and the
    counts equal to ``expected`` and to the manifest. The file is opened read-only.
    """
    name = path.name
    _check_shape(path)
    with closing(_connect()) as conn:
        _attach(conn, path, key, "b", read_only=True)
        try:
            _check_pages(conn, name)
            manifest = _read_manifest(conn, name, required=require_manifest)
            found = _check_events(conn, name)
        except _DB_ERROR as exc:
            raise BackupDamaged(f"{name} is damaged and cannot be read whole ({exc}).") from exc
    for what, want in (("its manifest", manifest and manifest.snapshot), ("expected", expected)):
        if want and want != found:
            raise BackupDamaged(
                f"{name} holds {found.events} events up to {found.chain_head[:16]}…, but "
                f"{what} says {want.events} up to {want.chain_head[:16]}…; it is incomplete."
            )
    return manifest


def _check_shape(path: Path) -> None:
    """What can be told before decrypting anything."""
    name = path.name
    if not path.is_file():
        raise BackupError(f"There is no backup file {path}.", code="backup.missing")
    size = path.stat().st_size
    if size == 0:
        raise BackupDamaged(f"{name} is empty (0 bytes); it holds no backup.")
    with path.open("rb") as handle:
        start = handle.read(len(SQLITE_MAGIC))
    if start == SQLITE_MAGIC:
        raise NotABackup(f"{name} is an unencrypted SQLite database, not a LoanDesk backup.")
    if size % PAGE_SIZE:
        raise BackupDamaged(
            f"{name} is not a whole number of database pages: it was cut short, "
            "or it is not a LoanDesk backup."
        )


def _attach(conn: Any, path: Path, key: FileKey, schema: str, *, read_only: bool) -> None:
    # immutable: a copy being checked is not changing, and no -wal or -shm is made beside it.
    target = path.resolve().as_uri() + "?mode=ro&immutable=1" if read_only else str(path)
    try:
        # An immutable file is read at ATTACH already; another on the first query.
        conn.execute(f"ATTACH DATABASE ? AS {schema} KEY ?", (target, key.secret))
        conn.execute(f"SELECT count(*) FROM {schema}.sqlite_master").fetchone()
    except _DB_ERROR as exc:
        with suppress(_DB_ERROR):
            conn.execute(f"DETACH DATABASE {schema}")
        raise _open_error(path.name, key, exc) from exc


def _open_error(name: str, key: FileKey, exc: Exception) -> BackupError:
    text = str(exc).lower()
    if "not a database" in text and key.kind == "passphrase":
        return WrongPassphrase(
            f"The passphrase does not open {name}; if it is right, the file is not a "
            "LoanDesk backup or its first page is damaged."
        )
    if "not a database" in text:
        return WrongPassphrase(
            f"The profile key does not open {name}: it was made with a passphrase or "
            "by another profile, or it is not a LoanDesk backup.",
            code="backup.wrong_key",
        )
    if "malformed" in text:
        return BackupDamaged(f"{name} is damaged: it opens, but its pages are cut short.")
    return BackupError(f"{name} cannot be read: {exc}.")


def _check_pages(conn: Any, name: str) -> None:
    bad = conn.execute("PRAGMA b.cipher_integrity_check").fetchall()
    if bad:
        raise BackupDamaged(
            f"{name} is damaged: {len(bad)} page(s) fail their check ({bad[0][0]})."
        )
    result = conn.execute("PRAGMA b.integrity_check").fetchall()
    if result != [("ok",)]:
        raise BackupDamaged(f"{name} is damaged: {result[0][0]}.")


def _read_manifest(conn: Any, name: str, *, required: bool) -> Manifest | None:
    tables = {
        row[0] for row in conn.execute("SELECT name FROM b.sqlite_master WHERE type = 'table'")
    }
    if not {"events", "meta"} <= tables or (required and MANIFEST_TABLE not in tables):
        raise NotABackup(f"{name} opens, but it is not a LoanDesk backup (it has no manifest).")
    if MANIFEST_TABLE not in tables:
        return None
    rows = conn.execute(
        "SELECT format, profile_id, device_id, made_at, events, chain_head, app_version"
        f" FROM b.{MANIFEST_TABLE}"
    ).fetchall()
    if len(rows) != 1:
        raise BackupDamaged(f"{name} is damaged: its manifest has {len(rows)} rows, not one.")
    manifest = Manifest(*rows[0])
    if manifest.format > MANIFEST_FORMAT:
        raise BackupTooNew(
            f"{name} was made by a newer LoanDesk ({manifest.app_version}); update LoanDesk "
            "to restore it."
        )
    return manifest


def _event(name: str, seq: int, body: object) -> Event:
    if not isinstance(body, bytes):
        raise BackupDamaged(f"{name} is damaged: event {seq} is not stored as bytes.")
    try:
        return Event.from_bytes(body)
    except EventError as exc:
        raise BackupDamaged(f"{name} is damaged: event {seq} fails its hash ({exc}).") from exc


def _check_events(conn: Any, name: str) -> Snapshot:
    device = conn.execute("SELECT value FROM b.meta WHERE key = 'device_id'").fetchone()
    own = device[0] if device else None
    own_seq, own_hash = 0, None
    count, last = 0, ""
    for seq, digest, body in conn.execute("SELECT seq, hash, body FROM b.events ORDER BY seq"):
        event = _event(name, seq, body)
        if event.hash != digest:
            raise BackupDamaged(f"{name} is damaged: event {seq} is filed under another hash.")
        # This device's chain is gap-free by construction; other devices' come by sync.
        if event.device == own:
            if event.device_seq != own_seq + 1 or event.prev != own_hash:
                raise BackupDamaged(f"{name} is damaged: this device's chain breaks at {seq}.")
            own_seq, own_hash = event.device_seq, event.hash
        count, last = count + 1, f"{seq}:{digest}"
    head = conn.execute("SELECT value FROM b.meta WHERE key = ?", (CHAIN_HEAD,)).fetchone()
    if (head[0] if head else "") != last:
        raise BackupDamaged(
            f"{name} is damaged: its newest event is not its recorded chain head; "
            "events are missing."
        )
    return Snapshot(count, last)


# -- files ----------------------------------------------------------------------------
def _connect() -> Any:
    conn = sqlcipher3.dbapi2.connect(
        ":memory:", isolation_level=None, uri=True, check_same_thread=False
    )
    # SQLCipher logs a failed key to stderr; the caller gets our sentence instead.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


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


def fsync_path(path: Path) -> None:
    """Make a file's content, or a folder's entries, durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
