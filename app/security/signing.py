"""Each user's Ed25519 signing key, kept wrapped under a key derived from their password.

The private key never rests in the clear: it is encrypted with AES-256-GCM
under a key that Argon2id derives from the password and a random salt, with
the user's id as associated data so a wrapped key cannot be moved to another
account. It is unwrapped only for the moment of signing, which needs the
password anyway. The public key goes into the event log (``PasswordSet``) so
anyone can check a signature later without trusting this workstation.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.errors import UserError
from app.security.passwords import MEMORY_COST_KIB, PARALLELISM, TIME_COST

_MAGIC = b"LDK1"
_SALT = 16
_NONCE = 12


class KeyUnwrapError(UserError):
    """The password does not open the signing key, or the wrapped key is damaged."""

    code = "signing.unwrap"


@dataclass(frozen=True)
class SigningKey:
    public_key: str  # 64 hex characters
    wrapped: bytes


def _kek(password: str, salt: bytes) -> bytes:
    secret = unicodedata.normalize("NFKC", password).encode("utf-8")
    return hash_secret_raw(
        secret,
        salt,
        time_cost=TIME_COST,
        memory_cost=MEMORY_COST_KIB,
        parallelism=PARALLELISM,
        hash_len=32,
        type=Type.ID,
    )


def _public_hex(private: Ed25519PrivateKey) -> str:
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return raw.hex()


def wrap(private: Ed25519PrivateKey, password: str, user_id: str) -> bytes:
    salt, nonce = os.urandom(_SALT), os.urandom(_NONCE)
    raw = private.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    sealed = AESGCM(_kek(password, salt)).encrypt(nonce, raw, user_id.encode("ascii"))
    return _MAGIC + salt + nonce + sealed


def unwrap(wrapped: bytes, password: str, user_id: str) -> Ed25519PrivateKey:
    if not wrapped.startswith(_MAGIC) or len(wrapped) != 4 + _SALT + _NONCE + 32 + 16:
        raise KeyUnwrapError("The stored signing key is damaged; an administrator must reset it.")
    salt = wrapped[4 : 4 + _SALT]
    nonce = wrapped[4 + _SALT : 4 + _SALT + _NONCE]
    try:
        raw = AESGCM(_kek(password, salt)).decrypt(
            nonce, wrapped[4 + _SALT + _NONCE :], user_id.encode("ascii")
        )
    except InvalidTag:
        raise KeyUnwrapError("The password does not open this signing key.") from None
    return Ed25519PrivateKey.from_private_bytes(raw)


def new_signing_key(password: str, user_id: str) -> SigningKey:
    private = Ed25519PrivateKey.generate()
    return SigningKey(_public_hex(private), wrap(private, password, user_id))


def rewrap(wrapped: bytes, old_password: str, new_password: str, user_id: str) -> SigningKey:
    """The same key pair, now wrapped under ``new_password``."""
    private = unwrap(wrapped, old_password, user_id)
    return SigningKey(_public_hex(private), wrap(private, new_password, user_id))


def sign(wrapped: bytes, password: str, user_id: str, message: bytes) -> str:
    """The hex Ed25519 signature of ``message`` by the user's key."""
    return unwrap(wrapped, password, user_id).sign(message).hex()


def verify(public_key: str, signature: str, message: bytes) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))
        key.verify(bytes.fromhex(signature), message)
    except (ValueError, InvalidSignature):
        return False
    return True
