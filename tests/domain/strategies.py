"""Hypothesis strategies for valid field values, patches and JSON-like values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from app.domain.applicant import HOMES, JOB_TYPES, PRODUCTS, YES_NO
from tests.domain.samples import TODAY, id_number

PROVINCE_REGIONS = ("110105", "120101", "310104", "440305", "510107", "650102", "820000")

birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)


@st.composite
def id_numbers(draw: st.DrawFn, birth: date | None = None) -> str:
    """A valid 18-character resident ID number (birth date drawn unless given)."""
    region = draw(st.sampled_from(PROVINCE_REGIONS))
    born = birth if birth is not None else draw(birth_dates)
    return id_number(born, region=region, seq=draw(st.integers(0, 999)))


_NAME_CHARS = "王李张刘陈欧阳娜小明华·" + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
names = st.text(alphabet=_NAME_CHARS + " ", min_size=1, max_size=30).filter(str.strip)
free_text = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=60
).filter(str.strip)
mobiles = st.builds(
    lambda second, rest: f"1{second}{rest:09d}",
    st.sampled_from("3456789"),
    st.integers(0, 10**9 - 1),
)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**9), places=2)
money_inputs = st.one_of(
    amounts.map(str),
    amounts.map(lambda d: f"{d:,}"),
    amounts.map(lambda d: {"amount": str(d), "currency": "CNY"}),
)
past_dates = birth_dates.map(date.isoformat)


def applicant_patches(birth: date) -> st.SearchStrategy[dict[str, Any]]:
    """Raw applicant patches (None clears) whose ID numbers all agree with ``birth``."""
    values: dict[str, st.SearchStrategy[Any]] = {
        "full_name": names,
        "id_number": id_numbers(birth),
        "date_of_birth": st.just(birth.isoformat()),
        "phone": mobiles,
        "address": free_text,
        "employer": free_text,
        "employed_since": past_dates,
        "monthly_income": money_inputs,
        "monthly_debt_payments": money_inputs,
        "monthly_expenses": money_inputs,
        "total_debt": money_inputs,
        "assets": money_inputs,
        "home": st.sampled_from(HOMES),
        "job_type": st.sampled_from(JOB_TYPES),
        "arrears_on_file": st.sampled_from(YES_NO),
    }
    return _patches(values)


def loan_patches() -> st.SearchStrategy[dict[str, Any]]:
    values: dict[str, st.SearchStrategy[Any]] = {
        "product": st.sampled_from(PRODUCTS),
        "requested_amount": money_inputs,
        "purchase_price": money_inputs,
        "term_months": st.integers(1, 360),
        "purpose": free_text,
    }
    return _patches(values)


def _patches(values: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    fields = st.lists(
        st.sampled_from(sorted(values)), min_size=1, max_size=len(values), unique=True
    )
    return fields.flatmap(
        lambda chosen: st.fixed_dictionaries(
            {name: st.one_of(st.none(), values[name]) for name in chosen}
        )
    )


# JSON-like values: what canonical.encode accepts (no floats; Decimals allowed).
json_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(),
    st.decimals(allow_nan=False, allow_infinity=False),
)
json_values = st.recursive(
    json_leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.text(max_size=8), children, max_size=5),
    ),
    max_leaves=25,
)
