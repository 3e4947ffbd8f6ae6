"""The fault-injecting proxy does to a real server's HTTP exchanges what each fault says.

One real `loandesk-server serve` (SQLite) for the module; each test enrols its
own devices, so the tests do not see each other's events. What reached the
server is read past the proxy, by a device that talks to the server directly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import httpx
import pytest

from app.domain.events import Event
from app.sync.client import ServerClient
from tests.conftest import secret
from tests.domain.builders import Device
from tests.server.conftest import Branch
from tests.server.proxy import Exchange, Fault, FaultProxy, Kind
from tests.server.workstation import Workstation, expected_chain

PUSH = "POST /v1/events"
#: the most a test waits for the proxy to report what it is doing
WAIT_S = 30.0


def _enrol(server: Branch, url: str, name: str) -> Workstation:
    """A new device enrolled directly with the server, talking to ``url`` from then on."""
    device = Device()
    response = httpx.post(
        f"{server.url}/v1/enrol",
        json={"code": server.code(name), "device_id": device.device, "name": name},
    )
    assert response.status_code == 200, response.text
    return Workstation(url, secret(response.json()["token"]), device)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Branch]:
    root = tmp_path_factory.mktemp("proxied")
    branch = Branch(root, f"sqlite+pysqlite:///{root / 'server.db'}", {})
    branch.start()
    yield branch
    branch.close()


@pytest.fixture(scope="module")
def reader(server: Branch) -> Iterator[Workstation]:
    """A device that reads the server past the proxy."""
    direct = _enrol(server, server.url, "reader")
    yield direct
    direct.close()


@pytest.fixture
def proxy(server: Branch) -> Iterator[FaultProxy]:
    with FaultProxy(server.url) as running:
        yield running


@pytest.fixture
def desk(server: Branch, proxy: FaultProxy) -> Iterator[Callable[[], Workstation]]:
    """Make devices that talk to the server through the proxy."""
    made: list[Workstation] = []

    def enrol() -> Workstation:
        made.append(_enrol(server, proxy.url, "proxied"))
        return made[-1]

    yield enrol
    for workstation in made:
        workstation.close()


def _stored(reader: Workstation, device: Workstation) -> list[bytes]:
    """``device``'s events as the server holds them, in server order."""
    return [
        body
        for body in reader.pull_all().events
        if Event.from_bytes(body).device == device.device_id
    ]


def _bytes(events: list[Event]) -> list[bytes]:
    return [event.to_bytes() for event in events]


def _waiting(kind: Kind) -> Callable[[list[Exchange]], bool]:
    return lambda log: any(exchange.kind is kind and not exchange.done for exchange in log)


def _push_aside(
    workstation: Workstation, events: list[Event]
) -> tuple[threading.Thread, list[httpx.Response]]:
    """Push ``events`` from another thread; the answer lands in the list."""
    answers: list[httpx.Response] = []
    sender = threading.Thread(target=lambda: answers.append(workstation.push(events)))
    sender.start()
    return sender, answers


def test_without_a_fault_one_kept_connection_carries_push_and_pull(
    proxy: FaultProxy, desk: Callable[[], Workstation], reader: Workstation
) -> None:
    a = desk()
    events = a.make(3)
    token = a.client.headers["Authorization"].removeprefix("Bearer ")
    with ServerClient(proxy.url, token) as client:  # the workstation's own client
        acks = client.push(_bytes(events))
        page = client.pull(acks[0].server_seq - 1, 100)
    assert [ack.id for ack in acks] == [event.id for event in events]
    assert page.events == _bytes(events)
    hashes = [Event.from_bytes(body).hash for body in reader.pull_all().events]
    assert page.head == expected_chain(hashes[: hashes.index(events[-1].hash) + 1])
    assert [exchange.request_line.split(" ")[0] for exchange in proxy.log] == ["POST", "GET"]
    assert all(exchange.delivered and exchange.answers == [200] for exchange in proxy.log)
    assert proxy.connections == 1


def test_a_dropped_request_never_reaches_the_server(
    proxy: FaultProxy, desk: Callable[[], Workstation], reader: Workstation
) -> None:
    a = desk()
    events = a.make(2)
    proxy.arm(Fault(Kind.DROP, on=PUSH))
    with pytest.raises(httpx.TransportError):
        a.push(events)
    assert _stored(reader, a) == []
    assert proxy.log[0].answers == []
    assert not proxy.log[0].delivered
    assert proxy.armed == []  # a fault hits one request
    a.acks(events)
    assert _stored(reader, a) == _bytes(events)


def test_a_request_cut_mid_body_is_not_taken_in(
    proxy: FaultProxy, desk: Callable[[], Workstation], reader: Workstation
) -> None:
    a = desk()
    events = a.make(4)
    proxy.arm(Fault(Kind.CUT_REQUEST, on=PUSH))
    with pytest.raises(httpx.TransportError):
        a.push(events)
    assert proxy.log[0].answers == []
    assert _stored(reader, a) == []
    a.acks(events)
    assert _stored(reader, a) == _bytes(events)


def test_an_answer_cut_mid_body_leaves_the_work_done_and_unacknowledged(
    proxy: FaultProxy, desk: Callable[[], Workstation], reader: Workstation
) -> None:
    a = desk()
    events = a.make(3)
    proxy.arm(Fault(Kind.CUT_RESPONSE, on=PUSH))
    with pytest.raises(httpx.TransportError):
        a.push(events)
    assert proxy.log[0].answers == [200]  # the server answered in full …
    assert not proxy.log[0].delivered  # … and the workstation never heard it
    assert _stored(reader, a) == _bytes(events)
    # The resend is acknowledged at the places the first push took; nothing is kept twice.
    acks = a.acks(events)
    stored = reader.pull_all()
    places = {Event.from_bytes(body).id: n for n, body in enumerate(stored.events)}
    assert [ack["id"] for ack in acks] == [event.id for event in events]
    assert _stored(reader, a) == _bytes(events)
    assert sorted(places[ack["id"]] for ack in acks) == [places[e.id] for e in events]


