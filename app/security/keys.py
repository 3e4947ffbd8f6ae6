"""Where a profile's 256-bit database key comes from, and where it is kept.

In order: ``LOANDESK_KEY`` (hex), a key file (``LOANDESK_KEY_FILE`` or
``--key-file``, mode 0600), then the OS keyring. There is no plaintext
fallback: with no keyring backend and no explicit key, LoanDesk refuses.
``keyring`` is imported where it is used: discovering its backends costs a
tenth of a second at start-up, wasted when the key is given explicitly.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path

from app.durable import fsync_path
from app.errors import UserError

log = logging.getLogger(__name__)
KEYRING_SERVICE = "LoanDesk"
KEY_BYTES = 32


class KeyUnavailable(UserError):
    """No key can be had for the profile; the message says how to give one."""


HOW_TO_GIVE_A_KEY = (
    "Give the key explicitly: set LOANDESK_KEY to the profile's key as 64 hex digits, "
    "or set LOANDESK_KEY_FILE (or pass --key-file) to a file that holds it, readable "
    "by you alone (chmod 600)."
)


@dataclass(frozen=True)
class KeySource:
    """How the caller asked for the key; empty means 'use the keyring'."""

    hex_key: str | None = field(default=None, repr=False)
    key_file: Path | None = None

    @classmethod
    def from_environment(cls, key_file: Path | None = None) -> KeySource:
        """The key named in the environment; an explicit ``key_file`` wins over it."""
        if key_file is not None:
            return cls(key_file=key_file)
        env_file = os.environ.get("LOANDESK_KEY_FILE")
        return cls(
            hex_key=os.environ.get("LOANDESK_KEY") or None,
            key_file=Path(env_file) if env_file else None,
        )

    def describe(self) -> str:
        if self.hex_key:
            return "LOANDESK_KEY"
        if self.key_file:
            return f"key file {self.key_file}"
        return "the system keyring"


def _parse_hex(text: str, origin: str) -> bytes:
    cleaned = text.strip()
    try:
        key = bytes.fromhex(cleaned)
    except ValueError:
        raise KeyUnavailable(f"The key in {origin} is not hexadecimal.") from None
    if len(key) != KEY_BYTES:
        raise KeyUnavailable(f"The key in {origin} must be 64 hex digits (256 bits).")
    return key


def keyring_usable() -> bool:
    """True when a real OS keyring backend is present (not 'fail', not keyrings.alt)."""
    import keyring
    import keyring.backends.fail

    backend = keyring.get_keyring()
    # 'fail' raises and 'null' silently forgets (priority below zero): neither keeps a key.
    if isinstance(backend, keyring.backends.fail.Keyring) or backend.priority <= 0:
        return False
    # keyrings.alt stores secrets as base64 in a file: that is plaintext.
    return not type(backend).__module__.startswith("keyrings.alt")


def _read_key_file(path: Path) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise KeyUnavailable(f"The key file {path} does not exist.") from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyUnavailable(
            f"The key file {path} can be read by others; run 'chmod 600 {path}' first."
        )
    return _parse_hex(path.read_text(encoding="ascii", errors="replace"), f"key file {path}")


def _write_key_file(path: Path, key: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    fsync_dir(path.parent)


def fsync_dir(path: Path) -> None:
    """Make a new directory entry durable (a power cut must not lose a key file)."""
    fsync_path(path)


def load_key(source: KeySource, profile_id: str) -> bytes:
    """The existing key of profile ``profile_id``."""
    if source.hex_key:
        return _parse_hex(source.hex_key, "LOANDESK_KEY")
    if source.key_file:
        return _read_key_file(source.key_file)
    if not keyring_usable():
        raise KeyUnavailable(
            "No system keyring is available on this machine. " + HOW_TO_GIVE_A_KEY,
            code="key.no_keyring",
        )
    import keyring
    from keyring.errors import KeyringError

    try:
        stored = keyring.get_password(KEYRING_SERVICE, profile_id)
    except KeyringError as exc:
        raise KeyUnavailable(f"The system keyring refused: {exc}. " + HOW_TO_GIVE_A_KEY) from exc
    if stored is None:
        raise KeyUnavailable(
            "The system keyring holds no key for this profile. " + HOW_TO_GIVE_A_KEY,
            code="key.not_in_keyring",
        )
    return _parse_hex(stored, "the system keyring")


def forget_key(source: KeySource, profile_id: str) -> None:
    """Undo ``new_key`` for a profile that could not be made (keyring entries only).

    A key file is left alone: the user named it and may use it again.
    """
    if source.hex_key or source.key_file or not keyring_usable():
        return
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.delete_password(KEYRING_SERVICE, profile_id)
    except KeyringError:
        log.warning("could not remove the key of an unfinished profile from the keyring")


def new_key(source: KeySource, profile_id: str) -> bytes:
    """Make the key of a new profile and keep it where ``source`` says."""
    if source.hex_key:
        return _parse_hex(source.hex_key, "LOANDESK_KEY")
    key = secrets.token_bytes(KEY_BYTES)
    if source.key_file:
        if source.key_file.exists():
            return _read_key_file(source.key_file)
        _write_key_file(source.key_file, key)
        return key
    if not keyring_usable():
        raise KeyUnavailable(
            "No system keyring is available on this machine. " + HOW_TO_GIVE_A_KEY,
            code="key.no_keyring",
        )
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, profile_id, key.hex())
        # A backend that accepted the key but cannot give it back would lose the profile.
        if keyring.get_password(KEYRING_SERVICE, profile_id) != key.hex():
            raise KeyUnavailable(
                "The system keyring did not keep the new key. " + HOW_TO_GIVE_A_KEY,
                code="key.not_kept",
            )
    except KeyringError as exc:
        raise KeyUnavailable(f"The system keyring refused: {exc}. " + HOW_TO_GIVE_A_KEY) from exc
    log.info("profile key stored in the system keyring (%s)", type(keyring.get_keyring()).__name__)
    return key


# -- key rotation (``loandesk rekey``) ------------------------------------------
# A rekey keeps the new key beside the current one until the database has been
# swapped: in the keyring under a new key id, or for a key file in
# ``<file>.next``, copied over the file after the swap and removed once
# profile.json names the new key (its presence tells a recovery the swap
# happened). Keyring entries are named by the profile's ``key_id``
# (profile.json), so a restored copy or a rekeyed profile never overwrites
# another profile's key.


def next_key_file(key_file: Path) -> Path:
    return key_file.with_name(key_file.name + ".next")


def keep_next_key(source: KeySource, key_id: str, key: bytes) -> None:
    """Keep rekey's new ``key`` under ``key_id`` without touching the current key."""
    if source.hex_key:
        raise KeyUnavailable(
            "Changing the key needs the system keyring or a key file: a key given in "
            "LOANDESK_KEY cannot be replaced by LoanDesk.",
            code="key.fixed",
        )
    if source.key_file:
        pending = next_key_file(source.key_file)
        pending.unlink(missing_ok=True)  # a leftover of an attempt that was rolled back
        _write_key_file(pending, key)
        return
    _keyring_keep(key_id, key)


