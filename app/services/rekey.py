"""Key changes of a profile: the database re-encrypted under a new key, crash-safe.

The copy under the new key is written beside the database, proven and swapped
in by rename; ``profile.json`` names the new key (``next_key_id``) before the
swap, so ``Profile.open`` finishes or undoes a change cut off at any point.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.events import EventType
from app.domain.ids import new_id
from app.domain.roles import Action
from app.durable import fsync_path
from app.errors import UserError
from app.security.keys import (
    KeySource,
    discard_next_key,
    forget_key,
    keep_next_key,
    load_key,
    load_next_key,
    promote_next_key,
    release_next_key,
)
from app.services.accounts import AccountService
from app.services.backup import BackupRefused, BackupResult, BackupService
from app.services.profile import (
    DB_NAME,
    Profile,
    append_next,
    key_id_of,
    read_manifest,
    write_durably,
)
from app.store.backup import exclusive, export_open, new_private_file
from app.store.backupcheck import FileKey, Snapshot, check_file, key_opens
from app.store.engine import StoreError, open_engine
from app.store.repo import CHAIN_HEAD, Store

__all__ = ["RekeyResult", "RekeyService", "recover_rekey"]
log = logging.getLogger(__name__)
REKEY_NAME = DB_NAME + ".rekey"


@dataclass(frozen=True)
class RekeyResult:
    events: int
    chain_head: str
    #: The fresh automatic backup under the new key (older ones need the retired key).
    backup: BackupResult | None


class RekeyService:
    def __init__(self, profile: Profile) -> None:
        self._profile = profile
        #: Called with each finished step of a key change (tests interrupt it there).
        self.rekey_step_did_finish: Callable[[str], None] = lambda step: None

    def rekey(self, password: str) -> RekeyResult:
        """Re-encrypt the database under a new random key, never risking the data.

        A failure at any step is finished or undone at once (``recover_rekey``).
        """
        profile = self._profile
        AccountService(profile).confirm_password(Action.PROFILE_REKEY, password)
        source = profile.key_source
        if source is None or source.hex_key:
            raise BackupRefused(
                "Changing the key needs the system keyring or a key file: a key given in "
                "LOANDESK_KEY cannot be replaced by LoanDesk.",
                code="rekey.fixed_key",
            )
        old_key = load_key(source, profile.key_id)
        pending = {**read_manifest(profile.path), "next_key_id": new_id()}
        try:
            snapshot = self._swap(source, pending, old_key)
        except Exception:
            # Whatever is true on disk now decides: finish the change or undo it.
            final = recover_rekey(profile.path, pending, source)
            profile.key_id = key_id_of(final)
            profile.store.close()
            profile.store.engine = open_engine(profile.db_path, load_key(source, profile.key_id))
            raise
        log.info("database re-encrypted under a new key")
        return RekeyResult(snapshot.events, snapshot.chain_head, self._fresh_backup())

    def _fresh_backup(self) -> BackupResult | None:
        # Older automatic backups need the retired key: make one the new key opens. The key
        # change itself is done, so a failure here is logged, not raised.
        if not self._profile.policy.backup_daily:
            return None
        try:
            return BackupService(self._profile).write_automatic(
                self._profile.clock().replace(microsecond=0)
            )
        except (UserError, OSError):
            log.warning("no automatic backup could be made after the key change", exc_info=True)
            return None

    def _swap(self, source: KeySource, pending: dict[str, Any], old_key: bytes) -> Snapshot:
        profile, step = self._profile, self.rekey_step_did_finish
        old_id, next_id = profile.key_id, pending["next_key_id"]
        fresh = secrets.token_bytes(32)
        write_durably(profile.path / "profile.json", json.dumps(pending, indent=2))
        step("journal_written")
        keep_next_key(source, next_id, fresh)
        step("key_kept")
        profile.store.close()
        copy = profile.path / REKEY_NAME
        with exclusive(profile.db_path, old_key) as conn:
            step("locked")
            _remove_copy(profile.path)
            new_private_file(copy)
            exported = export_open(conn, copy, FileKey.raw(fresh))
            step("exported")
            snapshot = self._record_rekey(copy, fresh, exported)
            step("verified")
            fsync_path(copy)
            os.replace(copy, profile.db_path)
            fsync_path(profile.path)
        step("swapped")
        profile.store.engine = open_engine(profile.db_path, fresh)
        promote_next_key(source)
        step("key_promoted")
        forget_key(source, old_id)
        step("old_key_forgotten")
        final = {k: v for k, v in pending.items() if k != "next_key_id"}
        write_durably(
            profile.path / "profile.json", json.dumps({**final, "key_id": next_id}, indent=2)
        )
        profile.key_id = next_id
        release_next_key(source)
        step("finished")
        return snapshot

    def _record_rekey(self, copy: Path, key: bytes, exported: Snapshot) -> Snapshot:
        """Append ``ProfileRekeyed`` inside the new copy and prove it: the event exists
        exactly when the swap happens."""
        profile = self._profile
        store = Store(open_engine(copy, key))
        try:
            with store.writing() as tx:
                append_next(
                    tx,
                    profile.device_id,
                    profile.actor.user_id,
                    profile.clock,
                    EventType.PROFILE_REKEYED,
                    {},
                )
            recorded = Snapshot(exported.events + 1, store.meta(CHAIN_HEAD) or "")
        finally:
            store.close()
        if copy.with_name(copy.name + "-wal").exists():
            raise StoreError(
                "The new copy of the database kept a write-ahead log; nothing changed."
            )
        check_file(copy, FileKey.raw(key), expected=recorded)
        return recorded


def recover_rekey(path: Path, manifest: dict[str, Any], source: KeySource) -> dict[str, Any]:
    """Finish or undo a key change cut off at any step; ``profile.json`` as it now is.

    If the kept new key opens the database, the swap happened: finish it.
    Otherwise the old database is in place: drop the copy and the new key.
    Every step is safe to repeat.
    """
    old_id, next_id = key_id_of(manifest), str(manifest["next_key_id"])
    fresh = load_next_key(source, next_id)
    done = fresh is not None and key_opens(path / DB_NAME, fresh)
    final = {k: v for k, v in manifest.items() if k != "next_key_id"}
    if done:
        promote_next_key(source)
        forget_key(source, old_id)
        final["key_id"] = next_id
    else:
        discard_next_key(source, next_id)
    _remove_copy(path)
    write_durably(path / "profile.json", json.dumps(final, indent=2))
    release_next_key(source)
    log.warning("an interrupted key change was %s", "finished" if done else "undone")
    return final


def _remove_copy(path: Path) -> None:
    # A stale -wal beside a new copy would be replayed into it: all three go together.
    for suffix in ("", "-wal", "-shm"):
        (path / (REKEY_NAME + suffix)).unlink(missing_ok=True)
