"""When the workstation next tries the branch server: a steady period, or backoff after failures.

While the server answers, a round runs every ``period_s``. After consecutive
failures the wait is "full jitter" exponential backoff: a uniform draw
between zero and ``base_s`` doubled once per earlier failure, capped at
``cap_s``. The draw spreads a branch's workstations apart, so a server coming
back is not met by all of them in the same second.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

PERIOD_S = 60.0
BASE_S = 5.0
CAP_S = 15 * 60.0
# 2.0 ** 1024 overflows a float; any larger exponent is far past every cap anyway.
_MAX_DOUBLINGS = 1023


@dataclass
class Backoff:
    """The wait before the next round; counts failures until a success resets it.

    ``unit`` is the random source: each call returns a number in [0, 1].
    """

    period_s: float = PERIOD_S
    base_s: float = BASE_S
    cap_s: float = CAP_S
    unit: Callable[[], float] = field(default=random.random, repr=False)
    #: failed rounds since the last success
    failures: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        if not (self.period_s > 0 and self.base_s > 0):
            raise ValueError("the period and the first backoff must be longer than zero")
        if self.cap_s < self.base_s:
            raise ValueError("the backoff cap must not be shorter than its first wait")

    def ceiling(self, failures: int) -> float:
        """The longest wait after ``failures`` consecutive failures (at least one)."""
        if failures < 1:
            raise ValueError(f"a backoff follows at least one failure, not {failures}")
        doublings = min(failures - 1, _MAX_DOUBLINGS)
        return min(self.cap_s, self.base_s * 2.0**doublings)

    def next_delay(self, failures: int) -> float:
        """Seconds to wait: the period when nothing failed, else a draw below the ceiling."""
        if failures < 0:
            raise ValueError(f"failures cannot be negative ({failures})")
        if failures == 0:
            return self.period_s
        draw = self.unit()
        if not 0.0 <= draw <= 1.0:
            raise ValueError(f"the random source gave {draw!r}, outside [0, 1]")
        return draw * self.ceiling(failures)

    def failed(self) -> float:
        """Count one more failure; the wait before the next try."""
        self.failures += 1
        return self.next_delay(self.failures)

    def reset(self) -> float:
        """The round succeeded: back to the steady period."""
        self.failures = 0
        return self.period_s
