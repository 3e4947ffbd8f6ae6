"""The GUI entry point: ``run_gui`` opens (or first creates) a profile and shows it.

An existing profile opens to the sign-in screen, painted before the database
and the desk's code load (they load behind it, while the user types); a new
one opens signed in as the administrator who made it. A problem the user can
fix (wrong key, no keyring, damaged profile) ends in a message box and a
non-zero exit, never a traceback. Only what the sign-in screen needs is
imported here; ``bench/startup.py`` keeps the count.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

import resources
from app.errors import UserError
from app.places import profile_exists
from app.security.keys import KeySource
from app.services.settings import Language, Theme, load_settings, system_language
from ui import i18n, messages, theme
from ui.collector import UiThreadCollector
from ui.session import SessionFlow
from ui.signin import ProfileOpening
from ui.taskman import TaskManager

if TYPE_CHECKING:
    from app.services.profile import Profile

log = logging.getLogger(__name__)
ICON = Path(resources.__file__).resolve().parent / "icons" / "loandesk.svg"
EXIT_REFUSED = 1


def application() -> QApplication:
    """The one QApplication, made on first use."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("LoanDesk")
    app.setStyle("Fusion")
    # A vector icon: sharp at any scale, on high-DPI screens too.
    app.setWindowIcon(QIcon(str(ICON)))
    return app


def install_excepthook() -> Callable[
    [type[BaseException], BaseException, TracebackType | None], object
]:
    """An exception escaping a slot is a bug: log it with its traceback and say so.

    Returns the hook it replaced, for ``run_gui`` to put back.
    """
    previous = sys.excepthook

    def report(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.error("uncaught exception", exc_info=(kind, value, tb))
        messages.show_bug(QApplication.activeWindow(), value)

    sys.excepthook = report
    return previous


def startup_language(profile_dir: Path) -> Language:
    if profile_exists(profile_dir):
        return load_settings(profile_dir / "settings.json").language
    return system_language(QLocale.system().name())


def startup_theme(profile_dir: Path) -> Theme:
    return (
        load_settings(profile_dir / "settings.json").theme
        if profile_exists(profile_dir)
        else "system"
    )


def refuse(text: str) -> int:
    """Tell the user why LoanDesk cannot start, and give the exit code."""
    box = QMessageBox(QMessageBox.Icon.Critical, "LoanDesk", text, QMessageBox.StandardButton.Ok)
    box.setObjectName("startup-refused")
    box.exec()
    return EXIT_REFUSED


def create_profile(
    profile_dir: Path, key_source: KeySource, tasks: TaskManager, language: Language
) -> Profile | None:
    """On first run, a profile made through the dialog (its admin signed in); None if closed."""
    from ui.profiledialog import CreateProfileDialog

    dialog = CreateProfileDialog(profile_dir, key_source, tasks, language)
    dialog.exec()
    return dialog.profile


def start_log(profile_dir: Path) -> None:
    # The log's rotating handler is 12 ms of imports: for an existing profile it
    # starts behind the sign-in screen, before the profile opens. Until then (a
    # few milliseconds, no data read) a record goes to stderr.
    from app import logs

    logs.configure(profile_dir / "logs")


def open_profile(profile_dir: Path, key_source: KeySource) -> Profile:
    """Start the log, then open the profile (on a worker, behind the sign-in screen)."""
    from app.services.profile import Profile

    start_log(profile_dir)
    return Profile.open(profile_dir, key_source)


def run_gui(profile_dir: Path, key_source: KeySource) -> int:
    app = application()
    # Made here with 0700 so the log folder cannot create it more open.
    profile_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    previous_hook = install_excepthook()
    language = startup_language(profile_dir)
    i18n.install(app, language)
    theme.apply(app, startup_theme(profile_dir))
    tasks = TaskManager()
    collector = UiThreadCollector()
    collector.start()
    # Between sign-out and the next sign-in no window may be showing; the flow says when to end.
    quit_on_last_window = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    opening: ProfileOpening | None = None
    try:
        if profile_exists(profile_dir):
            opening = ProfileOpening()
            flow = SessionFlow(opening, tasks, lambda: open_profile(profile_dir, key_source))
        else:
            start_log(profile_dir)
            try:
                created = create_profile(profile_dir, key_source, tasks, language)
            except UserError as exc:
                log.warning("profile not made: %s", type(exc).__name__)
                return refuse(messages.user_message(exc))
            if created is None:
                return EXIT_REFUSED
            opening = ProfileOpening.of(created)
            flow = SessionFlow(opening, tasks)

        def failed(exc: UserError) -> None:
            refuse(messages.user_message(exc))
            app.exit(EXIT_REFUSED)

        flow.did_finish.connect(app.quit)
        flow.did_fail.connect(failed)
        flow.start()
        return app.exec()
    finally:
        tasks.shutdown()
        profile = opening.opened if opening is not None else None
        if profile is not None:
            sign_out(profile)
            profile.close()
        app.setQuitOnLastWindowClosed(quit_on_last_window)
        collector.stop()
        sys.excepthook = previous_hook


def sign_out(profile: Profile) -> None:
    """Record that the session ended with LoanDesk; a refusal here only goes to the log."""
    from app.services.accounts import AccountService  # loaded with the desk by now

    try:
        AccountService(profile).sign_out()
    except UserError as exc:
        log.warning("sign-out at exit not recorded: %s", exc.code)
