"""Benchmark: LoanDesk's case store against plain sqlite3 on one workload.

Run ``python -m bench.store`` from the repository root; bench/README.md says
what each phase measures and how the two sides are kept equivalent.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import signal
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

from app.domain import canonical
from app.domain import case as case_domain
from app.domain.applicant import FIELD_BY_NAME, PRODUCTS, Group, clean_patch
from app.domain.case import CaseSummary
from app.domain.events import Event, EventType, format_time
from app.domain.ids import new_id
from app.domain.validation import id_check_char
from app.security.keys import KeySource
from app.services.cases import CaseQuery, CaseService
from app.services.profile import Profile, device_code
from app.store.engine import WRITE
from app.store.rows import name_key

T = TypeVar("T")
Patch = dict[str, Any]
Row = tuple[Any, ...]

SEED = 20_240_611
SLICE = 1_000  # cases per timing slice; the two sides take turns slice by slice
TOPUP_BATCH = 500  # cases per transaction when topping up the list
LOOKUPS, PAGE_REPEATS, SEARCHES = 1_000, 100, 20
ADMIN = ("bench", "Bench Administrator")

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉鑫宇浩然晨阳"
_PROVINCES = (11, 12, 13, 31, 32, 33, 35, 37, 41, 42, 43, 44, 50, 51, 61)
_PATCH_EVENTS = {
    Group.APPLICANT: EventType.APPLICANT_UPDATED,
    Group.LOAN: EventType.LOAN_REQUEST_UPDATED,
}
_SUMMARY = "case_id, case_no, status, full_name, id_number, amount, currency, product, updated_at"
_ORDER = "ORDER BY updated_at DESC, case_id DESC LIMIT ? OFFSET ?"
_INSERT_EVENT = (
    "INSERT INTO events (id, case_id, type, actor, device, device_seq, hash, body) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_CASE = (
    "INSERT INTO cases (case_id, case_no, status, full_name, name_key, id_number, amount, "
    "currency, product, opened_at, updated_at, version, head, state) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class BenchError(Exception):
    """The two sides did not do the same work, so their figures cannot be compared."""


# -- synthetic applicants and their rows -------------------------------------------
def synthetic_case(index: int) -> Patch:
    """The form an officer fills in for case ``index``: the same on every run."""
    rng = random.Random(SEED * 1_000_003 + index)
    born = date(1955, 1, 1) + timedelta(days=rng.randrange(18_250))
    region = f"{rng.choice(_PROVINCES)}{rng.randint(1, 20):02d}{rng.randint(1, 30):02d}"
    body = f"{region}{born:%Y%m%d}{rng.randrange(1000):03d}"
    given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
    return {
        "full_name": rng.choice(_SURNAMES) + given,
        "id_number": body + id_check_char(body),
        "date_of_birth": born.isoformat(),
        "phone": f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}",
        "requested_amount": f"{rng.randrange(5, 501) * 1000}.00",
        "term_months": rng.choice((6, 12, 24, 36, 48, 60)),
        "product": rng.choice(PRODUCTS),
    }


def _forms(start: int, stop: int, size: int) -> Iterator[list[Patch]]:
    """The forms of cases ``start..stop`` in slices, made lazily to bound memory."""
    for first in range(start, stop, size):
        yield [synthetic_case(i) for i in range(first, min(first + size, stop))]


def _new_case_events(case_no: str, patch: Patch) -> list[tuple[EventType, Patch]]:
    """CaseService.open_case's events: CaseOpened, then applicant, then loan fields."""
    cleaned = clean_patch(patch, current={}, today=datetime.now(UTC).date())
    groups: dict[Group, Patch] = {}
    for name, value in cleaned.items():
        groups.setdefault(FIELD_BY_NAME[name].group, {})[name] = value
    patches = [(_PATCH_EVENTS[g], {"fields": f}) for g, f in sorted(groups.items())]
    return [(EventType.CASE_OPENED, {"case_no": case_no}), *patches]


def _event_row(e: Event) -> Row:
    return (e.id, e.case_id, e.type.value, e.actor, e.device, e.device_seq, e.hash, e.to_bytes())


def _case_row(events: Sequence[Event]) -> Row:
    """The projection row Transaction._save_case leaves after ``events``."""
    state = case_domain.fold(events)
    assert state is not None
    s = CaseSummary.of(state)
    snapshot = canonical.encode(case_domain.snapshot(state))
    return (
        state.case_id,
        state.case_no,
        state.status.value,
        s.full_name,
        name_key(s.full_name),
        s.id_number,
        s.amount,
        s.currency,
        s.product,
        state.opened_at,
        state.updated_at,
        state.version,
        state.head,
        snapshot,
    )


