"""``loandesk audit …`` commands: check the record, list security events, show alerts."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import date, datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from app.clikit import open_profile
from app.domain.events import SECURITY_EVENTS, EventType
from app.services.audit import MAX_ENTRIES, AuditService

#: ``audit verify`` exits with this when the record is not intact (1 is any other refusal).
EXIT_TAMPERED = 3


def _say(text: str, stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(text + "\n")


def _as_json(items: list[Any]) -> str:
    return json.dumps([dataclasses.asdict(x) for x in items], ensure_ascii=False, indent=2)


def cmd_audit_verify(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        report = AuditService(profile).verify()
    finally:
        profile.close()
    if not report.ok:
        _say(report.problem or "The record is not intact.", sys.stderr)
        return EXIT_TAMPERED
    _say(f"The record is intact: {report.events} events, head {report.head}.")
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("a date as YYYY-MM-DD") from None


def cmd_audit_alerts(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        since = None
        if args.since is not None:
            # The day starts at midnight where the branch is, as working hours do.
            zone = ZoneInfo(profile.policy.timezone)
            since = datetime.combine(args.since, datetime.min.time(), tzinfo=zone)
        alerts = AuditService(profile).alerts(since)
    finally:
        profile.close()
    if args.json:
        _say(_as_json(alerts))
        return 0
    if not alerts:
        _say("No alerts.")
    for alert in alerts:
        _say(f"{alert.at}  {alert.kind:<28} {alert.message}")
    return 0


def _limit(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_ENTRIES:
        raise argparse.ArgumentTypeError(f"a number from 1 to {MAX_ENTRIES}")
    return int(text)


def cmd_audit_log(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        types = None if args.type is None else [EventType(args.type)]
        entries = AuditService(profile).entries(types=types, limit=args.limit)
    finally:
        profile.close()
    if args.json:
        _say(_as_json(entries))
        return 0
    for e in entries:
        _say(f"{e.seq:>7}  {e.at:<24}  {e.user_name:<20} {e.type.value:<16} {e.description}")
    return 0


def add_audit_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the audit commands to the ``loandesk`` parser."""
    audit = sub.add_parser(
        "audit", help="check the record, list security events, show alerts"
    ).add_subparsers(title="audit commands", metavar="ACTION", required=True)
    verify = audit.add_parser(
        "verify",
        parents=[common],
        help="check that no event was changed, removed, added or reordered",
        description=(
            "Check every event's fingerprint and link, the record's end point and the "
            f"case summaries. Exit status: 0 intact; {EXIT_TAMPERED} not intact (the "
            "first problem is printed on stderr); 1 could not check (wrong password, "
            "no permission, no profile)."
        ),
    )
    verify.set_defaults(func=cmd_audit_verify)
    alerts = audit.add_parser("alerts", parents=[common], help="unusual activity to look at")
    alerts.add_argument(
        "--since", type=_day, metavar="DATE", help="only from this day (YYYY-MM-DD, branch time)"
    )
    alerts.add_argument("--json", action="store_true", help="print the alerts as JSON")
    alerts.set_defaults(func=cmd_audit_alerts)
    log = audit.add_parser("log", parents=[common], help="security events, newest first")
    log.add_argument("--type", choices=sorted(x.value for x in SECURITY_EVENTS))
    log.add_argument("--limit", type=_limit, default=50, help=f"at most 1 to {MAX_ENTRIES}")
    log.add_argument("--json", action="store_true", help="print the entries as JSON")
    log.set_defaults(func=cmd_audit_log)
