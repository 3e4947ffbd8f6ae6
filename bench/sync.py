"""Sync: events through a real branch server against the same rows put straight into its database.

For each database (SQLite, a file in the data dir; PostgreSQL, a private
cluster made durable as in production) a real `loandesk-server` is set up
with ``init`` and served on loopback over HTTPS with the certificate ``init``
made; two devices are enrolled, trusting that branch CA alone. **LoanDesk**:
device A pushes N events made as a workstation makes them (a case opened, the
applicant's and the loan's fields, comments) in batches of 200 with the
workstation's own client, and device B pulls them all back in pages of 1,000
on one kept connection. **The raw limit**: the same rows, chain included,
inserted into a fresh database of the same kind with the server's table
definitions, one transaction per 200 rows, no HTTP and no checks, and read
back by pages with the server's query. The two take turns batch by batch.
Then one small change, 50 times: A pushes one event (with the workstation's
client, and on a kept connection) and B pulls until it sees it; the raw side
inserts one row and selects until it shows.

    python -m bench.sync [--events N] [--db sqlite|postgresql|both]

The last line is JSON: {"bench": "sync", "push_eps": …, "pull_eps": …, "raw_eps": …,
"ratio": …, "one_change_ms": …, …} with SQLite's figures (PostgreSQL's when it runs
alone), ratio being push_eps ÷ raw_eps; PostgreSQL's figures are the pg_* keys.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import signal
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any

import httpx
from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool

from app.domain.applicant import FIELD_BY_NAME, Group, clean_patch
from app.domain.events import Event, EventType, next_chain
from app.domain.ids import new_id
from app.services.profile import device_code
from app.sync.client import TIMEOUT_S, ServerClient
from bench import syncblobs
from bench.store import Chain, Patch, synthetic_case
from server.db import READ, events, metadata, open_engine

SCRIPT = Path(sys.executable).with_name("loandesk-server")
BATCH = 200  # events per push, as the workstation sends them
PAGE = 1000  # events per pull: the server's largest page
CHANGES = 50  # rounds of one small change
PULL_ROUNDS = 3  # whole pulls; the median counts
COMMENTS = 7  # comments per case after its three opening events
_RUNNING = re.compile(r"Uvicorn running on (https?://127\.0\.0\.1:\d+)")
_WAIT_S = 60.0
_PATCH_EVENTS = {
    Group.APPLICANT: EventType.APPLICANT_UPDATED,
    Group.LOAN: EventType.LOAN_REQUEST_UPDATED,
}
_NOTES = ("收入证明已核对", "征信报告已调阅", "call back on Monday", "担保人材料齐全", "visited")
_DURABLE = ("fsync", "synchronous_commit", "full_page_writes")

Row = dict[str, Any]


class BenchError(RuntimeError):
    """The server did not hand back what was pushed, or did not start; no figures are printed."""


# --- the events ---------------------------------------------------------------------


def case_events(chain: Chain, number: int) -> list[Event]:
    """Case ``number`` as an officer makes it: opened, the form's two groups, then comments."""
    form = clean_patch(synthetic_case(number), current={}, today=datetime.now(UTC).date())
    groups: dict[Group, Patch] = {}
    for name, value in form.items():
        groups.setdefault(FIELD_BY_NAME[name].group, {})[name] = value
    items: list[tuple[EventType, Patch]] = [
        (EventType.CASE_OPENED, {"case_no": f"LD-{device_code(chain.device)}-{number:06d}"})
    ]
    items += [(_PATCH_EVENTS[group], {"fields": f}) for group, f in sorted(groups.items())]
    items += [
        (EventType.COMMENT_ADDED, {"text": f"{_NOTES[(number + k) % len(_NOTES)]} ({k + 1})"})
        for k in range(COMMENTS)
    ]
    return chain.make(new_id(), items)


def seed(chain: Chain) -> list[Event]:
    """A new profile's first events: its administrator (also an officer) and their key.

    With these the server knows the author, so every later event is judged and
    applied as a real desk's would be, not refused as a stranger's.
    """
    person = {
        "user_id": chain.actor,
        "username": f"bench.{chain.device[-8:]}",
        "display_name": "Bench Officer",
        "roles": ["admin", "officer"],
    }
    return chain.make(
        None,
        [
            (EventType.PROFILE_CREATED, {"profile_id": new_id(), "name": "bench"}),
            (EventType.USER_ADDED, person),
            (EventType.PASSWORD_SET, {"user_id": chain.actor, "public_key": "ab" * 32}),
        ],
    )


