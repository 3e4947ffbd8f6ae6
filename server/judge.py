"""The branch's rules for each event a workstation sends: who may, in what state, signed how.

A workstation checks all of this before it records an event, so an event that
fails here was made offline against a branch that had moved on (a colleague
submitted first, an administrator switched the user off) or by a tampered
workstation. Such an event is still stored, in its place in the device's
chain and the server's, so nothing after it is stuck, but it is marked
*refused* with the reason: no workstation's fold applies it, and its author's
workstation says why. Protocol faults (bad hash, gap in the chain) are not
judged here: they refuse the whole batch (``server.sync``).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from app.domain import canonical
from app.domain import case as case_domain
from app.domain.authority import Approver, AuthorityError, Limit, Loan, Matrix, may_sign
from app.domain.case import CaseState, FoldError
from app.domain.decisions import signed_message
from app.domain.events import (
    CASE_EVENTS,
    EDIT_EVENTS,
    EDITOR_EVENTS,
    ApprovalLimit,
    Event,
    EventType,
    PasswordSet,
    UserAdded,
    UserUpdated,
)
from app.domain.roles import Action, Role, allowed
from app.domain.workflow import Move, WorkflowError, target
from server import rules
from server.db import approvals, case_states, events, people

#: what each event needs its author to be allowed (events not listed need a known user only)
_ACTIONS: dict[EventType, Action] = {
    EventType.CASE_OPENED: Action.CASE_CREATE,
    EventType.APPLICANT_UPDATED: Action.CASE_EDIT,
    EventType.LOAN_REQUEST_UPDATED: Action.CASE_EDIT,
    EventType.CONFLICT_RESOLVED: Action.CASE_RESOLVE_CONFLICT,
    EventType.COMMENT_ADDED: Action.CASE_COMMENT,
    EventType.APPLICANT_FEEDBACK: Action.CASE_COMMENT,
    EventType.DOCUMENT_ATTACHED: Action.DOCUMENT_ATTACH,
    EventType.FIELDS_EXTRACTED: Action.DOCUMENT_ATTACH,
    EventType.DOCUMENT_REMOVED: Action.DOCUMENT_ATTACH,
    EventType.FIELDS_CONFIRMED: Action.DOCUMENT_CONFIRM_FIELDS,
    EventType.RISK_ASSESSED: Action.RISK_SCORE,
    EventType.GRADE_OVERRIDDEN: Action.RISK_OVERRIDE,
    EventType.CASE_SUBMITTED: Action.CASE_SUBMIT,
    EventType.REVIEW_STARTED: Action.CASE_REVIEW,
    EventType.CASE_ACCEPTED: Action.CASE_ACCEPT,
    EventType.CASE_WITHDRAWN: Action.CASE_WITHDRAW,
    EventType.USER_ADDED: Action.USER_MANAGE,
    EventType.USER_UPDATED: Action.USER_MANAGE,
}
_DECISION_ACTIONS = {
    "approve": Action.CASE_APPROVE,
    "decline": Action.CASE_DECLINE,
    "return": Action.CASE_RETURN,
}
_MOVES = {
    EventType.CASE_SUBMITTED: Move.SUBMIT,
    EventType.REVIEW_STARTED: Move.TAKE_FOR_REVIEW,
    EventType.CASE_ACCEPTED: Move.ACCEPT,
    EventType.CASE_WITHDRAWN: Move.WITHDRAW,
}
_DECISION_MOVES = {"approve": Move.APPROVE, "decline": Move.DECLINE, "return": Move.RETURN}
#: a new profile's first events, made before its first administrator exists anywhere
_SEED = frozenset({EventType.PROFILE_CREATED, EventType.USER_ADDED, EventType.PASSWORD_SET})
_SEED_LENGTH = 3
#: what starts a new round of a case: earlier signatures no longer count after it
#: (as the workstation's fold voids them)
_ROUND_STARTS = (
    EventType.CASE_SUBMITTED,
    *sorted(EDIT_EVENTS),
    EventType.FIELDS_CONFIRMED,
)


#: what happened at a desk, recorded as it happened: no shared state changes by them,
#: so a switched-off author's sign-out, lock or print is kept as the fact it is
_RECORDS = frozenset(
    {
        EventType.SIGNED_IN,
        EventType.SIGN_IN_FAILED,
        EventType.SIGNED_OUT,
        EventType.SESSION_LOCKED,
        EventType.SESSION_UNLOCKED,
        EventType.FIELD_REVEALED,
        EventType.EXPORTED,
        EventType.PRINTED,
    }
)


class Refusal(Exception):
    """Why the branch does not apply an event; said to its author in words."""


class Judge:
    """Judges one push's events in order; cases it touches are kept in memory and written once.

    Nothing is written for a refused event: every check runs before the one
    write that can fail (an approval, held by the database), and that one has
    its own savepoint.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._states: dict[str, CaseState | None] = {}
        self._dirty: set[str] = set()
        self._new: set[str] = set()
        self._matrix: Matrix | None = None

    def _rules(self) -> Matrix:
        """The authority matrix in force at the branch, read once a push."""
        if self._matrix is None:
            self._matrix = rules.matrix(self._conn)
        return self._matrix

    def __call__(self, event: Event) -> str | None:
        """Apply ``event`` to the server's view of users and cases; the reason if refused."""
        try:
            self._judge(event)
        except Refusal as refusal:
            return str(refusal)
        return None

    def flush(self) -> None:
        """Write every case state this push changed."""
        for case_id in sorted(self._dirty):
            state = self._states[case_id]
            assert state is not None
            data = canonical.encode(case_domain.snapshot(state))
            if case_id in self._new:
                self._conn.execute(case_states.insert().values(case_id=case_id, state=data))
            else:
                self._conn.execute(
                    case_states.update().where(case_states.c.case_id == case_id).values(state=data)
                )
        self._dirty.clear()
        self._new.clear()

    def _judge(self, event: Event) -> None:
        conn = self._conn
        person = conn.execute(select(people).where(people.c.user_id == event.actor)).first()
        if person is None:
            if not _seed(event):
                raise Refusal("it was made by someone the branch does not know")
            roles: frozenset[Role] = frozenset({Role.ADMIN})
            username = "the new profile's administrator"
        else:
            if not person.active and event.type not in _RECORDS:
                raise Refusal(f"{person.username} is switched off in the branch")
            roles = frozenset(Role(r) for r in person.roles.split(","))
            username = person.username
        action = _action(event)
        if action is not None and not _seed(event) and not allowed(roles, action):
            raise Refusal(f"{username} may not do this ({action.value})")
        if event.case_id is not None and event.type in CASE_EVENTS:
            self._case(event, person)
        elif event.type in (EventType.USER_ADDED, EventType.USER_UPDATED, EventType.PASSWORD_SET):
            _user(conn, event, person)

    def _state(self, case_id: str) -> CaseState | None:
        if case_id not in self._states:
            stored = self._conn.execute(
                select(case_states.c.state).where(case_states.c.case_id == case_id)
            ).scalar()
            self._states[case_id] = None if stored is None else _restore(stored)
        return self._states[case_id]

    def _case(self, event: Event, person: Any) -> None:
        assert event.case_id is not None
        before = self._state(event.case_id)
        if before is not None:
            _check_move(before, event)
        try:
            after = case_domain.apply(before, event)
        except FoldError as exc:
            raise Refusal(f"it does not fit the case ({exc})") from None
        if event.type is EventType.DECISION_SIGNED:
            # Every check before the one write a refusal could not undo.
            public_key = person.public_key if person is not None else None
            _check_signed(event, before, public_key)
            assert before is not None
            slot = _check_authority(self._conn, self._rules(), event, before, person)
            _hold_approval(self._conn, event, slot)
        if before is None and event.case_id not in self._dirty:
            self._new.add(event.case_id)
        self._states[event.case_id] = after
        self._dirty.add(event.case_id)


