"""The server's tables (SQLAlchemy Core) and engines, the same for SQLite and PostgreSQL.

``events.chain`` is the server's running hash chain: SHA-256 over the raw 32
bytes of the previous row's chain (nothing before the first row) followed by
the raw 32 bytes of the event's own hash, written as hex.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Dialect,
    Engine,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    event,
    make_url,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import ConnectionPoolEntry

from server.errors import DatabaseError

#: the largest value a server_seq or device_seq column holds (signed 64-bit)
MAX_SEQ = 2**63 - 1


class UTCTime(TypeDecorator[datetime]):
    """An aware UTC datetime, stored naive in UTC so both databases compare it alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCTime takes aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


metadata = MetaData()

# SQLite's INTEGER PRIMARY KEY is its 64-bit rowid; PostgreSQL gets a BIGINT.
_SEQ = BigInteger().with_variant(Integer(), "sqlite")

events = Table(
    "events",
    metadata,
    Column("server_seq", _SEQ, primary_key=True, autoincrement=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("device", String(36), nullable=False),
    Column("device_seq", BigInteger, nullable=False),
    Column("case_id", String(36), nullable=True),
    Column("type", String(40), nullable=False),
    Column("actor", String(36), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
    Column("body", LargeBinary, nullable=False),
    Column("chain", String(64), nullable=False),
    #: why the branch refused the event (``server.judge``); None: applied
    Column("refused", Text, nullable=True),
    UniqueConstraint("device", "device_seq", name="uq_events_device_seq"),
    Index("ix_events_case_id", "case_id", "server_seq"),
    sqlite_autoincrement=True,
)

#: The approvals of each round of a case, held by the database, not by luck: a
#: round starts at the case's last submission or change (the events that void
#: earlier signatures), named by that event's hash. Each signature's place (the
#: first, the second of dual control) is taken once, and nobody signs twice.
approvals = Table(
    "approvals",
    metadata,
    Column("case_id", String(36), primary_key=True),
    Column("round", String(64), primary_key=True),
    Column("slot", Integer, primary_key=True),
    Column("tier", String(32), nullable=False),
    Column("actor", String(36), nullable=False),
    Column("event_id", String(36), nullable=False, unique=True),
    UniqueConstraint("case_id", "round", "actor", name="uq_approvals_one_each"),
)

#: The branch's users as their events made them: who may do what, with which key.
people = Table(
    "people",
    metadata,
    Column("user_id", String(36), primary_key=True),
    Column("username", String(32), nullable=False, unique=True),
    Column("roles", Text, nullable=False),
    Column("active", Integer, nullable=False),
    Column("public_key", String(64), nullable=True),
    #: the user's last applied PasswordSet: only its credentials are handed out
    Column("password_event", String(36), nullable=True),
    #: the tier they sign as (None: the lowest) and limits of their own (JSON)
    Column("tier", String(32), nullable=True),
    Column("limits", Text, nullable=False),
)

#: Each user's password hash (Argon2id) and signing key wrapped under the password,
#: as the desk where it was set sent them: so the user signs in, and signs, at any
#: desk of the branch, offline too. Handed only to enrolled devices.
credentials = Table(
    "credentials",
    metadata,
    Column("user_id", String(36), primary_key=True),
    Column("event_id", String(36), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("must_change", Integer, nullable=False),
)

#: Each case folded from its applied events in server order (``server.judge``).
case_states = Table(
    "case_states",
    metadata,
    Column("case_id", String(36), primary_key=True),
    Column("state", LargeBinary, nullable=False),
)

#: The server's own settings kept with its data: its device id, for what it records itself.
server_meta = Table(
    "server_meta",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

#: The products and the authority matrix the branch publishes, each publication kept;
#: the current one of each kind is the highest ``seq`` (``server.rules``).
rules = Table(
    "rules",
    metadata,
    Column("seq", _SEQ, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),
    Column("version", String(64), nullable=False),
    Column("body", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("published_at", UTCTime, nullable=False),
    Index("ix_rules_kind", "kind", "seq"),
)

#: Content-addressed blobs (documents, page images, drawn signatures): SHA-256 is the key.
blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(60), nullable=False),
    Column("data", LargeBinary, nullable=False),
)

#: The pieces of blobs still arriving, in order: an upload resumes where it stopped.
blob_chunks = Table(
    "blob_chunks",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("offset", BigInteger, primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(60), nullable=False),
    Column("data", LargeBinary, nullable=False),
)

devices = Table(
    "devices",
    metadata,
    Column("device_id", String(36), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("enrolled_at", UTCTime, nullable=False),
    Column("revoked_at", UTCTime, nullable=True),
)

enrolment_codes = Table(
    "enrolment_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("device_name", String(100), nullable=False),
    Column("expires_at", UTCTime, nullable=False),
    Column("used_at", UTCTime, nullable=True),
)


def open_engine(url: str) -> Engine:
    """An engine on ``url``; SQLite gets WAL, full sync and ``BEGIN IMMEDIATE`` writes."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise DatabaseError("The database URL is not a SQLAlchemy URL (dialect://...).") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(
            f"The server runs on SQLite or PostgreSQL, not {parsed.get_backend_name()}."
        )
    try:
        engine = create_engine(parsed, hide_parameters=True, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise DatabaseError(f"The database URL is not one this server can use: {exc}.") from None
    if engine.dialect.name == "sqlite":
        _sqlite_transactions(engine)
    return engine


def _sqlite_transactions(engine: Engine) -> None:
    # The driver's own transaction handling begins late and deferred; two
    # pushes that read the chain head and then write would then deadlock or
    # fail on the lock upgrade. Every transaction here takes the write lock first,
    # except on a connection opened with ``READ``.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        for pragma in (
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = FULL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA busy_timeout = 30000",
        ):
            dbapi_connection.execute(pragma)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        reading = conn.get_execution_options().get("server_read", False)
        conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


#: execution options of a connection that only reads (SQLite then takes no write lock)
READ = {"server_read": True}


def lock_events(conn: Connection) -> None:
    """Serialise appends: server_seq order is then commit order, and the chain one line.

    On SQLite ``BEGIN IMMEDIATE`` already holds the only write lock. PostgreSQL
    lets plain reads (pulls) go on under EXCLUSIVE mode but not another append.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("LOCK TABLE events IN EXCLUSIVE MODE")
