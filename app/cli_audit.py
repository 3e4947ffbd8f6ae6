"""``loandesk audit …`` commands."""

from __future__ import annotations

import argparse
from typing import Any


def add_audit_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the audit commands to the ``loandesk`` parser."""
