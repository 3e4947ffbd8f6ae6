"""Read dates, months, amounts and names out of OCR'd or printed text.

Every function is total: text that is not what was asked for gives ``None``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Letters OCR reads in place of digits; only swapped inside mostly-numeric tokens.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1"})
_DIGIT_LOOKALIKES.update(str.maketrans({"S": "5", "B": "8", "Z": "2"}))
_TOKEN = re.compile(r"[A-Za-z0-9|]+(?:[.,][A-Za-z0-9|]+)*")
_LOOKALIKES = frozenset("OoDIl|SBZ")
# A space inside a number, but not after one that already has its decimals.
_SPACED_DIGITS = re.compile(r"(?<![.,]\d\d)(?<=\d) +(?=\d)")

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_WORD = r"(?P<mon>[A-Za-z]{3,9})\.?"
_DATE_PATTERNS = (
    re.compile(
        r"(?<!\d)(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)(?:\s*日)?"
    ),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*" + _MONTH_WORD + r",?\s*(?P<y>\d{4})"),
    re.compile(_MONTH_WORD + r"\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})(?!\d)"),
    re.compile(r"(?<!\d)(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{4})(?!\d)"),
)
_MONTH_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*月?(?:份)?$"),
    re.compile(r"^" + _MONTH_WORD + r",?\s*(?P<y>\d{4})$"),
    re.compile(r"^(?P<m>\d{1,2})\s*[-/.]\s*(?P<y>\d{4})$"),
)


# The Chinese model alone reads a yuan sign before a sum as one of these.
_YEN_MISREAD = re.compile(r"[半羊](?=\s*\d)")


def _normal(text: str) -> str:
    """Full-width digits, letters and punctuation as their ASCII forms."""
    return _YEN_MISREAD.sub("¥", unicodedata.normalize("NFKC", text))


def fix_digits(text: str) -> str:
    """Undo OCR's letter-for-digit confusions inside numeric runs.

    Only tokens holding a digit and no letter but look-alikes are touched, so
    words such as "DR", "SALARY" or "15Mar2024" next to a number survive.
    """

    def repair(match: re.Match[str]) -> str:
        token = match.group()
        letters = {c for c in token if c.isalpha() or c == "|"}
        numeric = any(c.isdigit() for c in token) and letters <= _LOOKALIKES
        return token.translate(_DIGIT_LOOKALIKES) if numeric else token

    text = "".join(unicodedata.normalize("NFKC", c) if c.isdigit() else c for c in text)
    return _SPACED_DIGITS.sub("", _TOKEN.sub(repair, text))


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_number(word: str) -> int | None:
    return _MONTHS.get(word.lower())


def _date_of(match: re.Match[str]) -> date | None:
    parts = match.groupdict()
    year = int(parts["y"])
    if "a" in parts:
        first, second = int(parts["a"]), int(parts["b"])
        # Day first, as printed outside the US; an order we can't be sure of is no date.
        if first > 12 or first == second:
            return _make_date(year, second, first)
        if second > 12:
            return _make_date(year, first, second)
        return None
    month = _month_number(parts["mon"]) if "mon" in parts else int(parts["m"])
    return _make_date(year, month, int(parts["d"])) if month else None


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """Every date in ``text`` with its start and end offsets, in reading order."""
    text = _normal(text)
    found: list[tuple[date, int, int]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            value = _date_of(match)
            if value is not None:
                found.append((value, start, end))
                taken.append((start, end))
    return sorted(found, key=lambda item: item[1])


def parse_date(text: str) -> date | None:
    """The date ``text`` is (ignoring surrounding spaces and punctuation), or None."""
    stripped = _normal(text).strip(" \t:;,.。，")
    dates = find_dates(stripped)
    if len(dates) == 1 and dates[0][1] == 0 and dates[0][2] == len(stripped):
        return dates[0][0]
    return None


def parse_month(text: str) -> str | None:
    """A month as ``YYYY-MM`` from "2024-03", "2024年3月", "March 2024", "03/2024"."""
    stripped = _normal(text).strip(" \t:;,.。")
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(stripped)
        if not match:
            continue
        parts = match.groupdict()
        month = _month_number(parts["mon"]) if "mon" in parts else int(parts["m"])
        if month and 1 <= month <= 12:
            return f"{int(parts['y']):04d}-{month:02d}"
    return None


_CURRENCY_WORDS = (
    ("CNY", ("人民币", "RMB", "CNY", "¥", "元")),
    ("USD", ("USD", "US$", "$", "美元", "DOLLAR")),
)
_STRIP_WORDS = re.compile(r"人民币|RMB|CNY|USD|US\$|美元|[¥$元]|整|正", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_CN_DIGITS = (
    {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
    | {c: i for i, c in enumerate("〇一二三四五六七八九")}
    | {"两": 2, "貳": 2, "陸": 6, "參": 3}
)
_CN_UNITS = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
_CN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CN_FRACTION = {"角": Decimal("0.1"), "分": Decimal("0.01")}


def currency_of(text: str) -> str | None:
    """The ISO code of the currency ``text`` names or shows a symbol of."""
    upper = _normal(text).upper()
    hits = [
        (upper.find(word), code)
        for code, words in _CURRENCY_WORDS
        for word in words
        if word in upper
    ]
    return min(hits)[1] if hits else None


def _cn_integer(text: str) -> int | None:
    """A Chinese-numeral integer such as 壹佰贰拾万零伍佰."""
    total, section, digit = 0, 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
        elif char in _CN_BIG:
            section += digit or 0
            total = (
                (total + section) * _CN_BIG[char]
                if char in "亿億"
                else total + section * _CN_BIG[char]
            )
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def _cn_amount(text: str) -> Decimal | None:
    match = re.fullmatch(r"(?P<int>[^元圆角分]*)[元圆]?(?P<frac>(?:零?[^元圆角分][角分])*)", text)
    if not match or not text or not any(c in _CN_DIGITS or c in _CN_UNITS for c in text):
        return None
    whole = _cn_integer(match["int"]) if match["int"] else 0
    if whole is None:
        return None
    value = Decimal(whole)
    for digit, unit in re.findall(r"([^零])([角分])", match["frac"]):
        if digit not in _CN_DIGITS:
            return None
        value += _CN_DIGITS[digit] * _CN_FRACTION[unit]
    return value


def _sign_of(text: str) -> tuple[int, str]:
    """The sign the text shows and the text without it (-, parentheses, DR/CR)."""
    text = text.strip()
    sign = 1
    if text.startswith("(") and text.endswith(")"):
        sign, text = -1, text[1:-1].strip()
    upper = text.upper()
    if upper.endswith("DR"):
        sign, text = -sign, text[:-2].strip()
    elif upper.endswith("CR"):
        text = text[:-2].strip()
    if text.startswith("-") or text.startswith("−"):
        sign, text = -sign, text[1:].strip()
    elif text.startswith("+"):
        text = text[1:].strip()
    return sign, text


def _arabic_amount(text: str) -> Decimal | None:
    multiplier = 1
    while text and text[-1] in _CN_BIG:
        multiplier *= _CN_BIG[text[-1]]
        text = text[:-1].strip()
    text = text.replace(" ", "")
    if not _PLAIN_NUMBER.match(text):
        return None
    try:
        return Decimal(text.replace(",", "")) * multiplier
    except InvalidOperation:
        return None


def parse_amount(text: str) -> Decimal | None:
    """An amount of money from printed text in Arabic or Chinese numerals, or None."""
    normal = _normal(text).replace("，", ",").strip()
    if normal.startswith("(") and normal.endswith(")"):
        bare = "(" + _STRIP_WORDS.sub("", normal[1:-1]).strip() + ")"
    else:
        bare = _STRIP_WORDS.sub("", normal).strip()
    sign, body = _sign_of(bare.strip(" :"))
    body = _STRIP_WORDS.sub("", body).strip()
    if not body:
        return None
    value = _arabic_amount(body)
    if value is None:
        # 元 was stripped above; put the unit back for the Chinese parser.
        value = _cn_amount(_normal(text).replace("人民币", "").replace(" ", "").rstrip("整正"))
    return None if value is None else sign * value


def money(value: Decimal) -> str:
    """An amount written with two places, rounded half up: ``12345.67``."""
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _hanzi(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or char == "·"


def clean_name(text: str) -> str:
    """A name as stored: Chinese without spaces, Latin upper-case with single spaces."""
    text = _normal(text).strip(" \t:;,.。")
    if any(_hanzi(c) for c in text):
        return re.sub(r"(?<=[\u3400-\u9fff·]) +(?=[\u3400-\u9fff·])", "", text).strip()
    return " ".join(text.replace(",", " ").upper().split())


# --- matching labels and keywords -------------------------------------------------


def keep_in_key(char: str) -> bool:
    return unicodedata.category(char)[0] in "LN"


def label_key(text: str) -> str:
    """A label or text reduced to what matching looks at."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).lower() if keep_in_key(c))


def _within_one(a: str, b: str) -> bool:
    """Edit distance of at most one."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def occurrences(key: str, label: str) -> list[tuple[int, int, bool]]:
    """Every (start, end, exact) where ``label`` occurs in ``key``."""
    out = []
    start = key.find(label)
    while start >= 0:
        out.append((start, start + len(label), True))
        start = key.find(label, start + 1)
    if out or len(label) < 4:
        return out
    for start in range(len(key)):
        for size in (len(label), len(label) - 1, len(label) + 1):
            piece = key[start : start + size]
            if len(piece) == size and piece[:1] in label[:2] and _within_one(piece, label):
                out.append((start, start + size, False))
                break
    return out
