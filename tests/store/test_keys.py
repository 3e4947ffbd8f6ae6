"""Where the database key comes from: explicit hex, a private key file, or a refusal."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from app.places import profile_exists
from app.security.keys import KeySource, KeyUnavailable, keyring_usable, load_key, new_key
from app.services.profile import DB_NAME, Profile
from app.store.engine import WrongKey
from tests.conftest import PASSWORD

PROFILE_ID = "01970000-0000-7000-8000-000000000001"


def _key_file(tmp_path: Path, text: str, mode: int) -> Path:
    path = tmp_path / "profile.key"
    path.write_text(text, encoding="ascii")
    path.chmod(mode)
    return path


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_a_key_file_others_can_read_is_refused_with_chmod_advice(tmp_path: Path, mode: int) -> None:
    path = _key_file(tmp_path, secrets.token_hex(32), mode)
    with pytest.raises(KeyUnavailable, match=f"chmod 600 {path}"):
        load_key(KeySource(key_file=path), PROFILE_ID)


@pytest.mark.parametrize("mode", [0o600, 0o400])
def test_a_private_key_file_is_accepted(tmp_path: Path, mode: int) -> None:
    key = secrets.token_bytes(32)
    path = _key_file(tmp_path, key.hex() + "\n", mode)
    assert load_key(KeySource(key_file=path), PROFILE_ID) == key


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("zz" * 32, "not hexadecimal"),
        ("ab" * 31, "must be 64 hex digits"),
        ("ab" * 33, "must be 64 hex digits"),
        ("", "must be 64 hex digits"),
    ],
)
def test_a_key_file_with_a_bad_key_is_refused(tmp_path: Path, text: str, message: str) -> None:
    path = _key_file(tmp_path, text, 0o600)
    with pytest.raises(KeyUnavailable, match=message):
        load_key(KeySource(key_file=path), PROFILE_ID)


@pytest.mark.parametrize("text", ["not hex at all", "12345", "g" * 64])
def test_a_bad_loandesk_key_is_refused_naming_it(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.setenv("LOANDESK_KEY", text)
    with pytest.raises(KeyUnavailable, match="LOANDESK_KEY"):
        load_key(KeySource.from_environment(), PROFILE_ID)


def test_a_missing_key_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "absent.key"
    with pytest.raises(KeyUnavailable, match="does not exist"):
        load_key(KeySource(key_file=path), PROFILE_ID)


def test_without_keyring_or_explicit_key_the_refusal_says_how_to_give_one(
    monkeypatch: pytest.MonkeyPatch, profile_dir: Path
) -> None:
    monkeypatch.delenv("LOANDESK_KEY")
    assert not keyring_usable()
    source = KeySource.from_environment()
    assert source == KeySource()
    for attempt in (load_key, new_key):
        with pytest.raises(KeyUnavailable) as caught:
            attempt(source, PROFILE_ID)
        message = str(caught.value)
        assert "No system keyring" in message
        assert "LOANDESK_KEY" in message
        assert "LOANDESK_KEY_FILE" in message
    with pytest.raises(KeyUnavailable, match="LOANDESK_KEY"):
        Profile.create(
            profile_dir, source, admin_username="admin", admin_name="Admin", admin_password=PASSWORD
        )
    assert not profile_exists(profile_dir)
    assert not (profile_dir / DB_NAME).exists()


def test_a_profile_made_with_a_key_file_writes_it_private_and_reopens_with_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, profile_dir: Path
) -> None:
    key_path = tmp_path / "keys" / "loandesk.key"
    monkeypatch.delenv("LOANDESK_KEY")
    monkeypatch.setenv("LOANDESK_KEY_FILE", str(key_path))
    created = Profile.create(
        profile_dir,
        KeySource.from_environment(),
        admin_username="admin",
        admin_name="Admin",
        admin_password=PASSWORD,
    )
    created.close()
    assert key_path.stat().st_mode & 0o777 == 0o600
    assert len(bytes.fromhex(key_path.read_text())) == 32

    reopened = Profile.open(profile_dir, KeySource.from_environment())
    reopened.close()
    key_path.chmod(0o644)
    with pytest.raises(KeyUnavailable, match="chmod 600"):
        Profile.open(profile_dir, KeySource.from_environment())
    key_path.chmod(0o600)
    monkeypatch.setenv("LOANDESK_KEY", secrets.token_hex(32))  # the variable wins over the file
    with pytest.raises(WrongKey):
        Profile.open(profile_dir, KeySource.from_environment())
