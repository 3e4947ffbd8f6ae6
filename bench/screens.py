"""Screenshots of every main screen, in English and in Chinese, for a person to look at.

Builds a small demo profile (``loandesk demo``: made-up applicants run
through the real pipeline) in a temporary folder, then opens the real window
as an officer and as a supervisor and saves a PNG of each screen: the sign-in
screen, the case list and each tab of a case, the dashboard, the help and the
glossary, in both languages. Under Xvfb (``DISPLAY`` set) the windows are real
X11 windows; without it they are drawn offscreen.

    python -m bench.screens [--out DIR] [--cases 8]

The last line is JSON: {"bench": "screens", "shots": N, "out": DIR}.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

WIDTH, HEIGHT = 1360, 760


def settle(ms: int = 300) -> None:
    """Let queued work (background reads, layouts, paints) finish for ``ms``."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(done: Callable[[], bool], timeout_ms: int = 30_000) -> None:
    waited = 0
    while not done():
        settle(50)
        waited += 50
        if waited > timeout_ms:
            raise TimeoutError("the screen did not finish loading")


def _listed(window: MainWindow) -> bool:
    return window.case_list.model.rowCount() > 0


def _showing(window: MainWindow, case_id: str) -> bool:
    return window.case_view.case_id == case_id


def _loaded(screen: QWidget) -> bool:
    return getattr(screen, "report", None) is not None


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench.screens", description=__doc__)
    parser.add_argument("--out", default="screens", help="where the PNGs go")
    parser.add_argument("--cases", type=int, default=8)
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    os.environ["LOANDESK_KEY"] = secrets.token_hex(32)

    from app.demo import build_demo
    from app.security.keys import KeySource
    from app.services.accounts import AccountService
    from app.services.profile import Profile
    from ui import i18n
    from ui.app import application
    from ui.mainwindow import MainWindow  # noqa: F811 - the real one, loaded late
    from ui.signin import SignInDialog
    from ui.taskman import TaskManager

    app: QApplication = application()
    shots: list[Path] = []

    def shoot(widget: QWidget, name: str) -> None:
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        shots.append(path)
        sys.stderr.write(f"  {path.name}\n")

    with tempfile.TemporaryDirectory(prefix="loandesk-screens-") as tmp:
        folder = Path(tmp) / "demo"
        key_source = KeySource.from_environment()
        sys.stderr.write(f"building a demo of {args.cases} cases\n")
        report = build_demo(folder, key_source, cases=args.cases)
        profile = Profile.open(folder, key_source)
        tasks = TaskManager()
        try:
            for language in ("en", "zh_CN"):
                i18n.install(app, language)
                signin = SignInDialog(profile, tasks)
                signin.show()
                shoot(signin, f"{language}-sign-in")
                signin.close()
                for who in ("officer", "supervisor"):
                    user = next(u for u in report.users if who in u.username)
                    AccountService(profile).sign_in(user.username, user.password)
                    window = MainWindow(profile, tasks)
                    window.resize(WIDTH, HEIGHT)
                    window.show()
                    wait_for(partial(_listed, window))
                    shoot(window, f"{language}-{who}-list")
                    window.case_view.show_case(report.case_ids[0])
                    wait_for(partial(_showing, window, report.case_ids[0]))
                    view = window.case_view
                    for index in range(view.tabs.count()):
                        view.tabs.setCurrentIndex(index)
                        settle(800)
                        shoot(window, f"{language}-{who}-case-{index}-{window.help_topic()}")
                    if who == "supervisor":
                        from ui import adminmenu

                        dashboard = adminmenu.install(window).open_screen("dashboard")
                        assert dashboard is not None
                        wait_for(partial(_loaded, dashboard))
                        shoot(dashboard, f"{language}-dashboard")
                        dashboard.close()
                    window.show_help("decision")
                    assert window.help_dialog is not None
                    shoot(window.help_dialog, f"{language}-{who}-help")
                    window.help_dialog.close()
                    window._signing_out = True  # leave without the unsaved-edits question
                    window.close()
                    AccountService(profile).sign_out()
        finally:
            tasks.shutdown()
            profile.close()
    QCoreApplication.processEvents()
    print(json.dumps({"bench": "screens", "shots": len(shots), "out": str(out)}))


if __name__ == "__main__":
    main()
