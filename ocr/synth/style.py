"""The small per-sample choices that keep documents from all looking alike."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ocr.synth.canvas import Page
from ocr.synth.people import DATE_STYLES, fmt_date, money_with_currency
from ocr.types import MonthFlow


@dataclass
class Style:
    rng: random.Random
    lang: str
    #: body text size in points
    size: float
    date_style: str
    money_style: int
    #: a small shift of the whole layout, in points
    dx: float
    dy: float
    latin_in_cjk: bool

    @classmethod
    def choose(cls, rng: random.Random, lang: str) -> Style:
        return cls(
            rng=rng,
            lang=lang,
            size=rng.choice((9.0, 9.5, 10.0, 10.5, 11.0, 12.0)),
            date_style=rng.choice(DATE_STYLES[lang]),
            money_style=rng.randint(0, 1),
            dx=rng.uniform(-8, 8),
            dy=rng.uniform(-8, 8),
            latin_in_cjk=lang == "zh" or rng.random() < 0.3,
        )

    def date(self, day: date) -> str:
        return fmt_date(day, self.date_style)

    def money(self, value: Decimal) -> str:
        return money_with_currency(value, self.lang, self.money_style)

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    def page(self, width: float, height: float, *, color: bool = False) -> Page:
        return Page(width, height, color=color, latin_in_cjk=self.latin_in_cjk)


@dataclass(frozen=True)
class Built:
    """A document as laid out: its pages and what they truly say."""

    fields: dict[str, str]
    pages: tuple[Page, ...]
    months: tuple[MonthFlow, ...] = ()
