"""The audit screen's use cases: check the record, list the security events, show alerts."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, Text, case, cast, func, select

from app.domain.applicant import FIELD_BY_NAME
from app.domain.events import SECURITY_EVENTS, Event, EventError, EventType, format_time
from app.domain.roles import Action
from app.errors import InvalidInput
from app.security.alerts import ACTIVITY_TYPES, DECISION_TYPES, Alert, find_alerts
from app.security.audit import AuditReport, verify_chain
from app.services.profile import Profile
from app.store import schema as t

__all__ = ["MAX_ENTRIES", "Alert", "AuditEntry", "AuditReport", "AuditService"]

log = logging.getLogger(__name__)
#: The most entries one call returns; page on with ``before_seq``.
MAX_ENTRIES = 1000

_BODY = cast(t.events.c.body, Text)
# The device time inside the body; NULL for a body that is not JSON (verify reports it).
_AT = case((func.json_valid(_BODY) == 1, func.json_extract(_BODY, "$.at")), else_=None)
_WATCHED = ACTIVITY_TYPES | DECISION_TYPES | {EventType.SIGN_IN_FAILED}


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit viewer. ``description`` never holds a whole ID or phone number.

    ``description`` is English (the CLI prints it); a screen words the event
    itself from ``type`` and ``details``: a copy of the event's payload, plus
    ``user_name`` when its ``user_id`` is a known user. Payloads hold no
    password and no whole ID number, so neither do the details.
    ``damaged`` marks a stored record that no longer reads as a valid event;
    its description says so, its details are empty and ``verify`` tells more.
    """

    seq: int
    at: str
    type: EventType
    user_id: str
    user_name: str
    case_id: str | None
    case_no: str | None
    description: str
    damaged: bool = False
    details: Mapping[str, Any] = field(default_factory=dict, hash=False)


_Who = Callable[[str], str]
_REASONS = {
    "password": "wrong password",
    "unknown_user": "no such user",
    "locked": "the account was locked",
    "disabled": "the account is switched off",
}


def _user_added(p: dict[str, Any], who: _Who, case: str) -> str:
    roles = p.get("roles") or [p.get("role")]
    names = ", ".join(str(role).replace("_", " ") for role in roles)
    return f"Added the user {p['username']} ({p['display_name']}) as {names}."


def _user_updated(p: dict[str, Any], who: _Who, case: str) -> str:
    changed = [
        name for name in ("display_name", "roles", "limits", "tier") if p.get(name) is not None
    ]
    if p.get("active") is not None:
        changed.append("switched on" if p["active"] else "switched off")
    return f"Changed the user {who(p['user_id'])}: {', '.join(changed)}."


def _revealed(p: dict[str, Any], who: _Who, case: str) -> str:
    spec = FIELD_BY_NAME.get(p["field"])
    label = spec.label if spec is not None else p["field"]
    return f"Revealed the {label.lower()}{case}."


def _backup(p: dict[str, Any], who: _Who, case: str) -> str:
    kind = "Automatic backup" if p["automatic"] else "Made a backup"
    return f"{kind} {p['file_name']} ({p['events']} events)."


def _settings(p: dict[str, Any], who: _Who, case: str) -> str:
    changes = ", ".join(f"{name} = {value}" for name, value in sorted(p["changes"].items()))
    return f"Changed settings: {changes}."


_TEXTS: dict[EventType, Callable[[dict[str, Any], _Who, str], str]] = {
    EventType.PROFILE_CREATED: lambda p, who, case: "Created the profile.",
    EventType.USER_ADDED: _user_added,
    EventType.USER_UPDATED: _user_updated,
    EventType.PASSWORD_SET: lambda p, who, case: (
        f"Gave {who(p['user_id'])} a password to change at the next sign-in."
        if p.get("by_admin")
        else f"Set a new password for {who(p['user_id'])}."
    ),
    EventType.ACCOUNT_LOCKED: lambda p, who, case: (
        f"The account of {who(p['user_id'])} locked after {p['failures']} failed attempts, "
        f"until {p['until'][:16].replace('T', ' ')} UTC."
    ),
    EventType.ACCOUNT_UNLOCKED: lambda p, who, case: (
        f"Unlocked the account of {who(p['user_id'])}."
    ),
    EventType.SIGNED_IN: lambda p, who, case: "Signed in.",
    EventType.SIGN_IN_FAILED: lambda p, who, case: (
        f"Failed to sign in as '{p['username']}': {_REASONS.get(p['reason'], p['reason'])}."
    ),
    EventType.SIGNED_OUT: lambda p, who, case: "Signed out.",
    EventType.SESSION_LOCKED: lambda p, who, case: (
        "The screen locked after idle time." if p["reason"] == "idle" else "Locked the screen."
    ),
    EventType.SESSION_UNLOCKED: lambda p, who, case: "Unlocked the screen.",
    EventType.FIELD_REVEALED: _revealed,
    EventType.EXPORTED: lambda p, who, case: f"Exported {p['count']} {p['what']}.",
    EventType.PRINTED: lambda p, who, case: f"Printed {p['what']}{case}.",
    EventType.BACKUP_MADE: _backup,
    EventType.RESTORED: lambda p, who, case: (
        f"Restored the backup {p['file_name']} ({p['events']} events)."
    ),
    EventType.SETTINGS_CHANGED: _settings,
    EventType.PROFILE_REKEYED: lambda p, who, case: "Changed the database key.",
    EventType.MODEL_INSTALLED: lambda p, who, case: (
        f"Put the risk model {p['model_id']} in use as the {p['role']}."
    ),
}


