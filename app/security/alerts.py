"""Alerts read from the event log: odd hours, bursts of reveals or exports, failed sign-ins.

Pure functions of the events and the security policy; the audit service reads
the events. Times in events are the device's clock, so an alert is a prompt to
look, not proof.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from app.domain.events import CASE_EVENTS, Event, EventType
from app.domain.policy import SecurityPolicy

__all__ = [
    "ACTIVITY_TYPES",
    "AFTER_HOURS",
    "DECISION_AFTER_HOURS",
    "DECISION_TYPES",
    "EXPORT_BURST",
    "FAILED_SIGN_INS",
    "REVEAL_BURST",
    "Alert",
    "find_alerts",
]

AFTER_HOURS = "alert.after_hours"
DECISION_AFTER_HOURS = "alert.decision_after_hours"
REVEAL_BURST = "alert.reveal_burst"
EXPORT_BURST = "alert.export_burst"
FAILED_SIGN_INS = "alert.failed_sign_ins"

#: Decisions on a case. Approved and Declined are not event types yet; when
#: they are, they go here and the after-hours decision rule starts to fire.
DECISION_TYPES: frozenset[EventType] = frozenset()

#: What a person does on purpose. Automatic events (an idle lock, an account
#: locked by failures) and failed sign-ins, which have their own rule, are left out.
ACTIVITY_TYPES: frozenset[EventType] = CASE_EVENTS | {
    EventType.SIGNED_IN,
    EventType.SESSION_UNLOCKED,
    EventType.FIELD_REVEALED,
    EventType.EXPORTED,
    EventType.PRINTED,
    EventType.BACKUP_MADE,
    EventType.RESTORED,
    EventType.SETTINGS_CHANGED,
    EventType.PROFILE_REKEYED,
    EventType.USER_ADDED,
    EventType.USER_UPDATED,
    EventType.PASSWORD_SET,
    EventType.ACCOUNT_UNLOCKED,
}
_EXPORTS = frozenset({EventType.EXPORTED, EventType.PRINTED})


@dataclass(frozen=True)
class Alert:
    """Something a supervisor or auditor should look at.

    ``kind`` is a code a screen can translate; ``message`` the English sentence.
    ``at`` is the UTC time of the first event concerned, as events write it;
    ``user_id`` is None when no known user is concerned (an unknown user name).
    """

    kind: str
    at: str
    user_id: str | None
    message: str
    count: int
    event_ids: tuple[str, ...]
    #: For failed sign-ins: the user name as it was typed (and recorded).
    username: str | None = None


class _Point(NamedTuple):
    moment: datetime
    at: str
    event_id: str
    actor: str


def _moment(at: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


class _Writer:
    """Turns groups of events into alerts, in the policy's time zone."""

    def __init__(self, policy: SecurityPolicy, names: Mapping[str, str]) -> None:
        self.policy = policy
        self.zone = ZoneInfo(policy.timezone)
        self.names = names

    def who(self, user_id: str | None) -> str:
        if user_id is None:
            return "An unknown user"
        return self.names.get(user_id) or f"An unknown user ({user_id[:8]}…)"

    def span(self, points: Sequence[_Point]) -> str:
        first = points[0].moment.astimezone(self.zone)
        last = points[-1].moment.astimezone(self.zone)
        zone = self.policy.timezone
        if f"{first:%Y-%m-%d %H:%M}" == f"{last:%Y-%m-%d %H:%M}":
            return f"at {first:%Y-%m-%d %H:%M} ({zone})"
        end = f"{last:%H:%M}" if last.date() == first.date() else f"{last:%Y-%m-%d %H:%M}"
        return f"from {first:%Y-%m-%d %H:%M} to {end} ({zone})"

    def alert(self, kind: str, points: Sequence[_Point], user: str | None, message: str) -> Alert:
        ids = tuple(p.event_id for p in points)
        return Alert(kind, points[0].at, user, message, len(points), ids)

    def after_hours(self, day: date, points: Sequence[_Point]) -> Alert:
        user = points[0].actor
        message = (
            f"{self.who(user)} worked outside working hours on {day:%Y-%m-%d}: "
            f"{len(points)} action(s) {self.span(points)}."
        )
        return self.alert(AFTER_HOURS, points, user, message)

    def decision(self, point: _Point, event_type: EventType) -> Alert:
        local = point.moment.astimezone(self.zone)
        message = (
            f"{self.who(point.actor)} recorded a decision ({event_type.value}) outside "
            f"working hours, at {local:%Y-%m-%d %H:%M} ({self.policy.timezone})."
        )
        return self.alert(DECISION_AFTER_HOURS, [point], point.actor, message)

    def reveals(self, points: Sequence[_Point]) -> Alert:
        user, policy = points[0].actor, self.policy
        message = (
            f"{self.who(user)} revealed {len(points)} masked numbers in a burst (more than "
            f"{policy.reveal_burst} within {policy.burst_minutes} minutes), {self.span(points)}."
        )
        return self.alert(REVEAL_BURST, points, user, message)

    def exports(self, points: Sequence[_Point]) -> Alert:
        user, policy = points[0].actor, self.policy
        message = (
            f"{self.who(user)} exported or printed {len(points)} times in a burst (more than "
            f"{policy.export_burst} within {policy.burst_minutes} minutes), {self.span(points)}."
        )
        return self.alert(EXPORT_BURST, points, user, message)

    def failures(self, username: str, points: Sequence[_Point]) -> Alert:
        actors = {p.actor for p in points}
        user = actors.pop() if len(actors) == 1 else None
        policy = self.policy
        message = (
            f"{len(points)} failed sign-ins for the user name '{username}' "
            f"({policy.failed_sign_ins} or more within {policy.failed_minutes} minutes), "
            f"{self.span(points)}."
        )
        found = self.alert(FAILED_SIGN_INS, points, user if user in self.names else None, message)
        return replace(found, username=username)


