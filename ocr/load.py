"""Taking a file in: what it is, how many pages, each page's text layer and image on demand.

Everything is decided from the bytes in memory, and every input the library
cannot take in is refused with a ``DocumentError`` before pixels are decoded.
"""

from __future__ import annotations

import io
import math
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
from PIL import Image, ImageOps

from ocr import pdf
from ocr.errors import DocumentError
from ocr.pdf import corrupt, the_file
from ocr.types import Limits, PageText

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
BMP = "image/bmp"

_PILLOW_FORMAT = {PNG: "PNG", JPEG: "JPEG", TIFF: "TIFF", BMP: "BMP"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# sizes of the BMP info headers Pillow knows; "BM" alone also starts plain text
_BMP_HEADER_SIZES = {12, 16, 40, 52, 56, 64, 108, 124}
_EXIF_ORIENTATION = 0x0112
_DEFAULT_LIMITS = Limits()

# What Pillow's decoders raise on malformed input (its plugins use SyntaxError
# for broken headers and struct.error when a header is cut short).
_IMAGE_FAULTS = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, KeyError)
# Pillow's own guard against decompression bombs fires above ~89 Mpx, far over
# our limit; the warning is caught too for runs that turn warnings into errors.
_BOMB = (Image.DecompressionBombError, Image.DecompressionBombWarning)


@dataclass(frozen=True)
class SourcePage:
    """One page as taken in; its pixels are decoded only when ``render`` is called."""

    index: int
    #: the PDF page's text layer; None for images and pages without usable text
    text: PageText | None
    #: PDF page size in points as displayed (None for images)
    width_pt: float | None
    height_pt: float | None
    #: render(dpi) -> the page as an "L" or "RGB" image, upright, at most
    #: Limits.max_pixels (scaled down to fit); dpi is ignored for images.
    #: Raises DocumentError: "document.corrupt" if the pixels turn out broken,
    #: "document.unsupported" for a colour format that cannot be converted.
    render: Callable[[int], Image.Image]


@dataclass(frozen=True)
class Document:
    """A file taken in: its media type (see ``sniff``) and its pages in order."""

    media_type: str
    page_count: int
    pages: tuple[SourcePage, ...]


def sniff(data: bytes) -> str:
    """The media type the magic bytes say, or DocumentError if none LoanDesk reads."""
    return _sniff(data, "")


def open_document(data: bytes, *, name: str = "", limits: Limits = _DEFAULT_LIMITS) -> Document:
    """The pages of a PDF or image file; ``name`` is only used in messages.

    Raises DocumentError for any input that cannot be taken in.
    """
    if len(data) > limits.max_bytes:
        raise DocumentError(
            "document.too_big",
            f"{the_file(name)} is {_megabytes(len(data))}, more than the "
            f"{_megabytes(limits.max_bytes)} LoanDesk takes in; ask for a smaller copy "
            "(for example scanned at a lower resolution).",
        )
    media_type = _sniff(data, name)
    if media_type == PDF:
        return _open_pdf(data, name, limits)
    return _open_image(data, media_type, name, limits)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _sniff(data: bytes, name: str) -> str:
    head = data[:1024]
    if b"%PDF-" in head:
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return TIFF
    if head.startswith(b"BM") and len(head) >= 18:
        if int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES:
            return BMP
    if head.startswith(_OLE_MAGIC):
        _refuse_office(name, "an older Microsoft Office document (Word or Excel)")
    if head.startswith(b"PK\x03\x04"):
        _refuse_zip(data, name)
    if not data:
        raise DocumentError(
            "document.unsupported",
            f"{the_file(name)} is empty (0 bytes), so it is not a PDF or an image "
            "LoanDesk can read (PNG, JPEG, TIFF, BMP).",
        )
    raise DocumentError(
        "document.unsupported",
        f"{the_file(name)} is not a PDF or an image LoanDesk can read (PNG, JPEG, TIFF, BMP).",
    )


def _refuse_office(name: str, what: str) -> None:
    raise DocumentError(
        "document.office",
        f"{the_file(name)} is {what}, not a PDF; "
        "open it in Office, save it as PDF first and add the PDF.",
    )


