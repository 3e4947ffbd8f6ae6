"""Repayment schedules to the cent: published figures, an independent exact oracle, properties."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.domain.offers import (
    Method,
    OfferError,
    Schedule,
    affordable_amount,
    compare,
    equal_instalment,
    schedule,
)

D = Decimal


# --- figures published by banks' loan calculators ----------------------------------


@pytest.mark.parametrize(
    ("amount", "rate", "months", "payment"),
    [
        ("1000000", "4.9", 360, "5307.27"),
        ("1000000", "4.9", 240, "6544.44"),
        ("1000000", "4.9", 120, "10557.74"),
        ("1000000", "3.25", 360, "4352.06"),
    ],
)
def test_equal_instalments_match_the_published_monthly_payment(
    amount: str, rate: str, months: int, payment: str
) -> None:
    assert equal_instalment(D(amount), D(rate), months) == D(payment)
    rows = schedule(Method.EQUAL_INSTALMENTS, D(amount), D(rate), months).rows
    assert {r.payment for r in rows[:-1]} == {D(payment)}


def test_equal_principal_matches_the_published_first_payment_and_monthly_fall() -> None:
    rows = schedule(Method.EQUAL_PRINCIPAL, D(1000000), D("4.9"), 360).rows
    # 1,000,000 / 360 = 2,777.78 principal and 1,000,000 × 4.9 % / 12 = 4,083.33 interest
    assert rows[0].payment == D("6861.11")
    assert rows[0].payment - rows[1].payment == D("11.34")


# --- an independent oracle: the stated rule in exact fractions ------------------------


def _cents(value: Fraction) -> Decimal:
    return (D(value.numerator) / D(value.denominator)).quantize(D("0.01"), ROUND_HALF_UP)


def _oracle(method: Method, amount: int, rate: str, months: int) -> list[tuple[Decimal, ...]]:
    """Each row (payment, principal, interest, balance), worked from the rule with fractions."""
    r = Fraction(rate) / 100 / 12
    p = Fraction(amount)
    level = _cents(p * r / (1 - (1 + r) ** -months)) if r else _cents(p / months)
    share = _cents(p / months)
    balance = D(amount).quantize(D("0.01"))
    rows: list[tuple[Decimal, ...]] = []
    for month in range(1, months + 1):
        interest = _cents(Fraction(balance) * r)
        if month == months:
            principal = balance
        elif method is Method.EQUAL_INSTALMENTS:
            principal = level - interest
        elif method is Method.EQUAL_PRINCIPAL:
            principal = share
        else:
            principal = D("0.00")
        balance -= principal
        rows.append((principal + interest, principal, interest, balance))
    return rows


HAND_CASES = [
    (Method.EQUAL_INSTALMENTS, 1_000_000, "4.9", 360),
    (Method.EQUAL_INSTALMENTS, 120_000, "6", 36),
    (Method.EQUAL_INSTALMENTS, 50_000, "7.2", 12),
    (Method.EQUAL_INSTALMENTS, 300_000, "4.35", 60),
    (Method.EQUAL_INSTALMENTS, 8_888, "12.5", 7),
    (Method.EQUAL_INSTALMENTS, 10_000, "0", 12),
    (Method.EQUAL_PRINCIPAL, 1_000_000, "4.9", 360),
    (Method.EQUAL_PRINCIPAL, 120_000, "6", 36),
    (Method.EQUAL_PRINCIPAL, 50_000, "7.2", 12),
    (Method.EQUAL_PRINCIPAL, 300_000, "4.35", 60),
    (Method.EQUAL_PRINCIPAL, 10_001, "9.99", 7),
    (Method.INTEREST_ONLY, 200_000, "5.5", 24),
]


@pytest.mark.parametrize(("method", "amount", "rate", "months"), HAND_CASES)
def test_every_row_matches_the_exact_oracle_to_the_cent(
    method: Method, amount: int, rate: str, months: int
) -> None:
    rows = schedule(method, D(amount), D(rate), months).rows
    assert [(r.payment, r.principal, r.interest, r.balance) for r in rows] == _oracle(
        method, amount, rate, months
    )


def test_a_small_case_worked_by_hand() -> None:
    """1,200 at 12 % a year over 3 months: r = 1 %.

    Level payment 1,200 × 0.01 / (1 − 1.01^−3) = 408.0265… → 408.03.
    Month 1: interest 12.00, principal 396.03, balance 803.97.
    Month 2: interest 8.04 (803.97 × 1 % = 8.0397), principal 399.99, balance 403.98.
    Month 3: interest 4.04, principal 403.98, payment 408.02.
    """
    rows = schedule(Method.EQUAL_INSTALMENTS, D(1200), D(12), 3).rows
    assert [(r.payment, r.principal, r.interest, r.balance) for r in rows] == [
        (D("408.03"), D("396.03"), D("12.00"), D("803.97")),
        (D("408.03"), D("399.99"), D("8.04"), D("403.98")),
        (D("408.02"), D("403.98"), D("4.04"), D("0.00")),
    ]
    principal = schedule(Method.EQUAL_PRINCIPAL, D(1200), D(12), 3).rows
    assert [r.payment for r in principal] == [D("412.00"), D("408.00"), D("404.00")]


# --- properties ----------------------------------------------------------------------

loans = st.tuples(
    st.sampled_from(list(Method)),
    st.integers(1000, 5_000_000).map(D),
    st.decimals(min_value=0, max_value=36, places=2),
    st.integers(1, 360),
)


def _plan(loan: tuple[Method, Decimal, Decimal, int]) -> Schedule:
    """The schedule, or no example when the loan is too small for its term (said in words)."""
    try:
        return schedule(*loan)
    except OfferError as refused:
        if "too small for equal payments" not in str(refused):
            raise
        assume(False)
        raise


@given(loans)
def test_the_principal_adds_up_to_the_amount_and_each_row_adds_up(
    loan: tuple[Method, Decimal, Decimal, int],
) -> None:
    method, amount, rate, months = loan
    plan = _plan(loan)
    assert sum(r.principal for r in plan.rows) == amount
    assert plan.rows[-1].balance == 0
    assert all(r.payment == r.principal + r.interest for r in plan.rows)
    assert all(r.balance >= 0 and r.principal >= 0 for r in plan.rows)
    assert plan.total_paid == amount + plan.total_interest
    assert len(plan.rows) == months


@given(loans)
def test_each_method_keeps_its_shape(loan: tuple[Method, Decimal, Decimal, int]) -> None:
    method, amount, rate, months = loan
    rows = _plan(loan).rows
    if method is Method.EQUAL_INSTALMENTS:
        assert len({r.payment for r in rows[:-1]}) <= 1
        # The last absorbs the rounding: each month the payment and the interest are
        # each off by at most half a cent, and that error grows with interest.
        r = float(rate) / 1200
        grown = months if r == 0 else ((1 + r) ** months - 1) / r
        assert abs(float(rows[-1].payment - rows[0].payment)) <= 0.01 * grown * (1 + r) + 0.01
    elif method is Method.EQUAL_PRINCIPAL:
        assert all(a.payment >= b.payment for a, b in zip(rows[:-2], rows[1:-1], strict=True))
    else:
        assert all(r.principal == 0 for r in rows[:-1])
        assert rows[-1].principal == amount


def test_equal_principal_costs_less_interest_than_equal_instalments() -> None:
    plans = {p.method: p for p in compare(D(300000), D("4.35"), 120)}
    assert (
        plans[Method.EQUAL_PRINCIPAL].total_interest
        < plans[Method.EQUAL_INSTALMENTS].total_interest
        < plans[Method.INTEREST_ONLY].total_interest
    )


def test_the_apr_is_the_rate_without_fees_and_more_with_them() -> None:
    plain = schedule(Method.EQUAL_INSTALMENTS, D(100000), D("6"), 36)
    assert plain.apr == D("6.00")
    fees = schedule(Method.EQUAL_INSTALMENTS, D(100000), D("6"), 36, fees=D(2000))
    assert fees.apr > D("7")
    assert fees.total_cost == fees.total_interest + 2000
    # the APR's monthly rate discounts the payments back to what was received
    i = float(fees.apr) / 1200
    present = sum(float(r.payment) / (1 + i) ** r.month for r in fees.rows)
    assert present == pytest.approx(98000, rel=1e-3)


@given(
    st.integers(3000, 80000),
    st.integers(0, 20000),
    st.sampled_from(["0.4", "0.5", "0.55"]),
    st.sampled_from([12, 24, 36, 60]),
)
def test_the_affordable_amount_is_the_largest_within_the_cap(
    income: int, debts: int, cap: str, months: int
) -> None:
    amount = affordable_amount(D(income), D(debts), D(cap), D("5.5"), months)
    room = D(income) * D(cap) - D(debts)
    if room <= 0:
        assert amount == 0
        return
    assert amount % 100 == 0
    if amount > 0:
        assert equal_instalment(amount, D("5.5"), months) <= room
    assert equal_instalment(amount + 100, D("5.5"), months) > room


@pytest.mark.parametrize(
    ("amount", "rate", "months", "fees", "said"),
    [
        ("0", "5", 12, "0", "amount"),
        ("1000", "5", 0, "0", "term"),
        ("1000", "-1", 12, "0", "rate"),
        ("1000", "5", 12, "1000", "fees"),
        ("100", "5", 360, "0", "one yuan for each month"),
        ("1000", "10", 360, "0", "too small for equal payments over this term"),
    ],
)
def test_impossible_terms_are_refused_in_words(
    amount: str, rate: str, months: int, fees: str, said: str
) -> None:
    with pytest.raises(OfferError, match=said):
        schedule(Method.EQUAL_INSTALMENTS, D(amount), D(rate), months, fees=D(fees))
