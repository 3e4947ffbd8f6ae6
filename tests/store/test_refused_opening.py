"""A case whose opening the branch refused is no case, whatever of it is still to be sent."""

from __future__ import annotations

from app.domain.events import EventType
from app.services.cases import CaseService
from app.services.profile import Profile
from tests.conftest import sign_in


def test_a_refused_opening_takes_the_case_and_its_unsent_changes_away(profile: Profile) -> None:
    sign_in(profile)
    cases = CaseService(profile)
    case_id = cases.open_case({"full_name": "Qian Yi"}).case_id
    assert case_id is not None
    cases.update_case(case_id, {"employer": "Acme Trading"})
    events = [e for e in profile.store.all_events() if e.case_id == case_id]
    opening = next(e for e in events if e.type is EventType.CASE_OPENED)
    # The first batch carried the opening, refused; the change waits for the next one.
    with profile.store.writing() as tx:
        tx.order(opening.id, 1, "someone is switched off in the branch")
        assert tx.refold(case_id) is None
    assert profile.store.case(case_id) is None
