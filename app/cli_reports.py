"""``loandesk report …`` commands: the figures supervisors and risk read, from a profile."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any

from app.clikit import open_profile
from app.domain.events import FEEDBACK_STAGES
from app.services.cases import CaseService
from app.services.comments import CommentService
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


def cmd_cases_feedback(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        state = CaseService(profile).find(args.case)
        CommentService(profile).record_feedback(state.case_id, args.stage, args.rating, args.text)
    finally:
        profile.close()
    print(f"Recorded the applicant's {args.rating} of 5 for the {args.stage} of {state.case_no}.")
    return 0


def cmd_report_feedback(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        stages = CommentService(profile).feedback_summary()
    finally:
        profile.close()
    if args.json:
        out = [{"stage": s.stage, "cases": s.count, "average": s.average} for s in stages]
        print(json.dumps(out, indent=2))
        return 0
    print(f"{'stage':<14} {'cases':>6} {'average of 5':>13}")
    for s in stages:
        average = f"{s.average:.2f}" if s.average is not None else "–"
        print(f"{s.stage:<14} {s.count:>6} {average:>13}")
    return 0


def add_report_commands(sub: Any, cases: Any, common: argparse.ArgumentParser) -> None:
    """Add the report commands, and the feedback the reports read, to the ``loandesk`` parser."""
    said = cases.add_parser(
        "feedback", parents=[common], help="officer: record the applicant's rating of a stage"
    )
    said.add_argument("case", help="case id or case number")
    said.add_argument("--stage", required=True, choices=list(FEEDBACK_STAGES))
    said.add_argument("--rating", required=True, type=int, choices=range(1, 6))
    said.add_argument("--text", default="", help="what the applicant said (optional)")
    said.set_defaults(func=cmd_cases_feedback)
    reports = sub.add_parser("report", help="reports (supervisors, risk, audit)").add_subparsers(
        title="reports", metavar="REPORT", required=True
    )
    overrides = reports.add_parser(
        "overrides", parents=[common], help="every risk grade a supervisor overrode, and why"
    )
    overrides.add_argument("--json", action="store_true")
    overrides.set_defaults(func=cmd_report_overrides)
    feedback = reports.add_parser(
        "feedback", parents=[common], help="the applicants' ratings of each stage"
    )
    feedback.add_argument("--json", action="store_true")
    feedback.set_defaults(func=cmd_report_feedback)
