"""Checks on single values typed by a person: ID numbers, phones, dates, text.

Each check returns the normalised value or raises ``FieldProblem`` with a
stable code (screens translate by code) and an English message.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from ocr.checks import PROVINCES
from ocr.checks import id_check_char as id_check_char  # the one rule, shared with intake

_MOBILE = re.compile(r"1[3-9]\d{9}", re.ASCII)
_LANDLINE = re.compile(r"0\d{2,3}\d{7,8}", re.ASCII)
_INTL = re.compile(r"\+[1-9]\d{6,14}", re.ASCII)
EARLIEST_DATE = date(1900, 1, 1)


# Chinese input methods type full-width forms (U+FF01..U+FF5E, U+3000);
# they mean the ASCII characters. Other look-alike digits stay refused.
_HALFWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def halfwidth(text: str) -> str:
    """Full-width letters, digits and punctuation as their ASCII forms."""
    return text.translate(_HALFWIDTH)


class FieldProblem(ValueError):
    """One reason a value was refused."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


def id_birth_date(number: str) -> date:
    """The date of birth encoded in a (well-formed) 18-character ID number."""
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def check_id_number(raw: str, *, today: date) -> str:
    """A PRC resident ID number: 18 characters, valid region, birth date and check."""
    number = halfwidth(raw[:40]).strip().replace(" ", "").upper()
    if (
        len(number) != 18
        or not number.isascii()
        or not number[:17].isdigit()
        or not (number[17].isdigit() or number[17] == "X")
    ):
        raise FieldProblem("id.format", "an ID number has 17 digits and a final digit or X")
    if int(number[:2]) not in PROVINCES:
        raise FieldProblem("id.region", "the first two digits are not a province code")
    try:
        born = id_birth_date(number)
    except ValueError:
        raise FieldProblem(
            "id.birth", "the birth date inside the ID number is not a date"
        ) from None
    if not EARLIEST_DATE <= born <= today:
        raise FieldProblem("id.birth", "the birth date inside the ID number is out of range")
    if id_check_char(number[:17]) != number[17]:
        raise FieldProblem("id.check", "the check digit does not match; a digit was mistyped")
    return number


def check_phone(raw: str) -> str:
    """A mainland mobile or landline number, or an international one with +."""
    text = re.sub(r"[\s\-()]", "", halfwidth(raw[:40]).strip())
    if text.startswith("+86"):
        text = text[3:]
    if _MOBILE.fullmatch(text) or _LANDLINE.fullmatch(text) or _INTL.fullmatch(text):
        return text
    raise FieldProblem(
        "phone.format", "use an 11-digit mobile, a landline with its area code, or +country code"
    )


def check_date(raw: str, *, today: date, allow_future: bool = False) -> str:
    """An ISO date (YYYY-MM-DD) between 1900 and today."""
    text = raw.strip()
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise FieldProblem("date.format", "write the date as YYYY-MM-DD") from None
    if value < EARLIEST_DATE:
        raise FieldProblem("date.range", "the date is before 1900")
    if not allow_future and value > today:
        raise FieldProblem("date.future", "the date is in the future")
    return value.isoformat()


def check_text(raw: str, *, max_len: int, required: bool = False) -> str:
    """Free text of bounded length without control characters, NFC-normalised."""
    if len(raw) > max_len * 4:
        # Refuse before normalising: a 10 MB paste must not cost 10 MB of work.
        raise FieldProblem("text.length", f"at most {max_len} characters (got {len(raw):,})")
    text = unicodedata.normalize("NFC", raw).strip()
    text = re.sub(r"[ \t]+", " ", text)
    if required and not text:
        raise FieldProblem("text.required", "this field is required")
    if len(text) > max_len:
        raise FieldProblem("text.length", f"at most {max_len} characters (got {len(text):,})")
    if any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in text):
        raise FieldProblem("text.control", "contains control characters")
    if any(unicodedata.category(ch) == "Cs" for ch in text):
        raise FieldProblem("text.encoding", "contains characters that are not valid text")
    return text
