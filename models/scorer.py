"""Scoring a case on the workstation: PD, score, grade, reasons, what-if and stress.

One onnxruntime session per model, opened once and reused. The model file's
signature is checked against the trusted publisher keys, and its schema
against its own spec, before the session is made; anything wrong is refused
with the reason in words (``ModelRefused``).

Reasons are model-agnostic: each feature in turn is reset to its reference
value, all those variants scored in one batched call, and the features whose
reset would raise the score most are the reasons (at most four). What-if and
stress scenarios go through the same batched call.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from models.artifact import METADATA_KEY, Metadata
from models.features import Fill, matrix, unknown
from models.signing import PublicKey, SignatureError, signature_path, verify_bytes
from models.spec import FeatureType, Spec, SpecError, parse_spec

Inputs = Mapping[str, float | str | None]
#: at most this many reasons are given
MAX_REASONS = 4


class ModelRefused(RuntimeError):
    """A model that may not be used here, with the reason in words."""


@dataclass(frozen=True)
class Reason:
    feature: str
    text_en: str
    text_zh: str
    #: points the score would gain were this feature at its reference value
    points: float


@dataclass(frozen=True)
class Assessment:
    model_id: str
    version: str
    pd: float
    score: float
    grade: str
    reasons: tuple[Reason, ...]
    #: the feature values the model saw, by feature name
    features: dict[str, float]


@dataclass(frozen=True)
class Scenario:
    name: str
    pd: float
    score: float
    grade: str


#: stress scenarios: (name, input changes); each change multiplies or adds to one input
STRESS: tuple[tuple[str, dict[str, tuple[str, float]]], ...] = (
    ("income -10%", {"monthly_income": ("*", 0.9)}),
    ("income -20%", {"monthly_income": ("*", 0.8)}),
    ("income -30%", {"monthly_income": ("*", 0.7)}),
    ("rate +2 points", {"annual_rate": ("+", 2.0)}),
    ("rate +4 points", {"annual_rate": ("+", 4.0)}),
    ("expenses +20%", {"monthly_expenses": ("*", 1.2)}),
)


def instalment(amount: float, months: float, annual_rate_pct: float | None) -> float:
    """The equal monthly instalment (等额本息) of a loan; principal alone without a rate."""
    if months <= 0:
        return math.nan
    rate = (annual_rate_pct or 0.0) / 100 / 12
    if rate <= 0:
        return amount / months
    return float(amount * rate / (1 - (1 + rate) ** -months))


def with_derived(inputs: Inputs) -> dict[str, float | str | None]:
    """The inputs plus the values derived from them (the monthly instalment)."""
    out = dict(inputs)
    amount, months = out.get("requested_amount"), out.get("term_months")
    if isinstance(amount, int | float) and isinstance(months, int | float):
        rate = out.get("annual_rate")
        out["monthly_instalment"] = instalment(
            float(amount), float(months), float(rate) if isinstance(rate, int | float) else None
        )
    return out


def changed(inputs: Inputs, changes: Mapping[str, tuple[str, float]]) -> dict[str, Any]:
    out = dict(inputs)
    for name, (op, amount) in changes.items():
        value = out.get(name)
        base = float(value) if isinstance(value, int | float) else 0.0
        out[name] = base * amount if op == "*" else base + amount
    return out


class Scorer:
    """One published model, checked and ready to score."""

    def __init__(self, model_bytes: bytes, signature: str | None, trusted: list[PublicKey]):
        try:
            self.signer = verify_bytes(model_bytes, signature, trusted)
        except SignatureError as exc:
            raise ModelRefused(str(exc)) from None
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.log_severity_level = 3  # the converter's label shape note is not ours to show
        options.intra_op_num_threads = 1
        try:
            self._session = ort.InferenceSession(
                model_bytes, options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # noqa: BLE001 - onnxruntime's errors derive from Exception alone
            raise ModelRefused(f"the model file cannot be loaded: {exc}") from None
        meta = self._session.get_modelmeta().custom_metadata_map.get(METADATA_KEY)
        if meta is None:
            raise ModelRefused("the model carries no LoanDesk metadata")
        try:
            self.metadata = Metadata.from_json(meta)
            self.spec: Spec = parse_spec(tomllib.loads(self.metadata.spec_toml))
        except (ValueError, TypeError, KeyError, SpecError) as exc:
            raise ModelRefused(f"the model's metadata is unreadable: {exc}") from None
        self._fill = Fill(self.metadata.fill)
        self._check_schema()

    @classmethod
    def from_file(cls, path: Path, trusted: list[PublicKey]) -> Scorer:
        sig = signature_path(path)
        try:
            data = path.read_bytes()
            signature = sig.read_text(encoding="utf-8") if sig.exists() else None
        except OSError as exc:
            raise ModelRefused(
                f"the model file {path.name} cannot be read: {exc.strerror}"
            ) from None
        return cls(data, signature, trusted)

    def _check_schema(self) -> None:
        inputs = self._session.get_inputs()
        count = len(self.spec.features)
        if len(inputs) != 1 or inputs[0].shape[-1] != count:
            raise ModelRefused(
                f"the model takes {inputs[0].shape if inputs else 'nothing'}, "
                f"but its spec lists {count} features"
            )
        missing = [n for n in self.spec.names if n not in self._fill.values]
        numeric = {f.name for f in self.spec.features if f.type is FeatureType.NUMERIC}
        if set(missing) & numeric:
            raise ModelRefused(f"the model has no fill value for {sorted(set(missing) & numeric)}")
        self._input = inputs[0].name

    # --- scoring ---------------------------------------------------------------

    def _values(self, inputs: Inputs) -> dict[str, np.ndarray]:
        return {
            k: np.array([float(v)])
            if isinstance(v, int | float) and not isinstance(v, bool)
            else np.array([v], dtype=object)
            for k, v in with_derived(inputs).items()
        }

    def vector(self, inputs: Inputs) -> np.ndarray:
        return self._vector(self._values(inputs))

    def _vector(self, values: dict[str, np.ndarray]) -> np.ndarray:
        return np.asarray(matrix(self.spec, values, 1, self._fill, training=False)[0])

    def unknown(self, inputs: Inputs) -> frozenset[str]:
        """Features whose inputs the case leaves empty (the model assumed a value)."""
        return self._unknown(self._values(inputs))

    def _unknown(self, values: dict[str, np.ndarray]) -> frozenset[str]:
        mask = unknown(self.spec, values, 1, training=False)[0]
        return frozenset(
            f.name for f, missing in zip(self.spec.features, mask, strict=True) if missing
        )

    def pd(self, rows: np.ndarray) -> np.ndarray:
        """Calibrated PD of each row of feature vectors, in one call."""
        outputs = self._session.run(None, {self._input: np.asarray(rows, dtype=np.float32)})
        raw = np.clip(np.asarray(outputs[1], dtype=np.float64)[:, 1], 1e-9, 1 - 1e-9)
        slope, intercept = self.metadata.calibration
        logit = slope * np.log(raw / (1 - raw)) + intercept
        return np.asarray(1 / (1 + np.exp(-logit)), dtype=np.float64)

    def _reference_rows(self, base: np.ndarray) -> np.ndarray:
        rows = np.repeat(base[None, :], len(self.spec.features) + 1, axis=0)
        for j in range(len(self.spec.features)):
            rows[j + 1, j] = self._reference(j)
        return rows

    def _reference(self, j: int) -> float:
        feature = self.spec.features[j]
        if feature.type is FeatureType.CATEGORICAL:
            ref = feature.reference if feature.reference is not None else feature.categories[0]
            return feature.code(str(ref))
        if feature.reference is not None:
            return float(feature.reference)
        return self._fill.values[feature.name]

    def assess(self, inputs: Inputs) -> Assessment:
        values = self._values(inputs)
        base = self._vector(values)
        pds = self.pd(self._reference_rows(base))
        scores = self.metadata.scaling.scores(pds)
        gains = scores[1:] - scores[0]
        order = np.argsort(-gains, kind="mergesort")
        # An empty input is no reason to hold against the applicant: the case
        # says it is missing instead. Less than half a point is no reason either.
        assumed = self._unknown(values)
        chosen = [j for j in order if gains[j] > 0.5 and self.spec.features[j].name not in assumed]
        reasons = tuple(
            Reason(
                self.spec.features[j].name,
                self.spec.features[j].reason_en,
                self.spec.features[j].reason_zh,
                float(gains[j]),
            )
            for j in chosen[:MAX_REASONS]
        )
        return Assessment(
            model_id=self.metadata.model_id,
            version=self.metadata.version,
            pd=float(pds[0]),
            score=float(scores[0]),
            grade=self.metadata.grade(float(pds[0])),
            reasons=reasons,
            features={f.name: float(v) for f, v in zip(self.spec.features, base, strict=True)},
        )

    def scenarios(self, inputs: Inputs, variants: Sequence[tuple[str, Inputs]]) -> list[Scenario]:
        """Each named variant of the inputs scored, all in one call."""
        if not variants:
            return []
        rows = np.stack([self.vector(v) for _, v in variants])
        pds = self.pd(rows)
        scores = self.metadata.scaling.scores(pds)
        return [
            Scenario(name, float(p), float(s), self.metadata.grade(float(p)))
            for (name, _), p, s in zip(variants, pds, scores, strict=True)
        ]

    def stress(self, inputs: Inputs) -> list[Scenario]:
        return self.scenarios(inputs, [(name, changed(inputs, c)) for name, c in STRESS])


def reason_texts(assessment: Assessment, language: str) -> list[str]:
    return [r.text_zh if language.startswith("zh") else r.text_en for r in assessment.reasons]
