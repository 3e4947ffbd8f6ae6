"""A workstation as the server sees it: an enrolled device making chained events over HTTP."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.domain.decisions import signed_message
from app.domain.events import Event, EventType
from app.domain.ids import new_id
from tests.domain.builders import Device


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def expected_chain(hashes: list[str]) -> str | None:
    """The server's documented chain, recomputed here: SHA-256(previous chain || hash)."""
    chain = b""
    for event_hash in hashes:
        chain = hashlib.sha256(chain + bytes.fromhex(event_hash)).digest()
    return chain.hex() if hashes else None


@dataclass
class Pulled:
    events: list[bytes]
    #: why the branch refused each event (None: applied)
    refused: list[str | None]
    next: int
    head: str | None
    pages: int


class Workstation:
    """One device with a token; makes a case's events in its own gap-free chain.

    Its actor is nobody the branch knows until ``seed`` makes them the device's
    first user, as a new profile does (the server refuses, but keeps, what an
    unknown actor sends).
    """

    def __init__(self, url: str, token: str, device: Device) -> None:
        self.device = device
        self.client = httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60
        )
        self.case_id = new_id()

    @property
    def device_id(self) -> str:
        return self.device.device

    def make(self, count: int) -> list[Event]:
        """The device's next ``count`` events: a case opened, then comments on it."""
        made = []
        for _ in range(count):
            if self.device.seq == 0:
                event = self.device.emit(
                    EventType.CASE_OPENED,
                    {"case_no": f"LD-T-{self.device.device[-6:].upper()}"},
                    case_id=self.case_id,
                )
            else:
                event = self.device.emit(
                    EventType.COMMENT_ADDED,
                    {"text": f"进度 note {self.device.seq + 1} from {self.device.device[-4:]}"},
                    case_id=self.case_id,
                )
            made.append(event)
        return made

    def seed(self, username: str, roles: list[str], tier: str | None = None) -> list[Event]:
        """The device's first events: a profile, its first user (this actor) and their key."""
        self.key = Ed25519PrivateKey.generate()
        public = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
        user: dict[str, Any] = {
            "user_id": self.device.actor,
            "username": username,
            "display_name": username.title(),
            "roles": roles,
        }
        if tier is not None:
            user["tier"] = tier
        made = [
            self.device.emit(
                EventType.PROFILE_CREATED,
                {"profile_id": new_id(), "name": f"{username} profile"},
                case_id=None,
            ),
            self.device.emit(EventType.USER_ADDED, user, case_id=None),
            self.device.emit(
                EventType.PASSWORD_SET,
                {"user_id": self.device.actor, "public_key": public},
                case_id=None,
            ),
        ]
        assert [a["refused"] for a in self.acks(made)] == [None, None, None]
        return made

    def sign(self, case_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        """``payload`` with this actor's public key and Ed25519 signature (after ``seed``)."""
        public = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
        unsigned = {**payload, "public_key": public, "signature": "00" * 64}
        signature = self.key.sign(signed_message(case_id, unsigned)).hex()
        return {**unsigned, "signature": signature}

    def push(self, events: list[Event]) -> httpx.Response:
        return self.push_raw([event.to_bytes() for event in events])

    def push_raw(self, bodies: list[bytes]) -> httpx.Response:
        return self.client.post("/v1/events", json={"events": [b64(body) for body in bodies]})

    def acks(self, events: list[Event]) -> list[dict[str, Any]]:
        response = self.push(events)
        assert response.status_code == 200, response.text
        acks: list[dict[str, Any]] = response.json()["acks"]
        return acks

    def pull_all(self, since: int = 0, limit: int = 1000) -> Pulled:
        """Every event after ``since``, page by page, checking ``more`` on each page."""
        events: list[bytes] = []
        refused: list[str | None] = []
        pages = 0
        while True:
            response = self.client.get("/v1/events", params={"since": since, "limit": limit})
            assert response.status_code == 200, response.text
            page = response.json()
            pages += 1
            events.extend(base64.b64decode(item) for item in page["events"])
            refused.extend(page["refused"])
            if page["more"]:
                assert len(page["events"]) == limit, "a page short of the limit said more"
            since = page["next"]
            if not page["more"]:
                return Pulled(events, refused, page["next"], page["head"], pages)

    def close(self) -> None:
        self.client.close()
