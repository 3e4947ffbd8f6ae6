"""The case store: events appended with their projections, one transaction each.

Writers go through ``Store.writing()``: it opens ``BEGIN IMMEDIATE`` so the
device sequence read at the start is still the newest at commit.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, Connection, Engine, bindparam, func, or_, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.domain import canonical, conflicts
from app.domain import case as case_domain
from app.domain.case import CaseState, CaseSummary, FoldError, Status
from app.domain.docevents import blob_refs
from app.domain.events import CASE_EVENTS, USER_EVENTS, Event, EventType
from app.store import blobsync, people
from app.store import schema as t
from app.store.engine import WRITE, StoreError
from app.store.people import Credentials, UserRow
from app.store.rows import case_row, name_key


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Scope(StrEnum):
    """Whose cases the list shows: all, the signed-in user's, or those awaiting their decision."""

    ALL = "all"
    MINE = "mine"
    AWAITING_ME = "awaiting_me"


@dataclass(frozen=True)
class CaseQuery:
    """What the case list shows: free text over name, ID number and case number."""

    text: str = ""
    status: Status | None = None
    scope: Scope = Scope.ALL
    #: only these cases (what a service made of ``scope``); None: no such limit
    only: frozenset[str] | None = None


#: The meta key holding the newest event's ``seq:hash``: a deleted tail shows.
CHAIN_HEAD = "chain_head"
#: The meta key holding the branch server's cursor this workstation pulled up to.
PULLED = "sync_pulled"


@dataclass(frozen=True)
class DeviceHead:
    seq: int
    hash: str | None


# Hot statements built once: bound parameters spare SQLAlchemy rebuilding and
# re-keying a statement for every event.
_INSERT_EVENT = t.events.insert()
_INSERT_CASE = t.cases.insert()
_UPDATE_CASE = t.cases.update().where(t.cases.c.case_id == bindparam("b_case_id"))
_DEVICE_HEAD = (
    select(t.events.c.device_seq, t.events.c.hash)
    .where(t.events.c.device == bindparam("device"))
    .order_by(t.events.c.device_seq.desc())
    .limit(1)
)
_UPSERT_META = (
    sqlite_insert(t.meta)
    .values(key=bindparam("key"), value=bindparam("value"))
    .on_conflict_do_update(index_elements=[t.meta.c.key], set_={"value": bindparam("value")})
)
_META = select(t.meta.c.value).where(t.meta.c.key == bindparam("key"))
#: A case's events in fold order: the server's, then this device's unordered ones.
_CASE_IN_ORDER = (
    select(t.events.c.body, t.server_order.c.server_seq)
    .select_from(t.events.outerjoin(t.server_order, t.server_order.c.event_id == t.events.c.id))
    .where(t.events.c.case_id == bindparam("case_id"), t.server_order.c.refused.is_(None))
    .order_by(t.server_order.c.server_seq.is_(None), t.server_order.c.server_seq, t.events.c.seq)
)
_ORDERED = select(t.server_order.c.server_seq, t.server_order.c.refused).where(
    t.server_order.c.event_id == bindparam("event_id")
)
_CASE_STATE = select(t.cases.c.state).where(t.cases.c.case_id == bindparam("case_id"))
# Longest first: past 999,999 the numbers grow a digit and sort below as text.
_LAST_CASE_NO = (
    select(t.cases.c.case_no)
    .where(t.cases.c.case_no >= bindparam("low"), t.cases.c.case_no < bindparam("high"))
    .order_by(func.length(t.cases.c.case_no).desc(), t.cases.c.case_no.desc())
    .limit(1)
)


