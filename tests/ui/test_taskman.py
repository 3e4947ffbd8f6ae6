"""The task manager: results on the UI thread, errors by blame, and no thread left behind."""

from __future__ import annotations

import logging
import threading
from functools import partial

import pytest
from pytestqt.qtbot import QtBot

from app.errors import UserError
from tests.ui.conftest import OFFSCREEN_NOISE
from ui import messages
from ui.taskman import Cancelled, Lane, TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def loandesk_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("loandesk") and t.is_alive()]


def refuse() -> int:
    raise UserError("The disk is full; the change was not saved.")


def test_a_user_error_reaches_on_error_and_no_thread_is_left(qtbot: QtBot) -> None:
    tasks = TaskManager()
    done: list[int] = []
    errors: list[UserError] = []
    with qtbot.waitSignal(tasks.task_did_finish):
        tasks.run(refuse, done.append, errors.append, lane=Lane.WRITE)
    assert done == []
    assert [str(e) for e in errors] == ["The disk is full; the change was not saved."]
    assert messages.open_boxes() == []  # the caller handles it; no dialog as well
    assert loandesk_threads()
    tasks.shutdown()
    assert loandesk_threads() == []
    with pytest.raises(RuntimeError):
        tasks.run(lambda: 1)


def test_a_user_error_nobody_handles_becomes_a_message(qtbot: QtBot) -> None:
    tasks = TaskManager()
    try:
        with qtbot.waitSignal(tasks.task_did_finish):
            tasks.run(refuse)
        (box,) = messages.open_boxes()
        assert box.text() == "The disk is full; the change was not saved."
        box.close()
    finally:
        tasks.shutdown()


def test_a_bug_is_logged_with_its_traceback_and_shown_as_unexpected(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> int:
        empty: dict[str, int] = {}
        return empty["missing"]

    tasks = TaskManager()
    errors: list[UserError] = []
    finished: list[bool] = []
    try:
        with caplog.at_level(logging.ERROR), qtbot.waitSignal(tasks.task_did_finish):
            tasks.run(broken, None, errors.append, on_finally=lambda: finished.append(True))
        assert errors == []
        assert finished == [True]
        (record,) = [r for r in caplog.records if r.name == "ui.taskman"]
        assert record.exc_info is not None
        assert record.exc_info[0] is KeyError
        (box,) = messages.open_boxes()
        assert box.windowTitle() == "Unexpected error"
        box.close()
    finally:
        tasks.shutdown()


def test_cancelled_is_not_an_error(qtbot: QtBot) -> None:
    def stop() -> int:
        raise Cancelled

    tasks = TaskManager()
    errors: list[UserError] = []
    try:
        with qtbot.waitSignal(tasks.task_did_finish):
            tasks.run(stop, None, errors.append)
        assert errors == []
        assert messages.open_boxes() == []
    finally:
        tasks.shutdown()


def test_results_come_back_on_the_ui_thread_and_writes_run_in_order(qtbot: QtBot) -> None:
    tasks = TaskManager()
    ran_on: list[str] = []
    delivered: list[tuple[int, bool]] = []

    def deliver(result: int) -> None:
        delivered.append((result, threading.current_thread() is threading.main_thread()))

    def write(n: int) -> int:
        ran_on.append(threading.current_thread().name)
        return n

    try:
        for n in range(20):
            tasks.run(
                partial(write, n),
                lambda r: delivered.append(
                    (r, threading.current_thread() is threading.main_thread())
                ),
                lane=Lane.WRITE,
            )
        qtbot.waitUntil(lambda: len(delivered) == 20)
    finally:
        tasks.shutdown()
    assert delivered == [(n, True) for n in range(20)]
    assert len(set(ran_on)) == 1
    assert ran_on[0].startswith("loandesk-write")


def test_shutdown_waits_for_the_write_in_flight(qtbot: QtBot) -> None:
    started, release = threading.Event(), threading.Event()
    finished: list[bool] = []

    def slow_write() -> None:
        started.set()
        release.wait(10)
        finished.append(True)

    tasks = TaskManager()
    tasks.run(slow_write, lane=Lane.WRITE)
    assert started.wait(10)
    release.set()
    tasks.shutdown()
    assert finished == [True]
    assert loandesk_threads() == []


def test_a_cancelled_task_delivers_nothing(qtbot: QtBot) -> None:
    gate = threading.Event()
    tasks = TaskManager()
    done: list[int] = []
    try:
        tasks.run(lambda: gate.wait(10), lane=Lane.WRITE)  # keeps the write lane busy
        handle = tasks.run(lambda: 1, done.append, lane=Lane.WRITE)
        handle.cancel()
        gate.set()
        qtbot.waitUntil(lambda: not tasks.busy)
    finally:
        tasks.shutdown()
    assert done == []
