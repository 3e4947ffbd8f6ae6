"""Taking files in: sniffing, PDF pages and their text layers, images, and every refusal."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ocr.errors import DocumentError
from ocr.load import open_document, sniff
from ocr.types import Limits, TextSource
from tests.conftest import shared_data
from tests.ocr import badfiles

DEFAULT = Limits()

# --- helpers -------------------------------------------------------------------


def refusal(data: bytes, name: str, limits: Limits = DEFAULT) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        open_document(data, name=name, limits=limits)
    return caught.value


def assert_sentence_naming(error: DocumentError, name: str) -> None:
    message = str(error)
    assert message == error.message
    assert message[0].isupper(), message
    assert message.endswith("."), message
    assert f'"{name}"' in message, message


def ink(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """How dark the darkest pixel in ``box`` is (0 = white, 255 = black)."""
    return 255 - int(np.asarray(image.convert("L").crop(box)).min())


def pixel_box(
    page_box: tuple[float, float, float, float], size: tuple[int, int]
) -> tuple[int, int, int, int]:
    left, top, right, bottom = page_box
    return (
        math.floor(left * size[0]),
        math.floor(top * size[1]),
        math.ceil(right * size[0]),
        math.ceil(bottom * size[1]),
    )


# --- sniffing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("TIFF", "image/tiff"), ("BMP", "image/bmp")],
)
def test_sniff_names_each_image_format(fmt: str, media_type: str) -> None:
    data = badfiles.image_bytes(Image.new("RGB", (8, 8), "white"), fmt)
    assert sniff(data) == media_type


def test_sniff_names_a_pdf_even_after_leading_junk() -> None:
    assert sniff(badfiles.text_pdf()) == "application/pdf"
    assert sniff(b"\r\n\xef\xbb\xbf" + badfiles.blank_pages_pdf(1)) == "application/pdf"


def test_sniff_refuses_text_that_starts_like_a_bitmap() -> None:
    with pytest.raises(DocumentError) as caught:
        sniff(b"BMW 320d lease agreement, signed 2024-03-01 by both parties.")
    assert caught.value.code == "document.unsupported"


# --- refusals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "document.unsupported"),
        (b"Dear officer, please find my payslip attached.\n", "document.unsupported"),
        (badfiles.plain_zip(), "document.unsupported"),
        (badfiles.office_zip("word"), "document.office"),
        (badfiles.office_zip("xl"), "document.office"),
        (badfiles.office_zip("word")[:300], "document.office"),
        (badfiles.ole_doc(), "document.office"),
        (b"%PDF-1.7\n" + b"\x00garbage\xff" * 50, "document.corrupt"),
        (badfiles.blank_pages_pdf(0), "document.empty"),
        (badfiles.blank_pages_pdf(500), "document.too_many_pages"),
        (badfiles.png_header_only(100_000, 100_000), "document.too_large"),
        (badfiles.png_header_only(10_000, 10_000), "document.too_large"),
        (badfiles.png_header_only(8_000, 8_000), "document.too_large"),
        (badfiles.png_header_only(8_000, 8_000)[:20], "document.corrupt"),
    ],
    ids=[
        "empty",
        "plain-text",
        "zip",
        "docx",
        "xlsx",
        "docx-cut-short",
        "ole-doc",
        "garbage-pdf",
        "zero-pages",
        "500-pages",
        "bomb-10-gigapixels",
        "bomb-100-megapixels",
        "64-megapixels",
        "png-cut-in-header",
    ],
)
def test_bad_input_is_refused_with_its_code_and_a_sentence(data: bytes, code: str) -> None:
    error = refusal(data, "upload.pdf")
    assert error.code == code
    assert_sentence_naming(error, "upload.pdf")


def test_office_message_says_what_it_is_and_to_save_as_pdf() -> None:
    message = str(refusal(badfiles.office_zip("word"), "payslip.pdf"))
    assert "Word document" in message
    assert "save it as PDF" in message


def test_a_message_without_a_name_is_still_a_sentence() -> None:
    with pytest.raises(DocumentError) as caught:
        open_document(b"")
    assert str(caught.value).startswith("The file ")
    assert str(caught.value).endswith(".")


def test_too_many_pages_says_the_limit_and_the_count() -> None:
    message = str(refusal(badfiles.blank_pages_pdf(500), "statement.pdf"))
    assert "500" in message
    assert str(Limits().max_pages) in message


def test_too_many_tiff_frames_are_refused() -> None:
    data = badfiles.multipage_tiff([(20, 20)] * 4)
    error = refusal(data, "scan.tiff", Limits(max_pages=3))
    assert error.code == "document.too_many_pages"
    assert "4 pages" in str(error)
    assert "3" in str(error)


def test_a_tiff_of_thousands_of_frames_is_refused_without_counting_them_all() -> None:
    error = refusal(badfiles.multipage_tiff([(1, 1)] * 600), "fax.tif", Limits(max_pages=5))
    assert error.code == "document.too_many_pages"
    assert "more than 50 pages" in str(error)


def test_more_bytes_than_the_limit_are_refused_before_reading() -> None:
    data = badfiles.text_pdf()
    error = refusal(data, "big.pdf", Limits(max_bytes=len(data) - 1))
    assert error.code == "document.too_big"
    assert_sentence_naming(error, "big.pdf")
    assert open_document(data, limits=Limits(max_bytes=len(data))).page_count == 1


def test_password_protected_pdf_asks_for_an_unprotected_copy() -> None:
    error = refusal(badfiles.encrypted_pdf("tulip 9 harbour"), "bank.pdf")
    assert error.code == "document.encrypted"
    assert "password" in str(error)
    assert_sentence_naming(error, "bank.pdf")


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_truncated_pdf_is_corrupt(keep: float) -> None:
    data = badfiles.text_pdf()
    error = refusal(data[: int(len(data) * keep)], "cut.pdf")
    assert error.code == "document.corrupt"
    assert_sentence_naming(error, "cut.pdf")


def test_twenty_thousand_square_png_is_refused_without_decoding() -> None:
    data = badfiles.blank_bilevel_png(20_000, 20_000)
    assert len(data) < 1_000_000  # what is refused is the pixels, not the bytes
    error = refusal(data, "photo.png")
    assert error.code == "document.too_large"
    assert_sentence_naming(error, "photo.png")


def test_image_over_the_pixel_limit_names_its_size() -> None:
    data = badfiles.image_bytes(Image.new("L", (300, 200)), "PNG")
    error = refusal(data, "id.png", Limits(max_pixels=300 * 200 - 1))
    assert error.code == "document.too_large"
    assert "300 by 200" in str(error)
    assert open_document(data, limits=Limits(max_pixels=300 * 200)).page_count == 1


@pytest.mark.parametrize(("fmt", "keep"), [("JPEG", 0.5), ("PNG", 0.5)])
def test_truncated_image_is_corrupt_when_rendered(fmt: str, keep: float) -> None:
    noise = Image.effect_noise((400, 300), 60).convert("RGB")
    data = badfiles.image_bytes(noise, fmt)
    doc = open_document(data[: int(len(data) * keep)], name="card.jpg")
    with pytest.raises(DocumentError) as caught:
        doc.pages[0].render(300)
    assert caught.value.code == "document.corrupt"
    assert_sentence_naming(caught.value, "card.jpg")


# --- PDFs ------------------------------------------------------------------------


def test_text_layer_words_land_where_they_were_drawn() -> None:
    doc = open_document(badfiles.text_pdf(), name="payslip.pdf")
    page = doc.pages[0]
    assert (doc.media_type, doc.page_count) == ("application/pdf", 1)
    assert page.width_pt == pytest.approx(badfiles.A4[0], abs=0.01)
    assert page.height_pt == pytest.approx(badfiles.A4[1], abs=0.01)
    assert page.text is not None
    assert page.text.source is TextSource.TEXT_LAYER
    assert (page.text.width, page.text.height) == (595, 842)
    found = {word.text: word for word in page.text.words}
    assert set(found) == {drawn.text for drawn in badfiles.TEXT_WORDS}
    for drawn in badfiles.TEXT_WORDS:
        word = found[drawn.text]
        assert word.confidence == 1.0
        assert word.box.left == pytest.approx(drawn.x / badfiles.A4[0], abs=2 / badfiles.A4[0])
        baseline = drawn.baseline / badfiles.A4[1]
        assert word.box.top < baseline <= word.box.bottom + 0.002
        # a word's box is about as tall as its font
        assert word.box.height * badfiles.A4[1] == pytest.approx(drawn.size, rel=0.35)


def test_text_layer_lines_count_top_to_bottom() -> None:
    doc = open_document(badfiles.text_pdf())
    text = doc.pages[0].text
    assert text is not None
    line = {word.text: word.line for word in text.words}
    assert line["Applicant"] == line["ZHANGWEI"] == 0
    assert line["Monthly"] == line["income"] == 1
    assert line["12500.00"] == 2
    assert text.text.splitlines() == ["Applicant ZHANGWEI", "Monthly income", "12500.00"]


def test_a_stray_mark_is_no_text_layer() -> None:
    doc = open_document(badfiles.text_pdf((badfiles.Drawn("Page 1 of 2", 72, 800, 9),)))
    assert doc.pages[0].text is None


def test_image_only_and_mixed_pdfs() -> None:
    assert open_document(badfiles.image_pdf()).pages[0].text is None
    mixed = open_document(badfiles.mixed_pdf(), name="mixed.pdf")
    assert mixed.page_count == 2
    assert [page.index for page in mixed.pages] == [0, 1]
    assert mixed.pages[0].text is not None
    assert mixed.pages[1].text is None
    scan = mixed.pages[1].render(72)
    # the scan's black bar, stretched over the page, comes out in the render
    assert ink(scan, (60, 50, 520, 100)) > 200
    assert ink(scan, (60, 300, 520, 700)) < 40


def test_render_at_300_dpi_is_page_size_times_300_over_72() -> None:
    page = open_document(badfiles.text_pdf()).pages[0]
    image = page.render(300)
    assert image.mode in ("L", "RGB")
    assert image.width == pytest.approx(badfiles.A4[0] * 300 / 72, abs=1)
    assert image.height == pytest.approx(badfiles.A4[1] * 300 / 72, abs=1)


def test_rendered_words_sit_under_their_text_layer_boxes() -> None:
    page = open_document(badfiles.text_pdf()).pages[0]
    image = page.render(100)
    assert page.text is not None
    for word in page.text.words:
        box = (word.box.left, word.box.top, word.box.right, word.box.bottom)
        assert ink(image, pixel_box(box, image.size)) > 150, word.text
    assert ink(image, (0, image.height - 100, image.width, image.height)) == 0


def test_a_page_too_big_for_the_pixel_limit_renders_smaller() -> None:
    limits = Limits(max_pixels=2_000_000)
    page = open_document(badfiles.huge_page_pdf(), limits=limits).pages[0]
    assert (page.width_pt, page.height_pt) == (14400, 7200)
    image = page.render(300)
    assert image.width * image.height <= limits.max_pixels
    assert image.width * image.height > 0.98 * limits.max_pixels
    assert image.width / image.height == pytest.approx(2, rel=0.01)


#: words in the top left corner of a page, as it reads upright on screen
UPRIGHT_WORDS = (
    badfiles.Drawn("UPRIGHT", 40, 60, 20),
    badfiles.Drawn("HEADING", 160, 60, 20),
    badfiles.Drawn("small", 40, 100, 12),
    badfiles.Drawn("print", 80, 100, 12),
)


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_a_page_turned_by_rotate_reads_upright_in_text_and_render(rotate: int) -> None:
    page = open_document(badfiles.upright_rotated_pdf(rotate, UPRIGHT_WORDS)).pages[0]
    size = (600, 400) if rotate in (0, 180) else (400, 600)
    assert (page.width_pt, page.height_pt) == size
    assert page.text is not None
    assert page.text.text.splitlines() == ["UPRIGHT HEADING", "small print"]
    found = {word.text: word.box for word in page.text.words}
    for drawn in UPRIGHT_WORDS:
        box = found[drawn.text]
        assert box.left * size[0] == pytest.approx(drawn.x, abs=1)
        assert box.top * size[1] < drawn.baseline < box.bottom * size[1] + 1
    image = page.render(72)
    assert image.size == size
    upright = open_document(badfiles.upright_rotated_pdf(0, UPRIGHT_WORDS)).pages[0].render(72)
    corner = (0, 0, 300, 150)
    assert ink(image, corner) > 200
    assert _mean_difference(image.crop(corner), upright.crop(corner)) < 3
    assert ink(image, (0, 150, size[0], size[1])) == 0


def test_a_sideways_page_keeps_its_words_on_the_turned_page() -> None:
    flat = open_document(badfiles.rotated_pdf(0)).pages[0]
    turned = open_document(badfiles.rotated_pdf(90)).pages[0]
    assert (turned.width_pt, turned.height_pt) == (400, 600)
    assert flat.text is not None
    assert turned.text is not None
    flat_words = {w.text: w.box for w in flat.text.words}
    assert set(flat_words) == {w.text for w in turned.text.words}
    # /Rotate 90 turns the page a quarter clockwise: (x, y) goes to (1 - y, x)
    for word in turned.text.words:
        before = flat_words[word.text]
        where = (word.box.left, word.box.top, word.box.width, word.box.height)
        assert where == pytest.approx(
            (1 - before.bottom, before.left, before.height, before.width), abs=0.005
        )
    expected = flat.render(72).transpose(Image.Transpose.ROTATE_270)
    assert _mean_difference(turned.render(72), expected) < 3


def _mean_difference(one: Image.Image, other: Image.Image) -> float:
    a = np.asarray(one.convert("L"), dtype=np.float64)
    b = np.asarray(other.convert("L"), dtype=np.float64)
    assert a.shape == b.shape
    return float(np.abs(a - b).mean())


def test_pages_render_the_same_from_worker_threads() -> None:
    doc = open_document(badfiles.mixed_pdf())
    alone = [page.render(50).tobytes() for page in doc.pages]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda i: doc.pages[i % 2].render(50).tobytes(), range(12)))
    assert together == [alone[i % 2] for i in range(12)]


# --- images ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("TIFF", "image/tiff"), ("BMP", "image/bmp")],
)
def test_an_image_is_one_page_at_its_own_size(fmt: str, media_type: str) -> None:
    original = Image.new("RGB", (320, 200), (250, 250, 250))
    original.paste((10, 10, 10), (100, 50, 200, 150))
    doc = open_document(badfiles.image_bytes(original, fmt), name="id." + fmt.lower())
    assert (doc.media_type, doc.page_count) == (media_type, 1)
    page = doc.pages[0]
    assert (page.text, page.width_pt, page.height_pt) == (None, None, None)
    image = page.render(300)
    assert image.mode == "RGB"
    assert image.size == (320, 200)
    assert ink(image, (120, 70, 180, 130)) > 230
    assert ink(image, (0, 0, 90, 40)) < 20


def test_exif_orientation_6_turns_a_phone_photo_upright() -> None:
    # stored landscape with a dark mark top left; orientation 6 means the
    # camera was turned, so the upright page is portrait with the mark top right
    stored = Image.new("L", (200, 100), 255)
    stored.paste(0, (0, 0, 20, 20))
    exif = Image.Exif()
    exif[0x0112] = 6
    data = badfiles.image_bytes(stored, "JPEG", exif=exif.tobytes(), quality=95)
    image = open_document(data).pages[0].render(300)
    assert image.size == (100, 200)
    assert ink(image, (82, 2, 98, 18)) > 200
    assert ink(image, (2, 2, 18, 18)) < 40


def test_multipage_tiff_is_one_page_per_frame() -> None:
    sizes = [(60, 40), (30, 90), (50, 50)]
    doc = open_document(badfiles.multipage_tiff(sizes), name="scan.tif")
    assert (doc.media_type, doc.page_count) == ("image/tiff", 3)
    images = [page.render(300) for page in doc.pages]
    assert [image.size for image in images] == sizes
    assert [image.getpixel((5, 5)) for image in images] == [0, 40, 80]


def test_sixteen_bit_grey_is_scaled_to_eight_bits() -> None:
    deep = Image.new("I;16", (4, 1))
    for x, value in enumerate((0, 257 * 100, 257 * 200, 65535)):
        deep.putpixel((x, 0), value)
    image = open_document(badfiles.image_bytes(deep, "PNG")).pages[0].render(300)
    assert image.mode == "L"
    assert list(image.tobytes()) == [0, 100, 200, 255]


def test_cmyk_jpeg_comes_out_rgb() -> None:
    cmyk = Image.new("CMYK", (16, 16), (0, 255, 255, 0))  # full magenta and yellow: red
    image = open_document(badfiles.image_bytes(cmyk, "JPEG", quality=95)).pages[0].render(300)
    assert image.mode == "RGB"
    red, green, blue = image.getpixel((8, 8))  # type: ignore[misc]
    assert red > 200
    assert green < 60
    assert blue < 60


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_transparency_is_laid_over_white(mode: str) -> None:
    # black on the left, a see-through colour on the right
    image = Image.new("RGBA", (10, 10), (200, 30, 30, 0))
    image.paste((0, 0, 0, 255), (0, 0, 5, 10))
    if mode == "LA":
        image = image.convert("LA")
    elif mode == "P":
        image = Image.new("P", (10, 10), 1)
        image.putpalette([0, 0, 0, 200, 30, 30])
        image.paste(0, (0, 0, 5, 10))
        image.info["transparency"] = 1
    out = open_document(badfiles.image_bytes(image, "PNG")).pages[0].render(300)
    assert out.mode in ("L", "RGB")
    grey = out.convert("L")
    assert grey.getpixel((8, 5)) == 255
    assert grey.getpixel((2, 5)) == 0


def test_bilevel_and_palette_images_come_out_plain() -> None:
    bilevel = Image.new("1", (8, 8), 1)
    bilevel.putpixel((0, 0), 0)
    image = open_document(badfiles.image_bytes(bilevel, "PNG")).pages[0].render(300)
    assert image.mode == "L"
    assert (image.getpixel((0, 0)), image.getpixel((7, 7))) == (0, 255)
    palette = Image.new("RGB", (8, 8), (0, 0, 255)).quantize(4)
    image = open_document(badfiles.image_bytes(palette, "BMP")).pages[0].render(300)
    assert image.mode == "RGB"
    assert image.getpixel((3, 3)) == (0, 0, 255)


# --- the pdfplumber corpus -------------------------------------------------------

CORPUS_CODES = {"empty.pdf": "document.unsupported", "password-example.pdf": "document.encrypted"}


@pytest.mark.shared_data
def test_every_corpus_pdf_opens_or_is_refused_plainly() -> None:
    folder = shared_data("pdfs", "pdfplumber", "pdfs")
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.pdf")):
        seen[path.name] = _open_corpus_file(path)
    assert len(seen) > 40
    for name, code in CORPUS_CODES.items():
        assert seen[name] == code
    assert sum(1 for outcome in seen.values() if outcome == "opened") > 40


def _open_corpus_file(path: Path) -> str:
    try:
        doc = open_document(path.read_bytes(), name=path.name)
    except DocumentError as error:
        assert_sentence_naming(error, path.name)
        return error.code
    assert doc.page_count >= 1
    assert len(doc.pages) == doc.page_count
    for page in doc.pages:
        if page.text is not None:
            assert all(0 <= w.box.left <= w.box.right <= 1 for w in page.text.words)
            assert all(0 <= w.box.top <= w.box.bottom <= 1 for w in page.text.words)
    image = doc.pages[0].render(72)
    assert image.mode in ("L", "RGB")
    assert doc.pages[0].width_pt is not None
    assert image.width == pytest.approx(doc.pages[0].width_pt, abs=1)
    return "opened"
