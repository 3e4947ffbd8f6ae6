"""Password hashes (Argon2id) and the rules a new password must meet (NIST SP 800-63B).

No composition rules and no expiry: length, a list of common passwords and the
user's own name are what is checked. Passwords are compared and hashed in NFKC
form, so the same password typed through a full-width input method still matches.
"""

from __future__ import annotations

import functools
import importlib.resources
import unicodedata

import argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from app.errors import UserError

# OWASP's minimum for Argon2id (m=19 MiB, t=2, p=1). The hash is checked offline on the
# branch PC at every sign-in and before every sensitive action, so it must stay quick on
# an old two-core desktop (about 40 ms here); the hashes also sit inside the SQLCipher
# database, so stealing them needs the profile key first. p=1 because a second lane buys
# nothing on a machine that is busy with OCR. Raise these and needs_rehash() upgrades
# each account at its next sign-in.
MEMORY_COST_KIB = 19_456
TIME_COST = 2
PARALLELISM = 1

MIN_LENGTH = 8
RECOMMENDED_LENGTH = 12
# Argon2 reads the whole password: a cap keeps a pasted novel from costing real work.
MAX_LENGTH = 1024
# A one- or two-letter name ("li", "wu") sits inside too many good passphrases to refuse.
MIN_NAME_LENGTH = 3
SHORT_WARNING = "shorter than 12 characters; 12 or more is recommended"

_HASHER = argon2.PasswordHasher(
    time_cost=TIME_COST,
    memory_cost=MEMORY_COST_KIB,
    parallelism=PARALLELISM,
    type=argon2.Type.ID,
)


class WeakPassword(UserError):
    """A new password breaks the policy; ``reason`` says which rule."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message, code="password.weak")
        self.reason = reason


class DamagedHash(UserError):
    """A stored hash cannot be read; only setting a new password helps."""

    code = "password.hash_damaged"


def _normalized(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def _folded(text: str) -> str:
    return _normalized(text).casefold()


def hash_password(password: str) -> str:
    """The encoded ``$argon2id$...`` string, with a fresh random salt."""
    normalized = _normalized(password)
    if len(normalized) > MAX_LENGTH:
        raise _too_long()
    return _HASHER.hash(normalized)


def verify_password(encoded: str, password: str) -> bool:
    """True when ``password`` matches ``encoded``; a wrong password is False, never an error."""
    normalized = _normalized(password)
    if len(normalized) > MAX_LENGTH:
        return False  # hash_password never stored one this long
    try:
        return _HASHER.verify(encoded, normalized)
    except VerifyMismatchError:
        return False
    except (InvalidHashError, VerificationError) as exc:
        raise _damaged() from exc


def needs_rehash(encoded: str) -> bool:
    """True when ``encoded`` was made with other parameters than the current ones."""
    try:
        return _HASHER.check_needs_rehash(encoded)
    except InvalidHashError as exc:
        raise _damaged() from exc


def check_new_password(password: str, *, username: str, display_name: str) -> list[str]:
    """Refuse a password the policy forbids (``WeakPassword``); return warnings for the rest."""
    normalized = _normalized(password)
    length = len(normalized)
    if length > MAX_LENGTH:
        raise _too_long()
    if length < MIN_LENGTH:
        raise WeakPassword(
            f"The password has {length} characters; it needs at least {MIN_LENGTH}.",
            reason="too_short",
        )
    folded = normalized.casefold()
    if folded in common_passwords():
        raise WeakPassword(
            "The password is on the list of commonly used passwords; choose another.",
            reason="common",
        )
    if any(name in folded for name in _names(username, display_name)):
        raise WeakPassword(
            "The password contains the user's name; choose one without it.",
            reason="contains_name",
        )
    return [SHORT_WARNING] if length < RECOMMENDED_LENGTH else []


def _names(username: str, display_name: str) -> set[str]:
    """The user's name as a password might contain it: whole, joined up, and word by word."""
    words = _folded(display_name).split()
    candidates = {_folded(username), "".join(words), *words}
    return {name for name in candidates if len(name) >= MIN_NAME_LENGTH}


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list (resources/security/common-passwords.txt), read on first use."""
    text = (
        importlib.resources.files("resources")
        .joinpath("security", "common-passwords.txt")
        .read_text(encoding="utf-8")
    )
    return frozenset(
        _folded(line) for line in text.splitlines() if line and not line.startswith("#")
    )


def _too_long() -> WeakPassword:
    return WeakPassword(
        f"The password is longer than {MAX_LENGTH} characters; choose a shorter one.",
        reason="too_long",
    )


def _damaged() -> DamagedHash:
    return DamagedHash(
        "The stored password of this account is damaged; an admin must set a new one."
    )
