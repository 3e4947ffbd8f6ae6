"""Tell what kind of document some read pages are, from keywords and layout."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ocr.parse import find_dates, fix_digits, label_key, occurrences
from ocr.types import DocKind, PageText

# Keywords in both languages with how strongly each points at its kind.
_KEYWORDS: dict[DocKind, tuple[tuple[str, float], ...]] = {
    DocKind.ID_CARD_FRONT: (
        ("公民身份号码", 3.0),
        ("身份号码", 1.0),
        ("民族", 1.0),
        ("住址", 0.5),
        ("出生", 0.5),
    ),
    DocKind.ID_CARD_BACK: (
        ("签发机关", 2.0),
        ("有效期限", 2.0),
        ("居民身份证", 1.0),
    ),
    DocKind.PASSPORT: (("passport", 1.5), ("护照", 1.5), ("nationality", 0.5)),
    DocKind.BUSINESS_LICENCE: (
        ("营业执照", 3.0),
        ("统一社会信用代码", 3.0),
        ("businesslicence", 3.0),
        ("businesslicense", 3.0),
        ("unifiedsocialcreditcode", 3.0),
        ("法定代表人", 1.0),
        ("legalrepresentative", 1.0),
        ("注册资本", 1.0),
        ("registeredcapital", 1.0),
    ),
    DocKind.BANK_STATEMENT: (
        ("对账单", 2.0),
        ("交易明细", 2.0),
        ("statementofaccount", 2.0),
        ("accountstatement", 2.0),
        ("bankstatement", 2.0),
        ("openingbalance", 1.0),
        ("期初余额", 1.0),
        ("起止日期", 1.0),
        ("statementperiod", 1.0),
    ),
    DocKind.PAYSLIP: (
        ("payslip", 3.0),
        ("工资条", 3.0),
        ("工资单", 3.0),
        ("netpay", 1.5),
        ("实发", 1.0),
        ("应发", 1.0),
        ("grosspay", 1.5),
        ("payperiod", 1.0),
    ),
    DocKind.UTILITY_BILL: (
        ("电费", 2.0),
        ("水费", 2.0),
        ("燃气", 2.0),
        ("electricity", 2.0),
        ("waterbill", 2.0),
        ("gasbill", 2.0),
        ("amountdue", 1.5),
        ("应缴金额", 1.5),
        ("缴费", 1.0),
        ("utility", 1.0),
    ),
}
_MRZ = re.compile(r"[A-Z0-9<«]{8,}")
#: a score needed to name a kind at all
_ENOUGH = 1.5
_OTHER_CONFIDENCE = 0.2


def _mrz_lines(pages: Sequence[PageText]) -> int:
    count = 0
    for page in pages:
        for line in page.lines():
            text = line.text.replace(" ", "")
            if len(text) >= 30 and ("<<" in text or "«" in text) and _MRZ.fullmatch(text):
                count += 1
    return count


def _transaction_rows(pages: Sequence[PageText]) -> int:
    """Lines that start with a date and hold at least two more numbers."""
    rows = 0
    for page in pages:
        for line in page.lines():
            text = fix_digits(line.text)
            dates = find_dates(text)
            if dates and dates[0][1] <= 2:
                amounts = re.findall(r"\d[\d,]*\.\d\d", text[dates[0][2] :])
                rows += len(amounts) >= 2
    return rows


def scores(pages: Sequence[PageText]) -> dict[DocKind, float]:
    """How strongly the pages look like each kind."""
    key = label_key("\n".join(page.text for page in pages))
    out = {kind: 0.0 for kind in _KEYWORDS}
    for kind, words in _KEYWORDS.items():
        for word, weight in words:
            if occurrences(key, word):
                out[kind] += weight
    out[DocKind.PASSPORT] += 3.0 * min(_mrz_lines(pages), 2)
    rows = _transaction_rows(pages)
    if rows >= 3:
        out[DocKind.BANK_STATEMENT] += 2.0 + min(rows, 10) * 0.1
    return out


def classify(pages: Sequence[PageText]) -> tuple[DocKind, float]:
    """The kind of document and how sure (0..1); OTHER with low confidence if unsure."""
    ranked = sorted(scores(pages).items(), key=lambda item: item[1], reverse=True)
    (kind, top), (_, second) = ranked[0], ranked[1]
    if top < _ENOUGH:
        return DocKind.OTHER, _OTHER_CONFIDENCE
    strength = min(1.0, top / 4.0)
    margin = (top - second) / top
    return kind, round(0.4 + 0.6 * strength * (0.3 + 0.7 * margin), 3)