def _seed(event: Event) -> bool:
    """One of a new profile's first events, by its administrator about themself."""
    if event.type not in _SEED or event.device_seq > _SEED_LENGTH:
        return False
    user_id = event.payload.get("user_id")
    return event.type is EventType.PROFILE_CREATED or user_id == event.actor


def _action(event: Event) -> Action | None:
    if event.type is EventType.DECISION_SIGNED:
        return _DECISION_ACTIONS.get(str(event.payload.get("decision")))
    return _ACTIONS.get(event.type)


def _user(conn: Connection, event: Event, author: Any) -> None:
    if event.type is EventType.USER_ADDED:
        added = UserAdded.model_validate(event.payload)
        taken = conn.execute(
            select(people.c.user_id).where(people.c.username == added.username)
        ).scalar()
        if taken is not None:
            raise Refusal(f"the branch already has a user named {added.username}")
        try:
            with conn.begin_nested():
                conn.execute(
                    people.insert().values(
                        user_id=added.user_id,
                        username=added.username,
                        roles=",".join(sorted(added.roles)),
                        active=1,
                        public_key=None,
                        tier=added.tier,
                        limits=_limits_text(added.limits),
                    )
                )
        except IntegrityError:
            raise Refusal(f"the branch already has the user {added.user_id}") from None
        return
    user_id = str(event.payload["user_id"])
    if event.type is EventType.PASSWORD_SET:
        if (
            author is not None
            and user_id != event.actor
            and not allowed(frozenset(Role(r) for r in author.roles.split(",")), Action.USER_MANAGE)
        ):
            raise Refusal("only the user or an administrator sets a password")
        values: dict[str, Any] = {
            "public_key": PasswordSet.model_validate(event.payload).public_key,
            "password_event": event.id,
        }
    else:
        change = UserUpdated.model_validate(event.payload)
        values = {}
        if change.roles is not None:
            values["roles"] = ",".join(sorted(change.roles))
        if change.active is not None:
            values["active"] = int(change.active)
        if change.tier is not None:
            values["tier"] = change.tier
        if change.limits is not None:
            values["limits"] = _limits_text(change.limits)
    updated = conn.execute(people.update().where(people.c.user_id == user_id).values(**values))
    if updated.rowcount != 1 and values:
        raise Refusal(f"it changes a user the branch does not know ({user_id})")


def _limits_text(limits: list[ApprovalLimit]) -> str:
    return canonical.encode([limit.model_dump(mode="json") for limit in limits]).decode("utf-8")


def _approver(person: Any, matrix: Matrix) -> Approver:
    raw = canonical.decode(person.limits.encode("utf-8"))
    assert isinstance(raw, list)
    own = tuple(
        (limit.product, Limit(limit.max_amount, limit.worst_grade))
        for limit in (ApprovalLimit.model_validate(x) for x in raw)
    )
    return Approver(person.user_id, person.tier or matrix.tiers[0].name, own)


def _check_authority(
    conn: Connection, matrix: Matrix, event: Event, state: CaseState, person: Any
) -> int:
    """Whether the author may take this decision on this case; an approval's place (0, 1).

    The same rules as the workstation's: who made or changed the case decides
    nothing; an approval needs a current risk grade and the signer's tier or
    own limits, as the authority matrix says, and claims to complete only what
    it does complete.
    """
    editors: set[str] = set(
        conn.execute(
            select(events.c.actor)
            .where(
                events.c.case_id == event.case_id,
                events.c.type.in_([kind.value for kind in EDITOR_EVENTS]),
                events.c.refused.is_(None),
            )
            .distinct()
        ).scalars()
    )
    if event.actor == state.submitted_by or event.actor in editors:
        raise Refusal("whoever submitted or changed a case cannot decide it")
    payload = event.payload
    if payload.get("decision") != "approve":
        return 0
    me = _approver(person, matrix)
    if payload.get("tier") != me.tier:
        raise Refusal(
            f"it is signed as tier {payload.get('tier')}, and its author signs as {me.tier}"
        )
    amount = state.value("requested_amount")
    if state.risk is None or state.risk.stale or not isinstance(amount, dict):
        raise Refusal("the case has no current risk grade or no amount to approve")
    earlier = [
        Approver(s.actor, s.tier)
        for s in state.signatures
        if s.decision == "approve" and not s.void
    ]
    loan = Loan(
        product=str(state.value("product")),
        amount=Decimal(str(amount["amount"])),
        grade=state.risk.authority_grade,
        submitted_by=state.submitted_by or "",
        edited_by=frozenset(editors),
    )
    try:
        verdict = may_sign(matrix, loan, me, earlier)
    except AuthorityError as exc:
        raise Refusal(f"the branch's authority matrix has no place for it ({exc})") from None
    if not verdict.allowed:
        raise Refusal(f"it is beyond its author's authority ({verdict.reason})")
    if bool(payload.get("completes")) != verdict.completes:
        raise Refusal(
            "it says it completes the approval, and the authority matrix says another "
            "signature must follow"
            if payload.get("completes")
            else "it says another signature must follow, and the authority matrix says it completes"
        )
    return len(earlier)


