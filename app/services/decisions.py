"""Submitting a case, reviewing it and signing the decision; checking the signatures.

``submit`` runs the product's policy rules and records the route they
propose; ``start_review`` lets a supervisor take the case; ``decide`` signs
an approval, a decline or a return after the password again: four eyes (no
one who submitted or changed the case), the authority matrix for approvals
(dual control above the limits), and an Ed25519 signature over the canonical
hash of (case, head, decision, tier, conditions, reasons, time). ``verify``
checks every signature on a case against the record and says in words what
fails.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import select

from app.domain.applicant import FIELD_BY_NAME
from app.domain.authority import Approver, Loan, Verdict, may_sign
from app.domain.case import CaseState, Signature, Status
from app.domain.decisions import signed_message
from app.domain.events import EDITOR_EVENTS, Event, EventError, EventType, format_time
from app.domain.products import ProductError, RuleResult, prescreen, routing
from app.domain.riskevents import Override
from app.domain.roles import Action, Role, allowed
from app.domain.workflow import Move, WorkflowError, moves, target
from app.errors import InvalidInput, NotFound, UserError
from app.security.signing import verify as verify_signature
from app.services.accounts import AccountService
from app.services.authority import approver_of
from app.services.branchrules import catalogue, matrix
from app.services.changes import CaseOpChanges
from app.services.intake import IntakeService
from app.services.profile import Profile
from app.services.risk import RiskUnavailable, load_models
from app.store import schema as t
from app.store.people import UserRow

_EDITS = EDITOR_EVENTS
_ACTIONS = {
    "approve": Action.CASE_APPROVE,
    "decline": Action.CASE_DECLINE,
    "return": Action.CASE_RETURN,
}
GRADES = ("A", "B", "C", "D", "E")
_MOVES = {"approve": Move.APPROVE, "decline": Move.DECLINE, "return": Move.RETURN}


class DecisionRefused(UserError):
    """A step of the decision the case, the rules or the authority do not allow, in words."""


@dataclass(frozen=True)
class DecisionOverview:
    status: Status
    #: the route the policy rules and the grade propose now (None: no product chosen)
    routing: str | None
    rules: list[RuleResult]
    #: the steps the signed-in user may take now
    moves: list[Move]
    signatures: list[Signature]
    names: dict[str, str]
    #: the recorded score's reasons in words, (English, Chinese): a decline's first reasons
    model_reasons: list[tuple[str, str]] = field(default_factory=list)
    #: for an approver, whether the matrix lets them approve the case and why
    authority: Verdict | None = None
    #: the model's grade of the case as it stands (None: not scored, or stale)
    model_grade: str | None = None
    override: Override | None = None
    #: whether the signed-in user may override the grade now
    may_override: bool = False


@dataclass(frozen=True)
class OverrideRecord:
    case_id: str
    case_no: str
    model_grade: str
    grade: str
    justification: str
    by: str
    at: str
    #: the case's status now: where the overridden case ended up
    status: Status

    @property
    def direction(self) -> str:
        """``better``: the override grades the applicant better than the model did."""
        return "better" if self.grade < self.model_grade else "worse"


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    lines: list[str] = field(default_factory=list)
    #: per signature (its event id): "valid", "void" or "failed", and the sentence said
    outcomes: dict[str, tuple[str, str]] = field(default_factory=dict)


#: what waits until a person has settled a case's conflicting values
_WAIT_FOR_RESOLUTION = frozenset({Move.SUBMIT, Move.APPROVE, Move.DECLINE, Move.ACCEPT})


class DecisionService:
    def __init__(self, profile: Profile) -> None:
        self._profile = profile
        self._store = profile.store

    def _state(self, case_id: str) -> CaseState:
        state = self._store.case(case_id)
        if state is None:
            raise NotFound(f"There is no case {case_id}.")
        return state

    @staticmethod
    def _check_move(state: CaseState, move: Move) -> None:
        try:
            target(state.status, move)
        except WorkflowError as exc:
            raise DecisionRefused(str(exc)) from None
        if state.conflicts and move in _WAIT_FOR_RESOLUTION:
            names = ", ".join(FIELD_BY_NAME[name].label.lower() for name in sorted(state.conflicts))
            raise DecisionRefused(
                f"Two people set the {names} differently while apart: resolve the conflict "
                "on the case first."
            )

    # -- submit and review ------------------------------------------------------
    def submit(self, case_id: str) -> CaseOpChanges:
        """Run the product's policy rules on the case and send it for review."""
        self._profile.require(Action.CASE_SUBMIT)
        state = self._state(case_id)
        self._check_move(state, Move.SUBMIT)
        products = catalogue(self._store)
        try:
            product = products.product(str(state.value("product")))
        except ProductError:
            raise DecisionRefused("Choose the product before submitting the case.") from None
        stale = sum(
            1
            for f in IntakeService(self._profile).findings(case_id)
            if f.code in ("document.stale", "id.expired", "passport.expired")
        )
        grade = state.risk.grade if state.risk is not None and not state.risk.stale else None
        results = prescreen(
            product, state.fields, today=self._profile.clock().date(), stale_documents=stale
        )
        payload: dict[str, Any] = {
            "routing": routing(product, grade, results),
            "grade": grade,
            "rules": [{"code": r.code, "outcome": r.outcome.value} for r in results],
            "products_version": products.version,
        }
        return self._emit(state, EventType.CASE_SUBMITTED, payload)

    def start_review(self, case_id: str) -> CaseOpChanges:
        self._profile.require(Action.CASE_REVIEW)
        state = self._state(case_id)
        self._check_move(state, Move.TAKE_FOR_REVIEW)
        return self._emit(state, EventType.REVIEW_STARTED, {})

    def override_grade(self, case_id: str, grade: str, justification: str) -> CaseOpChanges:
        """Set the grade the decision rests on instead of the model's, with a written why.

        Before anyone signs, by someone who neither submitted nor changed the
        case. The authority matrix then reads the worse of the two grades, so an
        override never widens anyone's authority; it shows in the overrides report.
        """
        session = self._profile.require(Action.RISK_OVERRIDE)
        state = self._state(case_id)
        if state.status not in (Status.SUBMITTED, Status.IN_REVIEW):
            raise DecisionRefused("A grade is overridden while the case awaits its decision.")
        risk = state.risk
        if risk is None or risk.stale:
            raise DecisionRefused("Record the risk score of the case as it stands first.")
        me = session.user.user_id
        if me == state.submitted_by or me in self._editors(case_id):
            raise DecisionRefused("Whoever submitted or changed a case cannot override its grade.")
        if any(not s.void for s in state.signatures):
            raise DecisionRefused("Override the grade before anyone signs the decision.")
        if grade not in GRADES:
            raise InvalidInput({"grade": [("override.grade", "A grade from A to E.")]})
        if grade == risk.decision_grade:
            raise DecisionRefused("The case has that grade already.")
        words = " ".join(justification.split())
        if len(words) < 20:
            raise InvalidInput(
                {"justification": [("override.why", "Write why, in at least 20 characters.")]}
            )
        payload = {"model_grade": risk.grade, "grade": grade, "justification": words[:1000]}
        return self._emit(state, EventType.GRADE_OVERRIDDEN, payload)

    def overrides(self) -> list[OverrideRecord]:
        """Every grade override on record, newest first, with the case's outcome now."""
        self._profile.require(Action.REPORT_VIEW)
        names = self._profile.user_names()
        out = []
        before: int | None = None
        while True:
            page = self._store.events_of_types((EventType.GRADE_OVERRIDDEN,), before_seq=before)
            for seq, event in page:
                state = self._store.case(event.case_id or "")
                if state is None:
                    continue
                out.append(
                    OverrideRecord(
                        case_id=state.case_id,
                        case_no=state.case_no,
                        model_grade=str(event.payload["model_grade"]),
                        grade=str(event.payload["grade"]),
                        justification=str(event.payload["justification"]),
                        by=names.get(event.actor, event.actor),
                        at=event.at,
                        status=state.status,
                    )
                )
                before = seq
            if len(page) < 200:
                return out

    def accept(self, case_id: str) -> CaseOpChanges:
        """Record that the applicant accepted the approved offer."""
        self._profile.require(Action.CASE_ACCEPT)
        state = self._state(case_id)
        self._check_move(state, Move.ACCEPT)
        return self._emit(state, EventType.CASE_ACCEPTED, {})

    def withdraw(self, case_id: str, reason: str) -> CaseOpChanges:
        """Withdraw an open case (the applicant no longer wants the loan, say), with why."""
        self._profile.require(Action.CASE_WITHDRAW)
        state = self._state(case_id)
        self._check_move(state, Move.WITHDRAW)
        reason = reason.strip()
        if not reason:
            raise InvalidInput({"reason": [("withdraw.reason", "Say why the case is withdrawn.")]})
        return self._emit(state, EventType.CASE_WITHDRAWN, {"reason": reason[:500]})

    def _emit(
        self,
        state: CaseState,
        kind: EventType,
        payload: dict[str, Any],
        *,
        png: bytes | None = None,
    ) -> CaseOpChanges:
        """Record ``kind`` on the case as the user saw it (and keep ``png`` with it)."""
        with self._store.writing() as tx:
            current = tx.case(state.case_id)
            if current is None or current.head != state.head:
                raise DecisionRefused("The case changed meanwhile; look at it again.")
            if png is not None:
                tx.put_blob(png, "image/png")
            self._profile.emit(tx, kind, payload, case_id=state.case_id, parent=state.head)
        return CaseOpChanges(
            case_ids=frozenset({state.case_id}), case_list=True, case_id=state.case_id
        )

    # -- deciding ---------------------------------------------------------------
    def decide(
        self,
        case_id: str,
        decision: str,
        password: str,
        *,
        conditions: Sequence[str] = (),
        reasons: Sequence[str] = (),
        note: str = "",
        signature_image: bytes | None = None,
    ) -> CaseOpChanges:
        """Sign ``decision`` (approve, decline or return) after the password again.

        ``signature_image`` is the PNG of the signature drawn on screen; it is
        kept with the case and its hash is part of what the key signs.
        """
        if decision not in _ACTIONS:
            raise InvalidInput({"decision": [("decision.kind", "approve, decline or return")]})
        action = _ACTIONS[decision]
        session = self._profile.require(action)
        state = self._state(case_id)
        self._check_move(state, _MOVES[decision])
        me = approver_of(self._store.user(session.user.user_id) or session.user)
        editors = self._editors(case_id)
        if me.user_id == state.submitted_by or me.user_id in editors:
            raise DecisionRefused("Whoever submitted or changed a case cannot decide it.")
        if decision == "decline" and not 1 <= len(reasons) <= 4:
            raise DecisionRefused("A decline gives one to four principal reasons.")
        completes = True
        if decision == "approve":
            verdict = self._verdict(state, me, editors)
            if not verdict.allowed:
                raise DecisionRefused(verdict.reason)
            completes = verdict.completes
        payload: dict[str, Any] = {
            "decision": decision,
            "tier": me.tier,
            "conditions": [c.strip() for c in conditions if c.strip()],
            "reasons": [r.strip() for r in reasons if r.strip()],
            "note": note.strip(),
            "signed_head": state.head,
            "signed_at": format_time(self._profile.clock()),
            "completes": completes,
            "signature_image": None,
        }
        if signature_image is not None:
            if not signature_image.startswith(b"\x89PNG\r\n\x1a\n"):
                raise InvalidInput({"signature": [("signature.format", "a PNG image")]})
            payload["signature_image"] = hashlib.sha256(signature_image).hexdigest()
        public_key, signature = AccountService(self._profile).sign(
            action, password, signed_message(case_id, payload)
        )
        payload.update(public_key=public_key, signature=signature)
        return self._emit(state, EventType.DECISION_SIGNED, payload, png=signature_image)

    def _editors(self, case_id: str) -> set[str]:
        return {e.actor for e in self._store.case_events(case_id) if e.type in _EDITS}

    def may_approve(self, case_id: str) -> Verdict:
        """Whether the signed-in user may sign an approval of the case now, and why."""
        session = self._profile.require(Action.CASE_VIEW)
        state = self._state(case_id)
        user = self._store.user(session.user.user_id) or session.user
        if not allowed(session.roles, Action.CASE_APPROVE):
            return Verdict(False, False, "Your role does not allow approving a case.")
        try:
            target(state.status, Move.APPROVE)
        except WorkflowError as exc:
            return Verdict(False, False, str(exc))
        try:
            return self._verdict(state, approver_of(user), self._editors(case_id))
        except DecisionRefused as exc:
            return Verdict(False, False, str(exc))

    def awaiting_me(self) -> frozenset[str]:
        """The cases waiting for a decision the signed-in user may sign.

        Submitted or in review, neither submitted nor changed by them, not yet
        signed by them, and within their authority alone or as the missing
        signature.
        """
        session = self._profile.require(Action.CASE_VIEW)
        if not allowed(session.roles, Action.CASE_APPROVE):
            return frozenset()
        user = self._store.user(session.user.user_id) or session.user
        me = approver_of(user)
        edited = self._store.cases_by(me.user_id, _EDITS)
        out = set()
        for state in self._store.cases_in((Status.SUBMITTED, Status.IN_REVIEW)):
            if any(s.actor == me.user_id and not s.void for s in state.signatures):
                continue
            editors = {me.user_id} if state.case_id in edited else set()
            try:
                if self._verdict(state, me, editors).allowed:
                    out.add(state.case_id)
            except DecisionRefused:
                continue
        return frozenset(out)

    def _verdict(self, state: CaseState, me: Approver, editors: set[str]) -> Verdict:
        """Whether ``me`` may approve and if that signature completes the approval."""
        if state.risk is None or state.risk.stale:
            raise DecisionRefused("Record the risk score of the case as it stands first.")
        amount = state.value("requested_amount")
        if not isinstance(amount, dict):
            raise DecisionRefused("The case has no amount to approve.")
        loan = Loan(
            product=str(state.value("product")),
            amount=_decimal(amount["amount"]),
            grade=state.risk.authority_grade,
            submitted_by=state.submitted_by or "",
            edited_by=frozenset(editors),
        )
        earlier = [
            Approver(s.actor, s.tier)
            for s in state.signatures
            if s.decision == "approve" and not s.void
        ]
        return may_sign(matrix(self._store), loan, me, earlier)

    # -- what the screens show -------------------------------------------------
    def overview(self, case_id: str) -> DecisionOverview:
        """The case's policy rules as they stand, the moves open to the user, the signatures."""
        session = self._profile.require(Action.CASE_VIEW)
        state = self._state(case_id)
        product = catalogue(self._store).products.get(str(state.value("product")))
        results: list[RuleResult] = []
        route: str | None = None
        risk = state.risk
        if product is not None:
            grade = risk.decision_grade if risk is not None and not risk.stale else None
            results = prescreen(product, state.fields, today=self._profile.clock().date())
            route = routing(product, grade, results)
        return DecisionOverview(
            status=state.status,
            routing=route,
            rules=results,
            moves=moves(session.roles, state.status),
            signatures=list(state.signatures),
            names=self._profile.user_names(),
            model_reasons=self._reason_texts(state),
            authority=self._authority_for(session.user, session.roles, state),
            model_grade=risk.grade if risk is not None and not risk.stale else None,
            override=risk.override if risk is not None and not risk.stale else None,
            may_override=(
                allowed(session.roles, Action.RISK_OVERRIDE)
                and state.status in (Status.SUBMITTED, Status.IN_REVIEW)
                and risk is not None
                and not risk.stale
                and not any(not s.void for s in state.signatures)
            ),
        )

    def _authority_for(
        self, user: UserRow, roles: frozenset[Role], state: CaseState
    ) -> Verdict | None:
        if not allowed(roles, Action.CASE_APPROVE):
            return None
        if state.status not in (Status.SUBMITTED, Status.IN_REVIEW):
            return None
        me = approver_of(self._store.user(user.user_id) or user)
        try:
            return self._verdict(state, me, self._editors(state.case_id))
        except DecisionRefused as exc:
            return Verdict(False, False, str(exc))

    def _reason_texts(self, state: CaseState) -> list[tuple[str, str]]:
        """The recorded score's reasons in words (English, Chinese), from the model's spec."""
        if state.risk is None:
            return []
        try:
            spec = load_models(self._profile.path).champion.spec
        except RiskUnavailable:
            return []
        out = []
        for reason in state.risk.reasons:
            try:
                feature = spec.feature(reason.feature)
            except KeyError:
                continue
            out.append((feature.reason_en, feature.reason_zh))
        return out

    # -- checking ---------------------------------------------------------------
    def verify(self, case_id: str) -> VerifyReport:
        """Every signature on the case against the record, in words."""
        self._profile.require(Action.CASE_VIEW)
        with self._store.reading() as conn:
            rows = conn.execute(
                select(t.events.c.seq, t.events.c.body)
                .where(t.events.c.case_id == case_id)
                .order_by(t.events.c.seq)
            ).all()
        if not rows:
            raise NotFound(f"There is no case {case_id}.")
        lines: list[str] = []
        events: list[Event] = []
        for seq, body in rows:
            try:
                events.append(Event.from_bytes(cast(bytes, body)))
            except EventError:
                lines.append(f"Event {seq} of the case was changed after it was written.")
        if lines:
            return VerifyReport(False, [*lines, "The signatures cannot be trusted."])
        ok = True
        names = self._profile.user_names()
        for before, event in zip(events, events[1:], strict=False):
            if event.parent is not None and event.parent != before.hash:
                ok = False
                lines.append(f"Event {event.id} does not follow the one before it.")
        voided = _void_after(events)
        heads = {e.hash for e in events}
        keys = self._keys()
        outcomes: dict[str, tuple[str, str]] = {}
        for event in events:
            if event.type is not EventType.DECISION_SIGNED:
                continue
            signer_keys = keys.get(event.actor, set())
            good = _check_signature(case_id, event, heads, signer_keys, names, voided, lines)
            ok &= good
            state = ("void" if event.id in voided else "valid") if good else "failed"
            outcomes[event.id] = (state, lines[-1])
        if not any(e.type is EventType.DECISION_SIGNED for e in events):
            lines.append("The case carries no signature yet.")
        return VerifyReport(ok, lines, outcomes)

    def _keys(self) -> dict[str, set[str]]:
        """Every public key each user has had (keys change with a password reset), in one read."""
        keys: dict[str, set[str]] = {}
        for event in self._store.all_events():
            key, user_id = event.payload.get("public_key"), event.payload.get("user_id")
            if event.type in (EventType.USER_ADDED, EventType.PASSWORD_SET) and isinstance(
                key, str
            ):
                keys.setdefault(str(user_id), set()).add(key)
        for user in self._store.users():
            if user.public_key:
                keys.setdefault(user.user_id, set()).add(user.public_key)
        return keys