def _details(payload: Mapping[str, Any], names: Mapping[str, str]) -> Mapping[str, Any]:
    details = copy.deepcopy(dict(payload))
    user_id = payload.get("user_id")
    if isinstance(user_id, str) and user_id in names:
        details["user_name"] = names[user_id]
    return details


def _case_of(event: Event) -> str | None:
    if event.case_id is not None:
        return event.case_id
    value = event.payload.get("case_id")
    return value if isinstance(value, str) else None


def _utc(moment: datetime) -> str:
    return format_time(moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC))


def _in_time(stmt: Select[Any], since: datetime | None, until: datetime | None) -> Select[Any]:
    clauses: list[ColumnElement[bool]] = []
    if since is not None:
        clauses.append(_AT >= _utc(since))
    if until is not None:
        clauses.append(_AT < _utc(until))
    return stmt.where(*clauses)


def _entry(
    row: Any, event: Event | None, who: _Who, case_nos: dict[str, str], names: dict[str, str]
) -> AuditEntry:
    if event is None:
        text = "This record is damaged; verify the record to see how."
        actor = str(row.actor)
        return AuditEntry(
            row.seq, "", EventType(row.type), actor, who(actor), None, None, text, True
        )
    case_id = _case_of(event)
    case_no = case_nos.get(case_id) if case_id is not None else None
    text = _TEXTS[event.type](event.payload, who, f" of case {case_no}" if case_no else "")
    return AuditEntry(
        row.seq,
        event.at,
        event.type,
        event.actor,
        who(event.actor),
        case_id,
        case_no,
        text,
        details=_details(event.payload, names),
    )


class AuditService:
    """What auditors and administrators read; nothing here changes a record."""

    def __init__(self, profile: Profile) -> None:
        self._profile = profile
        self._store = profile.store

    def verify(self, progress: Callable[[int], None] | None = None) -> AuditReport:
        """Check the whole record: hashes, links, the end point and the case summaries."""
        self._profile.require(Action.AUDIT_VERIFY)
        report = verify_chain(self._store, self._profile.device_id, progress=progress)
        if report.ok:
            log.info("audit check: %d events intact", report.events)
        else:
            log.warning("audit check: the record is broken at event %s", report.seq)
        return report

    def entries(
        self,
        types: Iterable[EventType] | None = None,
        user_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        before_seq: int | None = None,
        limit: int = 200,
    ) -> list[AuditEntry]:
        """Security events, newest first; ``before_seq`` pages on from the last one shown."""
        self._profile.require(Action.AUDIT_VIEW)
        wanted = SECURITY_EVENTS if types is None else frozenset(EventType(x) for x in types)
        if not wanted <= SECURITY_EVENTS:
            name = sorted(wanted - SECURITY_EVENTS)[0].value
            raise InvalidInput({"types": [("audit.type", f"{name} is not a security event.")]})
        if not 1 <= limit <= MAX_ENTRIES:
            raise InvalidInput({"limit": [("audit.limit", f"from 1 to {MAX_ENTRIES}")]})
        stmt = select(t.events.c.seq, t.events.c.type, t.events.c.actor, t.events.c.body).where(
            t.events.c.type.in_(sorted(x.value for x in wanted))
        )
        if user_id is not None:
            stmt = stmt.where(t.events.c.actor == user_id)
        if before_seq is not None:
            stmt = stmt.where(t.events.c.seq < before_seq)
        stmt = _in_time(stmt, since, until).order_by(t.events.c.seq.desc()).limit(limit)
        with self._store.reading() as conn:
            rows = conn.execute(stmt).all()
        return self._entries(rows)

    def _entries(self, rows: Iterable[Any]) -> list[AuditEntry]:
        parsed: list[tuple[Any, Event | None]] = []
        for row in rows:
            try:
                parsed.append((row, Event.from_bytes(row.body)))
            except EventError:
                parsed.append((row, None))
        case_ids = {c for _, e in parsed if e is not None and (c := _case_of(e)) is not None}
        case_nos = {s.case_id: s.case_no for s in self._store.summaries(sorted(case_ids))}
        names = self._profile.user_names()

        def who(user_id: str) -> str:
            if user_id == self._profile.device_id:
                return "this workstation"
            return names.get(user_id) or f"an unknown user ({user_id[:8]}…)"

        return [_entry(row, event, who, case_nos, names) for row, event in parsed]

    def alerts(self, since: datetime | None = None) -> list[Alert]:
        """Alerts raised by the events since ``since`` (all of them when None), oldest first."""
        self._profile.require(Action.ALERTS_VIEW)
        names = self._profile.user_names()
        return find_alerts(self._events(since), self._profile.policy, names)

    def _events(self, since: datetime | None) -> Iterator[Event]:
        stmt = select(t.events.c.body).where(t.events.c.type.in_(sorted(x.value for x in _WATCHED)))
        stmt = _in_time(stmt, since, None).order_by(t.events.c.seq)
        with self._store.reading() as conn:
            bodies: Iterable[bytes] = conn.execute(stmt).scalars()
            for body in bodies:
                try:
                    yield Event.from_bytes(body)
                except EventError:
                    # A damaged record raises no alert; verify names it.
                    continue
