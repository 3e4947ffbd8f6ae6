"""Reading a backup file: what opens it, what it holds, and proof that it is whole.

``check_file`` opens a copy read-only and proves it whole (page MACs, b-trees,
every event's hash, this device's chain, the chain head) before anyone relies
on it. A backup is a plain SQLCipher 4 file with one extra table,
``backup_manifest``, so support can open it with stock tools.
"""

from __future__ import annotations

import re
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import sqlcipher3

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
    with closing(memory_connection()) as conn:
        attach(conn, path, key, "b", read_only=True)
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


def attach(conn: Any, path: Path, key: FileKey, schema: str, *, read_only: bool) -> None:
    """Attach the file at ``path`` as ``schema``, or raise a ``BackupError`` saying why."""
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


def key_opens(path: Path, key: bytes) -> bool:
    """Whether ``key`` opens the database at ``path`` (which is left as it was)."""
    if not path.is_file() or path.stat().st_size == 0:
        return False
    with closing(memory_connection()) as conn:
        try:
            attach(conn, path, FileKey.raw(key), "db", read_only=False)
        except BackupError:
            return False
        return True


def memory_connection() -> Any:
    """A connection to nothing, for backup files to be attached to."""
    conn = sqlcipher3.dbapi2.connect(
        ":memory:", isolation_level=None, uri=True, check_same_thread=False
    )
    # SQLCipher logs a failed key to stderr; the caller gets our sentence instead.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn
