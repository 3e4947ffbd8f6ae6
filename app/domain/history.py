"""A case's history as a list of entries a screen can tell in plain words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.domain.events import EDIT_EVENTS, Event, EventType


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryEntry:
    event_id: str
    type: EventType
    at: str
    actor: str
    case_no: str | None = None
    changes: tuple[FieldChange, ...] = ()
    text: str | None = None
    #: a second piece of text (why a document was removed)
    detail: str | None = None
    #: what a risk model said: model_id, role, grade, pd, score
    risk: dict[str, Any] | None = None
    #: a step of the decision: routing, decision, completes, reasons, note, reason
    decision: dict[str, Any] | None = None
    #: the users a comment mentions (ids, in the order the text names them)
    mentions: tuple[str, ...] = ()
    #: what the applicant said: stage, rating (1-5), text
    feedback: dict[str, Any] | None = None


def history(events: Iterable[Event]) -> list[HistoryEntry]:
    """One entry per event, oldest first, with each field's value before and after."""
    values: dict[str, Any] = {}
    names: dict[str, str] = {}
    entries: list[HistoryEntry] = []
    for event in events:
        entry = HistoryEntry(event.id, event.type, event.at, event.actor)
        if event.type is EventType.CASE_OPENED:
            entry = HistoryEntry(**{**entry.__dict__, "case_no": event.payload["case_no"]})
        elif event.type in EDIT_EVENTS:
            fields: dict[str, Any] = event.payload["fields"]
            changes = tuple(
                FieldChange(name, values.get(name), new) for name, new in sorted(fields.items())
            )
            values.update(fields)
            entry = HistoryEntry(**{**entry.__dict__, "changes": changes})
        elif event.type is EventType.COMMENT_ADDED:
            mentions = tuple(event.payload.get("mentions", ()))
            entry = HistoryEntry(
                **{**entry.__dict__, "text": event.payload["text"], "mentions": mentions}
            )
        elif event.type is EventType.APPLICANT_FEEDBACK:
            said = {k: event.payload.get(k, "") for k in ("stage", "rating", "text")}
            entry = HistoryEntry(**{**entry.__dict__, "feedback": said})
        elif event.type is EventType.DOCUMENT_ATTACHED:
            names[event.payload["document_id"]] = event.payload["name"]
            entry = HistoryEntry(**{**entry.__dict__, "text": event.payload["name"]})
        elif event.type in (
            EventType.FIELDS_EXTRACTED,
            EventType.FIELDS_CONFIRMED,
            EventType.DOCUMENT_REMOVED,
        ):
            entry = _document_entry(entry, event, names)
        elif event.type in _DECISION_STEPS:
            keys = ("routing", "decision", "completes", "reasons", "note", "reason")
            said = {k: event.payload[k] for k in keys if k in event.payload}
            entry = HistoryEntry(**{**entry.__dict__, "decision": said})
        elif event.type is EventType.RISK_ASSESSED:
            said = {k: event.payload[k] for k in ("model_id", "role", "grade", "pd", "score")}
            entry = HistoryEntry(**{**entry.__dict__, "risk": said})
        elif event.type is EventType.GRADE_OVERRIDDEN:
            said = {k: event.payload[k] for k in ("model_grade", "grade")}
            text = event.payload["justification"]
            entry = HistoryEntry(**{**entry.__dict__, "risk": said, "text": text})
        entries.append(entry)
    return entries


_DECISION_STEPS = frozenset(
    {
        EventType.CASE_SUBMITTED,
        EventType.REVIEW_STARTED,
        EventType.DECISION_SIGNED,
        EventType.CASE_ACCEPTED,
        EventType.CASE_WITHDRAWN,
    }
)


def _document_entry(entry: HistoryEntry, event: Event, names: dict[str, str]) -> HistoryEntry:
    """Which document was read or confirmed, and for a confirmation what was changed."""
    changes = tuple(
        FieldChange(c["name"], c["before"], c["after"]) for c in event.payload.get("changes", [])
    )
    name = names.get(event.payload["document_id"], "")
    detail = event.payload.get("reason")
    return HistoryEntry(**{**entry.__dict__, "text": name, "changes": changes, "detail": detail})
