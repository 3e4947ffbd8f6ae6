"""Case commands: open, update, comment; stale and invalid input write nothing."""

from __future__ import annotations

import pytest

from app.domain.case import Status, fold
from app.domain.events import EventType
from app.domain.history import FieldChange
from app.errors import InvalidInput, NotFound, StaleCase
from app.services.cases import CaseQuery, CaseService
from app.services.profile import Profile
from tests.domain.samples import NAME, applicant


def _event_count(profile: Profile) -> int:
    return len(list(profile.store.all_events()))


def test_open_case_with_fields_is_one_draft_with_normalised_fields(cases: CaseService) -> None:
    changes = cases.open_case(applicant())
    assert changes.case_ids == {changes.case_id}
    assert changes.case_list
    state = cases.get(changes.case_id)
    assert state.status is Status.DRAFT
    assert state.case_no.startswith("LD-")
    assert state.version == 3
    assert state.value("full_name") == NAME
    assert state.value("phone") == "13912345678"
    assert state.value("monthly_income") == {"amount": "18500.00", "currency": "CNY"}
    assert state.value("term_months") == 36


def test_a_case_is_the_fold_of_its_stored_events(cases: CaseService, clocked: Profile) -> None:
    case_id = cases.open_case(applicant()).case_id
    cases.update_case(case_id, {"purpose": "Kitchen"})
    cases.add_comment(case_id, "ok")
    events = clocked.store.case_events(case_id)
    assert [e.type for e in events] == [
        EventType.CASE_OPENED,
        EventType.APPLICANT_UPDATED,
        EventType.LOAN_REQUEST_UPDATED,
        EventType.LOAN_REQUEST_UPDATED,
        EventType.COMMENT_ADDED,
    ]
    assert [e.parent for e in events[1:]] == [e.hash for e in events[:-1]]
    assert fold(events) == cases.get(case_id)


def test_open_case_without_fields_is_an_empty_draft(cases: CaseService) -> None:
    state = cases.get(cases.open_case().case_id)
    assert state.fields == {}
    assert state.version == 1


def test_update_case_changes_fields_and_clears_blanks(cases: CaseService) -> None:
    case_id = cases.open_case(applicant()).case_id
    changes = cases.update_case(
        case_id, {"full_name": "欧阳娜娜", "employer": " ", "term_months": 48}
    )
    assert changes.case_list
    state = cases.get(case_id)
    assert state.value("full_name") == "欧阳娜娜"
    assert "employer" not in state.fields
    assert state.value("term_months") == 48
    assert state.version == 5  # one applicant and one loan event


def test_saving_an_unchanged_form_appends_nothing(cases: CaseService, clocked: Profile) -> None:
    case_id = cases.open_case(applicant()).case_id
    before, count = cases.get(case_id), _event_count(clocked)
    changes = cases.update_case(case_id, applicant())
    assert not changes.case_list
    assert cases.get(case_id) == before
    assert _event_count(clocked) == count


def test_a_stale_head_is_refused_and_nothing_is_written(
    cases: CaseService, clocked: Profile
) -> None:
    case_id = cases.open_case(applicant()).case_id
    seen_head = cases.get(case_id).head
    cases.update_case(case_id, {"purpose": "Car"}, expected_head=seen_head)
    after_first, count = cases.get(case_id), _event_count(clocked)
    with pytest.raises(StaleCase, match="changed elsewhere"):
        cases.update_case(case_id, {"purpose": "Boat"}, expected_head=seen_head)
    assert cases.get(case_id) == after_first
    assert _event_count(clocked) == count
    cases.update_case(case_id, {"purpose": "Boat"}, expected_head=after_first.head)
    assert cases.get(case_id).value("purpose") == "Boat"


