"""The feature specification a risk model is trained and scored by.

A spec is a TOML file in the repository (``models/specs/``). It names the
training data's target, and for each feature: its type, how it is computed
from a training row (``column``) and from a case (``case``), the range it is
clipped to, what a missing value becomes, the direction the business expects
it to push the risk, and the reason shown to the applicant's officer in
English and Chinese when it costs the applicant most.

Protected attributes (sex, marital status, ethnicity, religion, nationality,
and the like) are never inputs: a spec that names one, as a feature or in any
expression, is refused with the attribute named.
"""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

#: words that are a protected attribute on their own, and stems that start one
PROTECTED = ("sex", "sexes", "race", "races", "religion")
PROTECTED_STEMS = (
    "gender",
    "marit",
    "married",
    "unmarried",
    "ethnic",
    "racial",
    "religio",
    "nationa",
    "citizen",
)


#: names a feature may not take: the drift baselines keep the score under "score"
RESERVED = frozenset({"score"})


class SpecError(ValueError):
    """A specification that cannot be used, with the reason in words."""


class FeatureType(StrEnum):
    NUMERIC = "numeric"
    CATEGORICAL = "categorical"


class Missing(StrEnum):
    """What a missing (or non-finite) value becomes."""

    MEDIAN = "median"  # the training median
    ZERO = "zero"
    LOW = "low"  # the bottom of the allowed range
    HIGH = "high"  # the top of the allowed range


@dataclass(frozen=True)
class Feature:
    name: str
    type: FeatureType
    #: expression over the training data's columns (numeric), or the column (categorical)
    column: str
    #: expression over the case's inputs (numeric), or the input (categorical)
    case: str
    reason_en: str
    reason_zh: str
    range: tuple[float, float] | None = None
    missing: Missing = Missing.MEDIAN
    #: +1: a larger value may only raise the risk; -1: only lower it; 0: no constraint
    monotone: int = 0
    #: categorical only: the values, in the order they are coded 0, 1, 2 …
    categories: tuple[str, ...] = ()
    #: the value the feature is reset to when its cost to the applicant is measured
    reference: float | str | None = None

    def code(self, value: str | None) -> float:
        """A categorical value's code; an unknown or missing value is the last category."""
        if value is not None and value in self.categories:
            return float(self.categories.index(value))
        return float(len(self.categories) - 1)


@dataclass(frozen=True)
class Spec:
    name: str
    #: the training data's target column and the values of it that mean a bad loan
    target: str
    bad: tuple[str, ...]
    features: tuple[Feature, ...]
    #: columns of the training data kept out of the model, reported in the fairness section
    sensitive: tuple[str, ...] = ()
    #: the training data's column of the applicant's age in years, for the age bands
    age: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.features)

    def feature(self, name: str) -> Feature:
        for f in self.features:
            if f.name == name:
                return f
        raise KeyError(name)


_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def names_in(expression: str) -> set[str]:
    """The variable names an expression reads; SpecError when it is not plain arithmetic."""
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        raise SpecError(f"{expression!r} is not an arithmetic expression") from None
    allowed: tuple[type[ast.AST], ...] = (
        *(ast.Expression, ast.BinOp, ast.UnaryOp, ast.Name, ast.Load, ast.Constant),
        *(ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub),
    )
    for node in ast.walk(tree):
        if not isinstance(node, allowed):
            raise SpecError(f"{expression!r} may hold only names, numbers and + - * /")
        if isinstance(node, ast.Constant) and not isinstance(node.value, int | float):
            raise SpecError(f"{expression!r} may hold only names, numbers and + - * /")
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def _protected(text: str) -> str | None:
    """The protected word in a name or expression ("Marital", "applicant_sex"), if any."""
    words = re.findall(r"[a-z]+", re.sub(r"([a-z])([A-Z])", r"\1_\2", text).lower())
    found: list[str] = [w for w in words if w in PROTECTED or w.startswith(PROTECTED_STEMS)]
    return found[0] if found else None


def _feature(raw: Any, where: str) -> Feature:
    if not isinstance(raw, dict):
        raise SpecError(f"{where} is not a table of keys and values")
    try:
        return _parsed_feature(raw, where)
    except (ValueError, TypeError) as exc:
        if isinstance(exc, SpecError):
            raise
        raise SpecError(f"{where} holds a value of the wrong kind: {exc}") from None


