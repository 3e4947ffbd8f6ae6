"""What every ``loandesk`` command shares: the profile folder, its key, signing in."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from app.cli import EXIT_USER_ERROR as EXIT_USER_ERROR
from app.cli import key_source as key_source
from app.cli import profile_dir as profile_dir
from app.errors import UserError
from app.logs import configure
from app.services.accounts import AccountService
from app.services.profile import Profile


def read_password(prompt: str, *, env: str = "LOANDESK_PASSWORD", confirm: bool = False) -> str:
    """A password from ``env`` (for scripts) or typed at the terminal, never echoed."""
    given = os.environ.get(env)
    if given:
        return given
    if not sys.stdin.isatty():
        raise UserError(f"No terminal to ask for the password on; set {env} or run interactively.")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != first:
        raise UserError("The two passwords differ; nothing was changed.")
    return first


def open_only(args: argparse.Namespace) -> Profile:
    path = profile_dir(args)
    configure(path / "logs")
    return Profile.open(path, key_source(args))


def _username(args: argparse.Namespace, profile: Profile) -> str:
    username: str | None = args.user or os.environ.get("LOANDESK_USER")
    if username:
        return username
    active = [u for u in profile.store.users() if u.active]
    if len(active) != 1:
        raise UserError("Say who you are with --user NAME (or LOANDESK_USER).")
    return active[0].username


def open_profile(args: argparse.Namespace) -> Profile:
    """Open the profile and sign in as ``--user`` (LOANDESK_USER) with their password."""
    profile = open_only(args)
    try:
        username = _username(args, profile)
        AccountService(profile).sign_in(username, read_password(f"Password for {username}: "))
    except BaseException:
        profile.close()
        raise
    return profile