class Transaction:
    """One write transaction; only ``Store.writing`` makes these.

    Device heads and case states are kept in memory for the transaction's
    life, and each touched case's projection row is written once, at the end.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._heads: dict[str, DeviceHead] = {}
        self._states: dict[str, CaseState] = {}
        self._new_cases: set[str] = set()
        self._dirty: set[str] = set()
        self._last: str | None = None

    def device_head(self, device: str) -> DeviceHead:
        head = self._heads.get(device)
        if head is None:
            row = self._conn.execute(_DEVICE_HEAD, {"device": device}).first()
            head = DeviceHead(0, None) if row is None else DeviceHead(row[0], row[1])
            self._heads[device] = head
        return head

    def case(self, case_id: str) -> CaseState | None:
        state = self._states.get(case_id)
        if state is None:
            state = _load_case(self._conn, case_id)
            if state is not None:
                self._states[case_id] = state
        return state

    def _insert(self, event: Event, body: bytes) -> None:
        inserted = self._conn.execute(
            _INSERT_EVENT,
            {
                "id": event.id,
                "case_id": event.case_id,
                "type": event.type.value,
                "actor": event.actor,
                "device": event.device,
                "device_seq": event.device_seq,
                "hash": event.hash,
                "body": body,
            },
        )
        self._heads[event.device] = DeviceHead(event.device_seq, event.hash)
        self._last = f"{inserted.lastrowid}:{event.hash}"

    def append(self, event: Event) -> CaseState | None:
        """Append ``event`` and refresh whatever projection it touches."""
        self._insert(event, event.to_bytes())
        if event.type in USER_EVENTS:
            people.project_user(self._conn, event)
            if event.type is EventType.PASSWORD_SET:
                people.note_password_event(self._conn, event.payload["user_id"], event.id)
        if event.type not in CASE_EVENTS or event.case_id is None:
            return None
        if event.type is EventType.CASE_OPENED:
            self._note_case_no(event.payload["case_no"])
        before = self.case(event.case_id)
        after = case_domain.apply(before, event)
        if before is None:
            self._new_cases.add(event.case_id)
        self._states[event.case_id] = after
        self._dirty.add(event.case_id)
        return after

    # -- what the branch server hands down (``app.services.sync``) -------------
    def stored_hash(self, event_id: str) -> str | None:
        """The hash of the event stored under ``event_id``; None if there is none."""
        found: str | None = self._conn.execute(
            select(t.events.c.hash).where(t.events.c.id == event_id)
        ).scalar()
        return found

    def store_pulled(self, event: Event, body: bytes) -> None:
        """Keep another workstation's event; ``refold`` and ``rebuild_users`` project it."""
        self._insert(event, body)
        if event.type is EventType.CASE_OPENED:
            self._note_case_no(event.payload["case_no"])
        blobsync.want(self._conn, blob_refs(event.type.value, event.payload))

    def ordered(self, event_id: str) -> tuple[int, str | None] | None:
        """The server's position of ``event_id`` and its refusal; None if not ordered yet."""
        row = self._conn.execute(_ORDERED, {"event_id": event_id}).first()
        return None if row is None else (int(row.server_seq), row.refused)

    def order(self, event_id: str, server_seq: int, refused: str | None = None) -> bool:
        """Note the server's position of ``event_id`` (and why it refused it, if it did).

        False if it was noted already.
        """
        known = self._conn.execute(_ORDERED, {"event_id": event_id}).first()
        if known is not None:
            if (known.server_seq, known.refused) != (server_seq, refused):
                raise StoreError(
                    "The branch server now puts an event at another place than it did before; "
                    "nothing was taken in. Tell the branch's IT."
                )
            return False
        self._conn.execute(
            t.server_order.insert().values(
                event_id=event_id, server_seq=server_seq, refused=refused
            )
        )
        return True

    def refold(self, case_id: str) -> CaseState | None:
        """Fold ``case_id`` again in server order and rewrite its projection row."""
        rows = self._conn.execute(_CASE_IN_ORDER, {"case_id": case_id}).all()
        items = [(Event.from_bytes(row.body), row.server_seq) for row in rows]
        # A case stands only on its opening: without it (refused by the branch) the
        # events after it, sent or not, make no case.
        opened = bool(items) and items[0][0].type is EventType.CASE_OPENED
        state = conflicts.fold_in_order(items) if opened else None
        if state is None:
            # Every event of the case was refused (its opening by a switched-off user):
            # it was never a case of the branch, so it leaves this desk too.
            self._states.pop(case_id, None)
            self._dirty.discard(case_id)
            self._new_cases.discard(case_id)
            self._conn.execute(t.cases.delete().where(t.cases.c.case_id == case_id))
            return None
        exists = case_id in self._states or _load_case(self._conn, case_id) is not None
        self._states[case_id] = state
        self._dirty.add(case_id)
        if not exists:
            self._new_cases.add(case_id)
        return state

    def reproject(self, changed: Iterable[Event]) -> set[str]:
        """Fold again the cases of ``changed`` (and the users, if it holds user events).

        After the server ordered or refused events: the cases touched, by id.
        """
        touched, users = set[str](), False
        for event in changed:
            if event.case_id is not None:
                touched.add(event.case_id)
            users = users or event.type in USER_EVENTS
        for case_id in sorted(touched):
            self.refold(case_id)
        if users:
            self.rebuild_users()
        return touched

    def rebuild_users(self) -> None:
        """Project every user event again, in server order, into ``users``."""
        rows: Iterable[bytes] = self._conn.execute(
            select(t.events.c.body)
            .select_from(
                t.events.outerjoin(t.server_order, t.server_order.c.event_id == t.events.c.id)
            )
            .where(
                t.events.c.type.in_([x.value for x in USER_EVENTS]),
                t.server_order.c.refused.is_(None),
            )
            .order_by(
                t.server_order.c.server_seq.is_(None),
                t.server_order.c.server_seq,
                t.events.c.seq,
            )
        ).scalars()
        self._conn.execute(t.users.delete())
        for body in rows:
            event = Event.from_bytes(body)
            try:
                people.project_user(self._conn, event)
            except IntegrityError:
                raise StoreError(
                    f"Two people of the branch have the user name "
                    f"{event.payload.get('username', '?')}; nothing was taken in. "
                    "Tell the branch's IT."
                ) from None

    def meta(self, key: str) -> str | None:
        value: str | None = self._conn.execute(_META, {"key": key}).scalar()
        return value

    @property
    def connection(self) -> Connection:
        """This transaction's connection, for the store's own modules (``blobsync``)."""
        return self._conn

    def flush(self) -> None:
        """Write the projection rows of every case this transaction changed."""
        for case_id in sorted(self._dirty):
            self._save_case(self._states[case_id], insert=case_id in self._new_cases)
        self._dirty.clear()
        self._new_cases.clear()
        if self._last is not None:
            self._conn.execute(_UPSERT_META, {"key": CHAIN_HEAD, "value": self._last})
            self._last = None

    # -- users and credentials (see ``people``) ------------------------------
    def credentials(self, user_id: str) -> Credentials | None:
        return people.credentials(self._conn, user_id)

    def save_credentials(self, cred: Credentials) -> None:
        people.save_credentials(self._conn, cred)

    def user(self, user_id: str) -> UserRow | None:
        return people.user(self._conn, user_id)

    def user_by_name(self, username: str) -> UserRow | None:
        return people.user_by_name(self._conn, username)

    def next_case_no(self, prefix: str) -> str:
        """The next case number of this device: ``prefix`` and six digits."""
        return f"{prefix}{self._last_case_no(prefix) + 1:06d}"

    def _last_case_no(self, prefix: str) -> int:
        """The highest number after ``prefix``, kept in ``meta`` as cases are opened.

        Finding it among the cases would sort every case of the device (numbers
        grow a digit past 999,999), a cost that grew with the list; that search
        runs only once, for a profile from before the counter.
        """
        kept = self._conn.execute(_META, {"key": f"last_case_no:{prefix}"}).scalar()
        if kept is not None:
            return int(kept)
        after_prefix = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        last = self._conn.execute(_LAST_CASE_NO, {"low": prefix, "high": after_prefix}).scalar()
        return int(last.rpartition("-")[2]) if last else 0

    def _note_case_no(self, case_no: str) -> None:
        head, _, digits = case_no.rpartition("-")
        if not digits.isdigit():
            return
        prefix = head + "-"
        if int(digits) > self._last_case_no(prefix):
            self._conn.execute(_UPSERT_META, {"key": f"last_case_no:{prefix}", "value": digits})

    def put_blob(self, data: bytes, media_type: str) -> str:
        """Store ``data`` under its SHA-256 (once, however often it is put)."""
        digest = hashlib.sha256(data).hexdigest()
        exists = self._conn.execute(
            select(t.blobs.c.sha256).where(t.blobs.c.sha256 == digest)
        ).first()
        if exists is None:
            self._conn.execute(
                t.blobs.insert().values(
                    sha256=digest, size=len(data), media_type=media_type, data=data
                )
            )
        return digest

    def set_meta(self, key: str, value: str) -> None:
        self._conn.execute(t.meta.delete().where(t.meta.c.key == key))
        self._conn.execute(t.meta.insert().values(key=key, value=value))

    def _save_case(self, state: CaseState, *, insert: bool) -> None:
        values = case_row(state)
        if insert:
            self._conn.execute(_INSERT_CASE, {"case_id": state.case_id, **values})
        else:
            updated = self._conn.execute(_UPDATE_CASE, {"b_case_id": state.case_id, **values})
            if updated.rowcount != 1:
                raise FoldError(f"case {state.case_id} has events but no projection row")


