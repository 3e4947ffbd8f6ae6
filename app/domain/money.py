"""Money as an exact decimal amount with its currency; never a float."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

# ISO 4217 minor units for the currencies a branch is likely to see.
MINOR_UNITS: dict[str, int] = {"CNY": 2, "HKD": 2, "USD": 2, "EUR": 2, "GBP": 2, "JPY": 0}
MAX_AMOUNT = Decimal("1000000000000")  # one trillion: above any branch loan or income


class MoneyError(ValueError):
    """An amount or currency that cannot be money."""


def parse_amount(value: Any) -> Decimal:
    """Turn user or wire input into a Decimal, refusing floats and junk."""
    if isinstance(value, bool) or isinstance(value, float):
        raise MoneyError("amounts must be given as text or integers, never as floats")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
        if len(text) > 32:
            raise MoneyError("the amount is too long")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise MoneyError("the amount is not a number") from None
    else:
        raise MoneyError(f"cannot read an amount from {type(value).__name__}")
    if not amount.is_finite():
        raise MoneyError("the amount must be a finite number")
    return amount


class Money(BaseModel):
    """An amount in a currency, quantized to the currency's minor unit."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    amount: Decimal
    currency: str = "CNY"

    @model_validator(mode="before")
    @classmethod
    def _exact(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        # The rebuilt dict below would otherwise drop unknown keys past extra="forbid".
        unknown = sorted(str(k)[:20] for k in data if k not in ("amount", "currency"))
        if unknown:
            raise ValueError(f"unknown money keys: {', '.join(unknown)}")
        currency = data.get("currency", "CNY")
        if not isinstance(currency, str) or currency not in MINOR_UNITS:
            raise ValueError(f"unknown currency {str(currency)[:8]!r}")
        try:
            amount = parse_amount(data.get("amount"))
        except MoneyError as exc:
            raise ValueError(str(exc)) from None
        if abs(amount) > MAX_AMOUNT:
            raise ValueError("the amount is implausibly large")
        places = MINOR_UNITS[currency]
        exact = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
        if exact != amount:
            raise ValueError(f"{currency} amounts have at most {places} decimal places")
        return {"amount": exact, "currency": currency}

    def __str__(self) -> str:
        return f"{self.amount:,} {self.currency}"

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(amount=self.amount + other.amount, currency=self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(amount=self.amount - other.amount, currency=self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise MoneyError(f"cannot combine {self.currency} with {other.currency}")

    @classmethod
    def of(cls, amount: Any, currency: str = "CNY") -> Money:
        return cls(amount=amount, currency=currency)
