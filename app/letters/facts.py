"""What the documents are made from: plain values the service gathers from a case.

Times are local (the branch's time zone) and aware; the documents only
format them. Applicant fields arrive as stored: the credit memo masks the
personal numbers itself, so no caller can forget to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from app.domain.docevents import DocumentState
from app.domain.offers import CENT, Method, Schedule, schedule
from app.domain.products import Product, RuleResult
from app.domain.riskevents import RiskState
from app.letters.texts import BANK, Language

Verification = Literal["valid", "void", "failed"]


@dataclass(frozen=True)
class Letterhead:
    language: Language
    printed_at: datetime
    case_no: str | None = None
    bank: str = BANK
    branch: str | None = None


@dataclass(frozen=True)
class Loan:
    """A loan as offered: the product's price on the case's amount and term."""

    product: Product
    amount: Decimal
    months: int
    method: Method

    @property
    def fee(self) -> Decimal:
        """The arrangement fee, a share of the amount, rounded half up to the cent."""
        return (self.amount * self.product.arrangement_fee).quantize(CENT, ROUND_HALF_UP)

    def schedule(self, method: Method | None = None) -> Schedule:
        return schedule(
            method or self.method,
            self.amount,
            self.product.annual_rate,
            self.months,
            fees=self.fee,
        )


@dataclass(frozen=True)
class Signer:
    """One decision signed on the case, with what it said and whether it checks out."""

    name: str
    decision: str
    tier: str
    signed_at: datetime
    void: bool = False
    conditions: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    note: str = ""
    #: the signature drawn on screen (PNG), when there was one
    image: bytes | None = None
    verification: Verification = "valid"
    #: what the check said, in English, when it failed
    problem: str = ""


@dataclass(frozen=True)
class Step:
    """One step of the case's decision history; ``what`` is a key of ``texts.STEPS``."""

    at: datetime
    who: str
    what: str
    value: str = ""


@dataclass(frozen=True)
class Memo:
    """Everything the credit memo shows."""

    status: str
    fields: Mapping[str, Any]
    loan: Loan | None
    documents: tuple[DocumentState, ...]
    risk: RiskState | None
    challenger: RiskState | None
    risk_at: datetime | None
    #: the recorded score's reasons, (English, Chinese)
    reasons: tuple[tuple[str, str], ...]
    rules: tuple[RuleResult, ...]
    routing: str | None
    steps: tuple[Step, ...]
    signers: tuple[Signer, ...]
    #: every signature verified against the record
    verified: bool


def product_name(product: Product, language: Language) -> str:
    """The product's name from the catalogue, in ``language`` where the catalogue has it."""
    return product.name.get(language) or product.name.get("en") or product.code
