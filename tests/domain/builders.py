"""Real events for domain tests, chained as one device would make them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.domain.events import Event, EventType, format_time
from app.domain.ids import new_id


class Device:
    """Makes one device's events: gap-free ``device_seq``, ``prev`` chained."""

    def __init__(self) -> None:
        self.device = new_id()
        self.actor = new_id()
        self.seq = 0
        self.prev: str | None = None
        self.start = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)

    def emit(
        self,
        event_type: EventType,
        payload: dict[str, Any],
        *,
        case_id: str | None,
        parent: str | None = None,
    ) -> Event:
        self.seq += 1
        event = Event.create(
            id=new_id(),
            case_id=case_id,
            type=event_type,
            payload=payload,
            actor=self.actor,
            device=self.device,
            device_seq=self.seq,
            at=format_time(self.start + timedelta(seconds=self.seq)),
            parent=parent,
            prev=self.prev,
        )
        self.prev = event.hash
        return event
