"""OCR: LoanDesk's whole reading pipeline against the plain tesseract command, page by page.

The pages are the synthetic documents of every kind and language (clean
renders and simulated scans, a few seeds each) and, when ../shared/data is
present, four real scans from tesseract's own test set. Each page is a file
in a private temporary directory, since the peer command reads files.

**The peer** is ``tesseract FILE stdout --oem 1 --psm 3 -l eng+chi_sim`` with
OMP_THREAD_LIMIT=1; the real pages, which are English, are also read by
tesseract with the English model alone (untimed), the model LoanDesk reads
them with. **LoanDesk** is ``read_document(open_document(bytes))``
with one worker: loading, preparing (grey, even light, deskew), reading and
turning pages that lie on their side. Both run one page at a time, taking
turns which goes first; then LoanDesk reads every page at once with one
worker per core.

    python -m bench.ocr [--quick]

The last line is JSON: {"bench": "ocr", "ours_s_per_page": …, "peer_s_per_page": …, …}.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import FrameType

import numpy as np
from PIL import Image

from ocr.extract import extract
from ocr.load import Document, open_document
from ocr.pipeline import read_document
from ocr.synth import KINDS_BY_LANG, generate, scan
from ocr.tesseract import engine
from ocr.types import DocKind, PageText, ReadOptions

REPO = Path(__file__).resolve().parent.parent
REAL = REPO.parent / "shared" / "data" / "scans" / "tesseract"
#: the real scans and their ground truth (phototest's gold copy is the corrected one)
REAL_PAGES = {
    "phototest.tif": "phototest.gold.txt",
    "eurotext.tif": "eurotext.txt",
    "8071_093.3B.tif": "8071_093.3B.txt",
    "8087_054.3B.tif": "8087_054.3B.txt",
}
PEER_ARGS = ["--oem", "1", "--psm", "3", "-l", "eng+chi_sim"]
TODAY = date(2026, 12, 1)
_CJK = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


@dataclass
class Page:
    """One page file, what it really says, and what each side read."""

    path: Path
    truth: str
    group: str  # "real", "clean" or "scan"
    #: the synthetic document it belongs to: (kind, lang, seed, group, bad ID)
    doc: tuple[DocKind, str, int, str, bool] | None = None
    ours: PageText | None = None
    peer: str = ""
    #: what tesseract made of a real page with the English model alone (not timed)
    peer_eng: str = ""
    #: seconds each side took for this page, on one core
    ours_s: float = 0.0
    peer_s: float = 0.0


@dataclass
class Times:
    ours: float = 0.0
    peer: float = 0.0
    all_cores: float = 0.0


@dataclass
class Fields:
    """Exact field values, counted per group and language."""

    right: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)

    def add(self, keys: Sequence[str], right: int, total: int) -> None:
        for key in keys:
            self.right[key] = self.right.get(key, 0) + right
            self.total[key] = self.total.get(key, 0) + total

    def rate(self, key: str) -> float:
        return self.right.get(key, 0) / max(1, self.total.get(key, 0))


# --- text comparison ----------------------------------------------------------------


def normalise(text: str) -> str:
    """Runs of whitespace as one space, and none between two CJK characters."""
    return _CJK_GAP.sub("", " ".join(text.split()))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one row of the table at a time in numpy."""
    if not a or not b:
        return max(len(a), len(b))
    codes = np.array([ord(c) for c in b], dtype=np.int64)
    steps = np.arange(len(b) + 1, dtype=np.int64)
    row = steps.copy()
    for i, char in enumerate(a, start=1):
        best = np.empty_like(row)
        best[0] = i
        # substitution (or match) and deletion; insertion is a running minimum
        best[1:] = np.minimum(row[:-1] + (codes != ord(char)), row[1:] + 1)
        row = np.minimum.accumulate(best - steps) + steps
    return int(row[-1])


def errors(read: str, truth: str) -> tuple[int, int]:
    """Edit distance and ground-truth length, both after normalising."""
    read, truth = normalise(read), normalise(truth)
    return edit_distance(read, truth), len(truth)


# --- the page set -------------------------------------------------------------------


def _save(image: Image.Image, path: Path) -> Path:
    image.save(path, format="PNG")
    return path


def synthetic_pages(root: Path, seeds: int) -> list[Page]:
    pages: list[Page] = []
    for seed in range(seeds):
        for lang, kinds in KINDS_BY_LANG.items():
            for kind in kinds:
                pages += _sample_pages(root, kind, lang, seed, bad_id=False)
        pages += _sample_pages(root, DocKind.ID_CARD_FRONT, "zh", seed, bad_id=True)
    return pages


