"""A profile whose clock moves on one second per reading, so change order is exact."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.security.keys import KeySource
from app.services.cases import CaseService
from app.services.profile import Profile
from tests.conftest import PASSWORD


class SteppingClock:
    def __init__(self) -> None:
        self.now = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def clocked(profile_dir: Path, key_source: KeySource) -> Iterator[Profile]:
    opened = Profile.create(
        profile_dir,
        key_source,
        admin_username="officer.li",
        admin_name="Li Na",
        admin_password=PASSWORD,
        clock=SteppingClock(),
    )
    yield opened
    opened.close()


@pytest.fixture
def cases(clocked: Profile) -> CaseService:
    return CaseService(clocked)
