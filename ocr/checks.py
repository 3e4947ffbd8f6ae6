"""Check characters of the numbers on identity and business papers.

PRC resident ID (GB 11643), unified social credit code (GB 32100), bank card
numbers (Luhn) and passport machine-readable zones (ICAO 9303). The
validators and parsers are total: a malformed input gives ``False`` or
``None``. The check-character makers (``id_check_char``,
``luhn_check_digit``) are for well-formed bodies and raise ValueError on
anything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# GB 11643-1999: weights for the 17 body digits, and the check character for
# each remainder mod 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
#: first two digits: province-level division codes of GB/T 2260
PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)


def id_check_char(body17: str) -> str:
    """The GB 11643 check character for the first 17 digits of an ID number."""
    if len(body17) != 17 or not body17.isascii() or not body17.isdigit():
        raise ValueError("an ID number's body is 17 digits")
    total = sum(int(d) * w for d, w in zip(body17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


@dataclass(frozen=True)
class ResidentId:
    """What an 18-character resident ID number says about its holder."""

    number: str
    region: str
    birth_date: date
    #: "M" or "F", from the parity of the 17th digit
    sex: str
    check_ok: bool


def parse_resident_id(number: str) -> ResidentId | None:
    """The parts of a well-formed ID number (check digit right or wrong), else None.

    Well-formed: 17 digits, then a digit or X, a known province and a real
    birth date. The check digit is reported, not required, so a caller can
    say "check digit wrong" rather than "not an ID number".
    """
    if len(number) != 18 or not number.isascii() or not number[:17].isdigit():
        return None
    if not (number[17].isdigit() or number[17] == "X"):
        return None
    if int(number[:2]) not in PROVINCES:
        return None
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    return ResidentId(
        number=number,
        region=number[:6],
        birth_date=born,
        sex="M" if int(number[16]) % 2 else "F",
        check_ok=id_check_char(number[:17]) == number[17],
    )


# GB 32100-2015: the code's alphabet (no I, O, Z, S, V) and position weights.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(body17: str) -> str | None:
    """The GB 32100 check character for the first 17 characters, or None."""
    if len(body17) != 17 or any(c not in USCC_ALPHABET for c in body17):
        return None
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_valid(code: str) -> bool:
    """An 18-character unified social credit code whose check character matches."""
    return len(code) == 18 and code[17] in USCC_ALPHABET and uscc_check_char(code[:17]) == code[17]


def luhn_check_digit(body: str) -> str:
    """The digit that makes ``body`` + digit pass the Luhn check."""
    if not body or not body.isascii() or not body.isdigit():
        raise ValueError("a card number's body is digits")
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    """A card or account number (digits only, 12-19 long) passing the Luhn check."""
    if not (12 <= len(number) <= 19) or not number.isascii() or not number.isdigit():
        return False
    return luhn_check_digit(number[:-1]) == number[-1]


_MRZ_WEIGHTS = (7, 3, 1)


def mrz_value(ch: str) -> int | None:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    if ch == "<":
        return 0
    return None


def mrz_check_digit(text: str) -> str | None:
    """The ICAO 9303 check digit of a machine-readable-zone field, or None."""
    total = 0
    for i, ch in enumerate(text):
        value = mrz_value(ch)
        if value is None:
            return None
        total += value * _MRZ_WEIGHTS[i % 3]
    return str(total % 10)


@dataclass(frozen=True)
class PassportMrz:
    """The fields of a passport's two 44-character MRZ lines (TD3)."""

    document_type: str
    issuing_state: str
    surname: str
    given_names: str
    passport_number: str
    nationality: str
    #: YYMMDD as printed; the century is the caller's call
    birth_date: str
    sex: str
    expiry_date: str
    personal_number: str
    #: names of the fields whose check digit failed ("passport_number", ...)
    failed: tuple[str, ...]


def parse_td3(line1: str, line2: str) -> PassportMrz | None:
    """Both MRZ lines of a passport, with every check digit tested; None if not TD3."""
    if len(line1) != 44 or len(line2) != 44 or line1[0] != "P":
        return None
    names = line1[5:].split("<<", 1)
    surname = names[0].replace("<", " ").strip()
    given = names[1].replace("<", " ").strip() if len(names) > 1 else ""
    number, birth, expiry, personal = line2[0:9], line2[13:19], line2[21:27], line2[28:42]
    checks = {
        "passport_number": (number, line2[9]),
        "date_of_birth": (birth, line2[19]),
        "expiry_date": (expiry, line2[27]),
        "personal_number": (personal, line2[42]),
    }
    failed = [name for name, (value, digit) in checks.items() if not _check_matches(value, digit)]
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    if not _check_matches(composite, line2[43]):
        failed.append("composite")
    return PassportMrz(
        document_type=line1[0:2].replace("<", ""),
        issuing_state=line1[2:5].replace("<", ""),
        surname=" ".join(surname.split()),
        given_names=" ".join(given.split()),
        passport_number=number.replace("<", ""),
        nationality=line2[10:13].replace("<", ""),
        birth_date=birth,
        sex=line2[20].replace("<", ""),
        expiry_date=expiry,
        personal_number=personal.replace("<", ""),
        failed=tuple(failed),
    )


def _check_matches(value: str, digit: str) -> bool:
    # An empty optional field may carry "<" as its check digit.
    if digit == "<" and set(value) <= {"<"}:
        return True
    return mrz_check_digit(value) == digit
