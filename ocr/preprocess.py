"""Getting a page image ready to read: grey, bounded size, straight, evenly lit.

Each step is cheap (worked out on a small copy of the page) because it runs on
every page and the whole preparation must cost little beside the reading.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from ocr.types import Limits

#: skew angles tried, in degrees; scanners and phone shots rarely exceed 5
_MAX_SKEW = 5.0
_SKEW_STEP = 0.2
#: a straightening below this is not worth resampling the page for
_MIN_SKEW = 0.3
#: how much sharper than level the best angle's profile must be to be believed
_CLEARLY_SHARPER = 1.05
#: spread of background brightness (0..255) above which lighting is evened out
_UNEVEN = 40


@dataclass(frozen=True)
class Prepared:
    image: Image.Image
    skew: float
    evened: bool


def prepare(image: Image.Image, limits: Limits) -> Prepared:
    """The page in grey, no larger than the limits, straightened and evenly lit."""
    grey = ImageOps.exif_transpose(image).convert("L")
    # A black-and-white scan has no lighting left to even out.
    bilevel = _bilevel(grey)
    grey = _bounded(grey, limits.max_side)
    evened = False
    if not bilevel:
        background = _background(grey)
        low, high = np.percentile(background, [10, 90])
        if high - low > _UNEVEN:
            grey = _even_out(grey, background)
            evened = True
    skew = estimate_skew(grey)
    if abs(skew) >= _MIN_SKEW:
        grey = grey.rotate(skew, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    else:
        skew = 0.0
    return Prepared(grey, skew, evened)


def _bilevel(grey: Image.Image) -> bool:
    """Only black and white (a fax-mode scan, however it was stored)."""
    counts = grey.histogram()
    return sum(counts[1:255]) == 0


def _bounded(image: Image.Image, max_side: int) -> Image.Image:
    side = max(image.size)
    if side <= max_side:
        return image
    scale = max_side / side
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _small(image: Image.Image, target: int) -> Image.Image:
    scale = target / max(image.size)
    if scale >= 1:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.BOX)


def _background(grey: Image.Image) -> np.ndarray:
    """The paper's brightness across the page, text removed (a small grey array)."""
    small = _small(grey, 160)
    # The brightest pixel in a neighbourhood is paper, not ink.
    paper = small.filter(ImageFilter.MaxFilter(7)).filter(ImageFilter.BoxBlur(3))
    return np.asarray(paper, dtype=np.uint8)


def _even_out(grey: Image.Image, background: np.ndarray) -> Image.Image:
    """Divide out uneven lighting so the paper is white everywhere."""
    paper = Image.fromarray(background).resize(grey.size, Image.Resampling.BILINEAR)
    page = np.asarray(grey, dtype=np.float32)
    # Dark blocks (photos, black bars) are not shadows: do not brighten them.
    floor = max(float(np.median(background)) * 0.4, 1.0)
    light = np.maximum(np.asarray(paper, dtype=np.float32), floor)
    out = np.clip(page * (255.0 / light), 0, 255).astype(np.uint8)
    return Image.fromarray(out)


def estimate_skew(grey: Image.Image) -> float:
    """Degrees to turn the page counter-clockwise so its text lines run level.

    Projects the dark pixels of a small copy along each candidate angle and
    keeps the angle whose row profile is sharpest: level lines of text give
    tall peaks separated by empty rows.
    """
    small = _small(grey, 900)
    pixels = np.asarray(small, dtype=np.uint8)
    threshold = min(128, int(pixels.mean()) - 30)
    ys, xs = np.nonzero(pixels < threshold)
    if len(ys) < 200:
        return 0.0
    if len(ys) > 60_000:
        sample = np.random.default_rng(0).choice(len(ys), 60_000, replace=False)
        ys, xs = ys[sample], xs[sample]
    angles = np.arange(-_MAX_SKEW, _MAX_SKEW + _SKEW_STEP / 2, _SKEW_STEP)
    height = pixels.shape[0]
    scores = [_sharpness(ys, xs, float(angle), height) for angle in angles]
    pick = int(np.argmax(scores))
    level = scores[len(angles) // 2]
    # A best angle at the edge of the range, or barely sharper than level,
    # is a picture or a border talking, not lines of text.
    if pick in (0, len(angles) - 1) or scores[pick] < level * _CLEARLY_SHARPER:
        return 0.0
    return float(angles[pick])


def _sharpness(ys: np.ndarray, xs: np.ndarray, angle: float, height: int) -> float:
    rows = ys - xs * np.tan(np.radians(angle))
    profile = np.bincount(np.clip(rows + height, 0, 3 * height - 1).astype(np.int64))
    return float(np.dot(profile, profile))
