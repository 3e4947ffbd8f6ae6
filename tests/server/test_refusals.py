"""A batch with one bad event stores nothing and says which event and why."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.domain.events import Event, EventType, format_time
from app.domain.ids import new_id
from tests.domain.builders import Device
from tests.server.conftest import Branch
from tests.server.workstation import Workstation, expected_chain

#: Makes a batch of the device's next events with one fault, given what the server holds.
Fault = Callable[[Workstation, list[Event]], list[bytes]]


def _tampered(desk: Workstation, stored: list[Event]) -> list[bytes]:
    bodies = [event.to_bytes() for event in desk.make(5)]
    bodies[3] = bodies[3].replace(b"note", b"nose", 1)
    return bodies


def _another_devices(desk: Workstation, stored: list[Event]) -> list[bytes]:
    events = desk.make(5)
    stranger = Device().emit(EventType.COMMENT_ADDED, {"text": "not mine"}, case_id=desk.case_id)
    return [event.to_bytes() for event in events[:3] + [stranger] + events[4:]]


def _gap(desk: Workstation, stored: list[Event]) -> list[bytes]:
    events = desk.make(5)
    return [event.to_bytes() for event in events[:3] + events[4:]]


def _wrong_prev(desk: Workstation, stored: list[Event]) -> list[bytes]:
    events = desk.make(3)
    device = desk.device
    device.seq += 1
    forked = Event.create(
        id=new_id(),
        case_id=desk.case_id,
        type=EventType.COMMENT_ADDED,
        payload={"text": "written on a copy of the profile"},
        actor=device.actor,
        device=device.device,
        device_seq=device.seq,
        at=format_time(device.start),
        parent=None,
        prev=events[1].hash,  # a real hash of this device, but not the one before
    )
    device.prev = forked.hash
    return [event.to_bytes() for event in [*events, forked, *desk.make(1)]]


def _reused_id(desk: Workstation, stored: list[Event]) -> list[bytes]:
    events = desk.make(3)
    device = desk.device
    device.seq += 1
    clash = Event.create(
        id=stored[1].id,  # the id of an event the server holds, on other content
        case_id=desk.case_id,
        type=EventType.COMMENT_ADDED,
        payload={"text": "another text under an old id"},
        actor=device.actor,
        device=device.device,
        device_seq=device.seq,
        at=format_time(device.start),
        parent=None,
        prev=events[-1].hash,
    )
    device.prev = clash.hash
    return [event.to_bytes() for event in [*events, clash, *desk.make(1)]]


def _out_of_order(desk: Workstation, stored: list[Event]) -> list[bytes]:
    events = desk.make(5)
    return [event.to_bytes() for event in events[:3] + [events[4], events[3]]]


def _seq_taken(desk: Workstation, stored: list[Event]) -> list[bytes]:
    # The device's event 2 again under a new id: a copy of the profile that went on alone.
    device = desk.device
    saved = (device.seq, device.prev)
    device.seq, device.prev = 1, stored[0].hash
    again = desk.make(1)
    device.seq, device.prev = saved
    return [event.to_bytes() for event in again + desk.make(3)]


@pytest.mark.parametrize(
    ("fault", "index", "status", "words"),
    [
        (_tampered, 3, 422, "the hash does not match its content"),
        (_another_devices, 3, 422, "was made by device"),
        (_out_of_order, 4, 422, "a batch is sent in device_seq order"),
        (_gap, 3, 409, "up to 5 only: event 6 is missing"),
        (_wrong_prev, 3, 409, "its prev is not the hash of the device's event 5"),
        (_reused_id, 3, 409, "is already stored with other content"),
        (_seq_taken, 0, 409, "the device's event 2 is already stored with another id"),
    ],
)
def test_one_bad_event_refuses_the_whole_batch(
    branch: Branch, fault: Fault, index: int, status: int, words: str
) -> None:
    desk = branch.enrol()
    stored = desk.make(2)
    desk.acks(stored)
    saved = (desk.device.seq, desk.device.prev)

    response = desk.push_raw(fault(desk, stored))

    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert detail.startswith(f"Event {index} of the batch was refused: ")
    assert words in detail
    assert detail.endswith("Nothing was stored.")
    pulled = desk.pull_all()
    assert pulled.events == [event.to_bytes() for event in stored]
    assert pulled.head == expected_chain([event.hash for event in stored])
    # The device's true next events still follow on: nothing of the batch is in the way.
    desk.device.seq, desk.device.prev = saved
    good = desk.make(5)
    desk.acks(good)
    assert desk.pull_all().events == [event.to_bytes() for event in stored + good]


def test_a_first_event_must_not_point_at_a_previous_one(branch: Branch) -> None:
    desk = branch.enrol()
    desk.device.prev = "ab" * 32
    response = desk.push(desk.make(1))
    assert response.status_code == 409
    assert "it is the device's first event, so its prev must be empty" in response.json()["detail"]
    assert desk.pull_all().events == []


def test_a_device_cannot_start_in_the_middle_of_its_sequence(branch: Branch) -> None:
    desk = branch.enrol()
    desk.make(3)  # made offline and lost before they were sent
    response = desk.push(desk.make(2))
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert detail.startswith("Event 0 of the batch was refused: ")
    assert "up to 0 only: events 1 to 3 are missing" in detail
