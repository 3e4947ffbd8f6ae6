"""Which documents each loan product needs, and which of them a case already has.

The configuration is ``resources/checklists.json``; the services load it and
hand the parsed dict to ``parse_checklists``, which refuses anything it does
not know so a typo in the file fails loudly instead of waiving a requirement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from app.domain.applicant import PRODUCTS
from app.domain.documents import KIND_LABELS, DocumentFacts, Label, newest_first, of_kind
from app.errors import LoanDeskError
from ocr.types import DocKind

VERSION = 1
_RULE_KEYS = (
    "income_gap_share",
    "statement_max_age_days",
    "payslip_max_age_days",
    "bill_max_age_days",
)


class ChecklistError(LoanDeskError, ValueError):
    """A checklist configuration that cannot be used; ``path`` says where in it."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class Need:
    """So many documents of one kind (the newest ones count)."""

    kind: DocKind
    min_count: int = 1


@dataclass(frozen=True)
class Requirement:
    """One line of a checklist, met by any one of its alternatives in full."""

    id: str
    label: Label
    #: each alternative is a set of needs that together meet the requirement
    any_of: tuple[tuple[Need, ...], ...]


@dataclass(frozen=True)
class Rules:
    """Thresholds of the cross-document checks."""

    #: declared income above the best evidence by more than this share is flagged
    income_gap_share: Decimal
    statement_max_age_days: int
    payslip_max_age_days: int
    bill_max_age_days: int


@dataclass(frozen=True)
class ChecklistConfig:
    version: int
    products: Mapping[str, tuple[Requirement, ...]]
    rules: Rules


@dataclass(frozen=True)
class ChecklistItem:
    """A requirement judged against a case's documents."""

    requirement: Requirement
    satisfied: bool
    #: the documents counted toward the met alternative, or toward the closest one
    documents: tuple[DocumentFacts, ...]
    #: per unmet alternative, closest first: the documents still lacking
    missing: tuple[tuple[Need, ...], ...]

    @property
    def confirmed(self) -> bool:
        """Met by documents a person has confirmed, not only by extracted ones."""
        return self.satisfied and all(d.confirmed for d in self.documents)

    def missing_text(self, language: str = "en") -> str:
        """What is lacking in words: ``ID card (back) or passport``; empty when met."""
        chinese = language.startswith("zh")
        parts = []
        for alternative in self.missing:
            words = [_need_words(need, language) for need in alternative]
            parts.append(("和" if chinese else " and ").join(words))
        return ("，或" if chinese else " or ").join(parts)


def _need_words(need: Need, language: str) -> str:
    label = KIND_LABELS[need.kind].text(language)
    if need.min_count == 1:
        return label
    return f"{label} ×{need.min_count}"


# -- reading the configuration ---------------------------------------------------


def _mapping(value: object, path: str, keys: Sequence[str]) -> Mapping[str, object]:
    """``value`` as a mapping holding exactly ``keys``."""
    if not isinstance(value, Mapping):
        raise ChecklistError(path, "an object is expected")
    unknown = sorted(str(k) for k in value if k not in keys)
    if unknown:
        raise ChecklistError(f"{path}.{unknown[0]}", "unknown key")
    missing = [k for k in keys if k not in value]
    if missing:
        raise ChecklistError(f"{path}.{missing[0]}", "missing")
    return value


def _list(value: object, path: str) -> list[object]:
    if not isinstance(value, list) or not value:
        raise ChecklistError(path, "a non-empty list is expected")
    return value


