"""Child process of the crash test: `loandesk-server serve` that stops dead inside a push.

Run as ``python -m tests.server.crash_server POINT serve --data DIR ...``. POINT is
``insert:N`` (hold before the N-th INSERT into events), ``commit`` (hold just
before the COMMIT of a transaction that inserted events) or ``committed`` (hold
after that COMMIT, before the response is sent). On reaching it the process
writes ``holding at POINT`` to standard error and waits to be killed.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.pool import Pool

from server.cli import main as serve


def _hold(point: str) -> None:
    sys.stderr.write(f"holding at {point}\n")
    sys.stderr.flush()
    threading.Event().wait()


def install(point: str) -> None:
    inserts = 0
    wrote: set[int] = set()  # the DBAPI connections whose transaction inserted events

    @event.listens_for(Engine, "before_cursor_execute")
    def _before(conn: Connection, _cursor: Any, statement: str, *_: Any) -> None:
        nonlocal inserts
        if statement.startswith("INSERT INTO events"):
            inserts += 1
            wrote.add(id(conn.connection.dbapi_connection))
            if point == f"insert:{inserts}":
                _hold(point)

    @event.listens_for(Engine, "commit")
    def _commit(conn: Connection) -> None:
        if point == "commit" and id(conn.connection.dbapi_connection) in wrote:
            _hold(point)

    @event.listens_for(Pool, "checkin")
    def _checkin(dbapi_connection: Any, _record: Any) -> None:
        if point == "committed" and id(dbapi_connection) in wrote:
            _hold(point)


if __name__ == "__main__":
    install(sys.argv[1])
    sys.exit(serve(sys.argv[2:]))