def _bursts(points: Sequence[_Point], at_least: int, window: timedelta) -> list[list[_Point]]:
    """Runs of ``points`` (in time order) where ``at_least`` of them fall within ``window``.

    Overlapping windows make one run, so a long burst gives one alert.
    """
    runs: list[tuple[int, int]] = []
    start = 0
    for end, point in enumerate(points):
        while point.moment - points[start].moment > window:
            start += 1
        if end - start + 1 < at_least:
            continue
        if runs and start <= runs[-1][1]:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return [list(points[a : b + 1]) for a, b in runs]


def _grouped_bursts(
    groups: Mapping[str, list[_Point]],
    at_least: int,
    window: timedelta,
    make: Callable[[str, list[_Point]], Alert],
) -> list[Alert]:
    found = []
    for key, points in groups.items():
        points.sort(key=lambda p: p.moment)
        found += [make(key, run) for run in _bursts(points, at_least, window)]
    return found


def find_alerts(
    events: Iterable[Event],
    policy: SecurityPolicy,
    names: Mapping[str, str],
    *,
    decision_types: Set[EventType] = DECISION_TYPES,
) -> list[Alert]:
    """Every alert the events raise under ``policy``, oldest first.

    ``names`` maps user ids to display names for the messages. Events whose
    time cannot be read are skipped. Only a few fields of each event are kept,
    so a long stream of events is fine.
    """
    writer = _Writer(policy, names)
    alerts: list[Alert] = []
    late: dict[tuple[str, date], list[_Point]] = {}
    reveals: dict[str, list[_Point]] = {}
    exports: dict[str, list[_Point]] = {}
    failures: dict[str, list[_Point]] = {}
    for event in events:
        moment = _moment(event.at)
        if moment is None:
            continue
        point = _Point(moment, event.at, event.id, event.actor)
        in_hours = policy.in_working_hours(moment)
        if event.type in ACTIVITY_TYPES and not in_hours:
            day = moment.astimezone(writer.zone).date()
            late.setdefault((event.actor, day), []).append(point)
        if event.type in decision_types and not in_hours:
            alerts.append(writer.decision(point, event.type))
        if event.type is EventType.FIELD_REVEALED:
            reveals.setdefault(event.actor, []).append(point)
        elif event.type in _EXPORTS:
            exports.setdefault(event.actor, []).append(point)
        elif event.type is EventType.SIGN_IN_FAILED:
            failures.setdefault(str(event.payload.get("username", "")), []).append(point)
    alerts += [writer.after_hours(day, points) for (_, day), points in late.items()]
    window = timedelta(minutes=policy.burst_minutes)
    alerts += _grouped_bursts(
        reveals, policy.reveal_burst + 1, window, lambda _, run: writer.reveals(run)
    )
    alerts += _grouped_bursts(
        exports, policy.export_burst + 1, window, lambda _, run: writer.exports(run)
    )
    alerts += _grouped_bursts(
        failures,
        policy.failed_sign_ins,
        timedelta(minutes=policy.failed_minutes),
        writer.failures,
    )
    return sorted(alerts, key=lambda a: (a.at, a.kind, a.event_ids))
