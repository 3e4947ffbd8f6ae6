"""``loandesk users …`` commands."""

from __future__ import annotations

import argparse
from typing import Any


def add_user_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the users commands to the ``loandesk`` parser."""