def _restore(data: bytes) -> CaseState:
    raw = canonical.decode(data)
    assert isinstance(raw, dict)
    return case_domain.restore(raw)


def _check_move(state: CaseState, event: Event) -> None:
    move = _MOVES.get(event.type)
    if event.type is EventType.DECISION_SIGNED:
        move = _DECISION_MOVES.get(str(event.payload.get("decision")))
    if move is None:
        return
    try:
        target(state.status, move)
    except WorkflowError as exc:
        raise Refusal(f"the case had moved on: {exc}") from None


def _check_signed(event: Event, state: CaseState | None, public_key: str | None) -> None:
    """A decision rests on the case as it stands here and is signed by its author."""
    if state is None or event.parent != state.head:
        raise Refusal(
            "the case changed since this decision was signed: someone's later change "
            "reached the server first, so the supervisor must look at the case again "
            "and sign anew"
        )
    payload = event.payload
    if public_key is None or payload.get("public_key") != public_key:
        raise Refusal("it is not signed with the key the branch holds for its author")
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key)).verify(
            bytes.fromhex(str(payload["signature"])), signed_message(event.case_id or "", payload)
        )
    except (ValueError, KeyError, InvalidSignature):
        raise Refusal("its signature does not verify") from None


def _hold_approval(conn: Connection, event: Event, slot: int) -> None:
    """Take the approval's place in the round: the database holds each place once."""
    if event.payload.get("decision") != "approve":
        return
    started = conn.execute(
        select(events.c.hash)
        .where(
            events.c.case_id == event.case_id,
            events.c.type.in_([kind.value for kind in _ROUND_STARTS]),
            events.c.refused.is_(None),
        )
        .order_by(events.c.server_seq.desc())
        .limit(1)
    ).scalar()
    tier = str(event.payload.get("tier", ""))
    try:
        with conn.begin_nested():
            conn.execute(
                approvals.insert().values(
                    case_id=event.case_id,
                    round=started or "",
                    slot=slot,
                    tier=tier,
                    actor=event.actor,
                    event_id=event.id,
                )
            )
    except IntegrityError:
        raise Refusal(
            "the case already holds this approval in this round: a second signature "
            "comes from another person, after the first"
        ) from None


def replay(conn: Connection) -> None:
    """Build the server's view of users and cases from the events it holds (a migration)."""
    rows: Iterable[bytes] = conn.execute(
        select(events.c.body).where(events.c.refused.is_(None)).order_by(events.c.server_seq)
    ).scalars()
    judge = Judge(conn)
    for body in rows:
        judge(Event.from_bytes(body))
    judge.flush()
