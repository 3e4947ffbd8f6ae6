"""The branch server as the workstation speaks to it: enrol, push, pull, health (HTTP, JSON).

Errors are said in words for the person at the desk. A server that cannot be
reached is not a failure of their work: it stays on the workstation and goes
up when the line is back. Over HTTPS the server must show a certificate from
the branch CA pinned at enrolment; the system's CAs are never consulted.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from app.errors import UserError

#: what a request may take before the workstation says the server is not answering
TIMEOUT_S = 20.0
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}
#: OpenSSL's verify codes for "no chain to a trusted CA"
_NOT_FROM_CA = {2, 18, 19, 20, 21}
_EXPIRED, _NOT_YET_VALID, _HOSTNAME_MISMATCH = 10, 9, 62


class ServerUnreachable(UserError):
    """The branch server did not answer (network down, server stopped, wrong address)."""

    code = "sync.unreachable"


class ServerRefused(UserError):
    """The branch server answered and refused, with its reason."""

    code = "sync.refused"

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class ServerNotTrusted(UserError):
    """The server's certificate is not from the pinned CA (or the CA not the one named)."""

    code = "sync.untrusted"


@dataclass(frozen=True)
class Ack:
    id: str
    server_seq: int
    #: why the branch refused to apply the event (it keeps it in the chain); None: applied
    refused: str | None = None


@dataclass(frozen=True)
class Secrets:
    """A user's password hash and wrapped signing key, and the PasswordSet they belong to."""

    user_id: str
    event_id: str
    password_hash: str
    wrapped_key: bytes
    must_change: bool


@dataclass(frozen=True)
class Page:
    """A page of the server's events: their bytes, the next cursor, the chain there."""

    events: list[bytes]
    #: the server_seq of each event
    seqs: list[int]
    #: why the branch refused each event; None: applied
    refused: list[str | None]
    next: int
    head: str | None
    more: bool = False


def check_address(url: str) -> str:
    """``url`` without a trailing slash; plain HTTP only to this machine."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError(
            f"{url!r} is not a server address: write it as https://server:port.",
            code="sync.address",
        )
    if parts.scheme == "http" and parts.hostname not in _LOOPBACK:
        raise UserError(
            "A branch server elsewhere is reached over HTTPS only; plain HTTP is for a "
            "server on this machine.",
            code="sync.plain_http",
        )
    return url.strip().rstrip("/")


def is_https(url: str) -> bool:
    return urlsplit(url).scheme == "https"


def ca_certificates(pem: str) -> str:
    """``pem`` tidied, once it holds only CA certificates; refused in words otherwise."""
    try:
        found = x509.load_pem_x509_certificates(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        found = []
    if not found:
        raise UserError(
            "That is not a CA certificate in PEM form: give the server's ca.pem.",
            code="sync.ca_file",
        )
    for certificate in found:
        try:
            is_ca = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        except x509.ExtensionNotFound:
            is_ca = False
        if not is_ca:
            raise UserError(
                "That certificate is a server's, not a CA's: give the server's ca.pem "
                "(not server.pem).",
                code="sync.ca_file",
            )
    return "".join(c.public_bytes(Encoding.PEM).decode("ascii") for c in found)


def fingerprint(pem: str) -> str:
    """SHA-256 over the first certificate's DER, as ``loandesk-server init`` prints it."""
    first = x509.load_pem_x509_certificate(pem.encode("ascii"))
    digest = hashlib.sha256(first.public_bytes(Encoding.DER)).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def same_fingerprint(given: str, actual: str) -> bool:
    """Whether ``given`` (as typed: any case, colons or not) is ``actual``."""
    typed = "".join(given.split()).replace(":", "").upper()
    if len(typed) != 64 or any(c not in "0123456789ABCDEF" for c in typed):
        raise UserError(
            "A fingerprint is the 64 hexadecimal digits `loandesk-server init` prints "
            "(with or without colons).",
            code="sync.fingerprint",
        )
    return typed == actual.replace(":", "")


