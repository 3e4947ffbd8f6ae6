"""The case as a pure fold of its events: the projection every screen reads."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.domain import docevents, riskevents
from app.domain.docevents import DocumentState
from app.domain.events import EDIT_EVENTS, Event, EventType
from app.domain.riskevents import RiskState


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    DECLINED = "declined"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    WITHDRAWN = "withdrawn"


class Signature(BaseModel):
    """One decision signed on the case, and whether a later change voided it."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    event_id: str
    decision: str
    tier: str
    actor: str
    at: str
    completes: bool
    void: bool = False


class Claim(BaseModel):
    """One of the values concurrent edits gave a field, and who gave it when."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    value: Any
    event_id: str
    actor: str
    at: str


class FoldError(ValueError):
    """Events that cannot make a case (wrong case, missing opening, wrong head)."""


class CaseState(BaseModel):
    """Everything a case is, derived from its events and nothing else."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    case_id: str
    case_no: str
    status: Status
    fields: dict[str, Any]
    opened_at: str
    opened_by: str
    updated_at: str
    updated_by: str
    head: str
    version: int
    comments: int = 0
    documents: dict[str, DocumentState] = Field(default_factory=dict)
    #: the latest assessment by the champion model, and by the challenger
    risk: RiskState | None = None
    risk_challenger: RiskState | None = None
    #: who submitted the case last, and the route the pre-screen proposed
    submitted_by: str | None = None
    routing: str | None = None
    signatures: tuple[Signature, ...] = ()
    #: fields concurrent edits set to different values, each with every value
    #: still standing (``app.domain.conflicts``); left out while there are none
    conflicts: dict[str, tuple[Claim, ...]] = Field(
        default_factory=dict, exclude_if=lambda value: not value
    )

    def value(self, name: str) -> Any:
        return self.fields.get(name)


def _opened(event: Event) -> CaseState:
    if event.type is not EventType.CASE_OPENED or event.case_id is None:
        raise FoldError("a case starts with CaseOpened")
    return CaseState(
        case_id=event.case_id,
        case_no=event.payload["case_no"],
        status=Status.DRAFT,
        fields={},
        opened_at=event.at,
        opened_by=event.actor,
        updated_at=event.at,
        updated_by=event.actor,
        head=event.hash,
        version=1,
    )


def apply(state: CaseState | None, event: Event) -> CaseState:
    """The case after ``event``; ``state`` is None before the case is opened."""
    if state is None:
        return _opened(event)
    if event.case_id != state.case_id:
        raise FoldError(f"event {event.id} belongs to another case")
    changes: dict[str, Any] = {
        "head": event.hash,
        "version": state.version + 1,
        "updated_at": event.at,
        "updated_by": event.actor,
    }
    if event.type in EDIT_EVENTS:
        changes.update(_edited(state, event))
    elif event.type is EventType.COMMENT_ADDED:
        changes["comments"] = state.comments + 1
    elif event.type in _DOCUMENT_EVENTS:
        changes["documents"] = _documents(state, event)
    elif event.type in _DECISION_EVENTS:
        changes.update(_decided(state, event))
    elif event.type is EventType.RISK_ASSESSED:
        role, risk = riskevents.assessed(event.payload, at=event.at, actor=event.actor)
        changes["risk" if role == "champion" else "risk_challenger"] = risk
    elif event.type is EventType.GRADE_OVERRIDDEN:
        if state.risk is None:
            raise FoldError("a grade is overridden only after the case is scored")
        try:
            changes["risk"] = riskevents.overridden(
                state.risk, event.payload, at=event.at, actor=event.actor
            )
        except ValueError as exc:
            raise FoldError(str(exc)) from None
    elif event.type is EventType.CASE_OPENED:
        raise FoldError("a case is opened only once")
    return state.model_copy(update=changes)


_DECISION_EVENTS = frozenset(
    {
        EventType.CASE_SUBMITTED,
        EventType.REVIEW_STARTED,
        EventType.DECISION_SIGNED,
        EventType.CASE_ACCEPTED,
        EventType.CASE_WITHDRAWN,
    }
)
_MOVES = {
    EventType.CASE_SUBMITTED: Status.SUBMITTED,
    EventType.REVIEW_STARTED: Status.IN_REVIEW,
    EventType.CASE_ACCEPTED: Status.ACCEPTED,
    EventType.CASE_WITHDRAWN: Status.WITHDRAWN,
}


