"""``loandesk users …`` and ``loandesk password``: people, for the admin and for oneself."""

from __future__ import annotations

import argparse
import json
from typing import Any

from app.clikit import open_profile, read_password
from app.domain.roles import Role
from app.errors import NotFound
from app.services.accounts import AccountService, AccountStatus
from app.services.authority import tier_names

_ADMIN_AGAIN = "Your (admin) password again: "


def _status(item: AccountStatus) -> str:
    if not item.user.active:
        return "switched off"
    if item.locked_until:
        return f"locked until {item.locked_until}"
    return "must change password" if item.must_change else "active"


def _find(accounts: AccountService, username: str) -> AccountStatus:
    for item in accounts.users():
        if item.user.username == username.strip().lower():
            return item
    raise NotFound(f"There is no user '{username[:40]}'.")


def cmd_users_list(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        items = AccountService(profile).users()
    finally:
        profile.close()
    if args.json:
        out = [
            {
                "username": i.user.username,
                "display_name": i.user.display_name,
                "roles": sorted(i.user.roles),
                "status": _status(i),
                "limits": [x.model_dump(mode="json") for x in i.user.limits],
                "tier": i.user.tier,
            }
            for i in items
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(f"{'user':<20} {'name':<24} {'roles':<28} status")
    for i in items:
        roles = ",".join(sorted(i.user.roles))
        print(f"{i.user.username:<20} {i.user.display_name:<24} {roles:<28} {_status(i)}")
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        accounts = AccountService(profile)
        first = read_password(
            f"First password for {args.username}: ", env="LOANDESK_NEW_PASSWORD", confirm=True
        )
        user = accounts.add_user(
            username=args.username,
            display_name=args.name,
            roles=[Role(r) for r in args.role],
            password=first,
            admin_password=read_password(_ADMIN_AGAIN),
            tier=args.tier,
        )
    finally:
        profile.close()
    print(f"Added {user.username} ({', '.join(sorted(user.roles))}); they choose their own")
    print("password at their first sign-in.")
    return 0


def cmd_users_change(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        accounts = AccountService(profile)
        target = _find(accounts, args.username)
        changes: dict[str, Any] = {}
        if args.role:
            changes["roles"] = [Role(r) for r in args.role]
        if args.name:
            changes["display_name"] = args.name
        if args.tier:
            changes["tier"] = args.tier
        if args.switch_off or args.switch_on:
            changes["active"] = bool(args.switch_on)
        user = accounts.update_user(
            target.user.user_id, admin_password=read_password(_ADMIN_AGAIN), **changes
        )
    finally:
        profile.close()
    state = "active" if user.active else "switched off"
    tier = f"; signs as {user.tier}" if user.tier else ""
    print(f"{user.username}: {', '.join(sorted(user.roles))}{tier}; {state}.")
    return 0


def cmd_users_unlock(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        accounts = AccountService(profile)
        target = _find(accounts, args.username)
        accounts.unlock_account(target.user.user_id, admin_password=read_password(_ADMIN_AGAIN))
    finally:
        profile.close()
    print(f"{target.user.username} may sign in again.")
    return 0


def cmd_users_reset(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        accounts = AccountService(profile)
        target = _find(accounts, args.username)
        new = read_password(
            f"New password for {target.user.username}: ", env="LOANDESK_NEW_PASSWORD", confirm=True
        )
        accounts.reset_password(
            target.user.user_id, new_password=new, admin_password=read_password(_ADMIN_AGAIN)
        )
    finally:
        profile.close()
    print(f"{target.user.username} has a new password and a new signing key;")
    print("they must change the password at their next sign-in.")
    return 0


def cmd_password(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        new = read_password("New password: ", env="LOANDESK_NEW_PASSWORD", confirm=True)
        warnings = AccountService(profile).change_password(read_password("Current password: "), new)
    finally:
        profile.close()
    print("Your password is changed; your signing key is now protected by it.")
    for warning in warnings:
        print(f"Note: the password is {warning}.")
    return 0


def add_user_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the user commands to the ``loandesk`` parser."""
    roles = [r.value for r in Role]
    tiers = tier_names()
    users = sub.add_parser("users", help="people who may sign in (admin)").add_subparsers(
        title="user commands", metavar="ACTION", required=True
    )
    lst = users.add_parser("list", parents=[common], help="every user, their roles and status")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_users_list)
    add = users.add_parser(
        "add", parents=[common], help="add a user (first password: LOANDESK_NEW_PASSWORD or asked)"
    )
    add.add_argument("username")
    add.add_argument("--name", required=True, help="the name shown on screen")
    add.add_argument("--role", action="append", required=True, choices=roles)
    add.add_argument("--tier", choices=tiers, help="the approval tier a supervisor signs as")
    add.set_defaults(func=cmd_users_add)
    change = users.add_parser("change", parents=[common], help="roles, name, switch off or on")
    change.add_argument("username")
    change.add_argument("--role", action="append", choices=roles, help="the new set of roles")
    change.add_argument("--name")
    change.add_argument("--tier", choices=tiers, help="the approval tier a supervisor signs as")
    onoff = change.add_mutually_exclusive_group()
    onoff.add_argument("--switch-off", action="store_true", help="may no longer sign in")
    onoff.add_argument("--switch-on", action="store_true")
    change.set_defaults(func=cmd_users_change)
    unlock = users.add_parser("unlock", parents=[common], help="end a lockout early")
    unlock.add_argument("username")
    unlock.set_defaults(func=cmd_users_unlock)
    reset = users.add_parser(
        "reset-password", parents=[common], help="set a new password (and signing key)"
    )
    reset.add_argument("username")
    reset.set_defaults(func=cmd_users_reset)
    password = sub.add_parser("password", parents=[common], help="change your own password")
    password.set_defaults(func=cmd_password)
