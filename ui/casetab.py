"""A tab of the case view that reads what it shows in the background, once it is shown.

The case view hands each tab the case as saved (``set_case``); a tab that is
not on screen only notes it, and reads when it is shown, so switching cases
costs nothing for tabs nobody looks at. Answers for a case no longer shown
are dropped.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from app.domain.case import CaseState
from app.errors import UserError
from app.services.changes import OpChanges
from ui import messages
from ui.operations import Operations

T = TypeVar("T")


class CaseTab(QWidget, Generic[T]):
    """Subclasses say what to read (``_read``, off the UI thread) and how to show it."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._case: CaseState | None = None
        self._round = 0
        #: a case waits to be read until the tab is shown
        self._pending = False

    def set_case(self, case: CaseState | None) -> None:
        """Read ``case`` (in the background) once the tab shows; None clears the tab."""
        self._case = case
        self._round += 1
        self._pending = case is not None
        if case is None:
            self._clear()
            return
        if self.isVisible():
            self._load()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._pending:
            self._load()

    def on_operation(self, changes: OpChanges) -> None:
        del changes  # the case view hands the reloaded case back through set_case

    def _load(self) -> None:
        case = self._case
        if case is None:
            return
        self._pending = False
        round_now, case_id = self._round, case.case_id

        def done(result: T) -> None:
            if round_now == self._round:
                self._show(result)

        def refused(error: UserError) -> None:
            if round_now == self._round:
                self._refused(error)

        self._ops.tasks.run(lambda: self._read(case_id), done, refused)

    # -- what a tab gives --------------------------------------------------------
    def _read(self, case_id: str) -> T:
        raise NotImplementedError

    def _show(self, result: T) -> None:
        raise NotImplementedError

    def _clear(self) -> None:
        raise NotImplementedError

    def _refused(self, error: UserError) -> None:
        """A refusal in words; by default a message box says it."""
        messages.show_user_error(self, error)
