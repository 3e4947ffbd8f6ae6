"""Backups, the restore drill, daily backups with retention, and crash-proof key changes."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from app.domain import case as case_domain
from app.domain.events import EventType
from app.domain.roles import PermissionDenied, Role
from app.security.keys import KEYRING_SERVICE, KeySource, load_key, next_key_file
from app.security.passwords import WeakPassword
from app.services.accounts import AccountService, SignInRefused
from app.services.backup import (
    BackupDamaged,
    BackupRefused,
    BackupService,
    FileKey,
    WrongPassphrase,
    profile_file_key,
    read_backup,
    restore_backup,
)
from app.services.cases import CaseService
from app.services.profile import DB_NAME, Profile
from app.services.rekey import RekeyService
from app.store.backupcheck import key_opens
from app.store.engine import StoreError
from app.store.repo import CHAIN_HEAD, CaseQuery
from tests.conftest import PASSWORD, REPO, secret, sign_in
from tests.domain.samples import NAME, applicant

PHRASE = secret("harbour violet seventy clocks")
OFFICER_PASSWORD = secret("tin lamp orchard 58")
NOW = datetime(2025, 6, 2, 8, 30, tzinfo=UTC)


class FileKeyring(KeyringBackend):
    """An OS keyring stand-in kept in a JSON file, shared with child processes (tests only)."""

    priority = 1

    @staticmethod
    def _path() -> Path:
        return Path(os.environ["LOANDESK_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        path = self._path()
        return dict(json.loads(path.read_text())) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        self._path().write_text(json.dumps({**self._load(), f"{service}/{username}": password}))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError(username)
        self._path().write_text(json.dumps(data))


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FileKeyring]:
    # Taken before the environment names the stand-in: keyring builds its first
    # backend from PYTHON_KEYRING_BACKEND, and a stand-in must not outlive the test.
    before = keyring.get_keyring()
    monkeypatch.setenv("LOANDESK_TEST_KEYRING", str(tmp_path / "keyring.json"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", f"{__name__}.FileKeyring")
    monkeypatch.delenv("LOANDESK_KEY")
    ring = FileKeyring()  # type: ignore[no-untyped-call]  # keyring's __init__ is untyped
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


def _entries(ring: FileKeyring) -> dict[str, str]:
    return {k.removeprefix(KEYRING_SERVICE + "/"): v for k, v in ring._load().items()}


def _new_profile(path: Path, source: KeySource) -> Profile:
    return Profile.create(
        path, source, admin_username="admin", admin_name="Branch Admin", admin_password=PASSWORD
    )


def _fill(profile: Profile) -> None:
    """Cases, an edit, a comment and a second user: what a branch profile holds."""
    cases = CaseService(profile)
    first = cases.open_case(applicant(name=NAME, seq=321)).case_id
    cases.open_cases([applicant(name=f"Applicant {n}", seq=n) for n in range(12)])
    cases.update_case(first, {"address": "北京市朝阳区 1 号"})
    cases.add_comment(first, "Payslips checked against the bank statement.")
    AccountService(profile).add_user(
        username="officer.wang",
        display_name="Wang Fang",
        roles=[Role.OFFICER],
        password=OFFICER_PASSWORD,
        admin_password=PASSWORD,
    )


def _cases(profile: Profile) -> dict[str, dict[str, Any]]:
    out = {}
    for case_id in profile.store.case_keys(CaseQuery()):
        state = profile.store.case(case_id)
        assert state is not None
        out[case_id] = case_domain.snapshot(state)
    return out


def _events(profile: Profile) -> list[bytes]:
    return [e.to_bytes() for e in profile.store.all_events()]


def _types(profile: Profile) -> list[EventType]:
    return [e.type for e in profile.store.all_events()]


# -- the restore drill ------------------------------------------------------------------
def test_backup_wipe_restore_gives_the_same_cases_events_and_chain_head(
    profile: Profile, profile_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(profile)
    cases, events, head = _cases(profile), _events(profile), profile.store.meta(CHAIN_HEAD)
    ids = (profile.profile_id, profile.device_id)
    target = tmp_path / "usb" / "branch.ldbackup"
    target.parent.mkdir()
    made = BackupService(profile).backup_to(target, passphrase=PHRASE, password=PASSWORD)
    assert (made.events, made.chain_head) == (len(events), head)
    CaseService(profile).open_case({"full_name": "Opened After The Backup"})
    profile.close()

    shutil.rmtree(profile_dir)  # the disk died, and the key with it
    monkeypatch.setenv("LOANDESK_KEY", secrets.token_hex(32))
    into = tmp_path / "restored"
    result = restore_backup(
        target,
        into,
        key=FileKey.passphrase(PHRASE),
        key_source=KeySource.from_environment(),
        password=PASSWORD,
    )
    restored = result.profile
    try:
        assert (restored.profile_id, restored.device_id) == ids
        assert restored.actor.username == "admin"
        assert _cases(restored) == cases
        after = _events(restored)
        assert after[: len(events)] == events
        assert _types(restored)[len(events) :] == [EventType.SIGNED_IN, EventType.RESTORED]
        last = list(restored.store.all_events())[-1]
        assert last.payload == {
            "file_name": "branch.ldbackup",
            "events": len(events),
            "chain_head": made.chain_head,
        }
        assert last.actor == restored.actor.user_id
        # The chain goes on from the backup's head on the same device.
        change = CaseService(restored).open_case({"full_name": "After The Restore"})
        state = CaseService(restored).get(change.case_id)
        assert state.case_no not in {c["case_no"] for c in cases.values()}
        tail = list(restored.store.all_events())[len(after) - 1 :]
        assert [e.device_seq for e in tail] == [len(after), len(after) + 1, len(after) + 2]
        assert tail[1].prev == tail[0].hash
    finally:
        restored.close()
    # Everyone in the backup can sign in to the restored copy with their own password.
    reopened = Profile.open(into, KeySource.from_environment())
    try:
        AccountService(reopened).sign_in("officer.wang", OFFICER_PASSWORD)
    finally:
        reopened.close()


def test_a_restored_copy_gets_its_own_key_and_never_touches_the_originals(
    file_keyring: FileKeyring, tmp_path: Path
) -> None:
    original = _new_profile(tmp_path / "original", KeySource())
    _fill(original)
    BackupService(original).backup_to(tmp_path / "b.ldbackup", passphrase=PHRASE, password=PASSWORD)
    before = _entries(file_keyring)
    result = restore_backup(
        tmp_path / "b.ldbackup",
        tmp_path / "copy",
        key=FileKey.passphrase(PHRASE),
        key_source=KeySource(),
        password=PASSWORD,
    )
    try:
        copy = result.profile
        description = json.loads((tmp_path / "copy" / "profile.json").read_text())
        assert description["profile_id"] == original.profile_id
        assert description["key_id"] == copy.key_id != original.profile_id
        entries = _entries(file_keyring)
        assert entries[original.profile_id] == before[original.profile_id]
        assert set(entries) == {original.profile_id, copy.key_id}
        assert entries[copy.key_id] != entries[original.profile_id]  # a fresh key
        assert _cases(copy) == _cases(original)  # both open side by side
    finally:
        result.profile.close()
        original.close()


# -- restores that are refused touch nothing ------------------------------------------
@pytest.fixture
def made(profile: Profile, tmp_path: Path) -> Path:
    _fill(profile)
    target = tmp_path / "made.ldbackup"
    BackupService(profile).backup_to(target, passphrase=PHRASE, password=PASSWORD)
    return target


def _restore(source: Path, into: Path, **kwargs: Any) -> Profile:
    args: dict[str, Any] = {
        "key": FileKey.passphrase(PHRASE),
        "key_source": KeySource.from_environment(),
        "password": PASSWORD,
    }
    return restore_backup(source, into, **{**args, **kwargs}).profile


def test_a_wrong_passphrase_is_refused_before_anything_is_made(made: Path, tmp_path: Path) -> None:
    with pytest.raises(WrongPassphrase, match="passphrase does not open made.ldbackup"):
        _restore(made, tmp_path / "into", key=FileKey.passphrase(PHRASE + "!"))
    assert not (tmp_path / "into").exists()


def test_a_damaged_backup_is_refused_before_anything_is_made(made: Path, tmp_path: Path) -> None:
    data = made.read_bytes()
    made.write_bytes(data[: len(data) // 2])
    with pytest.raises(BackupDamaged):
        _restore(made, tmp_path / "into")
    assert not (tmp_path / "into").exists()


def test_a_folder_that_is_not_empty_is_refused(made: Path, tmp_path: Path) -> None:
    into = tmp_path / "busy"
    into.mkdir()
    (into / "notes.txt").write_text("mine")
    with pytest.raises(BackupRefused, match="not an empty folder"):
        _restore(made, into)
    assert os.listdir(into) == ["notes.txt"]


@pytest.mark.parametrize(
    ("who", "password", "error"),
    [
        ("admin", "not the password at all", SignInRefused),
        ("officer.wang", OFFICER_PASSWORD, PermissionDenied),
        ("nobody", PASSWORD, SignInRefused),
    ],
)
def test_only_an_admin_of_the_backup_may_restore_it_and_a_refusal_leaves_nothing(
    made: Path, tmp_path: Path, who: str, password: str, error: type[Exception]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(error):
        _restore(made, empty, username=who, password=password)
    assert list(empty.iterdir()) == []
    with pytest.raises(error):
        _restore(made, tmp_path / "new", username=who, password=password)
    assert not (tmp_path / "new").exists()


def test_a_refused_restore_forgets_the_key_it_made(
    file_keyring: FileKeyring, tmp_path: Path
) -> None:
    original = _new_profile(tmp_path / "p", KeySource())
    BackupService(original).backup_to(tmp_path / "b.ldbackup", passphrase=PHRASE, password=PASSWORD)
    original.close()
    before = _entries(file_keyring)
    with pytest.raises(SignInRefused):
        _restore(tmp_path / "b.ldbackup", tmp_path / "new", key_source=KeySource(), password="no")
    assert _entries(file_keyring) == before


# -- making backups ----------------------------------------------------------------------
def test_backup_made_is_logged_after_the_file_and_the_file_holds_the_head_before_it(
    profile: Profile, tmp_path: Path
) -> None:
    head = profile.store.meta(CHAIN_HEAD)
    result = BackupService(profile).backup_to(
        tmp_path / "b.ldbackup", passphrase=PHRASE, password=PASSWORD
    )
    assert result.chain_head == head
    assert read_backup(result.path, FileKey.passphrase(PHRASE)).chain_head == head
    last = list(profile.store.all_events())[-1]
    assert last.type is EventType.BACKUP_MADE
    assert last.payload == {
        "file_name": "b.ldbackup",
        "automatic": False,
        "events": result.events,
        "chain_head": head,
    }
    assert last.actor == profile.actor.user_id
    assert head is not None
    assert last.prev == head.split(":")[1]


@pytest.mark.parametrize(
    ("passphrase", "reason"),
    [
        ("tiny phrase", "too_short"),
        ("1qaz2wsx3edc", "common"),
        ("the branch backup 2025", "contains_name"),
    ],
)
def test_a_weak_passphrase_is_refused_and_nothing_is_written(
    profile: Profile, tmp_path: Path, passphrase: str, reason: str
) -> None:
    with pytest.raises(WeakPassword) as caught:
        BackupService(profile).backup_to(
            tmp_path / "b.ldbackup", passphrase=passphrase, password=PASSWORD
        )
    assert caught.value.reason == reason
    assert list(tmp_path.glob("*b.ldbackup*")) == []
    assert EventType.BACKUP_MADE not in _types(profile)


def test_a_backup_needs_the_admins_password_again(profile: Profile, tmp_path: Path) -> None:
    with pytest.raises(SignInRefused):
        BackupService(profile).backup_to(
            tmp_path / "b.ldbackup", passphrase=PHRASE, password="wrong one"
        )
    assert list(tmp_path.glob("*.ldbackup*")) == []


def test_an_officer_may_not_make_a_backup(profile: Profile, tmp_path: Path) -> None:
    _fill(profile)
    AccountService(profile).sign_out()
    sign_in(profile, "officer.wang", OFFICER_PASSWORD)
    with pytest.raises(PermissionDenied):
        BackupService(profile).backup_to(
            tmp_path / "b.ldbackup", passphrase=PHRASE, password=OFFICER_PASSWORD
        )
    assert list(tmp_path.glob("*.ldbackup*")) == []


# -- the daily backup ----------------------------------------------------------------------
def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_daily_backup_is_made_once_a_day_keyed_with_the_profile_key(
    profile: Profile, profile_dir: Path
) -> None:
    service = BackupService(profile)
    first = service.backup_if_due(NOW)
    assert first is not None
    assert first.automatic
    assert first.path == profile_dir / "backups" / "loandesk-20250602-083000.ldbackup"
    assert service.backup_if_due(NOW + timedelta(hours=23)) is None
    assert service.backup_if_due(NOW - timedelta(hours=2)) is None
    second = service.backup_if_due(NOW + timedelta(hours=24))
    assert second is not None
    assert _names(profile_dir / "backups") == [first.path.name, second.path.name]
    # Same-machine recovery: the profile's own key opens it, a passphrase does not.
    key = profile_file_key(profile_dir, KeySource.from_environment())
    assert read_backup(second.path, key).events == second.events
    with pytest.raises(WrongPassphrase):
        read_backup(second.path, FileKey.passphrase(PHRASE))
    made = [e for e in profile.store.all_events() if e.type is EventType.BACKUP_MADE]
    assert [e.payload["automatic"] for e in made] == [True, True]
    assert {e.actor for e in made} == {profile.actor.user_id}


def test_the_daily_backup_without_anyone_signed_in_is_the_devices(
    profile: Profile,
) -> None:
    AccountService(profile).sign_out()
    assert BackupService(profile).backup_if_due(NOW) is not None
    last = list(profile.store.all_events())[-1]
    assert (last.type, last.actor) == (EventType.BACKUP_MADE, profile.device_id)


def test_only_the_newest_automatic_backups_are_kept_and_nothing_else_is_deleted(
    profile: Profile, tmp_path: Path
) -> None:
    folder = tmp_path / "elsewhere"
    AccountService(profile).change_policy(
        {"backup_keep": "3", "backup_dir": str(folder)}, admin_password=PASSWORD
    )
    folder.mkdir()
    keep_me = ["notes.txt", "loandesk-manual.ldbackup", "loandesk-20250101-000000.ldbackup.old"]
    for name in keep_me:
        (folder / name).write_text("not ours")
    service = BackupService(profile)
    made = [service.backup_if_due(NOW + timedelta(days=day)) for day in range(6)]
    assert all(m is not None for m in made)
    newest = [m.path.name for m in made[-3:] if m is not None]
    assert _names(folder) == sorted(newest + keep_me)


def test_no_daily_backup_when_the_policy_says_so(profile: Profile, profile_dir: Path) -> None:
    AccountService(profile).change_policy({"backup_daily": "false"}, admin_password=PASSWORD)
    assert BackupService(profile).backup_if_due(NOW) is None
    assert not (profile_dir / "backups").exists()


def test_an_automatic_backup_restores_on_the_same_machine(
    profile: Profile, profile_dir: Path, tmp_path: Path
) -> None:
    _fill(profile)
    auto = BackupService(profile).backup_if_due(NOW)
    assert auto is not None
    key = profile_file_key(profile_dir, KeySource.from_environment())
    restored = _restore(auto.path, tmp_path / "again", key=key)
    try:
        assert _cases(restored) == _cases(profile)
    finally:
        restored.close()


# -- changing the key ------------------------------------------------------------------------
@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("LOANDESK_KEY")
    return tmp_path / "keys" / "profile.key"


def _rekey_and_check(profile: Profile, source: KeySource) -> tuple[bytes, bytes]:
    """Rekey ``profile``; the old and the new key. Checks what must hold whatever the source."""
    old = load_key(source, profile.key_id)
    cases, events = _cases(profile), _events(profile)
    result = RekeyService(profile).rekey(PASSWORD)
    new = load_key(source, profile.key_id)
    assert new != old
    assert not key_opens(profile.db_path, old)
    assert _cases(profile) == cases
    assert _events(profile)[: len(events)] == events
    assert _types(profile)[len(events) :] == [EventType.PROFILE_REKEYED, EventType.BACKUP_MADE]
    assert result.chain_head.startswith(f"{len(events) + 1}:")
    assert result.backup is not None
    assert read_backup(result.backup.path, FileKey.raw(new)).chain_head == result.chain_head
    description = json.loads((profile.path / "profile.json").read_text())
    assert description["key_id"] == profile.key_id
    assert "next_key_id" not in description
    assert sorted(p.name for p in profile.path.iterdir() if DB_NAME + "." in p.name) == []
    CaseService(profile).open_case({"full_name": "Written Under The New Key"})
    return old, new


def test_rekey_with_a_key_file_replaces_the_file(profile_dir: Path, key_file: Path) -> None:
    source = KeySource(key_file=key_file)
    profile = _new_profile(profile_dir, source)
    try:
        _fill(profile)
        _, new = _rekey_and_check(profile, source)
        assert bytes.fromhex(key_file.read_text()) == new
        assert key_file.stat().st_mode & 0o777 == 0o600
        assert not next_key_file(key_file).exists()
    finally:
        profile.close()
    sign_in(Profile.open(profile_dir, source)).close()


def test_rekey_with_the_keyring_renames_the_key_and_forgets_the_old(
    file_keyring: FileKeyring, profile_dir: Path
) -> None:
    profile = _new_profile(profile_dir, KeySource())
    try:
        _fill(profile)
        _rekey_and_check(profile, KeySource())
        assert set(_entries(file_keyring)) == {profile.key_id}
        assert profile.key_id != profile.profile_id
    finally:
        profile.close()


def test_rekey_with_loandesk_key_is_refused_in_words(profile: Profile, profile_dir: Path) -> None:
    before = (profile_dir / "profile.json").read_text()
    with pytest.raises(BackupRefused, match="needs the system keyring or a key file"):
        RekeyService(profile).rekey(PASSWORD)
    assert (profile_dir / "profile.json").read_text() == before


def test_rekey_needs_the_password_again(profile_dir: Path, key_file: Path) -> None:
    profile = _new_profile(profile_dir, KeySource(key_file=key_file))
    try:
        before = key_file.read_text()
        with pytest.raises(SignInRefused):
            RekeyService(profile).rekey("wrong password")
        assert key_file.read_text() == before
    finally:
        profile.close()


def test_rekey_while_another_window_has_the_profile_open_changes_nothing(
    profile_dir: Path, key_file: Path
) -> None:
    source = KeySource(key_file=key_file)
    profile = _new_profile(profile_dir, source)
    other = Profile.open(profile_dir, source)
    try:
        events = _events(profile)
        with other.store.reading(), pytest.raises(StoreError, match="has this profile open"):
            RekeyService(profile).rekey(PASSWORD)
        assert not next_key_file(key_file).exists()
        assert "next_key_id" not in json.loads((profile_dir / "profile.json").read_text())
        assert _events(profile)[: len(events)] == events  # the profile works on, old key
        CaseService(profile).open_case({"full_name": "Still Here"})
    finally:
        other.close()
        profile.close()


BEFORE_SWAP = ["journal_written", "key_kept", "locked", "exported", "verified"]
AFTER_SWAP = ["swapped", "key_promoted", "old_key_forgotten", "finished"]


@pytest.mark.parametrize("step", BEFORE_SWAP + AFTER_SWAP)
def test_a_rekey_that_fails_at_any_step_is_undone_or_finished_at_once(
    profile_dir: Path, key_file: Path, step: str
) -> None:
    source = KeySource(key_file=key_file)
    profile = _new_profile(profile_dir, source)
    try:
        _fill(profile)
        old, events = key_file.read_text(), _events(profile)
        service = RekeyService(profile)

        def fail(at: str) -> None:
            if at == step:
                raise OSError(28, "No space left on device")

        service.rekey_step_did_finish = fail
        with pytest.raises(OSError, match="No space"):
            service.rekey(PASSWORD)
        assert (key_file.read_text() == old) is (step in BEFORE_SWAP)
        rekeyed = EventType.PROFILE_REKEYED in _types(profile)
        assert rekeyed is (step in AFTER_SWAP)
        assert _events(profile)[: len(events)] == events
        assert "next_key_id" not in json.loads((profile_dir / "profile.json").read_text())
        assert not next_key_file(key_file).exists()
        CaseService(profile).open_case({"full_name": "Still Writable"})
    finally:
        profile.close()
    sign_in(Profile.open(profile_dir, source)).close()


DRIVER = """
import os, sys
from pathlib import Path
from app.security.keys import KeySource
from app.services.accounts import AccountService
from app.services.profile import Profile
from app.services.rekey import RekeyService