@dataclass
class Chain:
    """A device's chain of events: who writes, and the last sequence number and hash."""

    device: str = field(default_factory=new_id)
    actor: str = field(default_factory=new_id)
    seq: int = 0
    prev: str | None = None

    def make(self, case_id: str | None, items: Sequence[tuple[EventType, Patch]]) -> list[Event]:
        """The next events of this device; within a case each names the one before."""
        events: list[Event] = []
        for event_type, payload in items:
            parent = events[-1].hash if case_id and events else None
            self.seq += 1
            event = Event.create(
                id=new_id(),
                case_id=case_id,
                type=event_type,
                payload=payload,
                actor=self.actor,
                device=self.device,
                device_seq=self.seq,
                at=format_time(datetime.now(UTC)),
                parent=parent,
                prev=self.prev,
            )
            events.append(event)
            self.prev = event.hash
        return events


@dataclass(frozen=True)
class Rows:
    events: list[Row]
    cases: list[Row]


def remote_rows(chain: Chain, forms: Sequence[Patch], first: int) -> Rows:
    """Cases ``first``.. of another workstation, as sync brings them: rows to insert."""
    prefix = f"LD-{device_code(chain.device)}-"
    events, cases = [], []
    for number, form in enumerate(forms, start=first):
        made = chain.make(new_id(), _new_case_events(f"{prefix}{number:06d}", form))
        events += [_event_row(e) for e in made]
        cases.append(_case_row(made))
    return Rows(events, cases)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


#: The bench administrator's password (the profile is thrown away after the run).
PASSWORD = "thrown away after the run"


# -- the two sides -----------------------------------------------------------------
class Ours:
    """LoanDesk as the application drives it: a profile, CaseService, Store."""

    def __init__(self, folder: Path) -> None:
        key = KeySource(hex_key=secrets.token_hex(32))
        self.profile = Profile.create(
            folder, key, admin_username=ADMIN[0], admin_name=ADMIN[1], admin_password=PASSWORD
        )
        self.store = self.profile.store
        self.service = CaseService(self.profile)

    def open_case(self, form: Patch) -> int:
        self.service.open_case(form)
        return 1

    def insert_rows(self, rows: Rows) -> int:
        with self.store.engine.connect().execution_options(**WRITE) as conn, conn.begin():
            conn.exec_driver_sql(_INSERT_EVENT, rows.events)
            conn.exec_driver_sql(_INSERT_CASE, rows.cases)
        return len(rows.cases)

    def lookup(self, id_number: str) -> int:
        return len(self.store.cases_with_id_number(id_number))

    def first_page(self, _repeat: int) -> int:
        return len(self.service.page(CaseQuery(), limit=100))

    def search(self, text: str) -> int:
        return len(self.service.page(CaseQuery(text=text), limit=100))

    def scalar(self, sql: str) -> Any:
        with self.store.reading() as conn:
            return conn.exec_driver_sql(sql).scalar()

    def schema(self) -> list[str]:
        """Every table, index and trigger the migrations made, in creation order."""
        with self.store.reading() as conn:
            rows = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid"
            )
            statements: list[str] = list(rows.scalars())
            return statements

    def close(self) -> None:
        self.profile.close()


