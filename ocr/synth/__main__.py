"""Write sample documents with their ground truth: ``python -m ocr.synth --out DIR``."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from PIL import Image

from ocr.synth.sample import KINDS_BY_LANG, Sample, generate
from ocr.synth.scan import scan

#: scanned copies are written at 200 dpi, as many office scanners and phones deliver
SCAN_SCALE = 2 / 3


def _save_png(image: Image.Image, path: Path) -> None:
    # A palette of 32 greys (64 colours for cards) keeps a 300 dpi A4 page small.
    small = image.quantize(64) if image.mode == "RGB" else image.quantize(32)
    small.save(path, optimize=True)


def _save_scan(image: Image.Image, seed: int, path: Path) -> None:
    scanned = scan(image, seed)
    size = (round(scanned.width * SCAN_SCALE), round(scanned.height * SCAN_SCALE))
    scanned.resize(size, Image.Resampling.LANCZOS).save(path, quality=70, optimize=True)


def _truth(sample: Sample) -> dict[str, object]:
    return {
        "kind": sample.kind.value,
        "lang": sample.lang,
        "fields": sample.fields,
        "months": [asdict(m) for m in sample.months],
    }


def write_sample(sample: Sample, out: Path, stem: str, *, scanned: bool, seed: int) -> None:
    for number, page in enumerate(sample.pages, start=1):
        suffix = "" if number == 1 else f"-p{number}"
        _save_png(page, out / f"{stem}{suffix}.png")
        if scanned:
            _save_scan(page, seed * 100 + number, out / f"{stem}{suffix}-scan.jpg")
    (out / f"{stem}.pdf").write_bytes(sample.pdf())
    text = json.dumps(_truth(sample), ensure_ascii=False, indent=2)
    (out / f"{stem}.json").write_text(text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ocr.synth", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--count", type=int, default=1, help="samples of each kind and language")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first sample")
    parser.add_argument(
        "--scanned",
        action="store_true",
        help="write a scanned-looking JPEG of every page (default: of one sample per kind)",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for lang, kinds in KINDS_BY_LANG.items():
        for kind in kinds:
            for n in range(args.count):
                seed = args.seed + n
                sample = generate(kind, lang, seed)
                stem = f"{kind.value}-{lang}-{n + 1}"
                # Without --scanned, one scanned copy per kind: the first sample in
                # the first language that has the kind.
                first = n == 0 and lang == next(g for g, k in KINDS_BY_LANG.items() if kind in k)
                write_sample(sample, args.out, stem, scanned=args.scanned or first, seed=seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
