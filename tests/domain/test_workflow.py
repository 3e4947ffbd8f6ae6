"""The case workflow: a table written out by hand, and a stateful test of every sequence."""

from __future__ import annotations

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from app.domain.case import Status
from app.domain.roles import Role
from app.domain.workflow import FINAL, Move, WorkflowError, may, moves, target

S, M = Status, Move

#: every allowed (status, move) and where it leads, written out independently of the code
TABLE: dict[tuple[Status, Move], Status] = {
    (S.DRAFT, M.SUBMIT): S.SUBMITTED,
    (S.RETURNED, M.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, M.TAKE_FOR_REVIEW): S.IN_REVIEW,
    (S.IN_REVIEW, M.APPROVE): S.APPROVED,
    (S.IN_REVIEW, M.DECLINE): S.DECLINED,
    (S.SUBMITTED, M.RETURN): S.RETURNED,
    (S.IN_REVIEW, M.RETURN): S.RETURNED,
    (S.APPROVED, M.ACCEPT): S.ACCEPTED,
    (S.DRAFT, M.EDIT): S.DRAFT,
    (S.RETURNED, M.EDIT): S.RETURNED,
    (S.APPROVED, M.EDIT): S.IN_REVIEW,
    **{
        (s, M.WITHDRAW): S.WITHDRAWN
        for s in (S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.RETURNED, S.APPROVED)
    },
}
#: who takes each move
TAKER = {
    M.SUBMIT: Role.OFFICER,
    M.TAKE_FOR_REVIEW: Role.SUPERVISOR,
    M.APPROVE: Role.SUPERVISOR,
    M.DECLINE: Role.SUPERVISOR,
    M.RETURN: Role.SUPERVISOR,
    M.ACCEPT: Role.OFFICER,
    M.WITHDRAW: Role.OFFICER,
    M.EDIT: Role.OFFICER,
}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("move", list(Move))
def test_the_code_has_exactly_the_table(status: Status, move: Move) -> None:
    expected = TABLE.get((status, move))
    if expected is None:
        with pytest.raises(WorkflowError):
            target(status, move)
    else:
        assert target(status, move) == expected


@pytest.mark.parametrize("move", list(Move))
def test_each_move_is_taken_by_its_role_only(move: Move) -> None:
    source = next(s for (s, m) in TABLE if m is move)
    for role in Role:
        assert may([role], source, move) == (role is TAKER[move]), (move, role)


def test_the_refusals_say_why_in_words() -> None:
    with pytest.raises(WorkflowError, match="A case that is a draft cannot be approved"):
        target(S.DRAFT, M.APPROVE)
    with pytest.raises(WorkflowError, match="declined; nothing more can be done"):
        target(S.DECLINED, M.SUBMIT)


def test_an_officer_and_a_supervisor_see_their_own_next_steps() -> None:
    assert moves([Role.OFFICER], S.DRAFT) == [M.SUBMIT, M.WITHDRAW, M.EDIT]
    assert moves([Role.SUPERVISOR], S.IN_REVIEW) == [M.APPROVE, M.DECLINE, M.RETURN]
    assert moves([Role.AUDITOR], S.IN_REVIEW) == []


class CaseLife(RuleBasedStateMachine):
    """Any sequence of moves by any roles, against the table."""

    def __init__(self) -> None:
        super().__init__()
        self.status = S.DRAFT
        self.seen = [S.DRAFT]

    @rule(move=st.sampled_from(list(Move)), role=st.sampled_from(list(Role)))
    def act(self, move: Move, role: Role) -> None:
        before = self.status
        if not may([role], before, move):
            # refused: by the status or the role; the case does not move
            assert (before, move) not in TABLE or role is not TAKER[move]
            return
        self.status = target(before, move)
        assert self.status == TABLE[(before, move)]
        self.seen.append(self.status)

    @invariant()
    def a_final_status_is_final(self) -> None:
        if self.status in FINAL:
            assert all(moves([role], self.status) == [] for role in Role)

    @invariant()
    def approval_comes_only_after_review(self) -> None:
        for before, after in zip(self.seen, self.seen[1:], strict=False):
            if after is S.APPROVED:
                assert before is S.IN_REVIEW
            if after is S.ACCEPTED:
                assert before is S.APPROVED
            if after is S.IN_REVIEW:
                assert before in (S.SUBMITTED, S.APPROVED)

    @invariant()
    def nothing_follows_a_final_status(self) -> None:
        finals = [i for i, s in enumerate(self.seen) if s in FINAL]
        assert not finals or finals[0] == len(self.seen) - 1


TestCaseLife = CaseLife.TestCase
