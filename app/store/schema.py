"""Tables of the workstation database (the migrations create them)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

#: Append-only: triggers refuse UPDATE and DELETE (see migration 0001).
events = Table(
    "events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(36), nullable=False, unique=True),
    Column("case_id", String(36), nullable=True),
    Column("type", String(40), nullable=False),
    Column("actor", String(36), nullable=False),
    Column("device", String(36), nullable=False),
    Column("device_seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
    Column("body", LargeBinary, nullable=False),
    UniqueConstraint("device", "device_seq", name="uq_events_device_seq"),
    Index("ix_events_case_id", "case_id", "seq"),
    Index("ix_events_type", "type", "seq"),
    sqlite_autoincrement=True,
)

#: Profile-wide facts: this device's id, the profile id, the device chain head.
meta = Table(
    "meta",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

#: Projection of each case (the fold of its events) for fast lists and search.
cases = Table(
    "cases",
    metadata,
    Column("case_id", String(36), primary_key=True),
    Column("case_no", String(32), nullable=False, unique=True),
    Column("status", String(20), nullable=False),
    Column("full_name", Text, nullable=True),
    Column("name_key", Text, nullable=True),
    Column("id_number", String(18), nullable=True),
    Column("amount", String(32), nullable=True),
    Column("currency", String(3), nullable=True),
    Column("product", String(32), nullable=True),
    Column("opened_at", String(30), nullable=False),
    Column("updated_at", String(30), nullable=False),
    Column("version", Integer, nullable=False),
    Column("head", String(64), nullable=False),
    Column("state", LargeBinary, nullable=False),
    #: how many fields concurrent edits left conflicted (0 for none)
    Column("conflicts", Integer, nullable=False, server_default="0"),
    # Covering indexes: the list reads these in order and never touches rows.
    Index("ix_cases_list", "updated_at", "case_id", "status", "name_key", "id_number", "case_no"),
    Index(
        "ix_cases_status_list",
        "status",
        "updated_at",
        "case_id",
        "name_key",
        "id_number",
        "case_no",
    ),
    Index("ix_cases_id_number", "id_number"),
    Index("ix_cases_conflicts", "conflicts"),
)

#: Projection of users: the fold of UserAdded, UserUpdated and PasswordSet.
users = Table(
    "users",
    metadata,
    Column("user_id", String(36), primary_key=True),
    Column("username", String(32), nullable=False, unique=True),
    Column("display_name", Text, nullable=False),
    Column("roles", Text, nullable=False),
    Column("active", Integer, nullable=False, server_default="1"),
    Column("limits", Text, nullable=False, server_default="[]"),
    Column("public_key", String(64), nullable=True),
    Column("tier", String(32), nullable=True),
)

#: Local secrets and counters of each user; not events, so they can change
#: and never travel in the log: the Argon2id hash, the signing key wrapped
#: under the password, failed attempts and the lock.
credentials = Table(
    "credentials",
    metadata,
    Column("user_id", String(36), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("locked_until", String(30), nullable=True),
    Column("must_change", Integer, nullable=False, server_default="0"),
    #: the PasswordSet event these secrets belong to (None: set before sync)
    Column("set_by", String(36), nullable=True),
)

#: Content-addressed blobs (page images): sha256 of the plaintext is the key.
blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("media_type", String(60), nullable=False),
    Column("data", LargeBinary, nullable=False),
    #: 1 once the branch server holds it (or it came from there)
    Column("sent", Integer, nullable=False, server_default="0"),
)

#: Blobs other desks' events name that this one has not fetched yet.
blobs_wanted = Table(
    "blobs_wanted",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("media_type", String(60), nullable=False),
)

#: The pieces of a wanted blob fetched so far: a fetch resumes after them.
blob_pieces = Table(
    "blob_pieces",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("offset", Integer, primary_key=True),
    Column("data", LargeBinary, nullable=False),
)

#: The branch server's order of the events it has handed down or acknowledged:
#: cases fold in this order, then this device's unordered events.
server_order = Table(
    "server_order",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("server_seq", Integer, nullable=False, unique=True),
    #: why the branch refused to apply the event (it stays in the log); None: applied
    Column("refused", Text, nullable=True),
)
