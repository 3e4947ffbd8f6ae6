"""Ed25519 signatures over a published model file, and their check.

The signature covers the model file's exact bytes and sits beside it in
``<model>.sig`` (JSON: the signer's key id and the signature). A workstation
trusts a list of publisher public keys; a file with any byte changed, an
unsigned file, or one signed by a key not on the list is refused, with the
reason in words.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SIGNATURE_SUFFIX = ".sig"


class SignatureError(ValueError):
    """A model whose signature does not check, with the reason in words."""


@dataclass(frozen=True)
class PublicKey:
    key_id: str
    raw: bytes  # 32 bytes

    @property
    def hex(self) -> str:
        return self.raw.hex()


def key_id(raw_public: bytes) -> str:
    """A short name for a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(raw_public).hexdigest()[:16]


def public_of(private: Ed25519PrivateKey) -> PublicKey:
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return PublicKey(key_id(raw), raw)


def new_key(path: Path, password: bytes | None = None) -> PublicKey:
    """A new publisher key, as PKCS#8 PEM (encrypted when a password is given), mode 0600."""
    private = Ed25519PrivateKey.generate()
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem)
    return public_of(private)


def load_key(path: Path, password: bytes | None = None) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=password)
    except (ValueError, TypeError) as exc:
        raise SignatureError(f"the signing key {path.name} cannot be opened: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SignatureError(f"the signing key {path.name} is not an Ed25519 key")
    return key


def signature_path(model: Path) -> Path:
    return model.with_name(model.name + SIGNATURE_SUFFIX)


def sign_file(model: Path, private: Ed25519PrivateKey) -> Path:
    public = public_of(private)
    signature = private.sign(model.read_bytes())
    path = signature_path(model)
    path.write_text(
        json.dumps(
            {"key_id": public.key_id, "signature": base64.b64encode(signature).decode("ascii")}
        ),
        encoding="utf-8",
    )
    return path


def verify_bytes(data: bytes, signature_text: str | None, trusted: list[PublicKey]) -> PublicKey:
    """The trusted key that signed ``data``; SignatureError saying why otherwise."""
    if signature_text is None:
        raise SignatureError("the model is not signed (its .sig file is missing)")
    try:
        record = json.loads(signature_text)
        signer, signature = str(record["key_id"]), base64.b64decode(record["signature"])
    except (ValueError, KeyError, TypeError):
        raise SignatureError("the model's signature file is damaged") from None
    key = next((k for k in trusted if k.key_id == signer), None)
    if key is None:
        raise SignatureError(
            f"the model is signed by key {signer}, which is not a trusted publisher here"
        )
    try:
        Ed25519PublicKey.from_public_bytes(key.raw).verify(signature, data)
    except InvalidSignature:
        raise SignatureError(
            "the model file does not match its signature: it was changed after it was signed"
        ) from None
    return key


def verify_file(model: Path, trusted: list[PublicKey]) -> PublicKey:
    sig = signature_path(model)
    text = sig.read_text(encoding="utf-8") if sig.exists() else None
    return verify_bytes(model.read_bytes(), text, trusted)


def load_publishers(path: Path) -> list[PublicKey]:
    """The trusted publisher keys listed in a JSON file ({"publishers": [{"public_key": hex}]})."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        return [parse_public(str(p["public_key"])) for p in record["publishers"]]
    except OSError as exc:
        raise SignatureError(
            f"the list of trusted publishers cannot be read: {exc.strerror}"
        ) from None
    except (ValueError, KeyError, TypeError):
        raise SignatureError(f"the list of trusted publishers {path.name} is damaged") from None


def parse_public(text: str) -> PublicKey:
    """A public key from 64 hex digits."""
    try:
        raw = bytes.fromhex(text.strip())
    except ValueError:
        raise SignatureError("a publisher key is 64 hexadecimal digits") from None
    if len(raw) != 32:
        raise SignatureError("a publisher key is 64 hexadecimal digits")
    return PublicKey(key_id(raw), raw)
