"""Passports: the machine-readable zone read again strictly, and its usual misreadings undone."""

from __future__ import annotations

import io
from datetime import date

import pytest

from ocr.checks import mrz_check_digit
from ocr.extract import extract
from ocr.extract.passport import _fit_line2, _line2_digits, _thin_letters_differ
from ocr.load import open_document
from ocr.mrz import mrz_lines
from ocr.pipeline import read_document
from ocr.synth import generate, scan
from ocr.types import DocKind, ReadOptions


def _digit(field: str) -> str:
    digit = mrz_check_digit(field)
    assert digit is not None
    return digit


def _line2(number: str, birth: str, expiry: str) -> str:
    body = number + _digit(number) + "CHN" + birth + _digit(birth) + "F" + expiry + _digit(expiry)
    body += "<" * 14 + "<"
    return body + _digit(body[0:10] + body[13:20] + body[21:43])


def test_a_character_read_twice_in_the_number_is_dropped_where_the_check_digit_holds() -> None:
    line = _line2("EG0193235", "730813", "280328")
    doubled = line[:3] + "O" + line[3:]  # "EGO0193235...": the 0 read as both O and 0
    assert len(doubled) == 45
    assert _fit_line2(doubled) == line


def test_letters_in_digit_positions_become_digits() -> None:
    line = _line2("E39270684", "020307", "300529")
    misread = line[:13] + "O" + line[14:]
    assert _line2_digits(misread) == line


@pytest.mark.parametrize(
    ("printed", "zone", "take_printed"),
    [
        ("HUIYANG", "HULYANG", True),
        ("JIANWEN", "JTANWEN", True),
        ("MA", "MAK", True),
        ("JINGXIA", "JINGXILA", True),
        ("LI", "ZL", False),  # not a thin-letter confusion: a real disagreement
        ("CHENHAI", "CHENHAO", False),
        ("JIJANWEN", "JIANWEN", False),
    ],
)
def test_printed_names_win_only_over_thin_letter_misreads(
    printed: str, zone: str, take_printed: bool
) -> None:
    assert _thin_letters_differ(printed, zone) is take_printed


@pytest.mark.parametrize(("lang", "seed", "scanned"), [("en", 2, True), ("zh", 4, False)])
def test_a_passport_page_reads_exactly(lang: str, seed: int, scanned: bool) -> None:
    sample = generate(DocKind.PASSPORT, lang, seed)
    image = scan(sample.pages[0], seed * 10) if scanned else sample.pages[0]
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pages = read_document(open_document(buffer.getvalue()), ReadOptions())
    assert mrz_lines(pages[0].text)
    found = extract([p.text for p in pages], today=date(2026, 12, 1))
    assert found.kind is DocKind.PASSPORT
    assert {f.name: f.value for f in found} == sample.fields
    assert all(not any(p.code == "mrz.check" for p in f.problems) for f in found)
