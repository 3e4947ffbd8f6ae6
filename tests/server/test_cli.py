"""`loandesk-server init` and `enrol-device` as an administrator runs them."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from dotenv import dotenv_values

from server.auth import CODE_ALPHABET, CODE_LENGTH
from server.settings import secret_problem
from tests.server.process import cli, cli_ok


def _secret_of(data: Path) -> str:
    return str(dotenv_values(data / "server.env")["LOANDESK_SERVER_SECRET"])


def test_init_writes_a_private_random_secret_and_keeps_it(tmp_path: Path) -> None:
    data = tmp_path / "server"
    cli_ok("init", "--data", str(data))

    env_file = data / "server.env"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    first = _secret_of(data)
    assert secret_problem(first) is None
    other = tmp_path / "other"
    cli_ok("init", "--data", str(other))
    assert _secret_of(other) != first
    database = data / "server.db"
    assert database.is_file(), "SQLite in the data dir when no --db is given"
    assert stat.S_IMODE(database.stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE(data.stat().st_mode) == 0o700

    again = cli_ok("init", "--data", str(data))
    assert "its secret is kept" in again
    assert _secret_of(data) == first


def test_init_will_not_move_a_data_dir_to_another_database(tmp_path: Path) -> None:
    data = tmp_path / "server"
    cli_ok("init", "--data", str(data))
    result = cli("init", "--data", str(data), "--db", f"sqlite:///{tmp_path / 'other.db'}")
    assert result.returncode == 1
    assert result.stderr.startswith(f"{data} is set up already with another database")
    assert not (tmp_path / "other.db").exists()


def test_init_refuses_a_database_it_cannot_use_and_writes_nothing_down(tmp_path: Path) -> None:
    data = tmp_path / "server"
    for url, words in (
        ("mysql://x@localhost/db", "runs on SQLite or PostgreSQL, not mysql"),
        ("postgresql+nosuchdriver://x@localhost/db", "not one this server can use"),
        ("not a url", "not a SQLAlchemy URL"),
    ):
        result = cli("init", "--data", str(data), "--db", url)
        assert result.returncode == 1
        assert words in result.stderr
        assert not (data / "server.env").exists()
    cli_ok("init", "--data", str(data), "--db", f"sqlite:///{tmp_path / 'chosen.db'}")
    assert (tmp_path / "chosen.db").is_file()


def test_enrol_device_prints_a_typeable_code(tmp_path: Path) -> None:
    data = tmp_path / "server"
    cli_ok("init", "--data", str(data))
    out = cli_ok("enrol-device", "--data", str(data), "--name", "  Front desk 2 ")
    code, note = out.splitlines()[:2]
    groups = code.split("-")
    assert [len(group) for group in groups] == [5] * (CODE_LENGTH // 5)
    assert set("".join(groups)) <= set(CODE_ALPHABET)
    assert re.fullmatch(
        r"One-time code for 'Front desk 2', valid until \d{4}-\d\d-\d\d \d\d:\d\d UTC\.", note
    )
    second = cli_ok("enrol-device", "--data", str(data), "--name", "Front desk 2")
    assert second.splitlines()[0] != code


def test_enrol_device_refuses_an_unprintable_name(tmp_path: Path) -> None:
    data = tmp_path / "server"
    cli_ok("init", "--data", str(data))
    result = cli("enrol-device", "--data", str(data), "--name", "desk\x1b[31m")
    assert result.returncode == 1
    assert "printable characters" in result.stderr
