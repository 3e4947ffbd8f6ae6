"""Who is at the desk: sign-in, a first password of one's own, the desk, sign-out, again.

``SessionFlow`` moves between the screens of one open profile: the sign-in
screen (or a session already open after the profile was just created), a
new password when an administrator set the old one, then the main window.
Signing out brings the sign-in screen back; quitting any of them ends the flow.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QDialog

from app.errors import UserError
from app.services.backup import BackupResult, BackupService
from app.services.profile import Profile
from ui.mainwindow import MainWindow
from ui.messages import user_message
from ui.signin import ChangePasswordDialog, SignInDialog
from ui.taskman import TaskManager

log = logging.getLogger(__name__)


class SessionFlow(QObject):
    """One profile's screens, from sign-in to quitting; ``did_finish`` at the end."""

    did_finish = Signal()

    def __init__(self, profile: Profile, tasks: TaskManager) -> None:
        super().__init__()
        self.profile = profile
        self.tasks = tasks
        self.window: MainWindow | None = None
        self.dialog: QDialog | None = None
        # Windows signed out of, kept until no task of theirs can still report to them.
        self._retired: list[MainWindow] = []
        tasks.task_did_finish.connect(self._delete_retired)

    def start(self) -> None:
        """The desk at once for a session already open, else the sign-in screen."""
        if self.profile.session is not None:
            self._open_desk()
        else:
            self._ask_sign_in()

    # -- the screens -------------------------------------------------------------
    def _ask_sign_in(self) -> None:
        dialog = SignInDialog(self.profile, self.tasks)
        self.tasks.set_parent_widget(dialog)
        dialog.accepted.connect(lambda: self._on_signed_in(dialog))
        dialog.rejected.connect(self._finish)
        self._replace_dialog(dialog)
        dialog.start()

    def _on_signed_in(self, dialog: SignInDialog) -> None:
        if dialog.must_change:
            self._ask_new_password()
        else:
            self._open_desk()

    def _ask_new_password(self) -> None:
        dialog = ChangePasswordDialog(self.profile, self.tasks)
        self.tasks.set_parent_widget(dialog)
        dialog.accepted.connect(self._open_desk)
        dialog.rejected.connect(self._finish)
        self._replace_dialog(dialog)
        dialog.show()
        dialog.activateWindow()

    def _open_desk(self) -> None:
        self._replace_dialog(None)
        window = MainWindow(self.profile, self.tasks)
        window.did_sign_out.connect(self._on_signed_out)
        window.did_close.connect(self._finish)
        self.window = window
        window.show()
        window.activateWindow()
        self._daily_backup(window)

    def _daily_backup(self, window: MainWindow) -> None:
        """The automatic daily backup, in the background, once someone is at the desk."""

        def done(result: BackupResult | None) -> None:
            if result is not None and self.window is window:
                text = QCoreApplication.translate("SessionFlow", "Daily backup made: {0}")
                window.statusBar().showMessage(text.format(result.path.name), 10_000)

        def failed(error: UserError) -> None:
            log.warning("the daily backup failed (%s)", error.code)
            if self.window is window:
                text = QCoreApplication.translate(
                    "SessionFlow", "The daily backup could not be made: {0}"
                )
                window.statusBar().showMessage(text.format(user_message(error)))

        self.tasks.run(BackupService(self.profile).backup_if_due, done, failed)

    def _on_signed_out(self) -> None:
        window, self.window = self.window, None
        if window is not None:
            self._retired.append(window)
        log.info("signed out; back to the sign-in screen")
        self._ask_sign_in()
        self._delete_retired()

    def _delete_retired(self) -> None:
        # Their widgets held applicant data: deleted, not just hidden, once it is safe.
        if self._retired and not self.tasks.busy:
            for window in self._retired:
                window.deleteLater()
            self._retired.clear()

    def _replace_dialog(self, dialog: QDialog | None) -> None:
        old, self.dialog = self.dialog, dialog
        if old is not None:
            old.hide()
            old.deleteLater()

    def _finish(self) -> None:
        self._replace_dialog(None)
        self.did_finish.emit()
