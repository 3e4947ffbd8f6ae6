"""The authority matrix: every tier x product x amount band x grade against the configuration."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from app.domain.applicant import PRODUCTS
from app.domain.authority import (
    GRADES,
    Approver,
    AuthorityError,
    Limit,
    Loan,
    Matrix,
    may_sign,
    parse_matrix,
)
from tests.conftest import REPO

RAW: dict[str, Any] = json.loads((REPO / "resources" / "authority.json").read_text("utf-8"))
MATRIX: Matrix = parse_matrix(RAW)
TIERS = {t["name"]: t for t in RAW["tiers"]}


def _bands(product: str) -> list[Decimal]:
    """Amounts either side of every limit and of the dual-control amount of ``product``."""
    edges = {Decimal(RAW["dual_control"][product])}
    edges |= {Decimal(t["limits"][product]["max_amount"]) for t in RAW["tiers"]}
    return sorted({Decimal(1000), Decimal(10**9)} | {e + d for e in edges for d in (-1, 0, 1)})


def _alone(tier: str, product: str, amount: Decimal, grade: str) -> bool:
    """Straight from the JSON: may one person of ``tier`` approve this alone?"""
    limit = TIERS[tier]["limits"][product]
    return (
        amount <= Decimal(limit["max_amount"])
        and "ABCDE".index(grade) <= "ABCDE".index(limit["worst_grade"])
        and amount <= Decimal(RAW["dual_control"][product])
    )


CASES = [
    (tier, product, amount, grade)
    for tier in TIERS
    for product in PRODUCTS
    for amount in _bands(product)
    for grade in GRADES
]


def _loan(product: str, amount: Decimal, grade: str) -> Loan:
    return Loan(product, amount, grade, submitted_by="officer", edited_by=frozenset({"clerk"}))


@pytest.mark.parametrize(("tier", "product", "amount", "grade"), CASES)
def test_one_signature_completes_exactly_when_the_matrix_says_so(
    tier: str, product: str, amount: Decimal, grade: str
) -> None:
    verdict = may_sign(MATRIX, _loan(product, amount, grade), Approver("pat", tier))
    assert (verdict.allowed and verdict.completes) == _alone(tier, product, amount, grade)


@pytest.mark.parametrize(("tier", "product", "amount", "grade"), CASES)
def test_maker_and_checker_always_differ(
    tier: str, product: str, amount: Decimal, grade: str
) -> None:
    loan = _loan(product, amount, grade)
    for maker in ("officer", "clerk"):
        assert not may_sign(MATRIX, loan, Approver(maker, tier)).allowed
    first = Approver("pat", "supervisor")
    assert not may_sign(MATRIX, loan, Approver("pat", tier), [first]).allowed


@pytest.mark.parametrize(
    ("product", "amount", "grade"),
    [
        (product, amount, grade)
        for product in PRODUCTS
        for amount in _bands(product)
        for grade in GRADES
    ],
)
def test_above_the_limits_two_people_sign_and_the_second_covers_the_loan(
    product: str, amount: Decimal, grade: str
) -> None:
    loan = _loan(product, amount, grade)
    supervisor, manager = Approver("sam", "supervisor"), Approver("mia", "branch_manager")
    first = may_sign(MATRIX, loan, supervisor)
    manager_covers = _covers("branch_manager", product, amount, grade)
    if not first.allowed:
        # beyond every tier, or beyond the supervisor with no one above to complete it
        assert not (manager_covers and _covers("supervisor", product, amount, grade))
        return
    if first.completes:
        assert _alone("supervisor", product, amount, grade)
        return
    second = may_sign(MATRIX, loan, manager, [supervisor])
    assert second.completes == manager_covers
    # a second supervisor completes only a loan within a supervisor's own authority
    other = may_sign(MATRIX, loan, Approver("sue", "supervisor"), [supervisor])
    assert other.completes == _covers("supervisor", product, amount, grade)


def _covers(tier: str, product: str, amount: Decimal, grade: str) -> bool:
    limit = TIERS[tier]["limits"][product]
    return amount <= Decimal(limit["max_amount"]) and "ABCDE".index(grade) <= "ABCDE".index(
        limit["worst_grade"]
    )


def test_a_persons_own_limit_replaces_their_tiers() -> None:
    loan = _loan("personal", Decimal(250000), "B")
    plain = Approver("sam", "supervisor")
    trusted = Approver("zoe", "supervisor", (("personal", Limit(Decimal(280000), "C")),))
    assert not may_sign(MATRIX, loan, plain).completes
    assert may_sign(MATRIX, loan, trusted).completes


def test_the_refusals_say_why() -> None:
    loan = _loan("personal", Decimal(10**9), "E")
    said = may_sign(MATRIX, loan, Approver("sam", "supervisor")).reason
    assert "head office" in said
    assert (
        "submitted or changed" in may_sign(MATRIX, loan, Approver("officer", "supervisor")).reason
    )


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (
            lambda m: m["tiers"][0]["limits"].update(
                mortgage={"max_amount": "1", "worst_grade": "A"}
            ),
            "not a product",
        ),
        (lambda m: m["tiers"][1].update(level=1), "its own level"),
        (
            lambda m: m["tiers"][0]["limits"]["personal"].update(worst_grade="F"),
            "grades run A to E",
        ),
    ],
)
def test_a_broken_matrix_is_refused_in_words(edit: Any, said: str) -> None:
    raw = json.loads(json.dumps(RAW))
    edit(raw)
    with pytest.raises(AuthorityError, match=said):
        parse_matrix(raw)


@pytest.mark.parametrize("product", PRODUCTS)
def test_the_bands_hold_both_sides_of_every_limit(product: str) -> None:
    amounts = set(_bands(product))
    for tier in RAW["tiers"]:
        edge = Decimal(tier["limits"][product]["max_amount"])
        assert {edge, edge + 1} <= amounts
