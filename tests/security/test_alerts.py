"""Each alert rule fires on synthetic events, and stays quiet just below its threshold.

The branch is in Asia/Shanghai (UTC+8), open 08:00-19:00 Monday to Saturday:
02:00 UTC is 10:00 there, 14:00 UTC is 22:00.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.domain.events import Event, EventType, format_time
from app.domain.ids import new_id
from app.domain.policy import SecurityPolicy
from app.domain.roles import PermissionDenied, Role
from app.errors import UserError
from app.security.alerts import (
    AFTER_HOURS,
    DECISION_AFTER_HOURS,
    DECISION_TYPES,
    EXPORT_BURST,
    FAILED_SIGN_INS,
    REVEAL_BURST,
    Alert,
    find_alerts,
)
from app.services.accounts import AccountService
from app.services.audit import AuditService
from app.services.profile import Profile
from tests.conftest import PASSWORD

DEVICE, ALICE, BOB = new_id(), new_id(), new_id()
NAMES = {ALICE: "Alice Wang", BOB: "Bob Li"}
POLICY = SecurityPolicy()
WEDNESDAY = datetime(2026, 11, 25, tzinfo=UTC)
IN_HOURS = WEDNESDAY + timedelta(hours=2)  # 10:00 in Shanghai
LATE = WEDNESDAY + timedelta(hours=14)  # 22:00 in Shanghai
_seq = itertools.count(1)


def event(
    event_type: EventType,
    at: datetime,
    *,
    actor: str = ALICE,
    payload: dict[str, Any] | None = None,
    case_id: str | None = None,
) -> Event:
    defaults: dict[EventType, dict[str, Any]] = {
        EventType.SIGNED_IN: {"user_id": actor},
        EventType.FIELD_REVEALED: {"case_id": new_id(), "field": "phone"},
        EventType.EXPORTED: {"what": "case list", "count": 20},
        EventType.PRINTED: {"what": "offer letter"},
        EventType.SIGN_IN_FAILED: {"username": "alice", "reason": "password"},
        EventType.COMMENT_ADDED: {"text": "called the applicant"},
    }
    return Event.create(
        id=new_id(),
        case_id=case_id,
        type=event_type,
        payload=payload if payload is not None else defaults[event_type],
        actor=actor,
        device=DEVICE,
        device_seq=next(_seq),
        at=format_time(at),
        parent=None,
        prev=None,
    )


def series(
    event_type: EventType, start: datetime, count: int, every: timedelta, **kw: Any
) -> list[Event]:
    return [event(event_type, start + n * every, **kw) for n in range(count)]


def kinds(alerts: list[Alert]) -> list[str]:
    return [a.kind for a in alerts]


# -- activity outside working hours ----------------------------------------------------
def test_late_activity_gives_one_alert_per_user_and_day() -> None:
    case_id = new_id()
    late = [
        event(EventType.SIGNED_IN, LATE),
        *series(EventType.COMMENT_ADDED, LATE, 3, timedelta(minutes=5), case_id=case_id),
    ]
    daytime = [event(EventType.SIGNED_IN, IN_HOURS, actor=BOB)]
    alerts = find_alerts(daytime + late, POLICY, NAMES)
    assert kinds(alerts) == [AFTER_HOURS]
    alert = alerts[0]
    assert (alert.user_id, alert.count, alert.at) == (ALICE, 4, format_time(LATE))
    assert alert.event_ids == tuple(e.id for e in late)
    assert alert.message.startswith("Alice Wang worked outside working hours on 2026-11-25")
    assert "from 2026-11-25 22:00 to 22:10 (Asia/Shanghai)" in alert.message


def test_the_day_is_the_branch_day_not_the_utc_day() -> None:
    # 22:00 on the 25th and 01:00 on the 26th in Shanghai: the same UTC day, two branch days.
    events = [
        event(EventType.SIGNED_IN, LATE),
        event(EventType.SIGNED_IN, LATE + timedelta(hours=3)),
    ]
    alerts = find_alerts(events, POLICY, NAMES)
    assert [a.count for a in alerts] == [1, 1]
    assert "on 2026-11-26" in alerts[1].message


@pytest.mark.parametrize(
    ("utc", "late"),
    [
        (WEDNESDAY + timedelta(hours=0), False),  # 08:00, opening
        (WEDNESDAY + timedelta(hours=10, minutes=59), False),  # 18:59
        (WEDNESDAY + timedelta(hours=11), True),  # 19:00, closed
        (WEDNESDAY - timedelta(minutes=1), True),  # 07:59
        (WEDNESDAY + timedelta(days=4, hours=2), True),  # Sunday 10:00
    ],
)
def test_working_hours_edges(utc: datetime, late: bool) -> None:
    alerts = find_alerts([event(EventType.SIGNED_IN, utc)], POLICY, NAMES)
    assert kinds(alerts) == ([AFTER_HOURS] if late else [])


def test_a_failed_sign_in_or_an_idle_lock_at_night_is_not_activity() -> None:
    events = [
        event(EventType.SIGN_IN_FAILED, LATE),
        event(EventType.SESSION_LOCKED, LATE, payload={"user_id": ALICE, "reason": "idle"}),
    ]
    assert find_alerts(events, POLICY, NAMES) == []


# -- bursts of reveals and of exports ----------------------------------------------------
def test_more_reveals_than_allowed_within_the_window_fire() -> None:
    reveals = series(EventType.FIELD_REVEALED, IN_HOURS, 11, timedelta(seconds=30))
    alerts = find_alerts(reveals, POLICY, NAMES)
    assert kinds(alerts) == [REVEAL_BURST]
    assert (alerts[0].count, alerts[0].user_id) == (11, ALICE)
    assert alerts[0].message.startswith("Alice Wang revealed 11 masked numbers in a burst")


@pytest.mark.parametrize(
    ("count", "every"),
    [
        (10, timedelta(seconds=30)),  # exactly the limit
        (11, timedelta(seconds=61)),  # one too many, but spread over more than ten minutes
    ],
)
def test_reveals_at_the_limit_or_spread_out_do_not_fire(count: int, every: timedelta) -> None:
    reveals = series(EventType.FIELD_REVEALED, IN_HOURS, count, every)
    assert find_alerts(reveals, POLICY, NAMES) == []


def test_two_users_reveals_are_not_added_together() -> None:
    events = series(EventType.FIELD_REVEALED, IN_HOURS, 6, timedelta(seconds=30))
    events += series(EventType.FIELD_REVEALED, IN_HOURS, 6, timedelta(seconds=30), actor=BOB)
    assert find_alerts(events, POLICY, NAMES) == []


def test_a_long_burst_is_one_alert() -> None:
    reveals = series(EventType.FIELD_REVEALED, IN_HOURS, 40, timedelta(seconds=30))
    alerts = find_alerts(reveals, POLICY, NAMES)
    assert [(a.kind, a.count) for a in alerts] == [(REVEAL_BURST, 40)]


def test_the_policy_sets_the_threshold() -> None:
    strict = POLICY.changed({"reveal_burst": "3"})
    reveals = series(EventType.FIELD_REVEALED, IN_HOURS, 4, timedelta(minutes=1))
    assert kinds(find_alerts(reveals, strict, NAMES)) == [REVEAL_BURST]
    assert find_alerts(reveals[:3], strict, NAMES) == []


def test_exports_and_prints_count_together() -> None:
    exports = series(EventType.EXPORTED, IN_HOURS, 3, timedelta(minutes=1))
    prints = series(EventType.PRINTED, IN_HOURS + timedelta(seconds=30), 3, timedelta(minutes=1))
    alerts = find_alerts(exports + prints, POLICY, NAMES)
    assert [(a.kind, a.count) for a in alerts] == [(EXPORT_BURST, 6)]
    assert find_alerts(exports + prints[:2], POLICY, NAMES) == []


# -- failed sign-ins ---------------------------------------------------------------------
def test_failed_sign_ins_for_one_name_fire_at_the_threshold() -> None:
    failed = series(EventType.SIGN_IN_FAILED, IN_HOURS, 3, timedelta(minutes=5))
    alerts = find_alerts(failed, POLICY, NAMES)
    assert [(a.kind, a.count, a.user_id) for a in alerts] == [(FAILED_SIGN_INS, 3, ALICE)]
    assert "3 failed sign-ins for the user name 'alice'" in alerts[0].message


@pytest.mark.parametrize(
    "events",
    [
        series(EventType.SIGN_IN_FAILED, IN_HOURS, 2, timedelta(minutes=1)),
        series(EventType.SIGN_IN_FAILED, IN_HOURS, 3, timedelta(minutes=8)),  # over 16 minutes
        [
            event(
                EventType.SIGN_IN_FAILED,
                IN_HOURS,
                payload={"username": name, "reason": "password"},
            )
            for name in ("alice", "bob", "carol")
        ],
    ],
    ids=["two", "spread", "three names"],
)
def test_failed_sign_ins_below_the_threshold_do_not_fire(events: list[Event]) -> None:
    assert find_alerts(events, POLICY, NAMES) == []


def test_failures_on_an_unknown_name_name_no_user() -> None:
    payload = {"username": "mallory", "reason": "unknown_user"}
    failed = [
        event(
            EventType.SIGN_IN_FAILED, IN_HOURS + timedelta(minutes=n), actor=DEVICE, payload=payload
        )
        for n in range(3)
    ]
    alerts = find_alerts(failed, POLICY, NAMES)
    assert [(a.kind, a.user_id) for a in alerts] == [(FAILED_SIGN_INS, None)]


# -- decisions outside working hours ---------------------------------------------------------
def test_no_event_type_is_a_decision_yet() -> None:
    assert DECISION_TYPES == frozenset()


def test_a_decision_outside_hours_fires_once_decision_types_exist() -> None:
    # A comment stands in for Approved/Declined, which are not event types yet.
    stand_in = {EventType.COMMENT_ADDED}
    late = event(EventType.COMMENT_ADDED, LATE, case_id=new_id())
    daytime = event(EventType.COMMENT_ADDED, IN_HOURS, case_id=new_id())
    alerts = find_alerts([late, daytime], POLICY, NAMES, decision_types=stand_in)
    assert sorted(kinds(alerts)) == [AFTER_HOURS, DECISION_AFTER_HOURS]
    decision = next(a for a in alerts if a.kind == DECISION_AFTER_HOURS)
    assert decision.event_ids == (late.id,)
    assert "at 2026-11-25 22:00 (Asia/Shanghai)" in decision.message
    assert kinds(find_alerts([late], POLICY, NAMES)) == [AFTER_HOURS]


# -- through the service, on a real profile ---------------------------------------------------
def test_the_service_reports_failed_sign_ins(profile: Profile) -> None:
    accounts = AccountService(profile)
    for _ in range(3):
        with pytest.raises(UserError):
            accounts.sign_in("admin", "not the password")
    accounts.sign_in("admin", PASSWORD)
    alerts = AuditService(profile).alerts()
    failed = [a for a in alerts if a.kind == FAILED_SIGN_INS]
    assert [(a.count, a.user_id) for a in failed] == [(3, profile.actor.user_id)]
    assert "'admin'" in failed[0].message
    later = datetime.now(UTC) + timedelta(days=1)
    assert AuditService(profile).alerts(since=later) == []


def test_an_officer_may_not_see_alerts_but_a_supervisor_may(profile: Profile) -> None:
    accounts = AccountService(profile)
    password = "pebble orchard violet 7"
    for role in (Role.OFFICER, Role.SUPERVISOR):
        accounts.sign_in("admin", PASSWORD)
        accounts.add_user(
            username=f"u.{role.value}",
            display_name=f"User {role.value}",
            roles=[role],
            password=password,
            admin_password=PASSWORD,
        )
    accounts.sign_in("u.officer", password)
    with pytest.raises(PermissionDenied):
        AuditService(profile).alerts()
    accounts.sign_in("u.supervisor", password)
    assert FAILED_SIGN_INS not in kinds(AuditService(profile).alerts())
