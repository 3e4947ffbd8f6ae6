"""Every security event is told in the UI language from its details; odd ones in the core's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.domain.events import SECURITY_EVENTS, EventType
from app.domain.policy import SecurityPolicy
from app.security.alerts import FAILED_SIGN_INS, REVEAL_BURST, Alert
from app.services.audit import AuditEntry
from ui import i18n
from ui.alertspanel import alert_details
from ui.audittexts import what_happened

USER = "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b"
ADMIN = "0190a1b2-c3d4-7e5f-8a6b-000000000001"
CORE = "the core's English"
#: A sample payload of each security event, with the user name the service adds.
DETAILS: dict[EventType, dict[str, Any]] = {
    EventType.PROFILE_CREATED: {"profile_id": USER, "name": "LoanDesk"},
    EventType.USER_ADDED: {
        "user_id": USER,
        "username": "kai.ma",
        "display_name": "马凯",
        "roles": ["auditor", "officer"],
        "limits": [],
        "user_name": "马凯",
    },
    EventType.USER_UPDATED: {
        "user_id": USER,
        "roles": ["supervisor"],
        "active": False,
        "user_name": "马凯",
    },
    EventType.PASSWORD_SET: {"user_id": USER, "public_key": "ab" * 32, "by_admin": True},
    EventType.ACCOUNT_LOCKED: {
        "user_id": USER,
        "until": "2026-11-28T12:30:00.000Z",
        "failures": 5,
        "user_name": "马凯",
    },
    EventType.ACCOUNT_UNLOCKED: {"user_id": USER, "user_name": "马凯"},
    EventType.SIGNED_IN: {"user_id": USER, "user_name": "马凯"},
    EventType.SIGN_IN_FAILED: {"username": "kai.ma", "reason": "disabled"},
    EventType.SIGNED_OUT: {"user_id": USER, "user_name": "马凯"},
    EventType.SESSION_LOCKED: {"user_id": USER, "reason": "idle", "user_name": "马凯"},
    EventType.SESSION_UNLOCKED: {"user_id": USER, "user_name": "马凯"},
    EventType.FIELD_REVEALED: {"case_id": USER, "field": "id_number"},
    EventType.EXPORTED: {"what": "cases", "count": 3},
    EventType.PRINTED: {"what": "approval", "case_id": USER},
    EventType.BACKUP_MADE: {
        "file_name": "daily.ldbackup",
        "automatic": True,
        "events": 1234,
        "chain_head": "h",
    },
    EventType.RESTORED: {"file_name": "daily.ldbackup", "events": 12, "chain_head": "h"},
    EventType.SETTINGS_CHANGED: {
        "changes": {"idle_lock_minutes": "5", "backup_daily": "false", "work_days": "1,2,3"}
    },
    EventType.PROFILE_REKEYED: {},
    EventType.MODEL_INSTALLED: {
        "model_id": "branch-20261201",
        "version": "2026.12.01.1200",
        "kind": "lightgbm",
        "role": "champion",
        "sha256": "0" * 64,
        "key_id": "ab384c629152562e",
    },
}
#: What each sample quotes from the record, and so stays as recorded.
RECORDED = (
    "kai.ma",
    "daily.ldbackup",
    "cases",
    "LD-0001",
    USER[:8],
    "branch-20261201",
)
LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u4e00-\u9fff]")


def entry(kind: EventType, details: dict[str, Any], **fields: Any) -> AuditEntry:
    case_no = "LD-0001" if "case_id" in details else None
    values: dict[str, Any] = {
        "seq": 9,
        "at": "2026-11-28T02:00:00.000Z",
        "type": kind,
        "user_id": ADMIN,
        "user_name": "Branch Admin",
        "case_id": details.get("case_id"),
        "case_no": case_no,
        "description": CORE,
        "details": details,
    }
    return AuditEntry(**{**values, **fields})


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    assert i18n.install(qapp, "zh_CN")
    yield
    i18n.install(qapp, "en")


def test_every_security_event_has_a_sample() -> None:
    assert set(DETAILS) == SECURITY_EVENTS


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize("kind", sorted(SECURITY_EVENTS))
def test_each_event_is_told_in_chinese(kind: EventType) -> None:
    text = what_happened(entry(kind, DETAILS[kind]))
    assert CJK.search(text), text
    left = text
    for value in RECORDED:
        left = left.replace(value, "")
    assert not LATIN.search(left), text


@pytest.mark.usefixtures("chinese")
def test_chinese_uses_the_catalogues_words() -> None:
    assert what_happened(entry(EventType.SIGN_IN_FAILED, DETAILS[EventType.SIGN_IN_FAILED])) == (
        "以“kai.ma”登录失败：账户已停用。"
    )
    added = what_happened(entry(EventType.USER_ADDED, DETAILS[EventType.USER_ADDED]))
    assert "信贷员、审计员" in added
    revealed = what_happened(entry(EventType.FIELD_REVEALED, DETAILS[EventType.FIELD_REVEALED]))
    assert revealed == "显示了案件 LD-0001 的完整居民身份证号码。"


@pytest.mark.parametrize(
    ("kind", "details", "expected"),
    [
        (
            EventType.USER_ADDED,
            DETAILS[EventType.USER_ADDED],
            "Added the user kai.ma (马凯) as Loan officer, Auditor.",
        ),
        (
            EventType.USER_UPDATED,
            DETAILS[EventType.USER_UPDATED],
            "Changed the user 马凯: roles now Supervisor; switched off.",
        ),
        (
            EventType.PASSWORD_SET,
            DETAILS[EventType.PASSWORD_SET],
            f"Gave an unknown user ({USER[:8]}…) a password to change at the next sign-in.",
        ),
        (
            EventType.PASSWORD_SET,
            {"user_id": ADMIN, "public_key": "ab" * 32, "user_name": "Branch Admin"},
            "Changed their own password.",
        ),
        (
            EventType.SIGN_IN_FAILED,
            {"username": "(not a user name)", "reason": "unknown_user"},
            "Failed to sign in as '(not a user name)': no such user.",
        ),
        (
            EventType.SESSION_LOCKED,
            {"user_id": USER, "reason": "manual"},
            "Locked the screen.",
        ),
        (
            EventType.PRINTED,
            {"what": "decline", "case_id": USER},
            "Printed the decline notice of case LD-0001.",
        ),
        (
            EventType.PRINTED,
            {"what": "product_sheet:small_business"},
            "Printed the product sheet of Small business loan.",
        ),
        (
            EventType.USER_UPDATED,
            {"user_id": USER, "tier": "branch_manager", "user_name": "马凯"},
            "Changed the user 马凯: now signs as Branch manager (second tier).",
        ),
        (
            EventType.FIELD_REVEALED,
            {"case_id": USER, "field": "phone"},
            "Revealed the phone of case LD-0001.",
        ),
        (
            EventType.BACKUP_MADE,
            {**DETAILS[EventType.BACKUP_MADE], "automatic": False},
            "Made a backup daily.ldbackup (1,234 events).",
        ),
        (
            EventType.SETTINGS_CHANGED,
            DETAILS[EventType.SETTINGS_CHANGED],
            "Changed settings: Daily backup: off; Lock the screen after idle: 5 minutes; "
            "Working days: Mon, Tue, Wed.",
        ),
        (
            EventType.SETTINGS_CHANGED,
            {"changes": {"a_new_setting": "7"}},
            "Changed settings: a_new_setting: 7.",
        ),
    ],
)
def test_english_words(kind: EventType, details: dict[str, Any], expected: str) -> None:
    assert what_happened(entry(kind, details)) == expected


@pytest.mark.parametrize(
    ("kind", "details"),
    [
        (EventType.ACCOUNT_LOCKED, {"user_id": USER}),
        (EventType.USER_ADDED, {"username": "kai.ma", "roles": ["clerk"]}),
        (EventType.SETTINGS_CHANGED, {"changes": {"work_days": "9"}}),
    ],
)
def test_details_that_will_not_word_show_the_cores_english(
    kind: EventType, details: dict[str, Any]
) -> None:
    assert what_happened(entry(kind, details)) == CORE


@pytest.mark.usefixtures("chinese")
def test_a_damaged_record_is_said_in_chinese() -> None:
    damaged = entry(EventType.SIGNED_IN, {}, damaged=True)
    assert what_happened(damaged) == "此记录已损坏；请校验日志查看原因。"


def alert(kind: str, user_id: str | None = USER) -> Alert:
    return Alert(kind, "2026-11-28T12:30:00.000Z", user_id, CORE, 4, ("a", "b", "c", "d"))


def test_alert_details_in_english_and_chinese(qapp: QApplication) -> None:
    policy = SecurityPolicy(timezone="Asia/Shanghai")
    reveal = alert(REVEAL_BURST)
    assert alert_details(reveal, "马凯", policy) == (
        "马凯 revealed 4 masked numbers in a burst (more than 10 within 10 minutes), "
        "from 28 Nov 2026 20:30 (Asia/Shanghai)."
    )
    assert i18n.install(qapp, "zh_CN")
    try:
        assert alert_details(reveal, "马凯", policy) == (
            "马凯 短时间内显示了 4 个完整号码（10 分钟内超过 10 个），"
            "始于 2026年11月28日 20:30（Asia/Shanghai）。"
        )
        unknown = replace(alert(FAILED_SIGN_INS, None), username="nobody")
        failed = alert_details(unknown, None, policy)
        assert failed.startswith("使用不存在的用户名“nobody”登录失败 4 次")
    finally:
        i18n.install(qapp, "en")


def test_an_alert_of_an_unknown_kind_shows_the_cores_english() -> None:
    assert alert_details(alert("alert.new_rule"), "马凯", SecurityPolicy()) == CORE