def _load_case(conn: Connection, case_id: str) -> CaseState | None:
    data = conn.execute(_CASE_STATE, {"case_id": case_id}).scalar()
    if data is None:
        return None
    raw = canonical.decode(data)
    assert isinstance(raw, dict)
    return case_domain.restore(raw)


def _summary(row: object) -> CaseSummary:
    return CaseSummary.model_validate(row, from_attributes=True)


_SUMMARY_COLUMNS = (
    t.cases.c.case_id,
    t.cases.c.case_no,
    t.cases.c.status,
    t.cases.c.full_name,
    t.cases.c.id_number,
    t.cases.c.amount,
    t.cases.c.currency,
    t.cases.c.product,
    t.cases.c.updated_at,
)


#: The list's row order: newest change first (ix_cases_list reads it in order).
_LIST_ORDER = (t.cases.c.updated_at.desc(), t.cases.c.case_id.desc())
_BY_ID_NUMBER = select(*_SUMMARY_COLUMNS).where(t.cases.c.id_number == bindparam("n"))


class Store:
    """Reads and write transactions over one profile database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # One writer per process; BEGIN IMMEDIATE serialises across processes.
        self._write_lock = threading.Lock()

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def writing(self) -> Iterator[Transaction]:
        with self._write_lock:
            try:
                with self.engine.connect().execution_options(**WRITE) as conn, conn.begin():
                    tx = Transaction(conn)
                    yield tx
                    tx.flush()
            except DBAPIError as exc:
                friendly = _environment_error(exc)
                if friendly is None:
                    raise
                raise friendly from exc

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except DBAPIError as exc:
            friendly = _environment_error(exc)
            if friendly is None:
                raise
            raise friendly from exc

    # -- reads ---------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        with self.reading() as conn:
            value: str | None = conn.execute(
                select(t.meta.c.value).where(t.meta.c.key == key)
            ).scalar()
            return value

    def case(self, case_id: str) -> CaseState | None:
        with self.reading() as conn:
            return _load_case(conn, case_id)

    def blob(self, digest: str) -> bytes | None:
        """The blob stored under ``digest``, checked against it; None if absent."""
        with self.reading() as conn:
            data: bytes | None = conn.execute(
                select(t.blobs.c.data).where(t.blobs.c.sha256 == digest)
            ).scalar()
        if data is not None and hashlib.sha256(data).hexdigest() != digest:
            raise StoreError(f"Stored page image {digest[:12]}… is damaged.")
        return data

    def device_events(self, device: str, *, after_seq: int, limit: int) -> list[bytes]:
        """The stored bytes of ``device``'s events after ``after_seq``, in device order."""
        with self.reading() as conn:
            rows: Iterable[bytes] = conn.execute(
                select(t.events.c.body)
                .where(t.events.c.device == device, t.events.c.device_seq > after_seq)
                .order_by(t.events.c.device_seq)
                .limit(limit)
            ).scalars()
            return [bytes(body) for body in rows]

    def device_seq(self, device: str) -> int:
        """The newest device_seq of ``device`` on record (0 for none)."""
        with self.reading() as conn:
            row = conn.execute(_DEVICE_HEAD, {"device": device}).first()
            return 0 if row is None else int(row.device_seq)

    def cases_in(self, statuses: Iterable[Status]) -> list[CaseState]:
        """Every case in one of ``statuses``, oldest change first."""
        with self.reading() as conn:
            rows: Iterable[bytes] = conn.execute(
                select(t.cases.c.state)
                .where(t.cases.c.status.in_([s.value for s in statuses]))
                .order_by(t.cases.c.updated_at, t.cases.c.case_id)
            ).scalars()
            out = []
            for data in rows:
                raw = canonical.decode(data)
                assert isinstance(raw, dict)
                out.append(case_domain.restore(raw))
            return out

    def cases_by(self, actor: str, types: Iterable[EventType]) -> set[str]:
        """The cases where ``actor`` recorded an event of one of ``types``."""
        with self.reading() as conn:
            return set(
                conn.execute(
                    select(t.events.c.case_id)
                    .where(
                        t.events.c.type.in_([x.value for x in types]),
                        t.events.c.actor == actor,
                        t.events.c.case_id.is_not(None),
                    )
                    .distinct()
                ).scalars()
            )

    def case_in_order(self, case_id: str) -> list[tuple[Event, int | None]]:
        """The events of ``case_id`` in fold order, each with its server_seq (None: not yet)."""
        with self.reading() as conn:
            rows = conn.execute(_CASE_IN_ORDER, {"case_id": case_id}).all()
            return [(Event.from_bytes(row.body), row.server_seq) for row in rows]

    def case_events(self, case_id: str) -> list[Event]:
        """The events of ``case_id`` in fold order (see ``case_in_order``)."""
        return [event for event, _ in self.case_in_order(case_id)]

    def all_events(self) -> Iterator[Event]:
        with self.reading() as conn:
            rows: Iterable[bytes] = conn.execute(
                select(t.events.c.body).order_by(t.events.c.seq)
            ).scalars()
            for body in rows:
                yield Event.from_bytes(body)

    def _where(self, query: CaseQuery) -> list[ColumnElement[bool]]:
        clauses: list[ColumnElement[bool]] = []
        if query.only is not None:
            clauses.append(t.cases.c.case_id.in_(sorted(query.only)))
        if query.status is not None:
            clauses.append(t.cases.c.status == query.status.value)
        text = query.text.strip()
        if text:
            key = _like_escape(name_key(text) or "")
            raw = _like_escape(text.upper())
            clauses.append(
                or_(
                    t.cases.c.name_key.like(f"%{key}%", escape="\\"),
                    t.cases.c.id_number.like(f"%{raw}%", escape="\\"),
                    t.cases.c.case_no.like(f"%{raw}%", escape="\\"),
                )
            )
        return clauses

    def count_cases(self, query: CaseQuery) -> int:
        with self.reading() as conn:
            stmt = select(func.count()).select_from(t.cases).where(*self._where(query))
            return int(conn.execute(stmt).scalar_one())

    def case_keys(self, query: CaseQuery) -> list[str]:
        """Every matching case id, newest change first: the list's row order."""
        with self.reading() as conn:
            stmt = select(t.cases.c.case_id).where(*self._where(query)).order_by(*_LIST_ORDER)
            return list(conn.execute(stmt).scalars())

    def summaries(self, case_ids: Sequence[str]) -> list[CaseSummary]:
        """Summaries of ``case_ids`` in the order given (missing ones left out)."""
        with self.reading() as conn:
            rows = conn.execute(
                select(*_SUMMARY_COLUMNS).where(t.cases.c.case_id.in_(list(case_ids)))
            ).all()
        found = {row.case_id: _summary(row) for row in rows}
        return [found[c] for c in case_ids if c in found]

    def list_cases(
        self, query: CaseQuery, *, limit: int = 100, offset: int = 0
    ) -> list[CaseSummary]:
        with self.reading() as conn:
            stmt = (
                select(*_SUMMARY_COLUMNS)
                .where(*self._where(query))
                .order_by(*_LIST_ORDER)
                .limit(limit)
                .offset(offset)
            )
            return [_summary(row) for row in conn.execute(stmt)]

    def refused_events(self, device: str) -> list[tuple[Event, str]]:
        """The events of ``device`` the branch server refused, with its reasons, newest first."""
        with self.reading() as conn:
            rows = conn.execute(
                select(t.events.c.body, t.server_order.c.refused)
                .join(t.server_order, t.server_order.c.event_id == t.events.c.id)
                .where(t.events.c.device == device, t.server_order.c.refused.is_not(None))
                .order_by(t.events.c.seq.desc())
            ).all()
            return [(Event.from_bytes(row.body), str(row.refused)) for row in rows]

    def count_conflicted(self) -> int:
        """How many cases have fields concurrent edits set differently."""
        with self.reading() as conn:
            return int(
                conn.execute(
                    select(func.count()).select_from(t.cases).where(t.cases.c.conflicts > 0)
                ).scalar_one()
            )

    def conflicted_cases(self) -> list[CaseSummary]:
        """The cases with conflicted fields, newest change first."""
        with self.reading() as conn:
            stmt = select(*_SUMMARY_COLUMNS).where(t.cases.c.conflicts > 0).order_by(*_LIST_ORDER)
            return [_summary(row) for row in conn.execute(stmt)]

    def cases_with_id_number(self, id_number: str) -> list[CaseSummary]:
        with self.reading() as conn:
            return [_summary(row) for row in conn.execute(_BY_ID_NUMBER, {"n": id_number})]

    def users(self) -> list[UserRow]:
        with self.reading() as conn:
            return people.users(conn)

    def user(self, user_id: str) -> UserRow | None:
        with self.reading() as conn:
            return people.user(conn, user_id)

    def credentials(self, user_id: str) -> Credentials | None:
        with self.reading() as conn:
            return people.credentials(conn, user_id)

    def events_of_types(
        self,
        types: Iterable[EventType],
        *,
        before_seq: int | None = None,
        limit: int = 200,
    ) -> list[tuple[int, Event]]:
        """Events of ``types`` with their store order, newest first, a page at a time."""
        stmt = select(t.events.c.seq, t.events.c.body).where(
            t.events.c.type.in_([x.value for x in types])
        )
        if before_seq is not None:
            stmt = stmt.where(t.events.c.seq < before_seq)
        stmt = stmt.order_by(t.events.c.seq.desc()).limit(limit)
        with self.reading() as conn:
            return [(row.seq, Event.from_bytes(row.body)) for row in conn.execute(stmt)]


def _environment_error(exc: DBAPIError) -> StoreError | None:
    """The user-facing form of an environment problem; None for a bug."""
    text = str(exc.orig).lower()
    if "disk" in text and "full" in text:
        return StoreError("The disk is full; the change was not saved. Free space and try again.")
    if "locked" in text or "busy" in text:
        return StoreError("The database is busy in another LoanDesk window; try again.")
    if "not a database" in text or "malformed" in text:
        return StoreError("The profile database is damaged or the key is wrong.")
    if "disk i/o error" in text:
        return StoreError("The disk could not be read or written; the change was not saved.")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StoreError("The profile folder cannot be written; check its permissions.")
    return None
