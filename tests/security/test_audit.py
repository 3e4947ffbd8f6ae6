"""Verification catches what an insider with the key could do to the database by hand.

Each test builds a real profile, closes it, drops the append-only triggers
through a plain SQLCipher connection and changes rows the way someone
covering their tracks would; the check must name the first broken record.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from app.domain import canonical
from app.domain.events import SECURITY_EVENTS, Event, EventType
from app.domain.ids import new_id
from app.domain.roles import PermissionDenied, Role
from app.errors import InvalidInput
from app.security.audit import AuditReport, verify_chain
from app.security.keys import KeySource
from app.services.accounts import AccountService
from app.services.audit import AuditService
from app.services.cases import CaseService
from app.services.profile import DB_NAME, Profile
from app.store.engine import open_engine
from app.store.repo import CHAIN_HEAD, Store
from tests.conftest import PASSWORD, USER_PASSWORD, act_as
from tests.domain.samples import applicant

PHONE = "139 1234 5678"


class Clock:
    """One second on per reading, so every event has its own time."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@dataclass(frozen=True)
class Row:
    seq: int
    type: str
    device: str
    device_seq: int
    hash: str
    case_id: str | None
    body: bytes


def build(profile_dir: Path, key_source: KeySource) -> Profile:
    """Two cases with edits and comments, a reveal, a lock and unlock; admin signed in."""
    profile = Profile.create(
        profile_dir,
        key_source,
        admin_username="admin",
        admin_name="Branch Admin",
        admin_password=PASSWORD,
        clock=Clock(),
    )
    cases = CaseService(profile)
    first = cases.open_case(applicant(phone=PHONE)).case_id
    second = cases.open_case({"full_name": "Zhou Min"}).case_id
    cases.add_comment(first, "first comment")
    cases.update_case(second, {"phone": "138 0013 8000"})
    cases.reveal(first, "phone", PASSWORD)
    accounts = AccountService(profile)
    accounts.lock()
    accounts.unlock(PASSWORD)
    cases.add_comment(second, "second comment")
    return profile


@pytest.fixture
def built(profile_dir: Path, key_source: KeySource) -> Path:
    """The built profile, closed: what is left on disk for someone to tamper with."""
    build(profile_dir, key_source).close()
    return profile_dir


@contextlib.contextmanager
def raw_db(profile_dir: Path) -> Iterator[Any]:
    """A plain SQLCipher connection with the key and no append-only triggers."""
    conn = sqlcipher3.dbapi2.connect(str(profile_dir / DB_NAME), isolation_level=None)
    with contextlib.closing(conn):
        conn.execute(f"PRAGMA key = \"x'{os.environ['LOANDESK_KEY']}'\"")
        conn.execute("DROP TRIGGER events_no_update")
        conn.execute("DROP TRIGGER events_no_delete")
        yield conn


def rows(conn: Any) -> list[Row]:
    found = conn.execute(
        "SELECT seq, type, device, device_seq, hash, case_id, body FROM events ORDER BY seq"
    ).fetchall()
    return [Row(s, t, d, ds, h, c, bytes(b)) for s, t, d, ds, h, c, b in found]


def check(profile_dir: Path) -> AuditReport:
    """Verify the closed profile straight from its engine, as a support tool would."""
    engine = open_engine(profile_dir / DB_NAME, bytes.fromhex(os.environ["LOANDESK_KEY"]))
    try:
        store = Store(engine)
        device = store.meta("device_id")
        assert device is not None
        return verify_chain(store, device)
    finally:
        engine.dispose()


def first_of(found: list[Row], event_type: str) -> Row:
    return next(r for r in found if r.type == event_type)


def insert(conn: Any, event: Event) -> int:
    conn.execute(
        "INSERT INTO events (id, case_id, type, actor, device, device_seq, hash, body) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event.id,
            event.case_id,
            event.type.value,
            event.actor,
            event.device,
            event.device_seq,
            event.hash,
            event.to_bytes(),
        ),
    )
    seq: int = conn.execute("SELECT max(seq) FROM events").fetchone()[0]
    return seq


def rehashed(body: bytes, **changes: Any) -> tuple[bytes, str]:
    """``body`` with ``changes`` and a hash recomputed to match, as a careful forger does."""
    data = json.loads(body)
    data.update(changes)
    data["hash"] = canonical.sha256_hex(
        canonical.encode({k: v for k, v in data.items() if k not in ("hash", "sig")})
    )
    return canonical.encode(data), data["hash"]


def forged(found: list[Row], *, device: str, device_seq: int, prev: str | None) -> Event:
    actor = json.loads(found[0].body)["actor"]
    return Event.create(
        id=new_id(),
        case_id=None,
        type=EventType.SIGNED_IN,
        payload={"user_id": actor},
        actor=actor,
        device=device,
        device_seq=device_seq,
        at="2026-11-28T03:00:00.000Z",
        parent=None,
        prev=prev,
    )