path, key_file, crash_at = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
source = KeySource(key_file=Path(key_file)) if key_file else KeySource()
profile = Profile.open(path, source)
AccountService(profile).sign_in("admin", os.environ["LOANDESK_PASSWORD"])
service = RekeyService(profile)
service.rekey_step_did_finish = lambda step: os._exit(3) if step == crash_at else None
service.rekey(os.environ["LOANDESK_PASSWORD"])
os._exit(0)
"""


def _crash_rekey(profile_dir: Path, key_file: Path | None, step: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, str(profile_dir), str(key_file or ""), step],
        cwd=REPO,
        env={**os.environ, "LOANDESK_PASSWORD": PASSWORD},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 3, result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("keeper", ["key file", "keyring"])
@pytest.mark.parametrize("step", BEFORE_SWAP + AFTER_SWAP)
def test_a_rekey_killed_at_any_step_is_recovered_when_the_profile_opens(
    request: pytest.FixtureRequest, profile_dir: Path, tmp_path: Path, keeper: str, step: str
) -> None:
    if keeper == "keyring":
        ring: FileKeyring | None = request.getfixturevalue("file_keyring")
        key_file = None
    else:
        ring, key_file = None, request.getfixturevalue("key_file")
    source = KeySource(key_file=key_file)
    profile = _new_profile(profile_dir, source)
    _fill(profile)
    cases, events, old_id = _cases(profile), _events(profile), profile.key_id
    old_key = load_key(source, old_id)
    profile.close()

    _crash_rekey(profile_dir, key_file, step)

    reopened = sign_in(Profile.open(profile_dir, source))
    try:
        assert _cases(reopened) == cases
        assert _events(reopened)[: len(events)] == events
        changed = step in AFTER_SWAP
        rekeyed = _types(reopened)[len(events) :].count(EventType.PROFILE_REKEYED)
        assert rekeyed == (1 if changed else 0)
        assert (load_key(source, reopened.key_id) != old_key) is changed
        assert (reopened.key_id != old_id) is changed
        description = json.loads((profile_dir / "profile.json").read_text())
        assert description["key_id" if changed else "profile_id"] == reopened.key_id
        assert "next_key_id" not in description
        leftovers = [p.name for p in profile_dir.iterdir() if ".rekey" in p.name]
        assert leftovers == []
        if ring is not None:
            assert set(_entries(ring)) == {reopened.key_id}
        if key_file is not None:
            assert not next_key_file(key_file).exists()
        CaseService(reopened).open_case({"full_name": "After The Crash"})
    finally:
        reopened.close()
