"""Pull a document's fields out of its read pages, each checked and placed on its page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ocr.classify import classify
from ocr.extract import bill, idcard, licence, passport, payslip, statement
from ocr.fields import FIELDS
from ocr.types import DocKind, Extraction, Field, MonthFlow, PageText


def extract(pages: Sequence[PageText], *, kind: DocKind | None = None, today: date) -> Extraction:
    """The document's kind (classified unless given) and every field its kind has."""
    if kind is None:
        kind, confidence = classify(pages)
    else:
        confidence = 1.0
    fields, months = _fields(kind, list(pages), today)
    by_name = {f.name: f for f in fields}
    ordered = tuple(by_name[name] for name in FIELDS[kind] if name in by_name)
    return Extraction(kind, confidence, ordered, tuple(months))


def _fields(
    kind: DocKind, pages: list[PageText], today: date
) -> tuple[list[Field], list[MonthFlow]]:
    if kind is DocKind.BANK_STATEMENT:
        return statement.extract(pages)
    readers = {
        DocKind.ID_CARD_FRONT: idcard.front,
        DocKind.ID_CARD_BACK: idcard.back,
        DocKind.PAYSLIP: payslip.extract,
        DocKind.BUSINESS_LICENCE: licence.extract,
        DocKind.UTILITY_BILL: bill.extract,
    }
    if kind is DocKind.PASSPORT:
        return passport.extract(pages, today), []
    reader = readers.get(kind)
    return (reader(pages) if reader else []), []
