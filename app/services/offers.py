"""The loan as it would be offered, under each repayment method the product has, side by side.

The product's rate and arrangement fee on the case's amount and term, a
schedule per method (``app.domain.offers``: exact decimals, the last
instalment absorbs the rounding), and the largest amount the applicant's
income carries over the same term under the product's debt-to-income cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.domain.offers import Method, OfferError, Schedule, affordable_amount
from app.domain.products import Product, money_field
from app.domain.roles import Action
from app.errors import NotFound, UserError
from app.letters.facts import Loan
from app.services.branchrules import catalogue
from app.services.profile import Profile


class NoOffer(UserError):
    """The case lacks what an offer is made of, or the product cannot lend it: in words.

    ``code`` says which (``offer.missing``, ``offer.amount``, ``offer.term``,
    ``offer.schedule``) and ``args`` holds the figures, for a screen's own words.
    """

    def __init__(self, message: str, code: str, *args: str) -> None:
        super().__init__(message, code=code)
        self.args_shown = args


@dataclass(frozen=True)
class OfferSheet:
    product: Product
    amount: Decimal
    months: int
    fee: Decimal
    #: one schedule per method the product offers, in the product's order
    schedules: tuple[Schedule, ...]
    #: the largest amount whose equal instalment keeps all debt within the product's
    #: DTI cap over the same term; None without the income
    affordable: Decimal | None

    def schedule(self, method: Method) -> Schedule:
        for item in self.schedules:
            if item.method is method:
                return item
        raise KeyError(method)


class OfferService:
    def __init__(self, profile: Profile) -> None:
        self._profile = profile

    def sheet(self, case_id: str) -> OfferSheet:
        """The case's loan under each of its product's repayment methods."""
        self._profile.require(Action.CASE_VIEW)
        state = self._profile.store.case(case_id)
        if state is None:
            raise NotFound(f"There is no case {case_id}.")
        product = catalogue(self._profile.store).products.get(str(state.value("product")))
        amount = money_field(state.fields, "requested_amount")
        months = state.value("term_months")
        if product is None or amount is None or not isinstance(months, int):
            raise NoOffer(
                "Fill in the product, the amount and the term to see the offer.", "offer.missing"
            )
        if not (product.amount_min <= amount <= product.amount_max):
            low, high = f"{product.amount_min:,}", f"{product.amount_max:,}"
            raise NoOffer(f"The product lends {low} to {high} CNY.", "offer.amount", low, high)
        if not (product.term_min <= months <= product.term_max):
            low, high = str(product.term_min), str(product.term_max)
            raise NoOffer(
                f"The product lends over {low} to {high} months.", "offer.term", low, high
            )
        loan = Loan(product, amount, months, product.methods[0])
        try:
            schedules = tuple(loan.schedule(method) for method in product.methods)
        except OfferError as exc:
            raise NoOffer(f"No schedule can be made: {exc}.", "offer.schedule") from None
        income = money_field(state.fields, "monthly_income")
        debts = money_field(state.fields, "monthly_debt_payments") or Decimal(0)
        affordable = (
            affordable_amount(income, debts, product.rules.max_dti, product.annual_rate, months)
            if income is not None and income > 0
            else None
        )
        return OfferSheet(product, amount, months, loan.fee, schedules, affordable)
