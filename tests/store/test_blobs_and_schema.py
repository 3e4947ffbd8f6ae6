"""Content-addressed blobs and the refusal of a database from a newer LoanDesk."""

from __future__ import annotations

import hashlib
import os

import pytest
from sqlalchemy import text

from app.security.keys import KeySource
from app.services.profile import Profile
from app.store.engine import WRITE, StoreError


def test_blob_is_stored_once_under_its_hash_and_encrypted(profile: Profile) -> None:
    page = b"PAGE-IMAGE-MARKER " + os.urandom(4096)
    with profile.store.writing() as tx:
        first = tx.put_blob(page, "image/png")
        second = tx.put_blob(page, "image/png")
    assert first == second == hashlib.sha256(page).hexdigest()
    assert profile.store.blob(first) == page
    assert profile.store.blob("0" * 64) is None
    with profile.store.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM blobs")).scalar_one() == 1
    profile.close()
    for path in profile.path.iterdir():
        if path.is_file():
            assert b"PAGE-IMAGE-MARKER" not in path.read_bytes()


def test_damaged_blob_is_reported_not_returned(profile: Profile) -> None:
    with profile.store.writing() as tx:
        digest = tx.put_blob(b"original bytes", "image/png")
    with profile.store.engine.connect().execution_options(**WRITE) as conn, conn.begin():
        conn.execute(text("UPDATE blobs SET data = :d"), {"d": b"tampered bytes"})
    with pytest.raises(StoreError, match="damaged"):
        profile.store.blob(digest)


def test_database_from_a_newer_version_is_refused(profile: Profile, key_source: KeySource) -> None:
    with profile.store.engine.connect().execution_options(**WRITE) as conn, conn.begin():
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    profile.close()
    with pytest.raises(StoreError, match="newer LoanDesk"):
        Profile.open(profile.path, key_source)
