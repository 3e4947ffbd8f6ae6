"""Canonical JSON: one byte form per value, stable through a round trip, no floats."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import canonical
from app.domain.canonical import CanonicalError
from tests.domain.strategies import json_values


def _expected(value: Any) -> Any:
    """What decoding the encoding must give: Decimals as text, everything else as is."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_expected(item) for item in value]
    if isinstance(value, dict):
        return {key: _expected(item) for key, item in value.items()}
    return value


def _reversed_insertion(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _reversed_insertion(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_reversed_insertion(item) for item in value]
    return value


def _assert_sorted_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    assert keys == sorted(keys)
    return dict(pairs)


@given(json_values)
def test_encode_is_deterministic_and_independent_of_key_insertion_order(value: Any) -> None:
    first = canonical.encode(value)
    assert canonical.encode(value) == first
    assert canonical.encode(_reversed_insertion(value)) == first


@given(json_values)
def test_every_object_in_the_encoding_has_sorted_keys(value: Any) -> None:
    json.loads(canonical.encode(value), object_pairs_hook=_assert_sorted_keys)


@given(json_values)
def test_decode_then_encode_gives_the_same_bytes(value: Any) -> None:
    data = canonical.encode(value)
    decoded = canonical.decode(data)
    assert decoded == _expected(value)
    assert canonical.encode(decoded) == data


@given(json_values, st.floats(allow_nan=True, allow_infinity=True))
def test_a_float_anywhere_is_refused(value: Any, number: float) -> None:
    with pytest.raises(CanonicalError, match="float"):
        canonical.encode([value, {"nested": [number]}])


@pytest.mark.parametrize(
    "data",
    [b"1.5", b"[1e3]", b'{"a":-0.0}', b"NaN", b"[Infinity]", b'{"x":-Infinity}'],
)
def test_decode_refuses_floats_and_non_finite_numbers(data: bytes) -> None:
    with pytest.raises(CanonicalError, match="float"):
        canonical.decode(data)


def test_the_encoding_is_compact_utf8_with_decimals_as_text() -> None:
    value = {"b": [1, True, None], "a": "王 x", "c": Decimal("10.50")}
    assert canonical.encode(value) == '{"a":"王 x","b":[1,true,null],"c":"10.50"}'.encode()


def test_big_integers_stay_exact() -> None:
    big = 2**80 + 1
    assert canonical.decode(canonical.encode({"n": big})) == {"n": big}


@pytest.mark.parametrize(
    "value",
    [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("sNaN")],
)
def test_non_finite_decimals_are_refused(value: Decimal) -> None:
    with pytest.raises(CanonicalError):
        canonical.encode({"amount": value})


@pytest.mark.parametrize("value", [{1: "a"}, {"s": {1, 2}}, b"bytes", object(), "lone \ud800"])
def test_values_without_a_canonical_form_are_refused(value: Any) -> None:
    with pytest.raises(CanonicalError):
        canonical.encode(value)


@pytest.mark.parametrize("data", [b"\xff\xfe", b'{"a":', b"", b'"\xed\xa0\x80"'])
def test_decode_refuses_what_is_not_json_text(data: bytes) -> None:
    with pytest.raises(CanonicalError):
        canonical.decode(data)
