"""Document checklists per product and the checks across a case's documents."""

from __future__ import annotations

import copy
import dataclasses
import importlib.resources
import itertools
import json
import random
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.applicant import PRODUCTS
from app.domain.checklist import (
    ChecklistError,
    Need,
    checklist,
    parse_checklists,
)
from app.domain.crosscheck import Finding, cross_checks, name_keys, same_name
from app.domain.documents import DocumentFacts, month_end, newest_first, parse_day
from ocr.types import DocKind
from tests.domain.samples import KNOWN_ID, TODAY

K = DocKind
_ids = itertools.count()


def _raw() -> dict[str, Any]:
    text = importlib.resources.files("resources").joinpath("checklists.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


SHIPPED = _raw()
CONFIG = parse_checklists(SHIPPED)
RULES = CONFIG.rules


def doc(
    kind: DocKind, *, confirmed: bool = True, id: str | None = None, **fields: str
) -> DocumentFacts:
    return DocumentFacts(
        document_id=id or f"{kind.value}-{next(_ids)}",
        kind=kind,
        fields=fields,
        confirmed=confirmed,
        name=f"scan {kind.value}.jpg",
    )


# -- the shipped configuration ----------------------------------------------------


def test_the_shipped_file_parses_and_covers_every_product_of_the_form() -> None:
    assert set(CONFIG.products) == set(PRODUCTS)
    kinds = {
        need["kind"]
        for items in SHIPPED["products"].values()
        for item in items
        for alternative in item["any_of"]
        for need in alternative
    }
    assert kinds <= {k.value for k in DocKind}
    for requirements in CONFIG.products.values():
        assert requirements
        for requirement in requirements:
            assert requirement.label.en.isascii()
            assert any("\u4e00" <= c <= "\u9fff" for c in requirement.label.zh)


def test_the_shipped_rules_are_the_agreed_thresholds() -> None:
    assert RULES.income_gap_share == Decimal("0.2")
    assert (RULES.statement_max_age_days, RULES.payslip_max_age_days) == (183, 93)
    assert RULES.bill_max_age_days == 93


def test_identity_is_both_sides_of_the_id_card_or_a_passport() -> None:
    identity = {r.id: r for r in CONFIG.products["personal"]}["identity"]
    assert identity.any_of == ((Need(K.ID_CARD_FRONT), Need(K.ID_CARD_BACK)), (Need(K.PASSPORT),))


def test_a_parsed_configuration_cannot_be_changed() -> None:
    with pytest.raises(TypeError):
        CONFIG.products["personal"] = ()  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        CONFIG.rules.bill_max_age_days = 1  # type: ignore[misc]


def _personal(raw: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = raw["products"]["personal"]
    return items


_BROKEN: list[tuple[str, Callable[[dict[str, Any]], object], str]] = [
    ("unknown top key", lambda r: r.update(extra=1), "checklists.extra"),
    ("version 2", lambda r: r.update(version=2), "checklists.version"),
    ("version true", lambda r: r.update(version=True), "checklists.version"),
    ("no rules", lambda r: r.pop("rules"), "checklists.rules"),
    (
        "unknown product",
        lambda r: r["products"].update(mortgage=[]),
        "checklists.products.mortgage",
    ),
    ("missing product", lambda r: r["products"].pop("secured"), "checklists.products.secured"),
    ("products not a map", lambda r: r.update(products=[]), "checklists.products"),
    (
        "no requirements",
        lambda r: r["products"].update(personal=[]),
        "checklists.products.personal",
    ),
    (
        "unknown kind",
        lambda r: _personal(r)[0]["any_of"][1][0].update(kind="pasport"),
        "checklists.products.personal[0].any_of[1][0].kind",
    ),
    (
        "unknown need key",
        lambda r: _personal(r)[1]["any_of"][0][0].update(latest=True),
        "checklists.products.personal[1].any_of[0][0].latest",
    ),
    (
        "min_count zero",
        lambda r: _personal(r)[1]["any_of"][0][0].update(min_count=0),
        "checklists.products.personal[1].any_of[0][0].min_count",
    ),
    (
        "min_count text",
        lambda r: _personal(r)[1]["any_of"][0][0].update(min_count="2"),
        "checklists.products.personal[1].any_of[0][0].min_count",
    ),
    (
        "kind twice",
        lambda r: _personal(r)[0]["any_of"][0].append({"kind": "id_card_back"}),
        "checklists.products.personal[0].any_of[0]",
    ),
    (
        "empty alternative",
        lambda r: _personal(r)[0]["any_of"].append([]),
        "checklists.products.personal[0].any_of[2]",
    ),
    (
        "no any_of",
        lambda r: _personal(r)[0].pop("any_of"),
        "checklists.products.personal[0].any_of",
    ),
    (
        "unknown requirement key",
        lambda r: _personal(r)[0].update(optional=True),
        "checklists.products.personal[0].optional",
    ),
    (
        "no chinese label",
        lambda r: _personal(r)[0]["label"].pop("zh"),
        "checklists.products.personal[0].label.zh",
    ),
    (
        "blank label",
        lambda r: _personal(r)[0]["label"].update(en="  "),
        "checklists.products.personal[0].label.en",
    ),
    (
        "id twice",
        lambda r: _personal(r)[1].update(id="identity"),
        "checklists.products.personal[1].id",
    ),
    ("unknown rule", lambda r: r["rules"].update(grace=3), "checklists.rules.grace"),
    (
        "missing rule",
        lambda r: r["rules"].pop("bill_max_age_days"),
        "checklists.rules.bill_max_age_days",
    ),
    (
        "negative share",
        lambda r: r["rules"].update(income_gap_share=-0.1),
        "checklists.rules.income_gap_share",
    ),
    (
        "share as text",
        lambda r: r["rules"].update(income_gap_share="0.2"),
        "checklists.rules.income_gap_share",
    ),
    (
        "age zero",
        lambda r: r["rules"].update(payslip_max_age_days=0),
        "checklists.rules.payslip_max_age_days",
    ),
    (
        "age float",
        lambda r: r["rules"].update(statement_max_age_days=1.5),
        "checklists.rules.statement_max_age_days",
    ),
]


@pytest.mark.parametrize(("mutate", "path"), [b[1:] for b in _BROKEN], ids=[b[0] for b in _BROKEN])
def test_a_faulty_configuration_is_refused_naming_where(
    mutate: Callable[[dict[str, Any]], object], path: str
) -> None:
    raw = copy.deepcopy(SHIPPED)
    mutate(raw)
    with pytest.raises(ChecklistError) as caught:
        parse_checklists(raw)
    assert caught.value.path == path
    assert str(caught.value).startswith(path + ": ")
    assert isinstance(caught.value, ValueError)


def test_min_count_defaults_to_one_and_an_integral_share_is_taken() -> None:
    raw = copy.deepcopy(SHIPPED)
    raw["rules"]["income_gap_share"] = 1
    parsed = parse_checklists(raw)
    assert parsed.rules.income_gap_share == Decimal(1)
    assert parsed.products["personal"][1].any_of[1] == (Need(K.BANK_STATEMENT, 1),)


# -- checklists ------------------------------------------------------------------

_PERSONAL: list[tuple[list[DocKind], dict[str, str]]] = [
    (
        [],
        {
            "identity": "passport or ID card (front) and ID card (back)",
            "income": "bank statement or payslip ×2",
        },
    ),
    ([K.ID_CARD_FRONT], {"identity": "ID card (back) or passport"}),
    ([K.ID_CARD_BACK, K.ID_CARD_BACK], {"identity": "ID card (front) or passport"}),
    ([K.ID_CARD_FRONT, K.ID_CARD_BACK], {"identity": ""}),
    ([K.PASSPORT], {"identity": ""}),
    ([K.PAYSLIP], {"income": "payslip or bank statement"}),
    ([K.PAYSLIP, K.PAYSLIP], {"income": ""}),
    ([K.BANK_STATEMENT], {"income": ""}),
    (
        [K.OTHER, K.BUSINESS_LICENCE, K.UTILITY_BILL],
        {
            "identity": "passport or ID card (front) and ID card (back)",
            "income": "bank statement or payslip ×2",
        },
    ),
]


@pytest.mark.parametrize(("kinds", "missing"), _PERSONAL)
def test_personal_checklist(kinds: list[DocKind], missing: dict[str, str]) -> None:
    items = {i.requirement.id: i for i in checklist(CONFIG, "personal", [doc(k) for k in kinds])}
    assert list(items) == ["identity", "income"]
    for rid, text in missing.items():
        assert items[rid].missing_text() == text
        assert items[rid].satisfied is (text == "")
        assert (items[rid].missing == ()) is items[rid].satisfied


def test_a_small_business_needs_its_licence_and_a_statement() -> None:
    docs = [doc(K.PASSPORT), doc(K.BANK_STATEMENT)]
    items = {i.requirement.id: i for i in checklist(CONFIG, "small_business", docs)}
    assert {rid: i.satisfied for rid, i in items.items()} == {
        "identity": True,
        "business": False,
        "turnover": True,
    }
    assert items["business"].missing == ((Need(K.BUSINESS_LICENCE),),)
    assert items["turnover"].documents == (docs[1],)


def test_a_secured_loan_needs_proof_of_address() -> None:
    without = {i.requirement.id: i.satisfied for i in checklist(CONFIG, "secured", [])}
    with_bill = checklist(CONFIG, "secured", [doc(K.UTILITY_BILL)])
    assert without["address"] is False
    assert {i.requirement.id: i.satisfied for i in with_bill}["address"] is True


def test_the_newest_payslips_are_the_ones_counted() -> None:
    old, newest, middle = (doc(K.PAYSLIP, pay_period=p) for p in ("2025-01", "2025-04", "2025-03"))
    undated = doc(K.PAYSLIP)
    income = checklist(CONFIG, "personal", [undated, old, newest, middle])[1]
    assert income.documents == (newest, middle)


def test_an_unmet_item_shows_what_counts_so_far_and_says_it_in_chinese() -> None:
    front = doc(K.ID_CARD_FRONT)
    identity = checklist(CONFIG, "personal", [front])[0]
    assert identity.documents == (front,)
    assert identity.missing_text("zh_CN") == "身份证国徽面，或护照"
    assert identity.confirmed is False


@pytest.mark.parametrize(("back_confirmed", "expected"), [(True, True), (False, False)])
def test_an_item_is_confirmed_only_when_all_its_documents_are(
    back_confirmed: bool, expected: bool
) -> None:
    docs = [doc(K.ID_CARD_FRONT), doc(K.ID_CARD_BACK, confirmed=back_confirmed)]
    assert checklist(CONFIG, "personal", docs)[0].confirmed is expected


def test_an_unknown_product_is_refused() -> None:
    with pytest.raises(ChecklistError, match="mortgage"):
        checklist(CONFIG, "mortgage", [])


@given(
    st.lists(st.sampled_from(list(DocKind)), max_size=8),
    st.sampled_from(PRODUCTS),
    st.randoms(),
    st.sampled_from(list(DocKind)),
)
def test_checklists_follow_the_counts_whatever_the_order(
    kinds: list[DocKind], product: str, rnd: random.Random, extra: DocKind
) -> None:
    docs = [doc(k) for k in kinds]
    items = checklist(CONFIG, product, docs)
    rnd.shuffle(docs)
    shuffled = checklist(CONFIG, product, docs)
    more = checklist(CONFIG, product, [*docs, doc(extra)])
    for item, again, after in zip(items, shuffled, more, strict=True):
        expected = any(
            all(kinds.count(n.kind) >= n.min_count for n in alternative)
            for alternative in item.requirement.any_of
        )
        assert item.satisfied is expected
        assert again.satisfied is expected
        assert item.missing == again.missing
        # Adding a document never takes a met requirement away.
        assert after.satisfied or not expected


# -- dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2025-02-28", date(2025, 2, 28)),
        ("2025-02-30", None),
        ("25-02-28", None),
        (None, None),
        ("", None),
    ],
)
def test_parse_day(text: str | None, day: date | None) -> None:
    assert parse_day(text) == day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-02", date(2024, 2, 29)),
        ("2025-02", date(2025, 2, 28)),
        ("2025-12", date(2025, 12, 31)),
        ("2025-13", None),
        ("2025-1", None),
    ],
)
def test_month_end(text: str, day: date | None) -> None:
    assert month_end(text) == day


