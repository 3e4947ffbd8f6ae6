"""Whatever a client sends, the answer is a 4xx with ``{"detail": "<sentence>"}``, never a 500."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.events import Event
from tests.server.conftest import Branch
from tests.server.workstation import b64, expected_chain

_json: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _refused(response: httpx.Response) -> None:
    """A client error, explained in one sentence under "detail" and nothing else."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    body = response.json()
    assert list(body) == ["detail"], body
    assert isinstance(body["detail"], str), body
    assert body["detail"].endswith("."), body


def _event_dict(event: Event) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(event.to_bytes())
    return parsed


def _nasty_events(event: Event) -> Iterator[bytes]:
    """Bytes that look like an event and break the parser in its corners."""
    good = _event_dict(event)
    yield b"[" * 100_000 + b"]" * 100_000
    yield b'{"a":' * 50_000 + b"1" + b"}" * 50_000
    canonical = event.to_bytes()
    assert b'"device_seq":1,' in canonical
    yield canonical.replace(b'"device_seq":1,', b'"device_seq":' + b"9" * 5000 + b",")
    yield json.dumps({**good, "device_seq": 2**70}, sort_keys=True, separators=(",", ":")).encode()
    yield json.dumps({**good, "payload": {"text": "\ud800"}}).encode()
    yield json.dumps({**good, "payload": {"text": 1.5}}).encode()
    yield json.dumps({**good, "device_seq": float("nan")}).encode()
    yield b"\xff\xfe" + canonical
    yield b"\xef\xbb\xbf" + canonical
    yield canonical.replace(b"{", b"{ ", 1)
    yield canonical[:-1]
    yield json.dumps({**good, "extra": 1}).encode()
    yield b"null"
    yield b""
    yield b"\x00" * 64


def test_garbage_bodies_never_make_a_500(branch: Branch) -> None:
    desk = branch.enrol()
    anonymous = httpx.Client(base_url=branch.url, timeout=30)
    posts: list[Callable[[bytes, str], httpx.Response]] = [
        lambda body, kind: anonymous.post(
            "/v1/enrol", content=body, headers={"content-type": kind}
        ),
        lambda body, kind: desk.client.post(
            "/v1/events", content=body, headers={"content-type": kind}
        ),
    ]
    fixed = [
        b"",
        b"{",
        b"[" * 100_000,
        b'{"events": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        b"\xff\xfe\x00",
        b"null",
        b'{"events": null}',
        b'{"events": {}}',
        b'{"events": [1, 2]}',
        b'{"events": ["%%%"]}',
        b'{"events": ["' + b"A" * 7 + b'"]}',
        b'{"code": 1, "device_id": [], "name": {}}',
        b'{"code": "\\ud800", "device_id": "\\ud800", "name": "\\ud800"}',
        b'{"code": "AAAAA-BBBBB-CCCCC-DDDDD", "device_id": "x", "name": "' + b"n" * 150 + b'"}',
        b'{"events": [], "events": 3}',
        b"1e999999",
    ]
    try:
        for body in fixed:
            for post in posts:
                for kind in ("application/json", "text/plain", "application/x-www-form-urlencoded"):
                    _refused(post(body, kind))

        @settings(max_examples=60)
        @given(body=st.binary(max_size=300) | _json.map(lambda v: json.dumps(v).encode()))
        def random_bodies(body: bytes) -> None:
            for post in posts:
                _refused(post(body, "application/json"))

        random_bodies()
    finally:
        anonymous.close()
    assert desk.pull_all().events == []


def test_events_that_break_the_parser_are_refused_in_words(branch: Branch) -> None:
    desk = branch.enrol()
    event = desk.make(1)[0]
    for bad in _nasty_events(event):
        response = desk.push_raw([bad])
        _refused(response)
        assert response.json()["detail"].startswith("Event 0 of the batch was refused: ")

    @settings(max_examples=60)
    @given(field=st.sampled_from(sorted(_event_dict(event))), value=_json)
    def mutated(field: str, value: Any) -> None:
        changed = {**_event_dict(event), field: value}
        body = json.dumps(changed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        response = desk.push_raw([body.encode("utf-8", "surrogatepass")])
        if response.status_code != 200:
            _refused(response)

    mutated()
    # Whatever got in was a whole, valid event, chained: the record still verifies.
    pulled = desk.pull_all()
    parsed = [Event.from_bytes(body) for body in pulled.events]
    assert [e.device_seq for e in parsed] == list(range(1, len(parsed) + 1))
    assert pulled.head == expected_chain([e.hash for e in parsed])


def test_garbage_queries_paths_and_methods_never_make_a_500(branch: Branch) -> None:
    desk = branch.enrol()
    client = desk.client
    for params in (
        {"since": "-1"},
        {"since": "abc"},
        {"since": str(2**64)},
        {"since": "9" * 5000},
        {"limit": "0"},
        {"limit": "100000"},
        {"limit": "1.5"},
        {"since": "\x00"},
    ):
        _refused(client.get("/v1/events", params=params))
    for method, path in (
        ("GET", "/"),
        ("GET", "/v2/events"),
        ("DELETE", "/v1/events"),
        ("PUT", "/v1/enrol"),
        ("GET", "/v1/enrol"),
        ("GET", "/v1/events/../../etc/passwd"),
        ("PATCH", "/v1/health"),
    ):
        _refused(client.request(method, path))

    @settings(max_examples=60)
    @given(since=st.text(max_size=30), limit=st.text(max_size=30))
    def random_query(since: str, limit: str) -> None:
        response = client.get("/v1/events", params={"since": since, "limit": limit})
        if response.status_code != 200:
            _refused(response)

    random_query()


def test_batch_and_body_limits_answer_413_in_words(new_branch: Callable[..., Branch]) -> None:
    branch = new_branch(LOANDESK_SERVER_MAX_BATCH="3", LOANDESK_SERVER_MAX_BODY_BYTES="4096")
    desk = branch.enrol()
    events = desk.make(4)

    too_many = desk.push(events)
    _refused(too_many)
    assert too_many.status_code == 413
    assert too_many.json()["detail"] == (
        "A batch holds at most 3 events and this one has 4: send them in smaller batches."
    )
    declared = desk.client.post("/v1/events", json={"events": [b64(b"x" * 5000)]})
    assert declared.status_code == 413
    _refused(declared)

    def chunks() -> Iterator[bytes]:
        yield b'{"events": ["'
        for _ in range(10):
            yield b"A" * 1000
        yield b'"]}'

    streamed = desk.client.post(
        "/v1/events", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    assert "larger than this server takes (4096 bytes)" in streamed.json()["detail"]
    assert desk.pull_all().events == []
    assert [ack["id"] for ack in desk.acks(events[:3])] == [event.id for event in events[:3]]