# -- the tampering, each returning the seq the check must name and words it must say
Tamper = Callable[[Any, list[Row]], tuple[int, str]]


def edit_a_body_byte(conn: Any, found: list[Row]) -> tuple[int, str]:
    target = first_of(found, "CommentAdded")
    body = target.body.replace(b"first comment", b"First comment")
    assert body != target.body
    conn.execute("UPDATE events SET body = ? WHERE seq = ?", (body, target.seq))
    return target.seq, "does not match its fingerprint"


def edit_a_body_and_its_hash(conn: Any, found: list[Row]) -> tuple[int, str]:
    target = first_of(found, "CommentAdded")
    payload = {"text": "nothing to see here"}
    body, digest = rehashed(target.body, payload=payload)
    conn.execute("UPDATE events SET body = ?, hash = ? WHERE seq = ?", (body, digest, target.seq))
    # The edited event is whole again; the next one still names the old hash.
    return target.seq + 1, f"does not follow event {target.seq}"


def delete_a_middle_row(conn: Any, found: list[Row]) -> tuple[int, str]:
    target = first_of(found, "FieldRevealed")
    conn.execute("DELETE FROM events WHERE seq = ?", (target.seq,))
    return target.seq + 1, f"event {target.seq} is missing"


def delete_the_last_row(conn: Any, found: list[Row]) -> tuple[int, str]:
    conn.execute("DELETE FROM events WHERE seq = ?", (found[-1].seq,))
    return found[-1].seq, "the newest records were removed"


def insert_a_forged_event(conn: Any, found: list[Row]) -> tuple[int, str]:
    last = found[-1]
    event = forged(found, device=last.device, device_seq=last.device_seq + 1, prev="0" * 64)
    return insert(conn, event), f"does not follow event {last.seq}"


def replace_the_last_event(conn: Any, found: list[Row]) -> tuple[int, str]:
    """Nothing links to the newest event yet: only the recorded head shows it changed."""
    last = found[-1]
    body, digest = rehashed(last.body, payload={"text": "nothing to see here"})
    conn.execute("UPDATE events SET body = ?, hash = ? WHERE seq = ?", (body, digest, last.seq))
    return last.seq, "the newest record was replaced"


def append_a_well_linked_event(conn: Any, found: list[Row]) -> tuple[int, str]:
    last = found[-1]
    event = forged(found, device=last.device, device_seq=last.device_seq + 1, prev=last.hash)
    return insert(conn, event), "was added after LoanDesk last wrote the record"


def insert_a_chain_from_an_unknown_device(conn: Any, found: list[Row]) -> tuple[int, str]:
    device, prev, first = new_id(), None, 0
    for n in range(1, 4):
        event = forged(found, device=device, device_seq=n, prev=prev)
        seq = insert(conn, event)
        first, prev = first or seq, event.hash
    return first, "a workstation this profile does not know"


def swap_two_rows(conn: Any, found: list[Row]) -> tuple[int, str]:
    a = first_of(found, "CommentAdded").seq
    conn.execute("UPDATE events SET seq = -1 WHERE seq = ?", (a,))
    conn.execute("UPDATE events SET seq = ? WHERE seq = ?", (a, a + 1))
    conn.execute("UPDATE events SET seq = ? WHERE seq = -1", (a + 1,))
    return a, f"does not follow event {a - 1}"


def change_a_type_column(conn: Any, found: list[Row]) -> tuple[int, str]:
    target = first_of(found, "SessionUnlocked")
    conn.execute("UPDATE events SET type = 'SignedOut' WHERE seq = ?", (target.seq,))
    return target.seq, "its stored type does not match its content"


def rename_in_the_case_summary(conn: Any, found: list[Row]) -> tuple[int, str]:
    case_id = first_of(found, "CaseOpened").case_id
    state = json.loads(
        conn.execute("SELECT state FROM cases WHERE case_id = ?", (case_id,)).fetchone()[0]
    )
    state["fields"]["full_name"] = "Someone Else"
    conn.execute(
        "UPDATE cases SET state = ?, full_name = ? WHERE case_id = ?",
        (canonical.encode(state), "Someone Else", case_id),
    )
    case_no = state["case_no"]
    last_of_case = max(r.seq for r in found if r.case_id == case_id)
    return last_of_case, f"The stored summary of case {case_no} does not match its history"


def rename_in_the_list_column_only(conn: Any, found: list[Row]) -> tuple[int, str]:
    """The list reads ``full_name``, not the state: that column alone must be checked too."""
    case_id = [r for r in found if r.type == "CaseOpened"][1].case_id
    conn.execute("UPDATE cases SET full_name = 'Someone Else' WHERE case_id = ?", (case_id,))
    last_of_case = max(r.seq for r in found if r.case_id == case_id)
    return last_of_case, "does not match its history"


