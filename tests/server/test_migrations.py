"""Alembic migrations on SQLite and PostgreSQL; a database behind them is not served."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from server import migrate
from server.db import metadata, open_engine
from tests.server.process import ServerProcess, cli, cli_ok


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    opened = open_engine(database_url)
    yield opened
    opened.dispose()


def test_head_is_the_newest_revision() -> None:
    assert migrate.head_revision() == migrate.HEAD


def test_the_migrated_schema_is_the_tables_the_code_uses(engine: Engine) -> None:
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.HEAD
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []
    migrate.upgrade(engine)  # a second run finds nothing to do
    assert migrate.current_revision(engine) == migrate.HEAD


def test_stored_events_cannot_be_changed_or_deleted(engine: Engine) -> None:
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO events (id, device, device_seq, type, actor, hash, body, chain) "
                "VALUES ('i', 'd', 1, 't', 'a', 'h', :body, 'c')"
            ),
            {"body": b"{}"},
        )
    for statement in ("UPDATE events SET chain = 'x'", "DELETE FROM events"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT chain FROM events")).scalars().all() == ["c"]


def _downgrade_to_base(url: str) -> None:
    engine = open_engine(url)
    try:
        config = migrate.config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
    finally:
        engine.dispose()


def test_a_database_behind_the_migrations_is_not_served(tmp_path: Path, database_url: str) -> None:
    data = tmp_path / "server"
    cli_ok("init", "--data", str(data), "--db", database_url)
    _downgrade_to_base(database_url)

    for args in (("serve", "--port", "0"), ("enrol-device", "--name", "desk")):
        result = cli(args[0], "--data", str(data), *args[1:])
        assert result.returncode == 1, result.stderr
        assert result.stderr == (
            f"The database is at schema none (never set up), behind this server's "
            f"{migrate.HEAD}: run `loandesk-server init --data {data}` to migrate it first.\n"
        )

    cli_ok("init", "--data", str(data))
    server = ServerProcess(data, tmp_path, {})
    server.start()
    server.stop()


def test_a_database_from_a_newer_server_is_refused(tmp_path: Path, database_url: str) -> None:
    data = tmp_path / "server"
    cli_ok("init", "--data", str(data), "--db", database_url)
    engine = open_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    finally:
        engine.dispose()
    for args in (("serve", "--port", "0"), ("init",)):
        result = cli(args[0], "--data", str(data), *args[1:])
        assert result.returncode == 1
        assert "at schema 9999, which this server does not know" in result.stderr
