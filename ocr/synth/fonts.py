"""The system fonts samples are drawn with, for Pillow and for fpdf2.

fpdf2 embeds Noto CJK's CFF outlines with a character map pdfminer cannot
decode, so its Chinese would vanish from the text layer; the PDF gets a
TrueType copy of just the glyphs a document uses, converted in memory.
"""

from __future__ import annotations

import io
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont, newTable
from PIL import ImageFont

_NOTO = Path("/usr/share/fonts/opentype/noto")
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
#: index of Simplified Chinese in the Noto Sans CJK collections
CJK_INDEX = 2


class FontMissing(RuntimeError):
    """A font the generator draws with is not installed on this machine."""


class Face(StrEnum):
    LATIN = "latin"
    LATIN_BOLD = "latin_bold"
    CJK = "cjk"
    CJK_BOLD = "cjk_bold"
    MONO = "mono"


_FILES = {
    Face.LATIN: (_DEJAVU / "DejaVuSans.ttf", "fonts-dejavu-core"),
    Face.LATIN_BOLD: (_DEJAVU / "DejaVuSans-Bold.ttf", "fonts-dejavu-core"),
    Face.CJK: (_NOTO / "NotoSansCJK-Regular.ttc", "fonts-noto-cjk"),
    Face.CJK_BOLD: (_NOTO / "NotoSansCJK-Bold.ttc", "fonts-noto-cjk"),
    Face.MONO: (_DEJAVU / "DejaVuSansMono.ttf", "fonts-dejavu-core"),
}


def font_path(face: Face) -> Path:
    path, package = _FILES[face]
    if face is Face.CJK_BOLD and not path.exists():
        # Some installs carry only the regular weight.
        return font_path(Face.CJK)
    if not path.exists():
        raise FontMissing(f"Font {path} is missing; install the Debian package {package}.")
    return path


def is_cjk_face(face: Face) -> bool:
    return face in (Face.CJK, Face.CJK_BOLD)


@lru_cache(maxsize=64)
def pil_font(face: Face, size_px: int) -> ImageFont.FreeTypeFont:
    index = CJK_INDEX if is_cjk_face(face) else 0
    return ImageFont.truetype(str(font_path(face)), size_px, index=index)


@lru_cache(maxsize=16)
def truetype_subset(face: Face, chars: frozenset[str]) -> bytes:
    """A TrueType font holding the glyphs of ``chars`` from a CJK face."""
    font = TTFont(str(font_path(face)), fontNumber=CJK_INDEX, lazy=False)
    options = Options()
    options.desubroutinize = True
    options.notdef_outline = True
    options.layout_features = []
    options.name_IDs = ["*"]
    subsetter = Subsetter(options)
    subsetter.populate(text="".join(sorted(chars | {" "})))
    subsetter.subset(font)
    _cff_to_glyf(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _cff_to_glyf(font: TTFont) -> None:
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        # TrueType contours run the other way round from CFF ones.
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours",
        "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
        "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
        "maxComponentDepth",
    ):  # fmt: skip
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"
