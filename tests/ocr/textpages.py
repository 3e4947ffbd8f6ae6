"""Turn lines of text into PageText with boxes laid out as a printer would.

Each character takes one cell (two for CJK), so columns aligned with spaces
in the text stay aligned in the boxes, as in a real table. A run of CJK
characters becomes one word per character, as tesseract's chi_sim reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ocr.types import Box, PageText, TextSource, Word

_WIDTH, _HEIGHT = 2480, 3508
_CELL_W, _CELL_H, _MARGIN = 24, 60, 120
_PIECES = re.compile(
    r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]|[^\s\u3400-\u9fff\u3000-\u303f\uff00-\uffef]+"
)


def _cells(char: str) -> int:
    return 2 if ord(char) >= 0x2E80 else 1


def _line_words(text: str, line: int, confidence: float) -> list[Word]:
    words: list[Word] = []
    column = 0
    pieces = {m.start(): m.group() for m in _PIECES.finditer(text)}
    for index, char in enumerate(text):
        piece = pieces.get(index)
        if piece is not None:
            cells = sum(_cells(c) for c in piece)
            box = Box(
                (_MARGIN + column * _CELL_W) / _WIDTH,
                (_MARGIN + line * _CELL_H) / _HEIGHT,
                cells * _CELL_W / _WIDTH,
                (_CELL_H * 0.7) / _HEIGHT,
            )
            words.append(Word(piece, confidence, box, line))
        column += _cells(char)
    return words


def page_of(
    lines: Iterable[str],
    *,
    index: int = 0,
    confidence: float = 0.95,
    source: TextSource = TextSource.OCR,
) -> PageText:
    """One page holding ``lines`` top to bottom; every word read with ``confidence``."""
    words: list[Word] = []
    for number, text in enumerate(lines):
        words.extend(_line_words(text, number, confidence))
    return PageText(index, _WIDTH, _HEIGHT, tuple(words), source)


def pages_of(text: str, *, confidence: float = 0.95) -> list[PageText]:
    """Pages from printed text whose pages are separated by form feeds."""
    return [
        page_of(chunk.split("\n"), index=i, confidence=confidence)
        for i, chunk in enumerate(text.split("\f"))
    ]


def lines_of(pages: Sequence[PageText]) -> list[str]:
    """The text of every line of every page, for assertions about layout."""
    return [line.text for page in pages for line in page.lines()]
