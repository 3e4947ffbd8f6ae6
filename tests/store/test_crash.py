"""Crash safety: a writer SIGKILLed at random points never loses or half-writes a case."""

from __future__ import annotations

import os
import random
import re
import secrets
import signal
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO

import pytest

from app.domain.applicant import clean_patch
from app.domain.case import fold
from app.domain.events import Event, EventType
from app.security.keys import KeySource
from app.services.profile import Profile
from app.store.repo import CaseQuery
from tests.conftest import PASSWORD, REPO
from tests.store.crash_writer import case_fields

RUNS = 50
#: A kill lands after this many statement marks ("." or "!") past "ready"; None: before it.
MARKS = (None, *range(100))
CASE_EVENTS = [EventType.CASE_OPENED, EventType.APPLICANT_UPDATED, EventType.LOAN_REQUEST_UPDATED]
COMMITTED = re.compile(r"committed (\S+) (\S+) (\d+) (\d+)\n")

Announced = dict[str, tuple[str, int, int]]


def _read_until(stream: IO[bytes], done: Callable[[bytes], bool], stderr_path: Path) -> bytes:
    """Bytes from the writer one at a time until ``done`` says stop."""
    seen = b""
    while not done(seen):
        byte = stream.read(1)
        assert byte, f"the writer died on its own: {stderr_path.read_text()}"
        seen += byte
    return seen


def _kill_at_random_point(
    profile_dir: Path, run: int, rng: random.Random, stderr_path: Path
) -> str:
    """Start a writer, SIGKILL it at a random SQL statement; everything it printed."""
    marks = rng.choice(MARKS)
    with (
        stderr_path.open("wb") as stderr,
        subprocess.Popen(
            [sys.executable, "-m", "tests.store.crash_writer", str(profile_dir), str(run)],
            cwd=REPO,
            env={**os.environ, "LOANDESK_PASSWORD": PASSWORD},
            stdout=subprocess.PIPE,
            stderr=stderr,
            bufsize=0,
        ) as child,
    ):
        assert child.stdout is not None
        seen = b""
        if marks is not None:
            seen = _read_until(child.stdout, lambda b: b.endswith(b"ready\n"), stderr_path)
            seen += _read_until(
                child.stdout,
                lambda b: b.count(b".") + b.count(b"!") >= marks,
                stderr_path,
            )
        child.send_signal(signal.SIGKILL)
        seen += child.stdout.read()  # to EOF: whatever it announced before dying
        child.wait()
    assert child.returncode == -signal.SIGKILL, stderr_path.read_text()
    return seen.decode()


def _check_chain(events: list[Event], device_id: str) -> None:
    """One device: device_seq is 1..N without gaps and prev links each event to the last."""
    assert {e.device for e in events} == {device_id}
    assert [e.device_seq for e in events] == list(range(1, len(events) + 1))
    previous: str | None = None
    for event in events:
        assert event.prev == previous, f"event {event.device_seq} does not link to its predecessor"
        previous = event.hash


def _check_cases(profile: Profile, events: list[Event], announced: Announced) -> None:
    by_case: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.case_id is not None:
            by_case[event.case_id].append(event)
    with profile.store.reading() as conn:
        rows = conn.exec_driver_sql("SELECT case_id, case_no FROM cases ORDER BY case_no").all()
    assert {row.case_id for row in rows} == set(by_case), "projection and events disagree"
    prefix = rows[0].case_no[:-6] if rows else ""
    assert [row.case_no for row in rows] == [f"{prefix}{n:06d}" for n in range(1, len(rows) + 1)]
    for case_id, case_events in by_case.items():
        assert [e.type for e in case_events] == CASE_EVENTS, f"half-written case {case_id}"
        assert [e.parent for e in case_events[1:]] == [e.hash for e in case_events[:-1]]
        assert fold(case_events) == profile.store.case(case_id)
    for case_id, (case_no, run, index) in announced.items():
        state = profile.store.case(case_id)
        assert state is not None, f"announced case {case_no} is lost"
        assert state.case_no == case_no
        expected = clean_patch(case_fields(run, index), current={}, today=date.today())
        assert state.fields == expected


def _verify(profile_dir: Path, announced: Announced, device_id: str) -> int:
    """Every check after one kill; the number of cases on file."""
    profile = Profile.open(profile_dir, KeySource.from_environment())
    try:
        with profile.store.reading() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").all() == [("ok",)]
            assert conn.exec_driver_sql("PRAGMA cipher_integrity_check").all() == []
        events = list(profile.store.all_events())  # each one's hash is checked on read
        _check_chain(events, device_id)
        _check_cases(profile, events, announced)
        return profile.store.count_cases(CaseQuery())
    finally:
        profile.close()


@pytest.mark.slow
def test_sigkill_at_random_points_never_loses_or_half_writes_a_case(
    profile: Profile, profile_dir: Path, tmp_path: Path
) -> None:
    device_id = profile.device_id
    profile.close()
    seed = secrets.randbits(32)
    rng = random.Random(seed)
    announced: Announced = {}
    on_file = 0
    for run in range(RUNS):
        printed = _kill_at_random_point(profile_dir, run, rng, tmp_path / "writer.err")
        # Only whole lines count: a torn one was never fully announced.
        for case_no, case_id, run_text, index in COMMITTED.findall(printed):
            announced[case_id] = (case_no, int(run_text), int(index))
        try:
            on_file = _verify(profile_dir, announced, device_id)
        except AssertionError as exc:
            raise AssertionError(f"after kill {run + 1} (random seed {seed}): {exc}") from exc
    assert announced, f"no case was ever announced (random seed {seed})"
    assert on_file >= len(announced)
