"""A confirmed document fills only the application's empty fields."""

from __future__ import annotations

from app.domain.formfill import form_fill
from ocr.types import DocKind

CARD = {
    "full_name": "张伟",
    "id_number": "110105199003071234",
    "date_of_birth": "1990-03-07",
    "address": "北京市朝阳区人民路12号",
    "ethnicity": "汉",
}


def test_an_id_card_fills_the_empty_identity_fields() -> None:
    assert form_fill(DocKind.ID_CARD_FRONT, CARD, {}) == {
        "full_name": "张伟",
        "id_number": "110105199003071234",
        "date_of_birth": "1990-03-07",
        "address": "北京市朝阳区人民路12号",
    }


def test_what_the_officer_typed_is_never_replaced() -> None:
    form = {"full_name": "张 伟", "address": "", "date_of_birth": None}
    filled = form_fill(DocKind.ID_CARD_FRONT, CARD, form)
    assert "full_name" not in filled
    assert filled["address"] == CARD["address"]
    assert filled["date_of_birth"] == CARD["date_of_birth"]


def test_evidence_of_income_never_fills_the_declared_income() -> None:
    payslip = {"employer": "杭州新航物流有限公司", "net_pay": "9698.29", "gross_pay": "11818.92"}
    assert form_fill(DocKind.PAYSLIP, payslip, {}) == {"employer": "杭州新航物流有限公司"}
    statement = {"salary_credit": "24067.88", "full_name": "黄海志"}
    assert form_fill(DocKind.BANK_STATEMENT, statement, {}) == {}


def test_blank_confirmed_values_fill_nothing() -> None:
    assert form_fill(DocKind.ID_CARD_FRONT, {"full_name": "", "address": ""}, {}) == {}