def _refuse_zip(data: bytes, name: str) -> None:
    """Office documents are zip files; say which one it is, or that it is an archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        # a cut-short archive has no directory; the local headers still name the parts
        names = [part.decode("latin-1") for part in (b"word/", b"xl/", b"ppt/") if part in data]
    for prefix, what in (
        ("word/", "a Word document"),
        ("xl/", "an Excel workbook"),
        ("ppt/", "a PowerPoint presentation"),
    ):
        if any(entry.startswith(prefix) for entry in names):
            _refuse_office(name, what)
    if "content.xml" in names or "mimetype" in names:
        _refuse_office(name, "an OpenDocument file")
    raise DocumentError(
        "document.unsupported",
        f"{the_file(name)} is a ZIP archive, not a PDF or an image LoanDesk can read "
        "(PNG, JPEG, TIFF, BMP); unpack it and add the files inside.",
    )


# --- PDF -------------------------------------------------------------------


def _open_pdf(data: bytes, name: str, limits: Limits) -> Document:
    sizes = pdf.page_sizes(data, name, limits)
    texts = pdf.text_layers(data, len(sizes))
    pages = tuple(
        SourcePage(
            index=index,
            text=text,
            width_pt=size[0],
            height_pt=size[1],
            render=partial(_render_pdf, data, index, size, name, limits),
        )
        for index, (size, text) in enumerate(zip(sizes, texts, strict=True))
    )
    return Document(media_type=PDF, page_count=len(pages), pages=pages)


def _render_pdf(
    data: bytes, index: int, size: tuple[float, float], name: str, limits: Limits, dpi: int
) -> Image.Image:
    return pdf.render_page(data, index, size, dpi, name=name, limits=limits)


# --- images ----------------------------------------------------------------


def _open_image(data: bytes, media_type: str, name: str, limits: Limits) -> Document:
    """Reads only headers: frame count and sizes are checked before any pixel."""
    with _image(data, media_type, name, limits) as image:
        try:
            count = _frame_count(image, limits) if media_type == TIFF else 1
            if count > limits.max_pages:
                counted = f"more than {count - 1}" if count > _frame_cap(limits) else str(count)
                raise DocumentError(
                    "document.too_many_pages",
                    f"{the_file(name)} has {counted} pages, more than the {limits.max_pages} "
                    "LoanDesk reads from one document; split it into smaller files.",
                )
            for frame in range(count):
                image.seek(frame)
                _check_pixels(image.size, name, limits)
        except _BOMB as exc:
            raise _too_large(name, None, limits) from exc
        except _IMAGE_FAULTS as exc:
            raise corrupt(name) from exc
    pages = tuple(
        SourcePage(
            index=frame,
            text=None,
            width_pt=None,
            height_pt=None,
            render=partial(_render_image, data, media_type, frame, name, limits),
        )
        for frame in range(count)
    )
    return Document(media_type=media_type, page_count=count, pages=pages)


def _frame_cap(limits: Limits) -> int:
    return limits.max_pages * 10


def _frame_count(image: Image.Image, limits: Limits) -> int:
    """Frames in a TIFF, counted up to one past a cap.

    Pillow's ``n_frames`` walks every frame, and a crafted file can hold
    millions of tiny ones; past the cap the exact count no longer matters.
    """
    count = 1
    while count <= _frame_cap(limits):
        try:
            image.seek(count)
        except EOFError:
            break
        count += 1
    return count


def _image(data: bytes, media_type: str, name: str, limits: Limits) -> Image.Image:
    """The image opened lazily (headers only) by the plugin its magic bytes named."""
    try:
        return Image.open(io.BytesIO(data), formats=[_PILLOW_FORMAT[media_type]])
    except _BOMB as exc:
        raise _too_large(name, None, limits) from exc
    except _IMAGE_FAULTS as exc:
        raise corrupt(name) from exc


def _check_pixels(size: tuple[int, int], name: str, limits: Limits) -> None:
    if size[0] * size[1] > limits.max_pixels or min(size) <= 0:
        raise _too_large(name, size, limits)


def _too_large(name: str, size: tuple[int, int] | None, limits: Limits) -> DocumentError:
    most = f"{limits.max_pixels / 1_000_000:g} million pixels LoanDesk decodes"
    declared = (
        f"is an image of {size[0]} by {size[1]} pixels, more than the {most}"
        if size
        else f"declares an image of more than the {most}"
    )
    return DocumentError(
        "document.too_large",
        f"{the_file(name)} {declared}; scan it again at a lower resolution.",
    )


def _render_image(
    data: bytes, media_type: str, frame: int, name: str, limits: Limits, dpi: int
) -> Image.Image:
    del dpi  # an image has its pixels already
    with _image(data, media_type, name, limits) as image:
        try:
            image.seek(frame)
            _check_pixels(image.size, name, limits)
            image.load()
        except _IMAGE_FAULTS as exc:
            raise corrupt(name) from exc
        try:
            plain = _plain(_upright(image))
        except (ValueError, OSError) as exc:
            # Pillow decodes some colour formats it cannot convert
            raise DocumentError(
                "document.unsupported",
                f"{the_file(name)} stores its colours in a way LoanDesk cannot read; "
                "save it again as an ordinary PNG or JPEG.",
            ) from exc
        return _fit(plain, limits.max_pixels)


def _upright(image: Image.Image) -> Image.Image:
    """The image turned as its EXIF orientation says (phones store portraits sideways)."""
    try:
        orientation = image.getexif().get(_EXIF_ORIENTATION, 1)
    except _IMAGE_FAULTS:
        # a broken EXIF block only costs the orientation, not the page
        orientation = 1
    if orientation in (2, 3, 4, 5, 6, 7, 8):
        return ImageOps.exif_transpose(image)
    return image


def _plain(image: Image.Image) -> Image.Image:
    """The image as 8-bit "L" or "RGB"; transparency is laid over white paper."""
    mode = image.mode
    if mode in ("L", "RGB") and "transparency" not in image.info:
        return image
    if mode == "1":
        return image.convert("L")
    if mode.startswith(("I", "F")):
        return _eight_bit(image)
    if image.has_transparency_data:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        flat = Image.alpha_composite(paper, rgba).convert("RGB")
        return flat.convert("L") if mode in ("LA", "La", "L") else flat
    return image.convert("RGB")


def _eight_bit(image: Image.Image) -> Image.Image:
    """16-bit, 32-bit or float grey brought to 0..255 ("I" holds 16-bit PNGs too)."""
    values = np.asarray(image).astype(np.float64)
    if image.mode.startswith("I;16") or (image.mode == "I" and values.max(initial=0) > 255):
        values = values / 257
    return Image.fromarray(np.clip(np.rint(values), 0, 255).astype(np.uint8))


def _fit(image: Image.Image, max_pixels: int) -> Image.Image:
    """The image scaled down, keeping its aspect, to at most ``max_pixels``."""
    width, height = image.size
    if width * height <= max_pixels:
        return image
    factor = math.sqrt(max_pixels / (width * height))
    size = (max(1, math.floor(width * factor)), max(1, math.floor(height * factor)))
    return image.resize(size, Image.Resampling.LANCZOS)
