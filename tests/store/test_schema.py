"""The events table is append-only in the database itself; new profiles are at head."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from app.security.keys import KeySource
from app.services.cases import CaseService
from app.services.profile import DB_NAME, Profile
from app.store import migrate
from app.store.schema import metadata
from tests.domain.samples import applicant


@pytest.fixture
def raw(profile: Profile, profile_dir: Path) -> Iterator[Any]:
    """A plain SQLCipher connection with the profile's key, outside our store code."""
    CaseService(profile).open_case(applicant())
    conn = sqlcipher3.dbapi2.connect(str(profile_dir / DB_NAME), isolation_level=None)
    with contextlib.closing(conn):
        conn.execute(f"PRAGMA key = \"x'{os.environ['LOANDESK_KEY']}'\"")
        yield conn


def _events(conn: Any) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = conn.execute("SELECT * FROM events ORDER BY seq").fetchall()
    return rows


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET type = 'Approved' WHERE type = 'CaseOpened'",
        "UPDATE events SET body = body",
        "DELETE FROM events WHERE type = 'CommentAdded' OR seq = 1",
        "DELETE FROM events",
    ],
)
def test_events_refuse_update_and_delete(raw: Any, statement: str) -> None:
    before = _events(raw)
    # ProfileCreated, UserAdded, PasswordSet, SignedIn, CaseOpened and two patches
    assert len(before) == 7
    with pytest.raises(sqlcipher3.dbapi2.IntegrityError, match="append-only"):
        raw.execute(statement)
    assert _events(raw) == before


def test_other_tables_stay_writable_through_the_same_connection(raw: Any) -> None:
    """The refusal is the events trigger, not a read-only or broken connection."""
    raw.execute("UPDATE cases SET status = status")
    assert raw.execute("SELECT changes()").fetchone() == (1,)


def test_a_new_profile_is_at_the_newest_migration(profile: Profile, profile_dir: Path) -> None:
    head = migrate.head_revision()
    assert head is not None
    assert migrate.current_revision(profile.store.engine) == head
    profile.close()
    reopened = Profile.open(profile_dir, KeySource.from_environment())
    try:
        assert migrate.current_revision(reopened.store.engine) == head
    finally:
        reopened.close()


def test_table_definitions_match_what_the_migrations_built(profile: Profile) -> None:
    with profile.store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_head_constant_names_the_newest_migration() -> None:
    assert migrate.HEAD == migrate.head_revision()