def test_comments_are_counted_and_blank_ones_refused(cases: CaseService, clocked: Profile) -> None:
    case_id = cases.open_case().case_id
    cases.add_comment(case_id, "  Payslips   checked \n next: bank statement ")
    assert cases.get(case_id).comments == 1
    assert cases.history(case_id)[-1].text == "Payslips checked \n next: bank statement"
    count = _event_count(clocked)
    with pytest.raises(InvalidInput, match="comment"):
        cases.add_comment(case_id, "   ")
    assert _event_count(clocked) == count


def test_unknown_cases_are_not_found(cases: CaseService) -> None:
    missing = "01970000-0000-7000-8000-000000000009"
    with pytest.raises(NotFound):
        cases.get(missing)
    with pytest.raises(NotFound):
        cases.update_case(missing, {"purpose": "x"})
    with pytest.raises(NotFound):
        cases.add_comment(missing, "x")
    with pytest.raises(NotFound):
        cases.history(missing)
    with pytest.raises(NotFound):
        cases.find("LD-NONE-000001")


@pytest.mark.parametrize(
    "bad",
    [
        {"id_number": "110105194912310021"},
        {"phone": "12"},
        {"date_of_birth": "1950-01-01"},
        {"term_months": 0, "full_name": "fine"},
        {"nope": 1},
        {"full_name": "x" * 10_000_000},
    ],
)
def test_invalid_input_writes_nothing(
    cases: CaseService, clocked: Profile, bad: dict[str, object]
) -> None:
    case_id = cases.open_case(applicant()).case_id
    before, count = cases.get(case_id), _event_count(clocked)
    with pytest.raises(InvalidInput):
        cases.update_case(case_id, bad)
    with pytest.raises(InvalidInput):
        cases.open_case({**applicant(), **bad})
    assert _event_count(clocked) == count
    assert cases.get(case_id) == before
    assert cases.count(CaseQuery()) == 1


def test_history_tells_each_change_from_old_to_new(cases: CaseService, clocked: Profile) -> None:
    case_id = cases.open_case({"full_name": "Li Na", "term_months": 12}).case_id
    cases.update_case(case_id, {"full_name": "Li Nana", "phone": "13912345678"})
    cases.update_case(case_id, {"phone": ""})
    cases.add_comment(case_id, "checked")
    entries = cases.history(case_id)
    state = cases.get(case_id)
    assert [e.type for e in entries] == [
        EventType.CASE_OPENED,
        EventType.APPLICANT_UPDATED,
        EventType.LOAN_REQUEST_UPDATED,
        EventType.APPLICANT_UPDATED,
        EventType.APPLICANT_UPDATED,
        EventType.COMMENT_ADDED,
    ]
    assert entries[0].case_no == state.case_no
    assert entries[1].changes == (FieldChange("full_name", None, "Li Na"),)
    assert entries[2].changes == (FieldChange("term_months", None, 12),)
    assert entries[3].changes == (
        FieldChange("full_name", "Li Na", "Li Nana"),
        FieldChange("phone", None, "13912345678"),
    )
    assert entries[4].changes == (FieldChange("phone", "13912345678", None),)
    assert entries[5].text == "checked"
    assert {e.actor for e in entries} == {clocked.actor.user_id}
    assert [e.at for e in entries] == sorted({e.at for e in entries})


def test_case_numbers_are_unique_and_increasing(cases: CaseService) -> None:
    numbers = [cases.get(cases.open_case().case_id).case_no for _ in range(12)]
    prefix = numbers[0][:-6]
    assert prefix.startswith("LD-")
    assert len(prefix) == len("LD-XXXX-")
    assert numbers == [f"{prefix}{n:06d}" for n in range(1, 13)]


def test_find_takes_an_id_or_a_case_number_in_any_case(cases: CaseService) -> None:
    case_id = cases.open_case().case_id
    case_no = cases.get(case_id).case_no
    assert cases.find(case_id).case_id == case_id
    assert cases.find(case_no).case_id == case_id
    assert cases.find(case_no.lower()).case_id == case_id
