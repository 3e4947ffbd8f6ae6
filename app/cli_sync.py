"""``loandesk sync …``: enrol with the branch server, send work up, take the others' in."""

from __future__ import annotations

import argparse
import platform
from pathlib import Path
from typing import Any

from app.clikit import open_profile
from app.domain.masking import mask_field
from app.errors import UserError
from app.services.cases import CaseService
from app.services.profile import Profile
from app.services.sync import SyncReport, SyncService


def _ca_file(path: str | None) -> str | None:
    if path is None:
        return None
    try:
        return Path(path).expanduser().read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"The CA file {path} cannot be read: {exc}.", code="sync.ca_file") from None


def cmd_sync_enrol(args: argparse.Namespace) -> int:
    ca_pem = _ca_file(args.ca)
    profile = open_profile(args)
    try:
        status = SyncService(profile).enrol(
            args.server, args.code, args.name, ca_pem=ca_pem, fingerprint=args.fingerprint
        )
    finally:
        profile.close()
    print(f"Enrolled with {status.server}; {status.pending} events wait to go up (sync push).")
    if status.server is not None and status.server.startswith("https:"):
        print("The branch CA is pinned: this workstation trusts no other for the server.")
    return 0


def cmd_sync_push(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        report = SyncService(profile).push()
    finally:
        profile.close()
    if report.sent == 0:
        print("Nothing to send: the server has every event of this workstation.")
    else:
        print(
            f"Sent {report.sent} events; the server holds them up to position {report.server_seq}."
        )
    return 0


def cmd_sync_run(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        service = SyncService(profile)
        report = service.pull() if args.pull_only else service.sync()
        status = service.status()
    finally:
        profile.close()
    sent = getattr(report, "sent", 0)
    print(
        f"Sent {sent} events; took in {report.received} from other workstations "
        f"({len(report.cases)} cases changed)."
    )
    if isinstance(report, SyncReport):
        for refused in report.refused:
            print(refused.sentence())
        _say_taken(report)
        if report.switched_off:
            print("Your account is switched off for the whole branch: ask an administrator.")
    if status.conflicted:
        print(
            f"{status.conflicted} cases have values two people set differently: "
            "see loandesk sync conflicts."
        )
    return 0


def _say_taken(report: SyncReport) -> None:
    """What the branch newly published, and whether it is in use here."""
    if report.models is not None:
        if report.models.refused is None:
            print(f"The branch's models are in use: {', '.join(report.models.installed)}.")
        else:
            print(f"The branch's new models are not in use: {report.models.refused}.")
    for taken in report.rules:
        words = "products" if taken.kind == "products" else "authority matrix"
        if taken.refused is None:
            print(f"The branch's {words}, version {taken.version}, are in force here now.")
        else:
            print(
                f"The branch's {words}, version {taken.version}, are not in force here: "
                f"{taken.refused}. Tell the branch's IT."
            )


def cmd_sync_conflicts(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        cases = CaseService(profile)
        for summary in cases.conflicted():
            state = cases.get(summary.case_id)
            for name, claims in sorted(state.conflicts.items()):
                values = " | ".join(
                    f"{_shown(name, claim.value)} (by {_who(profile, claim.actor)}, {claim.at})"
                    for claim in claims
                )
                print(f"{state.case_no}  {name}: {values}")
    finally:
        profile.close()
    return 0


def _who(profile: Profile, user_id: str) -> str:
    user = profile.store.user(user_id)
    return user.username if user is not None else user_id[:8]


def _shown(name: str, value: object) -> str:
    """A value as a list shows it: numbers that identify people masked."""
    if value is None:
        return "(empty)"
    if isinstance(value, dict) and "amount" in value:
        return f"{value['amount']} {value.get('currency', '')}".strip()
    return str(mask_field(name, value))


def cmd_sync_status(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        status = SyncService(profile).status()
    finally:
        profile.close()
    for rules in status.rules:
        words = "Products" if rules.kind == "products" else "Authority matrix"
        whose = "the branch's" if rules.source == "branch" else "as shipped"
        print(f"{words}: version {rules.version} ({whose})")
    if not status.enrolled:
        print("Not enrolled with a branch server: everything stays on this workstation.")
        return 0
    print(f"Branch server: {status.server}")
    print(
        f"Waiting to go up: {status.pending} events; last sent: {status.last_push_at or 'never'}; "
        f"last taken in: {status.last_pull_at or 'never'}"
    )
    if status.conflicted:
        print(f"Cases with conflicting values: {status.conflicted} (loandesk sync conflicts)")
    return 0


def add_sync_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the sync commands to the ``loandesk`` parser."""
    sync = sub.add_parser("sync", help="the branch server: enrol, send up, status").add_subparsers(
        title="sync commands", metavar="ACTION", required=True
    )
    enrol = sync.add_parser("enrol", parents=[common], help="admin: enrol with a one-time code")
    enrol.add_argument("server", help="the server's address, e.g. https://branch-server:8470")
    enrol.add_argument("--code", required=True, help="the code from loandesk-server enrol-device")
    pin = enrol.add_mutually_exclusive_group()
    pin.add_argument("--ca", metavar="FILE", help="the server's ca.pem, copied from its data dir")
    pin.add_argument(
        "--fingerprint",
        metavar="SHA256",
        help="the CA fingerprint loandesk-server printed; the CA is fetched and checked",
    )
    enrol.add_argument(
        "--name", default=platform.node() or "workstation", help="this device's name"
    )
    enrol.set_defaults(func=cmd_sync_enrol)
    push = sync.add_parser("push", parents=[common], help="send this workstation's events up")
    push.set_defaults(func=cmd_sync_push)
    run = sync.add_parser(
        "run", parents=[common], help="send this workstation's events, take the others' in"
    )
    run.add_argument("--pull-only", action="store_true", help="only take in what the others sent")
    run.set_defaults(func=cmd_sync_run)
    conflicts = sync.add_parser(
        "conflicts", parents=[common], help="cases whose values two people set differently"
    )
    conflicts.set_defaults(func=cmd_sync_conflicts)
    status = sync.add_parser("status", parents=[common], help="the server, and what waits to go up")
    status.set_defaults(func=cmd_sync_status)
