"""One synthetic document: its pages, its PDF and the truth about what it says."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image

from ocr.synth.canvas import Page, page_text, render, to_pdf
from ocr.synth.cards import id_card_back, id_card_front, passport
from ocr.synth.licence import business_licence
from ocr.synth.papers import payslip, utility_bill
from ocr.synth.people import Person, make_person
from ocr.synth.statement import bank_statement
from ocr.synth.style import Built, Style
from ocr.types import DocKind, MonthFlow

_BOTH = (
    DocKind.PASSPORT,
    DocKind.PAYSLIP,
    DocKind.BANK_STATEMENT,
    DocKind.BUSINESS_LICENCE,
    DocKind.UTILITY_BILL,
)
KINDS_BY_LANG: dict[str, tuple[DocKind, ...]] = {
    "zh": (DocKind.ID_CARD_FRONT, DocKind.ID_CARD_BACK, *_BOTH),
    "en": _BOTH,
}

_BUILDERS: dict[DocKind, Callable[[Person, Style], Built]] = {
    DocKind.ID_CARD_BACK: id_card_back,
    DocKind.PASSPORT: passport,
    DocKind.PAYSLIP: payslip,
    DocKind.BANK_STATEMENT: bank_statement,
    DocKind.BUSINESS_LICENCE: business_licence,
    DocKind.UTILITY_BILL: utility_bill,
}


@dataclass(frozen=True)
class Sample:
    """A rendered document and its ground truth, in the formats of ``ocr.fields``."""

    kind: DocKind
    lang: str
    fields: dict[str, str]
    months: tuple[MonthFlow, ...]
    #: every page's printed lines; pages separated by a form feed
    text: str
    #: clean renders at 300 dpi
    pages: tuple[Image.Image, ...]
    layout: tuple[Page, ...] = field(repr=False, compare=False, default=())

    def pdf(self) -> bytes:
        """The same pages as a PDF with a text layer and its fonts embedded."""
        return to_pdf(self.layout)


def generate(kind: DocKind, lang: str, seed: int, *, bad_id_check: bool = False) -> Sample:
    """The document ``kind`` in ``lang``; the same arguments give the same sample."""
    if kind not in KINDS_BY_LANG.get(lang, ()):
        raise ValueError(f"no {kind.value} sample in language {lang!r}")
    rng = random.Random(f"{kind.value}/{lang}/{seed}")
    person = make_person(rng)
    style = Style.choose(rng, lang)
    if kind is DocKind.ID_CARD_FRONT:
        built = id_card_front(person, style, bad_check=bad_id_check)
    else:
        built = _BUILDERS[kind](person, style)
    return Sample(
        kind=kind,
        lang=lang,
        fields=built.fields,
        months=built.months,
        text="\f".join(page_text(page) for page in built.pages),
        pages=tuple(render(page) for page in built.pages),
        layout=built.pages,
    )
