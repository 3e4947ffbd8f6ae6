"""The sign-in screen paints before the database and the desk's code load.

A new process through the real entry point (``loandesk --profile DIR``), as a
person starts it: it notes which modules are loaded when the sign-in screen
first paints, then signs in and waits for the main window. What the screen
must not wait for is named here; a heavy import slipped into the path to it
fails this test, whatever the machine's speed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.services.profile import Profile
from tests.conftest import PASSWORD
from ui.session import DESK_MODULES

#: Loaded behind the sign-in screen, never before it paints.
HEAVY = (
    "sqlalchemy",
    "pydantic",
    "sqlcipher3",
    "onnxruntime",
    "app.services.profile",
    "app.services.accounts",
    "app.commands",
    "ui.mainwindow",
    "ui.texts",
)

CHILD = """
import json, os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDialogButtonBox
from ui.app import application
from ui.signin import SignInDialog
from app.cli import main

heavy = json.loads(os.environ["HEAVY"])
DESK = json.loads(os.environ["DESK"])
seen = {}
signed_in = SignInDialog._on_signed_in

def on_signed_in(dialog, must_change):
    # What the UI thread finds loaded when the check answers: it must import
    # nothing itself while a worker may still be importing.
    seen["desk_loaded"] = [name for name in DESK if name in sys.modules]
    signed_in(dialog, must_change)

SignInDialog._on_signed_in = on_signed_in

class Spy(QObject):
    def eventFilter(self, watched, event):
        if event.type() != QEvent.Type.Paint:
            return False
        if watched.objectName() == "sign-in" and "at_sign_in" not in seen:
            seen["at_sign_in"] = [name for name in heavy if name in sys.modules]
            QTimer.singleShot(0, lambda: self.sign_in(watched))
        elif watched.objectName() == "main-window" and "user" not in seen:
            seen["user"] = watched.user_label.text()
            seen["later"] = [name for name in heavy if name in sys.modules]
            print(json.dumps(seen), flush=True)
            QTimer.singleShot(0, watched.close)
        return False

    def sign_in(self, dialog):
        dialog.username.setText("admin")
        dialog.password.setText(os.environ["CHILD_PASSWORD"])
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

app = application()
spy = Spy()
app.installEventFilter(spy)
sys.exit(main(["--profile", sys.argv[1]]))
"""


def test_the_sign_in_screen_paints_before_anything_heavy_loads(
    profile: Profile, profile_dir: Path
) -> None:
    profile.close()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HEAVY": json.dumps(HEAVY),
        "DESK": json.dumps(DESK_MODULES),
        "CHILD_PASSWORD": PASSWORD,
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(profile_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.splitlines()[0])
    assert seen["at_sign_in"] == []
    # The desk opened on the profile that loaded behind the screen.
    assert seen["user"].startswith("Signed in: Branch Admin (admin)")
    assert {"sqlalchemy", "app.services.profile", "ui.mainwindow"} <= set(seen["later"])
    # Signing in the moment the screen painted, the check still answered only
    # once the desk's code had loaded behind it.
    assert seen["desk_loaded"] == list(DESK_MODULES)