def grant_a_role_in_the_users_table(conn: Any, found: list[Row]) -> tuple[int, str]:
    """Roles are read from the users table: a quiet edit there would give rights."""
    conn.execute("UPDATE users SET roles = 'admin,auditor,officer' WHERE username = 'admin'")
    added = first_of(found, "UserAdded")
    user_id = json.loads(added.body)["payload"]["user_id"]
    last_of_user = max(
        r.seq
        for r in found
        if r.type in ("UserAdded", "UserUpdated", "PasswordSet")
        and json.loads(r.body)["payload"]["user_id"] == user_id
    )
    return last_of_user, "The stored user admin does not match their history"


TAMPERING: list[Tamper] = [
    edit_a_body_byte,
    edit_a_body_and_its_hash,
    delete_a_middle_row,
    delete_the_last_row,
    insert_a_forged_event,
    replace_the_last_event,
    append_a_well_linked_event,
    insert_a_chain_from_an_unknown_device,
    swap_two_rows,
    change_a_type_column,
    rename_in_the_case_summary,
    rename_in_the_list_column_only,
    grant_a_role_in_the_users_table,
]


def test_an_untouched_profile_is_intact(built: Path) -> None:
    report = check(built)
    with raw_db(built) as conn:
        found = rows(conn)
        head = conn.execute("SELECT value FROM meta WHERE key = ?", (CHAIN_HEAD,)).fetchone()[0]
    assert report == AuditReport(ok=True, events=len(found), head=head)
    assert head == f"{found[-1].seq}:{found[-1].hash}"


@pytest.mark.parametrize("tamper", TAMPERING, ids=lambda f: f.__name__)
def test_tampering_is_found_at_its_event(built: Path, tamper: Tamper) -> None:
    with raw_db(built) as conn:
        seq, words = tamper(conn, rows(conn))
    report = check(built)
    assert not report.ok
    assert report.problem is not None
    assert words in report.problem
    assert report.seq == seq
    if not report.problem.startswith("The stored "):
        assert report.problem.startswith(f"Event {seq} ")


def test_the_sentence_names_the_event_its_time_and_type(built: Path) -> None:
    with raw_db(built) as conn:
        seq, _ = edit_a_body_and_its_hash(conn, rows(conn))
        next_type = rows(conn)[seq - 1].type
    report = check(built)
    assert report.problem is not None
    # The clock starts 2026-11-28 01:00 UTC and moves a second per event.
    assert report.problem.startswith(f"Event {seq} ({next_type}, 2026-11-28 01:0")
    assert report.problem.endswith("a record was removed, inserted, altered or reordered.")


def test_a_write_after_a_removed_tail_does_not_hide_it(built: Path, key_source: KeySource) -> None:
    """Signing in appends a fresh event with a valid link; the gap in positions remains."""
    with raw_db(built) as conn:
        gone = rows(conn)[-1].seq
        conn.execute("DELETE FROM events WHERE seq = ?", (gone,))
    reopened = Profile.open(built, key_source)
    try:
        AccountService(reopened).sign_in("admin", PASSWORD)
        report = AuditService(reopened).verify()
    finally:
        reopened.close()
    assert not report.ok
    assert report.seq == gone + 1
    assert report.problem is not None
    assert f"event {gone} is missing" in report.problem


def test_a_record_from_an_enrolled_device_is_accepted(built: Path) -> None:
    """Known devices are a set: sync will add the other workstations of the branch."""
    device = new_id()
    with raw_db(built) as conn:
        found = rows(conn)
        prev = None
        for n in range(1, 3):
            event = forged(found, device=device, device_seq=n, prev=prev)
            seq = insert(conn, event)
            prev = event.hash
        conn.execute("UPDATE meta SET value = ? WHERE key = ?", (f"{seq}:{prev}", CHAIN_HEAD))
        own = found[0].device
    engine = open_engine(built / DB_NAME, bytes.fromhex(os.environ["LOANDESK_KEY"]))
    try:
        assert not verify_chain(engine, own).ok
        report = verify_chain(engine, own, other_devices={device})
    finally:
        engine.dispose()
    assert report.ok, report.problem
    assert report.events == len(found) + 2


def test_user_management_keeps_the_record_intact(profile: Profile) -> None:
    """The users fold in the check follows every kind of change the store projects."""
    accounts = AccountService(profile)
    limit = {"product": "personal", "max_amount": "50000"}
    user = accounts.add_user(
        username="li.na",
        display_name="Li Na",
        roles=[Role.SUPERVISOR],
        password=USER_PASSWORD,
        admin_password=PASSWORD,
        limits=[limit],
    )
    accounts.update_user(
        user.user_id,
        admin_password=PASSWORD,
        display_name="Li Na (second branch)",
        roles=[Role.SUPERVISOR, Role.AUDITOR],
        limits=[{**limit, "max_amount": "80000"}],
        active=False,
    )
    accounts.reset_password(user.user_id, new_password=USER_PASSWORD, admin_password=PASSWORD)
    accounts.change_policy({"reveal_burst": "5"}, admin_password=PASSWORD)
    report = verify_chain(profile.store, profile.device_id)
    assert report.ok, report.problem


