"""A passport's machine-readable lines read again, alone and with their alphabet only.

Read with the rest of the page, the long runs of ``<`` come back as ``c``,
``e`` or ``«`` and a check digit as ``?``; cut out and read with nothing but
A-Z, 0-9 and ``<`` allowed, the two lines come back whole.
"""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image

from ocr.tesseract import ocr_image
from ocr.types import Box, PageText, Word

MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
#: a line with this many fillers (and characters) is a machine-readable line
_FILLERS = 5
_MIN_LENGTH = 15
_MARGIN = 0.01


def mrz_lines(text: PageText) -> list[int]:
    """The numbers of the lines that look machine-readable."""
    found = []
    for line in text.lines():
        joined = "".join(w.text for w in line.words)
        if joined.count("<") + joined.count("«") * 2 >= _FILLERS and len(joined) >= _MIN_LENGTH:
            found.append(line.words[0].line)
    return found


def reread_mrz(
    image: Image.Image, text: PageText, cancelled: Callable[[], bool] | None = None
) -> PageText:
    """``text`` with its machine-readable lines replaced by a second, stricter reading."""
    numbers = set(mrz_lines(text))
    if not numbers:
        return text
    area = Box.around([w.box for w in text.words if w.line in numbers])
    if area is None:
        return text
    left = max(0.0, area.left - _MARGIN)
    top = max(0.0, area.top - _MARGIN)
    right = min(1.0, area.right + _MARGIN)
    bottom = min(1.0, area.bottom + _MARGIN)
    crop = image.crop(
        (
            round(left * image.width),
            round(top * image.height),
            round(right * image.width),
            round(bottom * image.height),
        )
    )
    again = ocr_image(crop, languages=("eng",), psm=4, allowed=MRZ_ALPHABET, cancelled=cancelled)
    if len(again.lines()) < 2:
        return text
    first_line = max((w.line for w in text.words), default=-1) + 1
    width, height = right - left, bottom - top
    placed = tuple(
        Word(
            text=w.text,
            confidence=w.confidence,
            box=Box(
                left + w.box.left * width,
                top + w.box.top * height,
                w.box.width * width,
                w.box.height * height,
            ),
            line=first_line + w.line,
        )
        for w in again.words
    )
    kept = tuple(w for w in text.words if w.line not in numbers)
    return PageText(
        index=text.index,
        width=text.width,
        height=text.height,
        words=kept + placed,
        source=text.source,
        rotation=text.rotation,
        skew=text.skew,
    )
