"""kill -9 of the server in the middle of a push leaves the whole batch or none of it."""

from __future__ import annotations

import re
import sys
import threading

import httpx
import pytest

from tests.server.conftest import Branch
from tests.server.workstation import expected_chain

CRASH_SERVER = [sys.executable, "-m", "tests.server.crash_server"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("point", "kept"),
    [
        ("insert:1", False),  # inside the transaction, before the first row
        ("insert:4", False),  # three of the six rows written, uncommitted
        ("commit", False),  # every row written, COMMIT not yet sent
        ("committed", True),  # committed, the acks never sent
    ],
)
def test_kill_9_mid_push_leaves_all_or_nothing_and_a_resend_completes_it(
    branch: Branch, point: str, kept: bool
) -> None:
    desk = branch.enrol()
    before = desk.make(2)
    desk.acks(before)
    batch = desk.make(6)
    branch.process.stop()
    branch.start([*CRASH_SERVER, point])

    answers: list[httpx.Response] = []
    failures: list[httpx.TransportError] = []

    def send() -> None:
        try:
            answers.append(desk.push(batch))
        except httpx.TransportError as exc:
            failures.append(exc)

    sender = threading.Thread(target=send)
    sender.start()
    branch.process.wait_for_log(re.compile(f"holding at {re.escape(point)}"))
    branch.process.kill9()
    sender.join()
    assert answers == [], "the push was never answered"
    assert len(failures) == 1

    branch.start()
    survived = before + batch if kept else before
    pulled = desk.pull_all()
    assert pulled.events == [event.to_bytes() for event in survived]
    assert pulled.head == expected_chain([event.hash for event in survived])

    # The workstation resends what was never acknowledged: then it is all there, once.
    acks = desk.acks(batch)
    assert [ack["id"] for ack in acks] == [event.id for event in batch]
    pulled = desk.pull_all()
    assert pulled.events == [event.to_bytes() for event in before + batch]
    assert pulled.head == expected_chain([event.hash for event in before + batch])
    assert desk.acks(batch) == acks