def _sample_pages(root: Path, kind: DocKind, lang: str, seed: int, *, bad_id: bool) -> list[Page]:
    sample = generate(kind, lang, seed, bad_id_check=bad_id)
    truths = sample.text.split("\f")
    pages: list[Page] = []
    for group in ("clean", "scan"):
        for index, (image, truth) in enumerate(zip(sample.pages, truths, strict=True)):
            if group == "scan":
                image = scan(image, seed * 1000 + index)
            stem = f"{kind.value}-{lang}-{seed}-{group}-{index}{'-bad' if bad_id else ''}"
            path = _save(image, root / f"{stem}.png")
            pages.append(Page(path, truth, group, (kind, lang, seed, group, bad_id)))
    return pages


def real_pages() -> list[Page]:
    if not all((REAL / name).exists() for name in REAL_PAGES):
        print(f"note: {REAL} is absent or incomplete; the real scans are skipped")
        return []
    return [
        Page(REAL / name, (REAL / truth).read_text(encoding="utf-8"), "real")
        for name, truth in REAL_PAGES.items()
    ]


# --- the runs -----------------------------------------------------------------------


def _peer(page: Page) -> None:
    started = time.perf_counter()
    done = subprocess.run(
        [engine().command, str(page.path), "stdout", *PEER_ARGS],
        capture_output=True,
        env=dict(os.environ, OMP_THREAD_LIMIT="1"),
        check=True,
    )
    page.peer_s = time.perf_counter() - started
    page.peer = done.stdout.decode("utf-8", errors="replace")
    if page.group == "real":
        # The real pages are English, which LoanDesk reads with English alone.
        english = [*PEER_ARGS[:-1], "eng"]
        done = subprocess.run(
            [engine().command, str(page.path), "stdout", *english],
            capture_output=True,
            env=dict(os.environ, OMP_THREAD_LIMIT="1"),
            check=True,
        )
        page.peer_eng = done.stdout.decode("utf-8", errors="replace")


def _ours(page: Page) -> None:
    started = time.perf_counter()
    (read,) = read_document(open_document(page.path.read_bytes()), ReadOptions(workers=1))
    page.ours_s = time.perf_counter() - started
    page.ours = read.text


def one_core(pages: list[Page], times: Times) -> None:
    """Each page by both sides in turn, the side going first alternating."""
    for number, page in enumerate(pages, start=1):
        first, second = (_peer, _ours) if number % 2 else (_ours, _peer)
        first(page)
        second(page)
        times.ours += page.ours_s
        times.peer += page.peer_s
        if number % 10 == 0 or number == len(pages):
            print(f"  one core: {number}/{len(pages)} pages", file=sys.stderr, flush=True)


def all_cores(pages: list[Page], times: Times) -> int:
    """Every page as one document read with a worker per core; returns the pages that differ."""
    workers = os.cpu_count() or 1
    started = time.perf_counter()
    sources = [open_document(page.path.read_bytes()).pages[0] for page in pages]
    document = Document(
        media_type="mixed",
        page_count=len(sources),
        pages=tuple(replace(source, index=i) for i, source in enumerate(sources)),
    )
    read = read_document(document, ReadOptions(workers=workers))
    times.all_cores = time.perf_counter() - started
    return sum(
        1
        for page, again in zip(pages, read, strict=True)
        if page.ours is None or page.ours.words != again.text.words
    )


# --- the figures --------------------------------------------------------------------


def _said(page: Page, side: str) -> str:
    if side == "peer":
        return page.peer
    if side == "peer_eng":
        return page.peer_eng
    if page.ours is None:
        return ""
    if side == "ours_in_order":
        # tesseract's own reading order (block by block), before lines are sorted down the page
        return " ".join(word.text for word in page.ours.words)
    return page.ours.text


def cer(pages: list[Page], side: str) -> float:
    wrong = total = 0
    for page in pages:
        read = _said(page, side)
        distance, length = errors(read, page.truth)
        wrong, total = wrong + distance, total + length
    return wrong / max(1, total)


def field_figures(pages: list[Page]) -> tuple[Fields, list[bool]]:
    """Exact fields of the good samples, and whether each bad-ID card was flagged."""
    documents: dict[tuple[DocKind, str, int, str, bool], list[PageText]] = {}
    for page in pages:
        if page.doc is not None and page.ours is not None:
            documents.setdefault(page.doc, []).append(page.ours)
    fields, flagged = Fields(), []
    for (kind, lang, seed, group, bad_id), texts in documents.items():
        numbered = [replace(text, index=i) for i, text in enumerate(texts)]
        got = extract(numbered, today=TODAY)
        if bad_id:
            number = got.get("id_number")
            flagged.append(number is not None and not number.ok)
            continue
        truth = generate(kind, lang, seed).fields
        right = sum(1 for f in got if truth.get(f.name) == f.value)
        fields.add(["all", group, f"{group}_{lang}"], right, len(truth))
    return fields, flagged