def test_newest_first_keeps_undated_documents_last_in_order() -> None:
    a, b = doc(K.BANK_STATEMENT), doc(K.PASSPORT)
    old = doc(K.BANK_STATEMENT, period_end="2025-01-31")
    new = doc(K.UTILITY_BILL, bill_date="2025-05-02")
    assert newest_first([a, old, b, new]) == [new, old, a, b]


# -- cross-document checks -------------------------------------------------------

FRONT = "front"
BACK = "back"
PASS = "passport"
SLIP = "slip"
OLD_SLIP = "old-slip"
STMT = "stmt"
LIC = "licence"
BILL = "bill"

#: (what, applicant form, documents, findings expected as (code, ids, values))
Case = tuple[
    str, dict[str, str], list[DocumentFacts], list[tuple[str, tuple[str, ...], tuple[str, ...]]]
]

_NAMES: list[Case] = [
    (
        "same chinese name, spaced",
        {"full_name": "张伟"},
        [doc(K.ID_CARD_FRONT, id=FRONT, full_name="张 伟")],
        [],
    ),
    (
        "another chinese name",
        {"full_name": "张伟"},
        [doc(K.PAYSLIP, id=SLIP, full_name="张玮")],
        [("name.mismatch", (SLIP,), ("张伟", "张玮"))],
    ),
    (
        "latin name, case and spaces",
        {"full_name": "ZHANG WEI"},
        [doc(K.PASSPORT, id=PASS, full_name="Zhang  wei")],
        [],
    ),
    (
        "another latin name",
        {"full_name": "ZHANG WEI"},
        [doc(K.PASSPORT, id=PASS, full_name="ZHANG WEN")],
        [("name.mismatch", (PASS,), ("ZHANG WEI", "ZHANG WEN"))],
    ),
    (
        "latin against chinese is skipped",
        {"full_name": "张伟"},
        [doc(K.PASSPORT, id=PASS, full_name="LI NA")],
        [],
    ),
    (
        "a form in both scripts",
        {"full_name": "欧阳娜娜 Ouyang Nana"},
        [
            doc(K.ID_CARD_FRONT, id=FRONT, full_name="欧阳娜娜"),
            doc(K.PASSPORT, id=PASS, full_name="OUYANG NANA"),
            doc(K.BANK_STATEMENT, id=STMT, full_name="OUYANG NINA"),
        ],
        [("name.mismatch", (STMT,), ("欧阳娜娜 Ouyang Nana", "OUYANG NINA"))],
    ),
    (
        "no form name: held to the confirmed document",
        {},
        [
            doc(K.PAYSLIP, id=SLIP, confirmed=False, full_name="张玮"),
            doc(K.ID_CARD_FRONT, id=FRONT, full_name="张伟"),
            doc(K.UTILITY_BILL, id=BILL, full_name="张伟"),
        ],
        [("name.mismatch", (FRONT, SLIP), ("张伟", "张玮"))],
    ),
    (
        "minority name dots",
        {"full_name": "阿依古丽·买买提"},
        [doc(K.ID_CARD_FRONT, id=FRONT, full_name="阿依古丽•买买提")],
        [],
    ),
]

