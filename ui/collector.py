"""Python's cyclic garbage collection, moved to the UI thread.

The collector runs in whichever thread happens to allocate. If it frees a
cycle holding a Qt widget while a worker thread is running, the widget is
destroyed on that thread and Qt crashes (seen here: a segfault while a save
ran on the write lane). So automatic collection is off while the UI runs, and
a timer on the UI thread collects instead, as Anki does.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)
INTERVAL_MS = 10_000


class UiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        self._was_enabled = gc.isenabled()

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Collect once more here, then leave automatic collection as it was."""
        self._timer.stop()
        self.collect()
        if self._was_enabled:
            gc.enable()

    def collect(self) -> None:
        found = gc.collect()
        if found:
            log.debug("collected %d objects on the UI thread", found)
