"""A path typed or chosen with a file dialog, for the backup and policy forms."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget


class PathField(QWidget):
    """A path typed or chosen with a file dialog (opened without a nested event loop)."""

    def __init__(self, mode: QFileDialog.FileMode, *, saving: bool = False) -> None:
        super().__init__()
        self._mode, self._saving = mode, saving
        self.line = QLineEdit()
        self.line.setMinimumWidth(380)
        self.choose = QPushButton()
        self.choose.clicked.connect(self._on_choose)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.choose)
        self.retranslate()

    def _on_choose(self) -> None:
        chooser = QFileDialog(self.window())
        chooser.setFileMode(self._mode)
        if self._saving:
            chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            chooser.setDefaultSuffix("ldbackup")
        chooser.setNameFilters(
            [QCoreApplication.translate("Backup", "LoanDesk backups (*.ldbackup)"), "*"]
        )
        chooser.fileSelected.connect(self.line.setText)
        chooser.finished.connect(chooser.deleteLater)
        chooser.open()

    def path(self) -> Path | None:
        text = self.line.text().strip()
        return Path(text).expanduser() if text else None

    def retranslate(self) -> None:
        self.choose.setText(QCoreApplication.translate("Backup", "Choose…"))
