"""A workstation as the server sees it: an enrolled device making chained events over HTTP."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

import httpx

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
    next: int
    head: str | None
    pages: int


class Workstation:
    """One device with a token; makes a case's events in its own gap-free chain."""

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
        pages = 0
        while True:
            response = self.client.get("/v1/events", params={"since": since, "limit": limit})
            assert response.status_code == 200, response.text
            page = response.json()
            pages += 1
            events.extend(base64.b64decode(item) for item in page["events"])
            if page["more"]:
                assert len(page["events"]) == limit, "a page short of the limit said more"
            since = page["next"]
            if not page["more"]:
                return Pulled(events, page["next"], page["head"], pages)

    def close(self) -> None:
        self.client.close()
