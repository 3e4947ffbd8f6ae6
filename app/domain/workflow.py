"""The life of a case as a state machine: who may move it from which status to which.

- draft or returned --submit--> submitted --take for review--> in review;
- in review --approve--> approved --accept (the applicant agrees)--> accepted;
- in review --decline--> declined; submitted or in review --return--> returned;
- an edit keeps a draft a draft and a returned case returned, and sends an
  approved case back to review (its signatures are void);
- withdraw: from any open status to withdrawn.

Each move names the action (and so the roles) that may take it. Approving
also needs the authority and the four eyes the authority matrix checks;
here is only whether the move exists from the status the case is in.
Declined, accepted and withdrawn are final.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.domain.case import Status
from app.domain.roles import Action, Role, allowed


class Move(StrEnum):
    SUBMIT = "submit"
    TAKE_FOR_REVIEW = "take_for_review"
    APPROVE = "approve"
    DECLINE = "decline"
    RETURN = "return"
    ACCEPT = "accept"
    WITHDRAW = "withdraw"
    EDIT = "edit"


class WorkflowError(ValueError):
    """A move the case's status or the user's roles do not allow, said in words."""


@dataclass(frozen=True)
class Rule:
    sources: frozenset[Status]
    #: None: the status stays (an edit of a draft stays a draft)
    target: Status | None
    action: Action


OPEN = frozenset(
    {Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.RETURNED, Status.APPROVED}
)
FINAL = frozenset({Status.DECLINED, Status.ACCEPTED, Status.WITHDRAWN})

RULES: dict[Move, Rule] = {
    Move.SUBMIT: Rule(
        frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED, Action.CASE_SUBMIT
    ),
    Move.TAKE_FOR_REVIEW: Rule(frozenset({Status.SUBMITTED}), Status.IN_REVIEW, Action.CASE_REVIEW),
    Move.APPROVE: Rule(frozenset({Status.IN_REVIEW}), Status.APPROVED, Action.CASE_APPROVE),
    Move.DECLINE: Rule(frozenset({Status.IN_REVIEW}), Status.DECLINED, Action.CASE_DECLINE),
    Move.RETURN: Rule(
        frozenset({Status.SUBMITTED, Status.IN_REVIEW}), Status.RETURNED, Action.CASE_RETURN
    ),
    Move.ACCEPT: Rule(frozenset({Status.APPROVED}), Status.ACCEPTED, Action.CASE_ACCEPT),
    Move.WITHDRAW: Rule(OPEN, Status.WITHDRAWN, Action.CASE_WITHDRAW),
    # An edit of an approved case voids its signatures and sends it back to review.
    Move.EDIT: Rule(
        frozenset({Status.DRAFT, Status.RETURNED, Status.APPROVED}), None, Action.CASE_EDIT
    ),
}

_STATUS_WORDS = {
    Status.DRAFT: "a draft",
    Status.SUBMITTED: "submitted",
    Status.IN_REVIEW: "in review",
    Status.APPROVED: "approved",
    Status.DECLINED: "declined",
    Status.RETURNED: "returned",
    Status.ACCEPTED: "accepted",
    Status.WITHDRAWN: "withdrawn",
}


def target(status: Status, move: Move) -> Status:
    """The status after ``move``, or WorkflowError saying why the case cannot take it."""
    rule = RULES[move]
    if status not in rule.sources:
        if status in FINAL:
            raise WorkflowError(f"The case is {_STATUS_WORDS[status]}; nothing more can be done.")
        raise WorkflowError(f"A case that is {_STATUS_WORDS[status]} cannot be {_DONE[move]}.")
    if rule.target is not None:
        return rule.target
    return Status.IN_REVIEW if status is Status.APPROVED else status


def may(roles: Iterable[Role], status: Status, move: Move) -> bool:
    """Whether someone holding ``roles`` may take ``move`` on a case in ``status``."""
    return status in RULES[move].sources and allowed(frozenset(roles), RULES[move].action)


def moves(roles: Iterable[Role], status: Status) -> list[Move]:
    """The moves someone holding ``roles`` may take now, in the order of ``Move``."""
    held = frozenset(roles)
    return [m for m in Move if may(held, status, m)]


_DONE = {
    Move.SUBMIT: "submitted",
    Move.TAKE_FOR_REVIEW: "taken for review",
    Move.APPROVE: "approved",
    Move.DECLINE: "declined",
    Move.RETURN: "returned to the officer",
    Move.ACCEPT: "accepted by the applicant",
    Move.WITHDRAW: "withdrawn",
    Move.EDIT: "changed",
}
