"""What goes wrong during one sync of the stateful test, and how each is made to happen.

A fault on the wire (``tests.server.proxy``), the server killed with -9 between
syncs or inside a push (``tests.server.trap_server``), or a desk's
`loandesk sync run` killed with -9 while the proxy holds its request. Each
``strike`` says whether the trouble did strike, and checks that the desk said
what happened in words (a UserError) and never crashed otherwise.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from app.errors import UserError
from app.services.sync import SyncReport, SyncService
from app.sync.client import ServerUnreachable
from tests.conftest import PASSWORD
from tests.server.proxy import Exchange, Fault, Kind
from tests.server.syncrig import WAIT_S, Rig, until
from tests.server.trap_server import POINTS

PUSH, PULL = "POST /v1/events", "GET /v1/events"
LOANDESK = Path(sys.executable).with_name("loandesk")
#: faults that break the exchange they hit: the sync must then fail, in words
BREAKING = {Kind.DROP, Kind.CUT_REQUEST, Kind.CUT_RESPONSE}


@dataclass(frozen=True)
class OnTheWire:
    """The proxy does ``kind`` to the first request of the sync that starts with ``on``."""

    kind: Kind
    on: str
    seconds: float = 0.0


@dataclass(frozen=True)
class ServerDies:
    """kill -9 of the server: inside a push at ``point``, or between two syncs (None)."""

    point: str | None


@dataclass(frozen=True)
class DeskDies:
    """kill -9 of the desk's `loandesk sync run` while the proxy holds ``kind`` on ``on``."""

    kind: Kind
    on: str


Trouble = OnTheWire | ServerDies | DeskDies

WIRE: list[Trouble] = [
    OnTheWire(kind, on, 0.05 if kind is Kind.DELAY else 0.0)
    for kind in (Kind.PASS, Kind.DROP, Kind.DELAY, Kind.CUT_REQUEST)
    + (Kind.CUT_RESPONSE, Kind.DUPLICATE)
    for on in (PUSH, PULL)
]
CRASHES: list[Trouble] = [
    ServerDies(None),
    *(ServerDies(point) for point in POINTS),
    DeskDies(Kind.HOLD, PUSH),
    DeskDies(Kind.HOLD_ANSWER, PUSH),
    DeskDies(Kind.HOLD_ANSWER, PULL),
]


def pushes(trouble: Trouble) -> bool:
    """Whether ``trouble`` strikes inside a push (so needs something to send)."""
    if isinstance(trouble, ServerDies):
        return trouble.point is not None
    return trouble.on == PUSH


def label(trouble: Trouble) -> str:
    if isinstance(trouble, ServerDies):
        return f"server dies {trouble.point or 'between syncs'}"
    where = trouble.on.split(" ")[0].lower()
    return f"{'desk dies' if isinstance(trouble, DeskDies) else 'wire'} {trouble.kind} {where}"


def strike(rig: Rig, desk: int, trouble: Trouble) -> bool:
    """Sync ``desk`` through ``trouble``; whether it struck."""
    if isinstance(trouble, OnTheWire):
        return _on_the_wire(rig, desk, trouble)
    if isinstance(trouble, ServerDies):
        return _server_dies(rig, desk, trouble.point)
    return _desk_dies(rig, desk, trouble)


def sync(rig: Rig, desk: int) -> SyncReport:
    return SyncService(rig.desks[desk]).sync()


def failure(action: Callable[[], object]) -> UserError | None:
    """The UserError ``action`` ended with, if any; anything else is a crash and propagates."""
    try:
        action()
    except UserError as exc:
        return exc
    return None


def took(log: list[Exchange], kind: Kind) -> bool:
    return any(exchange.kind is kind for exchange in log)


def _on_the_wire(rig: Rig, desk: int, trouble: OnTheWire) -> bool:
    proxy = rig.proxy
    before = len(proxy.log)
    proxy.arm(Fault(trouble.kind, on=trouble.on, seconds=trouble.seconds))
    try:
        failed = failure(lambda: sync(rig, desk))
    finally:
        proxy.clear()
    assert proxy.wait_idle(WAIT_S)
    hit = took(proxy.log[before:], trouble.kind)
    if hit and trouble.kind in BREAKING:
        _said_unreachable(failed)
    else:
        assert failed is None, f"{trouble} should not have failed the sync: {failed}"
    return hit


def _server_dies(rig: Rig, desk: int, point: str | None) -> bool:
    if point is None:
        rig.branch.process.kill9()
        rig.start_server()
        sync(rig, desk)
        return True
    rig.trap.write_text(point, encoding="ascii")
    with ThreadPoolExecutor(1) as pool:
        syncing = pool.submit(sync, rig, desk)
        assert until(lambda: _holding(rig, point) or syncing.done())
        trapped = _holding(rig, point)
        if trapped:
            rig.branch.process.kill9()
        rig.trap.unlink()
        failed = failure(syncing.result)
    if trapped:
        _said_unreachable(failed)
        rig.start_server()
    else:  # nothing new to store: the push never reached the trap
        assert failed is None, failed
    return trapped


def _desk_dies(rig: Rig, desk: int, trouble: DeskDies) -> bool:
    before = len(rig.proxy.log)
    rig.proxy.arm(Fault(trouble.kind, on=trouble.on))
    try:
        process = _sync_run(rig, desk)
        assert until(
            lambda: _holds(rig.proxy.log[before:], trouble.kind) or process.poll() is not None
        ), "the desk's sync neither reached the held request nor ended"
        killed = process.poll() is None
        if killed:
            process.kill()
        _, errors = process.communicate(timeout=WAIT_S)
        assert killed or process.returncode == 0, errors.decode(errors="replace")
    finally:
        rig.proxy.clear()
        rig.proxy.release()
    assert rig.proxy.wait_idle(WAIT_S)
    return killed


def _sync_run(rig: Rig, desk: int) -> subprocess.Popen[bytes]:
    """`loandesk sync run` at ``desk``, as its user runs it, in a process of its own."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("LOANDESK_")}
    env.update(LOANDESK_KEY=rig.key, LOANDESK_PASSWORD=PASSWORD, LOANDESK_USER=rig.username(desk))
    return subprocess.Popen(
        [str(LOANDESK), "sync", "run", "--profile", str(rig.desks[desk].path)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _said_unreachable(failed: UserError | None) -> None:
    assert isinstance(failed, ServerUnreachable), f"expected 'cannot be reached', got {failed!r}"
    assert "cannot be reached" in str(failed)
    assert "kept here" in str(failed)


def _holds(log: list[Exchange], kind: Kind) -> bool:
    """Whether a request is held by ``kind`` (for HOLD_ANSWER: with the server's answer in)."""
    return any(
        exchange.kind is kind
        and not exchange.done
        and (kind is Kind.HOLD or bool(exchange.answers))
        for exchange in log
    )


def _holding(rig: Rig, point: str) -> bool:
    log = rig.branch.process.log
    return log is not None and f"holding at {point}" in log.read_text(errors="replace")
