"""Child process of the stateful sync test: `loandesk-server serve` with a trap inside a push.

Run as ``python -m tests.server.trap_server TRAP serve --data DIR ...``. It serves
as ever until the file TRAP names a point: ``insert`` (before an event row is
written), ``commit`` (every row written, COMMIT not yet sent) or ``committed``
(committed, the answer not yet sent). The next push that reaches the point
writes ``holding at POINT`` to standard error and waits there to be killed.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.pool import Pool

from server.cli import main as serve

POINTS = ("insert", "commit", "committed")


def _hold(point: str) -> None:
    sys.stderr.write(f"holding at {point}\n")
    sys.stderr.flush()
    threading.Event().wait()


def install(trap: Path) -> None:
    wrote: set[int] = set()  # the DBAPI connections whose transaction inserted events

    def armed(point: str) -> bool:
        try:
            return trap.read_text(encoding="ascii").strip() == point
        except FileNotFoundError:
            return False

    @event.listens_for(Engine, "before_cursor_execute")
    def _before(conn: Connection, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("INSERT INTO events"):
            wrote.add(id(conn.connection.dbapi_connection))
            if armed("insert"):
                _hold("insert")

    @event.listens_for(Engine, "commit")
    def _commit(conn: Connection) -> None:
        if id(conn.connection.dbapi_connection) in wrote and armed("commit"):
            _hold("commit")

    @event.listens_for(Pool, "checkin")
    def _checkin(dbapi_connection: Any, _record: Any) -> None:
        if id(dbapi_connection) in wrote:
            wrote.discard(id(dbapi_connection))
            if armed("committed"):
                _hold("committed")


if __name__ == "__main__":
    install(Path(sys.argv[1]))
    sys.exit(serve(sys.argv[2:]))
