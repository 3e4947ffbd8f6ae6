"""bench.sync, small and on SQLite only: its last line, and what it leaves behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

BENCH = [sys.executable, "-m", "bench.sync", "--db", "sqlite"]
EVENTS = 300
MAIN_KEYS = ["bench", "push_eps", "pull_eps", "raw_eps", "ratio", "one_change_ms"]


def _temp_dir() -> Path:
    """The test's own TMPDIR (set by the autouse fixture), where the bench makes its files."""
    return Path(os.environ["TMPDIR"])


def _server_pid(line: str) -> int | None:
    """The pid in the bench's "sqlite: server pid N at URL" progress line."""
    _, found, rest = line.partition("server pid ")
    return int(rest.split()[0]) if found else None


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_last_line_holds_the_figures_and_nothing_is_left() -> None:
    done = subprocess.run(
        [*BENCH, "--events", str(EVENTS)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    summary = json.loads(lines[-1])
    assert list(summary)[: len(MAIN_KEYS)] == MAIN_KEYS
    assert summary["bench"] == "sync"
    figures = {
        k: v for k, v in summary.items() if k.endswith(("_eps", "_ms", "_mbps")) or k == "ratio"
    }
    assert set(MAIN_KEYS[1:]) <= set(figures)
    for key, value in figures.items():
        assert type(value) in (int, float), key
        assert value > 0, key
    # ratio is rounded to 4 places from the two rounded figures printed beside it
    assert summary["ratio"] == pytest.approx(summary["push_eps"] / summary["raw_eps"], abs=6e-5)
    assert summary["db"] == "sqlite"
    assert summary["events"] == EVENTS
    assert not [key for key in summary if key.startswith("pg_")]
    blob_keys = {"blob_send_mbps", "blob_fetch_mbps", "blob_raw_insert_mbps", "blob_raw_read_mbps"}
    assert blob_keys <= set(figures)
    assert any(line.startswith("blobs of 400 KiB, MB/s") for line in lines)
    pids = [pid for line in done.stderr.splitlines() if (pid := _server_pid(line)) is not None]
    assert len(pids) == 1
    assert _gone(pids[0])
    assert list(_temp_dir().iterdir()) == []


def test_ctrl_c_stops_the_server_and_removes_its_files() -> None:
    # The default 5,000 events: the run is still pushing when the signal comes.
    with subprocess.Popen(
        BENCH, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    ) as bench:
        assert bench.stderr is not None
        server_pid = None
        for line in bench.stderr:
            if (server_pid := _server_pid(line)) is not None:
                break
        assert server_pid is not None, "the bench never said its server's pid"
        os.kill(bench.pid, signal.SIGINT)
        rest = bench.stderr.read()
        assert bench.wait(timeout=120) == 128 + signal.SIGINT, rest

    assert "stopping" in rest
    assert _gone(server_pid)
    assert list(_temp_dir().iterdir()) == []
