"""Tesseract as a child process fed through pipes: words with boxes, and page orientation.

The page goes to tesseract's stdin and the TSV comes back on stdout, so no
page image or recognised text touches the disk (pytesseract's own calls write
temporary files; it is used here only to find the engine and its version).
Each process is limited to one OpenMP thread: on a desk machine one thread per
page and pages in parallel beat one page spread over every core.
"""

from __future__ import annotations

import io
import os
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import IO

import pytesseract
from PIL import Image

from ocr.errors import DocumentError, EngineMissing, ReadCancelled
from ocr.types import Box, PageText, TextSource, Word

#: seconds one page may take before it is given up as hung
PAGE_TIMEOUT = 180.0
_POLL = 0.1


@dataclass(frozen=True)
class Engine:
    command: str
    version: str
    languages: frozenset[str]


@cache
def engine() -> Engine:
    """The installed tesseract, or EngineMissing saying what to install."""
    command = str(pytesseract.pytesseract.tesseract_cmd)
    try:
        version = str(pytesseract.get_tesseract_version())
        languages = frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, OSError):
        raise EngineMissing(
            "ocr.engine_missing",
            "The text reader (tesseract) is not installed on this computer; "
            "ask IT to install the tesseract-ocr package.",
        ) from None
    return Engine(command=command, version=version, languages=languages)


def require_languages(languages: tuple[str, ...]) -> None:
    missing = [lang for lang in languages if lang not in engine().languages]
    if missing:
        raise EngineMissing(
            "ocr.language_missing",
            f"The text reader lacks the language data {', '.join(missing)}; ask IT to install "
            + ", ".join(f"tesseract-ocr-{lang.replace('_', '-')}" for lang in missing)
            + ".",
        )


def _encode(image: Image.Image) -> bytes:
    # Measured: tesseract takes 0.2-0.3 s longer over an A4 page sent as PNM
    # or BMP on stdin than as a lightly compressed PNG (which costs 0.03 s).
    if image.mode not in ("L", "RGB", "1"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _run(args: list[str], data: bytes, cancelled: Callable[[], bool] | None) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    proc = subprocess.Popen(
        [engine().command, "stdin", "stdout", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    # Threads feed and drain the pipes so this one can poll for a cancel
    # (communicate() with a timeout cannot resume feeding stdin).
    streams: dict[str, bytes] = {}
    threads = [
        threading.Thread(target=_feed, args=(proc, data)),
        threading.Thread(target=_drain, args=(proc.stdout, streams, "out")),
        threading.Thread(target=_drain, args=(proc.stderr, streams, "err")),
    ]
    for thread in threads:
        thread.start()
    try:
        _wait(proc, cancelled)
    finally:
        if proc.poll() is None:
            proc.kill()
        for thread in threads:
            thread.join()
        proc.wait()
    if proc.returncode != 0:
        raise DocumentError(
            "ocr.failed",
            f"The text reader could not read this page: {_first_line(streams.get('err', b''))}.",
        )
    return streams.get("out", b"").decode("utf-8", errors="replace")


def _feed(proc: subprocess.Popen[bytes], data: bytes) -> None:
    assert proc.stdin is not None
    try:
        # closed also when the write fails, or the pipe outlives a killed process
        with proc.stdin:
            proc.stdin.write(data)
    except (BrokenPipeError, OSError):
        pass  # the process ended early (killed, or refused the image): its exit code says why


def _drain(stream: IO[bytes] | None, into: dict[str, bytes], key: str) -> None:
    assert stream is not None
    with stream:
        into[key] = stream.read()


def _wait(proc: subprocess.Popen[bytes], cancelled: Callable[[], bool] | None) -> None:
    deadline = time.monotonic() + PAGE_TIMEOUT
    while True:
        try:
            proc.wait(timeout=_POLL)
        except subprocess.TimeoutExpired:
            if cancelled is not None and cancelled():
                raise ReadCancelled from None
            if time.monotonic() > deadline:
                raise DocumentError(
                    "ocr.timeout",
                    f"Reading one page took more than {PAGE_TIMEOUT:.0f} seconds and was stopped.",
                ) from None
        else:
            return


def _first_line(err: bytes) -> str:
    # The error text says what went wrong with the engine, never what the page says.
    lines = [ln for ln in err.decode("utf-8", errors="replace").splitlines() if ln.strip()]
    return lines[-1][:200] if lines else "no message"


def ocr_image(
    image: Image.Image,
    *,
    languages: tuple[str, ...] = ("eng", "chi_sim"),
    psm: int = 3,
    index: int = 0,
    allowed: str | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PageText:
    """The words on one page image, with boxes as page fractions and confidences 0..1.

    ``allowed`` limits the characters the reader may see (a passport's
    machine-readable lines hold only A-Z, 0-9 and <).
    """
    require_languages(languages)
    limit = ["-c", f"tessedit_char_whitelist={allowed}"] if allowed else []
    tsv = _run(
        ["--oem", "1", "--psm", str(psm), "-l", "+".join(languages), *limit, "tsv"],
        _encode(image),
        cancelled,
    )
    return PageText(
        index=index,
        width=image.width,
        height=image.height,
        words=tuple(parse_tsv(tsv, image.width, image.height)),
        source=TextSource.OCR,
    )


def parse_tsv(tsv: str, width: int, height: int) -> list[Word]:
    """Tesseract's TSV rows of level 5 (words) as Words, lines numbered in reading order."""
    words: list[Word] = []
    line_ids: dict[tuple[str, str, str, str], int] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        if not text:
            continue
        key = (cols[1], cols[2], cols[3], cols[4])
        line = line_ids.setdefault(key, len(line_ids))
        left, top, w, h = (int(c) for c in cols[6:10])
        words.append(
            Word(
                text=text,
                confidence=max(0.0, min(1.0, float(cols[10]) / 100.0)),
                box=Box(left / width, top / height, w / width, h / height),
                line=line,
            )
        )
    # Lines keep tesseract's reading order: down one column, then the next.
    return words


@dataclass(frozen=True)
class Orientation:
    #: clockwise degrees the page must be turned to read upright
    rotate: int
    confidence: float


def orientation(
    image: Image.Image, *, cancelled: Callable[[], bool] | None = None
) -> Orientation | None:
    """Tesseract's orientation guess (OSD), or None where the page has too little text."""
    try:
        out = _run(["--psm", "0", "-l", "osd"], _encode(image), cancelled)
    except DocumentError:
        # OSD refuses pages with too few characters; that is an answer, not a fault.
        return None
    values: dict[str, str] = {}
    for line in out.splitlines():
        key, _, value = line.partition(":")
        values[key.strip()] = value.strip()
    try:
        return Orientation(
            rotate=int(values["Rotate"]) % 360,
            confidence=float(values["Orientation confidence"]),
        )
    except (KeyError, ValueError):
        return None