def test_two_thousand_events_verify_with_progress(profile: Profile) -> None:
    cases = CaseService(profile)
    case_ids = [
        c.case_id for c in cases.open_cases([{"full_name": f"Person {n}"} for n in range(20)])
    ]
    with profile.store.writing() as tx:
        for n in range(2000):
            case_id = case_ids[n % len(case_ids)]
            state = tx.case(case_id)
            assert state is not None
            profile.emit(
                tx,
                EventType.COMMENT_ADDED,
                {"text": f"note {n}"},
                case_id=case_id,
                parent=state.head,
            )
    seen: list[int] = []
    report = verify_chain(profile.store, profile.device_id, progress=seen.append)
    total = sum(1 for _ in profile.store.all_events())
    assert total > 2000
    assert report.ok, report.problem
    assert report.events == total
    assert seen == [1000, 2000]


# -- the service: who may read what, and what the viewer shows ------------------------


def test_an_officer_may_not_verify_or_read_the_log(profile: Profile) -> None:
    act_as(profile, Role.OFFICER)
    service = AuditService(profile)
    with pytest.raises(PermissionDenied):
        service.verify()
    with pytest.raises(PermissionDenied):
        service.entries()


def test_an_auditor_verifies_through_the_service(profile: Profile) -> None:
    act_as(profile, Role.AUDITOR)
    report = AuditService(profile).verify()
    assert report.ok
    assert report.head == profile.store.meta(CHAIN_HEAD)


@pytest.fixture
def signed_in(profile_dir: Path, key_source: KeySource) -> Iterator[Profile]:
    profile = build(profile_dir, key_source)
    yield profile
    profile.close()


def test_entries_are_security_events_newest_first_in_plain_words(signed_in: Profile) -> None:
    entries = AuditService(signed_in).entries()
    assert [e.seq for e in entries] == sorted((e.seq for e in entries), reverse=True)
    assert {e.type for e in entries} <= SECURITY_EVENTS
    assert [e.type for e in entries][:3] == [
        EventType.SESSION_UNLOCKED,
        EventType.SESSION_LOCKED,
        EventType.FIELD_REVEALED,
    ]
    reveal = entries[2]
    case_no = CaseService(signed_in).get(reveal.case_id or "").case_no
    assert reveal.description == f"Revealed the phone of case {case_no}."
    assert reveal.user_name == "Branch Admin"
    assert entries[1].description == "Locked the screen."
    assert not any(e.damaged for e in entries)
    for digits in (PHONE.replace(" ", ""), applicant()["id_number"]):
        assert all(digits not in e.description for e in entries)


def test_entries_filter_and_page(signed_in: Profile) -> None:
    service = AuditService(signed_in)
    reveals = service.entries(types=[EventType.FIELD_REVEALED])
    assert [e.type for e in reveals] == [EventType.FIELD_REVEALED]
    newest = service.entries(limit=2)
    older = service.entries(before_seq=newest[-1].seq, limit=2)
    assert older[0].seq < newest[-1].seq
    assert service.entries(user_id=new_id()) == []
    everything = service.entries()
    middle = everything[len(everything) // 2]
    since = datetime.fromisoformat(middle.at)
    assert [e.seq for e in service.entries(since=since)] == [
        e.seq for e in everything if e.seq >= middle.seq
    ]
    assert [e.seq for e in service.entries(until=since)] == [
        e.seq for e in everything if e.seq < middle.seq
    ]
    with pytest.raises(InvalidInput):
        service.entries(types=[EventType.COMMENT_ADDED])
    with pytest.raises(InvalidInput):
        service.entries(limit=0)


def test_a_damaged_record_shows_as_damaged_in_the_log(built: Path, key_source: KeySource) -> None:
    with raw_db(built) as conn:
        target = first_of(rows(conn), "SessionLocked")
        conn.execute(
            "UPDATE events SET body = ? WHERE seq = ?",
            (target.body.replace(b"manual", b"idle"), target.seq),
        )
    reopened = Profile.open(built, key_source)
    try:
        AccountService(reopened).sign_in("admin", PASSWORD)
        entries = AuditService(reopened).entries()
    finally:
        reopened.close()
    damaged = [e for e in entries if e.damaged]
    assert [e.seq for e in damaged] == [target.seq]
    assert "damaged" in damaged[0].description