def test_a_duplicated_request_reaches_the_server_twice(
    server: Branch, proxy: FaultProxy, desk: Callable[[], Workstation], reader: Workstation
) -> None:
    # A one-time code shows it: the second enrolment with it is refused.
    device = Device()
    code = server.code("twice")
    proxy.arm(Fault(Kind.DUPLICATE))
    answer = httpx.post(
        f"{proxy.url}/v1/enrol", json={"code": code, "device_id": device.device, "name": "twice"}
    )
    assert proxy.log[0].answers[0] == 200
    assert proxy.log[0].answers[1] >= 400
    assert answer.status_code == proxy.log[0].answers[1]  # the workstation hears the second
    # A push said twice is answered the same twice and kept once.
    a = desk()
    events = a.make(3)
    proxy.arm(Fault(Kind.DUPLICATE, on=PUSH))
    acks = a.acks(events)
    assert proxy.log[-1].answers == [200, 200]
    assert [ack["id"] for ack in acks] == [event.id for event in events]
    assert _stored(reader, a) == _bytes(events)


def test_a_delayed_request_is_overtaken_by_one_sent_after_it(
    proxy: FaultProxy, desk: Callable[[], Workstation], reader: Workstation
) -> None:
    a, b = desk(), desk()
    late, early = a.make(2), b.make(2)
    proxy.arm(Fault(Kind.DELAY, on=PUSH, seconds=3.0))
    sender, answers = _push_aside(a, late)
    assert proxy.wait_until(_waiting(Kind.DELAY), WAIT_S)
    b.acks(early)
    assert not proxy.log[0].done, "the delayed push was still waiting"
    sender.join()
    assert answers[0].status_code == 200
    order = [Event.from_bytes(body).id for body in reader.pull_all().events]
    assert order.index(early[-1].id) < order.index(late[0].id)


def test_a_reordered_request_waits_for_the_next_one(
    proxy: FaultProxy, desk: Callable[[], Workstation], reader: Workstation
) -> None:
    a, b = desk(), desk()
    first, second = a.make(2), b.make(2)
    proxy.arm(Fault(Kind.REORDER, on=PUSH, seconds=WAIT_S))
    sender, answers = _push_aside(a, first)
    assert proxy.wait_until(_waiting(Kind.REORDER), WAIT_S)
    b.acks(second)
    sender.join()
    assert answers[0].status_code == 200
    assert proxy.log[0].overtaken
    order = [Event.from_bytes(body).id for body in reader.pull_all().events]
    assert order.index(second[-1].id) < order.index(first[0].id)
    # Alone on the line it goes on once its wait is over.
    third = a.make(1)
    proxy.arm(Fault(Kind.REORDER, on=PUSH, seconds=0.2))
    a.acks(third)
    assert not proxy.log[-1].overtaken
    assert _stored(reader, a) == _bytes(first + third)


def test_a_held_request_waits_unsent_until_released(
    proxy: FaultProxy, desk: Callable[[], Workstation], reader: Workstation
) -> None:
    a = desk()
    events = a.make(2)
    proxy.arm(Fault(Kind.HOLD, on=PUSH))
    sender, answers = _push_aside(a, events)
    assert proxy.wait_until(_waiting(Kind.HOLD), WAIT_S)
    assert _stored(reader, a) == []
    proxy.release()
    sender.join()
    assert answers[0].status_code == 200
    assert _stored(reader, a) == _bytes(events)
    assert proxy.wait_idle(WAIT_S)


def test_a_fault_waits_for_the_request_it_names(
    proxy: FaultProxy, desk: Callable[[], Workstation], reader: Workstation
) -> None:
    a = desk()
    events = a.make(2)
    proxy.arm(Fault(Kind.DROP, on=PUSH))
    assert a.pull_all().events is not None  # a pull passes; the fault waits for a push
    assert [exchange.kind for exchange in proxy.log] == [Kind.PASS]
    with pytest.raises(httpx.TransportError):
        a.push(events)
    assert proxy.log[-1].kind is Kind.DROP
    assert _stored(reader, a) == []


def test_a_restarted_server_is_reached_again_once_retargeted(
    server: Branch, proxy: FaultProxy, desk: Callable[[], Workstation], reader: Workstation
) -> None:
    a = desk()
    before, after = a.make(2), a.make(2)
    a.acks(before)
    server.process.kill9()
    with pytest.raises(httpx.TransportError):
        a.push(after)
    server.start()
    reader.client.base_url = httpx.URL(server.url)
    proxy.retarget(server.url)
    a.acks(after)
    assert _stored(reader, a) == _bytes(before + after)


def test_a_held_answer_waits_undelivered_with_the_work_done(
    proxy: FaultProxy, desk: Callable[[], Workstation], reader: Workstation
) -> None:
    a = desk()
    events = a.make(2)
    proxy.arm(Fault(Kind.HOLD_ANSWER, on=PUSH))
    sender, answers = _push_aside(a, events)
    assert proxy.wait_until(lambda log: bool(log) and log[0].answers == [200], WAIT_S)
    assert answers == []
    assert not proxy.log[0].delivered
    assert _stored(reader, a) == _bytes(events)
    proxy.release()
    sender.join()
    assert answers[0].status_code == 200
    assert [ack["id"] for ack in answers[0].json()["acks"]] == [event.id for event in events]
