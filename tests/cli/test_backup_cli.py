"""``loandesk backup``, ``restore`` and ``rekey``, run as real processes on real profiles."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.security.keys import KeySource
from app.services.backup import BackupService
from app.services.profile import Profile
from tests.cli.runner import loandesk, ok
from tests.cli.test_cli import CASE
from tests.conftest import secret

PHRASE = secret("copper meadow signal 61")


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOANDESK_BACKUP_PASSPHRASE", PHRASE)


@pytest.fixture
def with_case() -> str:
    ok("init", "--admin", "chen", "--name", "Chen Li")
    added = json.loads(ok("cases", "add", "--file", "-", "--json", stdin=json.dumps(CASE)))
    return str(added[0]["case_no"])


def _refused(*args: str) -> str:
    result = loandesk(*args)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    return result.stderr


def test_backup_then_restore_into_a_new_folder(with_case: str, tmp_path: Path) -> None:
    target = tmp_path / "branch.ldbackup"
    said = ok("backup", "--to", str(target))
    found = re.search(r"backup of (\d+) events \(([\d.]+ [kM]B), chain head (\d+):", said)
    assert found, said
    assert int(found[1]) == int(found[3]) > 4
    assert "opens only with its passphrase" in said
    assert not target.read_bytes().startswith(b"SQLite format 3")
    assert "陈静".encode() not in target.read_bytes()

    into = tmp_path / "restored"
    said = ok("restore", str(target), "--into", str(into))
    assert f"Restored {found[1]} events" in said
    assert "sign in there as chen" in said
    listed = json.loads(ok("cases", "list", "--json", "--profile", str(into)))
    assert [row["case_no"] for row in listed] == [with_case]
    assert listed[0]["full_name"] == "陈静 Chen Jing"


def test_a_damaged_backup_is_refused_in_one_sentence(with_case: str, tmp_path: Path) -> None:
    target = tmp_path / "branch.ldbackup"
    ok("backup", "--to", str(target))
    data = target.read_bytes()
    target.write_bytes(data[: len(data) // 2 + 10])
    message = _refused("restore", str(target), "--into", str(tmp_path / "new"))
    assert "cut short" in message
    assert not (tmp_path / "new").exists()


def test_a_wrong_passphrase_is_refused(
    with_case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "branch.ldbackup"
    ok("backup", "--to", str(target))
    monkeypatch.setenv("LOANDESK_BACKUP_PASSPHRASE", "copper meadow signal 62")
    message = _refused("restore", str(target), "--into", str(tmp_path / "new"))
    assert "passphrase does not open branch.ldbackup" in message
    assert not (tmp_path / "new").exists()


def test_a_short_passphrase_is_refused_and_no_file_is_written(
    with_case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOANDESK_BACKUP_PASSPHRASE", "too short")
    message = _refused("backup", "--to", str(tmp_path / "b.ldbackup"))
    assert "at least 12 characters" in message
    assert list(tmp_path.glob("*ldbackup*")) == []


def test_rekey_with_loandesk_key_is_refused_in_words(with_case: str) -> None:
    message = _refused("rekey")
    assert "needs the system keyring or a key file" in message


def test_rekey_with_a_key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOANDESK_KEY")
    key_file = tmp_path / "keys" / "profile.key"
    ok("init", "--key-file", str(key_file))
    ok("cases", "add", "--file", "-", "--key-file", str(key_file), stdin=json.dumps(CASE))
    before = key_file.read_text()
    said = ok("rekey", "--key-file", str(key_file))
    assert "Re-encrypted the database under a new key" in said
    assert "the old key is forgotten" in said
    assert key_file.read_text() != before
    listed = json.loads(ok("cases", "list", "--json", "--key-file", str(key_file)))
    assert [row["full_name"] for row in listed] == ["陈静 Chen Jing"]


def test_an_automatic_backup_restores_with_the_profile_key(with_case: str, tmp_path: Path) -> None:
    profile = Profile.open(Path(os.environ["LOANDESK_PROFILE"]), KeySource.from_environment())
    try:
        made = BackupService(profile).backup_if_due(datetime(2025, 6, 1, tzinfo=UTC))
    finally:
        profile.close()
    assert made is not None
    # A passphrase does not open it; the profile's own key does.
    message = _refused("restore", str(made.path), "--into", str(tmp_path / "a"))
    assert "is an automatic backup: it opens with the profile's own key" in message
    said = ok("restore", str(made.path), "--into", str(tmp_path / "b"), "--with-profile-key")
    assert f"Restored {made.events} events" in said
