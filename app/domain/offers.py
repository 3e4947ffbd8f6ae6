"""Repayment schedules, their cost, and the largest affordable amount, in exact decimals.

Three methods:

- **equal instalments** (等额本息): the same payment every month,
  P·r / (1 − (1 + r)^−n) with r the monthly rate (annual rate / 12);
- **equal principal** (等额本金): the same principal every month, P / n,
  plus the month's interest;
- **interest only**: the month's interest every month, and the principal
  with the last (a balloon).

The rounding rule: every amount is rounded half up (四舍五入) to the cent
where it is paid. A month's interest is the outstanding balance times r,
rounded; its principal is the payment less that interest. The last
instalment repays whatever principal is left with its interest, so it
absorbs the rounding of all the others: the principal repaid adds up to the
amount lent exactly, and the totals are the sums of the rows.

The annual percentage rate (APR) is the internal rate of return of the
borrower's cash flows (the amount lent less the fees paid at the start,
then the instalments) times twelve, as the 年化利率 is reported by the IRR
method; it equals the nominal rate when there are no fees.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

CENT = Decimal("0.01")
_MONTHS_IN_YEAR = 12


class Method(StrEnum):
    EQUAL_INSTALMENTS = "equal_instalments"
    EQUAL_PRINCIPAL = "equal_principal"
    INTEREST_ONLY = "interest_only"


class OfferError(ValueError):
    """Terms that cannot make a schedule (no amount, no term, a negative rate)."""


@dataclass(frozen=True)
class Row:
    month: int
    payment: Decimal
    principal: Decimal
    interest: Decimal
    #: what is still owed after this payment
    balance: Decimal


@dataclass(frozen=True)
class Schedule:
    method: Method
    amount: Decimal
    annual_rate: Decimal  # per cent, e.g. 4.9
    months: int
    fees: Decimal
    rows: tuple[Row, ...]

    @property
    def total_interest(self) -> Decimal:
        return sum((r.interest for r in self.rows), Decimal(0))

    @property
    def total_paid(self) -> Decimal:
        return sum((r.payment for r in self.rows), Decimal(0))

    @property
    def total_cost(self) -> Decimal:
        """What the loan costs beyond the amount lent: interest and fees."""
        return self.total_interest + self.fees

    @property
    def first_payment(self) -> Decimal:
        return self.rows[0].payment

    @property
    def largest_payment(self) -> Decimal:
        return max(r.payment for r in self.rows)

    @property
    def apr(self) -> Decimal:
        """Annual percentage rate, per cent, to two places (IRR of the cash flows × 12)."""
        return (irr(self.amount - self.fees, [r.payment for r in self.rows]) * 1200).quantize(
            CENT, ROUND_HALF_UP
        )


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def monthly_rate(annual_rate: Decimal) -> Decimal:
    return annual_rate / 100 / _MONTHS_IN_YEAR


def equal_instalment(amount: Decimal, annual_rate: Decimal, months: int) -> Decimal:
    """The monthly payment of an equal-instalment loan, rounded half up to the cent."""
    with localcontext() as ctx:
        ctx.prec = 40
        r = monthly_rate(annual_rate)
        if r == 0:
            return _cents(amount / months)
        return _cents(amount * r / (1 - (1 + r) ** -months))


def _check(amount: Decimal, annual_rate: Decimal, months: int, fees: Decimal) -> None:
    if amount <= 0:
        raise OfferError("the amount must be more than zero")
    if months < 1 or months > 480:
        raise OfferError("the term must be 1 to 480 months")
    if amount < months:
        # below a yuan a month the rounding of the payments would outrun the loan
        raise OfferError("the amount must be at least one yuan for each month of the term")
    if annual_rate < 0 or annual_rate > 100:
        raise OfferError("the rate must be 0 to 100 per cent a year")
    if fees < 0 or fees >= amount:
        raise OfferError("the fees must be at least zero and less than the amount")


def schedule(
    method: Method,
    amount: Decimal,
    annual_rate: Decimal,
    months: int,
    *,
    fees: Decimal = Decimal(0),
) -> Schedule:
    """The month-by-month schedule of a loan under ``method`` (see the module's rounding rule)."""
    _check(amount, annual_rate, months, fees)
    amount = _cents(amount)
    with localcontext() as ctx:
        ctx.prec = 40
        r = monthly_rate(annual_rate)
        level = equal_instalment(amount, annual_rate, months)
        principal_part = _cents(amount / months)
        rows: list[Row] = []
        balance = amount
        for month in range(1, months + 1):
            interest = _cents(balance * r)
            if month == months:
                principal = balance
            elif method is Method.EQUAL_INSTALMENTS:
                principal = level - interest
            elif method is Method.EQUAL_PRINCIPAL:
                principal = principal_part
            else:
                principal = Decimal("0.00")
            if principal >= balance and month < months:
                # The level payment's rounding, grown with interest, has outrun the
                # loan: the last instalment would have nothing left to absorb it.
                raise OfferError(
                    "the amount is too small for equal payments over this term; "
                    "choose a shorter term or a larger amount"
                )
            balance -= principal
            rows.append(Row(month, principal + interest, principal, interest, balance))
    return Schedule(method, amount, annual_rate, months, _cents(fees), tuple(rows))


def irr(received: Decimal, payments: list[Decimal]) -> Decimal:
    """The monthly rate at which ``payments`` repay ``received``, by bisection to 1e-12."""
    low, high = Decimal(0), Decimal(1)
    with localcontext() as ctx:
        ctx.prec = 40

        def value(rate: Decimal) -> Decimal:
            total, discount = Decimal(0), Decimal(1)
            for payment in payments:
                discount /= 1 + rate
                total += payment * discount
            return total - received

        if value(low) <= 0:
            return Decimal(0)
        for _ in range(200):
            middle = (low + high) / 2
            if value(middle) > 0:
                low = middle
            else:
                high = middle
            if high - low < Decimal("1e-12"):
                break
        return (low + high) / 2


def affordable_amount(
    monthly_income: Decimal,
    monthly_debt_payments: Decimal,
    dti_cap: Decimal,
    annual_rate: Decimal,
    months: int,
    *,
    step: Decimal = Decimal(100),
) -> Decimal:
    """The largest amount, in whole ``step``s, whose equal instalment keeps debt within the cap.

    The cap is the share of monthly income all debt payments may take (0.5
    for 50 %); zero when the existing debts already reach it.
    """
    room = monthly_income * dti_cap - monthly_debt_payments
    if room <= 0:
        return Decimal(0)
    with localcontext() as ctx:
        ctx.prec = 40
        r = monthly_rate(annual_rate)
        factor = Decimal(months) if r == 0 else (1 - (1 + r) ** -months) / r
        amount = (room * factor / step).to_integral_value(ROUND_DOWN) * step
        # the instalment is rounded to the cent, so a step either way may still fit or not
        while amount > 0 and equal_instalment(amount, annual_rate, months) > room:
            amount -= step
        while equal_instalment(amount + step, annual_rate, months) <= room:
            amount += step
        return amount


def compare(
    amount: Decimal, annual_rate: Decimal, months: int, *, fees: Decimal = Decimal(0)
) -> list[Schedule]:
    """The same loan under each method, for offering side by side."""
    return [schedule(m, amount, annual_rate, months, fees=fees) for m in Method]
