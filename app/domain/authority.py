"""The authority matrix: who may sign off which loan alone, and when two must sign.

Configuration (``resources/authority.json``) ranks tiers of approvers
(supervisor, branch manager …) with, per product, the largest amount and the
worst risk grade each may approve. A person's own limits, set by the
administrator, replace their tier's for that product. Three rules decide:

- **four eyes**: whoever submitted or edited the case never approves it;
- **authority**: an approver signs only within their amount and grade;
- **dual control**: above the product's dual-control amount a second,
  different person of the same or a higher tier signs too; where the first
  approver's authority does not reach, the second must be of a higher tier
  and cover the loan; what no tier covers goes to the head-office queue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from app.domain.applicant import PRODUCTS

GRADES = ("A", "B", "C", "D", "E")


class AuthorityError(ValueError):
    """An authority configuration that cannot be used, with where and why."""


@dataclass(frozen=True)
class Limit:
    max_amount: Decimal
    worst_grade: str

    def covers(self, amount: Decimal, grade: str) -> bool:
        return amount <= self.max_amount and GRADES.index(grade) <= GRADES.index(self.worst_grade)


@dataclass(frozen=True)
class Tier:
    name: str
    level: int
    limits: dict[str, Limit]


@dataclass(frozen=True)
class Matrix:
    version: str
    tiers: tuple[Tier, ...]
    dual_control: dict[str, Decimal]

    def tier(self, name: str) -> Tier:
        for tier in self.tiers:
            if tier.name == name:
                return tier
        raise AuthorityError(f"There is no approval tier {name!r}.")

    def same_tiers(self, other: Matrix) -> bool:
        """Whether ``other`` ranks the same tiers alike (its limits may differ)."""
        return [(t.name, t.level) for t in self.tiers] == [(t.name, t.level) for t in other.tiers]


@dataclass(frozen=True)
class Approver:
    """One person who may sign: their id, tier and any limits of their own."""

    user_id: str
    tier: str
    own_limits: tuple[tuple[str, Limit], ...] = ()

    def limit(self, matrix: Matrix, product: str) -> Limit | None:
        own = dict(self.own_limits)
        if product in own:
            return own[product]
        return matrix.tier(self.tier).limits.get(product)


@dataclass(frozen=True)
class Loan:
    """What the matrix reads of a case: product, amount, grade, and who made it."""

    product: str
    amount: Decimal
    grade: str
    submitted_by: str
    edited_by: frozenset[str]


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    #: True when this signature completes the approval; False when another must follow
    completes: bool
    reason: str


def _amount(raw: Any, where: str) -> Decimal:
    """A finite amount of money, not negative."""
    try:
        amount = Decimal(str(raw))
    except InvalidOperation:
        raise AuthorityError(f"{where}: {raw!r} is not an amount") from None
    if not amount.is_finite() or amount < 0:
        raise AuthorityError(f"{where}: an amount is a number, not negative")
    return amount


def _limit(raw: Any, where: str) -> Limit:
    if not isinstance(raw, Mapping) or "max_amount" not in raw or "worst_grade" not in raw:
        raise AuthorityError(f"{where}: a limit is a max_amount and a worst_grade")
    limit = Limit(_amount(raw["max_amount"], where), str(raw["worst_grade"]))
    if limit.worst_grade not in GRADES:
        raise AuthorityError(f"{where}: grades run A to E")
    return limit


def parse_matrix(data: Mapping[str, Any]) -> Matrix:
    tiers = []
    for raw in data.get("tiers", []):
        if not isinstance(raw, Mapping) or not isinstance(raw.get("limits", {}), Mapping):
            raise AuthorityError("a tier is a name, a level and its limits by product")
        name = str(raw.get("name"))
        limits = {}
        for product, limit in dict(raw.get("limits", {})).items():
            if product not in PRODUCTS:
                raise AuthorityError(f"tier {name}: {product!r} is not a product")
            limits[product] = _limit(limit, f"tier {name}, {product}")
        tiers.append(Tier(name, int(raw.get("level", 0)), limits))
    levels = [t.level for t in tiers]
    if len(set(levels)) != len(levels) or len({t.name for t in tiers}) != len(tiers):
        raise AuthorityError("each tier has its own name and its own level")
    raw_dual = data.get("dual_control", {})
    if not isinstance(raw_dual, Mapping):
        raise AuthorityError("dual_control gives an amount per product")
    # Every product names the amount above which two people sign: a missing or
    # misspelt one would drop dual control without a word.
    unknown = sorted(set(map(str, raw_dual)) - set(PRODUCTS))
    missing = [p for p in PRODUCTS if p not in raw_dual]
    problems = []
    if unknown:
        problems.append(f"not products: {', '.join(unknown)}")
    if missing:
        problems.append(f"missing: {', '.join(missing)}")
    if problems:
        raise AuthorityError("dual_control names each product once: " + "; ".join(problems))
    dual = {str(k): _amount(v, f"dual_control, {k}") for k, v in raw_dual.items()}
    return Matrix(str(data.get("version", "")), tuple(sorted(tiers, key=lambda t: t.level)), dual)


def needs_two(matrix: Matrix, loan: Loan, first: Approver) -> bool:
    """Whether a second signature must follow ``first``'s."""
    limit = first.limit(matrix, loan.product)
    above_dual = loan.amount > matrix.dual_control.get(loan.product, Decimal("Infinity"))
    return above_dual or limit is None or not limit.covers(loan.amount, loan.grade)


def may_sign(
    matrix: Matrix, loan: Loan, approver: Approver, earlier: Iterable[Approver] = ()
) -> Verdict:
    """Whether ``approver`` may sign after ``earlier`` signatures, and if that completes it."""
    signed = list(earlier)
    if approver.user_id == loan.submitted_by or approver.user_id in loan.edited_by:
        return Verdict(False, False, "Whoever submitted or changed a case cannot approve it.")
    if any(s.user_id == approver.user_id for s in signed):
        return Verdict(False, False, "The second signature must come from a different person.")
    limit = approver.limit(matrix, loan.product)
    level = matrix.tier(approver.tier).level
    if not signed:
        if limit is None:
            return Verdict(False, False, "Your tier may not approve this product.")
        if limit.covers(loan.amount, loan.grade):
            two = needs_two(matrix, loan, approver)
            return Verdict(
                True,
                not two,
                "Above the dual-control amount: a second person must sign as well."
                if two
                else "Within your authority.",
            )
        # Beyond the first approver: they may still sign first only if some higher
        # tier can complete it; otherwise the case goes to head office.
        if _someone_above(matrix, loan, level):
            return Verdict(True, False, "Beyond your authority: a higher tier must sign as well.")
        return Verdict(False, False, "No tier here may approve this loan: send it to head office.")
    first = signed[0]
    first_level = matrix.tier(first.tier).level
    first_limit = first.limit(matrix, loan.product)
    beyond_first = first_limit is None or not first_limit.covers(loan.amount, loan.grade)
    if beyond_first and level <= first_level:
        return Verdict(False, False, "The second signature must come from a higher tier.")
    if level < first_level:
        return Verdict(
            False, False, "The second signature must come from the same or a higher tier."
        )
    if limit is None or not limit.covers(loan.amount, loan.grade):
        return Verdict(False, False, "This loan is beyond your authority too.")
    return Verdict(True, True, "Second signature: the approval is complete.")


def _someone_above(matrix: Matrix, loan: Loan, level: int) -> bool:
    for tier in matrix.tiers:
        limit = tier.limits.get(loan.product)
        if tier.level > level and limit is not None and limit.covers(loan.amount, loan.grade):
            return True
    return False
