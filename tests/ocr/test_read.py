"""Reading whole documents with real tesseract: boxes, turned and skewed pages, progress, cancel.

OCR is slow on two shared cores, so each document is made once per module and
each expensive read is shared by the tests that look at it.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytesseract
import pytest
from PIL import Image

from ocr.errors import EngineMissing, ReadCancelled
from ocr.load import open_document
from ocr.pipeline import ReadPage, read_document
from ocr.synth import Sample, generate
from ocr.tesseract import engine
from ocr.types import Box, DocKind, PageText, ReadOptions, TextSource

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT


# --- documents ---------------------------------------------------------------------


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _tiff(images: list[Image.Image]) -> bytes:
    buffer = io.BytesIO()
    images[0].save(buffer, format="TIFF", save_all=True, append_images=images[1:])
    return buffer.getvalue()


def _image_pdf(images: list[Image.Image]) -> bytes:
    """The images as a PDF of pictures only, as a scanner makes it (no text layer)."""
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=300)
    return buffer.getvalue()


def _joined_pdf(*parts: bytes) -> bytes:
    """The first page of each PDF, in order, as one PDF."""
    out = pdfium.PdfDocument.new()
    for part in parts:
        out.import_pages(pdfium.PdfDocument(part), [0])
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _read(data: bytes, workers: int = 1, **kwargs: Any) -> list[ReadPage]:
    return read_document(open_document(data), ReadOptions(workers=workers), **kwargs)


def _squashed(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def bill() -> Sample:
    return generate(DocKind.UTILITY_BILL, "en", 3)


@pytest.fixture(scope="module")
def statement() -> Sample:
    sample = generate(DocKind.BANK_STATEMENT, "en", 2)
    assert len(sample.pages) == 2
    return sample


@pytest.fixture(scope="module")
def id_card() -> Sample:
    return generate(DocKind.ID_CARD_FRONT, "zh", 4)


# --- boxes -------------------------------------------------------------------------


def _iou(a: Box, b: Box) -> float:
    width = min(a.right, b.right) - max(a.left, b.left)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    if width <= 0 or height <= 0:
        return 0.0
    common = width * height
    return common / (a.width * a.height + b.width * b.height - common)


def _unique_words(text: PageText) -> dict[str, Box]:
    """Words of four or more characters that occur once on the page, with their boxes."""
    seen: dict[str, list[Box]] = {}
    for word in text.words:
        if len(word.text) >= 4:
            seen.setdefault(word.text, []).append(word.box)
    return {word: boxes[0] for word, boxes in seen.items() if len(boxes) == 1}


def test_ocr_boxes_land_where_the_text_layer_puts_the_words(bill: Sample) -> None:
    layer = open_document(bill.pdf()).pages[0].text
    assert layer is not None
    assert layer.source is TextSource.TEXT_LAYER
    (read,) = _read(_png(bill.pages[0]))
    assert read.text.source is TextSource.OCR
    ocr_words, layer_words = _unique_words(read.text), _unique_words(layer)
    common = sorted(ocr_words.keys() & layer_words.keys())
    assert len(common) >= 20, common
    overlaps = [_iou(ocr_words[word], layer_words[word]) for word in common]
    good = [word for word, iou in zip(common, overlaps, strict=True) if iou > 0.5]
    assert len(good) >= 0.9 * len(common), sorted(set(common) - set(good))


# --- turned and skewed pages -------------------------------------------------------


#: A page turned counter-clockwise (PIL's sense) by a quarter must be turned
#: clockwise by as much to stand upright again.
_TURNS = {
    90: Image.Transpose.ROTATE_90,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_270,
}


@pytest.mark.parametrize("clockwise", sorted(_TURNS))
def test_a_turned_page_comes_back_upright(bill: Sample, clockwise: int) -> None:
    page = bill.pages[0]
    turned = page.transpose(_TURNS[clockwise])
    (read,) = _read(_png(turned))
    assert read.text.rotation == clockwise
    assert _squashed(bill.fields["full_name"]) in _squashed(read.text.text)
    upright = page.width / page.height
    assert abs(read.image.width / read.image.height - upright) < 0.02


def test_a_skewed_page_is_straightened(bill: Sample) -> None:
    # Turned 1.9 degrees counter-clockwise, it needs the same back, clockwise.
    skewed = bill.pages[0].rotate(1.9, resample=Image.Resampling.BICUBIC, fillcolor=255)
    (read,) = _read(_png(skewed))
    assert read.text.skew == pytest.approx(-1.9, abs=0.4)
    assert read.text.rotation == 0
    assert _squashed(bill.fields["full_name"]) in _squashed(read.text.text)


# --- progress, order, cancel -------------------------------------------------------


def _overlap(text: str, truth: str) -> float:
    words, truth_words = set(text.split()), set(truth.split())
    return len(words & truth_words) / max(1, len(truth_words))


def test_pages_come_back_in_order_with_progress_per_page(statement: Sample) -> None:
    calls: list[tuple[int, int]] = []
    pages = _read(
        _tiff(list(statement.pages)), workers=2, progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(1, 2), (2, 2)]
    assert [page.text.index for page in pages] == [0, 1]
    truths = statement.text.split("\f")
    for index, page in enumerate(pages):
        scores = [_overlap(page.text.text, truth) for truth in truths]
        assert scores.index(max(scores)) == index, scores
        assert scores[index] > 0.5


def _tesseract_children() -> list[int]:
    """Processes named tesseract whose parent is this process (zombies included)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # it ended while we looked
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        if name == "tesseract" and parent == os.getpid():
            found.append(int(entry.name))
    return found


