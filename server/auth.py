"""Device enrolment and tokens: one-time codes issued by an admin, bearer tokens for devices.

Neither codes nor tokens are stored: only their HMAC-SHA256 under the
server's secret, so a copy of the database alone lets no one act as a device.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from server.db import devices, enrolment_codes
from server.errors import CodeRefused, InvalidRequest, Refused, Unauthorized

#: no I, L, O, U, 0 or 1: nothing to misread when a code is typed from paper
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 20  # about 98 bits
CODE_LIFETIME = timedelta(hours=24)
MAX_NAME = 100
_CODE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
_UUID7 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


@dataclass(frozen=True)
class Device:
    device_id: str
    name: str
    enrolled_at: datetime
    revoked_at: datetime | None


def keyed_hash(secret: str, purpose: str, value: str) -> str:
    """What is stored in place of a code or token (``purpose`` keeps the two apart)."""
    message = f"{purpose}\0{value}".encode()
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def check_name(name: str) -> str:
    """A device's name, trimmed; refused when empty, too long or not printable."""
    trimmed = name.strip()
    if not trimmed or len(trimmed) > MAX_NAME or not trimmed.isprintable():
        raise InvalidRequest(
            f"A device name is 1 to {MAX_NAME} printable characters, without control characters."
        )
    return trimmed


def normalise_code(text: str) -> str | None:
    """The code without its dashes and spaces, upper-cased; None if it cannot be one."""
    code = text.replace("-", "").replace(" ", "").upper()
    return code if _CODE.fullmatch(code) else None


def issue_code(conn: Connection, secret: str, name: str, now: datetime) -> str:
    """A new one-time enrolment code for the device ``name``, valid for 24 hours."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    conn.execute(
        enrolment_codes.insert().values(
            code_hash=keyed_hash(secret, "code", code),
            device_name=check_name(name),
            expires_at=now + CODE_LIFETIME,
        )
    )
    return "-".join(code[i : i + 5] for i in range(0, CODE_LENGTH, 5))


def enrol(
    conn: Connection, secret: str, *, code: str, device_id: str, name: str, now: datetime
) -> str:
    """Use ``code`` to enrol ``device_id``; returns the device's bearer token.

    Runs inside the caller's transaction: if anything is refused, the code
    stays unused.
    """
    if not _UUID7.fullmatch(device_id):
        raise InvalidRequest("A device id is a lower-case UUIDv7, as the workstation makes it.")
    name = check_name(name)
    normal = normalise_code(code)
    if normal is None:
        raise CodeRefused(
            f"An enrolment code is {CODE_LENGTH} letters and digits, as "
            "`loandesk-server enrol-device` printed it."
        )
    code_hash = keyed_hash(secret, "code", normal)
    used = conn.execute(
        update(enrolment_codes)
        .where(enrolment_codes.c.code_hash == code_hash)
        .where(enrolment_codes.c.used_at.is_(None))
        .where(enrolment_codes.c.expires_at > now)
        .values(used_at=now)
        .returning(enrolment_codes.c.device_name)
    ).first()
    if used is None:
        raise CodeRefused(_why_not(conn, code_hash))
    if used.device_name != name:
        raise CodeRefused(
            f"This code was issued for the device named {used.device_name!r}, not {name!r}."
        )
    if conn.execute(select(devices.c.device_id).where(devices.c.device_id == device_id)).first():
        raise Refused(f"The device {device_id} is already enrolled; a device is enrolled once.")
    token = secrets.token_urlsafe(32)
    conn.execute(
        devices.insert().values(
            device_id=device_id,
            name=name,
            token_hash=keyed_hash(secret, "token", token),
            enrolled_at=now,
        )
    )
    return token


def _why_not(conn: Connection, code_hash: str) -> str:
    row = conn.execute(
        select(enrolment_codes.c.used_at).where(enrolment_codes.c.code_hash == code_hash)
    ).first()
    if row is None:
        return "This enrolment code is not known to this server; check it or ask for a new one."
    if row.used_at is not None:
        return "This enrolment code was used already; each code enrols one device once."
    return "This enrolment code has expired (codes last 24 hours); ask for a new one."


def authenticate(conn: Connection, secret: str, token: str) -> str:
    """The id of the device holding ``token``, or ``Unauthorized`` saying why not."""
    row = conn.execute(
        select(devices.c.device_id, devices.c.revoked_at).where(
            devices.c.token_hash == keyed_hash(secret, "token", token)
        )
    ).first()
    if row is None:
        raise Unauthorized(
            "This device token is not known to this server; enrol the device to get one."
        )
    if row.revoked_at is not None:
        raise Unauthorized(
            f"This device was revoked on {row.revoked_at:%Y-%m-%d %H:%M} UTC; "
            "an administrator must enrol it again."
        )
    return str(row.device_id)


def list_devices(conn: Connection) -> list[Device]:
    rows = conn.execute(select(devices).order_by(devices.c.enrolled_at, devices.c.device_id))
    return [Device(r.device_id, r.name, r.enrolled_at, r.revoked_at) for r in rows]


def revoke(conn: Connection, device_id: str, now: datetime) -> None:
    """Revoke ``device_id``: its token is refused from now on."""
    row = conn.execute(select(devices.c.revoked_at).where(devices.c.device_id == device_id)).first()
    if row is None:
        raise Refused(f"No device {device_id!r} is enrolled here; `devices list` shows them.")
    if row.revoked_at is None:
        conn.execute(update(devices).where(devices.c.device_id == device_id).values(revoked_at=now))
