"""What a policy rule found, said on paper in Chinese from the screens' own catalogue."""

from __future__ import annotations

import re
from datetime import date

from app.domain.products import Outcome, RuleResult, prescreen
from app.letters.texts import rule_detail
from app.services.branchrules import shipped_catalogue as catalogue
from tests.domain.samples import id_number
from tests.services.test_decisions import GOOD

ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _results(**changes: object) -> list[RuleResult]:
    fields = {**GOOD, **changes}
    fields["requested_amount"] = {"amount": fields["requested_amount"], "currency": "CNY"}
    fields["monthly_income"] = {"amount": fields["monthly_income"], "currency": "CNY"}
    return prescreen(catalogue().product("secured"), fields, today=date(2026, 12, 1))


def test_every_finding_of_every_rule_reads_in_chinese_and_in_english_as_said() -> None:
    cases = [
        _results(),
        _results(arrears_on_file="yes", requested_amount="10"),
        _results(id_number=id_number(date(1984, 5, 2), region="310104", seq=88)[:-1] + "0"),
        _results(date_of_birth=None, id_number=None, arrears_on_file=None, purchase_price=None),
    ]
    seen = set()
    for results in cases:
        for result in results:
            seen.add((result.code, result.outcome))
            assert rule_detail(result, "en") == result.detail
            chinese = rule_detail(result, "zh")
            assert HAN.search(chinese), chinese
            assert not ENGLISH_WORD.search(chinese.replace("CNY", "")), chinese
    assert ("valid_id", Outcome.FAIL) in seen
    assert ("no_arrears", Outcome.FAIL) in seen
    assert ("amount_range", Outcome.FAIL) in seen
    assert ("age_at_maturity", Outcome.UNKNOWN) in seen
