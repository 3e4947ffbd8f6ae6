"""The watched scan folder: the device setting that names it, and the watch that empties it.

A scanner's software saves pages into a folder; while a case is open, the
Documents tab takes what appears there into that case and deletes the plain
file. The folder is this workstation's own setting, never synced.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.changes import OpChanges
from app.services.intake import IntakeService
from app.services.profile import Profile
from ui import messages
from ui.notices import ERROR_COLOUR
from ui.operations import Operations
from ui.taskman import Lane

POLL_MS = 3000


class FolderWatch(QObject):
    """Polls the scan folder while a case is open; each file found is attached to that case."""

    #: (result: FolderImport) one look into the folder took files in, or refused some
    folder_did_import = Signal(object)
    #: (error: UserError) the folder could not be looked into
    import_was_refused = Signal(object)

    def __init__(
        self,
        intake: IntakeService,
        ops: Operations,
        folder: Callable[[], str | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._intake, self._ops, self._folder = intake, ops, folder
        self._case_id: str | None = None
        self._polling = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._on_poll)

    def follow(self, case_id: str | None) -> None:
        """Watch for ``case_id`` (None: stop); also called again when the setting changes."""
        self._case_id = case_id
        if case_id is not None and self._folder():
            self.timer.start()
        else:
            self.timer.stop()

    def _on_poll(self) -> None:
        folder, case_id, intake = self._folder(), self._case_id, self._intake
        if self._polling or not folder or case_id is None:
            return
        self._polling = True

        def done() -> None:
            self._polling = False

        self._ops.tasks.run(
            lambda: intake.import_folder(case_id, Path(folder)),
            self.folder_did_import.emit,
            self.import_was_refused.emit,
            lane=Lane.WRITE,
            on_finally=done,
        )


def refused_text(name: str, reason: str) -> str:
    return QCoreApplication.translate(
        "ScanFolder", "{0} from the scan folder was not taken in: {1} It is left there as {2}."
    ).format(name, reason, name + ".refused")


def folder_problem(path: str) -> str | None:
    """Why LoanDesk could not empty ``path``, or None if it can."""
    if not os.path.isdir(path):
        return QCoreApplication.translate("ScanFolder", "That folder does not exist.")
    if not os.access(path, os.R_OK | os.W_OK | os.X_OK):
        return QCoreApplication.translate(
            "ScanFolder",
            "LoanDesk may not delete files in that folder; choose one your account may change.",
        )
    return None


class ScanFolderDialog(QDialog):
    """Settings → Scan folder: choose the folder to watch, or stop watching one."""

    #: (path: str | None) the setting was saved
    scan_folder_did_change = Signal(object)

    def __init__(self, profile: Profile, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scan-folder")
        self._profile, self._ops = profile, ops
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.folder = QLabel()
        self.folder.setObjectName("scan-folder-path")
        self.folder.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.problem.hide()
        self.choose = QPushButton()
        self.choose.setObjectName("choose-scan-folder")
        self.stop = QPushButton()
        self.stop.setObjectName("stop-watching")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self._lay_out()
        self.choose.clicked.connect(self._on_choose)
        self.stop.clicked.connect(lambda: self.save(None))
        self.buttons.rejected.connect(self.reject)
        self.chooser: QFileDialog | None = None
        self.retranslate()
        self.setMinimumWidth(520)

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.choose)
        row.addWidget(self.stop)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addSpacing(6)
        layout.addWidget(self.folder)
        layout.addWidget(self.problem)
        layout.addLayout(row)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)

    def _on_choose(self) -> None:
        """A folder chooser, opened without a nested event loop; its answer is saved."""
        chooser = QFileDialog(
            self, QCoreApplication.translate("ScanFolder", "Choose the scan folder")
        )
        chooser.setFileMode(QFileDialog.FileMode.Directory)
        chooser.setOption(QFileDialog.Option.ShowDirsOnly, True)
        current = self._profile.settings.scan_folder
        if current:
            chooser.setDirectory(current)
        chooser.fileSelected.connect(self._on_chosen)
        chooser.finished.connect(chooser.deleteLater)
        self.chooser = chooser
        chooser.open()

    def _on_chosen(self, path: str) -> None:
        problem = folder_problem(path)
        self.problem.setVisible(problem is not None)
        self.problem.setText(problem or "")
        if problem is None:
            self.save(str(Path(path).resolve()))

    def save(self, path: str | None) -> None:
        """Remember ``path`` as the scan folder (None: watch none) on this workstation."""
        profile = self._profile

        def command() -> OpChanges:
            profile.update_settings(lambda settings: replace(settings, scan_folder=path))
            return OpChanges(settings=True)

        self._ops.run(command, initiator=self, on_done=self._on_saved, on_error=self._on_refused)

    def _on_saved(self, _changes: OpChanges) -> None:
        self.problem.hide()
        self._show_folder()
        self.scan_folder_did_change.emit(self._profile.settings.scan_folder)

    def _on_refused(self, exc: UserError) -> None:
        self.problem.setText(messages.user_message(exc))
        self.problem.show()

    def _show_folder(self) -> None:
        path = self._profile.settings.scan_folder
        if path:
            text = QCoreApplication.translate("ScanFolder", "Watched folder: {0}").format(path)
        else:
            text = QCoreApplication.translate("ScanFolder", "No folder is watched.")
        self.folder.setText(text)
        self.stop.setEnabled(bool(path))

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("ScanFolder", "Scan folder"))
        self.explain.setText(
            QCoreApplication.translate(
                "ScanFolder",
                "Files your scanner saves in this folder are attached to the case open on "
                "screen, then deleted from the folder. Files that cannot be taken in stay "
                "there, renamed to end in .refused. Nothing is taken while no case is open.",
            )
        )
        self.choose.setText(QCoreApplication.translate("ScanFolder", "Choose folder…"))
        self.stop.setText(QCoreApplication.translate("ScanFolder", "Stop watching"))
        self._show_folder()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def open_dialog(profile: Profile, ops: Operations, parent: QWidget) -> ScanFolderDialog:
    """Show the scan folder dialog (window-modal, no nested event loop)."""
    dialog = ScanFolderDialog(profile, ops, parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
