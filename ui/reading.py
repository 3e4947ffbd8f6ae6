"""Reading documents on the pool, page by page with Cancel, and recording what was read."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from app.errors import UserError
from app.services.intake import IntakeService, ReadCancelled, Reading
from ui.operations import Operations
from ui.taskman import Cancelled, TaskHandle


class _Progress(QObject):
    """Carries a reader's per-page progress from the pool thread to the UI thread."""

    #: (document_id, pages done, pages in all)
    did_progress = Signal(str, int, int)


class ReadProgress(QWidget):
    """A document's reading in its row: a bar (page n of m) and Cancel."""

    def __init__(self, on_cancel: Callable[[], None]) -> None:
        super().__init__()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.cancel = QPushButton(QCoreApplication.translate("Documents", "Cancel"))
        self.cancel.setObjectName("cancel-read")
        self.cancel.clicked.connect(on_cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel)

    def show_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.bar.setFormat(
            QCoreApplication.translate("Documents", "Page {0} of {1}").format(
                min(done + 1, total), total
            )
        )


class Reader(QObject):
    """Reads documents on the pool, one task each, and records what was read."""

    #: (document_id, pages done, pages in all)
    read_did_progress = Signal(str, int, int)
    #: (document_id, recorded) reading ended: recorded, or refused
    read_did_finish = Signal(str, bool)
    #: (document_id) the user cancelled the reading
    read_did_cancel = Signal(str)
    #: (document_id, error: UserError) the file could not be read or recorded
    read_was_refused = Signal(str, object)

    def __init__(self, intake: IntakeService, ops: Operations) -> None:
        super().__init__()
        self._intake, self._ops = intake, ops
        self._progress = _Progress()
        self._progress.did_progress.connect(self.read_did_progress)
        self.jobs: dict[str, TaskHandle] = {}

    def reading(self, document_id: str) -> bool:
        return document_id in self.jobs

    def start(self, case_id: str, document_id: str) -> None:
        if document_id in self.jobs:
            return
        handles: list[TaskHandle] = []
        handle = self._ops.tasks.run(
            self._work(case_id, document_id, handles),
            self._on_read,
            lambda exc: self._on_refused(document_id, exc),
            on_finally=lambda: self._on_ended(document_id, handles[0]),
        )
        handles.append(handle)
        self.jobs[document_id] = handle

    def _work(
        self, case_id: str, document_id: str, handles: list[TaskHandle]
    ) -> Callable[[], Reading]:
        """The pool task; ``handles`` gets its own handle once submitted, for Cancel."""
        intake, progress = self._intake, self._progress

        def work() -> Reading:
            try:
                return intake.read(
                    case_id,
                    document_id,
                    workers=os.cpu_count() or 1,
                    progress=lambda done, total: progress.did_progress.emit(
                        document_id, done, total
                    ),
                    cancelled=lambda: bool(handles) and handles[0].cancelled,
                )
            except ReadCancelled:
                raise Cancelled from None

        return work

    def cancel(self, document_id: str) -> None:
        handle = self.jobs.get(document_id)
        if handle is not None:
            handle.cancel()

    def _on_read(self, reading: Reading) -> None:
        intake = self._intake
        self._ops.run(
            lambda: intake.record(reading),
            initiator=self,
            on_done=lambda _c: self.read_did_finish.emit(reading.document_id, True),
            on_error=lambda exc: self._on_refused(reading.document_id, exc),
        )

    def _on_refused(self, document_id: str, exc: UserError) -> None:
        self.read_was_refused.emit(document_id, exc)
        self.read_did_finish.emit(document_id, False)

    def _on_ended(self, document_id: str, handle: TaskHandle) -> None:
        if self.jobs.get(document_id) is handle:
            del self.jobs[document_id]
        if handle.cancelled:
            self.read_did_cancel.emit(document_id)
