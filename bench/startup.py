"""Cold start to the first paint of the main window, beside an empty PySide6 window.

Each start is a new Python process; the clock runs from just before the
process is spawned until the child reports the first Paint event of its
window. LoanDesk's start includes the sign-in screen: the child fills in the
user name and password the moment that screen first paints (a person takes
longer), so the figure holds the Argon2id check and the whole path to the
desk. The floor is a bare QMainWindow of the same size, with the same Qt
platform. The profile (with ``--cases`` cases) is made before timing.

    python -m bench.startup [--runs 5] [--cases 1000]

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
from pathlib import Path

from app.domain.validation import id_check_char
from app.security.keys import KeySource
from app.services.cases import CaseService
from app.services.profile import Profile

WIDTH, HEIGHT = 1360, 760

# The child for LoanDesk: the real entry point, with an event filter that signs
# in as soon as the sign-in screen paints, reports the main window's first
# paint and quits.
OURS = """
import os, sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDialogButtonBox
from ui.app import application, run_gui
from app.security.keys import KeySource

class FirstPaint(QObject):
    signed = False

    def eventFilter(self, watched, event):
        if event.type() != QEvent.Type.Paint:
            return False
        if watched.objectName() == "sign-in" and not self.signed:
            self.signed = True
            watched.username.setText("bench")
            watched.password.setText(os.environ["BENCH_PASSWORD"])
            ok = watched.buttons.button(QDialogButtonBox.StandardButton.Ok)
            QTimer.singleShot(0, ok.click)
        elif watched.objectName() == "main-window":
            print("painted", flush=True)
            QTimer.singleShot(0, application().quit)
            application().removeEventFilter(self)
        return False

app = application()
spy = FirstPaint()
app.installEventFilter(spy)
sys.exit(run_gui(Path(sys.argv[1]), KeySource.from_environment()))
"""

FLOOR = f"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched.objectName() == "main-window":
            print("painted", flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
            QApplication.instance().removeEventFilter(self)
        return False

app = QApplication(sys.argv[:1])
spy = FirstPaint()
app.installEventFilter(spy)
window = QMainWindow()
window.setObjectName("main-window")
window.resize({WIDTH}, {HEIGHT})
window.show()
sys.exit(app.exec())
"""


def time_start(code: str, args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as child:
        assert child.stdout is not None
        line = child.stdout.readline()
        elapsed = time.perf_counter() - started
        _, err = child.communicate(timeout=60)
    if line.strip() != "painted" or child.returncode != 0:
        raise SystemExit(f"the child did not paint (exit {child.returncode}):\n{err[-2000:]}")
    return elapsed


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
        ours: list[float] = []
        floor: list[float] = []
        for _ in range(args.runs):  # alternate, so machine load falls on both
            floor.append(time_start(FLOOR, [], env))
            ours.append(time_start(OURS, [str(profile_dir)], env))
    ours_s, floor_s = statistics.median(ours), statistics.median(floor)
    print(f"cold start to first paint, median of {args.runs} ({args.cases:,} cases in the profile)")
    print(f"  LoanDesk main window   {ours_s:7.3f} s   runs: {', '.join(f'{t:.3f}' for t in ours)}")
    print(
        f"  empty PySide6 window   {floor_s:7.3f} s   runs: {', '.join(f'{t:.3f}' for t in floor)}"
    )
    print(f"  ratio                  {ours_s / floor_s:7.2f}")
    print(
        json.dumps(
            {
                "bench": "startup",
                "ours_s": round(ours_s, 3),
                "floor_s": round(floor_s, 3),
                "ratio": round(ours_s / floor_s, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
