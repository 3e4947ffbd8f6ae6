"""Where a profile lives on this computer; read before anything heavy loads."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def default_profile_dir() -> Path:
    env = os.environ.get("LOANDESK_PROFILE")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("LoanDesk", appauthor=False)) / "default"


def profile_exists(path: Path) -> bool:
    return (path / "profile.json").is_file()
