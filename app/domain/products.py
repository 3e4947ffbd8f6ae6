"""Loan products and the policy rules a case is pre-screened against.

The products are configuration (``resources/products.json``, versioned):
amount and term ranges, the rate, the arrangement fee, the repayment
methods offered, the policy rules and the risk grades that are referred to
a higher authority or declined. ``prescreen`` checks a case against its
product's rules and says, rule by rule, what passed and what failed and
why, in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from app.domain.applicant import PRODUCTS
from app.domain.offers import Method, equal_instalment
from app.domain.validation import FieldProblem, check_id_number


class ProductError(ValueError):
    """A product configuration that cannot be used, with where and why."""


@dataclass(frozen=True)
class Rules:
    max_age_at_maturity: int
    max_dti: Decimal
    min_monthly_income: Decimal
    max_ltv: Decimal | None
    valid_id: bool
    fresh_documents: bool
    no_arrears: bool


@dataclass(frozen=True)
class Product:
    code: str
    name: dict[str, str]
    amount_min: Decimal
    amount_max: Decimal
    term_min: int
    term_max: int
    annual_rate: Decimal
    arrangement_fee: Decimal  # a share of the amount
    methods: tuple[Method, ...]
    rules: Rules
    refer_grades: frozenset[str]
    decline_grades: frozenset[str]


@dataclass(frozen=True)
class Catalogue:
    version: str
    products: dict[str, Product]

    def product(self, code: str) -> Product:
        try:
            return self.products[code]
        except KeyError:
            raise ProductError(f"There is no product {code!r}.") from None

    def left_out(self) -> list[str]:
        """The products this version knows that the catalogue does not list."""
        return [code for code in PRODUCTS if code not in self.products]


def _decimal(value: Any, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ProductError(f"{where}: {value!r} is not a number") from None
    if not number.is_finite():
        raise ProductError(f"{where}: {value!r} is not a number")
    return number


def _product(raw: Mapping[str, Any]) -> Product:
    code = str(raw.get("code"))
    where = f"product {code}"
    if code not in PRODUCTS:
        raise ProductError(f"{where}: the code must be one of {', '.join(PRODUCTS)}")
    try:
        rules = raw["rules"]
        ltv = rules["max_ltv"]
        product = Product(
            code=code,
            name={str(k): str(v) for k, v in raw["name"].items()},
            amount_min=_decimal(raw["amount"]["min"], where),
            amount_max=_decimal(raw["amount"]["max"], where),
            term_min=int(raw["term_months"]["min"]),
            term_max=int(raw["term_months"]["max"]),
            annual_rate=_decimal(raw["annual_rate"], where),
            arrangement_fee=_decimal(raw["arrangement_fee"], where),
            methods=tuple(Method(m) for m in raw["methods"]),
            rules=Rules(
                max_age_at_maturity=int(rules["max_age_at_maturity"]),
                max_dti=_decimal(rules["max_dti"], where),
                min_monthly_income=_decimal(rules["min_monthly_income"], where),
                max_ltv=None if ltv is None else _decimal(ltv, where),
                valid_id=bool(rules["valid_id"]),
                fresh_documents=bool(rules["fresh_documents"]),
                no_arrears=bool(rules["no_arrears"]),
            ),
            refer_grades=frozenset(raw["grades"]["refer"]),
            decline_grades=frozenset(raw["grades"]["decline"]),
        )
    except KeyError as missing:
        raise ProductError(f"{where} lacks {missing.args[0]!r}") from None
    except (TypeError, ValueError) as exc:
        raise ProductError(f"{where}: {exc}") from None
    if not product.amount_min <= product.amount_max or not product.term_min <= product.term_max:
        raise ProductError(f"{where}: a range runs from its minimum up to its maximum")
    if product.refer_grades & product.decline_grades:
        raise ProductError(f"{where}: a grade is either referred or declined, not both")
    return product


def parse_catalogue(data: Mapping[str, Any]) -> Catalogue:
    listed = data.get("products", [])
    if not isinstance(listed, list) or not all(isinstance(raw, Mapping) for raw in listed):
        raise ProductError("products is a list of products, each an object")
    products = [_product(raw) for raw in listed]
    codes = [p.code for p in products]
    if len(set(codes)) != len(codes):
        raise ProductError("a product is listed twice")
    return Catalogue(str(data.get("version", "")), {p.code: p for p in products})


# --- pre-screen --------------------------------------------------------------------


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    #: the case lacks what the rule needs (the officer should fill it in)
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class RuleResult:
    code: str
    outcome: Outcome
    #: what the rule checked, in words, with the case's figure and the limit
    detail: str
    #: ``detail`` before its figures went in: ``template.format(*args) == detail``,
    #: so a screen can say it in another language
    template: str = ""
    args: tuple[str, ...] = ()
    #: the code of the field problem behind a failed check (an invalid ID number)
    problem: str | None = None


def money_field(fields: Mapping[str, Any], name: str) -> Decimal | None:
    """A money field of a case as a Decimal (its amount); None if absent or unreadable."""
    value = fields.get(name)
    if isinstance(value, Mapping):
        value = value.get("amount")
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _age_at_maturity(fields: Mapping[str, Any], months: int, today: date) -> float | None:
    born = fields.get("date_of_birth")
    try:
        birth = date.fromisoformat(str(born)) if born else None
    except ValueError:
        return None
    if birth is None:
        return None
    return ((today - birth).days + months * 30.4375) / 365.25


@dataclass(frozen=True)
class _Case:
    """What the rules read of a case."""

    fields: Mapping[str, Any]
    amount: Decimal | None
    months: int | None
    income: Decimal | None
    today: date
    stale_documents: int


def _result(
    code: str, ok: bool | None, template: str, *args: str, problem: str | None = None
) -> RuleResult:
    outcome = Outcome.UNKNOWN if ok is None else Outcome.PASS if ok else Outcome.FAIL
    return RuleResult(code, outcome, template.format(*args), template, args, problem)


def _amount_range(product: Product, case: _Case) -> RuleResult:
    if case.amount is None:
        return _result("amount_range", None, "The amount requested is missing.")
    return _result(
        "amount_range",
        product.amount_min <= case.amount <= product.amount_max,
        "Amount {0} CNY; the product lends {1} to {2}.",
        f"{case.amount:,}",
        f"{product.amount_min:,}",
        f"{product.amount_max:,}",
    )


def _term_range(product: Product, case: _Case) -> RuleResult:
    if case.months is None:
        return _result("term_range", None, "The term is missing.")
    return _result(
        "term_range",
        product.term_min <= case.months <= product.term_max,
        "Term {0} months; the product allows {1} to {2}.",
        str(case.months),
        str(product.term_min),
        str(product.term_max),
    )


def _age(product: Product, case: _Case) -> RuleResult:
    age = _age_at_maturity(case.fields, case.months or 0, case.today)
    if age is None:
        return _result("age_at_maturity", None, "The date of birth is missing.")
    limit = product.rules.max_age_at_maturity
    return _result(
        "age_at_maturity",
        age <= limit,
        "Age at the last instalment {0}; at most {1}.",
        f"{age:.1f}",
        str(limit),
    )


def _income(product: Product, case: _Case) -> RuleResult:
    if case.income is None:
        return _result("min_income", None, "The monthly income is missing.")
    least = product.rules.min_monthly_income
    return _result(
        "min_income",
        case.income >= least,
        "Monthly income {0} CNY; at least {1}.",
        f"{case.income:,}",
        f"{least:,}",
    )


def _dti(product: Product, case: _Case) -> RuleResult:
    if case.income is None or case.amount is None or case.months is None or case.income <= 0:
        return _result(
            "max_dti", None, "Income, amount or term is missing for the debt-to-income ratio."
        )
    debts = money_field(case.fields, "monthly_debt_payments") or Decimal(0)
    payment = equal_instalment(case.amount, product.annual_rate, case.months)
    dti = (debts + payment) / case.income
    return _result(
        "max_dti",
        dti <= product.rules.max_dti,
        "Debt payments with this loan {0} CNY a month, {1} of income; at most {2}.",
        f"{debts + payment:,}",
        f"{dti:.0%}",
        f"{product.rules.max_dti:.0%}",
    )


def _ltv(product: Product, case: _Case) -> RuleResult | None:
    cap = product.rules.max_ltv
    if cap is None:
        return None
    price = money_field(case.fields, "purchase_price")
    if price is None or case.amount is None or price <= 0:
        return _result("max_ltv", None, "The price of what the loan buys is missing.")
    ltv = case.amount / price
    return _result(
        "max_ltv", ltv <= cap, "Loan to value {0}; at most {1}.", f"{ltv:.0%}", f"{cap:.0%}"
    )


def _valid_id(product: Product, case: _Case) -> RuleResult | None:
    if not product.rules.valid_id:
        return None
    number = case.fields.get("id_number")
    if not number:
        return _result("valid_id", None, "The resident ID number is missing.")
    try:
        check_id_number(str(number), today=case.today)
    except FieldProblem as problem:
        return _result(
            "valid_id",
            False,
            "The ID number is not valid: {0}.",
            problem.message.rstrip("."),
            problem=problem.code,
        )
    return _result("valid_id", True, "The ID number passes its check digit.")


def _fresh(product: Product, case: _Case) -> RuleResult | None:
    if not product.rules.fresh_documents:
        return None
    stale = case.stale_documents
    if stale == 0:
        return _result("fresh_documents", True, "All documents are within their validity.")
    return _result("fresh_documents", False, "{0} document(s) too old or expired.", str(stale))


def _arrears(product: Product, case: _Case) -> RuleResult | None:
    if not product.rules.no_arrears:
        return None
    arrears = case.fields.get("arrears_on_file")
    if arrears is None:
        return _result("no_arrears", None, "Whether there are arrears on file is not recorded.")
    return _result("no_arrears", arrears == "no", "Arrears on file: {0}.", str(arrears))


_RULES = (_amount_range, _term_range, _age, _income, _dti, _ltv, _valid_id, _fresh, _arrears)


def prescreen(
    product: Product,
    fields: Mapping[str, Any],
    *,
    today: date,
    stale_documents: int = 0,
) -> list[RuleResult]:
    """Each of the product's policy rules on the case's fields, in a fixed order.

    ``stale_documents`` is how many of the case's documents the cross-checks
    found too old (statements past their window, expired IDs).
    """
    months = fields.get("term_months")
    case = _Case(
        fields,
        money_field(fields, "requested_amount"),
        months if isinstance(months, int) else None,
        money_field(fields, "monthly_income"),
        today,
        stale_documents,
    )
    return [r for rule in _RULES if (r := rule(product, case)) is not None]


def routing(product: Product, grade: str | None, results: list[RuleResult]) -> str:
    """``decline``, ``refer`` or ``approve``: where the rules and the grade send the case.

    A failed rule or a declined grade proposes a decline; a referred grade
    or a rule the case could not be checked against goes to a person above.
    """
    if any(r.outcome is Outcome.FAIL for r in results) or grade in product.decline_grades:
        return "decline"
    if grade is None or grade in product.refer_grades:
        return "refer"
    if any(r.outcome is Outcome.UNKNOWN for r in results):
        return "refer"
    return "approve"