class Peer:
    """The same rows written by plain sqlite3: one connection, no ORM, no encryption."""

    def __init__(self, path: Path, schema: Sequence[str], cache_size: int) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode = WAL", "synchronous = FULL", "temp_store = MEMORY"):
            self.conn.execute(f"PRAGMA {pragma}")
        for pragma in ("foreign_keys = ON", "busy_timeout = 10000", f"cache_size = {cache_size}"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.chain = Chain()
        self._prefix = f"LD-{device_code(self.chain.device)}-"
        with self._transaction():
            for ddl in schema:
                self.conn.execute(ddl)
            self._seed()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _seed(self) -> None:
        """What Profile.create writes: the device identity, the profile, its administrator."""
        profile_id, c = new_id(), self.chain
        meta = [("device_id", c.device), ("profile_id", profile_id)]
        self.conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta)
        user = {"user_id": c.actor, "username": ADMIN[0], "display_name": ADMIN[1]}
        seeded = c.make(
            None,
            [
                (EventType.PROFILE_CREATED, {"profile_id": profile_id, "name": "LoanDesk"}),
                (EventType.USER_ADDED, {**user, "roles": ["admin", "officer"]}),
                (EventType.PASSWORD_SET, {"user_id": c.actor, "public_key": "00" * 32}),
                (EventType.SIGNED_IN, {"user_id": c.actor}),
            ],
        )
        self.conn.executemany(_INSERT_EVENT, [_event_row(e) for e in seeded])
        self.conn.execute(
            "INSERT INTO users (user_id, username, display_name, roles) VALUES (?, ?, ?, 'admin')",
            tuple(user.values()),
        )

    def open_case(self, form: Patch) -> int:
        """Open one case in its own transaction, reading the device head and case number."""
        with self._transaction():
            head = self.conn.execute(
                "SELECT device_seq, hash FROM events WHERE device = ? "
                "ORDER BY device_seq DESC LIMIT 1",
                (self.chain.device,),
            ).fetchone()
            self.chain.seq, self.chain.prev = head
            last = self.conn.execute(
                "SELECT max(case_no) FROM cases WHERE case_no >= ? AND case_no < ?",
                (self._prefix, self._prefix[:-1] + chr(ord(self._prefix[-1]) + 1)),
            ).fetchone()[0]
            number = int(last.rpartition("-")[2]) + 1 if last else 1
            made = self.chain.make(new_id(), _new_case_events(f"{self._prefix}{number:06d}", form))
            self.conn.executemany(_INSERT_EVENT, [_event_row(e) for e in made])
            self.conn.execute(_INSERT_CASE, _case_row(made))
        return 1

    def insert_rows(self, rows: Rows) -> int:
        with self._transaction():
            self.conn.executemany(_INSERT_EVENT, rows.events)
            self.conn.executemany(_INSERT_CASE, rows.cases)
        return len(rows.cases)

    def lookup(self, id_number: str) -> int:
        sql = f"SELECT {_SUMMARY} FROM cases WHERE id_number = ?"
        return len(self.conn.execute(sql, (id_number,)).fetchall())

    def first_page(self, _repeat: int) -> int:
        return len(self.conn.execute(f"SELECT {_SUMMARY} FROM cases {_ORDER}", (100, 0)).fetchall())

    def search(self, text: str) -> int:
        """Store.list_cases' query: the text in the name, the ID number or the case number."""
        key, raw = _like_escape(name_key(text.strip()) or ""), _like_escape(text.strip().upper())
        sql = (
            f"SELECT {_SUMMARY} FROM cases WHERE name_key LIKE ? ESCAPE '\\' "
            f"OR id_number LIKE ? ESCAPE '\\' OR case_no LIKE ? ESCAPE '\\' {_ORDER}"
        )
        params = (f"%{key}%", f"%{raw}%", f"%{raw}%", 100, 0)
        return len(self.conn.execute(sql, params).fetchall())

    def scalar(self, sql: str) -> Any:
        return self.conn.execute(sql).fetchone()[0]

    def close(self) -> None:
        self.conn.close()


# -- timing ------------------------------------------------------------------------
@dataclass
class Phase:
    label: str
    in_total: bool = True
    seconds: dict[str, float] = field(default_factory=lambda: {"ours": 0.0, "peer": 0.0})
    results: dict[str, int] = field(default_factory=lambda: {"ours": 0, "peer": 0})

    @property
    def ratio(self) -> float:
        return self.seconds["ours"] / self.seconds["peer"]


def race(
    phase: Phase,
    slices: Iterable[Sequence[T]],
    ours: Callable[[T], int],
    peer: Callable[[T], int],
    *,
    progress: bool = False,
) -> Phase:
    """Time both sides slice by slice, taking turns at going first; results must agree."""
    for number, items in enumerate(slices):
        turns = [("ours", ours), ("peer", peer)]
        for side, fn in turns if number % 2 == 0 else reversed(turns):
            start = time.perf_counter()
            count = sum(fn(item) for item in items)
            phase.seconds[side] += time.perf_counter() - start
            phase.results[side] += count
        if progress and number % 5 == 4:
            done = phase.results["ours"]
            print(f"  {phase.label}: {done:,} done", file=sys.stderr, flush=True)
    if phase.results["ours"] != phase.results["peer"]:
        raise BenchError(f"{phase.label}: results differ {phase.results}")
    return phase


