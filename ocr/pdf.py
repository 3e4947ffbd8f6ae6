"""PDF specifics: page count and rasterizing with PDFium, the text layer with pdfplumber."""

from __future__ import annotations

import io
import math
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page as PlumberPage
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException
from PIL import Image

from ocr.errors import DocumentError
from ocr.types import Box, Limits, PageText, TextSource, Word

#: PDFium is not thread-safe and pages are rendered from worker threads, so
#: every PDFium call in the process goes through this one lock.
PDFIUM_LOCK = threading.Lock()

#: a text layer with fewer non-space characters than this is a scan's stray
#: mark or a page number, not text worth trusting over OCR
MIN_TEXT_CHARS = 20

# PDFium's FPDF_GetLastError codes for a document that will not load.
_ERR_PASSWORD = 4
_ERR_SECURITY = 5

_NO_KIDS = re.compile(rb"/Count\s+0\b")

# pdfminer parses hostile input in pure Python; these are the faults it lets
# out on malformed files. Losing the text layer only means the page is OCR'd.
_PARSER_FAULTS = (
    PdfminerException,
    MalformedPDFException,
    PSException,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    AssertionError,
    ZeroDivisionError,
    RecursionError,
)


def the_file(name: str) -> str:
    """How a message names the file: 'The file "scan.pdf"', or 'The file'."""
    return f'The file "{name}"' if name else "The file"


def corrupt(name: str) -> DocumentError:
    return DocumentError(
        "document.corrupt",
        f"{the_file(name)} is damaged or incomplete and cannot be read; ask for the file again.",
    )


@contextmanager
def _opened(data: bytes, name: str) -> Iterator[pdfium.PdfDocument]:
    """The document open under the PDFium lock, closed on the way out."""
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise _refusal(exc, data, name) from exc
        try:
            yield pdf
        finally:
            pdf.close()


def _refusal(exc: pdfium.PdfiumError, data: bytes, name: str) -> DocumentError:
    if exc.err_code in (_ERR_PASSWORD, _ERR_SECURITY):
        return DocumentError(
            "document.encrypted",
            f"{the_file(name)} is protected by a password; ask for an unprotected copy.",
        )
    # pdfminer reparses the whole file, so only ask it when a page tree says none
    if _NO_KIDS.search(data) and _pdfminer_page_count(data) == 0:
        return _no_pages(name)
    return corrupt(name)


