"""Checks across a case's documents and its form: same person, income shown, fresh papers.

A finding's message is an English sentence without the values compared (the
screen shows those from ``values``, masked as the viewer's role requires). A
value that is missing or unreadable is skipped: the checklist reports missing
documents, and a misread date is for the person confirming the document.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from app.domain.checklist import Rules
from app.domain.documents import (
    DATE_FIELDS,
    DocumentFacts,
    document_date,
    newest_first,
    of_kind,
    parse_day,
)
from app.domain.money import MoneyError, parse_amount
from app.domain.validation import halfwidth
from ocr.fields import FIELDS
from ocr.types import DocKind

Severity = Literal["warning", "error"]
#: an ID card valid without end (长期)
LONG_TERM = "long_term"
_DOTS = str.maketrans({"•": "·", "・": "·", "．": "·", "⋅": "·"})


@dataclass(frozen=True)
class Finding:
    """Something a person should look at before the case goes on."""

    code: str
    severity: Severity
    message: str
    #: the applicant or document field concerned
    field: str
    document_ids: tuple[str, ...]
    #: the values compared, in the order the message names them
    values: tuple[str, ...]


# -- names and other identity values ------------------------------------------------


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\U00020000" <= char <= "\U0003134f"


def name_keys(name: str) -> dict[str, str]:
    """A name's comparable parts: the Chinese one and the Latin one, each if present.

    Chinese parts compare exactly once spaces are gone (dot variants in names
    of minorities read as one dot); Latin parts ignore case, spaces and
    punctuation. A form may carry both, as in ``欧阳娜娜 Ouyang Nana``.
    """
    text = unicodedata.normalize("NFKC", name).translate(_DOTS)
    chinese = "".join(c for c in text if _is_cjk(c) or c == "·").strip("·")
    latin = "".join(c for c in text if c.isalpha() and not _is_cjk(c)).casefold()
    keys: dict[str, str] = {}
    if any(_is_cjk(c) for c in chinese):
        keys["chinese"] = chinese
    if latin:
        keys["latin"] = latin
    return keys


def same_name(one: str, other: str) -> bool | None:
    """Whether two names agree in every script both have; None when none is shared."""
    a, b = name_keys(one), name_keys(other)
    shared = a.keys() & b.keys()
    if not shared:
        return None
    return all(a[k] == b[k] for k in shared)


def _id_keys(number: str) -> dict[str, str]:
    return {"id": "".join(halfwidth(number).split()).upper()}


def _day_keys(text: str) -> dict[str, str]:
    day = parse_day(text)
    return {"day": day.isoformat()} if day else {}


@dataclass(frozen=True)
class _Agreement:
    field: str
    code: str
    keys: Callable[[str], dict[str, str]]


_NAME = _Agreement("full_name", "name.mismatch", name_keys)
_ID_NUMBER = _Agreement("id_number", "id_number.mismatch", _id_keys)
_BIRTH = _Agreement("date_of_birth", "dob.mismatch", _day_keys)


def _references(
    check: _Agreement, form_value: str | None, sources: Sequence[tuple[DocumentFacts, str]]
) -> dict[str, tuple[DocumentFacts | None, str, str]]:
    """Per script or part: what the others are held to (the form, else a confirmed document)."""
    refs: dict[str, tuple[DocumentFacts | None, str, str]] = {}
    if form_value is not None:
        refs = {part: (None, form_value, key) for part, key in check.keys(form_value).items()}
    for doc, value in sorted(sources, key=lambda s: not s[0].confirmed):
        for part, key in check.keys(value).items():
            refs.setdefault(part, (doc, value, key))
    return refs


def _agreement(
    check: _Agreement, applicant: Mapping[str, str], documents: Sequence[DocumentFacts]
) -> list[Finding]:
    """One finding per document whose value disagrees with its reference."""
    form_value = _form(applicant, check.field)
    sources = [
        (d, v)
        for d in documents
        if check.field in FIELDS[d.kind] and (v := d.value(check.field)) is not None
    ]
    refs = _references(check, form_value, sources)
    words = check.field.replace("_", " ")
    findings: list[Finding] = []
    for doc, value in sources:
        keys = check.keys(value)
        odd = next((refs[part] for part, key in keys.items() if refs[part][2] != key), None)
        if odd is None:
            continue
        ref_doc, ref_value, _ = odd
        ids: tuple[str, ...] = (doc.document_id,)
        if ref_doc is None:
            message = f"The {words} on a document differs from the applicant form."
        else:
            message = f"The {words} differs between two documents."
            ids = (ref_doc.document_id, *ids)
        findings.append(Finding(check.code, "error", message, check.field, ids, (ref_value, value)))
    return findings


def _form(applicant: Mapping[str, str], name: str) -> str | None:
    value = applicant.get(name)
    return value.strip() if value is not None and value.strip() else None


def _representative(
    applicant: Mapping[str, str], documents: Sequence[DocumentFacts]
) -> list[Finding]:
    """A small-business loan goes to the business's legal representative."""
    name = _form(applicant, "full_name")
    if name is None or _form(applicant, "product") != "small_business":
        return []
    findings: list[Finding] = []
    for doc in of_kind(documents, DocKind.BUSINESS_LICENCE):
        representative = doc.value("legal_representative")
        if representative is not None and same_name(name, representative) is False:
            findings.append(
                Finding(
                    "licence.representative",
                    "warning",
                    "The business licence names another legal representative than the applicant.",
                    "legal_representative",
                    (doc.document_id,),
                    (name, representative),
                )
            )
    return findings


