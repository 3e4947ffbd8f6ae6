"""Comments with @mentions, each user's unread mentions, and the applicant's feedback."""

from __future__ import annotations

import logging
import random
from collections import defaultdict
from statistics import mean
from typing import Any

import pytest

from app.domain.events import FEEDBACK_STAGES, EventType
from app.domain.roles import PermissionDenied, Role
from app.errors import InvalidInput, NotFound
from app.services.accounts import AccountService
from app.services.cases import CaseService, mention_tokens
from app.services.comments import CommentService
from app.services.profile import Profile
from tests.conftest import PASSWORD, USER_PASSWORD, sign_in

#: username: (display name, roles); the profile's "admin" also holds the officer role.
COLLEAGUES: dict[str, tuple[str, list[Role]]] = {
    "sup.wang": ("Wang Wei", [Role.SUPERVISOR]),
    "risk.zhao": ("Zhao Min", [Role.RISK_ANALYST]),
    "audit.qian": ("Qian Li", [Role.AUDITOR]),
    "it.sun": ("Sun Hao", [Role.ADMIN]),
}


@pytest.fixture
def ids(profile: Profile) -> dict[str, str]:
    """The colleagues added by the admin, who stays signed in: username to user id."""
    sign_in(profile)
    accounts = AccountService(profile)
    made = {"admin": profile.actor.user_id}
    for username, (name, roles) in COLLEAGUES.items():
        made[username] = accounts.add_user(
            username=username,
            display_name=name,
            roles=roles,
            password=USER_PASSWORD,
            admin_password=PASSWORD,
        ).user_id
    return made


def _as(profile: Profile, username: str) -> CommentService:
    AccountService(profile).sign_in(username, PASSWORD if username == "admin" else USER_PASSWORD)
    return CommentService(profile)


def _case(profile: Profile, name: str = "陈静") -> str:
    return CaseService(profile).open_case({"full_name": name, "product": "personal"}).case_id


def _comment_payloads(profile: Profile, case_id: str) -> list[dict[str, Any]]:
    return [
        e.payload for e in profile.store.case_events(case_id) if e.type is EventType.COMMENT_ADDED
    ]


def test_a_mention_resolves_to_the_user_and_is_stored(
    profile: Profile, ids: dict[str, str]
) -> None:
    case_id = _case(profile)
    comments = CommentService(profile)
    comments.add_comment(case_id, "@sup.wang and ＠Risk.Zhao, please look at the income.")
    [payload] = _comment_payloads(profile, case_id)
    assert payload["mentions"] == [ids["sup.wang"], ids["risk.zhao"]]
    [shown] = comments.comments(case_id)
    assert [m.name for m in shown.mentions] == ["Wang Wei", "Zhao Min"]
    assert shown.author == "Branch Admin"
    assert shown.roles == {Role.ADMIN, Role.OFFICER}


def test_a_comment_without_mentions_is_stored_as_before_mentions_existed(
    profile: Profile, ids: dict[str, str]
) -> None:
    case_id = _case(profile)
    CommentService(profile).add_comment(case_id, "Wrote to wang@bank.cn about the payslip.")
    assert _comment_payloads(profile, case_id) == [
        {"text": "Wrote to wang@bank.cn about the payslip."}
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ask @sup.wang.", ["sup.wang"]),  # the full stop ends the sentence, not the name
        ("(@risk.zhao) and @sup.wang, @sup.wang", ["risk.zhao", "sup.wang"]),
        ("mail li@bank.cn or @@sup.wang", []),
        ("@123 is no name", []),
        ("请@sup.wang看一下，谢谢", ["sup.wang"]),  # Chinese puts no space around a name
    ],
)
def test_the_names_a_comment_mentions_are_resolved_as_a_reader_would(
    profile: Profile, ids: dict[str, str], text: str, expected: list[str]
) -> None:
    case_id = _case(profile)
    CommentService(profile).add_comment(case_id, text)
    [payload] = _comment_payloads(profile, case_id)
    assert payload.get("mentions", []) == [ids[name] for name in expected]


def test_mention_tokens_finds_each_name_once_in_order() -> None:
    assert mention_tokens("@B.one @a.two @b.one x@c.three ＠d.four") == ["b.one", "a.two", "d.four"]