def test_cancel_stops_at_the_next_page_and_leaves_no_engine_running(statement: Sample) -> None:
    calls: list[tuple[int, int]] = []
    data = _tiff([*statement.pages, *statement.pages])
    with pytest.raises(ReadCancelled):
        _read(
            data,
            workers=2,
            progress=lambda d, t: calls.append((d, t)),
            cancelled=lambda: bool(calls),
        )
    # Stopped after the first finished page, not after reading all four.
    assert calls[0] == (1, 4)
    assert len(calls) <= 2
    assert _tesseract_children() == []


# --- where the text comes from -----------------------------------------------------


def test_a_mixed_pdf_takes_text_layers_and_reads_scanned_pages(bill: Sample) -> None:
    scanned = generate(DocKind.PAYSLIP, "en", 5)
    data = _joined_pdf(bill.pdf(), _image_pdf([scanned.pages[0]]))
    pages = _read(data)
    assert [page.text.source for page in pages] == [TextSource.TEXT_LAYER, TextSource.OCR]
    assert _squashed(bill.fields["full_name"]) in _squashed(pages[0].text.text)
    assert scanned.fields["employer"] in pages[1].text.text


# --- nothing on disk ---------------------------------------------------------------


@dataclass
class _Writes:
    """What the audit hook saw while ``watching`` was set."""

    watching: bool = False
    seen: list[tuple[str, str]] = field(default_factory=list)

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.watching:
            return
        if event.startswith("tempfile."):
            self.seen.append((event, repr(args)))
        elif event == "open" and _writes(args):
            self.seen.append((event, repr(args[:3])))


def _writes(args: tuple[Any, ...]) -> bool:
    path, mode, flags = args[:3]
    if isinstance(path, int):
        return False  # wraps a descriptor already open, such as a pipe to tesseract
    if isinstance(mode, str) and any(c in mode for c in "wax+"):
        return True
    return isinstance(flags, int) and bool(flags & _WRITE_FLAGS)


_WATCH = _Writes()
_HOOKED: list[bool] = []


@pytest.fixture
def writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[_Writes]:
    """Every file write of this process while the test runs, and empty TMPDIR and cwd."""
    if not _HOOKED:
        # An audit hook cannot be removed; it stays, idle, for the rest of the run.
        sys.addaudithook(_WATCH)
        _HOOKED.append(True)
    private_tmp, work = tmp_path / "private-tmp", tmp_path / "cwd"
    private_tmp.mkdir()
    work.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.chdir(work)
    _WATCH.seen.clear()
    _WATCH.watching = True
    try:
        yield _WATCH
    finally:
        _WATCH.watching = False
    assert list(private_tmp.iterdir()) == []
    assert list(work.iterdir()) == []


def test_hook_sees_a_write(writes: _Writes) -> None:
    # The check below is only worth something if it notices the writes it forbids.
    with tempfile.TemporaryFile():
        pass
    assert any(event == "open" for event, _ in writes.seen)
    writes.seen.clear()


def test_reading_writes_no_file(writes: _Writes, id_card: Sample, bill: Sample) -> None:
    card = _read(_png(id_card.pages[0]))
    scanned = _read(_image_pdf([bill.pages[0]]))
    writes.watching = False
    assert writes.seen == []
    assert id_card.fields["id_number"] in _squashed(card[0].text.text)
    assert scanned[0].text.source is TextSource.OCR
    assert _squashed(bill.fields["full_name"]) in _squashed(scanned[0].text.text)


# --- engine missing ----------------------------------------------------------------


@pytest.fixture
def no_engine(tmp_path: Path) -> Iterator[None]:
    before = pytesseract.pytesseract.tesseract_cmd
    pytesseract.pytesseract.tesseract_cmd = str(tmp_path / "no" / "tesseract")
    engine.cache_clear()
    try:
        yield
    finally:
        pytesseract.pytesseract.tesseract_cmd = before
        engine.cache_clear()


def test_a_missing_engine_names_the_package(no_engine: None, id_card: Sample) -> None:
    with pytest.raises(EngineMissing, match="tesseract-ocr package") as caught:
        _read(_png(id_card.pages[0]))
    assert caught.value.code == "ocr.engine_missing"


def test_a_missing_language_names_its_package(id_card: Sample) -> None:
    document = open_document(_png(id_card.pages[0]))
    with pytest.raises(EngineMissing, match="tesseract-ocr-xyz") as caught:
        read_document(document, ReadOptions(languages=("eng", "xyz")))
    assert caught.value.code == "ocr.language_missing"
    assert "tesseract-ocr-eng" not in str(caught.value)
