"""Parsers turning the text found at a label into a field's normalised value.

Each takes the text read beside a label and returns the value as stored, or
None when the text is not one (so the next place to look is tried).
"""

from __future__ import annotations

import re

from ocr.parse import clean_name, find_dates, fix_digits, money, parse_amount, parse_month

_SEPARATORS = " \t:：;,，.。、|“”\"'‘’"
#: a value may end in a full stop ("Co., Ltd."), never start with one
_LEADING = _SEPARATORS
_TRAILING = " \t:：;,，、|“”\"'‘’"


def as_text(text: str) -> str | None:
    value = " ".join(text.lstrip(_LEADING).rstrip(_TRAILING).split())
    return (
        re.sub(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff\d])|(?<=\d) (?=[\u3400-\u9fff])", "", value)
        or None
    )


def as_name(text: str) -> str | None:
    # Names hold no colon or comma: what comes before one is a misread label.
    text = re.split(r"[:：,，;；]", text)[-1]
    value = clean_name(text.strip(_SEPARATORS))
    return value if value and not any(c.isdigit() for c in value) else None


def as_date(text: str) -> str | None:
    dates = find_dates(fix_digits(text))
    return dates[0][0].isoformat() if dates else None


def as_month(text: str) -> str | None:
    text = fix_digits(text).strip(_SEPARATORS)
    month = parse_month(text)
    if month is None:
        dates = find_dates(text)
        month = dates[0][0].isoformat()[:7] if dates else None
    return month


def as_amount(text: str) -> str | None:
    value = parse_amount(fix_digits(text).strip(_SEPARATORS))
    return None if value is None else money(value)


def as_sex(text: str) -> str | None:
    word = text.strip(_SEPARATORS).upper()
    if word.startswith(("男", "MALE", "M")) and not word.startswith("FEMALE"):
        return "M"
    if word.startswith(("女", "FEMALE", "F")):
        return "F"
    return None


def as_code(text: str) -> str | None:
    """An ID number, code or account number: upper-case without spaces."""
    value = "".join(text.strip(_SEPARATORS).split()).upper()
    return value or None
