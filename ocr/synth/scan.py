"""Make a clean render look like a page that went through an office scanner or phone."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageFilter


def scan(image: Image.Image, seed: int, *, strength: float = 1.0) -> Image.Image:
    """A scanned-looking copy of ``image``; the same seed gives the same pixels.

    A small skew (up to 2 degrees at strength 1), for about one seed in eight a
    quarter or half turn, paper tone, uneven light, blur, sensor noise and
    JPEG artefacts. Grey images stay grey; the size is kept (swapped on a
    quarter turn).
    """
    rng = np.random.default_rng(seed)
    mode = "RGB" if image.mode == "RGB" else "L"
    out = image.convert(mode)
    if rng.random() < 1 / 8:
        out = out.transpose(
            rng.choice(
                [Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_180, Image.Transpose.ROTATE_270]
            )
        )
    bed = (246, 246, 244) if mode == "RGB" else 246
    angle = float(rng.uniform(-2.0, 2.0) * strength)
    out = out.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=bed)
    pixels = np.asarray(out, dtype=np.float32)
    pixels = (
        pixels * _paper_tone(rng, mode, strength) * _lighting(rng, out.size, strength, pixels.ndim)
    )
    out = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode)
    out = out.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.3, 0.9) * strength)))
    pixels = np.asarray(out, dtype=np.float32)
    pixels += rng.normal(0.0, 2.0 + 5.0 * strength * float(rng.random()), pixels.shape).astype(
        np.float32
    )
    out = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode)
    return _jpeg(out, int(rng.integers(60, 91)))


def _paper_tone(rng: np.random.Generator, mode: str, strength: float) -> np.ndarray:
    dim = 1.0 - float(rng.uniform(0.0, 0.08)) * strength
    if mode == "L":
        return np.array(dim, dtype=np.float32)
    # Paper yellows a little: less blue than red.
    warmth = float(rng.uniform(0.0, 0.05)) * strength
    return np.array([dim, dim - warmth / 3, dim - warmth], dtype=np.float32)


def _lighting(
    rng: np.random.Generator, size: tuple[int, int], strength: float, ndim: int
) -> np.ndarray:
    """A smooth field of brightness, darker towards one side or corner."""
    coarse = rng.uniform(1.0 - 0.18 * strength, 1.0, (3, 3)).astype(np.float32)
    field = Image.fromarray(coarse, "F").resize(size, Image.Resampling.BICUBIC)
    light = np.clip(np.asarray(field, dtype=np.float32), 0.5, 1.0)
    return light[:, :, None] if ndim == 3 else light


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as decoded:
        return decoded.convert(image.mode)
