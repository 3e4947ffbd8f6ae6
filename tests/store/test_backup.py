"""Encrypted copies through sqlcipher_export: what they carry, and every way they are refused."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from app.domain.events import EventType
from app.security.keys import KeySource, load_key
from app.services.cases import CaseService
from app.services.profile import Profile
from app.store.backup import exclusive, reencrypt, write_backup
from app.store.backupcheck import (
    MANIFEST_TABLE,
    PAGE_SIZE,
    BackupDamaged,
    BackupError,
    BackupTooNew,
    FileKey,
    NotABackup,
    Snapshot,
    WrongPassphrase,
    check_file,
    key_opens,
)
from app.store.engine import StoreError
from app.store.repo import CHAIN_HEAD
from tests.domain.samples import NAME, applicant

PASSPHRASE = FileKey.passphrase("quiet orchard mosaic 19")
PERSON = applicant(name=NAME, seq=321, phone="13987654321")
MADE_AT = "2025-06-01T09:00:00.000Z"


@pytest.fixture
def busy(profile: Profile) -> Profile:
    """The test profile with enough cases that a backup spans many pages."""
    service = CaseService(profile)
    service.open_case(PERSON)
    service.open_cases([applicant(name=f"Applicant {n}", seq=n) for n in range(40)])
    return profile


@pytest.fixture
def backup(busy: Profile, tmp_path: Path) -> Path:
    target = tmp_path / "out" / "branch.ldbackup"
    target.parent.mkdir()
    write_backup(busy.store.engine, target, PASSPHRASE, made_at=MADE_AT)
    return target


def _raw(path: Path, key: FileKey) -> Any:
    """A plain SQLCipher connection on ``path``, keyed through a bound ATTACH as LoanDesk does."""
    conn = sqlcipher3.dbapi2.connect(":memory:", isolation_level=None, timeout=0.1)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("ATTACH DATABASE ? AS b KEY ?", (str(path), key.secret))
    return conn


def _schema(conn: Any, schema: str = "b") -> set[tuple[str, str]]:
    rows = conn.execute(f"SELECT type, name FROM {schema}.sqlite_master").fetchall()
    return {(kind, name) for kind, name in rows if not name.startswith("sqlite_autoindex")}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _live(profile: Profile) -> Any:
    key = load_key(KeySource.from_environment(), profile.key_id)
    return _raw(profile.db_path, FileKey.raw(key))


def test_a_backup_carries_the_whole_schema_and_the_snapshot(busy: Profile, backup: Path) -> None:
    live = _live(busy)
    copy = _raw(backup, PASSPHRASE)
    assert _schema(copy) == _schema(live) | {("table", MANIFEST_TABLE)}
    kinds = {kind for kind, _ in _schema(copy)}
    assert {"table", "index", "trigger"} <= kinds
    for table in ("events", "cases", "users", "credentials", "meta", "alembic_version"):
        query = f"SELECT * FROM b.{table} ORDER BY 1"
        assert copy.execute(query).fetchall() == live.execute(query).fetchall()
    seq = "SELECT seq FROM b.sqlite_sequence WHERE name = 'events'"
    assert copy.execute(seq).fetchall() == live.execute(seq).fetchall()
    # The append-only triggers came along: the copy refuses to lose an event too.
    with pytest.raises(sqlcipher3.dbapi2.DatabaseError, match="append-only"):
        copy.execute("DELETE FROM b.events WHERE seq = 1")
    manifest = copy.execute(f"SELECT * FROM b.{MANIFEST_TABLE}").fetchall()
    count = live.execute("SELECT count(*) FROM b.events").fetchone()[0]
    head = busy.store.meta(CHAIN_HEAD)
    assert [row[:6] for row in manifest] == [
        (1, busy.profile_id, busy.device_id, MADE_AT, count, head)
    ]


def test_user_version_is_copied_although_sqlcipher_export_skips_it(
    busy: Profile, tmp_path: Path
) -> None:
    with contextlib.closing(_live(busy)) as live:
        live.execute("PRAGMA b.user_version = 7")
    target = tmp_path / "v.ldbackup"
    write_backup(busy.store.engine, target, PASSPHRASE, made_at=MADE_AT)
    assert _raw(target, PASSPHRASE).execute("PRAGMA b.user_version").fetchone() == (7,)


def test_a_backup_holds_no_plaintext_and_leaves_no_temporary_file(
    busy: Profile, backup: Path
) -> None:
    data = backup.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    for needle in (NAME, PERSON["id_number"], "Ouyang Nana", "13987654321", "Applicant 7"):
        assert needle.encode() not in data
        assert needle.encode("utf-16-le") not in data
    assert os.listdir(backup.parent) == [backup.name]
    assert backup.stat().st_mode & 0o777 == 0o600
    assert list(Path(os.environ["TMPDIR"]).iterdir()) == []


def test_the_passphrase_goes_through_sqlcipher_kdf_and_nothing_else_opens_it(
    backup: Path,
) -> None:
    with contextlib.closing(sqlite3.connect(backup)) as plain, pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT * FROM sqlite_master").fetchall()
    conn = sqlcipher3.dbapi2.connect(str(backup))
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA key = 'quiet orchard mosaic 19'")
    assert conn.execute("PRAGMA kdf_iter").fetchone() == ("256000",)
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] > 40


def test_check_file_accepts_a_good_backup_and_names_what_it_holds(
    busy: Profile, backup: Path
) -> None:
    manifest = check_file(backup, PASSPHRASE, require_manifest=True)
    assert manifest is not None
    assert manifest.profile_id == busy.profile_id
    assert manifest.chain_head == busy.store.meta(CHAIN_HEAD)
    assert manifest.events == len(list(busy.store.all_events()))


def _flip_middle(data: bytes) -> bytes:
    middle = len(data) // 2 + 123
    return data[:middle] + bytes(b ^ 0x5A for b in data[middle : middle + 8]) + data[middle + 8 :]


def _plain_sqlite(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE notes (text TEXT)")


def _other_app(path: Path) -> None:
    conn = sqlcipher3.dbapi2.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = '{PASSPHRASE.secret}'")
    conn.execute("CREATE TABLE photos (name TEXT, data BLOB)")
    conn.execute("INSERT INTO photos VALUES ('cat', zeroblob(10000))")
    conn.close()


DAMAGE: dict[str, tuple[Callable[[bytes], bytes], type[BackupError], str]] = {
    "bytes flipped in the middle": (_flip_middle, BackupDamaged, "is damaged"),
    "cut to half": (lambda d: d[: len(d) // 2 + 100], BackupDamaged, "cut short"),
    "cut to a page boundary": (
        lambda d: d[: len(d) // 2 // PAGE_SIZE * PAGE_SIZE],
        BackupDamaged,
        "damaged",
    ),
    "last page cut": (lambda d: d[:-PAGE_SIZE], BackupDamaged, "damaged"),
    "zero bytes": (lambda d: b"", BackupDamaged, "is empty"),
    "random bytes": (lambda d: os.urandom(len(d)), WrongPassphrase, "passphrase does not open"),
    "first page damaged": (lambda d: d[:100] + b"\0" * 16 + d[116:], WrongPassphrase, "first page"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_backup_is_refused_in_one_sentence_and_left_alone(
    backup: Path, damage: str
) -> None:
    spoil, error, words = DAMAGE[damage]
    backup.write_bytes(spoil(backup.read_bytes()))
    before, listing = _digest(backup), sorted(os.listdir(backup.parent))
    with pytest.raises(error, match=words) as caught:
        check_file(backup, PASSPHRASE, require_manifest=True)
    message = str(caught.value)
    assert message.endswith(".")
    assert backup.name in message
    assert "Traceback" not in message
    assert _digest(backup) == before
    assert sorted(os.listdir(backup.parent)) == listing


def test_a_wrong_passphrase_is_told_apart(backup: Path) -> None:
    with pytest.raises(WrongPassphrase) as caught:
        check_file(backup, FileKey.passphrase("quiet orchard mosaic 18"), require_manifest=True)
    assert caught.value.code == "backup.wrong_passphrase"
    with pytest.raises(WrongPassphrase) as raw:
        check_file(backup, FileKey.raw(os.urandom(32)), require_manifest=True)
    assert raw.value.code == "backup.wrong_key"
    assert "profile key does not open" in str(raw.value)


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (_plain_sqlite, NotABackup, "unencrypted SQLite database"),
        (_other_app, NotABackup, "not a LoanDesk backup"),
    ],
)
def test_a_file_from_another_program_is_not_a_backup(
    tmp_path: Path, make: Callable[[Path], None], error: type[BackupError], words: str
) -> None:
    path = tmp_path / "other.db"
    make(path)
    with pytest.raises(error, match=words) as caught:
        check_file(path, PASSPHRASE, require_manifest=True)
    assert caught.value.code == "backup.not_a_backup"


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="There is no backup file") as caught:
        check_file(tmp_path / "nothing.ldbackup", PASSPHRASE)
    assert not (tmp_path / "nothing.ldbackup").exists()
    assert caught.value.code == "backup.missing"


def _tamper(path: Path, *statements: str) -> None:
    """Change a backup as someone holding its passphrase could: valid pages, wrong content."""
    conn = _raw(path, PASSPHRASE)
    conn.execute("DROP TRIGGER b.events_no_update")
    conn.execute("DROP TRIGGER b.events_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def test_an_event_changed_inside_a_valid_file_fails_its_hash(backup: Path) -> None:
    _tamper(
        backup,
        "UPDATE b.events SET body = CAST(replace(body, 'Applicant 3', 'Applicant 9') AS BLOB)",
    )
    with pytest.raises(BackupDamaged, match="fails its hash"):
        check_file(backup, PASSPHRASE, require_manifest=True)


def test_an_event_body_that_is_not_bytes_is_damage_not_a_crash(backup: Path) -> None:
    _tamper(backup, "UPDATE b.events SET body = CAST(body AS TEXT) WHERE seq = 2")
    with pytest.raises(BackupDamaged, match="event 2"):
        check_file(backup, PASSPHRASE, require_manifest=True)


def test_a_lost_newest_event_shows_against_the_chain_head(backup: Path) -> None:
    _tamper(backup, "DELETE FROM b.events WHERE seq = (SELECT max(seq) FROM b.events)")
    with pytest.raises(BackupDamaged, match="events are missing"):
        check_file(backup, PASSPHRASE, require_manifest=True)


def test_a_lost_middle_event_breaks_the_device_chain(backup: Path) -> None:
    _tamper(backup, "DELETE FROM b.events WHERE seq = 3")
    with pytest.raises(BackupDamaged, match="chain breaks at 4"):
        check_file(backup, PASSPHRASE, require_manifest=True)


def test_a_manifest_that_disagrees_with_the_events_is_refused(backup: Path) -> None:
    _tamper(backup, f"UPDATE b.{MANIFEST_TABLE} SET events = events + 1")
    with pytest.raises(BackupDamaged, match="its manifest says"):
        check_file(backup, PASSPHRASE, require_manifest=True)


def test_a_backup_from_a_newer_loandesk_asks_for_an_update(backup: Path) -> None:
    _tamper(backup, f"UPDATE b.{MANIFEST_TABLE} SET format = 99")
    with pytest.raises(BackupTooNew, match="newer LoanDesk"):
        check_file(backup, PASSPHRASE, require_manifest=True)


def test_the_expected_snapshot_is_checked(backup: Path) -> None:
    manifest = check_file(backup, PASSPHRASE, require_manifest=True)
    assert manifest is not None
    wrong = Snapshot(manifest.events + 1, manifest.chain_head)
    with pytest.raises(BackupDamaged, match="expected"):
        check_file(backup, PASSPHRASE, expected=wrong)


def test_an_existing_target_is_never_overwritten(busy: Profile, backup: Path) -> None:
    before = _digest(backup)
    with pytest.raises(BackupError, match="already exists"):
        write_backup(busy.store.engine, backup, PASSPHRASE, made_at=MADE_AT)
    assert _digest(backup) == before


def test_a_missing_folder_is_refused_and_nothing_is_made(busy: Profile, tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="cannot be written"):
        write_backup(busy.store.engine, tmp_path / "no" / "x.ldbackup", PASSPHRASE, made_at=MADE_AT)
    assert not (tmp_path / "no").exists()


def test_a_copy_that_fails_its_check_is_removed_and_the_store_still_works(
    busy: Profile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*_args: object, **_kwargs: object) -> None:
        raise BackupDamaged("x.ldbackup is damaged: simulated.")

    monkeypatch.setattr("app.store.backup.check_file", failing)
    with pytest.raises(BackupDamaged, match="simulated"):
        write_backup(busy.store.engine, tmp_path / "x.ldbackup", PASSPHRASE, made_at=MADE_AT)
    assert [p.name for p in tmp_path.iterdir() if "ldbackup" in p.name] == []
    # Every pooled connection is clean: no copy left attached, writes go on.
    for _ in range(3):
        CaseService(busy).open_case({"full_name": "After The Failure"})
    assert busy.store.meta(CHAIN_HEAD) is not None


def test_reencrypt_drops_the_manifest_and_keeps_everything_else(
    busy: Profile, backup: Path, tmp_path: Path
) -> None:
    key = FileKey.raw(os.urandom(32))
    target = tmp_path / "restored.db"
    target.touch(mode=0o600)
    copied = reencrypt(backup, PASSPHRASE, target, key)
    conn = _raw(target, key)
    assert _schema(conn) == _schema(_live(busy))
    assert check_file(target, key, expected=copied) is None  # no manifest any more


def test_key_opens_tells_the_right_key_and_changes_nothing(busy: Profile, tmp_path: Path) -> None:
    key = load_key(KeySource.from_environment(), busy.key_id)
    busy.close()
    before = _digest(busy.db_path)
    assert key_opens(busy.db_path, key)
    assert not key_opens(busy.db_path, os.urandom(32))
    assert not key_opens(tmp_path / "absent.db", key)
    assert not (tmp_path / "absent.db").exists()
    assert _digest(busy.db_path) == before


def test_exclusive_refuses_while_another_connection_is_open(busy: Profile) -> None:
    key = load_key(KeySource.from_environment(), busy.key_id)
    with (
        busy.store.reading(),
        pytest.raises(StoreError, match="has this profile open") as caught,
        exclusive(busy.db_path, key),
    ):
        pass
    assert caught.value.code == "store.in_use"
    busy.close()
    with exclusive(busy.db_path, key) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] > 40
        assert not Path(str(busy.db_path) + "-wal").exists()
        # Nobody else can even read until the block ends.
        with pytest.raises(sqlcipher3.dbapi2.OperationalError, match="locked"):
            _raw(busy.db_path, FileKey.raw(key)).execute("SELECT count(*) FROM b.events")


def test_the_backup_is_what_was_there_before_its_own_event(busy: Profile, backup: Path) -> None:
    # write_backup itself appends nothing: the service logs BackupMade afterwards.
    manifest = check_file(backup, PASSPHRASE, require_manifest=True)
    assert manifest is not None
    assert manifest.chain_head == busy.store.meta(CHAIN_HEAD)
    types = [e.type for e in busy.store.all_events()]
    assert EventType.BACKUP_MADE not in types
