"""Cyclic garbage is collected on the UI thread only while the UI runs."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui.collector import UiThreadCollector


class _Cycle:
    def __init__(self) -> None:
        self.me: _Cycle = self
        self.widget = QWidget()


def test_widget_cycles_wait_for_the_ui_thread_timer(qtbot: QtBot) -> None:
    gc.enable()
    collector = UiThreadCollector(interval_ms=50)
    collector.start()
    try:
        assert not gc.isenabled()
        cycle = _Cycle()
        gone = weakref.ref(cycle)
        del cycle
        # Allocate enough to have triggered automatic collection many times over.
        junk: list[list[int]] = [[] for _ in range(100_000)]
        del junk
        assert gone() is not None
        qtbot.waitUntil(lambda: gone() is None, timeout=5000)
    finally:
        collector.stop()
    assert gc.isenabled()
    gc.disable()  # as the UI tests' fixture left it
