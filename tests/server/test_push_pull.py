"""Push and pull over real HTTP: order, byte identity, the chain, resends, two devices."""

from __future__ import annotations

import threading

from app.domain.events import Event
from tests.server.conftest import Branch
from tests.server.workstation import Workstation, expected_chain


def test_pushed_events_come_back_byte_identical_in_push_order_with_the_chain_head(
    branch: Branch,
) -> None:
    desk = branch.enrol()
    first, second = desk.make(4), desk.make(3)
    acks = desk.acks(first) + desk.acks(second)
    pushed = first + second

    assert [ack["id"] for ack in acks] == [event.id for event in pushed]
    seqs = [ack["server_seq"] for ack in acks]
    assert seqs == sorted(set(seqs)), "rising, each once"
    pulled = desk.pull_all(limit=3)
    assert pulled.events == [event.to_bytes() for event in pushed]
    assert pulled.pages == 3  # 3 + 3 + 1: ``more`` held while a full page was returned
    assert pulled.next == seqs[-1]
    assert pulled.head == expected_chain([event.hash for event in pushed])


def test_a_pull_from_a_cursor_gives_what_follows_and_the_chain_there(branch: Branch) -> None:
    desk = branch.enrol()
    events = desk.make(5)
    acks = desk.acks(events)

    after_two = desk.pull_all(since=acks[1]["server_seq"])
    assert after_two.events == [event.to_bytes() for event in events[2:]]
    assert after_two.head == expected_chain([event.hash for event in events])
    # At the end nothing more comes, and the head stays that of the last event.
    at_end = desk.pull_all(since=acks[-1]["server_seq"])
    assert (at_end.events, at_end.next) == ([], acks[-1]["server_seq"])
    assert at_end.head == after_two.head
    # One page of one event: the head is the chain as it stood after that event.
    page = desk.client.get("/v1/events", params={"since": 0, "limit": 1}).json()
    assert page["next"] == acks[0]["server_seq"]
    assert page["more"] is True
    assert page["head"] == expected_chain([events[0].hash])


def test_an_empty_server_pulls_nothing_and_no_head(branch: Branch) -> None:
    pulled = branch.enrol().pull_all()
    assert (pulled.events, pulled.next, pulled.head) == ([], 0, None)


def test_a_resent_batch_gets_the_same_acks_and_nothing_is_stored_twice(branch: Branch) -> None:
    desk = branch.enrol()
    batch = desk.make(4)
    first = desk.acks(batch)
    again = desk.acks(batch)
    assert again == first
    # A batch that resends part and carries new events: old acks kept, new ones after them.
    more = desk.make(2)
    mixed = desk.acks(batch[2:] + more)
    assert mixed[:2] == first[2:]
    assert all(ack["server_seq"] > first[-1]["server_seq"] for ack in mixed[2:])
    pulled = desk.pull_all()
    assert pulled.events == [event.to_bytes() for event in batch + more]
    assert pulled.head == expected_chain([event.hash for event in batch + more])


def test_two_devices_interleave_and_each_keeps_its_order(branch: Branch) -> None:
    front, back = branch.enrol("front"), branch.enrol("back")
    order: list[Event] = []
    for desk, count in ((front, 2), (back, 3), (front, 1), (back, 2), (front, 3)):
        events = desk.make(count)
        desk.acks(events)
        order.extend(events)

    for desk in (front, back):
        pulled = desk.pull_all(limit=4)
        assert pulled.events == [event.to_bytes() for event in order]
        assert pulled.head == expected_chain([event.hash for event in order])
    parsed = [Event.from_bytes(body) for body in front.pull_all().events]
    for device in (front.device_id, back.device_id):
        mine = [event.device_seq for event in parsed if event.device == device]
        assert mine == list(range(1, len(mine) + 1))


def test_concurrent_pushes_from_many_devices_make_one_unbroken_chain(branch: Branch) -> None:
    desks = [branch.enrol(f"desk {n}") for n in range(4)]
    batches = {desk.device_id: [desk.make(3) for _ in range(4)] for desk in desks}
    failures: list[str] = []

    def run(desk: Workstation) -> None:
        for batch in batches[desk.device_id]:
            response = desk.push(batch)
            if response.status_code != 200:
                failures.append(response.text)

    threads = [threading.Thread(target=run, args=(desk,)) for desk in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    pulled = desks[0].pull_all(limit=7)
    parsed = [Event.from_bytes(body) for body in pulled.events]
    assert sorted(event.id for event in parsed) == sorted(
        event.id for batches_of in batches.values() for batch in batches_of for event in batch
    )
    # The head covers the pulled order, whatever order the pushes arrived in.
    assert pulled.head == expected_chain([event.hash for event in parsed])
    for desk in desks:
        mine = [event.device_seq for event in parsed if event.device == desk.device_id]
        assert mine == list(range(1, 13))
