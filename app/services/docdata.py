"""What intake stores and compares: confirmed values, page blobs, event payloads, case facts."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

from PIL import Image

from app.domain.case import CaseState
from app.domain.checklist import ChecklistConfig, parse_checklists
from app.domain.documents import DocumentFacts
from app.domain.validation import FieldProblem, check_id_number, check_text
from ocr.checks import uscc_valid
from ocr.types import Box, Extraction, PageText

_DATE_FIELDS = frozenset(
    {"date_of_birth", "valid_from", "expiry_date", "period_start", "period_end"}
    | {"established_on", "bill_date"}
)
_AMOUNT_FIELDS = frozenset(
    {"gross_pay", "net_pay", "average_monthly_inflow", "average_monthly_outflow"}
    | {"average_balance", "salary_credit", "registered_capital", "amount_due"}
)


@cache
def checklist_config() -> ChecklistConfig:
    raw = json.loads(resources.files("resources").joinpath("checklists.json").read_text("utf-8"))
    return parse_checklists(raw)


def clean_value(name: str, raw: str, *, today: date) -> str:
    """A confirmed value in the form fields are stored in, or FieldProblem."""
    text = check_text(raw, max_len=300)
    if not text:
        return ""
    if name == "id_number":
        return check_id_number(text, today=today)
    if name == "credit_code":
        code = text.replace(" ", "").upper()
        if not uscc_valid(code):
            raise FieldProblem("uscc.check", "the credit code's check character does not match")
        return code
    if name in _DATE_FIELDS or (name == "valid_until" and text != "long_term"):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise FieldProblem("date.format", "write the date as YYYY-MM-DD") from None
    if name in _AMOUNT_FIELDS:
        try:
            amount = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise FieldProblem(
                "amount.format", "write the amount as digits, e.g. 12500.00"
            ) from None
        if not amount.is_finite() or amount < 0:
            raise FieldProblem("amount.format", "write the amount as digits, e.g. 12500.00")
        return f"{amount.quantize(Decimal('0.01'))}"
    return text


def file_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base[:255] or "document"


def jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("L" if image.mode in ("1", "L") else "RGB").save(
        buffer, format="JPEG", quality=82, optimize=True
    )
    return buffer.getvalue()


def words_blob(text: PageText) -> bytes:
    rows = [
        [w.text, round(w.confidence, 3), *(round(v, 5) for v in box_tuple(w.box)), w.line]
        for w in text.words
    ]
    body = {"width": text.width, "height": text.height, "words": rows}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def box_tuple(box: Box) -> tuple[float, float, float, float]:
    return (box.left, box.top, box.width, box.height)


def extracted_payload(
    document_id: str, engine: str, extraction: Extraction, pages: list[dict[str, Any]]
) -> dict[str, Any]:
    """The FieldsExtracted payload of a reading whose pages are stored as ``pages``."""
    return {
        "document_id": document_id,
        "engine": engine,
        "kind": extraction.kind.value,
        "kind_confidence": round(extraction.kind_confidence, 4),
        "pages": pages,
        "fields": [
            {
                "name": f.name,
                "value": f.value[:500],
                "confidence": round(f.confidence, 4),
                "page": f.page,
                "box": None if f.box is None else [round(v, 5) for v in box_tuple(f.box)],
                "problems": [{"code": p.code, "message": p.message[:300]} for p in f.problems],
            }
            for f in extraction.fields
        ],
        "months": [
            {
                "month": m.month,
                "inflow": m.inflow,
                "outflow": m.outflow,
                "average_balance": m.average_balance,
                "salary": m.salary,
            }
            for m in extraction.months
        ],
    }


def facts(state: CaseState) -> list[DocumentFacts]:
    return [
        DocumentFacts(
            document_id=doc.document_id,
            kind=doc.kind,
            fields=doc.values(),
            confirmed=doc.status == "confirmed",
            name=doc.name,
        )
        for doc in state.documents.values()
        if doc.kind is not None
    ]


def applicant(state: CaseState) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in ("full_name", "id_number", "date_of_birth", "product"):
        value = state.value(name)
        if isinstance(value, str) and value:
            out[name] = value
    income = state.value("monthly_income")
    if isinstance(income, dict) and income.get("amount"):
        out["monthly_income"] = str(income["amount"])
        out["monthly_income_currency"] = str(income.get("currency") or "CNY")
    return out
