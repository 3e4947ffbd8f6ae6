"""``loandesk demo``: a profile of invented applicants, to try everything away from real data."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any

from app.clikit import key_source
from app.domain.case import Status
from app.logs import configure
from app.places import default_profile_dir


def demo_dir(args: argparse.Namespace) -> Path:
    """``--profile``, else a "demo" folder beside the default profile's."""
    given = getattr(args, "profile", None)
    return Path(given).expanduser() if given else default_profile_dir().parent / "demo"


def cmd_demo(args: argparse.Namespace) -> int:
    # The document makers (fonts, PDF writer) load for this command only.
    from app.demo import build_demo

    path = demo_dir(args)
    keys = key_source(args)
    report = build_demo(
        path,
        keys,
        cases=args.cases,
        seed=args.seed,
        progress=lambda text: print(text, file=sys.stderr, flush=True),
    )
    configure(path / "logs")
    print(f"Made a demo profile in {path}; its cases are invented people, not real data.")
    print(f"The database key is kept in {keys.describe()}.")
    print("Users (passwords for this demo only):")
    for user in report.users:
        print(f"  {user.username:<16} {user.password:<28} {user.role_text}")
    print("Cases by status:")
    for status in Status:
        if status in report.statuses:
            print(f"  {status.value:<10} {report.statuses[status]}")
    command = ["loandesk", "--profile", str(path)]
    if getattr(args, "key_file", None):
        command += ["--key-file", str(args.key_file)]
    print(f"Open it with: {shlex.join(command)}")
    print(f"and sign in as {report.officer.username} (password {report.officer.password}).")
    return 0


def _count(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 200:
        raise argparse.ArgumentTypeError("give a number of cases from 0 to 200")
    return value


def add_demo_command(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``loandesk demo`` to the ``loandesk`` parser."""
    demo = sub.add_parser(
        "demo",
        parents=[common],
        help="make a demo profile of invented cases (default: a 'demo' folder beside the profile)",
    )
    demo.add_argument("--cases", type=_count, default=16, help="how many cases (default 16)")
    demo.add_argument("--seed", type=int, default=7, help="the same seed makes the same demo")
    demo.set_defaults(func=cmd_demo)