def _parsed_feature(raw: dict[str, Any], where: str) -> Feature:
    try:
        name = str(raw["name"])
        kind = FeatureType(raw["type"])
        column, case = str(raw["column"]), str(raw["case"])
        reason_en, reason_zh = str(raw["reason_en"]), str(raw["reason_zh"])
    except KeyError as absent:
        raise SpecError(f"{where} lacks {absent.args[0]!r}") from None
    except ValueError:
        raise SpecError(f"{where}: type must be numeric or categorical") from None
    if not _NAME.fullmatch(name):
        raise SpecError(f"{where}: name {name!r} must be lower-case letters, digits and _")
    if name in RESERVED:
        raise SpecError(f"{where}: the name {name!r} is kept for the model's own score")
    for text in (name, column, case):
        word = _protected(text)
        if word is not None:
            raise SpecError(
                f"feature {name!r} uses a protected attribute ({word}); "
                "sex, marital status, ethnicity, religion and nationality are never inputs"
            )
    monotone = int(raw.get("monotone", 0))
    if monotone not in (-1, 0, 1):
        raise SpecError(f"{where}: monotone must be -1, 0 or 1")
    categories = tuple(str(c) for c in raw.get("categories", ()))
    bounds = raw.get("range")
    _check_kind(kind, column, case, categories, bounds, monotone, where)
    try:
        missing = Missing(raw.get("missing", "median"))
    except ValueError:
        raise SpecError(f"{where}: missing must be one of {[m.value for m in Missing]}") from None
    reference = raw.get("reference")
    if kind is FeatureType.CATEGORICAL and reference is not None and reference not in categories:
        raise SpecError(f"{where}: reference {reference!r} is not one of its categories")
    if kind is FeatureType.NUMERIC and reference is not None:
        if isinstance(reference, bool) or not isinstance(reference, int | float):
            raise SpecError(f"{where}: the reference of a numeric feature is a number")
    return Feature(
        name=name,
        type=kind,
        column=column,
        case=case,
        reason_en=reason_en,
        reason_zh=reason_zh,
        range=(float(bounds[0]), float(bounds[1])) if bounds is not None else None,
        missing=missing,
        monotone=monotone,
        categories=categories,
        reference=reference,
    )


def _check_kind(
    kind: FeatureType,
    column: str,
    case: str,
    categories: tuple[str, ...],
    bounds: Any,
    monotone: int,
    where: str,
) -> None:
    if kind is FeatureType.CATEGORICAL:
        if len(categories) < 2:
            raise SpecError(f"{where}: a categorical feature lists at least two categories")
        if monotone:
            raise SpecError(f"{where}: a categorical feature has no monotone direction")
        return
    names_in(column)
    names_in(case)
    if bounds is not None and (len(bounds) != 2 or float(bounds[0]) >= float(bounds[1])):
        raise SpecError(f"{where}: range is [low, high] with low below high")


def parse_spec(data: dict[str, Any]) -> Spec:
    try:
        head = data["model"]
        name, target, bad = str(head["name"]), str(head["target"]), head["bad"]
        if isinstance(bad, str):
            bad = [bad]
    except KeyError as absent:
        raise SpecError(f"the spec's [model] table lacks {absent.args[0]!r}") from None
    raw_features = data.get("feature", [])
    if not raw_features:
        raise SpecError("the spec lists no [[feature]]")
    features = tuple(_feature(raw, f"feature {i + 1}") for i, raw in enumerate(raw_features))
    seen: set[str] = set()
    for f in features:
        if f.name in seen:
            raise SpecError(f"feature {f.name!r} is listed twice")
        seen.add(f.name)
    return Spec(
        name=name,
        target=target,
        bad=tuple(str(b) for b in bad),
        features=features,
        sensitive=tuple(str(s) for s in head.get("sensitive", ())),
        age=head.get("age"),
        extra={
            k: v for k, v in head.items() if k not in {"name", "target", "bad", "sensitive", "age"}
        },
    )


def load_spec(path: Path) -> Spec:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SpecError(f"cannot read the spec {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"the spec {path} is not valid TOML: {exc}") from None
    return parse_spec(data)
