"""Reading a whole document: each page from its text layer or by OCR, pages in parallel.

One tesseract process per page with one thread each; ``ReadOptions.workers``
pages at a time. Progress is reported per finished page on the caller's
thread, and a cancel stops the running processes and raises ReadCancelled.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace

from PIL import Image

from ocr.errors import ReadCancelled
from ocr.load import Document, SourcePage
from ocr.mrz import reread_mrz
from ocr.preprocess import prepare
from ocr.script import looks_chinese
from ocr.tesseract import ocr_image, orientation
from ocr.types import PageText, ReadOptions, Word

#: longest side of the page image kept for showing the page beside its fields
DISPLAY_SIDE = 2200
#: a first reading this unsure may be of a page lying on its side
_POOR_CONFIDENCE = 0.6
_MIN_WORDS = 8
#: tesseract's OSD confidence worth acting on
_OSD_CONFIDENCE = 2.0

_ENGLISH = "eng"
_CHINESE = "chi_sim"
#: a word read with less confidence than this is unsure
_UNSURE = 0.6
#: share of unsure words above which a page read in English is not English
_NOT_ENGLISH = 0.25
#: share of Chinese characters that shows a page read in Chinese is Chinese
_CHINESE_READ = 0.05
_HAN = re.compile("[\u3400-\u9fff]")
#: a word less sure than this and this many times wider per letter than usual is a smear
_SMEAR_CONFIDENCE = 0.5
_SMEAR_WIDTH = 4.0

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class ReadPage:
    """One page as read, and the picture of it its word boxes refer to."""

    text: PageText
    image: Image.Image


def read_page(page: SourcePage, options: ReadOptions, cancelled: Cancelled) -> ReadPage:
    """One page: its text layer when it has one, else OCR of its picture."""
    if cancelled():
        raise ReadCancelled
    if page.text is not None:
        return ReadPage(page.text, _display(page.render(150)))
    prepared = prepare(page.render(options.limits.dpi), options.limits)
    image, skew = prepared.image, prepared.skew
    text = _read(image, options, page.index, cancelled)
    if _poor(text):
        turned = _turned(image, text, options, page.index, cancelled)
        if turned is not None:
            image, text, skew = turned
    return ReadPage(replace(text, skew=skew), _display(image))


def _read(image: Image.Image, options: ReadOptions, index: int, cancelled: Cancelled) -> PageText:
    if set(options.languages) == {_ENGLISH, _CHINESE}:
        text = _english_or_chinese(image, index, cancelled)
    else:
        text = ocr_image(image, languages=options.languages, index=index, cancelled=cancelled)
    return _without_smears(reread_mrz(image, text, cancelled))


def _english_or_chinese(image: Image.Image, index: int, cancelled: Cancelled) -> PageText:
    """The page read in English, or in Chinese where it is written in Chinese.

    Both models loaded at once cost more than either alone and read some
    Chinese words as Latin letters ("法定代表人" as "AERA"). A page whose
    strokes look Chinese is read with the Chinese model alone, which still
    reads digits and Latin letters well enough; the reading is kept when it
    holds Chinese characters (at least 13 % of the characters on the Chinese
    synthetic pages, at most 0.8 % on English ones). Any other page is read in
    English, which is unsure of most words on a Chinese page (measured: at
    most 7 % unsure words on English pages, at least 40 % on Chinese ones);
    such a page is read again in Chinese.
    """
    chinese: PageText | None = None
    if looks_chinese(image):
        chinese = _chinese(image, index, cancelled)
        if _chinese_share(chinese) >= _CHINESE_READ:
            return chinese
    first = ocr_image(image, languages=(_ENGLISH,), index=index, cancelled=cancelled)
    if _unsure_share(first) < _NOT_ENGLISH:
        return first
    return chinese or _chinese(image, index, cancelled)


def _chinese(image: Image.Image, index: int, cancelled: Cancelled) -> PageText:
    return ocr_image(image, languages=(_CHINESE,), index=index, cancelled=cancelled)


def _chinese_share(text: PageText) -> float:
    letters = "".join(w.text for w in text.words)
    return len(_HAN.findall(letters)) / len(letters) if letters else 0.0


def _unsure_share(text: PageText) -> float:
    if len(text.words) < _MIN_WORDS:
        return 1.0
    return sum(1 for w in text.words if w.confidence < _UNSURE) / len(text.words)


def _smear(word: Word, page_width: int, usual: float) -> bool:
    # A passport's filler runs read unsure and wide, and are not smears.
    if word.confidence >= _SMEAR_CONFIDENCE or "<" in word.text:
        return False
    wide = word.box.width * page_width / len(word.text) / usual
    # The less sure the reading, the less too wide it needs to be.
    return wide > (_SMEAR_WIDTH if word.confidence >= _SMEAR_CONFIDENCE / 2 else _SMEAR_WIDTH / 1.6)


def _without_smears(text: PageText) -> PageText:
    """The page without "words" read from a picture's edge or a smudge.

    Such a word is unsure, far wider than its letters could be, and stands
    apart at the end of its line: the edge of an ID card's photo comes back
    as one character a fifth of a card wide after the address.
    """
    widths = sorted(
        w.box.width * text.width / len(w.text) for w in text.words if w.confidence >= 0.6
    )
    if not widths:
        return text
    usual = widths[len(widths) // 2]
    gap = usual / text.width
    drop: set[Word] = set()
    for line in text.lines():
        last = line.words[-1]
        before = line.words[-2].box.right if len(line.words) > 1 else -1.0
        if last.box.left - before > gap and _smear(last, text.width, usual):
            drop.add(last)
    if not drop:
        return text
    return replace(text, words=tuple(w for w in text.words if w not in drop))


def _poor(text: PageText) -> bool:
    if len(text.words) < _MIN_WORDS or text.confidence < _POOR_CONFIDENCE:
        return True
    # A page on its side can read with confidence, word by word, in columns:
    # its longer words then stand taller than they are wide.
    long_words = [w for w in text.words if len(w.text) >= 3]
    tall = sum(1 for w in long_words if w.box.height * text.height > w.box.width * text.width)
    return bool(long_words) and tall > len(long_words) / 2


def _turned(
    image: Image.Image, first: PageText, options: ReadOptions, index: int, cancelled: Cancelled
) -> tuple[Image.Image, PageText, float] | None:
    """The page turned upright, straightened and read again, when it lies turned.

    OSD's guess is tried first; OSD can miss a page upside down (taking it
    for upright or sideways), so the page is also tried the other way up.
    """
    guess = orientation(image, cancelled=cancelled)
    turns = [guess.rotate] if guess is not None and guess.confidence >= _OSD_CONFIDENCE else []
    for turn in dict.fromkeys([*turns, 180]):
        if turn == 0:
            continue
        # OSD's "Rotate" is clockwise; PIL turns counter-clockwise. A page on
        # its side could not be straightened before: its lines ran up the page.
        upright = prepare(image.rotate(-turn, expand=True, fillcolor=255), options.limits)
        again = _read(upright.image, options, index, cancelled)
        if not _poor(again) or _score(again) > _score(first):
            return upright.image, replace(again, rotation=turn), upright.skew
    return None


def _score(text: PageText) -> float:
    return text.confidence * len(text.words)


def _display(image: Image.Image) -> Image.Image:
    image = image.convert("L") if image.mode not in ("L", "RGB") else image
    scale = DISPLAY_SIDE / max(image.size)
    if scale >= 1:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    # BOX: a third of LANCZOS's time, and no worse for a page shrunk to be looked at.
    return image.resize(size, Image.Resampling.BOX)


def read_document(
    document: Document,
    options: ReadOptions | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[ReadPage]:
    """Every page of a document, in page order.

    ``progress(done, total)`` is called on this thread after each page;
    ``cancelled()`` is polled while pages are read.
    """
    options = options or ReadOptions()
    stop = threading.Event()

    def should_stop() -> bool:
        return stop.is_set() or (cancelled is not None and cancelled())

    total = len(document.pages)
    results: dict[int, ReadPage] = {}
    with ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
        pending: set[Future[ReadPage]] = {
            pool.submit(read_page, page, options, should_stop) for page in document.pages
        }
        try:
            while pending:
                done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                for future in done:
                    page = future.result()
                    results[page.text.index] = page
                    if progress is not None:
                        progress(len(results), total)
                if should_stop():
                    raise ReadCancelled
        finally:
            stop.set()
            for future in pending:
                future.cancel()
    return [results[i] for i in sorted(results)]
