"""Create and open a profile: one encrypted database, its key, its settings.

A profile folder holds ``profile.json`` (ids and format only, no personal
data), the SQLCipher database ``loandesk.db``, ``settings.json`` and ``logs/``.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.domain.events import EDIT_EVENTS, Event, EventType, UserAdded, format_time
from app.domain.ids import new_id
from app.domain.policy import SecurityPolicy, fold_policy
from app.domain.roles import Action, Role
from app.errors import InvalidInput, UserError
from app.places import profile_exists
from app.security.keys import KeySource, forget_key, fsync_dir, load_key, new_key
from app.security.passwords import check_new_password, hash_password
from app.security.session import NotSignedIn, Session
from app.security.signing import new_signing_key
from app.services.settings import Settings, load_settings, save_settings
from app.store import migrate
from app.store.engine import open_engine
from app.store.people import Credentials, UserRow
from app.store.repo import PULLED, Store, Transaction

log = logging.getLogger(__name__)
PROFILE_FORMAT = 1
#: The first user runs the profile and, until others are added, also does the
#: officer's work; an admin can take the officer role away later.
FIRST_USER_ROLES = [Role.ADMIN, Role.OFFICER]
DB_NAME = "loandesk.db"
Clock = Callable[[], datetime]


#: meta key: "1" in a demo profile
DEMO_META = "demo"


class ProfileError(UserError):
    """A profile folder that is missing, foreign or from a newer LoanDesk."""


def write_durably(path: Path, text: str) -> None:
    """Replace ``path`` atomically and durably: the old file or the new, never half."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads((path / "profile.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(
            f"There is no LoanDesk profile in {path}. Create one with 'loandesk init'."
        ) from None
    except (OSError, ValueError) as exc:
        raise ProfileError(f"The profile description in {path} is unreadable: {exc}") from None
    if not isinstance(data, dict) or "profile_id" not in data:
        raise ProfileError(f"{path} does not hold a LoanDesk profile.")
    if int(data.get("format", 0)) > PROFILE_FORMAT:
        raise ProfileError(
            "This profile was made by a newer LoanDesk; update LoanDesk to open it.",
            code="profile.newer",
        )
    return data


def read_manifest(path: Path) -> dict[str, Any]:
    """The ``profile.json`` of the profile folder ``path``, checked (backup and rekey)."""
    return _read_manifest(path)


def key_id_of(manifest: dict[str, Any]) -> str:
    """The name of the profile's key in the keyring: ``key_id``, else (older profiles) its id."""
    return str(manifest.get("key_id") or manifest["profile_id"])


def _finish_rekey(path: Path, manifest: dict[str, Any], source: KeySource) -> dict[str, Any]:
    # An interrupted ``loandesk rekey`` left ``next_key_id``: finish or undo it. The
    # protocol lives beside the rekey itself; imported here only when it is needed.
    from app.services.rekey import recover_rekey

    return recover_rekey(path, manifest, source)


def device_code(device_id: str) -> str:
    """Four characters that tell this device's case numbers from another's."""
    digest = bytes.fromhex(device_id.replace("-", ""))[-5:]
    return base64.b32encode(digest).decode("ascii")[:4]


