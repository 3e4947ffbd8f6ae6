"""The settings refuse, in words, placeholder secrets and plain HTTP off loopback."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from server.errors import SettingsError
from server.settings import load
from tests.server.process import cli, cli_ok

GOOD = secrets.token_urlsafe(48)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("", "it is empty"),
        ("   ", "it is empty"),
        ("changeme", "it contains 'changeme'"),
        ("secret", "it contains 'secret'"),
        ("ChangeThis-ChangeThis-ChangeThis-ChangeThis", "it contains 'changethis'"),
        ("my-super-secret-key-for-the-branch-server", "it contains 'secret'"),
        (GOOD[:31], "it is shorter than 32 bytes"),
        ("a" * 64, "it has fewer than 8 different characters"),
        ("0123456" * 6, "it has fewer than 8 different characters"),
    ],
)
def test_placeholder_and_short_secrets_are_refused(data: Path, value: str, why: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load(data, secret=value)
    message = str(refused.value)
    assert message.startswith("The server cannot start: LOANDESK_SERVER_SECRET cannot be used: ")
    assert why in message
    if len(value) >= 20:
        assert value not in message, "the refused secret is not echoed"


def test_a_missing_secret_is_named(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOANDESK_SERVER_SECRET", raising=False)
    with pytest.raises(SettingsError, match="LOANDESK_SERVER_SECRET is not set"):
        load(data)


def test_a_random_secret_of_32_bytes_is_taken(data: Path) -> None:
    settings = load(data, secret=GOOD[:32])
    assert settings.secret.get_secret_value() == GOOD[:32]
    assert settings.url == f"sqlite+pysqlite:///{data / 'server.db'}"


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "::", "branch-server.example", ""])
def test_plain_http_off_loopback_is_refused(data: Path, host: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load(data, secret=GOOD, host=host)
    message = str(refused.value)
    assert f"Plain HTTP is only served on a loopback address, and {host!r} is not one" in message
    assert "LOANDESK_SERVER_TLS_CERT and LOANDESK_SERVER_TLS_KEY" in message


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "::1", "localhost"])
def test_plain_http_on_loopback_is_served(data: Path, host: str) -> None:
    settings = load(data, secret=GOOD, host=host)
    assert settings.host == host
    assert not settings.tls


def test_tls_files_allow_any_address_and_must_exist(data: Path) -> None:
    cert, key = data / "server.crt", data / "server.key"
    with pytest.raises(SettingsError, match=f"The TLS file {cert} does not exist"):
        load(data, secret=GOOD, host="0.0.0.0", tls_cert=cert, tls_key=key)
    cert.write_text("certificate")
    with pytest.raises(SettingsError, match="TLS needs both"):
        load(data, secret=GOOD, host="0.0.0.0", tls_cert=cert)
    key.write_text("key")
    assert load(data, secret=GOOD, host="0.0.0.0", tls_cert=cert, tls_key=key).tls


def test_the_environment_overrides_server_env(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (data / "server.env").write_text(f"LOANDESK_SERVER_SECRET={GOOD}\nLOANDESK_SERVER_PORT=9001\n")
    monkeypatch.delenv("LOANDESK_SERVER_SECRET", raising=False)
    assert load(data).port == 9001
    monkeypatch.setenv("LOANDESK_SERVER_PORT", "9002")
    assert load(data).port == 9002
    monkeypatch.setenv("LOANDESK_SERVER_SECRET", "changeme")
    with pytest.raises(SettingsError, match="it contains 'changeme'"):
        load(data)


def test_serve_refuses_a_public_address_without_tls(tmp_path: Path) -> None:
    data = tmp_path / "server"
    cli_ok("init", "--data", str(data))
    result = cli(
        "serve", "--data", str(data), "--host", "0.0.0.0", "--port", "0", "--insecure-http"
    )
    assert result.returncode == 1
    assert result.stderr.startswith("The server cannot start: Plain HTTP is only served on a ")
    assert "Uvicorn running" not in result.stderr


def test_serve_refuses_a_placeholder_secret_from_the_environment(tmp_path: Path) -> None:
    data = tmp_path / "server"
    cli_ok("init", "--data", str(data))
    result = cli("serve", "--data", str(data), "--port", "0", LOANDESK_SERVER_SECRET="changeme")
    assert result.returncode == 1
    assert "LOANDESK_SERVER_SECRET cannot be used: it contains 'changeme'" in result.stderr
