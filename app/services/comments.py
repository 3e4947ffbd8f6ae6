"""Comments on a case and the colleagues they mention; the applicant's feedback on the process.

Which mentions a user has read is this workstation's own business: a mark per
user and case in the profile's ``meta`` table, never an event, so it neither
travels nor enters the record. A comment a user wrote never counts as unread
for them, even where it mentions them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Integer, Text, cast, exists, func, literal, select

from app.domain.events import FEEDBACK_STAGES, Event, EventType, FeedbackStage
from app.domain.roles import Action, Role, allowed
from app.domain.validation import FieldProblem, check_text
from app.errors import InvalidInput, NotFound
from app.services.cases import CaseService
from app.services.changes import CaseOpChanges, OpChanges
from app.services.profile import Profile
from app.store import schema as t
from app.store.people import UserRow

__all__ = [
    "FEEDBACK_STAGES",
    "Comment",
    "CommentService",
    "Feedback",
    "MentionNotice",
    "Mentioned",
    "ReadChanges",
    "StageSummary",
]

_BODY = cast(t.events.c.body, Text)


@dataclass(frozen=True)
class Mentioned:
    """A colleague a comment names (or who may be named); blank names for an unknown id."""

    user_id: str
    username: str
    name: str
    roles: frozenset[Role] = frozenset()


@dataclass(frozen=True)
class Comment:
    event_id: str
    #: the store's order of the comment: what a read mark counts up to
    seq: int
    at: str
    author_id: str
    #: the author's display name; None for a user this workstation does not know
    author: str | None
    #: the roles the author holds now
    roles: frozenset[Role]
    text: str
    mentions: tuple[Mentioned, ...]
    #: it mentions the signed-in user, who has not read it yet
    unread: bool = False


@dataclass(frozen=True)
class MentionNotice:
    """A comment that mentions the signed-in user, not read yet."""

    case_id: str
    case_no: str
    event_id: str
    seq: int
    at: str
    author: str | None
    text: str


@dataclass(frozen=True)
class Feedback:
    event_id: str
    at: str
    recorded_by: str | None
    stage: FeedbackStage
    rating: int
    text: str


@dataclass(frozen=True)
class StageSummary:
    """The applicants' ratings of one stage: how many, and their mean (None for none)."""

    stage: FeedbackStage
    count: int
    average: float | None


@dataclass(frozen=True)
class ReadChanges(OpChanges):
    """A user read a case's comments: their unread mentions changed, no case did."""

    read_case_id: str = ""


def read_key(user_id: str, case_id: str) -> str:
    """The ``meta`` key of ``user_id``'s read mark on ``case_id``."""
    return f"read:{user_id}:{case_id}"


