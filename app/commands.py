"""The ``loandesk`` commands for scripting and support, and the parser that knows them all.

``app.cli`` loads this module only when a command (or ``--help``) is asked
for: the desktop starts without it.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.cli import cmd_gui, common_options, guarded, key_source, profile_dir
from app.cli_audit import EXIT_TAMPERED, add_audit_commands
from app.cli_backup import add_backup_commands
from app.cli_demo import add_demo_command
from app.cli_letters import add_letter_commands
from app.cli_models import add_model_commands
from app.cli_reports import add_report_commands
from app.cli_sync import add_sync_commands
from app.cli_users import add_user_commands
from app.clikit import open_profile, read_password
from app.domain.case import Status
from app.domain.history import HistoryEntry
from app.domain.masking import MASKED_FIELDS, mask_field
from app.errors import InvalidInput, UserError
from app.logs import configure
from app.services.cases import CaseQuery, CaseService
from app.services.decisions import DecisionService
from app.services.profile import Profile

log = logging.getLogger(__name__)
EXIT_BUG = 70  # EX_SOFTWARE
CASE_KEYS = ("applicant", "loan")


# -- commands -----------------------------------------------------------------
def cmd_init(args: argparse.Namespace) -> int:
    path = profile_dir(args)
    password = read_password(f"Choose a password for {args.admin}: ", confirm=True)
    profile = Profile.create(
        path,
        key_source(args),
        admin_username=args.admin,
        admin_name=args.name or args.admin,
        admin_password=password,
    )
    configure(path / "logs")
    print(f"Created the LoanDesk profile in {path}; its administrator is '{args.admin}'.")
    print(f"The database key is kept in {key_source(args).describe()}.")
    profile.close()
    return 0


def _case_patch(item: Any, where: str) -> dict[str, Any]:
    if not isinstance(item, dict) or not set(item) <= set(CASE_KEYS):
        raise InvalidInput({where: [("case.shape", 'a case is {"applicant": {…}, "loan": {…}}')]})
    patch: dict[str, Any] = {}
    for key in CASE_KEYS:
        part = item.get(key, {})
        if not isinstance(part, dict):
            raise InvalidInput({f"{where}.{key}": [("case.shape", "must be an object")]})
        patch.update(part)
    return patch


def _read_cases(source: str) -> list[dict[str, Any]]:
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        data = json.loads(text)
    except OSError as exc:
        raise UserError(f"Cannot read {source}: {exc.strerror}.") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise UserError(f"{source} is not valid JSON: {exc}") from None
    items = data if isinstance(data, list) else [data]
    return [_case_patch(item, f"case[{i}]") for i, item in enumerate(items)]


def cmd_cases_add(args: argparse.Namespace) -> int:
    patches = _read_cases(args.file)
    profile = open_profile(args)
    try:
        service = CaseService(profile)
        added = []
        for change in service.open_cases(patches):
            state = service.get(change.case_id)
            added.append({"case_id": state.case_id, "case_no": state.case_no})
    finally:
        profile.close()
    if args.json:
        print(json.dumps(added, ensure_ascii=False, indent=2))
    else:
        for item in added:
            print(f"Added case {item['case_no']} ({item['case_id']})")
    return 0


def cmd_cases_list(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        query = CaseQuery(text=args.search or "", status=args.status)
        rows = CaseService(profile).page(query, limit=args.limit)
    finally:
        profile.close()
    if args.json:
        out = [_masked(r.model_dump(mode="json")) for r in rows]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(f"{'case':<16} {'status':<10} {'applicant':<24} {'amount':>16}  last change")
    for r in rows:
        amount = f"{r.amount} {r.currency}" if r.amount else ""
        name = r.full_name or "(no name yet)"
        print(f"{r.case_no:<16} {r.status.value:<10} {name:<24} {amount:>16}  {r.updated_at}")
    return 0


def cmd_cases_show(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        service = CaseService(profile)
        state = service.find(args.case)
        entries = service.history(state.case_id)
        names = profile.user_names()
    finally:
        profile.close()
    if args.json:
        out = state.model_dump(mode="json")
        out["fields"] = _masked(out["fields"])
        out["history"] = [_entry_json(e, names) for e in entries]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(f"Case {state.case_no} ({state.case_id}) — {state.status.value}")
    for name, value in state.fields.items():
        print(f"  {name:<24} {_plain(mask_field(name, value))}")
    print("History:")
    for e in entries:
        print(f"  {e.at}  {names.get(e.actor, e.actor)}: {_describe(e)}")
    return 0


def cmd_cases_reveal(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        service = CaseService(profile)
        state = service.find(args.case)
        password = read_password("Your password again, to reveal: ")
        value = service.reveal(state.case_id, args.field, password)
    finally:
        profile.close()
    print(value if value is not None else "(empty)")
    return 0


def cmd_cases_submit(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        service = CaseService(profile)
        state = service.find(args.case)
        DecisionService(profile).submit(state.case_id)
        submitted = service.get(state.case_id)
    finally:
        profile.close()
    print(f"Submitted case {state.case_no}; the policy rules propose: {submitted.routing}.")
    return 0


def cmd_cases_review(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        state = CaseService(profile).find(args.case)
        DecisionService(profile).start_review(state.case_id)
    finally:
        profile.close()
    print(f"Case {state.case_no} is in review.")
    return 0


def cmd_cases_override(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        state = CaseService(profile).find(args.case)
        DecisionService(profile).override_grade(state.case_id, args.grade, args.why)
    finally:
        profile.close()
    model = state.risk.grade if state.risk is not None else "?"
    print(f"Case {state.case_no} now rests on grade {args.grade} (the model said {model}).")
    return 0


def cmd_cases_decide(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        service = CaseService(profile)
        state = service.find(args.case)
        password = read_password("Your password again, to sign: ")
        DecisionService(profile).decide(
            state.case_id,
            args.decision,
            password,
            conditions=args.condition or (),
            reasons=args.reason or (),
            note=args.note or "",
        )
        decided = service.get(state.case_id)
    finally:
        profile.close()
    print(f"Signed: {args.decision} of case {state.case_no}; it is now {decided.status.value}.")
    return 0


def cmd_cases_verify(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        state = CaseService(profile).find(args.case)
        report = DecisionService(profile).verify(state.case_id)
    finally:
        profile.close()
    stream = sys.stdout if report.ok else sys.stderr
    print(f"Case {state.case_no}:", file=stream)
    for line in report.lines:
        print(f"  {line}", file=stream)
    return 0 if report.ok else EXIT_TAMPERED


def _masked(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: mask_field(name, value) for name, value in fields.items()}


def _plain(value: Any) -> str:
    if isinstance(value, dict) and "amount" in value:
        return f"{value['amount']} {value['currency']}"
    return "" if value is None else str(value)


def _describe(entry: HistoryEntry) -> str:
    if entry.case_no:
        return f"opened case {entry.case_no}"
    if entry.text:
        return f"commented: {entry.text}"
    parts = [
        f"{c.field} {_plain(mask_field(c.field, c.old)) or '(empty)'}"
        f" → {_plain(mask_field(c.field, c.new)) or '(empty)'}"
        for c in entry.changes
    ]
    return "changed " + "; ".join(parts)


def _entry_json(entry: HistoryEntry, names: dict[str, str]) -> dict[str, Any]:
    return {
        "event_id": entry.event_id,
        "type": entry.type.value,
        "at": entry.at,
        "actor": names.get(entry.actor, entry.actor),
        "case_no": entry.case_no,
        "text": entry.text,
        "changes": [
            {"field": c.field, "old": mask_field(c.field, c.old), "new": mask_field(c.field, c.new)}
            for c in entry.changes
        ],
    }


# -- parser -------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    # The options work before or after the command: the command's copies
    # leave unset values alone instead of overwriting them with None.
    common = common_options(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="loandesk", parents=[common_options(None)], description="LoanDesk loan workstation."
    )
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    init = sub.add_parser("init", parents=[common], help="create a profile")
    init.add_argument("--admin", default="admin", help="the administrator's user name")
    init.add_argument("--name", help="the administrator's display name")
    init.set_defaults(func=cmd_init)
    cases = sub.add_parser("cases", help="add, list and show cases").add_subparsers(
        title="case commands", metavar="ACTION", required=True
    )
    add = cases.add_parser("add", parents=[common], help="add cases from a JSON file")
    add.add_argument("--file", required=True, help="case JSON (an object or a list); - for stdin")
    add.add_argument("--json", action="store_true", help="print the result as JSON")
    add.set_defaults(func=cmd_cases_add)
    lst = cases.add_parser("list", parents=[common], help="list cases, newest change first")
    lst.add_argument("--search", help="part of a name, ID number or case number")
    lst.add_argument("--status", choices=[s.value for s in Status])
    lst.add_argument("--limit", type=int, default=100)
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_cases_list)
    show = cases.add_parser("show", parents=[common], help="show one case and its history")
    show.add_argument("case", help="case id or case number")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_cases_show)
    reveal = cases.add_parser(
        "reveal",
        parents=[common],
        help="show one masked number in full (asks the password; logged)",
    )
    reveal.add_argument("case", help="case id or case number")
    reveal.add_argument("field", choices=sorted(MASKED_FIELDS))
    reveal.set_defaults(func=cmd_cases_reveal)
    submit = cases.add_parser(
        "submit", parents=[common], help="officer: run the policy rules and submit"
    )
    submit.add_argument("case", help="case id or case number")
    submit.set_defaults(func=cmd_cases_submit)
    review = cases.add_parser("review", parents=[common], help="supervisor: take a case for review")
    review.add_argument("case", help="case id or case number")
    review.set_defaults(func=cmd_cases_review)
    override = cases.add_parser(
        "override", parents=[common], help="supervisor: set another risk grade, with why"
    )
    override.add_argument("case", help="case id or case number")
    override.add_argument("--grade", required=True, choices=["A", "B", "C", "D", "E"])
    override.add_argument("--why", required=True, help="the justification (20 characters or more)")
    override.set_defaults(func=cmd_cases_override)
    decide = cases.add_parser(
        "decide",
        parents=[common],
        help="supervisor: sign approve, decline or return (asks the password again)",
    )
    decide.add_argument("case", help="case id or case number")
    decide.add_argument("decision", choices=["approve", "decline", "return"])
    decide.add_argument("--condition", action="append", help="a condition of the approval")
    decide.add_argument("--reason", action="append", help="a principal reason for a decline")
    decide.add_argument("--note", help="a note (why the case goes back, say)")
    decide.set_defaults(func=cmd_cases_decide)
    verify = cases.add_parser(
        "verify",
        parents=[common],
        help="check every signature on a case against the record (exit 3 if one fails)",
    )
    verify.add_argument("case", help="case id or case number")
    verify.set_defaults(func=cmd_cases_verify)
    add_user_commands(sub, common)
    add_audit_commands(sub, common)
    add_backup_commands(sub, common)
    add_model_commands(sub, common)
    add_report_commands(sub, cases, common)
    add_sync_commands(sub, common)
    add_letter_commands(sub, cases, common)
    add_demo_command(sub, common)
    return parser


def run(argv: Sequence[str]) -> int:
    """A command (or the GUI, when none is named) with every option the parser knows."""
    args = build_parser().parse_args(argv)
    if getattr(args, "status", None):
        args.status = Status(args.status)
    return guarded(args.func, args)
