"""Money: exact Decimals in a currency's minor unit; floats and mixed currencies refused."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from app.domain.money import MAX_AMOUNT, MINOR_UNITS, Money, MoneyError, parse_amount

exact_cny = st.decimals(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT, places=2)


@given(exact_cny)
def test_an_amount_with_at_most_two_places_is_kept_exactly_as_cents(amount: Decimal) -> None:
    money = Money.of(amount)
    assert isinstance(money.amount, Decimal)
    assert money.amount == amount
    assert money.amount.as_tuple().exponent == -2
    assert Money.of(str(amount)) == money


@given(
    st.decimals(min_value=-1000, max_value=1000, places=4).filter(
        lambda d: d != d.quantize(Decimal("0.01"))
    )
)
def test_more_decimals_than_the_currency_has_are_refused(amount: Decimal) -> None:
    with pytest.raises(ValidationError, match="at most 2 decimal places"):
        Money.of(amount)


@pytest.mark.parametrize(
    ("given_amount", "currency", "expected"),
    [
        ("1234.5", "CNY", "1234.50"),
        ("1,234", "USD", "1234.00"),
        (7, "EUR", "7.00"),
        ("100", "JPY", "100"),
        (Decimal("2.50"), "GBP", "2.50"),
        (" 9 000.1 ", "HKD", "9000.10"),
    ],
)
def test_amounts_are_quantized_to_the_minor_unit(
    given_amount: Any, currency: str, expected: str
) -> None:
    money = Money.of(given_amount, currency)
    assert str(money.amount) == expected
    assert money.amount.as_tuple().exponent == -MINOR_UNITS[currency]


def test_yen_has_no_minor_unit() -> None:
    with pytest.raises(ValidationError, match="JPY amounts have at most 0 decimal places"):
        Money.of("100.5", "JPY")


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_floats_are_refused(number: float) -> None:
    with pytest.raises(MoneyError, match="never as floats"):
        parse_amount(number)
    with pytest.raises(ValidationError, match="never as floats"):
        Money.of(number)


@pytest.mark.parametrize(
    "bad", [True, None, "abc", "1e999999", "NaN", "Infinity", "1" * 40, ["1"], b"1"]
)
def test_what_is_not_an_amount_is_refused(bad: Any) -> None:
    with pytest.raises(ValidationError):
        Money.of(bad)


@pytest.mark.parametrize("currency", ["XXX", "cny", "", 156, ["CNY"]])
def test_unknown_currencies_are_refused(currency: Any) -> None:
    with pytest.raises(ValidationError, match="unknown currency"):
        Money.model_validate({"amount": "1", "currency": currency})


def test_implausibly_large_amounts_are_refused() -> None:
    assert Money.of(MAX_AMOUNT).amount == MAX_AMOUNT
    with pytest.raises(ValidationError, match="implausibly large"):
        Money.of(MAX_AMOUNT + Decimal("0.01"))


@given(exact_cny, exact_cny)
def test_adding_and_subtracting_one_currency_is_exact(a: Decimal, b: Decimal) -> None:
    limit = MAX_AMOUNT
    if abs(a + b) <= limit:
        assert (Money.of(a) + Money.of(b)).amount == a + b
    if abs(a - b) <= limit:
        assert (Money.of(a) - Money.of(b)).amount == a - b


def test_combining_currencies_is_refused() -> None:
    with pytest.raises(MoneyError, match="cannot combine CNY with USD"):
        _ = Money.of("1") + Money.of("1", "USD")
    with pytest.raises(MoneyError, match="cannot combine USD with JPY"):
        _ = Money.of("1", "USD") - Money.of("1", "JPY")


def test_extra_keys_are_refused() -> None:
    with pytest.raises(ValidationError, match="unknown money keys: rate"):
        Money.model_validate({"amount": "1", "currency": "CNY", "rate": "7.1"})
