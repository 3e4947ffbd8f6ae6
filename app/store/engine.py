"""Open a profile's SQLCipher database through SQLAlchemy, key first, always.

The key is a raw 256-bit key (``x'..'``): SQLCipher skips its passphrase
derivation, which would otherwise cost ~100 ms per connection.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.pool import ConnectionPoolEntry

from app.errors import UserError

log = logging.getLogger(__name__)
KEY_BYTES = 32


class StoreError(UserError):
    """The database cannot be used as it is (wrong key, damaged file, full disk)."""


class WrongKey(StoreError):
    """The key does not open this database."""

    code = "store.wrong_key"


def _apply_key(dbapi_connection: Any, key: bytes) -> None:
    # SQLCipher logs a failed key to stderr; the user gets our sentence instead.
    dbapi_connection.execute("PRAGMA cipher_log_level = NONE")
    # PRAGMA takes no bound parameters; the key is hex we made, never user text.
    dbapi_connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    try:
        dbapi_connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.dbapi2.DatabaseError as exc:
        dbapi_connection.close()
        raise WrongKey(
            "The key does not open this profile's database. Check that you gave the "
            "key of this profile (LOANDESK_KEY, the key file, or the system keyring); "
            "the file itself is unchanged."
        ) from exc
    for pragma in (
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = FULL",
        "PRAGMA temp_store = MEMORY",
        "PRAGMA foreign_keys = ON",
        "PRAGMA busy_timeout = 10000",
    ):
        dbapi_connection.execute(pragma)


def open_engine(path: Path, key: bytes) -> Engine:
    """An engine on the encrypted database at ``path`` (created if absent).

    Transactions are driven by us, not by the driver: reads ``BEGIN``, writes
    ``BEGIN IMMEDIATE`` (see ``write_options``) so two writers never deadlock
    on a lock upgrade.
    """
    if len(key) != KEY_BYTES:
        raise StoreError("A profile key is 32 bytes (64 hex digits).")
    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        module=sqlcipher3.dbapi2,
        connect_args={"check_same_thread": False},
        # Error messages (and so tracebacks in the log) never carry row values.
        hide_parameters=True,
        pool_size=4,
        max_overflow=4,
        pool_pre_ping=False,
    )

    # insert=True: the key goes first, before SQLAlchemy's own first-connect pragmas.
    @event.listens_for(engine, "connect", insert=True)
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        _apply_key(dbapi_connection, key)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("loandesk_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


WRITE = {"loandesk_write": True}
