"""Valid sample values for cases: resident ID numbers that check, a full applicant."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.domain.validation import id_check_char

#: A published GB 11643 example; its check character is X.
KNOWN_ID = "11010519491231002X"
KNOWN_BIRTH = date(1949, 12, 31)
#: A name in two scripts, distinctive enough to search raw bytes for.
NAME = "欧阳娜娜 Ouyang Nana"
TODAY = date(2025, 6, 1)


def id_number(birth: date, *, region: str = "110105", seq: int = 1) -> str:
    """A resident ID number with a correct check character."""
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + id_check_char(body)


def applicant(
    *,
    name: str = NAME,
    birth: date = date(1988, 2, 29),
    seq: int = 7,
    phone: str = "139 1234 5678",
    income: str = "18,500.00",
    amount: str = "250000",
) -> dict[str, Any]:
    """The raw fields of a complete case, as an officer would type them."""
    return {
        "full_name": name,
        "id_number": id_number(birth, region="310104", seq=seq),
        "date_of_birth": birth.isoformat(),
        "phone": phone,
        "address": "上海市徐汇区漕溪北路 88 号",
        "employer": "Shanghai Example Trading Co.",
        "employed_since": "2015-09-01",
        "monthly_income": income,
        "monthly_debt_payments": "1200",
        "product": "personal",
        "requested_amount": {"amount": amount, "currency": "CNY"},
        "term_months": 36,
        "purpose": "Home renovation",
    }
