"""Fields of a passport, from its machine-readable zone checked against the printed page."""

from __future__ import annotations

import re
from datetime import date

from ocr.checks import PassportMrz, mrz_check_digit, parse_td3
from ocr.extract.common import Finder, Span, labelled, make_field, missing
from ocr.extract.values import as_code, as_name
from ocr.fields import FIELDS
from ocr.types import DocKind, Field, PageText, Problem

_MRZ_CHARS = re.compile(r"[A-Z0-9<]+")
_SIZE = 44
PASSPORT_NO = ("Passport No", "护照号码", "Passport Number", "护照号")
SURNAME = ("Surname", "姓")
GIVEN = ("Given names", "Given name", "名")
_VIZ_LABELS = PASSPORT_NO + SURNAME + GIVEN + ("Nationality", "国籍", "Sex", "性别")


def _clean(text: str) -> str:
    """An MRZ line as read, with OCR's usual stand-ins for '<' undone."""
    text = text.replace(" ", "").replace("«", "<<").replace("‹", "<").upper()
    return re.sub(r"(?<=<)[KC]+(?=<|$)", lambda m: "<" * len(m.group()), text)


_NAME_DIGITS = str.maketrans("0125869", "OIZSBGG")


def _names_without_digits(text: str) -> str:
    """Names hold no digits: a digit beside its look-alike letter is a double read."""
    text = re.sub(r"0(?=O)|(?<=O)0|1(?=I)|(?<=I)1", "", text)
    return text[:5] + text[5:].translate(_NAME_DIGITS)


def _fit_line1(text: str) -> str | None:
    # The names end in filler, so only '<' are ever added or cut.
    # The type is one letter and a filler; a '«' read there doubles the filler.
    text = _names_without_digits(re.sub(r"^P<+(?=[A-Z]{3})", "P<", text))
    body = text.rstrip("<")
    if not text.startswith("P") or len(body) > _SIZE:
        return None
    return (body + "<" * _SIZE)[:_SIZE]


_DOUBLED = re.compile(r"[OQD]0|0[OQD]|OQ|QO|I1|1I")
#: (start, end, check-digit position) of line 2's number, birth date and expiry
_CHECKED = ((0, 9, 9), (13, 19, 19), (21, 27, 27))


def _fit_line2(text: str) -> str | None:
    """Line 2 at 44 characters, the reading whose check digits hold best.

    A character read twice (one 0 as "O0" or "OQ") shifts every field after
    it; each way of dropping one such double is tried, and the one under
    which most check digits hold is kept.
    """
    best, best_score = None, -1
    for candidate in _undoublings(text):
        fitted = _fit_exact(_line2_digits(candidate))
        if fitted is None:
            continue
        score = sum(mrz_check_digit(fitted[a:b]) == fitted[c] for a, b, c in _CHECKED)
        if score > best_score:
            best, best_score = fitted, score
    return best


def _undoublings(text: str) -> list[str]:
    out = [text]
    for match in _DOUBLED.finditer(text[:30]):
        for drop in (match.start(), match.start() + 1):
            out.append(text[:drop] + text[drop + 1 :])
    return out


def _fit_exact(text: str) -> str | None:
    """Filler in the personal-number field padded or cut to make 44 characters."""
    if len(text) == _SIZE:
        return text
    head, tail = text[:28], text[-2:]
    middle = text[28:-2]
    personal = middle.strip("<")
    if len(text) < 30 or len(personal) > 14 or (personal and not middle.startswith(personal)):
        return None
    return head + (personal + "<" * 14)[:14] + tail


_AS_DIGIT = str.maketrans("OQDILZSBG", "001112586")


def _line2_digits(line: str) -> str:
    # Dates, check digits: positions that are always digits.
    chars = list(line)
    for i in [9, *range(13, 20), *range(21, 28), 42, 43]:
        if i < len(chars) and chars[i] != "<":
            chars[i] = chars[i].translate(_AS_DIGIT)
    return "".join(chars)


def find_mrz(pages: list[PageText]) -> tuple[PassportMrz, Span, bool] | None:
    """The parsed zone, the words it was read from, and whether it needed repair."""
    for page in pages:
        lines = page.lines()
        for first, second in zip(lines, lines[1:], strict=False):
            raw1, raw2 = _clean(first.text), _clean(second.text)
            if not (raw1.startswith("P") and "<<" in raw1 and len(raw2) >= 30):
                continue
            line1, line2 = _fit_line1(raw1), _fit_line2(raw2)
            if line1 is None or line2 is None:
                continue
            if not (_MRZ_CHARS.fullmatch(line1) and _MRZ_CHARS.fullmatch(line2)):
                continue
            mrz = parse_td3(line1, line2)
            if mrz is not None:
                words = first.words + second.words
                repaired = (line1, line2) != (raw1, raw2)
                return mrz, Span(line1 + line2, words, page.index), repaired
    return None


