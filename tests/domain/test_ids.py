"""UUIDv7: version and variant bits, creation order, the timestamp it carries."""

from __future__ import annotations

import re
import uuid

import pytest

from app.domain import ids
from app.domain.ids import new_id, uuid7, uuid7_time_ms

_LOWER_V7 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def test_version_and_variant_bits() -> None:
    for _ in range(200):
        text = new_id()
        assert _LOWER_V7.fullmatch(text)
        value = uuid.UUID(text)
        assert value.version == 7
        assert value.variant == uuid.RFC_4122


def test_ids_made_in_sequence_sort_ascending() -> None:
    made = [new_id() for _ in range(5000)]
    assert len(set(made)) == len(made)
    assert sorted(made) == made


@pytest.fixture
def fresh_clock_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the ids already made in this process (restored afterwards)."""
    monkeypatch.setattr(ids, "_last_ms", 0)
    monkeypatch.setattr(ids, "_counter", 0)


@pytest.mark.usefixtures("fresh_clock_state")
def test_the_timestamp_is_extractable() -> None:
    for ms in (1, 1_700_000_000_000, 1_749_000_000_123):
        made = uuid7(now_ms=ms)
        assert uuid7_time_ms(made) == ms
        assert uuid7_time_ms(str(made)) == ms


@pytest.mark.usefixtures("fresh_clock_state")
def test_order_holds_within_one_millisecond_and_past_counter_overflow() -> None:
    # 5000 ids in "one" millisecond overflow the 12-bit counter at least once.
    moment = 1_000_000_000_000
    made = [uuid7(now_ms=moment) for _ in range(5000)]
    assert sorted(made) == made
    assert len(set(made)) == len(made)
    times = [uuid7_time_ms(u) for u in made]
    assert times[0] == moment
    assert times[-1] > moment
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in made)


@pytest.mark.usefixtures("fresh_clock_state")
def test_a_clock_that_steps_back_does_not_break_the_order() -> None:
    later = uuid7(now_ms=2_000_000_000_000)
    earlier_clock = uuid7(now_ms=1_999_999_999_000)
    assert earlier_clock > later
    assert uuid7_time_ms(earlier_clock) == 2_000_000_000_000