_IDENTITY: list[Case] = [
    (
        "same id number",
        {"id_number": KNOWN_ID},
        [doc(K.ID_CARD_FRONT, id=FRONT, id_number="110105 19491231002x")],
        [],
    ),
    (
        "another id number",
        {"id_number": KNOWN_ID},
        [doc(K.ID_CARD_FRONT, id=FRONT, id_number="110105194912310038")],
        [("id_number.mismatch", (FRONT,), (KNOWN_ID, "110105194912310038"))],
    ),
    (
        "a passport has no id number",
        {"id_number": KNOWN_ID},
        [doc(K.PASSPORT, id=PASS, passport_number="E12345678")],
        [],
    ),
    (
        "same birth date",
        {"date_of_birth": "1949-12-31"},
        [doc(K.ID_CARD_FRONT, id=FRONT, date_of_birth="1949-12-31")],
        [],
    ),
    (
        "another birth date",
        {"date_of_birth": "1949-12-31"},
        [doc(K.ID_CARD_FRONT, id=FRONT, date_of_birth="1949-12-30")],
        [("dob.mismatch", (FRONT,), ("1949-12-31", "1949-12-30"))],
    ),
    (
        "passport birth date against the id card",
        {},
        [
            doc(K.ID_CARD_FRONT, id=FRONT, date_of_birth="1949-12-31"),
            doc(K.PASSPORT, id=PASS, date_of_birth="1949-11-30"),
        ],
        [("dob.mismatch", (FRONT, PASS), ("1949-12-31", "1949-11-30"))],
    ),
    (
        "a misread birth date is skipped",
        {"date_of_birth": "1949-12-31"},
        [doc(K.ID_CARD_FRONT, id=FRONT, date_of_birth="1949-13-45")],
        [],
    ),
]

