"""The types the intake library hands out: pages of words, documents, fields.

Positions are fractions of the page (0..1 from the top left), so a box drawn
over a page shown at any zoom, or over the same page rasterized at another
resolution, lands in the same place. Confidences are 0..1.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class DocKind(StrEnum):
    """What a document is; the value is stored in events, so never rename one."""

    ID_CARD_FRONT = "id_card_front"
    ID_CARD_BACK = "id_card_back"
    PASSPORT = "passport"
    PAYSLIP = "payslip"
    BANK_STATEMENT = "bank_statement"
    BUSINESS_LICENCE = "business_licence"
    UTILITY_BILL = "utility_bill"
    OTHER = "other"


class TextSource(StrEnum):
    OCR = "ocr"
    TEXT_LAYER = "text_layer"


@dataclass(frozen=True)
class Box:
    """A rectangle as fractions of the page's width and height."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def union(self, other: Box) -> Box:
        left = min(self.left, other.left)
        top = min(self.top, other.top)
        return Box(
            left, top, max(self.right, other.right) - left, max(self.bottom, other.bottom) - top
        )

    @staticmethod
    def around(boxes: list[Box]) -> Box | None:
        if not boxes:
            return None
        out = boxes[0]
        for box in boxes[1:]:
            out = out.union(box)
        return out


@dataclass(frozen=True)
class Word:
    """One word as read, with where it is and how sure the reader was."""

    text: str
    confidence: float
    box: Box
    #: the line it belongs to, counted from 0 down the page
    line: int


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        """The words joined; no space between two CJK characters."""
        out = ""
        for word in self.words:
            if out and not (_cjk(out[-1]) and _cjk(word.text[:1])):
                out += " "
            out += word.text
        return out

    @property
    def box(self) -> Box | None:
        return Box.around([w.box for w in self.words])

    @property
    def confidence(self) -> float:
        return min((w.confidence for w in self.words), default=0.0)


def _cjk(char: str) -> bool:
    return bool(char) and (
        "\u3400" <= char <= "\u9fff" or "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef"
    )


@dataclass(frozen=True)
class PageText:
    """One page's words, read by OCR or taken from a PDF's text layer."""

    index: int
    #: size in pixels of the image that was read (PDF text layers: points)
    width: int
    height: int
    words: tuple[Word, ...]
    source: TextSource
    #: degrees the page was turned clockwise before reading (0, 90, 180, 270)
    rotation: int = 0
    #: small correction applied to straighten the page, in degrees
    skew: float = 0.0

    def lines(self) -> list[Line]:
        grouped: dict[int, list[Word]] = {}
        for word in self.words:
            grouped.setdefault(word.line, []).append(word)
        return [
            Line(tuple(sorted(words, key=lambda w: w.box.left)))
            for _, words in sorted(grouped.items())
        ]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines())

    @property
    def confidence(self) -> float:
        """Mean word confidence; 0 for an empty page."""
        if not self.words:
            return 0.0
        return sum(w.confidence for w in self.words) / len(self.words)


@dataclass(frozen=True)
class Problem:
    """Why a field needs a person's look: a stable code and an English sentence."""

    code: str
    message: str


@dataclass(frozen=True)
class Field:
    """One value pulled out of a document, normalised.

    Dates are ISO ``YYYY-MM-DD`` (months ``YYYY-MM``), amounts plain decimals
    with two places (``12500.00``), ID numbers upper-case without spaces.
    """

    name: str
    value: str
    confidence: float
    page: int | None = None
    box: Box | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class MonthFlow:
    """A bank statement's month: money in, money out, the balance over the month."""

    month: str
    inflow: str
    outflow: str
    average_balance: str
    salary: str


@dataclass(frozen=True)
class Extraction:
    """What a document is and the fields found in it."""

    kind: DocKind
    kind_confidence: float
    fields: tuple[Field, ...]
    months: tuple[MonthFlow, ...] = ()

    def get(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)


@dataclass(frozen=True)
class Limits:
    """What one document may cost before it is refused rather than read."""

    max_bytes: int = 60 * 1024 * 1024
    max_pages: int = 50
    #: pixels of one page image after decoding (a 300 dpi A3 page is ~17.4 Mpx)
    max_pixels: int = 40_000_000
    #: longest side kept for reading; larger pages are scaled down first
    max_side: int = 5000
    dpi: int = 300


@dataclass
class ReadOptions:
    languages: tuple[str, ...] = ("eng", "chi_sim")
    limits: Limits = field(default_factory=Limits)
    #: pages read at once (one tesseract process each)
    workers: int = 1