def load_next_key(source: KeySource, key_id: str) -> bytes | None:
    """Rekey's new key if it was kept (see ``keep_next_key``), else None."""
    if source.hex_key:
        return None
    if source.key_file:
        pending = next_key_file(source.key_file)
        return _read_key_file(pending) if pending.exists() else None
    try:
        return load_key(source, key_id)
    except KeyUnavailable:
        return None


def promote_next_key(source: KeySource) -> None:
    """Make the kept new key the current one: a key file is replaced by a copy of it (the
    ``.next`` file stays until ``release_next_key``, as proof the swap happened); a keyring
    entry already has its own name."""
    if not source.key_file:
        return
    pending = next_key_file(source.key_file)
    staged = source.key_file.with_name(source.key_file.name + ".tmp")
    staged.unlink(missing_ok=True)
    _write_key_file(staged, _read_key_file(pending))
    os.replace(staged, source.key_file)
    fsync_dir(source.key_file.parent)


def release_next_key(source: KeySource) -> None:
    """After profile.json names the new key: drop a key file's ``.next`` copy."""
    if source.key_file:
        next_key_file(source.key_file).unlink(missing_ok=True)
        fsync_dir(source.key_file.parent)


def discard_next_key(source: KeySource, key_id: str) -> None:
    """Undo ``keep_next_key`` after a rekey that did not swap the database."""
    if source.key_file:
        next_key_file(source.key_file).unlink(missing_ok=True)
    else:
        forget_key(source, key_id)


def _keyring_keep(key_id: str, key: bytes) -> None:
    if not keyring_usable():
        raise KeyUnavailable(
            "No system keyring is available on this machine. " + HOW_TO_GIVE_A_KEY,
            code="key.no_keyring",
        )
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, key_id, key.hex())
        if keyring.get_password(KEYRING_SERVICE, key_id) != key.hex():
            raise KeyUnavailable(
                "The system keyring did not keep the new key. " + HOW_TO_GIVE_A_KEY,
                code="key.not_kept",
            )
    except KeyringError as exc:
        raise KeyUnavailable(f"The system keyring refused: {exc}. " + HOW_TO_GIVE_A_KEY) from exc
