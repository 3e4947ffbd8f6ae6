"""Drawing a document: letterhead, title, text, key-value tables, long tables, pictures.

A document is described first as plain blocks, then drawn with fpdf2. The
face is Noto Sans CJK, embedded as a TrueType subset of exactly the
characters the document uses (``ocr.synth.fonts``: pdfminer cannot read
back the CFF original), so every character must be known before drawing
starts; describing the whole document first gives that. The PDF is built
in memory: nothing touches the disk.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from fpdf import FPDF
from fpdf.enums import TableCellFillMode, XPos, YPos
from fpdf.fonts import FontFace, TTFFont
from PIL import Image

from app.letters.texts import Language, say
from app.letters.wrap import wrap
from ocr.synth.fonts import Face, truetype_subset

FAMILY = "loandesk"
Align = Literal["L", "R", "C"]
Colour = tuple[int, int, int]

_INK = (33, 37, 41)
_MUTED = (108, 117, 125)
_ACCENT = (21, 67, 96)
_RULE = (190, 198, 206)
_HEAD_FILL = (226, 234, 242)
_ZEBRA = (246, 248, 250)
_MARGIN = 18.0
_BODY_TOP = 27.0
_BOTTOM = 20.0
#: a line is broken this much short of its width, against rounding in fpdf2
_SLACK = 0.6
#: every page number, separator and Latin letter a document may need besides its text
_ALWAYS = frozenset(chr(c) for c in range(0x20, 0x7F)) | set("·–…")


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    small: bool = False


@dataclass(frozen=True)
class Items:
    """A numbered list (reasons, conditions)."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Pairs:
    """Labels and their values, two columns."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Column:
    title: str
    width: float = 1.0
    align: Align = "L"


@dataclass(frozen=True)
class Table:
    """Rows under a header that repeats on every page the table runs onto."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    #: a last row in bold (the totals)
    total: tuple[str, ...] | None = None
    #: rows drawn in bold (the chosen method in a comparison)
    bold_rows: frozenset[int] = field(default_factory=frozenset)
    #: tighter rows, for long tables of figures
    dense: bool = False


@dataclass(frozen=True)
class Picture:
    png: bytes
    caption: str
    width: float = 55.0


@dataclass(frozen=True)
class Bars:
    """A horizontal bar chart: per row its label, its value and the value in words."""

    rows: tuple[tuple[str, float, str], ...]


Block = Heading | Subheading | Paragraph | Items | Pairs | Table | Picture | Bars


@dataclass(frozen=True)
class Document:
    language: Language
    bank: str
    branch: str | None
    title: str
    #: under every page: the case and the time of printing
    footer: str
    printed_at: datetime
    blocks: tuple[Block, ...]


def _texts(document: Document) -> Iterator[str]:
    yield from (document.bank, document.branch or "", document.title, document.footer)
    yield say("page", document.language, page=0, pages=0)
    for block in document.blocks:
        if isinstance(block, Heading | Subheading | Paragraph):
            yield block.text
        elif isinstance(block, Items):
            yield from block.items
        elif isinstance(block, Pairs):
            yield from (text for row in block.rows for text in row)
        elif isinstance(block, Table):
            yield from (c.title for c in block.columns)
            yield from (text for row in (*block.rows, block.total or ()) for text in row)
        elif isinstance(block, Bars):
            yield from (text for label, _, words in block.rows for text in (label, words))
        else:
            yield block.caption


def characters(document: Document) -> frozenset[str]:
    """Every character the document draws."""
    return frozenset("".join(_texts(document))) | _ALWAYS


