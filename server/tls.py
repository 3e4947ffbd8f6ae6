"""The branch's private CA and the server's certificate, kept as PEM files in the data dir.

Workstations pin the CA at enrolment, so the server's certificate can be
renewed (or reissued for new names) without touching them again.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from server.errors import ServerError

CA_CERT = "ca.pem"
CA_KEY = "ca-key.pem"
SERVER_CERT = "server.pem"
SERVER_KEY = "server-key.pem"
CA_LIFETIME = timedelta(days=3650)
#: the longest lifetime clients accept for a server certificate (Apple's rule, followed widely)
SERVER_LIFETIME = timedelta(days=825)
#: backdating, so a workstation whose clock is a little behind still accepts a fresh certificate
_SKEW = timedelta(hours=1)
#: always in the server certificate: the names a development client on the machine uses
ALWAYS = ("localhost", "127.0.0.1")
_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")


class TlsError(ServerError):
    """The CA or certificate files cannot be made or read."""


@dataclass(frozen=True)
class Certificate:
    """What an administrator is told about the server's certificate and its CA."""

    names: tuple[str, ...]
    not_after: datetime
    ca_fingerprint: str
    ca_not_after: datetime
    made_ca: bool
    made_server: bool


def fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 over the certificate's DER, as ``openssl x509 -fingerprint -sha256`` shows it."""
    digest = hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2)).upper()


def host_names(given: Iterable[str]) -> tuple[str, ...]:
    """The names for the certificate: ``given`` checked and tidied, then localhost and 127.0.0.1."""
    names: list[str] = []
    for raw in (*given, *ALWAYS):
        name = _host_name(raw)
        if name not in names:
            names.append(name)
    return tuple(names)


def _host_name(raw: str) -> str:
    name = raw.strip().strip("[]").lower().removesuffix(".")
    try:
        return str(ipaddress.ip_address(name))
    except ValueError:
        pass
    labels = name.split(".")
    if len(name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise TlsError(
            f"{raw!r} is not a host name or IP address a certificate can name "
            "(letters, digits, hyphens and dots, such as branch-server or 10.0.0.5)."
        )
    return name


def read_ca(data: Path) -> str | None:
    """The CA certificate's PEM as workstations download it, or None when there is none."""
    path = data / CA_CERT
    return path.read_text(encoding="ascii") if path.is_file() else None


def ca_fingerprint(data: Path) -> str | None:
    """The fingerprint workstations check at enrolment, or None when the data dir has no CA."""
    path = data / CA_CERT
    return fingerprint(_load_certificate(path)) if path.is_file() else None


def ensure(data: Path, names: Sequence[str]) -> Certificate:
    """Make the CA and the server certificate where absent; keep what is there."""
    ca_files = [data / CA_CERT, data / CA_KEY]
    server_files = [data / SERVER_CERT, data / SERVER_KEY]
    made_ca = not any(path.exists() for path in ca_files)
    if made_ca:
        if any(path.exists() for path in server_files):
            raise TlsError(
                f"{data} holds a server certificate but no CA: move {SERVER_CERT} and "
                f"{SERVER_KEY} away, and run init again to make both."
            )
        _make_ca(data)
    made_server = not all(path.exists() for path in server_files)
    if made_server:
        _issue(data, host_names(names))
    return _describe(data, made_ca=made_ca, made_server=made_server)


def renew(data: Path, names: Sequence[str]) -> Certificate:
    """A new server certificate from the same CA, for ``names`` (default: the current ones)."""
    if not names and (data / SERVER_CERT).is_file():
        names = current_names(data)
    _issue(data, host_names(names))
    return _describe(data, made_ca=False, made_server=True)


def current_names(data: Path) -> tuple[str, ...]:
    """The host names and addresses the server's certificate names now."""
    certificate = _load_certificate(data / SERVER_CERT)
    try:
        names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return ()
    return tuple(str(name.value) for name in names.value)


def _describe(data: Path, *, made_ca: bool, made_server: bool) -> Certificate:
    ca = _load_certificate(data / CA_CERT)
    server = _load_certificate(data / SERVER_CERT)
    return Certificate(
        names=current_names(data),
        not_after=server.not_valid_after_utc,
        ca_fingerprint=fingerprint(ca),
        ca_not_after=ca.not_valid_after_utc,
        made_ca=made_ca,
        made_server=made_server,
    )


def _make_ca(data: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "LoanDesk"),
            x509.NameAttribute(
                NameOID.COMMON_NAME, f"LoanDesk branch CA {now:%Y-%m-%d} {secrets.token_hex(4)}"
            ),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _SKEW)
        .not_valid_after(now + CA_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    # The key first: a CA certificate without its key could never issue anything.
    _write(data / CA_KEY, _key_pem(key), private=True)
    _write(data / CA_CERT, certificate.public_bytes(serialization.Encoding.PEM), private=False)


def _issue(data: Path, names: tuple[str, ...]) -> None:
    ca, ca_key = _load_ca(data)
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    alternatives: list[x509.GeneralName] = []
    for name in names:
        try:
            alternatives.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            alternatives.append(x509.DNSName(name))
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _SKEW)
        .not_valid_after(min(now + SERVER_LIFETIME, ca.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(alternatives), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write(data / SERVER_KEY, _key_pem(key), private=True)
    _write(data / SERVER_CERT, certificate.public_bytes(serialization.Encoding.PEM), private=False)


def _usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _load_ca(data: Path) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    ca = _load_certificate(data / CA_CERT)
    if not (data / CA_KEY).is_file():
        raise TlsError(
            f"{data / CA_KEY} is missing: a certificate is issued with the CA's key. Put it "
            "back, or move the CA files away and run init to make a new CA (every workstation "
            "is then enrolled again)."
        )
    try:
        key = serialization.load_pem_private_key((data / CA_KEY).read_bytes(), password=None)
    except (ValueError, TypeError):
        raise TlsError(f"{data / CA_KEY} is not an unencrypted PEM private key.") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.public_key() != ca.public_key():
        raise TlsError(f"{data / CA_KEY} is not the key of the CA in {data / CA_CERT}.")
    return ca, key


def _load_certificate(path: Path) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(path.read_bytes())
    except FileNotFoundError:
        raise TlsError(f"{path} is missing: run `loandesk-server init` to make it.") from None
    except ValueError:
        raise TlsError(f"{path} is not a PEM certificate.") from None


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write(path: Path, content: bytes, *, private: bool) -> None:
    """Write beside ``path`` and rename over it: a reader sees the old file or the new, whole."""
    fresh = path.with_name(f".{path.name}.new")
    fresh.unlink(missing_ok=True)
    # A key is 0600 from its first byte, whatever the umask.
    fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())
    os.replace(fresh, path)
