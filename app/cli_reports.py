"""``loandesk report …`` commands: the figures supervisors and risk read, from a profile."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any

from app.clikit import open_profile
from app.services.decisions import DecisionService


def cmd_report_overrides(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        records = DecisionService(profile).overrides()
    finally:
        profile.close()
    if args.json:
        out = [
            {
                "case_no": r.case_no,
                "model_grade": r.model_grade,
                "grade": r.grade,
                "direction": r.direction,
                "by": r.by,
                "at": r.at,
                "status": r.status.value,
                "justification": r.justification,
            }
            for r in records
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if not records:
        print("No grade has been overridden.")
        return 0
    directions = Counter(r.direction for r in records)
    print(
        f"{len(records)} grade overrides: {directions['better']} better than the model, "
        f"{directions['worse']} worse."
    )
    print(f"{'case':<16} {'model':<6} {'set':<4} {'status':<11} {'by':<20} {'at':<20} why")
    for r in records:
        print(
            f"{r.case_no:<16} {r.model_grade:<6} {r.grade:<4} {r.status.value:<11} "
            f"{r.by[:20]:<20} {r.at[:19]:<20} {r.justification}"
        )
    return 0


def add_report_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the report commands to the ``loandesk`` parser."""
    reports = sub.add_parser("report", help="reports (supervisors, risk, audit)").add_subparsers(
        title="reports", metavar="REPORT", required=True
    )
    overrides = reports.add_parser(
        "overrides", parents=[common], help="every risk grade a supervisor overrode, and why"
    )
    overrides.add_argument("--json", action="store_true")
    overrides.set_defaults(func=cmd_report_overrides)
