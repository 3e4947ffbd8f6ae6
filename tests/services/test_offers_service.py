"""The offer of a case under each of its product's repayment methods, on a real profile."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.domain.offers import Method, equal_instalment
from app.services.branchrules import shipped_catalogue as catalogue
from app.services.cases import CaseService
from app.services.offers import NoOffer, OfferService
from app.services.profile import Profile
from tests.conftest import sign_in
from tests.services.test_decisions import GOOD


def _case(profile: Profile, **changes: object) -> str:
    sign_in(profile)
    return CaseService(profile).open_case({**GOOD, **changes}).case_id


def test_each_method_of_the_product_is_offered_with_exact_totals(profile: Profile) -> None:
    case_id = _case(profile, product="small_business", requested_amount="240000")
    sheet = OfferService(profile).sheet(case_id)
    product = catalogue().product("small_business")
    assert [s.method for s in sheet.schedules] == list(product.methods)
    assert Method.INTEREST_ONLY in [s.method for s in sheet.schedules]
    assert sheet.fee == (Decimal("240000") * product.arrangement_fee).quantize(Decimal("0.01"))
    for item in sheet.schedules:
        assert len(item.rows) == 36
        assert sum(r.principal for r in item.rows) == Decimal("240000.00")
        assert item.rows[-1].balance == 0
        assert item.fees == sheet.fee
        assert item.total_cost == item.total_interest + sheet.fee
        assert item.total_paid == Decimal("240000.00") + item.total_interest
    by = {s.method: s for s in sheet.schedules}
    # Interest-only pays the most interest, equal principal the least.
    assert (
        by[Method.EQUAL_PRINCIPAL].total_interest
        < by[Method.EQUAL_INSTALMENTS].total_interest
        < by[Method.INTEREST_ONLY].total_interest
    )
    assert by[Method.INTEREST_ONLY].rows[-1].payment > Decimal("240000")  # the balloon


def test_the_affordable_amount_is_the_largest_the_dti_cap_carries(profile: Profile) -> None:
    case_id = _case(profile, monthly_income="12000", monthly_debt_payments="2500")
    sheet = OfferService(profile).sheet(case_id)
    product = catalogue().product("personal")
    room = Decimal("12000") * product.rules.max_dti - Decimal("2500")
    assert sheet.affordable is not None
    assert sheet.affordable % 100 == 0
    rate, months = product.annual_rate, sheet.months
    assert equal_instalment(sheet.affordable, rate, months) <= room
    assert equal_instalment(sheet.affordable + 100, rate, months) > room


def test_no_offer_is_made_without_terms_or_outside_the_product(profile: Profile) -> None:
    service = OfferService(profile)
    missing = _case(profile, term_months=None)
    with pytest.raises(NoOffer) as caught:
        service.sheet(missing)
    assert caught.value.code == "offer.missing"
    too_much = _case(profile, requested_amount="900000")
    with pytest.raises(NoOffer) as caught:
        service.sheet(too_much)
    assert caught.value.code == "offer.amount"
    assert caught.value.args_shown == ("5,000", "500,000")
    too_long = _case(profile, term_months=72)
    with pytest.raises(NoOffer, match="6 to 60 months") as caught:
        service.sheet(too_long)
    assert caught.value.code == "offer.term"
