"""The products and authority matrix in force at this desk: the branch's, else the shipped ones.

Each version ships both (``resources/products.json``, ``resources/authority.json``).
A branch may publish its own on its server (``loandesk-server rules publish``);
a sync takes them into the profile's encrypted database (``take``), checked
with the same parsers, and from then on this desk prices, checks policy and
judges authority by them. What a desk took stays in force offline until the
branch publishes again. Tiers and product codes are the software's own: a
publication changes terms and limits, not which products and tiers exist.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import resources
from app.domain.authority import AuthorityError, Matrix, parse_matrix
from app.domain.products import Catalogue, ProductError, parse_catalogue
from app.store.repo import Store

if TYPE_CHECKING:
    from app.sync.client import ServerClient

log = logging.getLogger(__name__)

#: what a branch publishes, by the file each version ships
KINDS = {"products": "products.json", "authority": "authority.json"}
#: meta key prefixes: the JSON text in force, and the branch's publication met last
#: ("seq:sha256")
_BODY = "rules:"
_SEQ = "rules_seq:"


@dataclass(frozen=True)
class InForce:
    kind: str
    version: str
    #: "branch" (published by the branch server) or "shipped"
    source: str


@dataclass(frozen=True)
class RulesTaken:
    """A publication of the branch this sync met for the first time."""

    kind: str
    version: str
    #: why it was not put in force, in words (None: it is in force now)
    refused: str | None = None
    #: the same as a code: "damaged", "left_out", "tiers" or "unreadable"
    code: str | None = None


def catalogue(store: Store) -> Catalogue:
    """The loan products in force at this desk."""
    body = store.meta(_BODY + "products")
    return shipped_catalogue() if body is None else _catalogue(body)


def matrix(store: Store) -> Matrix:
    """The authority matrix in force at this desk."""
    body = store.meta(_BODY + "authority")
    return shipped_matrix() if body is None else _matrix(body)


def in_force(store: Store) -> list[InForce]:
    """The version of each kind in force, and where it came from."""
    now = catalogue(store).version, matrix(store).version
    return [
        InForce(kind, version, "shipped" if store.meta(_BODY + kind) is None else "branch")
        for kind, version in zip(KINDS, now, strict=True)
    ]


@functools.cache
def shipped_catalogue() -> Catalogue:
    return parse_catalogue(_shipped("products"))


@functools.cache
def shipped_matrix() -> Matrix:
    return parse_matrix(_shipped("authority"))


def take(store: Store, client: ServerClient) -> list[RulesTaken]:
    """Put in force what the branch published since this desk last looked; what was new."""
    from app.sync.client import ServerRefused

    try:
        listed = client.rules_in_force()
    except ServerRefused as exc:
        if exc.status == 404:  # a server older than publishing: the shipped ones stay
            return []
        raise
    taken = []
    for kind, seq, version, sha256 in listed:
        # Any other publication than the one met last is taken (a restored server
        # may number anew), each met once, put in force or refused.
        met = f"{seq}:{sha256}"
        if kind not in KINDS or store.meta(_SEQ + kind) == met:
            continue
        body = client.rules(kind)
        code, refused = _refusal(kind, body, sha256) or (None, None)
        with store.writing() as tx:
            if refused is None:
                tx.set_meta(_BODY + kind, body)
            tx.set_meta(_SEQ + kind, met)
        if refused is not None:
            log.warning("the branch's %s version %s stay out of force: %s", kind, version, refused)
        taken.append(RulesTaken(kind, version, refused, code))
    return taken


def _refusal(kind: str, body: str, sha256: str) -> tuple[str, str] | None:
    """Why this desk cannot put ``body`` in force, as (code, words); None: it can."""
    if hashlib.sha256(body.encode("utf-8")).hexdigest() != sha256:
        return "damaged", "it came damaged"
    try:
        if kind == "products":
            missing = _catalogue(body).left_out()
            if missing:
                return "left_out", f"it leaves out {', '.join(missing)}"
        elif not _matrix(body).same_tiers(shipped_matrix()):
            return "tiers", "its tiers are not the ones this version knows"
    except (
        ProductError,
        AuthorityError,
        KeyError,
        TypeError,
        ValueError,
        ArithmeticError,
        AttributeError,
    ) as exc:
        return "unreadable", f"this version cannot read it ({exc})"
    return None


@functools.lru_cache(maxsize=4)
def _catalogue(body: str) -> Catalogue:
    return parse_catalogue(json.loads(body))


@functools.lru_cache(maxsize=4)
def _matrix(body: str) -> Matrix:
    return parse_matrix(json.loads(body))


def _shipped(kind: str) -> Any:
    path = Path(resources.__file__).resolve().parent / KINDS[kind]
    return json.loads(path.read_text(encoding="utf-8"))
