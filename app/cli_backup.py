"""``loandesk backup``, ``restore`` and ``rekey``: each asks the admin's password again."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from app.clikit import key_source, open_profile, profile_dir, read_password
from app.logs import configure
from app.services.backup import BackupService, FileKey, profile_file_key, restore_backup
from app.services.rekey import RekeyService

PASSPHRASE_ENV = "LOANDESK_BACKUP_PASSPHRASE"


def _say(text: str) -> None:
    print(text)


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"


def _head(chain_head: str) -> str:
    seq, _, digest = chain_head.partition(":")
    return f"{seq}:{digest[:12]}…"


def cmd_backup(args: argparse.Namespace) -> int:
    target = Path(args.to).expanduser()
    profile = open_profile(args)
    try:
        passphrase = read_password(
            "Choose a passphrase for the backup (12 characters or more): ",
            env=PASSPHRASE_ENV,
            confirm=True,
        )
        password = read_password("Your password again, to make a backup: ")
        result = BackupService(profile).backup_to(target, passphrase=passphrase, password=password)
    finally:
        profile.close()
    _say(
        f"Wrote an encrypted, verified backup of {result.events:,} events "
        f"({_size(result.size)}, chain head {_head(result.chain_head)}) to {result.path}; "
        "it opens only with its passphrase."
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    source, into = Path(args.file).expanduser(), Path(args.into).expanduser()
    if args.with_profile_key:
        key = profile_file_key(profile_dir(args), key_source(args))
    else:
        key = FileKey.passphrase(read_password("Passphrase of the backup: ", env=PASSPHRASE_ENV))
    username: str | None = args.user or os.environ.get("LOANDESK_USER")
    who = username or "the administrator"
    password = read_password(f"Password of {who} in the backup: ")
    result = restore_backup(
        source, into, key=key, key_source=key_source(args), password=password, username=username
    )
    try:
        configure(into / "logs")
        admin = result.profile.actor.username
    finally:
        result.profile.close()
    manifest = result.manifest
    _say(
        f"Restored {manifest.events:,} events (chain head {_head(manifest.chain_head)}, "
        f"backup of {manifest.made_at}) into {into}; sign in there as {admin}."
    )
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    profile = open_profile(args)
    try:
        password = read_password("Your password again, to change the database key: ")
        result = RekeyService(profile).rekey(password)
    finally:
        profile.close()
    fresh = f"; a fresh automatic backup is {result.backup.path}" if result.backup else ""
    _say(
        f"Re-encrypted the database under a new key ({result.events:,} events, chain head "
        f"{_head(result.chain_head)}); the old key is forgotten{fresh}."
    )
    return 0


def add_backup_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the backup commands to the ``loandesk`` parser."""
    backup = sub.add_parser(
        "backup",
        parents=[common],
        help=f"write an encrypted, verified backup (passphrase: asked, or {PASSPHRASE_ENV})",
    )
    backup.add_argument("--to", required=True, metavar="FILE", help="the new backup file")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser(
        "restore",
        parents=[common],
        help="restore a backup into a new profile folder after checking it whole",
    )
    restore.add_argument("file", help="the backup file")
    restore.add_argument("--into", required=True, metavar="DIR", help="a new or empty folder")
    restore.add_argument(
        "--with-profile-key",
        action="store_true",
        help="open an automatic backup with the key of the profile (--profile) instead of "
        "a passphrase",
    )
    restore.set_defaults(func=cmd_restore)
    rekey = sub.add_parser(
        "rekey",
        parents=[common],
        help="re-encrypt the database under a new key (keyring or key file only)",
    )
    rekey.set_defaults(func=cmd_rekey)