def _check_signature(
    case_id: str,
    event: Event,
    heads: set[str],
    keys: set[str],
    names: dict[str, str],
    voided: set[str],
    lines: list[str],
) -> bool:
    """One decision's signature against the case's record and its signer's keys."""
    p = event.payload
    who = names.get(event.actor, event.actor)
    what = f"The {p['decision']} signed by {who} at {p['signed_at']}"
    if p["signed_head"] != event.parent or p["signed_head"] not in heads:
        lines.append(f"{what} does not sign the case as it was: the record before it changed.")
        return False
    if p["public_key"] not in keys:
        lines.append(f"{what} uses a key that was never {who}'s.")
        return False
    if not verify_signature(p["public_key"], p["signature"], signed_message(case_id, p)):
        lines.append(f"{what} does not match its content: the signature fails.")
        return False
    state = "void: the case was changed after it" if event.id in voided else "valid"
    lines.append(f"{what}: the signature verifies ({state}).")
    return True


def _void_after(events: list[Event]) -> set[str]:
    """Signatures a later change of the application or a new submission voided."""
    voided: set[str] = set()
    signed: list[str] = []
    for event in events:
        if event.type is EventType.DECISION_SIGNED:
            signed.append(event.id)
        elif event.type in (*_EDITS, EventType.CASE_SUBMITTED):
            voided.update(signed)
    return voided


def _decimal(text: object) -> Decimal:
    return Decimal(str(text))
