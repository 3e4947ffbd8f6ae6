"""A page as a list of drawing steps, drawn the same way to pixels and to PDF.

Coordinates are PDF points (1/72 inch) from the top left; text is placed by
its baseline, so Pillow and fpdf2 put each word in the same spot.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime

from fpdf import FPDF
from fpdf.fonts import TTFFont
from PIL import Image, ImageDraw

from ocr.synth.fonts import Face, font_path, is_cjk_face, pil_font, truetype_subset

DPI = 300
SCALE = DPI / 72
A4 = (595.28, 841.89)
Color = tuple[int, int, int]
BLACK: Color = (0, 0, 0)
WHITE: Color = (255, 255, 255)


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    size: float
    face: Face
    color: Color


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: Color | None
    outline: Color | None
    line: float = 0.6
    radius: float = 0.0


@dataclass(frozen=True)
class Ellipse:
    x: float
    y: float
    w: float
    h: float
    fill: Color


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    color: Color


Item = Text | Rect | Ellipse | Rule


def _needs_cjk(text: str) -> bool:
    return any(ord(c) >= 0x2E80 for c in text)


@dataclass
class Page:
    width: float
    height: float
    #: RGB pages for coloured cards; plain paper pages are rendered grey
    color: bool = False
    #: draw Latin text with Noto CJK instead of DejaVu (layout variety)
    latin_in_cjk: bool = False
    items: list[Item] = field(default_factory=list)

    def face(self, text: str, *, bold: bool = False, mono: bool = False) -> Face:
        if mono:
            return Face.MONO
        if self.latin_in_cjk or _needs_cjk(text):
            return Face.CJK_BOLD if bold else Face.CJK
        return Face.LATIN_BOLD if bold else Face.LATIN

    def measure(self, text: str, size: float, *, bold: bool = False, mono: bool = False) -> float:
        font = pil_font(self.face(text, bold=bold, mono=mono), round(size * SCALE))
        return float(font.getlength(text)) / SCALE

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        mono: bool = False,
        align: str = "left",
        color: Color = BLACK,
    ) -> float:
        """Places ``text`` with its baseline at ``y``; returns its right edge."""
        width = self.measure(text, size, bold=bold, mono=mono)
        if align == "right":
            x -= width
        elif align == "center":
            x -= width / 2
        self.items.append(Text(x, y, text, size, self.face(text, bold=bold, mono=mono), color))
        return x + width

    def rule(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.6) -> None:
        self.items.append(Rule(x1, y1, x2, y2, width, BLACK))

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: Color | None = None,
        outline: Color | None = BLACK,
        line: float = 0.6,
        radius: float = 0.0,
    ) -> None:
        self.items.append(Rect(x, y, w, h, fill, outline, line, radius))

    def ellipse(self, x: float, y: float, w: float, h: float, fill: Color) -> None:
        self.items.append(Ellipse(x, y, w, h, fill))


def page_text(page: Page) -> str:
    """The printed lines, top to bottom, the items of a line left to right."""
    rows: dict[float, list[Text]] = {}
    for item in page.items:
        if isinstance(item, Text) and item.text.strip():
            rows.setdefault(round(item.y, 1), []).append(item)
    return "\n".join(
        " ".join(t.text for t in sorted(row, key=lambda t: t.x)) for _, row in sorted(rows.items())
    )


def _px(value: float) -> int:
    return round(value * SCALE)


def _ink(color: Color, mode: str) -> int | Color:
    if mode == "RGB":
        return color
    red, green, blue = color
    return round(0.299 * red + 0.587 * green + 0.114 * blue)


def render(page: Page) -> Image.Image:
    mode = "RGB" if page.color else "L"
    image = Image.new(mode, (_px(page.width), _px(page.height)), _ink(WHITE, mode))
    draw = ImageDraw.Draw(image)
    for item in page.items:
        if isinstance(item, Text):
            font = pil_font(item.face, _px(item.size))
            xy = (item.x * SCALE, item.y * SCALE)
            draw.text(xy, item.text, font=font, fill=_ink(item.color, mode), anchor="ls")
        elif isinstance(item, Rect):
            box = (_px(item.x), _px(item.y), _px(item.x + item.w), _px(item.y + item.h))
            draw.rounded_rectangle(
                box,
                radius=_px(item.radius),
                fill=None if item.fill is None else _ink(item.fill, mode),
                outline=None if item.outline is None else _ink(item.outline, mode),
                width=max(1, _px(item.line)),
            )
        elif isinstance(item, Ellipse):
            box = (_px(item.x), _px(item.y), _px(item.x + item.w), _px(item.y + item.h))
            draw.ellipse(box, fill=_ink(item.fill, mode))
        else:
            line = (_px(item.x1), _px(item.y1), _px(item.x2), _px(item.y2))
            draw.line(line, fill=_ink(item.color, mode), width=max(1, _px(item.width)))
    return image


def to_pdf(pages: tuple[Page, ...]) -> bytes:
    """The pages as a PDF whose text layer holds every printed word."""
    first = pages[0]
    pdf = FPDF(unit="pt", format=(first.width, first.height))
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(datetime(2024, 1, 1, tzinfo=UTC))
    _add_fonts(pdf, pages)
    for page in pages:
        pdf.add_page(format=(page.width, page.height))
        for item in page.items:
            _pdf_item(pdf, item)
    return bytes(pdf.output())


def _add_fonts(pdf: FPDF, pages: tuple[Page, ...]) -> None:
    used: dict[Face, set[str]] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, Text):
                used.setdefault(item.face, set()).update(item.text)
    for face, chars in used.items():
        if is_cjk_face(face):
            data = io.BytesIO(truetype_subset(face, frozenset(chars)))
            # add_font() only takes a file path; this face exists only in memory.
            pdf.fonts[face.value] = TTFFont(pdf, data, face.value, "")  # type: ignore[arg-type]
        else:
            pdf.add_font(face.value, "", str(font_path(face)))


def _pdf_item(pdf: FPDF, item: Item) -> None:
    if isinstance(item, Text):
        pdf.set_font(item.face.value, size=item.size)
        pdf.set_text_color(*item.color)
        pdf.text(item.x, item.y, item.text)
    elif isinstance(item, Rect):
        style = ("F" if item.fill else "") + ("D" if item.outline else "")
        if item.fill:
            pdf.set_fill_color(*item.fill)
        if item.outline:
            pdf.set_draw_color(*item.outline)
        pdf.set_line_width(item.line)
        pdf.rect(
            item.x, item.y, item.w, item.h, style=style,
            round_corners=item.radius > 0, corner_radius=item.radius,
        )  # fmt: skip
    elif isinstance(item, Ellipse):
        pdf.set_fill_color(*item.fill)
        pdf.ellipse(item.x, item.y, item.w, item.h, style="F")
    else:
        pdf.set_draw_color(*item.color)
        pdf.set_line_width(item.width)
        pdf.line(item.x1, item.y1, item.x2, item.y2)
