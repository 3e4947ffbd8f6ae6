"""Canonical JSON: the one byte encoding that event hashes and signatures cover.

Keys sorted, no insignificant whitespace, UTF-8 (not ASCII-escaped), Decimal as
a string, floats refused (their text form is not unique across platforms).
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

JSONValue = None | bool | int | str | list["JSONValue"] | dict[str, "JSONValue"]


class CanonicalError(ValueError):
    """A value that has no canonical JSON form."""


def _normalise(value: Any) -> JSONValue:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise CanonicalError("non-finite decimals have no canonical form")
        return str(value)
    if isinstance(value, float):
        raise CanonicalError("floats have no canonical form; use Decimal or int")
    if isinstance(value, dict):
        out: dict[str, JSONValue] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise CanonicalError("object keys must be strings")
            out[key] = _normalise(item)
        return out
    if isinstance(value, list | tuple):
        return [_normalise(item) for item in value]
    raise CanonicalError(f"{type(value).__name__} has no canonical JSON form")


def encode(value: Any) -> bytes:
    """The canonical UTF-8 bytes of ``value``."""
    text = json.dumps(
        _normalise(value),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise CanonicalError("text with lone surrogates has no UTF-8 form") from None


def _no_floats(text: str) -> Any:
    raise CanonicalError(f"float {text[:20]!r} in canonical JSON")


def decode(data: bytes) -> JSONValue:
    """Parse canonical bytes back; floats are refused, integers stay exact."""
    try:
        # NaN and Infinity bypass parse_float; they are floats all the same.
        value: JSONValue = json.loads(
            data.decode("utf-8"), parse_float=_no_floats, parse_constant=_no_floats
        )
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CanonicalError(f"not canonical JSON: {exc}") from None
    return value


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
