"""Telling a Chinese page from an English one by its strokes, and choosing the reader."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from ocr.load import open_document
from ocr.pipeline import read_document
from ocr.script import CHINESE_STROKES, looks_chinese, stroke_density
from ocr.synth import KINDS_BY_LANG, generate, scan
from ocr.synth.fonts import Face, pil_font
from ocr.types import DocKind, ReadOptions

_LINES = (
    "Monthly salary paid by Harbour Trading Ltd",
    "Account statement for October and November",
    "Please keep this letter with your records",
)


def _pages(lang: str) -> list[tuple[str, Image.Image]]:
    """The first page of each kind of document in ``lang``, clean and scanned."""
    pages = []
    for kind in KINDS_BY_LANG[lang]:
        page = generate(kind, lang, 1).pages[0]
        pages += [(f"{kind.value} clean", page), (f"{kind.value} scan", scan(page, 7))]
    return pages


def _lettered(*, outlined: bool) -> Image.Image:
    """English lines in plain letters, or outlined (a stroke each side of every letter)."""
    image = Image.new("L", (2480, 900), 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(_LINES * 2):
        at = (150, 100 + row * 120)
        if outlined:
            font = pil_font(Face.LATIN_BOLD, 56)
            draw.text(at, line, font=font, fill=255, stroke_width=3, stroke_fill=0)
        else:
            draw.text(at, line, font=pil_font(Face.LATIN, 56), fill=0)
    return image


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_english_pages_have_fewer_strokes_than_the_chinese_mark() -> None:
    dense = {
        name: density
        for name, page in _pages("en")
        if (density := stroke_density(page)) is None or density >= CHINESE_STROKES
    }
    assert dense == {}


def test_chinese_pages_have_more_strokes_than_the_mark() -> None:
    # A Chinese passport is mostly Latin letters and goes the English way first.
    sparse = {
        name: density
        for name, page in _pages("zh")
        if not name.startswith(DocKind.PASSPORT.value)
        and ((density := stroke_density(page)) is None or density <= CHINESE_STROKES)
    }
    assert sparse == {}


def test_a_blank_page_has_no_lines_and_does_not_look_chinese() -> None:
    blank = Image.new("L", (2480, 3508), 255)
    assert stroke_density(blank) is None
    assert not looks_chinese(blank)


def test_ruled_lines_and_frames_are_not_counted_as_strokes() -> None:
    plain = _lettered(outlined=False)
    ruled = plain.copy()
    draw = ImageDraw.Draw(ruled)
    draw.rectangle((40, 40, 2440, 860), outline=0, width=6)
    for row in range(6):
        draw.line((100, 175 + row * 120, 2400, 175 + row * 120), fill=0, width=3)
    assert stroke_density(plain) == pytest.approx(stroke_density(ruled), abs=0.05)


def test_a_page_taken_for_chinese_is_still_read_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Chinese reading of an English page holds no Chinese and is dropped for the English one.

    Real pages that fool the measure are rare (outlined letters do, but
    tesseract reads them badly in any language), so the guess is forced here;
    both readings are real.
    """
    data = _png(_lettered(outlined=False))
    monkeypatch.setattr("ocr.pipeline.looks_chinese", lambda image: False)
    [english] = read_document(open_document(data), ReadOptions(workers=1))
    monkeypatch.setattr("ocr.pipeline.looks_chinese", lambda image: True)
    [read] = read_document(open_document(data), ReadOptions(workers=1))
    assert "Harbour Trading" in english.text.text
    assert read.text.words == english.text.words


def test_outlined_letters_look_chinese() -> None:
    # The known false alarm: each letter's outline is crossed twice.
    assert looks_chinese(_lettered(outlined=True))
    assert not looks_chinese(_lettered(outlined=False))


def test_a_chinese_page_reads_in_chinese() -> None:
    sample = generate(DocKind.UTILITY_BILL, "zh", 1)
    assert looks_chinese(sample.pages[0])
    [read] = read_document(open_document(_png(sample.pages[0])), ReadOptions(workers=1))
    squashed = read.text.text.replace(" ", "")
    assert "水费账单" in squashed
    assert "应缴金额" in squashed