def _row(label: str, ours: str, peer: str = "", note: str = "") -> None:
    print(f"{label:<36}{ours:>12}{peer:>12}  {note}")


def _group_rows(pages: list[Page], group: str, figures: dict[str, float]) -> None:
    ours, peer, in_order = (cer(pages, side) for side in ("ours", "peer", "ours_in_order"))
    figures[f"cer_{group}"], figures[f"peer_cer_{group}"] = ours, peer
    figures[f"cer_in_order_{group}"] = in_order
    _row(f"{group}: character error rate", f"{ours:.4f}", f"{peer:.4f}", f"{len(pages)} pages")
    _row("  ... in tesseract's reading order", f"{in_order:.4f}", f"{peer:.4f}")
    ours_s = sum(p.ours_s for p in pages) / len(pages)
    peer_s = sum(p.peer_s for p in pages) / len(pages)
    _row(
        "  seconds per page, one core", f"{ours_s:.3f}", f"{peer_s:.3f}", f"x{ours_s / peer_s:.2f}"
    )
    if group != "real":
        return
    english = cer(pages, "peer_eng")
    figures["peer_eng_cer_real"] = english
    _row("  ... tesseract with English alone", "", f"{english:.4f}")
    for page in pages:
        _row(
            f"  {page.path.name} (in order)",
            f"{cer([page], 'ours'):.4f} ({cer([page], 'ours_in_order'):.4f})",
            f"{cer([page], 'peer'):.4f}",
        )


def _cer_rows(pages: list[Page]) -> dict[str, float]:
    figures: dict[str, float] = {}
    for group in ("real", "clean", "scan"):
        chosen = [p for p in pages if p.group == group]
        if chosen:
            _group_rows(chosen, group, figures)
    return figures


def report(pages: list[Page], times: Times, differ: int, workers: int) -> None:
    count = len(pages)
    ours_s, peer_s, wide = (t / count for t in (times.ours, times.peer, times.all_cores))
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"\n{count} pages; tesseract {engine().version.splitlines()[0]}; {workers} cores")
    print(f"load average at the end (1, 5, 15 min): {load}")
    _row("", "LoanDesk", "tesseract")
    _row("seconds per page, one core", f"{ours_s:.3f}", f"{peer_s:.3f}", f"x{ours_s / peer_s:.2f}")
    _row("seconds per page, all cores", f"{wide:.3f}", "", f"x{wide / ours_s:.2f} of one core")
    figures = _cer_rows(pages)
    fields, flagged = field_figures(pages)
    for key in sorted(fields.total):
        figures[f"field_exact_{key}"] = fields.rate(key)
        _row(f"fields exact, {key}", f"{fields.rate(key):.4f}", "", f"of {fields.total[key]}")
    _row("bad ID check digits flagged", str(sum(flagged)), "", f"of {len(flagged)}")
    if differ:
        print(f"note: {differ} pages read differently with all cores than with one")
    summary = {
        "bench": "ocr",
        "ours_s_per_page": round(ours_s, 3),
        "peer_s_per_page": round(peer_s, 3),
        "ours_s_per_page_all_cores": round(wide, 3),
        "ours_cer": round(figures.get("cer_real", float("nan")), 4),
        "ours_cer_in_order": round(figures.get("cer_in_order_real", float("nan")), 4),
        "peer_cer": round(figures.get("peer_cer_real", float("nan")), 4),
        "field_exact": round(fields.rate("all"), 4),
        "pages": count,
        "cores": workers,
        "bad_id_flagged": round(sum(flagged) / max(1, len(flagged)), 4),
        **{key: round(value, 4) for key, value in figures.items()},
    }
    print(json.dumps(summary))


def _stop(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds, so the page files are removed


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ocr", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one seed per kind and language")
    parser.add_argument("--seeds", type=int, default=None, help="seeds per kind and language")
    args = parser.parse_args(argv)
    seeds = args.seeds or (1 if args.quick else 4)
    signal.signal(signal.SIGTERM, _stop)
    root = Path(tempfile.mkdtemp(prefix="loandesk-ocr-bench-"))
    try:
        os.chmod(root, 0o700)
        print(f"OCR: LoanDesk vs tesseract, {seeds} seed(s) per kind and language", flush=True)
        pages = real_pages() + synthetic_pages(root, seeds)
        times = Times()
        one_core(pages, times)
        print("  all cores ...", file=sys.stderr, flush=True)
        differ = all_cores(pages, times)
        report(pages, times, differ, os.cpu_count() or 1)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
