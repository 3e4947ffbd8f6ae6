"""Run the real ``loandesk`` executable as a user would, with the test's environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PASSWORD


def loandesk(*args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """``loandesk ARGS`` signed in with the admin's password unless ``env`` says otherwise."""
    script = Path(sys.executable).with_name("loandesk")
    return subprocess.run(
        [str(script), *args],
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        text=True,
        env={**os.environ, "LOANDESK_PASSWORD": PASSWORD, **env},
        timeout=120,
        check=False,
    )


def ok(*args: str, stdin: str | None = None, **env: str) -> str:
    """Its standard output, after checking it succeeded."""
    result = loandesk(*args, stdin=stdin, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def add_supervisor(username: str, name: str, first: str, own: str) -> dict[str, str]:
    """The admin adds a supervisor, who sets their own password; the env to act as them."""
    ok(
        "users",
        "add",
        username,
        "--name",
        name,
        "--role",
        "supervisor",
        LOANDESK_NEW_PASSWORD=first,
    )
    ok("password", LOANDESK_USER=username, LOANDESK_PASSWORD=first, LOANDESK_NEW_PASSWORD=own)
    return {"LOANDESK_USER": username, "LOANDESK_PASSWORD": own}
