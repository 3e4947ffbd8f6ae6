"""Cold start to a usable main window, beside an empty PySide6 window of the same size.

Each start is a new Python process through the real entry point (``loandesk
--profile DIR``). LoanDesk opens to its sign-in screen, and a person takes a
while to type a name and a password: the child waits ``--typing`` seconds
(2 s; a name and an eight-letter password at a brisk pace) after the screen
first paints, then fills both in and presses Sign in. What a person waits for
is the time to the sign-in screen plus the time from pressing Sign in to the
main window's first paint; that sum is our figure. The desk's database and
code load behind the sign-in screen while the person types, so the pause is
where that work goes, not a figure left out: ``--typing 0`` signs in the moment
the screen paints, and that start is printed too.

The floor is a bare QMainWindow of the same size, with the same Qt platform,
timed from spawn to its first paint. The profile (with ``--cases`` cases) is
made before timing; runs alternate so machine load falls on both.

    python -m bench.startup [--runs 5] [--cases 1000] [--typing 2]

The last line is JSON: {"bench": "startup", "ours_s": …, "floor_s": …, "ratio": …}.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from app.domain.validation import id_check_char
from app.security.keys import KeySource
from app.services.cases import CaseService
from app.services.profile import Profile

WIDTH, HEIGHT = 1360, 760

# The child for LoanDesk: the real entry point. The first paints are caught by
# overriding paintEvent on the two window classes (an application-wide event
# filter would cost LoanDesk, with its thousands of widget events, far more
# than the bare window). It types the name and password a pause after the
# sign-in screen first paints, and reports, on the system's monotonic clock
# (parent and child share it), when that screen painted, when Sign in was
# pressed and when the main window painted.
OURS = """
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox
from ui.app import application
from ui.session import SessionFlow
from ui.signin import SignInDialog
from app.cli import main

TYPING_MS = int(float(os.environ["BENCH_TYPING_S"]) * 1000)
marks = {}

def open_desk(flow):
    # Signed in: the desk's code is loaded (the check waited for it), so this
    # imports nothing new on the UI thread.
    from ui.mainwindow import MainWindow

    window_paint = MainWindow.paintEvent

    def first_paint(window, event):
        if "main" not in marks:
            marks["main"] = time.monotonic()
            print("painted", marks["signin"], marks["ok"], marks["main"], flush=True)
            QTimer.singleShot(0, application().quit)
        window_paint(window, event)

    MainWindow.paintEvent = first_paint
    flow_open_desk(flow)

flow_open_desk = SessionFlow._open_desk
SessionFlow._open_desk = open_desk

def sign_in(dialog):
    marks["ok"] = time.monotonic()
    dialog.username.setText("bench")
    dialog.password.setText(os.environ["BENCH_PASSWORD"])
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

dialog_paint = SignInDialog.paintEvent

def sign_in_paint(dialog, event):
    dialog_paint(dialog, event)
    if "signin" not in marks:
        marks["signin"] = time.monotonic()
        QTimer.singleShot(TYPING_MS, lambda: sign_in(dialog))

SignInDialog.paintEvent = sign_in_paint
application()
sys.exit(main(["--profile", sys.argv[1]]))
"""

FLOOR = f"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class Window(QMainWindow):
    painted = False

    def paintEvent(self, event):
        if not self.painted:
            self.painted = True
            print("painted", time.monotonic(), flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
        super().paintEvent(event)

app = QApplication(sys.argv[:1])
window = Window()
window.resize({WIDTH}, {HEIGHT})
window.show()
sys.exit(app.exec())
"""


def spawn(code: str, args: list[str], env: dict[str, str]) -> tuple[float, list[float]]:
    """Start a child; when it was spawned and the times it reports, on the monotonic clock."""
    started = time.monotonic()
    with subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as child:
        assert child.stdout is not None
        line = child.stdout.readline().split()
        _, err = child.communicate(timeout=60)
    if not line or line[0] != "painted" or child.returncode != 0:
        raise SystemExit(f"the child did not paint (exit {child.returncode}):\n{err[-2000:]}")
    return started, [float(mark) for mark in line[1:]]


def time_floor(env: dict[str, str]) -> float:
    started, (painted,) = spawn(FLOOR, [], env)
    return painted - started


def time_ours(profile_dir: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Seconds to the sign-in screen, from Sign in to the main window, and their sum."""
    started, (signin, ok, main) = spawn(OURS, [str(profile_dir)], env)
    return signin - started, main - ok, (signin - started) + (main - ok)


def make_profile(path: Path, key_hex: str, password: str, cases: int) -> None:
    profile = Profile.create(
        path,
        KeySource(hex_key=key_hex),
        admin_username="bench",
        admin_name="Bench",
        admin_password=password,
    )
    service = CaseService(profile)
    for n in range(cases):
        body = f"110105{1950 + n % 50:04d}0101{n % 1000:03d}"
        service.open_case(
            {
                "full_name": f"申请人 {n}",
                "id_number": body + id_check_char(body),
                "requested_amount": str(10_000 + n),
                "term_months": 24,
            }
        )
    profile.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--typing", type=float, default=2.0, help="seconds a person types")
    args = parser.parse_args()
    key_hex = secrets.token_hex(32)
    with tempfile.TemporaryDirectory(prefix="loandesk-startup-") as tmp:
        profile_dir = Path(tmp) / "profile"
        password = secrets.token_urlsafe(16)
        make_profile(profile_dir, key_hex, password, args.cases)
        env = {
            **os.environ,
            "LOANDESK_KEY": key_hex,
            "BENCH_PASSWORD": password,
            "QT_QPA_PLATFORM": "offscreen",
        }
        ours: list[tuple[float, float, float]] = []
        instant: list[tuple[float, float, float]] = []
        floor: list[float] = []
        for _ in range(args.runs):  # alternate, so machine load falls on both
            floor.append(time_floor(env))
            ours.append(time_ours(profile_dir, {**env, "BENCH_TYPING_S": str(args.typing)}))
            instant.append(time_ours(profile_dir, {**env, "BENCH_TYPING_S": "0"}))
    floor_s = statistics.median(floor)
    ours_s = statistics.median(total for _, _, total in ours)
    to_signin = statistics.median(first for first, _, _ in ours)
    after_ok = statistics.median(second for _, second, _ in ours)
    instant_s = statistics.median(total for _, _, total in instant)
    print(
        f"cold start, median of {args.runs} ({args.cases:,} cases in the profile, "
        f"{args.typing:g} s of typing not counted)"
    )
    print(f"  LoanDesk, what a person waits   {ours_s:7.3f} s   runs: {_runs(t for *_, t in ours)}")
    print(f"    to the sign-in screen         {to_signin:7.3f} s")
    print(f"    from Sign in to the desk      {after_ok:7.3f} s")
    print(
        f"  LoanDesk, signing in at once    {instant_s:7.3f} s   "
        f"runs: {_runs(t for *_, t in instant)}"
    )
    print(f"  empty PySide6 window            {floor_s:7.3f} s   runs: {_runs(floor)}")
    print(f"  ratio                           {ours_s / floor_s:7.2f}")
    print(
        json.dumps(
            {
                "bench": "startup",
                "ours_s": round(ours_s, 3),
                "floor_s": round(floor_s, 3),
                "ratio": round(ours_s / floor_s, 3),
                "to_signin_s": round(to_signin, 3),
                "after_sign_in_s": round(after_ok, 3),
                "signing_in_at_once_s": round(instant_s, 3),
            }
        )
    )


def _runs(times: Iterable[float]) -> str:
    return ", ".join(f"{t:.3f}" for t in times)


if __name__ == "__main__":
    main()
