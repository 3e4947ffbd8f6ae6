"""Backups and restores of a profile (issue item 8); key changes are in ``rekey.py``.

A manual backup is keyed with a passphrase the admin chooses, through
SQLCipher's own PBKDF2, so it can be restored on another machine. The daily
automatic backup has no one to type a passphrase: it is keyed with the
profile's own key and serves recovery on this machine only. A backup holds the
log up to the head *before* its own ``BackupMade`` event, which is appended to
the live profile once the file has been proven.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.domain.events import EventType, format_time
from app.domain.ids import new_id
from app.domain.roles import Action, Role
from app.durable import fsync_path
from app.errors import UserError
from app.security.keys import KeySource, forget_key, load_key, new_key
from app.security.passwords import WeakPassword, check_new_password
from app.services.accounts import AccountService
from app.services.profile import (
    DB_NAME,
    PROFILE_FORMAT,
    Clock,
    Profile,
    key_id_of,
    read_manifest,
    utc_now,
    write_durably,
)
from app.store.backup import new_private_file, reencrypt, write_backup
from app.store.backupcheck import (
    BackupDamaged,
    BackupError,
    BackupTooNew,
    FileKey,
    Manifest,
    NotABackup,
    WrongPassphrase,
    check_file,
)

__all__ = [
    "BackupDamaged",
    "BackupError",
    "BackupRefused",
    "BackupResult",
    "BackupService",
    "BackupTooNew",
    "FileKey",
    "Manifest",
    "NotABackup",
    "RestoreResult",
    "WrongPassphrase",
    "check_passphrase",
    "profile_file_key",
    "read_backup",
    "restore_backup",
]
log = logging.getLogger(__name__)
AUTO_NAME = re.compile(r"loandesk-(\d{8}-\d{6})\.ldbackup")
AUTO_EVERY = timedelta(hours=24)
MIN_PASSPHRASE = 12
#: What a restore may create in its new folder, and so remove again if it fails.
_RESTORE_FILES = (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", "profile.json", "settings.json")


class BackupRefused(UserError):
    """A backup, restore or key change that cannot be done as asked; nothing changed."""

    code = "backup.refused"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    events: int
    chain_head: str
    automatic: bool


@dataclass
class RestoreResult:
    """The restored profile, open with the restoring admin signed in; the caller closes it."""

    profile: Profile
    manifest: Manifest
    size: int


def check_passphrase(passphrase: str, *, username: str, display_name: str) -> None:
    """Refuse a backup passphrase that is short, common or holds the admin's name."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise WeakPassword(
            f"A backup passphrase needs at least {MIN_PASSPHRASE} characters; "
            f"this one has {len(passphrase)}.",
            reason="too_short",
        )
    check_new_password(passphrase, username=username, display_name=display_name)


