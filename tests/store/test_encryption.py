"""Encryption at rest: no plaintext on disk, the stdlib cannot read it, wrong keys refused."""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import sqlite3
from pathlib import Path

import pytest

from app.errors import UserError
from app.security.keys import KeySource
from app.services.cases import CaseQuery, CaseService
from app.services.profile import DB_NAME, Profile
from app.store.engine import WrongKey
from tests.conftest import sign_in
from tests.domain.samples import NAME, applicant

PERSON = applicant(name=NAME, seq=321, phone="13987654321")
NEEDLES = {
    "full name": NAME.encode(),
    "Chinese name": "欧阳娜娜".encode(),
    "Chinese name (UTF-16)": "欧阳娜娜".encode("utf-16-le"),
    "Latin name": b"Ouyang Nana",
    "ID number": PERSON["id_number"].encode(),
    "phone": b"13987654321",
}


def _plaintext_in(*roots: Path) -> list[tuple[str, str]]:
    """Every (file, what) where a needle appears in the raw bytes of a file under ``roots``."""
    found = []
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            data = path.read_bytes()
            found += [(str(path), what) for what, needle in NEEDLES.items() if needle in data]
    return found


def _save_case(profile: Profile) -> str:
    service = CaseService(profile)
    case_id = service.open_case(PERSON).case_id
    service.update_case(case_id, {"address": "北京市朝阳区 1 号", "full_name": NAME + " Jr"})
    service.add_comment(case_id, f"Called {NAME} on 13987654321")
    assert service.count(CaseQuery(text="欧阳")) == 1
    return case_id


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_scan_finds_plaintext_where_there_is_some(tmp_path: Path) -> None:
    control = tmp_path / "control"
    control.mkdir()
    with contextlib.closing(sqlite3.connect(control / "plain.db")) as conn, conn:
        conn.execute("CREATE TABLE t (name TEXT, id TEXT)")
        conn.execute("INSERT INTO t VALUES (?, ?)", (NAME, PERSON["id_number"]))
    found = {what for _, what in _plaintext_in(control)}
    assert {"full name", "Chinese name", "ID number"} <= found


def test_no_plaintext_on_disk_while_open_and_after_close(
    profile: Profile, profile_dir: Path, tmp_path: Path
) -> None:
    _save_case(profile)
    wal = profile_dir / (DB_NAME + "-wal")
    assert wal.stat().st_size > 0, "the WAL should hold the new pages while the profile is open"
    tmpdir = Path(os.environ["TMPDIR"])
    assert _plaintext_in(profile_dir, tmpdir, tmp_path / "home") == []
    profile.close()
    assert (profile_dir / DB_NAME).stat().st_size > 0
    assert _plaintext_in(profile_dir, tmpdir, tmp_path / "home") == []


def test_the_stdlib_sqlite_cannot_read_the_database(profile: Profile, profile_dir: Path) -> None:
    _save_case(profile)
    profile.close()
    db = profile_dir / DB_NAME
    assert not db.read_bytes().startswith(b"SQLite format 3\x00")
    before = _digest(db)
    with (
        contextlib.closing(sqlite3.connect(db)) as conn,
        pytest.raises(sqlite3.DatabaseError, match="file is not a database"),
    ):
        conn.execute("SELECT name FROM sqlite_master").fetchall()
    assert _digest(db) == before


def test_a_wrong_key_is_refused_in_words_and_the_file_is_unchanged(
    profile: Profile, profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _save_case(profile)
    profile.close()
    right_key = os.environ["LOANDESK_KEY"]
    listing = sorted(os.listdir(profile_dir))
    before = _digest(profile_dir / DB_NAME)

    monkeypatch.setenv("LOANDESK_KEY", secrets.token_hex(32))
    with pytest.raises(WrongKey) as caught:
        Profile.open(profile_dir, KeySource.from_environment())
    message = str(caught.value)
    assert isinstance(caught.value, UserError)
    assert "key does not open" in message
    assert "LOANDESK_KEY" in message
    assert "unchanged" in message
    assert _digest(profile_dir / DB_NAME) == before
    assert sorted(os.listdir(profile_dir)) == listing

    monkeypatch.setenv("LOANDESK_KEY", right_key)
    reopened = sign_in(Profile.open(profile_dir, KeySource.from_environment()))
    try:
        assert CaseService(reopened).get(case_id).value("full_name") == NAME + " Jr"
    finally:
        reopened.close()
