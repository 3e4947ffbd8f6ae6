"""The products and the authority matrix a branch publishes for every desk, and judges by.

Each version of LoanDesk ships both (``resources/products.json``,
``resources/authority.json``). A branch may publish its own with
``loandesk-server rules publish``: new rates, limits, policy rules and grades
of the products this version knows, and new tier limits and dual-control
amounts. The server checks a publication with the same parsers the desks use
and keeps every one; the newest of each kind is in force. From then on it
judges decisions by the published matrix, and each desk takes both at its next
sync. Product codes and tiers are part of the software (the checklists, the
model's inputs, the translations and each user's tier name them), so a
publication may not add or drop a product, nor add, drop or re-rank a tier.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

import resources
from app.domain.authority import AuthorityError, Matrix, parse_matrix
from app.domain.products import ProductError, parse_catalogue
from server.db import rules
from server.errors import InvalidRequest, NotHeld, ServerError

#: what a branch may publish, by the file each version ships
KINDS = {"products": "products.json", "authority": "authority.json"}
#: each kind in words, and the verb that goes with it
WORDS = {"products": ("products", "are"), "authority": ("authority matrix", "is")}
#: the longest version name a publication may carry
MAX_VERSION = 64
#: the largest publication taken, in bytes (the shipped ones are about 4 KB)
MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class Published:
    kind: str
    seq: int
    version: str
    sha256: str
    published_at: datetime
    #: the JSON text as published
    body: str


def publish(conn: Connection, kind: str, text: str, now: datetime) -> Published:
    """Check ``text`` as the branch's ``kind`` and put it in force; the publication."""
    data = _parsed(kind, text)
    version = str(data.get("version") or "").strip()
    if not version or len(version) > MAX_VERSION:
        raise ServerError(
            f"The {WORDS[kind][0]} file has no version (or one over {MAX_VERSION} characters): "
            'give "version" a name the desks will show, such as the date it takes effect.'
        )
    now_in_force = latest(conn, kind)
    if now_in_force is not None and now_in_force.version == version:
        raise ServerError(
            f"The branch's {WORDS[kind][0]} {WORDS[kind][1]} version {version} already: "
            "give the new file a new version."
        )
    if kind == "authority":
        _check_tiers(_matrix(data))
    else:
        _check_products(data)
    body = text.strip()
    seq: int = conn.execute(
        rules.insert()
        .values(
            kind=kind,
            version=version,
            body=body,
            sha256=sha256_of(body),
            published_at=now,
        )
        .returning(rules.c.seq)
    ).scalar_one()
    return Published(kind, seq, version, sha256_of(body), now, body)


def sha256_of(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def latest(conn: Connection, kind: str) -> Published | None:
    """The ``kind`` in force at the branch, or None while it uses the shipped one."""
    row = conn.execute(
        select(rules).where(rules.c.kind == kind).order_by(rules.c.seq.desc()).limit(1)
    ).first()
    if row is None:
        return None
    return Published(row.kind, row.seq, row.version, row.sha256, row.published_at, row.body)


def in_force(conn: Connection) -> list[Published]:
    """Every kind the branch has published, the newest of each."""
    return [found for kind in KINDS if (found := latest(conn, kind)) is not None]


def published(conn: Connection, kind: str) -> Published:
    """The ``kind`` in force, for a desk to fetch."""
    if kind not in KINDS:
        raise InvalidRequest(f"A branch publishes {' and '.join(KINDS)}, not {kind!r}.")
    found = latest(conn, kind)
    if found is None:
        words, verb = WORDS[kind]
        raise NotHeld(f"The branch has published no {words}: the shipped {words} {verb} in force.")
    return found


def matrix(conn: Connection) -> Matrix:
    """The authority matrix the branch judges decisions by: its own, else the shipped one."""
    found = latest(conn, "authority")
    return _shipped_matrix() if found is None else _cached_matrix(found.body)


def shipped(kind: str) -> str:
    path = Path(resources.__file__).resolve().parent / KINDS[kind]
    return path.read_text(encoding="utf-8")


@functools.cache
def _shipped_matrix() -> Matrix:
    return parse_matrix(json.loads(shipped("authority")))


@functools.lru_cache(maxsize=4)
def _cached_matrix(body: str) -> Matrix:
    return parse_matrix(json.loads(body))


def _parsed(kind: str, text: str) -> dict[str, Any]:
    if kind not in KINDS:
        raise ServerError(f"A branch publishes {' or '.join(KINDS)}, not {kind!r}.")
    words = WORDS[kind][0]
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ServerError(f"The {words} file is over {MAX_BYTES // 1024} KB: that is not one.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ServerError(
            f"The {words} file is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    if not isinstance(data, dict):
        raise ServerError(f"The {words} file holds no JSON object: see resources/{KINDS[kind]}.")
    return data


def _matrix(data: dict[str, Any]) -> Matrix:
    try:
        return parse_matrix(data)
    except (
        AuthorityError,
        KeyError,
        TypeError,
        ValueError,
        ArithmeticError,
        AttributeError,
    ) as exc:
        raise ServerError(f"The authority matrix is not one this version reads: {exc}") from None


def _check_products(data: dict[str, Any]) -> None:
    try:
        catalogue = parse_catalogue(data)
    except (ProductError, KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as exc:
        raise ServerError(f"The products are not ones this version reads: {exc}") from None
    missing = catalogue.left_out()
    if missing:
        raise ServerError(
            f"The products leave out {', '.join(missing)}: a branch changes a product's "
            "terms but cannot drop one, since open cases rest on it."
        )


def _check_tiers(new: Matrix) -> None:
    if not new.same_tiers(_shipped_matrix()):
        known = ", ".join(f"{t.name} (level {t.level})" for t in _shipped_matrix().tiers)
        raise ServerError(
            f"The authority matrix must rank the tiers this version knows, {known}: a branch "
            "changes their limits and the dual-control amounts, not the tiers."
        )