_INCOME: list[Case] = [
    (
        "within the gap of gross pay",
        {"monthly_income": "18500"},
        [doc(K.PAYSLIP, id=SLIP, pay_period="2025-05", net_pay="15000.00", gross_pay="16000.00")],
        [],
    ),
    (
        "above the gap",
        {"monthly_income": "20,000"},
        [doc(K.PAYSLIP, id=SLIP, pay_period="2025-05", net_pay="15000.00", gross_pay="16000.00")],
        [("income.gap", (SLIP,), ("20000.00", "16000.00"))],
    ),
    (
        "exactly at the gap",
        {"monthly_income": "19200.00"},
        [doc(K.PAYSLIP, id=SLIP, net_pay="16000.00")],
        [],
    ),
    (
        "a cent over the gap",
        {"monthly_income": "19200.01"},
        [doc(K.PAYSLIP, id=SLIP, net_pay="16000.00")],
        [("income.gap", (SLIP,), ("19200.01", "16000.00"))],
    ),
    (
        "only the latest payslip counts",
        {"monthly_income": "20000"},
        [
            doc(K.PAYSLIP, id=OLD_SLIP, pay_period="2025-03", net_pay="30000.00"),
            doc(K.PAYSLIP, id=SLIP, pay_period="2025-05", net_pay="10000.00"),
        ],
        [("income.gap", (SLIP,), ("20000.00", "10000.00"))],
    ),
    (
        "the statement's salary is better evidence",
        {"monthly_income": "20000"},
        [
            doc(K.PAYSLIP, id=SLIP, net_pay="10000.00"),
            doc(K.BANK_STATEMENT, id=STMT, salary_credit="17000.00"),
        ],
        [],
    ),
    (
        "both fall short",
        {"monthly_income": "30000"},
        [
            doc(K.PAYSLIP, id=SLIP, net_pay="10000.00"),
            doc(K.BANK_STATEMENT, id=STMT, salary_credit="17000.00"),
        ],
        [("income.gap", (STMT, SLIP), ("30000.00", "17000.00"))],
    ),
    (
        "another currency is not compared",
        {"monthly_income": "20000"},
        [doc(K.PAYSLIP, id=SLIP, net_pay="100.00", currency="USD")],
        [],
    ),
    (
        "the currency declared is honoured",
        {"monthly_income": "20000", "monthly_income_currency": "USD"},
        [doc(K.PAYSLIP, id=SLIP, net_pay="100.00", currency="USD")],
        [("income.gap", (SLIP,), ("20000.00", "100.00"))],
    ),
    ("no declared income", {}, [doc(K.PAYSLIP, id=SLIP, net_pay="100.00")], []),
    (
        "no evidence",
        {"monthly_income": "20000"},
        [doc(K.BANK_STATEMENT, id=STMT, average_monthly_inflow="100.00")],
        [],
    ),
]

