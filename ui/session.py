"""Who is at the desk: sign-in, a first password of one's own, the desk, sign-out, again.

``SessionFlow`` moves between the screens of one open profile: the sign-in
screen (or a session already open after the profile was just created), a
new password when an administrator set the old one, then the main window.
Signing out brings the sign-in screen back; quitting any of them ends the flow.

An existing profile opens behind the first sign-in screen: the screen paints
first, then the database opens and the desk's code loads on the write lane
while the user types. A profile that cannot be opened (a wrong key, damage)
ends the flow with ``did_fail``.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QDialog

from app.errors import UserError
from ui.messages import user_message
from ui.signin import ProfileOpening, SignInDialog
from ui.taskman import Lane, TaskManager

if TYPE_CHECKING:
    from app.services.backup import BackupResult
    from app.services.profile import Profile
    from ui.mainwindow import DeskParts, MainWindow

log = logging.getLogger(__name__)
#: What the desk needs, loaded while the user types (the sign-in screen is up).
DESK_MODULES = ("ui.mainwindow", "ui.firstpassword", "app.services.backup")


def preload_desk() -> None:
    for name in DESK_MODULES:
        importlib.import_module(name)


class SessionFlow(QObject):
    """One profile's screens, from sign-in to quitting; ``did_finish`` at the end."""

    did_finish = Signal()
    #: the profile could not be opened (UserError); the flow has ended
    did_fail = Signal(object)

    def __init__(
        self,
        profile: Profile | ProfileOpening,
        tasks: TaskManager,
        opener: Callable[[], Profile] | None = None,
    ) -> None:
        """``profile`` open, or an opening that ``opener`` completes after the first paint."""
        super().__init__()
        self.opening = (
            profile if isinstance(profile, ProfileOpening) else ProfileOpening.of(profile)
        )
        self._opener = opener
        self._parts: DeskParts | None = None
        self.tasks = tasks
        self.window: MainWindow | None = None
        self.dialog: QDialog | None = None
        # Windows signed out of, kept until no task of theirs can still report to them.
        self._retired: list[MainWindow] = []
        tasks.task_did_finish.connect(self._delete_retired)

    @property
    def profile(self) -> Profile:
        """The open profile: there is one once anyone has signed in."""
        opened = self.opening.opened
        if opened is None:
            raise RuntimeError("the profile is not open yet")
        return opened

    def start(self) -> None:
        """The desk at once for a session already open, else the sign-in screen."""
        opened = self.opening.opened
        if opened is not None and opened.session is not None:
            self._open_desk()
        else:
            self._ask_sign_in()

    def _open_behind(self) -> None:
        """Open the profile and load the desk's code, on the write lane.

        The sign-in check queues behind it on the same lane, so when it answers
        everything the desk needs is loaded and this thread imports nothing
        while the worker does: PySide6's import hook keeps one global state, and
        two threads importing at once can find modules half made.
        """
        opener, self._opener = self._opener, None
        if opener is None:  # open already: the screen is back after a sign-out
            self._prepare_parts()
            return
        opening = self.opening

        def open_and_load() -> None:
            opening.open(opener)
            preload_desk()

        self.tasks.run(
            open_and_load,
            lambda _none: self._prepare_parts(),
            self._on_open_failed,
            lane=Lane.WRITE,
        )

    def _prepare_parts(self) -> None:
        """Make the desk's session-free widgets now, while the user is still typing."""
        profile = self.opening.opened
        if self._parts is not None or self.window is not None or profile is None:
            return
        from ui.mainwindow import DeskParts

        self._parts = DeskParts.make(profile, self.tasks)

    def _on_open_failed(self, exc: UserError) -> None:
        log.warning("profile not opened: %s", exc.code)
        self._replace_dialog(None)
        self.did_fail.emit(exc)

    # -- the screens -------------------------------------------------------------
    def _ask_sign_in(self) -> None:
        dialog = SignInDialog(self.opening, self.tasks)
        dialog.profile_needed.connect(self._open_behind)
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
        from ui.firstpassword import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.profile, self.tasks)
        self.tasks.set_parent_widget(dialog)
        dialog.accepted.connect(self._open_desk)
        dialog.rejected.connect(self._finish)
        self._replace_dialog(dialog)
        dialog.show()
        dialog.activateWindow()

    def _open_desk(self) -> None:
        from ui.mainwindow import MainWindow

        self._replace_dialog(None)
        parts, self._parts = self._parts, None
        window = MainWindow(self.profile, self.tasks, parts=parts)
        window.did_sign_out.connect(self._on_signed_out)
        window.did_close.connect(self._finish)
        self.window = window
        window.show()
        window.activateWindow()
        self._daily_backup(window)

    def _daily_backup(self, window: MainWindow) -> None:
        """The automatic daily backup, in the background, once someone is at the desk."""
        from app.services.backup import BackupService

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