def _date(yymmdd: str, *, birth: bool, today: date) -> str | None:
    if not yymmdd.isdigit():
        return None
    year = int(yymmdd[:2])
    century = 1900 if birth and year > today.year % 100 else 2000
    try:
        return date(century + year, int(yymmdd[2:4]), int(yymmdd[4:6])).isoformat()
    except ValueError:
        return None


def _check_problem(name: str, mrz: PassportMrz) -> list[Problem]:
    if name in mrz.failed:
        return [Problem("mrz.check", f"The check digit of the {name.replace('_', ' ')} fails.")]
    return []


def extract(pages: list[PageText], today: date) -> list[Field]:
    found = find_mrz(pages)
    names = FIELDS[DocKind.PASSPORT]
    if found is None:
        return [missing(name) for name in names]
    mrz, span, repaired = found
    values = {
        "passport_number": mrz.passport_number,
        "surname": mrz.surname,
        "given_names": mrz.given_names,
        "full_name": f"{mrz.surname} {mrz.given_names}".strip(),
        "nationality": mrz.nationality,
        "date_of_birth": _date(mrz.birth_date, birth=True, today=today) or "",
        "sex": mrz.sex,
        "expiry_date": _date(mrz.expiry_date, birth=False, today=today) or "",
    }
    viz = _visual(pages)
    _prefer_printed_names(values, viz)
    fields = []
    for name in names:
        problems = _check_problem(name, mrz)
        if "composite" in mrz.failed and name in ("passport_number", "date_of_birth"):
            problems = problems or [Problem("mrz.check", "The zone's composite check fails.")]
        if not values[name] and name in ("date_of_birth", "expiry_date"):
            problems.append(Problem("date.invalid", "The zone's date is not a real date."))
        seen = viz.get(name)
        if seen is not None and seen.value and seen.value != values[name]:
            problems.append(
                Problem("mrz.mismatch", f"The printed {name.replace('_', ' ')} differs.")
            )
        fields.append(make_field(name, values[name], span, repaired=repaired, problems=problems))
    return fields


def _prefer_printed_names(values: dict[str, str], viz: dict[str, Field]) -> None:
    """Names as printed where the zone's differ by a misread letter or two.

    Names carry no check digit in the zone, and its monospaced I, L and T are
    easily confused; the printed name in its own typeface reads better. A
    name that differs by more is a real disagreement and stays flagged.
    """
    for name in ("surname", "given_names"):
        seen = viz.get(name)
        if seen is not None and _thin_letters_differ(seen.value, values[name]):
            values[name] = seen.value
    values["full_name"] = f"{values['surname']} {values['given_names']}".strip()


_THIN = frozenset("ILTJ1")


def _thin_letters_differ(printed: str, zone: str) -> bool:
    """The same name but for one or two thin letters (I, L, T, J) read as another
    or as two, or a filler after it read as K or C."""
    if printed and zone in (printed + "K", printed + "C"):
        return True
    # One thin letter read as two ("I" as "IL").
    if len(zone) == len(printed) + 1 and any(
        zone[i] in _THIN and zone[:i] + zone[i + 1 :] == printed for i in range(len(zone))
    ):
        return True
    if len(printed) != len(zone) or printed == zone:
        return False
    diff = [(p, z) for p, z in zip(printed, zone, strict=True) if p != z]
    return len(diff) <= 2 and all(p in _THIN and z in _THIN for p, z in diff)


def _visual(pages: list[PageText]) -> dict[str, Field]:
    finder = Finder(pages, _VIZ_LABELS)
    out: dict[str, Field] = {}
    for name, labels, parse in (
        ("passport_number", PASSPORT_NO, _passport_no),
        ("surname", SURNAME, _latin_name),
        ("given_names", GIVEN, _latin_name),
    ):
        found = labelled(finder, name, labels, parse)
        if found is not None and found.value:
            out[name] = found
    return out


def _passport_no(text: str) -> str | None:
    value = as_code(text)
    return value if value and re.fullmatch(r"[A-Z0-9]{8,9}", value) else None


def _latin_name(text: str) -> str | None:
    value = as_name(re.sub(r"[^A-Za-z ]", " ", text))
    return value if value and value.isascii() else None