def workload(chain: Chain, count: int) -> list[Event]:
    made: list[Event] = seed(chain)
    number = 0
    while len(made) < count:
        number += 1
        made += case_events(chain, number)
    del made[count:]
    # The chain continues from the last event kept, so later events follow it without a gap.
    chain.seq, chain.prev = made[-1].device_seq, made[-1].hash
    return made


def comment(chain: Chain, round_no: int, case_id: str) -> Event:
    """One small change: a comment on a case the workload opened."""
    return chain.make(case_id, [(EventType.COMMENT_ADDED, {"text": f"改动 {round_no}"})])[0]


# --- the server and the raw database ------------------------------------------------


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("LOANDESK_SERVER_")}


def _cli(*args: str) -> str:
    done = subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env=_env(),
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"loandesk-server {args[0]} failed: {done.stderr.strip()}")
    return done.stdout


class Server:
    """A data dir set up by `loandesk-server init` and served on a free loopback port.

    It serves HTTPS with the certificate ``init`` made, as a branch does; the clients
    trust the branch CA alone, as an enrolled workstation does.
    """

    def __init__(self, root: Path, database_url: str | None) -> None:
        self.data = root / "server"
        self.log = root / "server.log"
        self.url = ""
        self.process: subprocess.Popen[bytes] | None = None
        _cli("init", "--data", str(self.data), *(["--db", database_url] if database_url else []))
        self.ca_pem = (self.data / "ca.pem").read_text(encoding="ascii")

    @property
    def pid(self) -> int | None:
        return None if self.process is None else self.process.pid

    def verify(self) -> ssl.SSLContext:
        """What an httpx client of this server verifies its certificate with."""
        return ssl.create_default_context(cadata=self.ca_pem)

    def client(self, token: str | None = None) -> ServerClient:
        """The workstation's own client of this server."""
        return ServerClient(self.url, token, ca_pem=self.ca_pem)

    def start(self) -> None:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [str(SCRIPT), "serve", "--data", str(self.data), "--port", "0"],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=_env(),
            )
        deadline = time.monotonic() + _WAIT_S
        while (found := _RUNNING.search(self.log.read_text(errors="replace"))) is None:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise BenchError(f"the server did not start:\n{self.log.read_text()}")
            time.sleep(0.05)
        self.url = found.group(1)

    def enrol(self, device_id: str, name: str) -> str:
        """The token of a new device, enrolled with a one-time code as a workstation is."""
        code = _cli("enrol-device", "--data", str(self.data), "--name", name).splitlines()[0]
        return self.client().enrol(code, device_id, name)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)
        self.process = None


@contextmanager
def served(root: Path, database_url: str | None) -> Iterator[Server]:
    server = Server(root, database_url)
    try:
        server.start()
        yield server
    finally:
        server.stop()


class Raw:
    """The physical limit: the server's events table in a fresh database, rows put straight in."""

    def __init__(self, url: str) -> None:
        self.engine = open_engine(url)  # the server's engine: WAL and full sync on SQLite
        metadata.create_all(self.engine, tables=[events])
        self.chain: str | None = None
        self.cursor = 0

    def rows(self, made: Sequence[Event]) -> list[Row]:
        """The rows the server stores for ``made``, chain included, continuing this chain."""
        rows: list[Row] = []
        for e in made:
            self.chain = next_chain(self.chain, e.hash)
            row = {"id": e.id, "device": e.device, "device_seq": e.device_seq}
            row |= {"case_id": e.case_id, "type": e.type.value, "actor": e.actor}
            rows.append(row | {"hash": e.hash, "body": e.to_bytes(), "chain": self.chain})
        return rows

    def insert(self, rows: Sequence[Row]) -> None:
        with self.engine.begin() as conn:
            conn.execute(events.insert(), list(rows))

    def page(self, since: int) -> tuple[list[bytes], int]:
        """A page of bodies after ``since``, selected as the server's pull does; the next cursor."""
        query = (
            select(events.c.server_seq, events.c.body, events.c.chain)
            .where(events.c.server_seq > since)
            .order_by(events.c.server_seq)
            .limit(PAGE)
        )
        with self.engine.connect().execution_options(**READ) as conn, conn.begin():
            found = conn.execute(query).all()
        return [bytes(row.body) for row in found], found[-1].server_seq if found else since

    def read_all(self, into: list[bytes]) -> None:
        self.cursor = 0
        while True:
            bodies, self.cursor = self.page(self.cursor)
            if not bodies:
                return
            into += bodies

    def change(self, rows: list[Row]) -> None:
        """One row in, then read after the cursor until it shows."""
        self.insert(rows)
        while True:
            bodies, self.cursor = self.page(self.cursor)
            if rows[0]["body"] in bodies:
                return

    def describe(self) -> str:
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                version = conn.execute(text("SELECT sqlite_version()")).scalar()
                return f"SQLite {version} (WAL, synchronous=FULL), a file beside the data dir"
            version = conn.execute(text("SHOW server_version")).scalar()
        return f"PostgreSQL {version}, a private cluster on loopback ({', '.join(_DURABLE)} on)"

    def close(self) -> None:
        self.engine.dispose()


