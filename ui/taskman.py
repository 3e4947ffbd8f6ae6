"""The one way to run work off the UI thread: a write lane and a pool lane.

Database writes queue on a single worker so they apply in the order they were
asked for; reads and other work share a small pool. Results come back to the
UI thread through a signal, never through ``processEvents()``. A screen runs
its work through ``ScreenTasks``, which drops the results once it closes.

The workers are Python threads (``ThreadPoolExecutor``), not ``QThreadPool``
threads: Python code run on a Qt-made thread registers a ``_DummyThread`` that
never leaves ``threading.enumerate()`` on Python 3.11, which hides real leaks
and trips the tests' leftover-thread check. ``shutdown()`` joins ours.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from enum import Enum
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from app.errors import UserError
from ui import messages

log = logging.getLogger(__name__)
T = TypeVar("T")
POOL_THREADS = 4


class Cancelled(Exception):
    """Raised by a task that stopped because it was asked to; never shown as an error."""


class Lane(Enum):
    WRITE = "write"
    POOL = "pool"


class TaskHandle:
    """A submitted task; ``cancel()`` drops its result and stops it if not yet started."""

    def __init__(self) -> None:
        self._cancelled = threading.Event()
        self.future: Future[Any] | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()
        if self.future is not None:
            self.future.cancel()

    def check(self) -> None:
        """Raise ``Cancelled`` once cancelled (the manager checks before a task starts)."""
        if self.cancelled:
            raise Cancelled


class _Bridge(QObject):
    """Lives on the UI thread; a queued signal carries each finished callback to it."""

    did_finish = Signal(object)


class TaskManager(QObject):
    """Runs callables on the write lane or the pool and calls back on the UI thread."""

    task_did_finish = Signal()

    def __init__(self, parent_widget: QWidget | None = None) -> None:
        super().__init__()
        self._parent_widget = parent_widget
        self._write = ThreadPoolExecutor(max_workers=1, thread_name_prefix="loandesk-write")
        self._pool = ThreadPoolExecutor(max_workers=POOL_THREADS, thread_name_prefix="loandesk")
        self._bridge = _Bridge()
        # Queued even from the UI thread, so a callback never runs inside the caller.
        self._bridge.did_finish.connect(self._on_did_finish, Qt.ConnectionType.QueuedConnection)
        self._in_flight = 0
        self._closed = False

    @property
    def busy(self) -> bool:
        return self._in_flight > 0

    def set_parent_widget(self, widget: QWidget | None) -> None:
        """The window that error dialogs belong to."""
        self._parent_widget = widget

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[UserError], None] | None = None,
        *,
        lane: Lane = Lane.POOL,
        on_finally: Callable[[], None] | None = None,
    ) -> TaskHandle:
        """Run ``fn`` off the UI thread; call back on the UI thread.

        ``on_done`` gets the result. A ``UserError`` goes to ``on_error`` when
        given, else to a message dialog. Any other exception is a bug: logged
        with its traceback and shown as an unexpected error. ``Cancelled`` is
        neither. ``on_finally`` runs after whichever happened.
        """
        if self._closed:
            raise RuntimeError("the task manager was shut down")
        handle = TaskHandle()
        executor = self._write if lane is Lane.WRITE else self._pool
        self._in_flight += 1

        def work() -> None:
            outcome = self._outcome(fn, handle, on_done, on_error)

            def finish() -> None:
                try:
                    if not handle.cancelled:
                        outcome()
                finally:
                    if on_finally is not None:
                        on_finally()

            self._bridge.did_finish.emit(finish)

        handle.future = executor.submit(work)
        handle.future.add_done_callback(lambda f: self._on_never_ran(f, on_finally))
        return handle

    def _outcome(
        self,
        fn: Callable[[], T],
        handle: TaskHandle,
        on_done: Callable[[T], None] | None,
        on_error: Callable[[UserError], None] | None,
    ) -> Callable[[], None]:
        """Run ``fn`` here, on the worker; return what the UI thread should do next."""
        try:
            handle.check()
            result = fn()
        except Cancelled:
            return lambda: log.debug("task cancelled")
        except UserError as exc:
            # ``exc`` is unbound when the except block ends; keep our own reference.
            refused = exc
            return lambda: self._on_user_error(refused, on_error)
        except Exception as exc:  # noqa: BLE001 - every other exception is a bug to report
            bug = exc
            return lambda: self._on_bug(bug)
        return (lambda: on_done(result)) if on_done is not None else (lambda: None)

    def _on_never_ran(self, future: Future[Any], on_finally: Callable[[], None] | None) -> None:
        # A task cancelled before it started never emits; account for it here.
        if future.cancelled():

            def finish() -> None:
                if on_finally is not None:
                    on_finally()

            self._bridge.did_finish.emit(finish)

    def _on_did_finish(self, finish: Callable[[], None]) -> None:
        self._in_flight -= 1
        try:
            if not self._closed:
                finish()
        finally:
            self.task_did_finish.emit()

    def _on_user_error(self, exc: UserError, on_error: Callable[[UserError], None] | None) -> None:
        if on_error is not None:
            on_error(exc)
        else:
            messages.show_user_error(self._parent_widget, exc)

    def _on_bug(self, exc: Exception) -> None:
        log.error("unexpected error in a background task", exc_info=exc)
        messages.show_bug(self._parent_widget, exc)

    def shutdown(self) -> None:
        """Wait for the tasks in flight, then stop both lanes; results still queued are dropped."""
        if self._closed:
            return
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._write.shutdown(wait=True)
        self._bridge.did_finish.disconnect(self._on_did_finish)


class ScreenTasks:
    """A screen's work through the task manager; once the screen closes, its results are dropped.

    A result arriving for a closed (deleted) dialog would reach widgets that
    no longer exist; cancelling the handle makes the task manager skip it.
    """

    def __init__(self, tasks: TaskManager, screen: QDialog) -> None:
        self.manager = tasks
        self._live: set[TaskHandle] = set()
        screen.finished.connect(self.cancel_all)

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[UserError], None] | None = None,
        *,
        lane: Lane = Lane.POOL,
        on_finally: Callable[[], None] | None = None,
    ) -> TaskHandle:
        handles: list[TaskHandle] = []

        def finish() -> None:
            handle = handles[0]
            self._live.discard(handle)
            if on_finally is not None and not handle.cancelled:
                on_finally()

        handle = self.manager.run(fn, on_done, on_error, lane=lane, on_finally=finish)
        handles.append(handle)
        self._live.add(handle)
        return handle

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def cancel_all(self) -> None:
        for handle in self._live:
            handle.cancel()
