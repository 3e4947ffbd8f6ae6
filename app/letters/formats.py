"""Money, rates and dates as the printed documents write them in each language.

Money has thousands separators and two decimals, then ``CNY`` or ``元``;
dates are ISO in English and ``2026年12月1日`` in Chinese.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from app.letters.texts import Language

CENT = Decimal("0.01")


def number(amount: Decimal) -> str:
    """``1,234,567.80``: thousands separated, rounded half up to the cent."""
    return f"{amount.quantize(CENT, ROUND_HALF_UP):,}"


def money(amount: Decimal, language: Language) -> str:
    return f"{number(amount)} 元" if language == "zh" else f"{number(amount)} CNY"


def percent(value: Decimal, language: Language, *, places: int = 2) -> str:
    """A rate already in per cent (``6.5`` → ``6.50 %``, ``6.50%`` in Chinese)."""
    text = f"{value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)}"
    return f"{text}%" if language == "zh" else f"{text} %"


def share(fraction: Decimal, language: Language) -> str:
    """A share given as a fraction (``0.015`` → ``1.5 %``), without trailing zeros."""
    value = (fraction * 100).normalize()
    text = f"{value:f}"
    return f"{text}%" if language == "zh" else f"{text} %"


def day(when: date, language: Language) -> str:
    if language == "zh":
        return f"{when.year}年{when.month}月{when.day}日"
    return when.isoformat()


def moment(when: datetime, language: Language) -> str:
    """A local date and time to the minute."""
    return f"{day(when.date(), language)} {when:%H:%M}"
