"""The profile key in a real OS keyring: GNOME Keyring's Secret Service on a private D-Bus."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import PASSWORD

SCRIPT = r"""
set -e
printf 'session-password' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$LOANDESK" init --admin kr --name "Keyring User"
echo '{"applicant": {"full_name": "Keyring Case"}}' | "$LOANDESK" cases add --file -
"$LOANDESK" cases list --json
"$PYTHON" -c 'import json, keyring; print("STORED", json.dumps(keyring.get_password(
    "LoanDesk", json.load(open("'"$LOANDESK_PROFILE"'/profile.json"))["profile_id"])))'
"""


def test_profile_key_lives_in_the_system_keyring(profile_dir: Path) -> None:
    runner = shutil.which("dbus-run-session")
    daemon = shutil.which("gnome-keyring-daemon")
    assert runner, "installer/dev installs dbus for this test"
    assert daemon, "installer/dev installs gnome-keyring for this test"
    env = {
        k: v for k, v in os.environ.items() if k not in ("LOANDESK_KEY", "PYTHON_KEYRING_BACKEND")
    }
    env["LOANDESK"] = str(Path(sys.executable).with_name("loandesk"))
    env["PYTHON"] = sys.executable
    env["LOANDESK_PASSWORD"] = PASSWORD
    result = subprocess.run(
        [runner, "--", "bash", "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Keyring Case" in result.stdout
    stored = result.stdout.split("STORED ", 1)[1].strip().strip('"')
    assert len(bytes.fromhex(stored)) == 32
    # The key is nowhere in the profile folder.
    for path in profile_dir.rglob("*"):
        if path.is_file():
            assert stored.encode() not in path.read_bytes()
            assert bytes.fromhex(stored) not in path.read_bytes()
    # Without the keyring session the same profile cannot be opened.
    without = subprocess.run(
        [env["LOANDESK"], "cases", "list"],
        env={**env, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert without.returncode == 1
    assert "No system keyring" in without.stderr
