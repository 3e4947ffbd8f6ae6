"""Every case command asks the permission table first; a refusal writes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.domain.events import UserAdded
from app.domain.ids import new_id
from app.domain.roles import Action, PermissionDenied, Role, allowed
from app.services.cases import CaseQuery, CaseService
from app.services.profile import Profile
from tests.conftest import USER_PASSWORD, act_as

Command = Callable[[CaseService, str], object]

# Each service call with the action it needs.
COMMANDS: dict[str, tuple[Action, Command]] = {
    "open_case": (Action.CASE_CREATE, lambda s, c: s.open_case({"full_name": "New One"})),
    "update_case": (Action.CASE_EDIT, lambda s, c: s.update_case(c, {"phone": "13800138000"})),
    "add_comment": (Action.CASE_COMMENT, lambda s, c: s.add_comment(c, "called the applicant")),
    "get": (Action.CASE_VIEW, lambda s, c: s.get(c)),
    "find": (Action.CASE_VIEW, lambda s, c: s.find(c)),
    "count": (Action.CASE_VIEW, lambda s, c: s.count(CaseQuery())),
    "keys": (Action.CASE_VIEW, lambda s, c: s.keys(CaseQuery())),
    "summaries": (Action.CASE_VIEW, lambda s, c: s.summaries([c])),
    "page": (Action.CASE_VIEW, lambda s, c: s.page(CaseQuery())),
    "history": (Action.CASE_VIEW, lambda s, c: s.history(c)),
    "reveal": (Action.FIELD_REVEAL, lambda s, c: s.reveal(c, "phone", USER_PASSWORD)),
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_each_role_may_do_exactly_what_the_table_says(
    profile: Profile, role: Role, command: str
) -> None:
    case_id = CaseService(profile).open_case({"full_name": "Existing Case"}).case_id
    act_as(profile, role)
    action, call = COMMANDS[command]
    events_before = sum(1 for _ in profile.store.all_events())
    service = CaseService(profile)
    if allowed([role], action):
        call(service, case_id)
    else:
        with pytest.raises(PermissionDenied) as refused:
            call(service, case_id)
        assert refused.value.action is action
        assert role.value in str(refused.value)
        assert sum(1 for _ in profile.store.all_events()) == events_before


def test_the_first_user_runs_the_profile_and_does_the_officers_work(profile: Profile) -> None:
    assert profile.actor.roles == {Role.ADMIN, Role.OFFICER}
    service = CaseService(profile)
    case_id = service.open_case({"full_name": "Wang Wu"}).case_id
    assert service.get(case_id).fields["full_name"] == "Wang Wu"


def test_a_user_written_with_one_role_reads_as_before() -> None:
    base = {"user_id": new_id(), "username": "old.admin", "display_name": "Old Admin"}
    assert UserAdded.model_validate({**base, "role": "admin"}).roles == [Role.ADMIN, Role.OFFICER]
    assert UserAdded.model_validate({**base, "role": "auditor"}).roles == [Role.AUDITOR]