class CommentService:
    """The Comments tab's use cases; writing a comment is ``CaseService.add_comment``."""

    def __init__(self, profile: Profile) -> None:
        self._profile = profile
        self._store = profile.store
        self._cases = CaseService(profile)

    # -- commands ---------------------------------------------------------------
    def add_comment(self, case_id: str, text: str) -> CaseOpChanges:
        return self._cases.add_comment(case_id, text)

    def mark_read(self, case_id: str, up_to_seq: int | None = None) -> ReadChanges:
        """The signed-in user has read the case's comments (up to ``up_to_seq``, else all)."""
        me = self._profile.require(Action.CASE_VIEW).user.user_id
        key = read_key(me, case_id)
        with self._store.reading() as conn:
            self._check_case(conn, case_id)
            newest = conn.execute(
                select(func.max(t.events.c.seq)).where(
                    t.events.c.case_id == case_id,
                    t.events.c.type == EventType.COMMENT_ADDED.value,
                )
            ).scalar()
            before = _read_mark(conn, key)
        mark = min(int(newest or 0), up_to_seq) if up_to_seq is not None else int(newest or 0)
        if mark > before:
            with self._store.writing() as tx:
                tx.set_meta(key, str(mark))
        return ReadChanges(read_case_id=case_id)

    def record_feedback(
        self, case_id: str, stage: str, rating: int, text: str = ""
    ) -> CaseOpChanges:
        """What the applicant said of ``stage``, rated 1 (poor) to 5 (very good).

        Recording a stage of a case again replaces the earlier rating in the
        summary; both stay in the case's history.
        """
        self._profile.require(Action.CASE_COMMENT)
        payload = _feedback_payload(stage, rating, text)
        with self._store.writing() as tx:
            state = tx.case(case_id)
            if state is None:
                raise NotFound(f"There is no case {case_id}.")
            self._profile.emit(
                tx, EventType.APPLICANT_FEEDBACK, payload, case_id=case_id, parent=state.head
            )
        return CaseOpChanges(case_ids=frozenset({case_id}), case_list=True, case_id=case_id)

    # -- queries ----------------------------------------------------------------
    def me(self) -> str:
        """The signed-in user's id (whose mentions stand out)."""
        return self._profile.actor.user_id

    def comments(self, case_id: str) -> list[Comment]:
        """The case's comments, oldest first, with their authors and whom they mention."""
        me = self._profile.require(Action.CASE_VIEW).user.user_id
        with self._store.reading() as conn:
            self._check_case(conn, case_id)
            found = _case_events(conn, case_id, EventType.COMMENT_ADDED)
            mark = _read_mark(conn, read_key(me, case_id))
        users = {u.user_id: u for u in self._store.users()}
        comments = []
        for seq, event in found:
            author = users.get(event.actor)
            mentions = tuple(event.payload.get("mentions", ()))
            comments.append(
                Comment(
                    event_id=event.id,
                    seq=seq,
                    at=event.at,
                    author_id=event.actor,
                    author=author.display_name if author is not None else None,
                    roles=author.roles if author is not None else frozenset(),
                    text=event.payload["text"],
                    mentions=tuple(_mentioned(users, user_id) for user_id in mentions),
                    unread=me in mentions and event.actor != me and seq > mark,
                )
            )
        return comments

    def people(self) -> list[Mentioned]:
        """Whom the signed-in user may mention: every other active user who can open cases."""
        me = self._profile.require(Action.CASE_COMMENT).user.user_id
        return [
            Mentioned(u.user_id, u.username, u.display_name, u.roles)
            for u in sorted(self._store.users(), key=lambda u: u.display_name)
            if u.active and u.user_id != me and allowed(u.roles, Action.CASE_VIEW)
        ]

    def mentions_for_me(self) -> list[MentionNotice]:
        """Comments on any case that mention the signed-in user, unread by them, newest first."""
        me = self._profile.require(Action.CASE_VIEW).user.user_id
        each = func.json_each(_BODY, "$.payload.mentions").table_valued("value")
        mentioned = select(literal(1)).select_from(each).where(each.c.value == me)
        read_mark = (
            select(cast(t.meta.c.value, Integer))
            .where(t.meta.c.key == literal(f"read:{me}:").concat(t.events.c.case_id))
            .scalar_subquery()
        )
        stmt = (
            select(t.events.c.seq, t.events.c.body)
            .where(
                t.events.c.type == EventType.COMMENT_ADDED.value,
                t.events.c.actor != me,
                exists(mentioned),
                t.events.c.seq > func.coalesce(read_mark, 0),
            )
            .order_by(t.events.c.seq.desc())
        )
        with self._store.reading() as conn:
            rows = [(row.seq, Event.from_bytes(row.body)) for row in conn.execute(stmt)]
        case_ids = sorted({e.case_id for _, e in rows if e.case_id is not None})
        numbers = {s.case_id: s.case_no for s in self._store.summaries(case_ids)}
        names = self._profile.user_names()
        return [
            MentionNotice(
                case_id=event.case_id,
                case_no=numbers.get(event.case_id, ""),
                event_id=event.id,
                seq=seq,
                at=event.at,
                author=names.get(event.actor),
                text=event.payload["text"],
            )
            for seq, event in rows
            if event.case_id is not None
        ]

    def feedback(self, case_id: str) -> list[Feedback]:
        """The applicant's feedback recorded on the case, oldest first."""
        self._profile.require(Action.CASE_VIEW)
        with self._store.reading() as conn:
            self._check_case(conn, case_id)
            found = _case_events(conn, case_id, EventType.APPLICANT_FEEDBACK)
        names = self._profile.user_names()
        return [
            Feedback(
                event_id=event.id,
                at=event.at,
                recorded_by=names.get(event.actor),
                stage=event.payload["stage"],
                rating=int(event.payload["rating"]),
                text=event.payload.get("text", ""),
            )
            for _, event in found
        ]

    def feedback_summary(self) -> list[StageSummary]:
        """Per stage, the number of cases rated and their mean rating (the latest of each case)."""
        self._profile.require(Action.REPORT_VIEW)
        stmt = (
            select(t.events.c.body)
            .where(t.events.c.type == EventType.APPLICANT_FEEDBACK.value)
            .order_by(t.events.c.seq)
        )
        latest: dict[tuple[str, str], int] = {}
        with self._store.reading() as conn:
            bodies: Iterable[bytes] = conn.execute(stmt).scalars()
            for body in bodies:
                event = Event.from_bytes(body)
                latest[(event.case_id or "", event.payload["stage"])] = int(event.payload["rating"])
        return [_summary(stage, latest.items()) for stage in FEEDBACK_STAGES]

    @staticmethod
    def _check_case(conn: Connection, case_id: str) -> None:
        found = conn.execute(select(t.cases.c.case_id).where(t.cases.c.case_id == case_id)).first()
        if found is None:
            raise NotFound(f"There is no case {case_id[:40]}.")


def _summary(stage: FeedbackStage, ratings: Iterable[tuple[tuple[str, str], int]]) -> StageSummary:
    of_stage = [rating for (_, s), rating in ratings if s == stage]
    average = sum(of_stage) / len(of_stage) if of_stage else None
    return StageSummary(stage, len(of_stage), average)


def _read_mark(conn: Connection, key: str) -> int:
    value = conn.execute(select(t.meta.c.value).where(t.meta.c.key == key)).scalar()
    return int(value) if value is not None else 0


def _case_events(conn: Connection, case_id: str, kind: EventType) -> list[tuple[int, Event]]:
    rows = conn.execute(
        select(t.events.c.seq, t.events.c.body)
        .where(t.events.c.case_id == case_id, t.events.c.type == kind.value)
        .order_by(t.events.c.seq)
    )
    return [(row.seq, Event.from_bytes(row.body)) for row in rows]


def _mentioned(users: dict[str, UserRow], user_id: str) -> Mentioned:
    user = users.get(user_id)
    if user is None:
        return Mentioned(user_id, "", "")
    return Mentioned(user_id, user.username, user.display_name, user.roles)


def _feedback_payload(stage: str, rating: int, text: str) -> dict[str, Any]:
    problems: dict[str, list[tuple[str, str]]] = {}
    if stage not in FEEDBACK_STAGES:
        problems["stage"] = [
            ("feedback.stage", f"The stage is one of {', '.join(FEEDBACK_STAGES)}.")
        ]
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        problems["rating"] = [("feedback.rating", "The rating is a whole number from 1 to 5.")]
    try:
        cleaned = check_text(text, max_len=1000)
    except FieldProblem as problem:
        problems["text"] = [(problem.code, problem.message)]
    if problems:
        raise InvalidInput(problems)
    return {"stage": stage, "rating": rating, "text": cleaned}
