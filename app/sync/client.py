"""The branch server as the workstation speaks to it: enrol, push, health (HTTP, JSON).

Errors are said in words for the person at the desk. A server that cannot be
reached is not a failure of their work: it stays on the workstation and goes
up when the line is back.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from app.errors import UserError

#: what a request may take before the workstation says the server is not answering
TIMEOUT_S = 20.0
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class ServerUnreachable(UserError):
    """The branch server did not answer (network down, server stopped, wrong address)."""

    code = "sync.unreachable"


class ServerRefused(UserError):
    """The branch server answered and refused, with its reason."""

    code = "sync.refused"

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Ack:
    id: str
    server_seq: int


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


class ServerClient:
    def __init__(self, base_url: str, token: str | None = None) -> None:
        self.base_url = check_address(base_url)
        self._token = token

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        try:
            with httpx.Client(base_url=self.base_url, timeout=TIMEOUT_S) as http:
                response = http.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise ServerUnreachable(
                f"The branch server at {self.base_url} cannot be reached ({_why(exc)}). "
                "Your work is kept here and goes up when the line is back."
            ) from None
        if response.status_code >= 400:
            raise ServerRefused(_detail(response), response.status_code)
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

    def enrol(self, code: str, device_id: str, name: str) -> str:
        """Register this device with a one-time code; the device's token."""
        body = self._request(
            "POST", "/v1/enrol", json={"code": code, "device_id": device_id, "name": name}
        )
        return str(body["token"])

    def push(self, events: list[bytes]) -> list[Ack]:
        """Send events in device order; all or none are stored; a resend is harmless."""
        payload = {"events": [base64.b64encode(data).decode("ascii") for data in events]}
        body = self._request("POST", "/v1/events", json=payload)
        return [Ack(str(a["id"]), int(a["server_seq"])) for a in body["acks"]]


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
