"""A case's documents as the domain sees them: kind, field values and their dates.

The services build ``DocumentFacts`` from a case's documents (confirmed values
when a person confirmed them, else the extracted ones); the checklist
(``app.domain.checklist``) and the cross-document checks
(``app.domain.crosscheck``) read only these.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from ocr.types import DocKind


@dataclass(frozen=True)
class Label:
    """Words for a screen in both languages the desk speaks."""

    en: str
    zh: str

    def text(self, language: str) -> str:
        return self.zh if language.startswith("zh") else self.en


@dataclass(frozen=True)
class DocumentFacts:
    """One document of a case: what it is and the values read or confirmed on it."""

    document_id: str
    kind: DocKind
    #: field name (see ``ocr.fields.FIELDS``) to its value in that module's formats
    fields: Mapping[str, str]
    confirmed: bool
    #: the file name shown to the user
    name: str

    def value(self, name: str) -> str | None:
        """The field's value stripped, or None when it is absent or blank."""
        raw = self.fields.get(name)
        if raw is None or not raw.strip():
            return None
        return raw.strip()


KIND_LABELS: dict[DocKind, Label] = {
    DocKind.ID_CARD_FRONT: Label("ID card (front)", "身份证人像面"),
    DocKind.ID_CARD_BACK: Label("ID card (back)", "身份证国徽面"),
    DocKind.PASSPORT: Label("passport", "护照"),
    DocKind.PAYSLIP: Label("payslip", "工资单"),
    DocKind.BANK_STATEMENT: Label("bank statement", "银行流水"),
    DocKind.BUSINESS_LICENCE: Label("business licence", "营业执照"),
    DocKind.UTILITY_BILL: Label("utility bill", "水电燃气账单"),
    DocKind.OTHER: Label("other document", "其他材料"),
}

#: the field giving the day a document speaks for, where a kind has one
DATE_FIELDS: dict[DocKind, str] = {
    DocKind.PAYSLIP: "pay_period",
    DocKind.BANK_STATEMENT: "period_end",
    DocKind.UTILITY_BILL: "bill_date",
}

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)


def parse_day(text: str | None) -> date | None:
    """An ISO ``YYYY-MM-DD`` date, or None for anything else (a misread stays unjudged)."""
    if text is None or not _DAY.fullmatch(text.strip()):
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def month_end(text: str | None) -> date | None:
    """The last day of a ``YYYY-MM`` month, or None for anything else."""
    match = _MONTH.fullmatch(text.strip()) if text is not None else None
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1 <= year <= 9999 and 1 <= month <= 12):
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def document_date(doc: DocumentFacts) -> date | None:
    """The day a dated document speaks for: a payslip's month end, a statement's end."""
    field = DATE_FIELDS.get(doc.kind)
    if field is None:
        return None
    raw = doc.value(field)
    return month_end(raw) if doc.kind is DocKind.PAYSLIP else parse_day(raw)


def newest_first(documents: Iterable[DocumentFacts]) -> list[DocumentFacts]:
    """Newest by ``document_date`` first; undated ones last, in their given order."""
    return sorted(
        documents, key=lambda d: -(dated.toordinal() if (dated := document_date(d)) else 0)
    )


def of_kind(documents: Iterable[DocumentFacts], kind: DocKind) -> list[DocumentFacts]:
    return [d for d in documents if d.kind is kind]