def _edited(state: CaseState, event: Event) -> dict[str, Any]:
    """The fields after a change, and what the change makes stale or void."""
    patch: dict[str, Any] = event.payload["fields"]
    merged = {**state.fields, **patch}
    fields = {k: v for k, v in sorted(merged.items()) if v is not None}
    changes: dict[str, Any] = {"fields": fields}
    if any(name in state.conflicts for name in patch):
        # Whoever made an edit on this workstation saw every value standing;
        # a fold in server order reopens what they could not have seen.
        changes["conflicts"] = {k: v for k, v in state.conflicts.items() if k not in patch}
    if fields == state.fields:
        return changes
    for key in ("risk", "risk_challenger"):
        standing = getattr(state, key)
        if standing is not None:
            changes[key] = standing.model_copy(update={"stale": True})
    if state.signatures:
        # A change after a signature voids it; an approved case goes back to review.
        changes["signatures"] = tuple(s.model_copy(update={"void": True}) for s in state.signatures)
        if state.status is Status.APPROVED:
            changes["status"] = Status.IN_REVIEW
    return changes


def _decided(state: CaseState, event: Event) -> dict[str, Any]:
    """The status and signatures after a step of the decision (checked by the service)."""
    payload = event.payload
    if event.type is EventType.CASE_SUBMITTED:
        # A new submission starts a new round: earlier signatures no longer count.
        return {
            "status": Status.SUBMITTED,
            "submitted_by": event.actor,
            "routing": payload["routing"],
            "signatures": tuple(s.model_copy(update={"void": True}) for s in state.signatures),
        }
    if event.type is not EventType.DECISION_SIGNED:
        return {"status": _MOVES[event.type]}
    signature = Signature(
        event_id=event.id,
        decision=payload["decision"],
        tier=payload["tier"],
        actor=event.actor,
        at=event.at,
        completes=payload["completes"],
    )
    status = {"decline": Status.DECLINED, "return": Status.RETURNED}.get(
        payload["decision"],
        Status.APPROVED if payload["completes"] else state.status,
    )
    return {"status": status, "signatures": (*state.signatures, signature)}


_DOCUMENT_EVENTS = frozenset(
    {
        EventType.DOCUMENT_ATTACHED,
        EventType.FIELDS_EXTRACTED,
        EventType.FIELDS_CONFIRMED,
        EventType.DOCUMENT_REMOVED,
    }
)


def _documents(state: CaseState, event: Event) -> dict[str, DocumentState]:
    docs = dict(state.documents)
    try:
        if event.type is EventType.DOCUMENT_ATTACHED:
            docevents.attach(docs, event.payload, at=event.at, actor=event.actor)
        elif event.type is EventType.FIELDS_EXTRACTED:
            docevents.extracted(docs, event.payload)
        elif event.type is EventType.DOCUMENT_REMOVED:
            docevents.removed(docs, event.payload)
        else:
            docevents.confirmed(docs, event.payload, at=event.at, actor=event.actor)
    except ValueError as exc:
        raise FoldError(f"event {event.id}: {exc}") from None
    return docs


def fold(events: Iterable[Event]) -> CaseState | None:
    """The case made by ``events`` in order; None for no events."""
    state: CaseState | None = None
    for event in events:
        state = apply(state, event)
    return state


def restore(data: dict[str, Any]) -> CaseState:
    return CaseState.model_validate(data)


def snapshot(state: CaseState) -> dict[str, Any]:
    dumped: dict[str, Any] = state.model_dump(mode="json")
    return dumped


class CaseSummary(BaseModel):
    """One row of the case list: what the list shows, nothing more."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    case_id: str
    case_no: str
    status: Status
    full_name: str | None
    id_number: str | None
    amount: str | None
    currency: str | None
    product: str | None
    updated_at: str

    @classmethod
    def of(cls, state: CaseState) -> CaseSummary:
        amount = state.value("requested_amount")
        return cls(
            case_id=state.case_id,
            case_no=state.case_no,
            status=state.status,
            full_name=state.value("full_name"),
            id_number=state.value("id_number"),
            amount=amount["amount"] if amount else None,
            currency=amount["currency"] if amount else None,
            product=state.value("product"),
            updated_at=state.updated_at,
        )
