"""The Administration menu: users, my account, audit, alerts, backups (filled in per role)."""

from __future__ import annotations

from typing import Any


def install(window: Any) -> None:
    """Add the administration actions the signed-in user's roles allow to ``window``."""