_DATES: list[Case] = [
    ("statement 183 days old", {}, [doc(K.BANK_STATEMENT, id=STMT, period_end="2024-11-30")], []),
    (
        "statement 184 days old",
        {},
        [doc(K.BANK_STATEMENT, id=STMT, period_end="2024-11-29")],
        [("document.stale", (STMT,), ("2024-11-29",))],
    ),
    ("payslip for February", {}, [doc(K.PAYSLIP, id=SLIP, pay_period="2025-02")], []),
    (
        "payslip for January",
        {},
        [doc(K.PAYSLIP, id=SLIP, pay_period="2025-01")],
        [("document.stale", (SLIP,), ("2025-01",))],
    ),
    ("bill 93 days old", {}, [doc(K.UTILITY_BILL, id=BILL, bill_date="2025-02-28")], []),
    (
        "bill 94 days old",
        {},
        [doc(K.UTILITY_BILL, id=BILL, bill_date="2025-02-27")],
        [("document.stale", (BILL,), ("2025-02-27",))],
    ),
    ("a misread date is skipped", {}, [doc(K.UTILITY_BILL, id=BILL, bill_date="2025-02-2?")], []),
    (
        "id card valid until yesterday",
        {},
        [doc(K.ID_CARD_BACK, id=BACK, valid_until="2025-05-31")],
        [("id.expired", (BACK,), ("2025-05-31",))],
    ),
    ("id card valid until today", {}, [doc(K.ID_CARD_BACK, id=BACK, valid_until="2025-06-01")], []),
    ("id card valid without end", {}, [doc(K.ID_CARD_BACK, id=BACK, valid_until="long_term")], []),
    (
        "passport expired",
        {},
        [doc(K.PASSPORT, id=PASS, expiry_date="2025-05-31")],
        [("passport.expired", (PASS,), ("2025-05-31",))],
    ),
    ("passport valid", {}, [doc(K.PASSPORT, id=PASS, expiry_date="2030-01-01")], []),
]