def download_ca(base_url: str, expected_fingerprint: str) -> str:
    """The server's CA from GET /v1/ca, once its fingerprint is the one the admin was told.

    The connection is not verified (nothing is pinned yet): the fingerprint is the check.
    """
    address = check_address(base_url)
    try:
        with httpx.Client(base_url=address, timeout=TIMEOUT_S, verify=False) as http:
            response = http.get("/v1/ca")
    except httpx.HTTPError as exc:
        raise _unreachable(address, exc) from None
    if response.status_code >= 400:
        raise ServerRefused(_detail(response), response.status_code)
    pem = ca_certificates(response.text)
    actual = fingerprint(pem)
    if pem.count("BEGIN CERTIFICATE") != 1 or not same_fingerprint(expected_fingerprint, actual):
        raise ServerNotTrusted(
            "The branch server's certificate is not the one this workstation is being "
            f"enrolled with: its CA's fingerprint is {actual}, not the one given. Nothing "
            "was stored; check the address and the fingerprint with the server's "
            "administrator."
        )
    return pem


class ServerClient:
    """Requests to one server; over HTTPS, trusting only the CA in ``ca_pem``."""

    def __init__(self, base_url: str, token: str | None = None, ca_pem: str | None = None) -> None:
        self.base_url = check_address(base_url)
        self._token = token
        self._verify: ssl.SSLContext | bool = True
        if is_https(self.base_url):
            if ca_pem is None:
                raise ServerNotTrusted(
                    "This workstation holds no CA for the branch server, so it cannot tell "
                    "the server from an impostor: an administrator enrols it again with the "
                    "server's CA (loandesk sync enrol … --ca FILE or --fingerprint)."
                )
            self._verify = ssl.create_default_context(cadata=ca_certificates(ca_pem))
        #: one connection for all the requests of a sync: one TLS handshake, not one each
        self._http: httpx.Client | None = None

    def __enter__(self) -> ServerClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def _raw(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        headers.update(kwargs.pop("headers", {}))
        try:
            if self._http is None:
                self._http = httpx.Client(
                    base_url=self.base_url, timeout=TIMEOUT_S, verify=self._verify
                )
            response = self._http.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            self.close()  # a broken connection is not reused
            raise _unreachable(self.base_url, exc) from None
        if response.status_code >= 400:
            raise ServerRefused(_detail(response), response.status_code)
        return response

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._raw(method, path, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise ServerRefused(
                f"The branch server at {self.base_url} answered something that is not "
                "LoanDesk's: check the address.",
                response.status_code,
            ) from None

    def health(self) -> str:
        """The server's schema revision, once it says it is well."""
        body = self._request("GET", "/v1/health")
        return str(body.get("schema_revision", ""))

    def enrol(
        self, code: str, device_id: str, name: str, users: dict[str, str] | None = None
    ) -> str:
        """Register this device with a one-time code; the device's token.

        ``users`` (user id to user name) lets the server refuse a workstation
        whose user names other people of the branch hold.
        """
        claims = [{"user_id": k, "username": v} for k, v in sorted((users or {}).items())]
        body = self._request(
            "POST",
            "/v1/enrol",
            json={"code": code, "device_id": device_id, "name": name, "users": claims},
        )
        return str(body["token"])

    def push(self, events: list[bytes]) -> list[Ack]:
        """Send events in device order; all or none are stored; a resend is harmless."""
        payload = {"events": [base64.b64encode(data).decode("ascii") for data in events]}
        body = self._request("POST", "/v1/events", json=payload)
        try:
            return [
                Ack(str(a["id"]), int(a["server_seq"]), _reason(a.get("refused")))
                for a in body["acks"]
            ]
        except (KeyError, TypeError, ValueError):
            raise ServerRefused(
                f"The branch server at {self.base_url} answered a push with something this "
                "workstation cannot read; nothing is marked as sent. Tell the branch's IT.",
                200,
            ) from None

    def put_credentials(self, secrets: Secrets) -> None:
        """Hand the branch a user's credentials, set at this desk, for the other desks."""
        self._request(
            "PUT",
            "/v1/credentials",
            json={
                "user_id": secrets.user_id,
                "event_id": secrets.event_id,
                "password_hash": secrets.password_hash,
                "wrapped_key": base64.b64encode(secrets.wrapped_key).decode("ascii"),
                "must_change": secrets.must_change,
            },
        )

    def credentials(self) -> list[Secrets]:
        """Every user's credentials of their current password, as the branch holds them."""
        body = self._request("GET", "/v1/credentials")
        try:
            return [
                Secrets(
                    str(c["user_id"]),
                    str(c["event_id"]),
                    str(c["password_hash"]),
                    base64.b64decode(c["wrapped_key"], validate=True),
                    bool(c["must_change"]),
                )
                for c in body["credentials"]
            ]
        except (KeyError, TypeError, ValueError, binascii.Error):
            raise ServerRefused(
                f"The branch server at {self.base_url} sent users' credentials this "
                "workstation cannot read; none were taken. Tell the branch's IT.",
                200,
            ) from None

    def missing_blobs(self, names: list[str]) -> list[str]:
        """Those of ``names`` the server does not hold whole."""
        body = self._request("POST", "/v1/blobs/missing", json={"sha256": names})
        return [str(name) for name in body["missing"]]

    def blob_progress(self, name: str) -> int:
        """How many bytes of blob ``name`` the server holds: where sending resumes."""
        body = self._request("GET", f"/v1/blobs/{name}/progress")
        return int(body["received"])

    def put_blob_piece(
        self, name: str, *, offset: int, size: int, media_type: str, piece: bytes
    ) -> int:
        """Send one piece of a blob; the bytes the server then holds."""
        body = self._request(
            "PUT",
            f"/v1/blobs/{name}",
            params={"offset": offset, "size": size, "media_type": media_type},
            content=piece,
            headers={"Content-Type": "application/octet-stream"},
        )
        return int(body["received"])

    def blob_piece(self, name: str, *, offset: int, length: int) -> tuple[bytes, int, str]:
        """A piece of blob ``name`` from ``offset``: its bytes, the blob's size and type."""
        response = self._raw(
            "GET", f"/v1/blobs/{name}", params={"offset": offset, "length": length}
        )
        try:
            size = int(response.headers["X-Blob-Size"])
            media_type = str(response.headers["X-Blob-Type"])
        except (KeyError, ValueError):
            raise ServerRefused(
                f"The branch server at {self.base_url} sent a blob without its size; "
                "nothing was kept. Tell the branch's IT.",
                response.status_code,
            ) from None
        return response.content, size, media_type

    def published_models(self) -> tuple[str | None, list[tuple[str, str, int]]]:
        """The branch's published model set: its name and (file, sha256, size) of each."""
        body = self._request("GET", "/v1/models")
        try:
            files = [(str(f["name"]), str(f["sha256"]), int(f["size"])) for f in body["files"]]
            set_id = body["id"]
        except (KeyError, TypeError, ValueError):
            raise self._unreadable("its models") from None
        return (None if set_id is None else str(set_id)), files

    def rules_in_force(self) -> list[tuple[str, int, str, str]]:
        """The branch's published products and authority: (kind, seq, version, sha256) each."""
        body = self._request("GET", "/v1/rules")
        try:
            return [
                (str(r["kind"]), int(r["seq"]), str(r["version"]), str(r["sha256"]))
                for r in body["rules"]
            ]
        except (KeyError, TypeError, ValueError):
            raise self._unreadable("its products and authority matrix") from None

    def rules(self, kind: str) -> str:
        """The JSON text of the branch's ``kind`` in force."""
        body = self._request("GET", f"/v1/rules/{kind}")
        try:
            return str(body["body"])
        except (KeyError, TypeError):
            raise self._unreadable(f"its {kind}") from None

    def _unreadable(self, what: str) -> ServerRefused:
        return ServerRefused(
            f"The branch server at {self.base_url} described {what} in a way this "
            "workstation cannot read. Tell the branch's IT.",
            200,
        )

    def model_file(self, set_id: str, name: str) -> bytes:
        return self._raw("GET", f"/v1/models/{set_id}/{name}").content

    def pull(self, since: int, limit: int) -> Page:
        """Everyone's events after the cursor ``since``, in server order."""
        body = self._request("GET", "/v1/events", params={"since": since, "limit": limit})
        page = _page(body, since)
        if page is None:
            raise ServerRefused(
                f"The branch server at {self.base_url} sent a page of events this "
                "workstation cannot read or that goes backwards; nothing was taken in. "
                "Tell the branch's IT.",
                200,
            )
        return page


def _page(body: Any, since: int) -> Page | None:
    """The page in ``body`` if it is whole and moves forward from ``since``; else None."""
    try:
        events = [base64.b64decode(item, validate=True) for item in body["events"]]
        seqs = [int(seq) for seq in body["seqs"]]
        refused = [_reason(reason) for reason in body["refused"]]
        head, more, cursor = body["head"], body["more"], int(body["next"])
    except (KeyError, TypeError, ValueError, binascii.Error):
        return None
    if (
        len(refused) != len(events)
        or len(seqs) != len(events)
        or seqs != sorted(set(seqs))
        or not isinstance(more, bool)
    ):
        return None
    if (seqs and (seqs[0] <= since or seqs[-1] != cursor)) or (not seqs and cursor != since):
        return None
    if head is not None and not isinstance(head, str):
        return None
    return Page(events, seqs, refused, cursor, head, more)


def _reason(value: object) -> str | None:
    """A refusal's reason as the server sent it: text, or None for none."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("a reason is text")
    return value[:1000]


def _unreachable(base_url: str, exc: httpx.HTTPError) -> UserError:
    refusal = _verify_error(exc)
    if refusal is not None:
        return ServerNotTrusted(_untrusted(base_url, refusal))
    return ServerUnreachable(
        f"The branch server at {base_url} cannot be reached ({_why(exc)}). "
        "Your work is kept here and goes up when the line is back."
    )


def _verify_error(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate check that failed beneath an httpx error, if that is what it was."""
    seen: BaseException | None = exc
    for _ in range(10):  # httpx wraps httpcore, which wraps ssl
        if seen is None or isinstance(seen, ssl.SSLCertVerificationError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _untrusted(base_url: str, error: ssl.SSLCertVerificationError) -> str:
    host = urlsplit(base_url).hostname
    if error.verify_code == _HOSTNAME_MISMATCH:
        return (
            f"The branch server's certificate does not name {host}: check the address, or an "
            f"administrator adds the name (loandesk-server tls renew --name {host}). "
            "Nothing was sent."
        )
    if error.verify_code in _NOT_FROM_CA:
        why = "it was not issued by the branch CA pinned at enrolment"
    elif error.verify_code == _EXPIRED:
        why = "it has expired (an administrator renews it: loandesk-server tls renew)"
    elif error.verify_code == _NOT_YET_VALID:
        why = "it is not valid yet (check this computer's clock)"
    else:
        why = str(error.verify_message)
    return (
        f"The branch server's certificate is not the one this workstation was enrolled "
        f"with: {why}. Nothing was sent. Another machine may be answering at {base_url}; "
        "if the branch server was set up anew, an administrator enrols this workstation again."
    )


def _why(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer within {TIMEOUT_S:.0f} seconds"
    if isinstance(exc, httpx.ConnectError):
        return "the connection was refused or the address is unknown"
    return "the connection broke off"


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    if isinstance(detail, str) and detail:
        return f"The branch server refused: {detail}"
    return f"The branch server refused the request (HTTP {response.status_code})."
