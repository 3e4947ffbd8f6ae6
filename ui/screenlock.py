"""The screen lock: it covers the desk when the session locks, and uncovers it on the password.

While locked, nothing of an applicant is on screen: the lock page takes the
place of the window's pages and every other window (dialog, message box) is
hidden until the password is given again; nothing is closed, so unsaved work
waits underneath. ``IdleWatch`` tells the session about the user's input (at
most every few seconds) and asks on the write lane, every few seconds,
whether the idle time has run out.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QStackedWidget, QWidget

from app.errors import UserError
from app.security.session import Session
from app.services.accounts import AccountService
from ui import messages
from ui.lockscreen import LockScreen
from ui.taskman import Lane, TaskManager

log = logging.getLogger(__name__)
CHECK_MS = 15_000
TOUCH_EVERY_S = 2.0
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatch(QObject):
    """Keeps the session's idle clock from the user's input; says when it has locked."""

    session_did_lock = Signal()

    def __init__(
        self,
        accounts: AccountService,
        tasks: TaskManager,
        parent: QObject | None = None,
        *,
        check_ms: int = CHECK_MS,
    ) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._tasks = tasks
        self._last_touch = -math.inf
        self._checking = False
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            now = time.monotonic()
            # Input arrives in floods; the session needs to hear of it now and then.
            if now - self._last_touch >= TOUCH_EVERY_S:
                self._last_touch = now
                self._accounts.touch()
        return False

    def check(self) -> None:
        """Lock the session if it has been idle too long (on the write lane)."""
        if self._checking:
            return
        try:
            self._tasks.run(
                self._accounts.lock_if_idle,
                self._on_checked,
                lane=Lane.WRITE,
                on_finally=self._on_check_settled,
            )
        except RuntimeError:
            # The task manager was shut down: LoanDesk is closing, nothing is left to lock.
            self.stop()
            return
        self._checking = True

    def _on_checked(self, locked: bool) -> None:
        if locked:
            self.session_did_lock.emit()

    def _on_check_settled(self) -> None:
        self._checking = False


class ScreenLock(QObject):
    """Puts the lock page over ``pages`` of ``window`` and takes it away again.

    ``session_will_lock`` comes first, for the window to hide or mask what the
    page alone would not (a revealed number, its own screens).
    """

    session_will_lock = Signal()
    session_did_lock = Signal()
    session_did_unlock = Signal()

    def __init__(
        self,
        window: QWidget,
        pages: QStackedWidget,
        accounts: AccountService,
        tasks: TaskManager,
        session: Callable[[], Session | None],
        *,
        check_ms: int = CHECK_MS,
    ) -> None:
        super().__init__(window)
        self._window, self._pages = window, pages
        self._accounts, self._tasks = accounts, tasks
        self._session = session
        self.page = LockScreen()
        pages.addWidget(self.page)
        self.watch = IdleWatch(accounts, tasks, self, check_ms=check_ms)
        self.watch.session_did_lock.connect(self._on_idle_did_lock)
        self.page.unlock_was_asked.connect(self._on_unlock_was_asked)
        self.locked = False
        self._page_before: QWidget | None = None
        self._covered: list[QWidget] = []
        self._focus_before: QWidget | None = None

    def lock(self, reason: str = "manual") -> None:
        """Cover the desk now, and record the lock on the write lane."""
        if self.locked or self._session() is None:
            return
        self.cover(reason)
        accounts = self._accounts
        self._tasks.run(lambda: accounts.lock(reason), lane=Lane.WRITE)

    def _on_idle_did_lock(self) -> None:
        session = self._session()
        if session is not None:
            self.cover(session.lock_reason or "idle")

    def cover(self, reason: str) -> None:
        """Show the lock page in place of everything else (the session is or will be locked)."""
        session = self._session()
        if session is None:
            return
        if self.locked:
            self.page.set_reason(reason)
            return
        self.locked = True
        focus = QApplication.focusWidget()
        self._focus_before = focus if focus and self._window.isAncestorOf(focus) else None
        self.session_will_lock.emit()
        self._covered = self._hide_other_windows()
        current = self._pages.currentWidget()
        if current is not self.page:
            self._page_before = current
        minutes = int(session.idle_limit.total_seconds() // 60)
        self.page.show_for(session.user, reason, minutes)
        self._pages.setCurrentWidget(self.page)
        self.page.password.setFocus()
        self.session_did_lock.emit()

    def _hide_other_windows(self) -> list[QWidget]:
        """Hide every other window (dialogs, boxes, menus); the dialogs come back after."""
        hidden: list[QWidget] = []
        for widget in QApplication.topLevelWidgets():
            if widget is self._window or not widget.isVisible():
                continue
            widget.hide()
            if isinstance(widget, QDialog):
                hidden.append(widget)
        return hidden

    def _on_unlock_was_asked(self, password: str) -> None:
        self.page.set_busy(True)
        accounts = self._accounts
        self._tasks.run(
            lambda: accounts.unlock(password),
            self._on_unlocked,
            self._on_unlock_refused,
            lane=Lane.WRITE,
            on_finally=lambda: self.page.set_busy(False),
        )

    def _on_unlock_refused(self, exc: UserError) -> None:
        self.page.refuse(messages.user_message(exc))

    def _on_unlocked(self, _session: Session) -> None:
        self.locked = False
        if self._page_before is not None:
            self._pages.setCurrentWidget(self._page_before)
        for widget in self._covered:
            if shiboken6.isValid(widget):
                widget.show()
        self._covered = []
        if self._focus_before is not None and shiboken6.isValid(self._focus_before):
            self._focus_before.setFocus()
        self._focus_before = None
        self.session_did_unlock.emit()
