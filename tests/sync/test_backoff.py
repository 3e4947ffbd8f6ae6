"""The sync schedule's backoff: a steady period, then full-jitter doubling up to a cap."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.sync.backoff import Backoff

bases = st.floats(min_value=0.01, max_value=100.0)
stretches = st.floats(min_value=1.0, max_value=1000.0)
failure_counts = st.integers(min_value=1, max_value=5000)
units = st.floats(min_value=0.0, max_value=1.0)


def reference_ceiling(base: float, cap: float, failures: int) -> float:
    """Double the first wait once per earlier failure, never past the cap: step by step."""
    ceiling = min(base, cap)
    for _ in range(failures - 1):
        ceiling = min(cap, ceiling * 2)
    return ceiling


def fixed(value: float) -> Backoff:
    """The documented defaults, with a random source that always gives ``value``."""
    return Backoff(unit=lambda: value)


def test_the_defaults_are_a_minute_then_five_seconds_doubling_to_fifteen_minutes() -> None:
    top = fixed(1.0)
    assert top.next_delay(0) == 60.0
    assert [top.next_delay(n) for n in range(1, 6)] == [5.0, 10.0, 20.0, 40.0, 80.0]
    # The eighth failure waits up to 5 * 2**7 = 640 s; the ninth would be 1280, past the cap.
    assert top.next_delay(8) == 640.0
    assert top.next_delay(9) == 15 * 60.0
    assert fixed(0.0).next_delay(30) == 0.0


@given(bases, stretches, failure_counts, units)
def test_a_delay_lies_between_zero_and_the_doubled_base_capped(
    base: float, stretch: float, failures: int, unit: float
) -> None:
    cap = base * stretch
    backoff = Backoff(base_s=base, cap_s=cap, unit=lambda: unit)
    delay = backoff.next_delay(failures)
    ceiling = reference_ceiling(base, cap, failures)
    assert 0.0 <= delay <= ceiling <= cap
    assert backoff.ceiling(failures) == ceiling
    # Full jitter: the draw scales the whole ceiling, from nothing up to all of it.
    assert delay == pytest.approx(unit * ceiling, rel=1e-12, abs=0.0)


@given(bases, stretches, st.integers(min_value=0, max_value=3))
def test_once_enough_failures_have_doubled_past_the_cap_the_ceiling_is_the_cap(
    base: float, stretch: float, extra: int
) -> None:
    cap = base * stretch
    backoff = Backoff(base_s=base, cap_s=cap, unit=lambda: 1.0)
    reaching = 1 + math.ceil(math.log2(stretch))  # failures whose ceiling first reaches cap
    assert backoff.ceiling(reaching + extra) == cap
    if reaching > 1:
        assert backoff.ceiling(reaching - 1) < cap
    # A very long outage neither overflows nor goes past the cap.
    assert backoff.next_delay(10**9) == cap


@given(bases, stretches, failure_counts)
def test_the_upper_bound_never_falls_and_doubles_until_the_cap(
    base: float, stretch: float, failures: int
) -> None:
    backoff = Backoff(base_s=base, cap_s=base * stretch)
    now, after = backoff.ceiling(failures), backoff.ceiling(failures + 1)
    assert after >= now
    assert after == min(base * stretch, 2 * now)


@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=2, max_value=12))
def test_the_jitter_spreads_the_waits_over_the_whole_range(seed: int, failures: int) -> None:
    backoff = Backoff(unit=random.Random(seed).random)
    ceiling = reference_ceiling(5.0, 900.0, failures)
    delays = [backoff.next_delay(failures) for _ in range(400)]
    assert len(set(delays)) > 390
    assert min(delays) < ceiling / 4
    assert max(delays) > ceiling * 3 / 4
    assert all(0.0 <= d <= ceiling for d in delays)
    # Two workstations with their own random sources do not retry in step.
    other = Backoff(unit=random.Random(seed + 1).random)
    assert [other.next_delay(failures) for _ in range(20)] != delays[:20]


@given(st.integers(min_value=1, max_value=40), units)
def test_each_failure_raises_the_ceiling_and_a_success_resets_it(
    failed_rounds: int, unit: float
) -> None:
    backoff = Backoff(period_s=30.0, base_s=2.0, cap_s=600.0, unit=lambda: unit)
    waits = [backoff.failed() for _ in range(failed_rounds)]
    assert backoff.failures == failed_rounds
    assert waits == [unit * reference_ceiling(2.0, 600.0, n) for n in range(1, failed_rounds + 1)]
    assert backoff.reset() == 30.0
    assert backoff.failures == 0
    assert backoff.next_delay(backoff.failures) == 30.0
    # After the reset the next failure starts again from the first wait.
    assert backoff.failed() == unit * 2.0
    assert backoff.failures == 1


def test_what_makes_no_schedule_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        fixed(0.5).next_delay(-1)
    with pytest.raises(ValueError, match="at least one failure"):
        fixed(0.5).ceiling(0)
    with pytest.raises(ValueError, match="outside"):
        fixed(1.5).next_delay(1)
    with pytest.raises(ValueError, match="outside"):
        fixed(math.nan).next_delay(1)
    with pytest.raises(ValueError, match="longer than zero"):
        Backoff(period_s=0.0)
    with pytest.raises(ValueError, match="longer than zero"):
        Backoff(base_s=-1.0)
    with pytest.raises(ValueError, match="cap"):
        Backoff(base_s=10.0, cap_s=5.0)
