"""The server tests' PostgreSQL is the installed one, private, unprivileged and cleaned up."""

from __future__ import annotations

import os
import pwd
import re
import select
import socket
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from tests.server import postgres
from tests.server.postgres import CLUSTER_USER, find_bindir, fresh_database, private_postgres

#: The session's cluster, the fixture the server's tests share (pytest finds it by name here).
postgres_url = postgres.postgres_url


@contextmanager
def _connect(url: str) -> Iterator[Connection]:
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def _setting(url: str, name: str) -> str:
    with _connect(url) as connection:
        value = connection.execute(sa.text("SELECT current_setting(:name)"), {"name": name})
        return str(value.scalar_one())


def _installed_server_version() -> tuple[int, ...]:
    """What the newest installed server binary says of itself."""
    versions = []
    for binary in Path("/usr/lib/postgresql").glob("*/bin/postgres"):
        said = subprocess.run(
            [binary, "--version"], capture_output=True, text=True, check=True
        ).stdout
        match = re.search(r"\(PostgreSQL\) (\d+(?:\.\d+)*)", said)
        assert match, said
        versions.append(tuple(int(part) for part in match.group(1).split(".")))
    assert versions, "no PostgreSQL server binary is installed"
    return max(versions)


def test_the_server_is_the_installed_postgresql(postgres_url: str) -> None:
    installed = _installed_server_version()

    assert int(_setting(postgres_url, "server_version_num")) // 10000 == installed[0]
    running = re.match(r"\d+(?:\.\d+)*", _setting(postgres_url, "server_version"))
    assert running
    assert tuple(int(part) for part in running.group(0).split(".")) == installed


def test_a_table_in_one_fresh_database_is_absent_from_another(postgres_url: str) -> None:
    first, second = fresh_database(postgres_url), fresh_database(postgres_url)
    assert first != second

    with _connect(first) as connection:
        assert sa.inspect(connection).get_table_names() == []
        connection.execute(sa.text("CREATE TABLE cases (id integer PRIMARY KEY)"))
        connection.execute(sa.text("INSERT INTO cases VALUES (1)"))
        connection.commit()
    with _connect(first) as connection:
        assert sa.inspect(connection).get_table_names() == ["cases"]
        assert connection.execute(sa.text("SELECT id FROM cases")).scalars().all() == [1]
    for url in (second, postgres_url):
        with _connect(url) as connection:
            assert sa.inspect(connection).get_table_names() == []


def test_the_cluster_listens_on_loopback_only(postgres_url: str) -> None:
    assert _setting(postgres_url, "listen_addresses") == "127.0.0.1"
    assert _setting(postgres_url, "unix_socket_directories") == ""
    with _connect(postgres_url) as connection:
        rules = connection.execute(
            sa.text("SELECT type, address, netmask, auth_method FROM pg_hba_file_rules")
        ).all()
        assert [tuple(rule) for rule in rules] == [
            ("host", "127.0.0.1", "255.255.255.255", "trust")
        ]


def test_the_cluster_runs_as_an_unprivileged_user(postgres_url: str) -> None:
    data = Path(_setting(postgres_url, "data_directory"))
    with _connect(postgres_url) as connection:
        backend: int = connection.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
        # read while connected: the backend process ends with the connection
        status = Path(f"/proc/{backend}/status").read_text()
    uid_line = re.search(r"^Uid:\s+(\d+)", status, re.MULTILINE)
    assert uid_line
    process_uid = int(uid_line.group(1))

    assert data.stat().st_uid == process_uid
    if os.geteuid() == 0:
        assert process_uid != 0
        assert pwd.getpwuid(process_uid).pw_name in {CLUSTER_USER, "nobody"}
    else:
        assert process_uid == os.geteuid()


def _exited(pidfd: int) -> bool:
    """Whether the process behind ``pidfd`` has ended (a pidfd turns readable then)."""
    return select.select([pidfd], [], [], 0)[0] == [pidfd]


def test_nothing_is_left_after_the_block() -> None:
    with ExitStack() as cleanup:
        with private_postgres() as url:
            port = sa.make_url(url).port
            assert port is not None
            data = Path(_setting(url, "data_directory"))
            postmaster = os.pidfd_open(int((data / "postmaster.pid").read_text().split()[0]))
            cleanup.callback(os.close, postmaster)
            assert not _exited(postmaster)

        assert _exited(postmaster)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    with pytest.raises(sa.exc.OperationalError):
        _setting(url, "server_version")
    assert not data.exists()
    assert not data.parent.exists()


def _fake_server(root: Path, version: str, tools: tuple[str, ...]) -> Path:
    bindir = root / version / "bin"
    bindir.mkdir(parents=True)
    for tool in tools:
        (bindir / tool).write_text("#!/bin/sh\n")
        (bindir / tool).chmod(0o755)
    return bindir


def test_the_newest_complete_server_is_chosen(tmp_path: Path) -> None:
    server = ("initdb", "pg_ctl", "postgres", "createdb")
    _fake_server(tmp_path, "9.6", server)  # newer than 16 if compared as text
    _fake_server(tmp_path, "15", server)
    newest = _fake_server(tmp_path, "16", server)
    _fake_server(tmp_path, "17", ("psql", "pg_dump"))  # a client package alone

    assert find_bindir(tmp_path) == newest


def test_a_missing_postgresql_names_the_debian_package(tmp_path: Path) -> None:
    _fake_server(tmp_path, "17", ("psql",))

    with pytest.raises(RuntimeError, match=r"Debian's package 'postgresql'"):
        find_bindir(tmp_path)