class BackupService:
    def __init__(self, profile: Profile) -> None:
        self._profile = profile

    # -- making backups -----------------------------------------------------------------
    def backup_to(self, target: Path, *, passphrase: str, password: str) -> BackupResult:
        """Write a passphrase-keyed backup to ``target`` after the admin's password again."""
        session = AccountService(self._profile).confirm_password(Action.BACKUP_RUN, password)
        user = session.user
        check_passphrase(passphrase, username=user.username, display_name=user.display_name)
        return self._write(target, FileKey.passphrase(passphrase), automatic=False)

    def backup_folder(self) -> Path:
        """Where automatic backups go: the policy's ``backup_dir``, else <profile>/backups."""
        chosen = self._profile.policy.backup_dir
        return (
            self._profile.path / Path(chosen).expanduser()
            if chosen
            else self._profile.path / "backups"
        )

    def automatic_backups(self) -> list[tuple[datetime, Path]]:
        """The automatic backups in the folder with their times, oldest first."""
        folder = self.backup_folder()
        found = []
        for path in folder.iterdir() if folder.is_dir() else ():
            match = AUTO_NAME.fullmatch(path.name)
            if match and path.is_file():
                when = datetime.strptime(match[1], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
                found.append((when, path))
        return sorted(found)

    def backup_if_due(self, now: datetime | None = None) -> BackupResult | None:
        """Write the daily automatic backup if none was made in the last 24 hours.

        No password is asked (nobody asked for it); the ``BackupMade`` event says
        ``automatic`` and names the signed-in user, or this device if none is.
        """
        policy = self._profile.policy
        if not policy.backup_daily:
            return None
        moment = (now or self._profile.clock()).astimezone(UTC).replace(microsecond=0)
        # Either side of now: a clock put back must not stop the backups until it catches up.
        if any(abs(moment - when) < AUTO_EVERY for when, _ in self.automatic_backups()):
            return None
        return self.write_automatic(moment)

    def write_automatic(self, moment: datetime) -> BackupResult:
        """Write an automatic backup now, whatever the last one (after a key change)."""
        folder = self.backup_folder()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = folder / f"loandesk-{moment:%Y%m%d-%H%M%S}.ldbackup"
        while target.exists():  # two in one second: after a key change, say
            moment += timedelta(seconds=1)
            target = folder / f"loandesk-{moment:%Y%m%d-%H%M%S}.ldbackup"
        result = self._write(target, FileKey.raw(self._current_key()), automatic=True)
        self._prune(keep=self._profile.policy.backup_keep, made=target)
        return result

    def _prune(self, *, keep: int, made: Path) -> None:
        others = [path for _, path in self.automatic_backups() if path != made]
        for path in others[: max(len(others) - (keep - 1), 0)]:
            path.unlink(missing_ok=True)
            log.info("old automatic backup %s removed (keeping %d)", path.name, keep)
        fsync_path(made.parent)

    def _current_key(self) -> bytes:
        source = self._profile.key_source
        if source is None:
            raise BackupRefused("This profile was opened without saying where its key is kept.")
        return load_key(source, self._profile.key_id)

    def _write(self, target: Path, key: FileKey, *, automatic: bool) -> BackupResult:
        profile = self._profile
        manifest = write_backup(
            profile.store.engine, target, key, made_at=format_time(profile.clock())
        )
        payload = {
            "file_name": target.name[:255],
            "automatic": automatic,
            "events": manifest.events,
            "chain_head": manifest.chain_head,
        }
        actor = profile.session.user.user_id if profile.session else profile.device_id
        with profile.store.writing() as tx:
            profile.emit(tx, EventType.BACKUP_MADE, payload, actor=actor)
        log.info("backup written: %d events, automatic=%s", manifest.events, automatic)
        size = target.stat().st_size
        return BackupResult(target, size, manifest.events, manifest.chain_head, automatic)


# -- restoring ---------------------------------------------------------------------------
def profile_file_key(path: Path, source: KeySource) -> FileKey:
    """The key of the profile in ``path``: what opens its automatic backups."""
    if source.hex_key or source.key_file:
        return FileKey.raw(load_key(source, ""))
    return FileKey.raw(load_key(source, key_id_of(read_manifest(path))))


def read_backup(path: Path, key: FileKey) -> Manifest:
    """Prove the backup at ``path`` whole and say what it holds; nothing is written."""
    try:
        manifest = check_file(path, key, require_manifest=True)
    except WrongPassphrase as exc:
        if key.kind == "passphrase" and AUTO_NAME.fullmatch(path.name):
            raise WrongPassphrase(
                f"{path.name} is an automatic backup: it opens with the profile's own key "
                "(--with-profile-key), not with a passphrase."
            ) from exc
        raise
    assert manifest is not None
    return manifest


def restore_backup(
    source: Path,
    into: Path,
    *,
    key: FileKey,
    key_source: KeySource,
    password: str,
    username: str | None = None,
    clock: Clock = utc_now,
) -> RestoreResult:
    """Restore the backup ``source`` into the new profile folder ``into``.

    The database is re-encrypted under a fresh key kept by ``key_source`` under a
    new key id (so the original's keyring entry is never touched); the profile
    keeps its id and this device identity, so its chain continues. An
    administrator found in the backup signs in with ``password``: that is the
    re-authentication, and the ``Restored`` event is theirs. On any failure the
    folder is left as it was found.
    """
    if into.exists() and (not into.is_dir() or any(into.iterdir())):
        raise BackupRefused(f"{into} is not an empty folder; restore into a new one.")
    manifest = read_backup(source, key)
    created = not into.exists()
    into.mkdir(parents=True, exist_ok=True, mode=0o700)
    key_id = new_id()
    restored: Profile | None = None
    try:
        _restore_database(source, key, into, new_key(key_source, key_id), manifest)
        description = {
            "format": PROFILE_FORMAT,
            "profile_id": manifest.profile_id,
            "created_at": format_time(clock()),
            "key_id": key_id,
        }
        write_durably(into / "profile.json", json.dumps(description, indent=2))
        restored = Profile.open(into, key_source, clock)
        _sign_in_restorer(restored, username, password)
        payload = {
            "file_name": source.name[:255],
            "events": manifest.events,
            "chain_head": manifest.chain_head,
        }
        with restored.store.writing() as tx:
            restored.emit(tx, EventType.RESTORED, payload)
    except BaseException:
        if restored is not None:
            restored.close()
        for name in _RESTORE_FILES:
            (into / name).unlink(missing_ok=True)
        if created:
            into.rmdir()
        forget_key(key_source, key_id)
        raise
    log.info("backup restored: %d events", manifest.events)
    return RestoreResult(restored, manifest, source.stat().st_size)


def _restore_database(
    source: Path, key: FileKey, into: Path, raw: bytes, manifest: Manifest
) -> None:
    db = into / DB_NAME
    new_private_file(db)
    reencrypt(source, key, db, FileKey.raw(raw))
    check_file(db, FileKey.raw(raw), expected=manifest.snapshot)
    fsync_path(db)


def _sign_in_restorer(profile: Profile, username: str | None, password: str) -> None:
    if username is None:
        admins = [u for u in profile.store.users() if u.active and Role.ADMIN in u.roles]
        if len(admins) != 1:
            raise BackupRefused(
                "Say which administrator of the backup restores it (--user NAME).",
                code="restore.which_admin",
            )
        username = admins[0].username
    AccountService(profile).sign_in(username, password)
    profile.require(Action.BACKUP_RESTORE)