def test_an_unknown_user_is_refused_with_its_name_and_nothing_is_written(
    profile: Profile, ids: dict[str, str]
) -> None:
    case_id = _case(profile)
    before = len(profile.store.case_events(case_id))
    with pytest.raises(InvalidInput, match="@nobody.here") as refused:
        CommentService(profile).add_comment(case_id, "@sup.wang and @nobody.here, please check")
    assert [code for code, _ in refused.value.problems["comment"]] == ["mention.unknown"]
    assert len(profile.store.case_events(case_id)) == before


def test_a_switched_off_user_or_one_who_cannot_open_cases_is_refused(
    profile: Profile, ids: dict[str, str]
) -> None:
    case_id = _case(profile)
    AccountService(profile).update_user(ids["risk.zhao"], admin_password=PASSWORD, active=False)
    with pytest.raises(InvalidInput) as refused:
        CommentService(profile).add_comment(case_id, "@risk.zhao @it.sun see this")
    problems = refused.value.problems["comment"]
    assert [code for code, _ in problems] == ["mention.inactive", "mention.no_access"]
    assert "@risk.zhao" in problems[0][1]
    assert "@it.sun" in problems[1][1]
    assert _comment_payloads(profile, case_id) == []


def test_the_mentioned_user_sees_the_mention_until_they_read_it(
    profile: Profile, ids: dict[str, str]
) -> None:
    first, second = _case(profile, "陈静"), _case(profile, "王小明")
    CommentService(profile).add_comment(first, "@sup.wang the income looks high")
    CommentService(profile).add_comment(second, "no mention here")
    CommentService(profile).add_comment(second, "@sup.wang and @risk.zhao: a second opinion?")

    supervisor = _as(profile, "sup.wang")
    notices = supervisor.mentions_for_me()
    case_nos = {c: CaseService(profile).get(c).case_no for c in (first, second)}
    # newest first, each with its case number
    assert [(n.case_id, n.case_no) for n in notices] == [
        (second, case_nos[second]),
        (first, case_nos[first]),
    ]
    assert notices[0].author == "Branch Admin"
    assert [c.unread for c in supervisor.comments(second)] == [False, True]

    supervisor.mark_read(second)
    assert [n.case_id for n in supervisor.mentions_for_me()] == [first]
    assert not any(c.unread for c in supervisor.comments(second))
    # the analyst's mark is their own: reading it as the supervisor left theirs unread
    assert [n.case_id for n in _as(profile, "risk.zhao").mentions_for_me()] == [second]


def test_a_user_not_mentioned_and_the_author_see_nothing(
    profile: Profile, ids: dict[str, str]
) -> None:
    case_id = _case(profile)
    CommentService(profile).add_comment(case_id, "@sup.wang please check; @admin: chase it")
    assert CommentService(profile).mentions_for_me() == []  # the author, even naming themself
    assert _as(profile, "risk.zhao").mentions_for_me() == []
    assert _as(profile, "audit.qian").mentions_for_me() == []


def test_reading_up_to_a_comment_leaves_a_later_one_unread(
    profile: Profile, ids: dict[str, str]
) -> None:
    case_id = _case(profile)
    CommentService(profile).add_comment(case_id, "@sup.wang first")
    supervisor = _as(profile, "sup.wang")
    [seen] = supervisor.comments(case_id)
    _as(profile, "admin").add_comment(case_id, "@sup.wang second, sent while they were reading")
    supervisor = _as(profile, "sup.wang")
    supervisor.mark_read(case_id, up_to_seq=seen.seq)
    assert [n.text for n in supervisor.mentions_for_me()] == [
        "@sup.wang second, sent while they were reading"
    ]
    # marking never goes back: an older mark leaves the newer one standing
    supervisor.mark_read(case_id)
    supervisor.mark_read(case_id, up_to_seq=seen.seq)
    assert supervisor.mentions_for_me() == []


def test_an_auditor_is_mentioned_but_cannot_comment_nor_record_feedback(
    profile: Profile, ids: dict[str, str]
) -> None:
    case_id = _case(profile)
    CommentService(profile).add_comment(case_id, "@audit.qian for your file")
    auditor = _as(profile, "audit.qian")
    assert [n.case_id for n in auditor.mentions_for_me()] == [case_id]
    with pytest.raises(PermissionDenied):
        auditor.add_comment(case_id, "noted")
    with pytest.raises(PermissionDenied):
        auditor.record_feedback(case_id, "application", 4)
    assert len(_comment_payloads(profile, case_id)) == 1