def _text(value: object, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ChecklistError(path, "non-empty text is expected")
    return value


def _count(value: object, path: str, *, lowest: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < lowest:
        raise ChecklistError(path, f"a whole number of at least {lowest} is expected")
    return value


def _need(raw: object, path: str) -> Need:
    if isinstance(raw, Mapping) and "min_count" not in raw:
        raw = {**raw, "min_count": 1}
    data = _mapping(raw, path, ("kind", "min_count"))
    kind = data["kind"]
    if kind not in {k.value for k in DocKind}:
        raise ChecklistError(f"{path}.kind", f"unknown document kind {str(kind)[:40]!r}")
    return Need(DocKind(str(kind)), _count(data["min_count"], f"{path}.min_count", lowest=1))


def _alternative(raw: object, path: str) -> tuple[Need, ...]:
    needs = tuple(_need(item, f"{path}[{i}]") for i, item in enumerate(_list(raw, path)))
    if len({n.kind for n in needs}) != len(needs):
        raise ChecklistError(path, "a document kind is named twice")
    return needs


def _requirement(raw: object, path: str) -> Requirement:
    data = _mapping(raw, path, ("id", "label", "any_of"))
    label = _mapping(data["label"], f"{path}.label", ("en", "zh"))
    alternatives = _list(data["any_of"], f"{path}.any_of")
    return Requirement(
        id=_text(data["id"], f"{path}.id"),
        label=Label(_text(label["en"], f"{path}.label.en"), _text(label["zh"], f"{path}.label.zh")),
        any_of=tuple(_alternative(a, f"{path}.any_of[{i}]") for i, a in enumerate(alternatives)),
    )


def _product(raw: object, path: str) -> tuple[Requirement, ...]:
    items = tuple(_requirement(r, f"{path}[{i}]") for i, r in enumerate(_list(raw, path)))
    ids = [r.id for r in items]
    for i, rid in enumerate(ids):
        if rid in ids[:i]:
            raise ChecklistError(f"{path}[{i}].id", f"requirement {rid!r} is listed twice")
    return items


def _rules(raw: object, path: str) -> Rules:
    data = _mapping(raw, path, _RULE_KEYS)
    share = data["income_gap_share"]
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share < 10:
        raise ChecklistError(f"{path}.income_gap_share", "a share from 0 to 10 is expected")
    days = {k: _count(data[k], f"{path}.{k}", lowest=1) for k in _RULE_KEYS[1:]}
    # Through str() so 0.2 is the decimal 0.2 and not the binary float's expansion.
    return Rules(income_gap_share=Decimal(str(share)), **days)


def parse_checklists(raw: Mapping[str, object]) -> ChecklistConfig:
    """The checklist configuration, validated; ``ChecklistError`` names the first fault."""
    data = _mapping(raw, "checklists", ("version", "products", "rules"))
    version = data["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version != VERSION:
        raise ChecklistError("checklists.version", f"version {VERSION} is expected")
    products = _mapping(data["products"], "checklists.products", PRODUCTS)
    return ChecklistConfig(
        version=VERSION,
        products=MappingProxyType(
            {name: _product(products[name], f"checklists.products.{name}") for name in PRODUCTS}
        ),
        rules=_rules(data["rules"], "checklists.rules"),
    )


# -- judging a case ----------------------------------------------------------------


def _counted(
    alternative: tuple[Need, ...], documents: Sequence[DocumentFacts]
) -> list[DocumentFacts]:
    counted: list[DocumentFacts] = []
    for need in alternative:
        counted += newest_first(of_kind(documents, need.kind))[: need.min_count]
    return counted


def _lacking(alternative: tuple[Need, ...], documents: Sequence[DocumentFacts]) -> tuple[Need, ...]:
    lacking = []
    for need in alternative:
        have = len(of_kind(documents, need.kind))
        if have < need.min_count:
            lacking.append(Need(need.kind, need.min_count - have))
    return tuple(lacking)


def _judge(requirement: Requirement, documents: Sequence[DocumentFacts]) -> ChecklistItem:
    lacks = [_lacking(alt, documents) for alt in requirement.any_of]
    met = [alt for alt, lack in zip(requirement.any_of, lacks, strict=True) if not lack]
    if met:
        # The first alternative met wins: the file lists them in order of preference.
        return ChecklistItem(requirement, True, tuple(_counted(met[0], documents)), ())
    # Closest first: fewest documents still lacking; ties keep the file's order.
    order = sorted(range(len(lacks)), key=lambda i: sum(n.min_count for n in lacks[i]))
    closest = requirement.any_of[order[0]]
    return ChecklistItem(
        requirement,
        False,
        tuple(_counted(closest, documents)),
        tuple(lacks[i] for i in order),
    )


def checklist(
    config: ChecklistConfig, product: str, documents: Sequence[DocumentFacts]
) -> list[ChecklistItem]:
    """Each requirement of ``product``'s checklist judged against ``documents``."""
    requirements = config.products.get(product)
    if requirements is None:
        raise ChecklistError(f"checklists.products.{product[:40]}", "no such product")
    return [_judge(r, documents) for r in requirements]
