"""Synthetic identity, income and business papers with exact ground truth, and a scan simulator."""

from __future__ import annotations

from ocr.synth.fonts import FontMissing
from ocr.synth.sample import KINDS_BY_LANG, Sample, generate
from ocr.synth.scan import scan

__all__ = ["KINDS_BY_LANG", "FontMissing", "Sample", "generate", "scan"]
