"""Commands that change data run here: on the write lane, announced by one signal.

Views never call each other after a change. They listen to
``operation_did_execute`` and refresh what the ``OpChanges`` says was touched,
as Anki's ``CollectionOp`` does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from app.errors import UserError
from app.services.changes import OpChanges
from ui.taskman import Lane, TaskHandle, TaskManager

C = TypeVar("C", bound=OpChanges)


class Operations(QObject):
    #: (changes: OpChanges, initiator: object | None) after a command succeeded
    operation_did_execute = Signal(object, object)

    def __init__(self, tasks: TaskManager) -> None:
        super().__init__()
        self.tasks = tasks

    def run(
        self,
        command: Callable[[], C],
        *,
        initiator: object | None = None,
        on_done: Callable[[C], None] | None = None,
        on_error: Callable[[UserError], None] | None = None,
        on_finally: Callable[[], None] | None = None,
    ) -> TaskHandle:
        """Run ``command`` on the write lane; ``on_done`` runs before views hear of it."""

        def done(changes: C) -> None:
            if on_done is not None:
                on_done(changes)
            self.operation_did_execute.emit(changes, initiator)

        return self.tasks.run(command, done, on_error, lane=Lane.WRITE, on_finally=on_finally)
