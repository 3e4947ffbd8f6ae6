"""The event envelope: hashed canonical bytes in which no change goes unnoticed."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import canonical
from app.domain.applicant import clean_patch
from app.domain.events import Event, EventError, EventType
from app.domain.ids import new_id
from tests.domain.builders import Device
from tests.domain.samples import TODAY, applicant
from tests.domain.strategies import json_values


def _real_events() -> list[Event]:
    device = Device()
    case_id = new_id()
    fields = clean_patch(applicant(), current={}, today=TODAY)
    opened = device.emit(EventType.CASE_OPENED, {"case_no": "LD-ABCD-000001"}, case_id=case_id)
    loan = {k: fields.pop(k) for k in ("product", "requested_amount", "term_months", "purpose")}
    person = device.emit(
        EventType.APPLICANT_UPDATED, {"fields": fields}, case_id=case_id, parent=opened.hash
    )
    asked = device.emit(
        EventType.LOAN_REQUEST_UPDATED, {"fields": loan}, case_id=case_id, parent=person.hash
    )
    comment = device.emit(
        EventType.COMMENT_ADDED,
        {"text": "Payslips checked.\n复核：收入证明齐全"},
        case_id=case_id,
        parent=asked.hash,
    )
    user = device.emit(
        EventType.USER_ADDED,
        {"user_id": new_id(), "username": "li.na", "display_name": "李娜", "roles": ["officer"]},
        case_id=None,
    )
    return [opened, person, asked, comment, user]


EVENTS = _real_events()


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: str(e.type))
def test_bytes_round_trip_to_an_equal_event(event: Event) -> None:
    data = event.to_bytes()
    assert Event.from_bytes(data) == event
    # The hash covers every envelope field but itself and the signature.
    body = {k: v for k, v in json.loads(data).items() if k not in ("hash", "sig")}
    assert sorted(body) == sorted(set(Event.model_fields) - {"hash", "sig"})
    assert event.hash == canonical.sha256_hex(canonical.encode(body)) == event.compute_hash()


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: str(e.type))
def test_every_single_bit_flip_is_refused(event: Event) -> None:
    """Any tampering is caught: a changed byte either breaks the hash or the format.

    The brief's weaker property (refused, or parsed with a different hash) follows.
    """
    data = event.to_bytes()
    accepted = []
    for position in range(len(data)):
        for mask in (1, 2, 4, 8, 16, 32, 64, 128):
            tampered = bytearray(data)
            tampered[position] ^= mask
            try:
                parsed = Event.from_bytes(bytes(tampered))
            except EventError:
                continue
            if parsed.compute_hash() == event.hash:
                accepted.append((position, mask))
    assert accepted == []


@settings(max_examples=300)
@given(st.sampled_from(EVENTS), st.data())
def test_any_substituted_byte_is_refused(event: Event, data: st.DataObject) -> None:
    original = event.to_bytes()
    position = data.draw(st.integers(0, len(original) - 1))
    byte = data.draw(st.integers(0, 255).filter(lambda b: b != original[position]))
    tampered = original[:position] + bytes([byte]) + original[position + 1 :]
    with pytest.raises(EventError):
        Event.from_bytes(tampered)


def test_an_equivalent_but_non_canonical_encoding_is_refused() -> None:
    """The same JSON meaning in other bytes would otherwise pass under the same hash."""
    device = Device()
    event = device.emit(EventType.COMMENT_ADDED, {"text": "unit\x1fsep"}, case_id=new_id())
    data = event.to_bytes()
    assert b"\\u001f" in data
    with pytest.raises(EventError, match="canonical"):
        Event.from_bytes(data.replace(b"\\u001f", b"\\u001F"))
    spaced = json.dumps(json.loads(data), ensure_ascii=False).encode()
    with pytest.raises(EventError, match="canonical"):
        Event.from_bytes(spaced)


def _rehashed(event: Event, **changes: Any) -> bytes:
    """Bytes of ``event`` with ``changes`` and a hash recomputed to match them."""
    body = {**event.hashed_body(), **changes}
    whole = {**body, "hash": canonical.sha256_hex(canonical.encode(body)), "sig": None}
    return canonical.encode(whole)


@pytest.mark.parametrize(
    "changes",
    [
        {"payload": {"fields": {"id_number": "110105194912310021"}}},
        {"payload": {"fields": {"term_months": 0}}},
        {"payload": {"fields": {"salary": "1"}}},
        {"payload": {"fields": {}}},
        {
            "payload": {
                "fields": {"requested_amount": {"amount": "1.00", "currency": "CNY", "x": 1}}
            }
        },
        {"type": "Approved"},
        {"device_seq": 0},
        {"prev": "F" * 64},
        {"actor": "not-a-uuid"},
    ],
    ids=[
        "bad-check-digit",
        "term-0",
        "unknown-field",
        "empty",
        "money-extra-key",
        "type",
        "seq",
        "prev",
        "actor",
    ],
)
def test_a_consistent_hash_does_not_let_a_bad_event_through(changes: dict[str, Any]) -> None:
    with pytest.raises(EventError):
        Event.from_bytes(_rehashed(EVENTS[2], **changes))


@settings(max_examples=200)
@given(st.sampled_from(["payload", "case_id", "parent", "at", "device_seq"]), json_values)
def test_any_replaced_field_value_is_refused_or_hashes_differently(field: str, value: Any) -> None:
    event = EVENTS[1]
    body = {**json.loads(event.to_bytes()), field: value}
    try:
        data = canonical.encode(body)
        parsed = Event.from_bytes(data)
    except (EventError, canonical.CanonicalError):
        return
    assert parsed.compute_hash() != event.hash or parsed == event


@given(st.binary(max_size=300))
def test_arbitrary_bytes_are_refused_with_event_error(data: bytes) -> None:
    with pytest.raises(EventError):
        Event.from_bytes(data)


def test_a_payload_is_validated_on_create() -> None:
    with pytest.raises(EventError, match="case_no"):
        Device().emit(EventType.CASE_OPENED, {"case_no": "x"}, case_id=new_id())


@pytest.mark.parametrize(
    "damage",
    [
        lambda good: b"[" * 100_000,  # nested past the parser's recursion
        lambda good: good.replace(b'"device_seq":1,', b'"device_seq":' + b"9" * 5000 + b","),
        lambda good: good.replace(b'"at":"', b'"at":"\\ud800', 1),  # a lone surrogate
    ],
    ids=["deep-nesting", "huge-number", "lone-surrogate"],
)
def test_hostile_bytes_are_refused_as_malformed_events(damage: Callable[[bytes], bytes]) -> None:
    good = Device().emit(EventType.CASE_OPENED, {"case_no": "LD-AB-0001"}, case_id=None).to_bytes()
    with pytest.raises(EventError, match="malformed event"):
        Event.from_bytes(damage(good))