class Profile:
    """An open profile: the store, this device's identity and the acting user."""

    def __init__(
        self,
        path: Path,
        store: Store,
        profile_id: str,
        clock: Clock,
        *,
        key_source: KeySource | None = None,
        key_id: str | None = None,
    ) -> None:
        self.path = path
        self.store = store
        self.profile_id = profile_id
        self.clock = clock
        #: Where the database key is kept and its name there (rekey and backups need both).
        self.key_source = key_source
        self.key_id = key_id or profile_id
        device = store.meta("device_id")
        if device is None:
            raise ProfileError("The profile database has no device identity; it is damaged.")
        self.device_id: str = device
        self.settings: Settings = load_settings(self.settings_path)
        self._settings_lock = threading.Lock()
        if not any(Role.ADMIN in u.roles for u in store.users()):
            raise ProfileError("The profile has no administrator; it is damaged.")
        self.policy: SecurityPolicy = load_policy(store)
        #: Who is at the desk; None until someone signs in (``AccountService``).
        self.session: Session | None = None

    @property
    def actor(self) -> UserRow:
        """The signed-in user, whose name goes on every event."""
        if self.session is None:
            raise NotSignedIn("Sign in first.")
        return self.session.user

    def require(self, action: Action) -> Session:
        """The session, if its user may do ``action`` now; refuses before anything is read."""
        if self.session is None:
            raise NotSignedIn("Sign in first.")
        self.session.check(action, self.clock())
        return self.session

    @property
    def demo(self) -> bool:
        """Whether this is a demo profile (``loandesk demo``): made-up people, marked as such."""
        return self.store.meta(DEMO_META) == "1"

    @property
    def settings_path(self) -> Path:
        return self.path / "settings.json"

    @property
    def db_path(self) -> Path:
        return self.path / DB_NAME

    def update_settings(self, change: Callable[[Settings], Settings]) -> Settings:
        """Apply ``change`` to the settings as they are now, save and keep the result.

        Read, change and write happen under one lock: a theme chosen on the
        write lane and the layout saved at close never undo each other.
        """
        with self._settings_lock:
            settings = change(self.settings)
            save_settings(self.settings_path, settings)
            self.settings = settings
            return settings

    def close(self) -> None:
        self.store.close()

    def user_names(self) -> dict[str, str]:
        return {u.user_id: u.display_name for u in self.store.users()}

    def emit(
        self,
        tx: Transaction,
        event_type: EventType,
        payload: dict[str, Any],
        *,
        case_id: str | None = None,
        parent: str | None = None,
        actor: str | None = None,
    ) -> Event:
        """Make this device's next event and append it inside ``tx``.

        An edit of a case's fields records how far this workstation had pulled
        from the branch server (``app.domain.conflicts``).
        """
        if event_type in EDIT_EVENTS:
            pulled = tx.meta(PULLED)
            if pulled is not None:
                payload = {**payload, "seen": int(pulled)}
        return append_next(
            tx,
            self.device_id,
            actor or self.actor.user_id,
            self.clock,
            event_type,
            payload,
            case_id=case_id,
            parent=parent,
        )

    # -- opening and creating -------------------------------------------------
    @classmethod
    def open(cls, path: Path, key_source: KeySource, clock: Clock = utc_now) -> Profile:
        manifest = _read_manifest(path)
        if "next_key_id" in manifest:
            manifest = _finish_rekey(path, manifest, key_source)
        key = load_key(key_source, key_id_of(manifest))
        if not (path / DB_NAME).is_file():
            raise ProfileError(f"The profile database {path / DB_NAME} is missing.")
        store = Store(open_engine(path / DB_NAME, key))
        try:
            migrate.upgrade(store.engine)
            profile = cls(
                path,
                store,
                manifest["profile_id"],
                clock,
                key_source=key_source,
                key_id=key_id_of(manifest),
            )
        except BaseException:
            store.close()
            raise
        log.info("profile opened (device %s)", profile.device_id)
        return profile

    @classmethod
    def create(
        cls,
        path: Path,
        key_source: KeySource,
        *,
        admin_username: str,
        admin_name: str,
        admin_password: str,
        clock: Clock = utc_now,
        bank_name: str = "LoanDesk",
    ) -> Profile:
        """A new profile whose first user is its administrator, signed in.

        ``bank_name`` heads every document the profile prints.
        """
        if profile_exists(path):
            raise ProfileError(f"{path} already holds a LoanDesk profile.")
        _check_admin(admin_username, admin_name)
        check_new_password(admin_password, username=admin_username, display_name=admin_name)
        if (path / DB_NAME).exists():
            raise ProfileError(f"{path / DB_NAME} exists without a profile; move it away first.")
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        profile_id = new_id()
        key = new_key(key_source, profile_id)
        (path / DB_NAME).touch(mode=0o600)
        store = Store(open_engine(path / DB_NAME, key))
        try:
            migrate.upgrade(store.engine)
            admin = _seed(
                store, profile_id, admin_username, admin_name, admin_password, clock, bank_name
            )
            manifest = {
                "format": PROFILE_FORMAT,
                "profile_id": profile_id,
                "created_at": format_time(clock()),
            }
            write_durably(path / "profile.json", json.dumps(manifest, indent=2))
        except BaseException:
            # Leave nothing half-made that would block the next attempt.
            store.close()
            for leftover in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", "profile.json"):
                (path / leftover).unlink(missing_ok=True)
            forget_key(key_source, profile_id)
            raise
        log.info("profile created")
        profile = cls(path, store, profile_id, clock, key_source=key_source)
        user = store.user(admin)
        assert user is not None
        profile.session = Session(
            user, clock(), timedelta(minutes=profile.policy.idle_lock_minutes)
        )
        return profile


def _check_admin(username: str, name: str) -> None:
    try:
        UserAdded(user_id=new_id(), username=username, display_name=name, roles=FIRST_USER_ROLES)
    except ValidationError as exc:
        raise InvalidInput.from_validation(exc, code="user.{field}") from None


def append_next(
    tx: Transaction,
    device: str,
    actor: str,
    clock: Clock,
    event_type: EventType,
    payload: dict[str, Any],
    *,
    case_id: str | None = None,
    parent: str | None = None,
) -> Event:
    """Append ``device``'s next event: the sequence and ``prev`` follow its head."""
    head = tx.device_head(device)
    event = Event.create(
        id=new_id(),
        case_id=case_id,
        type=event_type,
        payload=payload,
        actor=actor,
        device=device,
        device_seq=head.seq + 1,
        at=format_time(clock()),
        parent=parent,
        prev=head.hash,
    )
    tx.append(event)
    return event


def load_policy(store: Store) -> SecurityPolicy:
    """The security policy in force: the fold of every ``SettingsChanged`` event."""
    changed = store.events_of_types([EventType.SETTINGS_CHANGED], limit=1_000_000)
    return fold_policy(event.payload["changes"] for _, event in reversed(changed))


def _seed(
    store: Store,
    profile_id: str,
    username: str,
    name: str,
    password: str,
    clock: Clock,
    bank_name: str,
) -> str:
    device_id, admin_id = new_id(), new_id()
    signing = new_signing_key(password, admin_id)
    password_hash = hash_password(password)
    admin = {
        "user_id": admin_id,
        "username": username,
        "display_name": name,
        "roles": [r.value for r in FIRST_USER_ROLES],
    }
    with store.writing() as tx:
        tx.set_meta("device_id", device_id)
        tx.set_meta("profile_id", profile_id)
        profile = {"profile_id": profile_id, "name": bank_name}
        append_next(tx, device_id, admin_id, clock, EventType.PROFILE_CREATED, profile)
        append_next(tx, device_id, admin_id, clock, EventType.USER_ADDED, admin)
        tx.save_credentials(Credentials(admin_id, password_hash, signing.wrapped))
        key_event = {"user_id": admin_id, "public_key": signing.public_key}
        append_next(tx, device_id, admin_id, clock, EventType.PASSWORD_SET, key_event)
        append_next(tx, device_id, admin_id, clock, EventType.SIGNED_IN, {"user_id": admin_id})
    return admin_id