def _pdfminer_page_count(data: bytes) -> int | None:
    """Pages as pdfminer counts them: PDFium refuses a well-formed PDF without any."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return len(pdf.pages)
    except _PARSER_FAULTS:
        return None


def _no_pages(name: str) -> DocumentError:
    return DocumentError(
        "document.empty",
        f"{the_file(name)} is a PDF without any pages; ask for the file again.",
    )


def page_sizes(data: bytes, name: str, limits: Limits) -> list[tuple[float, float]]:
    """Each page's (width, height) in points as displayed (after /Rotate).

    Refuses a PDF without pages or with more than ``limits.max_pages``
    before any page is parsed.
    """
    with _opened(data, name) as pdf:
        count = len(pdf)
        if count == 0:
            raise _no_pages(name)
        if count > limits.max_pages:
            raise DocumentError(
                "document.too_many_pages",
                f"{the_file(name)} has {count} pages, more than the {limits.max_pages} "
                "LoanDesk reads from one document; split it into smaller files.",
            )
        try:
            return [_size(pdf, index) for index in range(count)]
        except pdfium.PdfiumError as exc:
            raise corrupt(name) from exc


def _size(pdf: pdfium.PdfDocument, index: int) -> tuple[float, float]:
    width, height = pdf.get_page_size(index)
    return float(width), float(height)


def render_scale(width_pt: float, height_pt: float, dpi: int, max_pixels: int) -> float:
    """Pixels per point for ``dpi``, lowered so the bitmap stays within ``max_pixels``."""
    scale = max(dpi, 1) / 72

    def pixels(s: float) -> int:
        return math.ceil(width_pt * s) * math.ceil(height_pt * s)

    if pixels(scale) > max_pixels:
        scale = math.sqrt(max_pixels / (width_pt * height_pt))
        # ceil() in PDFium's bitmap size can still tip it over by a row
        while pixels(scale) > max_pixels and scale > 0:
            scale *= 0.999
    return scale


def render_page(
    data: bytes, index: int, size: tuple[float, float], dpi: int, *, name: str, limits: Limits
) -> Image.Image:
    """Page ``index`` rasterized at ``dpi`` (or less, to fit) as an RGB image."""
    scale = render_scale(size[0], size[1], dpi, limits.max_pixels)
    with _opened(data, name) as pdf:
        try:
            page = pdf[index]
            try:
                bitmap = page.render(scale=scale)
                try:
                    # a BGR bitmap is copied into the PIL image, so it
                    # outlives the bitmap closed below
                    image: Image.Image = bitmap.to_pil().convert("RGB")
                    return image
                finally:
                    bitmap.close()
            finally:
                page.close()
        except pdfium.PdfiumError as exc:
            raise corrupt(name) from exc


#: a page's crop box (left, top, right, bottom) and its words, as pdfplumber gives them
_RawPage = tuple[tuple[float, float, float, float], list[dict[str, Any]]]


def text_layers(data: bytes, count: int) -> list[PageText | None]:
    """Each page's text layer, or None where it is missing, too thin or unreadable.

    When pdfminer sees a different number of pages than PDFium, no layer is
    trusted: a page's words could land on another page.
    """
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            raw = [_raw_words(page) for page in pdf.pages]
    except _PARSER_FAULTS:
        return [None] * count
    if len(raw) != count:
        return [None] * count
    return [None if page is None else _page_text(page, index) for index, page in enumerate(raw)]


def _raw_words(page: PlumberPage) -> _RawPage | None:
    """What pdfminer makes of one page; None if it fails on this page alone."""
    try:
        left, top, right, bottom = (float(v) for v in page.cropbox)
        words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    except _PARSER_FAULTS:
        return None
    finally:
        # drops the page's parsed objects, so memory stays at one page's worth
        page.close()
    return (left, top, right, bottom), words


def _page_text(raw: _RawPage, index: int) -> PageText | None:
    (left, top, right, bottom), words = raw
    width, height = right - left, bottom - top
    if width <= 0 or height <= 0:
        return None
    placed = [
        (str(w["text"]), box)
        for w in words
        if (box := _fraction_box(w, left, top, width, height)) is not None
    ]
    if sum(len("".join(text.split())) for text, _ in placed) < MIN_TEXT_CHARS:
        return None
    return PageText(
        index=index,
        width=round(width),
        height=round(height),
        words=_lines(placed),
        source=TextSource.TEXT_LAYER,
    )


def _fraction_box(
    word: dict[str, Any], left: float, top: float, width: float, height: float
) -> Box | None:
    """The word's box as fractions of the crop box, clipped to it; None if outside."""
    x0 = min(max((float(word["x0"]) - left) / width, 0.0), 1.0)
    x1 = min(max((float(word["x1"]) - left) / width, 0.0), 1.0)
    y0 = min(max((float(word["top"]) - top) / height, 0.0), 1.0)
    y1 = min(max((float(word["bottom"]) - top) / height, 0.0), 1.0)
    if x1 <= x0 or y1 <= y0:
        return None
    return Box(x0, y0, x1 - x0, y1 - y0)


def _lines(placed: list[tuple[str, Box]]) -> tuple[Word, ...]:
    """Words numbered by line, counted top to bottom.

    Taken in order of their vertical centres, a word joins the current line
    when its centre is within half a line height of the line's mean centre.
    """
    rows: list[list[tuple[str, Box]]] = []
    centre_sum = height_sum = 0.0
    for text, box in sorted(placed, key=lambda item: _centre(item[1])):
        if rows:
            size = len(rows[-1])
            half = max(box.height, height_sum / size) / 2
            if abs(_centre(box) - centre_sum / size) <= half:
                rows[-1].append((text, box))
                centre_sum += _centre(box)
                height_sum += box.height
                continue
        rows.append([(text, box)])
        centre_sum, height_sum = _centre(box), box.height
    return tuple(
        Word(text=text, confidence=1.0, box=box, line=number)
        for number, row in enumerate(rows)
        for text, box in sorted(row, key=lambda item: item[1].left)
    )


def _centre(box: Box) -> float:
    return box.top + box.height / 2
