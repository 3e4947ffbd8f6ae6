"""A second LoanDesk process for the restart test: the real ``run_gui``, then a report.

Usage: python -m tests.ui.restart_driver PROFILE_DIR CASE_ID
It signs in as the test profile's admin, as a person would on the sign-in screen.
Prints one JSON line: the case's list row, its form's name and its history.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDialogButtonBox

from app.security.keys import KeySource
from tests.conftest import PASSWORD
from ui.app import application, run_gui
from ui.mainwindow import MainWindow
from ui.signin import SignInDialog


class Driver(QObject):
    def __init__(self, case_id: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.window: MainWindow | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if isinstance(watched, SignInDialog) and event.type() == QEvent.Type.Show:
            watched.username.setText("admin")
            watched.password.setText(PASSWORD)
            watched.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        if self.window is None and isinstance(watched, MainWindow):
            if event.type() == QEvent.Type.Show:
                self.window = watched
                watched.case_list.model.keys_did_load.connect(self._on_keys_did_load)
                watched.case_view.case_did_load.connect(self._on_case_did_load)
        return False

    def _on_keys_did_load(self, count: int) -> None:
        assert self.window is not None
        self.window.case_list.select_case(self.case_id)

    def _on_case_did_load(self, case_id: str) -> None:
        window = self.window
        assert window is not None
        model = window.case_list.model
        report = {
            "rows": model.rowCount(),
            "listed": model.row_of(case_id) is not None,
            "title": window.case_view.title.text(),
            "name": window.case_view.form.editor("full_name").raw(),
            "history": window.case_view.history.lines(),
        }
        sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        window.close()


def main() -> int:
    app = application()
    driver = Driver(sys.argv[2])
    app.installEventFilter(driver)
    return run_gui(Path(sys.argv[1]), KeySource.from_environment())


if __name__ == "__main__":
    sys.exit(main())