def _split(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def run(cases: int, ours: Ours, peer: Peer) -> list[Phase]:
    listed = 2 * cases
    remote = Chain()
    rng = random.Random(SEED)
    ids = [synthetic_case(rng.randrange(listed))["id_number"] for _ in range(LOOKUPS)]
    names = [synthetic_case(rng.randrange(listed))["full_name"] for _ in range(SEARCHES)]
    topup = (
        [remote_rows(remote, forms, first=1 + n * TOPUP_BATCH)]
        for n, forms in enumerate(_forms(cases, listed, TOPUP_BATCH))
    )
    return [
        race(
            Phase(f"open {cases:,} cases, 1 transaction each"),
            _forms(0, cases, SLICE),
            ours.open_case,
            peer.open_case,
            progress=True,
        ),
        race(
            Phase(f"top-up to {listed:,}: same rows, {TOPUP_BATCH}/tx", in_total=False),
            topup,
            ours.insert_rows,
            peer.insert_rows,
            progress=True,
        ),
        race(
            Phase(f"{LOOKUPS:,} look-ups by ID number"), _split(ids, 100), ours.lookup, peer.lookup
        ),
        race(
            Phase(f"first page (100 of {listed:,}) x{PAGE_REPEATS}"),
            _split(range(PAGE_REPEATS), 10),
            ours.first_page,
            peer.first_page,
        ),
        race(Phase(f"name search x{SEARCHES}"), _split(names, 2), ours.search, peer.search),
    ]


# -- checks and report -------------------------------------------------------------
_SAME = (
    "SELECT count(*) FROM cases",
    "SELECT count(*) FROM events",
    "SELECT sum(length(body)) FROM events",
    "SELECT sum(length(state)) FROM cases",
    "SELECT count(DISTINCT id_number) FROM cases",
)


def check_same_rows(ours: Ours, peer: Peer) -> str:
    """Both databases hold as many rows, and as many bytes of events and projections."""
    for sql in _SAME:
        a, b = ours.scalar(sql), peer.scalar(sql)
        if a != b:
            raise BenchError(f"{sql}: LoanDesk {a} vs sqlite3 {b}")
    return (
        f"check: both hold {ours.scalar(_SAME[0]):,} cases and {ours.scalar(_SAME[1]):,} "
        "events, with equal bytes of event bodies and case states"
    )


def describe(ours: Ours, root: Path) -> list[str]:
    def size(folder: str) -> float:
        return sum(p.stat().st_size for p in (root / folder).iterdir()) / 1e6

    return [
        f"LoanDesk: SQLCipher {ours.scalar('PRAGMA cipher_version')} on SQLite "
        f"{ours.scalar('SELECT sqlite_version()')} through SQLAlchemy; sqlite3: SQLite "
        f"{sqlite3.sqlite_version}, no encryption; both WAL, synchronous=FULL, "
        f"cache_size={ours.scalar('PRAGMA cache_size')}",
        f"files: LoanDesk {size('loandesk'):.1f} MB, sqlite3 {size('peer'):.1f} MB (with WAL)",
        f"machine: {os.cpu_count()} CPUs, load average over the last 15 min "
        f"{os.getloadavg()[2]:.2f} (other work on the machine slows both sides)",
    ]


def report(phases: Sequence[Phase], notes: Sequence[str]) -> None:
    head = f"{'phase':<44}{'LoanDesk s':>12}{'sqlite3 s':>12}{'ratio':>8}"
    print(head, "-" * len(head), sep="\n")
    for p in phases:
        label = p.label if p.in_total else p.label + " *"
        print(f"{label:<44}{p.seconds['ours']:>12.3f}{p.seconds['peer']:>12.3f}{p.ratio:>8.2f}")
    ours_s = sum(p.seconds["ours"] for p in phases if p.in_total)
    peer_s = sum(p.seconds["peer"] for p in phases if p.in_total)
    print("-" * len(head))
    print(f"{'total':<44}{ours_s:>12.3f}{peer_s:>12.3f}{ours_s / peer_s:>8.2f}")
    print("* timed separately, not in the total", *notes, sep="\n")
    summary = {"bench": "store", "ours_s": round(ours_s, 3), "peer_s": round(peer_s, 3)}
    print(json.dumps({**summary, "ratio": round(ours_s / peer_s, 3)}))


def _stop(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds, so the temporary databases are removed


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.store", description=__doc__)
    parser.add_argument("--cases", type=int, default=50_000, help="cases opened one by one")
    args = parser.parse_args(argv)
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    signal.signal(signal.SIGTERM, _stop)
    print(f"LoanDesk store vs plain sqlite3: {args.cases:,} cases opened, then {2 * args.cases:,}")
    sys.stdout.flush()
    with tempfile.TemporaryDirectory(prefix="loandesk-bench-") as tmp:
        root = Path(tmp)
        ours = Ours(root / "loandesk")
        try:
            (root / "peer").mkdir()
            cache_size = int(ours.scalar("PRAGMA cache_size"))
            peer = Peer(root / "peer" / "peer.db", ours.schema(), cache_size)
            try:
                phases = run(args.cases, ours, peer)
                notes = [*describe(ours, root), check_same_rows(ours, peer)]
            finally:
                peer.close()
        finally:
            ours.close()
    report(phases, notes)


if __name__ == "__main__":
    main()