@contextmanager
def postgres() -> Iterator[tuple[str, str]]:
    """A private cluster, made durable; yields a database for the server and one for raw rows."""
    from tests.server.postgres import fresh_database, private_postgres

    with private_postgres() as base:
        durable(base)
        yield fresh_database(base), fresh_database(base)


def durable(url: str) -> None:
    """Undo the throwaway cluster's shortcuts: commits reach the disk, as in production."""
    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for name in _DURABLE:
                conn.exec_driver_sql(f"ALTER SYSTEM SET {name} = on")
            conn.exec_driver_sql("SELECT pg_reload_conf()")
        deadline = time.monotonic() + _WAIT_S
        while time.monotonic() < deadline:  # the postmaster reloads in its own time
            with engine.connect() as conn:
                if all(conn.exec_driver_sql(f"SHOW {n}").scalar() == "on" for n in _DURABLE):
                    return
            time.sleep(0.05)
        raise BenchError(f"PostgreSQL did not take {', '.join(_DURABLE)} = on")
    finally:
        engine.dispose()


# --- the clients --------------------------------------------------------------------


class Puller:
    """Device B on one kept connection, pulling page by page from its cursor."""

    def __init__(self, http: httpx.Client) -> None:
        self.http = http
        self.since = 0
        self.head: str | None = None

    def page(self) -> tuple[list[bytes], bool]:
        response = self.http.get("/v1/events", params={"since": self.since, "limit": PAGE})
        if response.status_code != 200:
            raise BenchError(f"pull refused ({response.status_code}): {response.text}")
        body = response.json()
        self.since, self.head = body["next"], body["head"]
        return [base64.b64decode(item) for item in body["events"]], bool(body["more"])

    def pull_all(self, into: list[bytes]) -> None:
        self.since, more = 0, True
        while more:
            bodies, more = self.page()
            into += bodies

    def close(self) -> None:
        self.http.close()


def push_kept(http: httpx.Client, body: bytes) -> None:
    """Push one event on a kept connection (the workstation's client opens one per request)."""
    payload = {"events": [base64.b64encode(body).decode("ascii")]}
    response = http.post("/v1/events", json=payload)
    if response.status_code != 200:
        raise BenchError(f"push refused ({response.status_code}): {response.text}")


# --- the phases ---------------------------------------------------------------------