class _Pages(FPDF):
    """A4 pages with the letterhead on top and the case, time and page number below."""

    def __init__(self, document: Document) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.document = document
        chars = characters(document)
        for style, face in (("", Face.CJK), ("B", Face.CJK_BOLD)):
            data = io.BytesIO(truetype_subset(face, chars))
            key = FAMILY + style
            # add_font() takes only a path; this face exists only in memory.
            self.fonts[key] = TTFFont(self, data, key, style)  # type: ignore[arg-type]
        self.set_margins(_MARGIN, _BODY_TOP, _MARGIN)
        self.set_auto_page_break(True, margin=_BOTTOM)
        self.alias_nb_pages("{nb}")
        self.set_title(document.title)
        self.set_author(document.bank)
        self.set_creator(document.bank)
        self.set_producer(document.bank)
        self.set_lang("zh-CN" if document.language == "zh" else "en")
        self.set_creation_date(document.printed_at)

    def style(self, size: float, *, bold: bool = False, colour: Colour = _INK) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*colour)

    def header(self) -> None:
        doc = self.document
        self.set_xy(_MARGIN, 10)
        self.style(13, bold=True, colour=_ACCENT)
        self.cell(110, 6, doc.bank)
        self.style(8, colour=_MUTED)
        # the first page carries the title in full below
        title = doc.title if self.page_no() > 1 else ""
        self.cell(0, 6, title, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if doc.branch:
            self.cell(110, 4.5, doc.branch)
        self.set_draw_color(*_ACCENT)
        self.set_line_width(0.5)
        self.line(_MARGIN, 21.5, self.w - _MARGIN, 21.5)
        self.set_xy(_MARGIN, _BODY_TOP)

    def footer(self) -> None:
        doc = self.document
        y = self.h - 14
        self.set_draw_color(*_RULE)
        self.set_line_width(0.2)
        self.line(_MARGIN, y, self.w - _MARGIN, y)
        self.set_xy(_MARGIN, y + 1.5)
        self.style(7.5, colour=_MUTED)
        page = say("page", doc.language, page=self.page_no(), pages="{nb}")
        self.cell(130, 4, doc.footer)
        self.cell(0, 4, page, align="R")

    def fit(self, text: str, width: float, *, bold: bool = False) -> str:
        """``text`` broken into lines of ``width`` mm in the current size.

        Both languages are broken here, not by fpdf2: an English letter holds
        Chinese names, addresses and conditions, a Chinese one English reasons.
        """
        family, style, size = self.font_family, self.font_style, self.font_size_pt
        self.set_font(FAMILY, "B" if bold else "", size)
        try:
            return wrap(text, width - _SLACK, self.get_string_width)
        finally:
            self.set_font(family, style, size)

    def room(self, height: float) -> None:
        """Start a new page unless ``height`` more millimetres fit on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()


def _title(pdf: _Pages, text: str) -> None:
    pdf.style(17, bold=True)
    text = pdf.fit(text, pdf.epw, bold=True)
    pdf.multi_cell(0, 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.ln(3)


def _heading(pdf: _Pages, block: Heading) -> None:
    pdf.ln(4)
    pdf.room(22)  # a heading never ends a page alone
    pdf.style(11.5, bold=True, colour=_ACCENT)
    text = pdf.fit(block.text, pdf.epw, bold=True)
    pdf.multi_cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.ln(1)


def _subheading(pdf: _Pages, block: Subheading) -> None:
    pdf.ln(1.5)
    pdf.room(16)
    pdf.style(10, bold=True)
    text = pdf.fit(block.text, pdf.epw, bold=True)
    pdf.multi_cell(0, 5.4, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.ln(0.5)


def _paragraph(pdf: _Pages, block: Paragraph) -> None:
    if block.small:
        pdf.style(8.5, colour=_MUTED)
    else:
        pdf.style(10)
    height = 4.4 if block.small else 5.4
    text = pdf.fit(block.text, pdf.epw)
    pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.ln(1.5)


def _items(pdf: _Pages, block: Items) -> None:
    pdf.style(10)
    indent = 8.0
    for number, text in enumerate(block.items, 1):
        pdf.room(6)
        pdf.set_x(_MARGIN)
        pdf.cell(indent, 5.4, f"{number}.")
        width = pdf.epw - indent
        lines = pdf.fit(text, width)
        pdf.multi_cell(width, 5.4, lines, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.ln(0.8)
    pdf.ln(1)


_PAD = (1.2, 1.5)  # top and bottom, left and right, in mm
_ALIGN = {"L": "LEFT", "R": "RIGHT", "C": "CENTER"}


def _inner_widths(pdf: _Pages, shares: Sequence[float]) -> list[float]:
    """The room for text in each column of a full-width table."""
    total = sum(shares)
    return [pdf.epw * share / total - 2 * _PAD[1] for share in shares]


def _lines(pdf: _Pages) -> None:
    pdf.set_draw_color(*_RULE)
    pdf.set_line_width(0.2)


def _pairs(pdf: _Pages, block: Pairs) -> None:
    pdf.style(9.5)
    _lines(pdf)
    key_style = FontFace(color=_MUTED)
    shares = (36.0, 64.0)
    key_width, value_width = _inner_widths(pdf, shares)
    with pdf.table(
        col_widths=shares,
        text_align=("LEFT", "LEFT"),
        first_row_as_headings=False,
        borders_layout="HORIZONTAL_LINES",
        line_height=5,
        padding=_PAD,
    ) as table:
        for key, value in block.rows:
            row = table.row()
            row.cell(pdf.fit(key, key_width), style=key_style)
            row.cell(pdf.fit(value, value_width))
    pdf.ln(2)


def _table(pdf: _Pages, block: Table) -> None:
    pdf.room(20)
    pdf.style(8.8)
    _lines(pdf)
    bold = FontFace(emphasis="BOLD")
    widths = _inner_widths(pdf, [c.width for c in block.columns])
    with pdf.table(
        col_widths=tuple(c.width for c in block.columns),
        text_align=tuple(_ALIGN[c.align] for c in block.columns),
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", color=_ACCENT, fill_color=_HEAD_FILL),
        cell_fill_color=_ZEBRA,
        cell_fill_mode=TableCellFillMode.ROWS,
        line_height=4.2 if block.dense else 4.6,
        padding=(0.7, _PAD[1]) if block.dense else _PAD,
        repeat_headings=1,
    ) as table:
        heading = table.row()
        for column, width in zip(block.columns, widths, strict=True):
            heading.cell(pdf.fit(column.title, width, bold=True))
        rows = [(cells, n in block.bold_rows) for n, cells in enumerate(block.rows)]
        if block.total is not None:
            rows.append((block.total, True))
        for cells, strong in rows:
            row = table.row()
            for text, width in zip(cells, widths, strict=True):
                row.cell(pdf.fit(text, width, bold=strong), style=bold if strong else None)
    pdf.ln(2)


def _place_picture(pdf: _Pages, block: Picture) -> None:
    with Image.open(io.BytesIO(block.png)) as picture:
        ratio = picture.height / picture.width
    height = block.width * ratio
    pdf.room(height + 8)
    top = pdf.get_y()
    pdf.image(io.BytesIO(block.png), x=_MARGIN, y=top, w=block.width, h=height)
    _lines(pdf)
    pdf.rect(_MARGIN, top, block.width, height)
    pdf.set_xy(_MARGIN, top + height + 0.8)
    pdf.style(7.5, colour=_MUTED)
    pdf.cell(0, 4, block.caption, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


_BAR = (70, 130, 180)
_BAR_ROW = 5.2


def _bars(pdf: _Pages, block: Bars) -> None:
    """Labels on the left, bars scaled to the largest value, each value's words after its bar."""
    label_width, words_width = pdf.epw * 0.34, pdf.epw * 0.16
    room = pdf.epw - label_width - words_width - 2
    largest = max((value for _, value, _ in block.rows), default=0.0)
    pdf.style(8.8)
    for label, value, words in block.rows:
        pdf.room(_BAR_ROW)
        top = pdf.get_y()
        pdf.set_xy(_MARGIN, top)
        pdf.cell(label_width, _BAR_ROW, pdf.fit(label, label_width).split("\n")[0])
        width = room * value / largest if largest > 0 else 0.0
        if width > 0:
            with pdf.local_context(fill_color=_BAR):  # the tables after keep their own fill
                pdf.rect(_MARGIN + label_width, top + 1.0, max(width, 0.4), _BAR_ROW - 2.0, "F")
        pdf.set_xy(_MARGIN + label_width + width + 1.5, top)
        pdf.cell(words_width, _BAR_ROW, words)
        pdf.set_xy(_MARGIN, top + _BAR_ROW)
    pdf.ln(2)


def _draw(pdf: _Pages, block: Block) -> None:
    if isinstance(block, Heading):
        _heading(pdf, block)
    elif isinstance(block, Subheading):
        _subheading(pdf, block)
    elif isinstance(block, Paragraph):
        _paragraph(pdf, block)
    elif isinstance(block, Items):
        _items(pdf, block)
    elif isinstance(block, Pairs):
        _pairs(pdf, block)
    elif isinstance(block, Table):
        _table(pdf, block)
    elif isinstance(block, Bars):
        _bars(pdf, block)
    else:
        _place_picture(pdf, block)


def render(document: Document) -> bytes:
    """The document as PDF bytes, made in memory."""
    pdf = _Pages(document)
    pdf.add_page()
    _title(pdf, document.title)
    for block in document.blocks:
        _draw(pdf, block)
    return bytes(pdf.output())


def blocks(*parts: Block | Sequence[Block] | None) -> tuple[Block, ...]:
    """The blocks given, lists flattened and Nones left out (for optional sections)."""
    out: list[Block] = []
    for part in parts:
        if part is None:
            continue
        if isinstance(part, Sequence):
            out.extend(part)
        else:
            out.append(part)
    return tuple(out)
