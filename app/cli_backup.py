"""``loandesk backup …`` commands."""

from __future__ import annotations

import argparse
from typing import Any


def add_backup_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the backup commands to the ``loandesk`` parser."""