def _timed(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def _turns(number: int, steps: Mapping[str, Callable[[], object]]) -> dict[str, float]:
    """Seconds of each step, taken in turn ``number``'s order: each goes first in its turn."""
    labels = list(steps)
    shift = number % len(labels)
    return {label: _timed(steps[label]) for label in labels[shift:] + labels[:shift]}


def push_phase(client: ServerClient, raw: Raw, made: Sequence[Event]) -> dict[str, float]:
    """Seconds to push ``made`` batch by batch and to insert the same rows, taking turns."""
    bodies = [e.to_bytes() for e in made]
    rows = raw.rows(made)
    acks: list[str] = []
    spent = {"ours": 0.0, "raw": 0.0}
    for number, first in enumerate(range(0, len(made), BATCH)):
        part = slice(first, first + BATCH)
        steps = {
            "ours": partial(_push_into, client, bodies[part], acks),
            "raw": partial(raw.insert, rows[part]),
        }
        for label, seconds in _turns(number, steps).items():
            spent[label] += seconds
    if acks != [e.id for e in made]:
        raise BenchError("the server's acks are not the pushed events, in order")
    return spent


def _push_into(client: ServerClient, bodies: list[bytes], acks: list[str]) -> None:
    acks += [ack.id for ack in client.push(bodies)]


def pull_phase(puller: Puller, raw: Raw, made: Sequence[Event]) -> dict[str, float]:
    """Median seconds to pull every event back, and to read the raw rows back, taking turns."""
    expected = [e.to_bytes() for e in made]
    spent: dict[str, list[float]] = {"ours": [], "raw": []}
    for number in range(PULL_ROUNDS):
        pulled: list[bytes] = []
        read: list[bytes] = []
        steps = {"ours": partial(puller.pull_all, pulled), "raw": partial(raw.read_all, read)}
        for label, seconds in _turns(number, steps).items():
            spent[label].append(seconds)
        if pulled != expected or read != expected:
            raise BenchError("what came back is not what was pushed, in order")
        if puller.head != raw.chain:
            raise BenchError(f"the server's chain head {puller.head} is not {raw.chain}")
    return {label: statistics.median(seconds) for label, seconds in spent.items()}


@dataclass
class Sides:
    """Who pushes the one small change and who waits for it."""

    client: ServerClient
    kept: httpx.Client
    puller: Puller
    raw: Raw
    chain: Chain
    #: the case the small changes comment on
    case_id: str


def change_phase(sides: Sides) -> dict[str, list[float]]:
    """Milliseconds from pushing one event to the other device seeing it, per round and side.

    "client" pushes with the workstation's client, "kept" on one kept connection; "raw"
    inserts a row in one transaction and selects after its cursor until it shows. Each
    goes first in its turn.
    """
    spent: dict[str, list[float]] = {"client": [], "kept": [], "raw": []}
    labels = list(spent)
    raw_chain = Chain()  # the raw rows' own device, so that A's sequence has no gap
    for number in range(CHANGES):
        shift = number % len(labels)
        for label in labels[shift:] + labels[:shift]:
            # Made in the order they are pushed, outside the timing, as the device made it.
            event = comment(raw_chain if label == "raw" else sides.chain, number, sides.case_id)
            spent[label].append(_timed(_change_step(sides, label, event)) * 1000)
    return spent


def _change_step(sides: Sides, label: str, event: Event) -> Callable[[], object]:
    body = event.to_bytes()
    if label == "raw":
        return partial(sides.raw.change, sides.raw.rows([event]))
    if label == "kept":
        return partial(_change, partial(push_kept, sides.kept, body), sides.puller, body)
    return partial(_change, partial(sides.client.push, [body]), sides.puller, body)


def _change(push: Callable[[], object], puller: Puller, body: bytes) -> None:
    push()
    deadline = time.monotonic() + _WAIT_S
    while body not in puller.page()[0]:
        if time.monotonic() > deadline:
            raise BenchError("the other device never saw the change")


# --- one database -------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    db: str
    about: str
    events: int
    #: seconds for all the events, "ours" and "raw"
    push: dict[str, float]
    pull: dict[str, float]
    #: milliseconds of each small change: "client", "kept" and "raw"
    changes: dict[str, list[float]]
    blobs: syncblobs.BlobFigures

    def eps(self, phase: dict[str, float], side: str) -> float:
        return round(self.events / phase[side], 1)

    def ms(self, side: str) -> float:
        return round(statistics.median(self.changes[side]), 2)


def measure(db: str, server: Server, raw: Raw, made: Sequence[Event], chain: Chain) -> Figures:
    token = server.enrol(chain.device, "desk A")
    client = server.client(token)
    kept = _kept(server, token)
    with closing(kept), closing(Puller(_kept(server, server.enrol(new_id(), "desk B")))) as b:
        _progress(f"{db}: pushing {len(made):,} events")
        pushed = push_phase(client, raw, made)
        _progress(f"{db}: pulling them back, {PULL_ROUNDS} times")
        pulled = pull_phase(b, raw, made)
        _progress(f"{db}: {CHANGES} small changes")
        case_id = next(e.case_id for e in made if e.case_id is not None)
        changes = change_phase(Sides(client, kept, b, raw, chain, case_id))
        _progress(f"{db}: {syncblobs.COUNT} blobs up and back")
        with server.client(server.enrol(new_id(), "desk C")) as fetcher:
            blob_figures = syncblobs.blob_phase(client, fetcher, raw.engine)
    scheme = server.url.partition(":")[0].upper()
    about = f"{raw.describe()}; the server on loopback over {scheme}"
    return Figures(db, about, len(made), pushed, pulled, changes, blob_figures)


def _kept(server: Server, token: str) -> httpx.Client:
    """A client that keeps its connection, unlike the workstation's."""
    bearer = {"Authorization": f"Bearer {token}"}
    return httpx.Client(
        base_url=server.url, headers=bearer, timeout=TIMEOUT_S, verify=server.verify()
    )


def run_db(db: str, root: Path, made: Sequence[Event], chain: Chain) -> Figures:
    """A server and a raw database of kind ``db`` in ``root``, measured, then all removed."""
    root.mkdir()
    with ExitStack() as stack:
        if db == "sqlite":
            server_url, raw_url = None, f"sqlite+pysqlite:///{root / 'raw.db'}"
        else:
            _progress("postgresql: starting a private cluster")
            server_url, raw_url = stack.enter_context(postgres())
        raw = stack.enter_context(closing(Raw(raw_url)))
        server = stack.enter_context(served(root, server_url))
        _progress(f"{db}: server pid {server.pid} at {server.url}")
        return measure(db, server, raw, made, chain)


def _progress(line: str) -> None:
    print(f"  {line}", file=sys.stderr, flush=True)


# --- the report ---------------------------------------------------------------------


def table(f: Figures) -> None:
    title = f"{f.db}, {f.events:,} events"
    head = f"{title:<40}{'LoanDesk':>12}{'raw':>12}{'÷ raw':>9}"
    print("", f.about, head, "-" * len(head), sep="\n")
    rows = [
        (f"push, events/s ({BATCH} a batch)", f.eps(f.push, "ours"), f.eps(f.push, "raw")),
        (f"pull, events/s ({PAGE:,} a page)", f.eps(f.pull, "ours"), f.eps(f.pull, "raw")),
    ]
    for label, ours, raw in rows:
        print(f"{label:<40}{ours:>12,.0f}{raw:>12,.0f}{ours / raw:>9.3f}")
    raw_ms = f.ms("raw")
    for label, side in (
        (f"one change, ms (median of {CHANGES})", "client"),
        ("  pushed on one kept connection", "kept"),
    ):
        ours = f.ms(side)
        shown = f"{raw_ms:>12.2f}" if side == "client" else ""
        print(f"{label:<40}{ours:>12.2f}{shown:>12}{ours / raw_ms:>9.1f}")
    print(*syncblobs.table(f.blobs), sep="\n")
    slowest = max(f.changes["client"])
    p90 = statistics.quantiles(f.changes["client"], n=10)[-1]
    print(f"one change with the workstation's client: p90 {p90:.2f} ms, slowest {slowest:.2f} ms")


def keys(f: Figures, prefix: str) -> dict[str, Any]:
    push, raw = f.eps(f.push, "ours"), f.eps(f.push, "raw")
    figures = {
        "push_eps": push,
        "pull_eps": f.eps(f.pull, "ours"),
        "raw_eps": raw,
        "ratio": round(push / raw, 4),
        "one_change_ms": f.ms("client"),
        "raw_read_eps": f.eps(f.pull, "raw"),
        "one_change_kept_ms": f.ms("kept"),
        "raw_one_change_ms": f.ms("raw"),
        **syncblobs.keys(f.blobs),
    }
    return {prefix + key: value for key, value in figures.items()}


def summary(measured: Sequence[Figures]) -> dict[str, Any]:
    """The main keys from the first database run (SQLite when it ran), pg_* for PostgreSQL."""
    main = measured[0]
    out: dict[str, Any] = {"bench": "sync", **keys(main, ""), "db": main.db, "events": main.events}
    for f in measured:
        if f.db == "postgresql":
            out.update(keys(f, "pg_"))
    return out


def notes() -> list[str]:
    return [
        "LoanDesk pushes with the workstation's client (app.sync.client.ServerClient), which "
        "opens a new connection for each request; device B pulls on one kept connection; "
        "both trust the branch CA that init made, and no other",
        f"machine: {os.cpu_count()} CPUs, load average over the last 15 min "
        f"{os.getloadavg()[2]:.2f} (other work on the machine slows every side)",
    ]


def _stop(signum: int, _frame: FrameType | None) -> None:
    # A second Ctrl+C would cut the clean-up short and leave a server or a cluster running.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _progress("stopping: removing the servers, the cluster and the temporary files")
    raise SystemExit(128 + signum)  # unwinds: servers, cluster and temporary files go


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.sync", description=__doc__)
    parser.add_argument("--events", type=int, default=5000, help="events pushed and pulled")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args(argv)
    if args.events < 1:
        parser.error("--events must be at least 1")
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    dbs = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    print(f"Sync: {args.events:,} events through loandesk-server vs straight into its database")
    sys.stdout.flush()
    chain = Chain()
    made = workload(chain, args.events)
    measured: list[Figures] = []
    with tempfile.TemporaryDirectory(prefix="loandesk-sync-bench-") as tmp:
        for db in dbs:
            # Each database gets the same events and continues the chain from the same point.
            measured.append(run_db(db, Path(tmp) / db, made, replace(chain)))
            table(measured[-1])
    print("", *notes(), sep="\n")
    print(json.dumps(summary(measured)))


if __name__ == "__main__":
    main()
