"""TLS by default: `init` makes a private CA and a server certificate, workstations pin the CA."""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import shutil
import ssl
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID

from app.errors import UserError
from app.services.cases import CaseService
from app.services.profile import Profile
from app.services.sync import CA, SERVER, TOKEN, SyncService
from app.sync.client import ServerClient, ServerNotTrusted
from tests.cli.runner import loandesk
from tests.cli.runner import ok as loandesk_ok
from tests.conftest import secret, sign_in
from tests.domain.builders import Device
from tests.server.conftest import Branch
from tests.server.process import cli, cli_ok, trusting

FINGERPRINT_LINE = "The branch CA's fingerprint (SHA-256): "


@pytest.fixture
def tls_branch(tmp_path: Path) -> Iterator[Branch]:
    """A branch server on SQLite, serving HTTPS with the certificate `init` made."""
    made = Branch(tmp_path / "branch", f"sqlite+pysqlite:///{tmp_path / 'branch.db'}", {}, tls=True)
    try:
        made.start()
        yield made
    finally:
        made.close()


def _certificate(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def _der(path: Path) -> bytes:
    return ssl.PEM_cert_to_DER_cert(path.read_text())


def _sha256_hex(path: Path) -> str:
    """The reference fingerprint: SHA-256 over the DER, with the standard library only."""
    return hashlib.sha256(_der(path)).hexdigest()


def _printed_fingerprint(output: str) -> str:
    (line,) = [line for line in output.splitlines() if line.startswith(FINGERPRINT_LINE)]
    return line.removeprefix(FINGERPRINT_LINE)


def _san(certificate: x509.Certificate) -> set[str]:
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return {*names.get_values_for_type(x509.DNSName)} | {
        str(ip) for ip in names.get_values_for_type(x509.IPAddress)
    }


def _own_events(profile: Profile) -> list[bytes]:
    return profile.store.device_events(profile.device_id, after_seq=0, limit=10_000)


def _events_on_server(branch: Branch) -> list[bytes]:
    """Every event the server holds, read by another device that trusts only the branch CA."""
    device = Device()
    with httpx.Client(
        base_url=branch.url, verify=trusting(branch.data / "ca.pem"), timeout=60
    ) as client:
        enrolled = client.post(
            "/v1/enrol",
            json={"code": branch.code("reader"), "device_id": device.device, "name": "reader"},
        )
        assert enrolled.status_code == 200, enrolled.text
        token = secret(enrolled.json()["token"])
        page = client.get(
            "/v1/events",
            params={"since": 0, "limit": 1000},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
    assert not page["more"]
    return [base64.b64decode(item) for item in page["events"]]


def _sync_meta(profile: Profile) -> list[str | None]:
    return [profile.store.meta(key) for key in (SERVER, TOKEN, CA)]


def _restart_at_the_same_address(branch: Branch, profile: Profile) -> None:
    """Restart the server; a branch's keeps its address, the test's gets a new port."""
    branch.process.stop()
    branch.start()
    with profile.store.writing() as tx:
        tx.set_meta(SERVER, branch.url)


def test_init_makes_a_private_ca_and_a_server_certificate_it_signed(tmp_path: Path) -> None:
    data = tmp_path / "server"
    out = cli_ok("init", "--data", str(data), "--name", "Branch-Server", "--name", "10.1.2.3")

    ca, server = _certificate(data / "ca.pem"), _certificate(data / "server.pem")
    constraints = ca.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical
    assert constraints.value.ca
    assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    ca.verify_directly_issued_by(ca)
    server.verify_directly_issued_by(ca)
    assert not server.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    usage = server.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.SERVER_AUTH in usage
    for certificate in (ca, server):
        key = certificate.public_key()
        assert isinstance(key, ec.EllipticCurvePublicKey)
        assert key.curve.name == "secp256r1"

    now = datetime.now(UTC)
    assert ca.not_valid_before_utc <= now <= ca.not_valid_after_utc
    assert abs(ca.not_valid_after_utc - (now + timedelta(days=3650))) < timedelta(hours=1)
    assert abs(server.not_valid_after_utc - (now + timedelta(days=825))) < timedelta(hours=1)
    assert _san(server) == {"branch-server", "10.1.2.3", "localhost", "127.0.0.1"}
    ip_names = server.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    assert ipaddress.ip_address("10.1.2.3") in ip_names.value.get_values_for_type(x509.IPAddress)

    for key_file, certificate in (("ca-key.pem", ca), ("server-key.pem", server)):
        assert stat.S_IMODE((data / key_file).stat().st_mode) == 0o600
        private = serialization.load_pem_private_key((data / key_file).read_bytes(), None)
        assert private.public_key() == certificate.public_key()

    printed = _printed_fingerprint(out)
    assert printed.replace(":", "").lower() == _sha256_hex(data / "ca.pem")
    assert printed == printed.upper()
    assert len(printed.split(":")) == 32

    files = ("ca.pem", "ca-key.pem", "server.pem", "server-key.pem")
    before = {name: (data / name).read_bytes() for name in files}
    again = cli_ok("init", "--data", str(data), "--name", "another-name")
    assert {name: (data / name).read_bytes() for name in files} == before
    assert _printed_fingerprint(again) == printed
    assert "tls renew" in again, "a new name on a re-run points to renew"


def test_init_refuses_a_name_no_certificate_can_carry_and_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "server"
    result = cli("init", "--data", str(data), "--name", "branch server")
    assert result.returncode == 1
    assert result.stderr.startswith("'branch server' is not a host name or IP address")
    assert not data.exists()


def test_serve_needs_the_certificate_or_says_insecure_http(tmp_path: Path) -> None:
    data = tmp_path / "server"
    cli_ok("init", "--data", str(data))
    (data / "server.pem").unlink()
    result = cli("serve", "--data", str(data), "--port", "0")
    assert result.returncode == 1
    assert result.stderr.startswith(f"The server cannot start: {data} has no certificate")
    assert "--insecure-http" in result.stderr


def test_the_server_serves_https_by_default_and_a_client_trusting_its_ca_connects(
    tls_branch: Branch, tmp_path: Path
) -> None:
    assert tls_branch.url.startswith("https://127.0.0.1:")
    port = int(tls_branch.url.rsplit(":", 1)[1])
    served = ssl.get_server_certificate(("127.0.0.1", port))
    assert ssl.PEM_cert_to_DER_cert(served) == _der(tls_branch.data / "server.pem")
    for host in ("127.0.0.1", "localhost"):
        answer = httpx.get(
            f"https://{host}:{port}/v1/health", verify=trusting(tls_branch.data / "ca.pem")
        )
        assert answer.json()["status"] == "ok"
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{port}/v1/health")  # no plain HTTP beside it

    ca = httpx.get(f"{tls_branch.url}/v1/ca", verify=trusting(tls_branch.data / "ca.pem"))
    assert ca.headers["content-type"].startswith("application/x-pem-file")
    assert ssl.PEM_cert_to_DER_cert(ca.text) == _der(tls_branch.data / "ca.pem")

    other = tmp_path / "other"
    cli_ok("init", "--data", str(other))
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{tls_branch.url}/v1/health", verify=trusting(other / "ca.pem"))
    pinned_elsewhere = ServerClient(tls_branch.url, ca_pem=(other / "ca.pem").read_text())
    with pytest.raises(ServerNotTrusted) as refused:
        pinned_elsewhere.health()
    assert str(refused.value).startswith(
        "The branch server's certificate is not the one this workstation was enrolled with: "
        "it was not issued by the branch CA pinned at enrolment."
    )
    with pytest.raises(ServerNotTrusted, match="holds no CA for the branch server"):
        ServerClient(tls_branch.url)


def test_enrolment_by_fingerprint_pins_the_ca_and_events_go_up_over_https(
    profile: Profile, tls_branch: Branch
) -> None:
    sign_in(profile)
    code_out = cli_ok("enrol-device", "--data", str(tls_branch.data), "--name", "front desk")
    printed = _printed_fingerprint(code_out)
    assert printed.replace(":", "").lower() == _sha256_hex(tls_branch.data / "ca.pem")

    sync = SyncService(profile)
    # As typed by someone reading it off a screen: lower case, no colons.
    typed = printed.replace(":", "").lower()
    status = sync.enrol(tls_branch.url, code_out.splitlines()[0], "front desk", fingerprint=typed)
    assert status.server == tls_branch.url
    pinned = profile.store.meta(CA)
    assert pinned is not None
    assert ssl.PEM_cert_to_DER_cert(pinned) == _der(tls_branch.data / "ca.pem")

    cases = CaseService(profile)
    for name in ("陈静", "Wang Fang"):
        cases.open_case({"full_name": name})
    mine = _own_events(profile)
    assert sync.push().sent == len(mine)
    assert sync.status().pending == 0
    assert _events_on_server(tls_branch) == mine


def test_a_wrong_fingerprint_is_refused_and_nothing_is_stored(
    profile: Profile, tls_branch: Branch, tmp_path: Path
) -> None:
    sign_in(profile)
    other = tmp_path / "other"
    cli_ok("init", "--data", str(other))
    wrong = _printed_fingerprint(cli_ok("enrol-device", "--data", str(other), "--name", "x"))
    right = _printed_fingerprint(
        cli_ok("enrol-device", "--data", str(tls_branch.data), "--name", "x")
    )
    assert wrong != right
    code = tls_branch.code("front desk")
    sync = SyncService(profile)
    with pytest.raises(ServerNotTrusted) as refused:
        sync.enrol(tls_branch.url, code, "front desk", fingerprint=wrong)
    message = str(refused.value)
    assert message.startswith("The branch server's certificate is not the one this workstation")
    assert f"its CA's fingerprint is {right}, not the one given" in message
    assert "Nothing was stored" in message
    with pytest.raises(UserError, match="64 hexadecimal digits"):
        sync.enrol(tls_branch.url, code, "front desk", fingerprint=right[:-3])
    assert _sync_meta(profile) == [None, None, None]

    # The refusals never reached enrolment: the code still serves, once.
    sync.enrol(tls_branch.url, code, "front desk", fingerprint=right)
    assert None not in _sync_meta(profile)


def test_enrolment_over_https_takes_the_ca_one_way_and_only_a_ca(
    profile: Profile, tls_branch: Branch
) -> None:
    sign_in(profile)
    sync = SyncService(profile)
    code = tls_branch.code("front desk")
    ca_pem = (tls_branch.data / "ca.pem").read_text()
    fingerprint = _sha256_hex(tls_branch.data / "ca.pem")
    refusals = [
        ({}, "pins its CA"),
        ({"ca_pem": ca_pem, "fingerprint": fingerprint}, "not both"),
        ({"ca_pem": (tls_branch.data / "server.pem").read_text()}, "a server's, not a CA's"),
        ({"ca_pem": "not a certificate"}, "not a CA certificate in PEM form"),
    ]
    for kwargs, words in refusals:
        with pytest.raises(UserError, match=words):
            sync.enrol(tls_branch.url, code, "front desk", **kwargs)
    plain = tls_branch.url.replace("https://", "http://")
    with pytest.raises(UserError, match="no certificate to pin"):
        sync.enrol(plain, code, "front desk", fingerprint=fingerprint)
    assert _sync_meta(profile) == [None, None, None]

    sync.enrol(tls_branch.url, code, "front desk", ca_pem=ca_pem)
    assert profile.store.meta(CA) == ca_pem


def test_a_server_with_a_certificate_from_another_ca_is_refused_in_words(
    profile: Profile, tls_branch: Branch, tmp_path: Path
) -> None:
    sign_in(profile)
    sync = SyncService(profile)
    ca_pem = (tls_branch.data / "ca.pem").read_text()
    sync.enrol(tls_branch.url, tls_branch.code("front desk"), "front desk", ca_pem=ca_pem)
    CaseService(profile).open_case({"full_name": "陈静"})
    waiting = sync.status().pending

    # Another machine answers at the address with a certificate from a CA of its own.
    impostor = tmp_path / "impostor"
    cli_ok("init", "--data", str(impostor))
    for name in ("server.pem", "server-key.pem", "ca.pem"):
        shutil.copy(impostor / name, tls_branch.data / name)
    assert (tls_branch.data / "ca.pem").read_text() != ca_pem
    _restart_at_the_same_address(tls_branch, profile)

    with pytest.raises(ServerNotTrusted) as refused:
        sync.push()
    assert str(refused.value).startswith(
        "The branch server's certificate is not the one this workstation was enrolled with: "
        "it was not issued by the branch CA pinned at enrolment. Nothing was sent."
    )
    assert sync.status().pending == waiting


def test_tls_renew_makes_a_new_certificate_the_pinned_workstation_accepts(
    profile: Profile, tls_branch: Branch
) -> None:
    sign_in(profile)
    sync = SyncService(profile)
    data = tls_branch.data
    fingerprint = _sha256_hex(data / "ca.pem")
    sync.enrol(tls_branch.url, tls_branch.code("front desk"), "front desk", fingerprint=fingerprint)
    CaseService(profile).open_case({"full_name": "陈静"})
    assert sync.push().sent == len(_own_events(profile))

    ca_files = {name: (data / name).read_bytes() for name in ("ca.pem", "ca-key.pem")}
    old = _certificate(data / "server.pem")
    old_key = (data / "server-key.pem").read_bytes()
    out = cli_ok("tls", "renew", "--data", str(data), "--name", "branch-2")
    new = _certificate(data / "server.pem")
    assert new.serial_number != old.serial_number
    assert (data / "server-key.pem").read_bytes() != old_key
    assert stat.S_IMODE((data / "server-key.pem").stat().st_mode) == 0o600
    assert _san(new) == {"branch-2", "localhost", "127.0.0.1"}
    new.verify_directly_issued_by(_certificate(data / "ca.pem"))
    assert {name: (data / name).read_bytes() for name in ca_files} == ca_files
    assert _printed_fingerprint(out).replace(":", "").lower() == fingerprint

    # Without --name the new certificate keeps the names it had.
    cli_ok("tls", "renew", "--data", str(data))
    assert _san(_certificate(data / "server.pem")) == {"branch-2", "localhost", "127.0.0.1"}

    _restart_at_the_same_address(tls_branch, profile)
    port = int(tls_branch.url.rsplit(":", 1)[1])
    served = ssl.get_server_certificate(("127.0.0.1", port))
    assert ssl.PEM_cert_to_DER_cert(served) == _der(data / "server.pem")
    CaseService(profile).open_case({"full_name": "Wang Fang"})
    waiting = sync.status().pending
    assert waiting > 0
    assert sync.push().sent == waiting
    assert _events_on_server(tls_branch) == _own_events(profile)


def test_the_workstation_command_enrols_with_the_ca_file_and_pushes(
    tls_branch: Branch, tmp_path: Path
) -> None:
    loandesk_ok("init", "--admin", "admin", "--name", "Branch Admin")
    ca_file = tmp_path / "copied-ca.pem"
    shutil.copy(tls_branch.data / "ca.pem", ca_file)
    code = tls_branch.code("desk")
    enrolled = loandesk_ok(
        "sync", "enrol", tls_branch.url, "--code", code, "--name", "desk", "--ca", str(ca_file)
    )
    assert f"Enrolled with {tls_branch.url}" in enrolled
    assert "The branch CA is pinned" in enrolled
    assert loandesk_ok("sync", "push").startswith("Sent ")

    wrong = loandesk(
        "sync",
        "enrol",
        tls_branch.url,
        "--code",
        tls_branch.code("desk"),
        "--name",
        "desk",
        "--fingerprint",
        "ab" * 32,
    )
    assert wrong.returncode == 1
    assert "is not the one this workstation is being enrolled with" in wrong.stderr
