"""The role x action table, checked pair by pair against a matrix written here by hand."""

from __future__ import annotations

import itertools

import pytest

from app.domain.roles import (
    DESCRIPTIONS,
    PERMISSIONS,
    SENSITIVE,
    Action,
    PermissionDenied,
    Role,
    allowed,
    is_read_only,
    require,
)
from app.errors import UserError

# Written independently of PERMISSIONS: a change to either fails the pair test.
EXPECTED_MATRIX = """
                        officer supervisor risk_analyst auditor admin
case.view                  x        x          x           x      .
case.create                x        .          .           .      .
case.edit                  x        .          .           .      .
case.comment               x        x          x           .      .
case.submit                x        .          .           .      .
case.withdraw              x        .          .           .      .
case.accept                x        .          .           .      .
case.resolve_conflict      x        .          .           .      .
case.review                .        x          .           .      .
case.approve               .        x          .           .      .
case.decline               .        x          .           .      .
case.return                .        x          .           .      .
case.print                 x        .          .           .      .
field.reveal               x        x          .           x      .
document.attach            x        .          .           .      .
document.confirm_fields    x        .          .           .      .
risk.score                 x        .          .           .      .
risk.override              .        x          .           .      .
model.view                 .        .          x           x      .
model.train                .        .          x           .      .
model.publish              .        .          x           .      .
model.import               .        .          x           .      .
report.view                .        x          x           x      .
report.export              .        x          x           x      .
audit.view                 .        .          .           x      x
audit.verify               .        .          .           x      x
alerts.view                .        x          .           x      x
user.manage                .        .          .           .      x
user.unlock                .        .          .           .      x
device.manage              .        .          .           .      x
backup.run                 .        .          .           .      x
backup.restore             .        .          .           .      x
settings.change            .        .          .           .      x
profile.rekey              .        .          .           .      x
"""


def _parse(matrix: str) -> dict[tuple[Role, str], bool]:
    header, *rows = matrix.strip().splitlines()
    roles = [Role(name) for name in header.split()]
    table: dict[tuple[Role, str], bool] = {}
    for row in rows:
        action, *marks = row.split()
        assert len(marks) == len(roles), row
        for role, mark in zip(roles, marks, strict=True):
            assert mark in {"x", "."}, row
            table[role, action] = mark == "x"
    return table


EXPECTED = _parse(EXPECTED_MATRIX)
PAIRS = list(itertools.product(Role, Action))


def test_expected_matrix_names_every_action_once() -> None:
    listed = [row.split()[0] for row in EXPECTED_MATRIX.strip().splitlines()[1:]]
    assert sorted(listed) == sorted(a.value for a in Action)


@pytest.mark.parametrize(("role", "action"), PAIRS, ids=[f"{r}-{a}" for r, a in PAIRS])
def test_every_role_action_pair(role: Role, action: Action) -> None:
    expected = EXPECTED[role, action.value]
    assert allowed([role], action) is expected
    assert (action in PERMISSIONS[role]) is expected
    if expected:
        require([role], action)
    else:
        with pytest.raises(PermissionDenied):
            require([role], action)


def test_every_action_is_described() -> None:
    assert set(DESCRIPTIONS) == set(Action)
    assert all(
        text and text == text.strip() and text[0].islower() for text in DESCRIPTIONS.values()
    )


def test_every_action_is_granted_to_some_role() -> None:
    granted = set().union(*PERMISSIONS.values())
    assert granted == set(Action)


def test_permissions_cover_every_role() -> None:
    assert set(PERMISSIONS) == set(Role)


def test_auditor_holds_only_read_only_actions() -> None:
    held = PERMISSIONS[Role.AUDITOR]
    assert held
    assert [a for a in held if not is_read_only(a)] == []
    assert not allowed([Role.AUDITOR], Action.CASE_COMMENT)


def test_read_only_actions_change_nothing() -> None:
    for action in (Action.CASE_VIEW, Action.AUDIT_VERIFY, Action.REPORT_EXPORT):
        assert is_read_only(action)
    for action in (Action.CASE_EDIT, Action.CASE_COMMENT, Action.CASE_APPROVE, Action.USER_UNLOCK):
        assert not is_read_only(action)


@pytest.mark.parametrize(
    "action",
    [
        Action.CASE_VIEW,
        Action.CASE_CREATE,
        Action.CASE_EDIT,
        Action.CASE_SUBMIT,
        Action.CASE_APPROVE,
        Action.CASE_DECLINE,
        Action.CASE_RETURN,
        Action.FIELD_REVEAL,
    ],
)
def test_admin_neither_touches_nor_decides_cases(action: Action) -> None:
    assert not allowed([Role.ADMIN], action)


def test_maker_and_checker_roles_are_apart() -> None:
    makes = {Action.CASE_EDIT, Action.CASE_SUBMIT}
    decides = {Action.CASE_APPROVE, Action.CASE_DECLINE}
    for role in Role:
        assert not (makes <= PERMISSIONS[role] and decides & PERMISSIONS[role]), role


def test_several_roles_give_the_union() -> None:
    both = [Role.OFFICER, Role.AUDITOR]
    assert allowed(both, Action.CASE_EDIT)
    assert allowed(both, Action.AUDIT_VERIFY)
    assert not allowed(both, Action.CASE_APPROVE)
    for action in Action:
        expected = any(action in PERMISSIONS[r] for r in both)
        assert allowed(both, action) is expected
        assert allowed(iter(both), action) is expected


def test_no_role_allows_nothing() -> None:
    assert not any(allowed([], action) for action in Action)
    with pytest.raises(PermissionDenied, match=r"^You have no role that allows viewing a case\.$"):
        require([], Action.CASE_VIEW)


def test_a_single_role_is_not_read_as_letters() -> None:
    assert allowed(Role.OFFICER, Action.CASE_EDIT)
    assert not allowed(Role.OFFICER, Action.CASE_APPROVE)


def test_permission_denied_names_role_and_action() -> None:
    with pytest.raises(PermissionDenied) as caught:
        require([Role.OFFICER], Action.CASE_APPROVE)
    error = caught.value
    assert isinstance(error, UserError)
    assert error.code == "permission.denied"
    assert error.roles == (Role.OFFICER,)
    assert error.action is Action.CASE_APPROVE
    assert str(error) == "Your role (officer) does not allow approving a case."


def test_permission_denied_with_several_roles() -> None:
    with pytest.raises(PermissionDenied) as caught:
        require(iter([Role.AUDITOR, Role.ADMIN]), Action.CASE_EDIT)
    assert caught.value.roles == (Role.AUDITOR, Role.ADMIN)
    assert str(caught.value) == "Your roles (auditor, admin) do not allow editing a case."


def test_sensitive_holds_the_issue_list() -> None:
    issue_3 = {
        Action.CASE_APPROVE,
        Action.CASE_DECLINE,
        Action.FIELD_REVEAL,
        Action.REPORT_EXPORT,
        Action.CASE_PRINT,
        Action.BACKUP_RUN,
        Action.BACKUP_RESTORE,
        Action.USER_MANAGE,
        Action.USER_UNLOCK,
    }
    assert issue_3 <= SENSITIVE
    assert Action.CASE_VIEW not in SENSITIVE


def test_stored_role_names_are_roles() -> None:
    # The store keeps roles as plain text ("admin" for the first user).
    assert allowed([Role("admin")], Action.USER_MANAGE)
    assert {r.value for r in Role} == {"officer", "supervisor", "risk_analyst", "auditor", "admin"}