_LICENCE: list[Case] = [
    (
        "another representative",
        {"full_name": "张伟", "product": "small_business"},
        [doc(K.BUSINESS_LICENCE, id=LIC, legal_representative="李娜")],
        [("licence.representative", (LIC,), ("张伟", "李娜"))],
    ),
    (
        "the applicant represents",
        {"full_name": "张伟", "product": "small_business"},
        [doc(K.BUSINESS_LICENCE, id=LIC, legal_representative="张伟")],
        [],
    ),
    (
        "not a business loan",
        {"full_name": "张伟", "product": "personal"},
        [doc(K.BUSINESS_LICENCE, id=LIC, legal_representative="李娜")],
        [],
    ),
    (
        "scripts not comparable",
        {"full_name": "张伟", "product": "small_business"},
        [doc(K.BUSINESS_LICENCE, id=LIC, legal_representative="LI NA")],
        [],
    ),
]

_CASES = _NAMES + _IDENTITY + _INCOME + _DATES + _LICENCE


@pytest.mark.parametrize(
    ("applicant", "documents", "expected"), [c[1:] for c in _CASES], ids=[c[0] for c in _CASES]
)
def test_cross_checks(
    applicant: dict[str, str],
    documents: list[DocumentFacts],
    expected: list[tuple[str, tuple[str, ...], tuple[str, ...]]],
) -> None:
    findings = cross_checks(RULES, applicant, documents, today=TODAY)
    assert [(f.code, f.document_ids, f.values) for f in findings] == expected
    for finding in findings:
        _assert_speaks_no_values(finding, documents)


def _assert_speaks_no_values(finding: Finding, documents: list[DocumentFacts]) -> None:
    assert finding.message.endswith(".")
    assert finding.message[0].isupper()
    for value in finding.values:
        assert value not in finding.message
    for document in documents:
        assert document.name not in finding.message
    assert finding.severity in ("warning", "error")


_SEVERITY = {
    "name.mismatch": ("error", "full_name"),
    "id_number.mismatch": ("error", "id_number"),
    "dob.mismatch": ("error", "date_of_birth"),
    "income.gap": ("warning", "monthly_income"),
    "document.stale": ("warning", None),
    "id.expired": ("error", "valid_until"),
    "passport.expired": ("error", "expiry_date"),
    "licence.representative": ("warning", "legal_representative"),
}