# -- income ----------------------------------------------------------------------


def _amount(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        amount = parse_amount(text)
    except MoneyError:
        return None
    return amount if amount >= 0 else None


def _evidence(
    documents: Sequence[DocumentFacts], currency: str
) -> list[tuple[Decimal, DocumentFacts]]:
    """Monthly income figures shown by the newest payslip and the newest statement."""
    found: list[tuple[Decimal, DocumentFacts]] = []
    for kind, fields in (
        (DocKind.PAYSLIP, ("net_pay", "gross_pay")),
        (DocKind.BANK_STATEMENT, ("salary_credit",)),
    ):
        for doc in newest_first(of_kind(documents, kind)):
            if (doc.value("currency") or "CNY").upper() != currency:
                continue
            amounts = [a for f in fields if (a := _amount(doc.value(f))) is not None]
            if amounts:
                found += [(a, doc) for a in amounts]
                break
    return found


def _income(
    rules: Rules, applicant: Mapping[str, str], documents: Sequence[DocumentFacts]
) -> list[Finding]:
    declared = _amount(_form(applicant, "monthly_income"))
    currency = (_form(applicant, "monthly_income_currency") or "CNY").upper()
    evidence = _evidence(documents, currency)
    if declared is None or not evidence:
        return []
    # The most generous reading: a declared gross income is not held to a net figure.
    best, source = max(evidence, key=lambda e: e[0])
    if declared <= best * (1 + rules.income_gap_share):
        return []
    ids = [source.document_id] + [d.document_id for _, d in evidence if d is not source]
    share = f"{rules.income_gap_share * 100:.1f}".removesuffix(".0") + "%"
    return [
        Finding(
            "income.gap",
            "warning",
            f"The declared monthly income is more than {share} above what the documents show.",
            "monthly_income",
            tuple(dict.fromkeys(ids)),
            (f"{declared:.2f}", f"{best:.2f}"),
        )
    ]


# -- dates -----------------------------------------------------------------------


def _freshness(rules: Rules, documents: Sequence[DocumentFacts], today: date) -> list[Finding]:
    limits = {
        DocKind.BANK_STATEMENT: (rules.statement_max_age_days, "bank statement"),
        DocKind.PAYSLIP: (rules.payslip_max_age_days, "payslip"),
        DocKind.UTILITY_BILL: (rules.bill_max_age_days, "utility bill"),
    }
    findings: list[Finding] = []
    for doc in documents:
        if doc.kind not in limits:
            continue
        max_age, words = limits[doc.kind]
        field = DATE_FIELDS[doc.kind]
        # A payslip's age counts from the last day of the month it pays.
        day, raw = document_date(doc), doc.value(field)
        if raw is None or day is None or (today - day).days <= max_age:
            continue
        message = f"The {words} is more than {max_age} days old."
        findings.append(
            Finding("document.stale", "warning", message, field, (doc.document_id,), (raw,))
        )
    return findings


_EXPIRY = (
    (DocKind.ID_CARD_BACK, "valid_until", "id.expired", "The ID card has expired."),
    (DocKind.PASSPORT, "expiry_date", "passport.expired", "The passport has expired."),
)


def _expiry(documents: Sequence[DocumentFacts], today: date) -> list[Finding]:
    findings: list[Finding] = []
    for kind, field, code, message in _EXPIRY:
        for doc in of_kind(documents, kind):
            raw = doc.value(field)
            # The date printed is the last day the document is valid on.
            until = parse_day(raw) if raw != LONG_TERM else None
            if raw is not None and until is not None and until < today:
                findings.append(Finding(code, "error", message, field, (doc.document_id,), (raw,)))
    return findings


def cross_checks(
    rules: Rules,
    applicant: Mapping[str, str],
    documents: Sequence[DocumentFacts],
    *,
    today: date,
) -> list[Finding]:
    """Every finding on a case, identity first.

    ``applicant`` holds the form's values as text: ``full_name``,
    ``id_number``, ``date_of_birth``, ``product``, and ``monthly_income`` as a
    decimal amount with its currency in ``monthly_income_currency`` (CNY when
    absent).
    """
    return [
        *_agreement(_NAME, applicant, documents),
        *_agreement(_ID_NUMBER, applicant, documents),
        *_agreement(_BIRTH, applicant, documents),
        *_expiry(documents, today),
        *_representative(applicant, documents),
        *_income(rules, applicant, documents),
        *_freshness(rules, documents, today),
    ]
