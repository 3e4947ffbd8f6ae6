"""The case is a pure fold of its events: deterministic, equal to step-by-step apply."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import canonical
from app.domain.applicant import clean_patch
from app.domain.case import CaseState, FoldError, Status, apply, fold, restore, snapshot
from app.domain.events import Event, EventType
from app.domain.ids import new_id
from tests.domain.builders import Device
from tests.domain.samples import TODAY
from tests.domain.strategies import applicant_patches, birth_dates, free_text, loan_patches

Op = tuple[str, Any]


@st.composite
def case_scripts(draw: st.DrawFn) -> list[Op]:
    """A random sequence of applicant/loan patches and comments on one case."""
    birth: date = draw(birth_dates)
    op = st.one_of(
        st.tuples(st.just("applicant"), applicant_patches(birth)),
        st.tuples(st.just("loan"), loan_patches()),
        st.tuples(st.just("comment"), free_text),
    )
    return draw(st.lists(op, max_size=12))


def _play(script: list[Op]) -> tuple[list[Event], dict[str, Any], int]:
    """Events as a service would append them, and the fields a plain dict model expects."""
    device, case_id = Device(), new_id()
    events = [device.emit(EventType.CASE_OPENED, {"case_no": "LD-TEST-000001"}, case_id=case_id)]
    expected: dict[str, Any] = {}
    comments = 0
    for kind, value in script:
        head = events[-1].hash
        if kind == "comment":
            events.append(
                device.emit(EventType.COMMENT_ADDED, {"text": value}, case_id=case_id, parent=head)
            )
            comments += 1
            continue
        cleaned = clean_patch(value, current=expected, today=TODAY)
        if not cleaned:
            continue
        event_type = (
            EventType.APPLICANT_UPDATED if kind == "applicant" else EventType.LOAN_REQUEST_UPDATED
        )
        events.append(device.emit(event_type, {"fields": cleaned}, case_id=case_id, parent=head))
        expected.update(cleaned)
        expected = {k: v for k, v in expected.items() if v is not None}
    return events, expected, comments


@settings(max_examples=150)
@given(case_scripts())
def test_fold_is_deterministic_and_equals_incremental_apply(script: list[Op]) -> None:
    events, expected_fields, comments = _play(script)
    state = fold(events)
    assert state is not None
    assert fold(events) == state
    assert fold(Event.from_bytes(e.to_bytes()) for e in events) == state

    step: CaseState | None = None
    for event in events:
        step = apply(step, event)
        assert step.head == event.hash
    assert step == state

    assert state.fields == expected_fields
    assert state.version == len(events)
    assert state.comments == comments
    assert state.status is Status.DRAFT
    assert state.updated_at == events[-1].at
    assert state.opened_at == events[0].at


@settings(max_examples=50)
@given(case_scripts())
def test_the_stored_snapshot_restores_the_same_state(script: list[Op]) -> None:
    state = fold(_play(script)[0])
    assert state is not None
    data = canonical.encode(snapshot(state))
    raw = canonical.decode(data)
    assert isinstance(raw, dict)
    assert restore(raw) == state


def test_no_events_make_no_case() -> None:
    assert fold([]) is None


def test_a_case_must_start_with_case_opened() -> None:
    device = Device()
    comment = device.emit(EventType.COMMENT_ADDED, {"text": "hi"}, case_id=new_id())
    with pytest.raises(FoldError, match="starts with CaseOpened"):
        fold([comment])


def test_a_case_is_opened_only_once() -> None:
    device, case_id = Device(), new_id()
    first = device.emit(EventType.CASE_OPENED, {"case_no": "LD-TEST-000001"}, case_id=case_id)
    again = device.emit(EventType.CASE_OPENED, {"case_no": "LD-TEST-000002"}, case_id=case_id)
    with pytest.raises(FoldError, match="only once"):
        fold([first, again])


def test_events_of_another_case_are_refused() -> None:
    device = Device()
    opened = device.emit(EventType.CASE_OPENED, {"case_no": "LD-TEST-000001"}, case_id=new_id())
    other = device.emit(EventType.COMMENT_ADDED, {"text": "hi"}, case_id=new_id())
    with pytest.raises(FoldError, match="another case"):
        fold([opened, other])


def test_a_none_value_clears_the_field() -> None:
    device, case_id = Device(), new_id()
    opened = device.emit(EventType.CASE_OPENED, {"case_no": "LD-TEST-000001"}, case_id=case_id)
    set_phone = device.emit(
        EventType.APPLICANT_UPDATED, {"fields": {"phone": "13912345678"}}, case_id=case_id
    )
    cleared = device.emit(EventType.APPLICANT_UPDATED, {"fields": {"phone": None}}, case_id=case_id)
    before = fold([opened, set_phone])
    after = fold([opened, set_phone, cleared])
    assert before is not None
    assert before.fields == {"phone": "13912345678"}
    assert after is not None
    assert after.fields == {}