def test_an_admin_who_handles_no_cases_cannot_comment(
    profile: Profile, ids: dict[str, str]
) -> None:
    case_id = _case(profile)
    admin = _as(profile, "it.sun")
    with pytest.raises(PermissionDenied):
        admin.add_comment(case_id, "hello")
    with pytest.raises(PermissionDenied):
        admin.comments(case_id)
    with pytest.raises(PermissionDenied):
        admin.mentions_for_me()
    assert _comment_payloads(profile, case_id) == []


def test_comments_of_a_missing_case_are_not_found(profile: Profile, ids: dict[str, str]) -> None:
    with pytest.raises(NotFound):
        CommentService(profile).comments("0190f5a0-0000-7000-8000-000000000000")


@pytest.mark.parametrize(
    ("stage", "rating", "text", "field"),
    [
        ("application", 0, "", "rating"),
        ("application", 6, "", "rating"),
        ("decision", True, "", "rating"),
        ("decision", 3.5, "", "rating"),
        ("decision", "4", "", "rating"),
        ("approval", 3, "", "stage"),
        ("disbursement", 3, "x" * 1001, "text"),
    ],
)
def test_feedback_out_of_range_is_refused(
    profile: Profile, ids: dict[str, str], stage: str, rating: Any, text: str, field: str
) -> None:
    case_id = _case(profile)
    before = len(profile.store.case_events(case_id))
    with pytest.raises(InvalidInput) as refused:
        CommentService(profile).record_feedback(case_id, stage, rating, text)
    assert set(refused.value.problems) == {field}
    assert len(profile.store.case_events(case_id)) == before


def test_feedback_is_recorded_on_the_case(profile: Profile, ids: dict[str, str]) -> None:
    case_id = _case(profile)
    comments = CommentService(profile)
    comments.record_feedback(case_id, "application", 4, "  Quick, but the form was long. ")
    [event] = [
        e for e in profile.store.case_events(case_id) if e.type is EventType.APPLICANT_FEEDBACK
    ]
    assert event.payload == {
        "stage": "application",
        "rating": 4,
        "text": "Quick, but the form was long.",
    }
    [shown] = comments.feedback(case_id)
    assert (shown.stage, shown.rating, shown.recorded_by) == ("application", 4, "Branch Admin")


def test_the_summary_averages_the_latest_rating_of_each_case_and_stage(
    profile: Profile, ids: dict[str, str]
) -> None:
    chance = random.Random(20250601)
    cases = [_case(profile, f"申请人{i}") for i in range(6)]
    comments = CommentService(profile)
    latest: dict[tuple[str, str], int] = {}
    for _ in range(25):
        case_id, stage = chance.choice(cases), chance.choice(FEEDBACK_STAGES[:2])
        rating = chance.randint(1, 5)
        comments.record_feedback(case_id, stage, rating)
        latest[(case_id, stage)] = rating  # a second record of a stage replaces the first
    by_stage: dict[str, list[int]] = defaultdict(list)
    for (_, rated_stage), rating in latest.items():
        by_stage[rated_stage].append(rating)

    with pytest.raises(PermissionDenied):
        comments.feedback_summary()  # an officer does not see the reports
    summary = {s.stage: s for s in _as(profile, "sup.wang").feedback_summary()}
    assert list(summary) == list(FEEDBACK_STAGES)
    for stage in ("application", "decision"):
        assert summary[stage].count == len(by_stage[stage])
        assert summary[stage].average == pytest.approx(mean(by_stage[stage]))
    assert (summary["disbursement"].count, summary["disbursement"].average) == (0, None)


def test_comments_and_mentions_leave_no_text_or_names_in_the_log(
    profile: Profile, ids: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    case_id = _case(profile)
    secret_text = "@sup.wang the applicant's mobile is 13987654321"
    with caplog.at_level(logging.DEBUG):
        CommentService(profile).add_comment(case_id, secret_text)
        CommentService(profile).record_feedback(
            case_id, "decision", 2, "Too slow, said 13987654321"
        )
        supervisor = _as(profile, "sup.wang")
        supervisor.mentions_for_me()
        supervisor.comments(case_id)
        supervisor.mark_read(case_id)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for private in ("13987654321", "Wang Wei", "the applicant's mobile"):
        assert private not in logged
