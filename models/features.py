"""Feature vectors from training columns or from a case's inputs, by the spec.

The same code builds both, on numpy arrays: a training set is a mapping of
column name to array, a case one of input name to a one-element array. No
pandas here, so the workstation scores without it.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from models.spec import Feature, FeatureType, Missing, Spec, SpecError, names_in

Values = Mapping[str, np.ndarray]
_OPS: dict[type[ast.operator], Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


@lru_cache(maxsize=256)
def _parsed(expression: str) -> ast.expr:
    names_in(expression)
    return ast.parse(expression, mode="eval").body


def evaluate(expression: str, values: Values, rows: int) -> np.ndarray:
    """A numeric expression over named arrays; a division by zero or a missing name is NaN."""
    tree = _parsed(expression)

    def walk(node: ast.expr) -> np.ndarray:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return np.full(rows, float(node.value))
        if isinstance(node, ast.Name):
            if node.id not in values:
                return np.full(rows, np.nan)
            return np.asarray(values[node.id], dtype=np.float64)
        if isinstance(node, ast.UnaryOp):
            return -walk(node.operand)
        if isinstance(node, ast.BinOp):
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        raise SpecError(f"{expression!r} may hold only names, numbers and + - * /")

    with np.errstate(divide="ignore", invalid="ignore"):
        result = walk(tree)
    result = np.where(np.isfinite(result), result, np.nan)
    return np.asarray(result, dtype=np.float64)


@dataclass(frozen=True)
class Fill:
    """What each feature's missing values become, learnt from the training data."""

    values: dict[str, float]


def _raw(feature: Feature, values: Values, rows: int, *, training: bool) -> np.ndarray:
    source = feature.column if training else feature.case
    if feature.type is FeatureType.CATEGORICAL:
        column = values.get(source)
        if column is None:
            return np.full(rows, feature.code(None))
        return np.array([feature.code(None if v is None else str(v)) for v in column], np.float64)
    return evaluate(source, values, rows)


def unknown(spec: Spec, values: Values, rows: int, *, training: bool) -> np.ndarray:
    """Rows × features: True where the input behind a feature is missing (before any fill)."""
    out = np.zeros((rows, len(spec.features)), dtype=bool)
    for j, feature in enumerate(spec.features):
        source = feature.column if training else feature.case
        if feature.type is FeatureType.CATEGORICAL:
            column = values.get(source)
            out[:, j] = (
                True
                if column is None
                else [v is None or str(v) not in feature.categories for v in column]
            )
        else:
            out[:, j] = np.isnan(evaluate(source, values, rows))
    return out


def learn_fill(spec: Spec, values: Values, rows: int) -> Fill:
    fill: dict[str, float] = {}
    for feature in spec.features:
        if feature.type is FeatureType.CATEGORICAL:
            continue
        column = _clip(feature, _raw(feature, values, rows, training=True))
        known = column[~np.isnan(column)]
        median = float(np.median(known)) if known.size else 0.0
        low, high = feature.range or (median, median)
        fill[feature.name] = {
            Missing.MEDIAN: median,
            Missing.ZERO: 0.0,
            Missing.LOW: low,
            Missing.HIGH: high,
        }[feature.missing]
    return Fill(fill)


def _clip(feature: Feature, column: np.ndarray) -> np.ndarray:
    if feature.range is None:
        return column
    return np.asarray(np.clip(column, feature.range[0], feature.range[1]))


def matrix(spec: Spec, values: Values, rows: int, fill: Fill, *, training: bool) -> np.ndarray:
    """Rows × features, float32 as the ONNX model takes it, no NaN."""
    out = np.empty((rows, len(spec.features)), dtype=np.float64)
    for j, feature in enumerate(spec.features):
        column = _clip(feature, _raw(feature, values, rows, training=training))
        if feature.type is FeatureType.NUMERIC:
            column = np.where(np.isnan(column), fill.values[feature.name], column)
        out[:, j] = column
    return np.asarray(out, dtype=np.float32)
