"""``loandesk report …`` commands: the figures supervisors and risk read, from a profile."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from app.clikit import open_profile
from app.domain.applicant import PRODUCTS
from app.domain.events import FEEDBACK_STAGES
from app.domain.figures import Scope
from app.errors import UserError
from app.services.cases import CaseService
from app.services.comments import CommentService
from app.services.decisions import DecisionService
from app.services.letters import check_writable, save_pdf
from app.services.profile import Profile
from app.services.reports import BranchFigures, ReportService, rows


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


def _scope(args: argparse.Namespace, profile: Profile) -> Scope:
    officer = None
    if args.officer is not None:
        name = args.officer.strip().lower()  # user names are kept in lower case
        user = next((u for u in profile.store.users() if u.username == name), None)
        if user is None:
            raise UserError(f"There is no user named {args.officer}.", code="report.officer")
        officer = user.user_id
    if args.since and args.until and args.since > args.until:
        raise UserError("--since comes after --until: give the earlier day first.")
    return Scope(since=args.since, until=args.until, product=args.product, officer=officer)


def cmd_report_figures(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else None
    if out is not None:
        if out.suffix.lower() not in (".csv", ".pdf"):
            raise UserError(f"{out} is neither a .csv nor a .pdf file: name the file it should be.")
        if args.json:
            raise UserError("--json prints the figures; --out writes them: give one of the two.")
        check_writable(out)
    profile = open_profile(args)
    try:
        scope = _scope(args, profile)
        service = ReportService(profile)
        if out is not None:
            kind = "pdf" if out.suffix.lower() == ".pdf" else "csv"
            save_pdf(out, service.export(scope, kind, args.language))
            print(f"Wrote the branch report to {out} ({kind.upper()}).")
            return 0
        report = service.figures(scope)
    finally:
        profile.close()
    if args.json:
        print(json.dumps([list(row) for row in rows(report)], ensure_ascii=False, indent=2))
        return 0
    _print_figures(report)
    return 0


def _print_figures(report: BranchFigures) -> None:
    f = report.figures
    width = max(len(status.value) for status, _ in f.pipeline)
    print(f"Cases opened: {f.opened}")
    for status, count in f.pipeline:
        print(f"  {status.value:<{width}} {count:>6}")
    rate = "–" if f.approval_rate is None else f"{f.approval_rate:.1%}"
    print(f"Decided: {f.decided} ({f.approved} approved, {f.declined} declined; approval {rate})")
    print(f"Amount approved: {f.approved_amount:,.2f} CNY")
    t = f.turnaround
    if t.cases:
        print(
            f"Opening to decision: median {t.median_days:.1f} days, 90% within "
            f"{t.p90_days:.1f}, mean {t.mean_days:.1f}"
        )
    for reason, count in f.decline_reasons:
        print(f"  declined for: {reason} ({count})")
    grades = ", ".join(f"{g} {n}" for g, n in f.grades)
    print(f"Grades: {grades}, not scored {f.unscored}")
    print(f"Grade overrides: {f.overrides_better} better, {f.overrides_worse} worse")
    for w in f.workload:
        who = report.names.get(w.officer, w.officer[:8])
        print(
            f"  {who}: opened {w.opened}, with the officer {w.with_officer}, "
            f"in review {w.in_review}, decided {w.decided}"
        )
    for need, count in f.missing:
        print(f"  missing {report.requirements.get(need, (need, need))[0]}: {count} cases")
    d = report.drift
    if d is not None and d.score_psi is not None:
        print(f"Model {d.model_id}: score PSI {d.score_psi:.3f} ({d.score_band}) over {d.cases}")


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
    branch = reports.add_parser(
        "figures",
        parents=[common],
        help="the branch at a glance: pipeline, decisions, turnaround, grades, workload",
    )
    branch.add_argument("--since", type=date.fromisoformat, help="first day (YYYY-MM-DD)")
    branch.add_argument("--until", type=date.fromisoformat, help="last day (YYYY-MM-DD)")
    branch.add_argument("--product", choices=list(PRODUCTS))
    branch.add_argument("--officer", help="the user name of the officer who opened the cases")
    branch.add_argument("--out", help="write a file instead: FILE.csv or FILE.pdf")
    branch.add_argument("--language", choices=["en", "zh"], default="en", help="of the PDF")
    branch.add_argument("--json", action="store_true", help="(section, item, value) rows")
    branch.set_defaults(func=cmd_report_figures)
