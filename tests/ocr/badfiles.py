"""Files for the intake tests, good and bad, built in memory (nothing touches the disk)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from fpdf import FPDF
from PIL import Image

#: fpdf2's A4 in points
A4 = (595.28, 841.89)


def image_bytes(image: Image.Image, fmt: str, **params: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **params)
    return out.getvalue()


def multipage_tiff(sizes: list[tuple[int, int]]) -> bytes:
    """A TIFF with one grey frame per size, frame i filled with grey level 40*i."""
    frames = [Image.new("L", size, 40 * i) for i, size in enumerate(sizes)]
    return image_bytes(frames[0], "TIFF", save_all=True, append_images=frames[1:])


# --- PDFs made with fpdf2 ----------------------------------------------------


@dataclass(frozen=True)
class Drawn:
    """A word written on a page: its left edge and baseline in points from the top left."""

    text: str
    x: float
    baseline: float
    size: float


#: words of the text-layer page; the first two share a line
TEXT_WORDS = (
    Drawn("Applicant", 72, 100, 14),
    Drawn("ZHANGWEI", 300, 100, 14),
    Drawn("Monthly", 72, 160, 12),
    Drawn("income", 140, 160, 12),
    Drawn("12500.00", 400, 400, 20),
)


def _fpdf() -> FPDF:
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica")
    return pdf


def _write(pdf: FPDF, words: tuple[Drawn, ...]) -> None:
    for word in words:
        pdf.set_font_size(word.size)
        pdf.text(word.x, word.baseline, word.text)


def _scan(size: tuple[int, int] = (400, 300)) -> Image.Image:
    """A grey "scan" with a black bar, to place on an image-only page."""
    image = Image.new("L", size, 230)
    image.paste(0, (20, 20, size[0] - 20, 60))
    return image


def text_pdf(words: tuple[Drawn, ...] = TEXT_WORDS) -> bytes:
    pdf = _fpdf()
    pdf.add_page()
    _write(pdf, words)
    return bytes(pdf.output())


def image_pdf() -> bytes:
    pdf = _fpdf()
    pdf.add_page()
    pdf.image(_scan(), x=0, y=0, w=A4[0], h=A4[1])
    return bytes(pdf.output())


def mixed_pdf() -> bytes:
    """Page 0 has a text layer, page 1 is a scan only."""
    pdf = _fpdf()
    pdf.add_page()
    _write(pdf, TEXT_WORDS)
    pdf.add_page()
    pdf.image(_scan(), x=0, y=0, w=A4[0], h=A4[1])
    return bytes(pdf.output())


def encrypted_pdf(user_password: str) -> bytes:
    pdf = _fpdf()
    pdf.set_encryption(owner_password=user_password + "-owner", user_password=user_password)
    pdf.add_page()
    _write(pdf, TEXT_WORDS)
    return bytes(pdf.output())


# --- PDFs written object by object ----------------------------------------


def raw_pdf(pages: list[bytes], *, content: bytes = b"") -> bytes:
    """A PDF whose pages are the given page dictionaries' inner entries.

    Each entry of ``pages`` is the body of one /Page dictionary (without
    /Type and /Parent), e.g. ``b"/MediaBox [0 0 600 400] /Contents 5 0 R"``.
    Objects: 1 catalog, 2 page tree, 3 Helvetica, 4 a shared content stream
    (``content``), 5.. the pages.
    """
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    resources = b"/Resources << /Font << /F1 3 0 R >> >>"
    objects += [b"<< /Type /Page /Parent 2 0 R %s %s >>" % (page, resources) for page in pages]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


#: Helvetica 24 pt at x=100, baseline y=300 (PDF space, origin bottom left),
#: twice over so the page holds more than a stray mark
RAW_CONTENT = b"BT /F1 24 Tf 100 300 Td (ROTATED SIDEWAYS) Tj 0 -40 Td (SECOND LINE HERE) Tj ET"


def blank_pages_pdf(count: int) -> bytes:
    return raw_pdf([b"/MediaBox [0 0 612 792] /Contents 4 0 R"] * count)


def rotated_pdf(rotate: int) -> bytes:
    """One 600 x 400 pt landscape page with the RAW_CONTENT text, turned by /Rotate."""
    page = b"/MediaBox [0 0 600 400] /Rotate %d /Contents 4 0 R" % rotate
    return raw_pdf([page], content=RAW_CONTENT)


def upright_rotated_pdf(rotate: int, words: tuple[Drawn, ...]) -> bytes:
    """A 600 x 400 pt page, turned by /Rotate, whose text is drawn turned the other way.

    So it reads upright on screen, as a scanner or viewer that saved the turn
    in /Rotate leaves it; ``words`` are placed in that upright view.
    """
    width, height = 600, 400
    shown = []
    for word in words:
        matrix = _upright_matrix(rotate, word.x, word.baseline, width, height)
        text = word.text.encode("latin-1")
        numbers = " ".join(f"{value:g}" for value in matrix).encode()
        shown.append(b"/F1 %g Tf %s Tm (%s) Tj" % (word.size, numbers, text))
    content = b"BT " + b" ".join(shown) + b" ET"
    page = b"/MediaBox [0 0 %d %d] /Rotate %d /Contents 4 0 R" % (width, height, rotate)
    return raw_pdf([page], content=content)


def _upright_matrix(
    rotate: int, left: float, baseline: float, width: float, height: float
) -> tuple[float, ...]:
    """The text matrix that puts text upright at (left, baseline) of the turned view."""
    if rotate == 90:
        return (0, 1, -1, 0, baseline, left)
    if rotate == 180:
        return (-1, 0, 0, -1, width - left, baseline)
    if rotate == 270:
        return (0, -1, 1, 0, width - baseline, height - left)
    return (1, 0, 0, 1, left, height - baseline)


def huge_page_pdf() -> bytes:
    """One page of 200 x 100 inches (the most PDF allows is 200 inches a side)."""
    return raw_pdf([b"/MediaBox [0 0 14400 7200] /Contents 4 0 R"])


# --- not PDFs, not images ----------------------------------------------------


def office_zip(kind: str) -> bytes:
    """A minimal Word ("word") or Excel ("xl") file as Office writes it: a zip of XML parts."""
    out = io.BytesIO()
    main = {"word": "word/document.xml", "xl": "xl/workbook.xml"}[kind]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(main, '<?xml version="1.0"?><document>loan application</document>')
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("statement.csv", "date,amount\n2024-01-01,100.00\n")
    return out.getvalue()


def ole_doc() -> bytes:
    """The start of a Word 97-2003 .doc: the OLE compound file signature and header."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00" + b"\0" * 488


# --- images that declare more than they are -----------------------------------


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` x ``height`` but carries one byte of pixels: a bomb."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(b"\x00"))
        + _chunk(b"IEND", b"")
    )


def blank_bilevel_png(width: int, height: int) -> bytes:
    """A real, complete 1-bit PNG of that size, compressed row by row (never held whole)."""
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    rows_per_step = 1000
    data = bytearray()
    for start in range(0, height, rows_per_step):
        data += packer.compress(row * min(rows_per_step, height - start))
    data += packer.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", bytes(data))
        + _chunk(b"IEND", b"")
    )
