"""Products and the pre-screen: each policy rule passes, fails or cannot tell, in words."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from app.domain.offers import Method
from app.domain.products import (
    Catalogue,
    Outcome,
    ProductError,
    parse_catalogue,
    prescreen,
    routing,
)
from tests.conftest import REPO
from tests.domain.samples import id_number

TODAY = date(2026, 12, 1)
GOOD_ID = id_number(date(1985, 6, 15), region="310104", seq=123)
#: the same number with its check character changed: a mistyped digit
BAD_ID = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")
RAW: dict[str, Any] = json.loads((REPO / "resources" / "products.json").read_text("utf-8"))


@pytest.fixture
def catalogue() -> Catalogue:
    return parse_catalogue(RAW)


def _good(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "date_of_birth": "1985-06-15",
        "id_number": GOOD_ID,
        "monthly_income": {"amount": "20000", "currency": "CNY"},
        "monthly_debt_payments": {"amount": "2000", "currency": "CNY"},
        "requested_amount": {"amount": "100000", "currency": "CNY"},
        "term_months": 36,
        "arrears_on_file": "no",
        "product": "personal",
    }
    fields.update(changes)
    return {k: v for k, v in fields.items() if v is not None}


def _outcomes(catalogue: Catalogue, code: str, fields: dict[str, Any]) -> dict[str, Outcome]:
    product = catalogue.product(code)
    return {r.code: r.outcome for r in prescreen(product, fields, today=TODAY)}


def test_the_shipped_catalogue_has_the_three_products(catalogue: Catalogue) -> None:
    assert set(catalogue.products) == {"personal", "small_business", "secured"}
    secured = catalogue.product("secured")
    assert secured.rules.max_ltv == Decimal("0.70")
    assert Method.INTEREST_ONLY in catalogue.product("small_business").methods
    assert catalogue.version == "2026-12-01"


def test_a_good_application_passes_every_rule(catalogue: Catalogue) -> None:
    outcomes = _outcomes(catalogue, "personal", _good())
    assert set(outcomes.values()) == {Outcome.PASS}
    assert list(outcomes) == [
        "amount_range",
        "term_range",
        "age_at_maturity",
        "min_income",
        "max_dti",
        "valid_id",
        "fresh_documents",
        "no_arrears",
    ]


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"requested_amount": "600000", "monthly_income": "100000"}, "amount_range"),
        ({"term_months": 72}, "term_range"),
        ({"date_of_birth": "1962-01-01"}, "age_at_maturity"),
        (
            {"monthly_income": "2500", "monthly_debt_payments": "0", "requested_amount": "10000"},
            "min_income",
        ),
        ({"monthly_debt_payments": "8000"}, "max_dti"),
        ({"arrears_on_file": "yes"}, "no_arrears"),
        ({"id_number": BAD_ID}, "valid_id"),
    ],
)
def test_each_rule_fails_on_its_own_cause(
    catalogue: Catalogue, change: dict[str, Any], rule: str
) -> None:
    outcomes = _outcomes(catalogue, "personal", _good(**change))
    assert outcomes[rule] is Outcome.FAIL
    assert [code for code, o in outcomes.items() if o is not Outcome.PASS] == [rule]


def test_the_dti_counts_this_loans_instalment_at_the_products_rate(catalogue: Catalogue) -> None:
    # 100,000 over 36 months at 6.5 %: 3,064.90 a month (the equal-instalment formula)
    product = catalogue.product("personal")
    [dti] = [r for r in prescreen(product, _good(), today=TODAY) if r.code == "max_dti"]
    assert "5,064.90 CNY a month" in dti.detail
    assert "25% of income" in dti.detail


def test_missing_fields_make_rules_unknown_not_failed(catalogue: Catalogue) -> None:
    outcomes = _outcomes(catalogue, "personal", {"product": "personal"})
    assert set(outcomes.values()) == {Outcome.UNKNOWN, Outcome.PASS}
    assert outcomes["fresh_documents"] is Outcome.PASS
    product = catalogue.product("personal")
    assert routing(product, "A", prescreen(product, {}, today=TODAY)) == "refer"


def test_a_secured_loan_checks_the_loan_to_value(catalogue: Catalogue) -> None:
    fields = _good(product="secured", purchase_price="150000", term_months=120)
    assert _outcomes(catalogue, "secured", fields)["max_ltv"] is Outcome.PASS
    fields = _good(product="secured", purchase_price="125000", term_months=120)
    assert _outcomes(catalogue, "secured", fields)["max_ltv"] is Outcome.FAIL
    assert "max_ltv" not in _outcomes(catalogue, "personal", fields)


def test_stale_documents_fail_the_freshness_rule(catalogue: Catalogue) -> None:
    product = catalogue.product("personal")
    results = prescreen(product, _good(), today=TODAY, stale_documents=2)
    [fresh] = [r for r in results if r.code == "fresh_documents"]
    assert fresh.outcome is Outcome.FAIL
    assert "2 document(s)" in fresh.detail


@pytest.mark.parametrize(
    ("code", "grade", "expected"),
    [
        ("personal", "A", "approve"),
        ("personal", "C", "approve"),
        ("personal", "D", "refer"),
        ("personal", "E", "decline"),
        ("small_business", "C", "refer"),
        ("personal", None, "refer"),
    ],
)
def test_routing_follows_the_grade_cut_offs(
    catalogue: Catalogue, code: str, grade: str | None, expected: str
) -> None:
    product = catalogue.product(code)
    fields = _good(product=code, requested_amount="100000", term_months=24)
    assert routing(product, grade, prescreen(product, fields, today=TODAY)) == expected


def test_a_failed_rule_proposes_a_decline_whatever_the_grade(catalogue: Catalogue) -> None:
    product = catalogue.product("personal")
    results = prescreen(product, _good(arrears_on_file="yes"), today=TODAY)
    assert routing(product, "A", results) == "decline"


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (lambda p: p.update(code="mortgage"), "the code must be one of"),
        (lambda p: p.pop("annual_rate"), "lacks 'annual_rate'"),
        (lambda p: p["amount"].update(min="900000"), "from its minimum up to its maximum"),
        (lambda p: p["grades"].update(refer=["E"]), "either referred or declined"),
        (lambda p: p.update(methods=["weekly"]), "weekly"),
    ],
)
def test_a_broken_product_is_refused_in_words(edit: Any, said: str) -> None:
    raw = copy.deepcopy(RAW)
    edit(raw["products"][0])
    with pytest.raises(ProductError, match=said):
        parse_catalogue(raw)