def test_each_kind_of_finding_has_its_severity_and_field() -> None:
    seen = set()
    for _, applicant, documents, _ in _CASES:
        for finding in cross_checks(RULES, applicant, documents, today=TODAY):
            severity, field = _SEVERITY[finding.code]
            assert finding.severity == severity
            assert field is None or finding.field == field
            seen.add(finding.code)
    assert seen == set(_SEVERITY)


def test_stale_findings_name_the_date_field() -> None:
    docs = [
        doc(K.BANK_STATEMENT, period_end="2024-01-31"),
        doc(K.PAYSLIP, pay_period="2024-01"),
        doc(K.UTILITY_BILL, bill_date="2024-01-31"),
    ]
    findings = cross_checks(RULES, {}, docs, today=TODAY)
    assert [f.field for f in findings] == ["period_end", "pay_period", "bill_date"]
    assert [f.document_ids for f in findings] == [(d.document_id,) for d in docs]


def test_the_income_message_says_the_configured_share() -> None:
    rules = dataclasses.replace(RULES, income_gap_share=Decimal("0.125"))
    docs = [doc(K.PAYSLIP, net_pay="1000.00")]
    (finding,) = cross_checks(rules, {"monthly_income": "1125.01"}, docs, today=TODAY)
    assert "12.5%" in finding.message
    assert cross_checks(rules, {"monthly_income": "1125.00"}, docs, today=TODAY) == []


def test_a_clean_case_has_no_findings() -> None:
    applicant = {
        "full_name": "欧阳娜娜 Ouyang Nana",
        "id_number": KNOWN_ID,
        "date_of_birth": "1949-12-31",
        "monthly_income": "18500.00",
        "product": "small_business",
    }
    docs = [
        doc(K.ID_CARD_FRONT, full_name="欧阳娜娜", id_number=KNOWN_ID, date_of_birth="1949-12-31"),
        doc(K.ID_CARD_BACK, valid_until="long_term"),
        doc(
            K.PASSPORT,
            full_name="OUYANG NANA",
            date_of_birth="1949-12-31",
            expiry_date="2031-03-02",
        ),
        doc(
            K.PAYSLIP,
            full_name="欧阳娜娜",
            pay_period="2025-05",
            net_pay="16000.00",
            gross_pay="19000.00",
        ),
        doc(
            K.BANK_STATEMENT,
            full_name="OUYANG NANA",
            period_end="2025-05-31",
            salary_credit="16000.00",
        ),
        doc(K.BUSINESS_LICENCE, legal_representative="欧阳娜娜"),
        doc(K.UTILITY_BILL, full_name="欧阳娜娜", bill_date="2025-05-10"),
    ]
    assert cross_checks(RULES, applicant, docs, today=TODAY) == []


# -- names -----------------------------------------------------------------------

_CHINESE = st.text(alphabet="王李张刘陈欧阳娜小明华", min_size=1, max_size=4)
_LATIN = st.lists(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=8), min_size=1, max_size=3
)


def _respace(text: str, data: st.DataObject) -> str:
    out = ""
    for char in text.replace(" ", ""):
        out += data.draw(st.sampled_from(["", " ", "  "])) + char
    return out


@given(_CHINESE, _LATIN, st.data())
def test_names_match_whatever_the_spacing_and_case(
    chinese: str, latin: list[str], data: st.DataObject
) -> None:
    name = f"{chinese} {' '.join(latin)}"
    variant = _respace(name, data)
    variant = variant.lower() if data.draw(st.booleans()) else variant
    assert same_name(name, variant) is True
    assert same_name(chinese, " ".join(latin)) is None
    assert same_name(name, chinese + "王") is False


def test_name_keys_split_the_scripts() -> None:
    assert name_keys("欧阳 娜娜 Ouyang  Nana") == {"chinese": "欧阳娜娜", "latin": "ouyangnana"}
    assert name_keys("ＺＨＡＮＧ ＷＥＩ") == {"latin": "zhangwei"}
    assert name_keys("·") == {}
