"""A published model: the ONNX graph with LoanDesk's metadata embedded in it.

The metadata travels inside the ONNX file (``metadata_props``, key
``loandesk``, JSON), so the signature over the file covers it: the feature
spec, version, training-data fingerprint and summary, metrics, calibration,
score scaling, grade cut-offs and the baseline distributions drift is
measured against.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

MODEL_FILE = "model.onnx"
CHALLENGER_FILE = "challenger.onnx"
METADATA_KEY = "loandesk"
GRADE_NAMES = ("A", "B", "C", "D", "E")


@dataclass(frozen=True)
class Scaling:
    """Points: ``base_score`` at good:bad odds of ``base_odds``; ``pdo`` more per doubling."""

    base_score: float
    base_odds: float
    pdo: float

    def scores(self, pd: np.ndarray) -> np.ndarray:
        p = np.clip(np.asarray(pd, dtype=np.float64), 1e-9, 1 - 1e-9)
        factor = self.pdo / math.log(2)
        return np.asarray(self.base_score + factor * np.log((1 - p) / p / self.base_odds))


@dataclass(frozen=True)
class Metadata:
    model_id: str
    version: str
    kind: str
    spec_toml: str
    fill: dict[str, float]
    #: Platt slope and intercept on the model's log-odds
    calibration: tuple[float, float]
    scaling: Scaling
    #: PD upper bounds of grades A, B, C and D (E is the rest)
    grades: tuple[float, ...]
    data: dict[str, Any]
    metrics: dict[str, Any]
    baseline: dict[str, Any]
    trained_at: str
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Metadata:
        raw = json.loads(text)
        raw["scaling"] = Scaling(**raw["scaling"])
        raw["calibration"] = tuple(raw["calibration"])
        raw["grades"] = tuple(raw["grades"])
        return cls(**raw)

    def grade(self, pd: float) -> str:
        for name, bound in zip(GRADE_NAMES, self.grades, strict=False):
            if pd < bound:
                return name
        return GRADE_NAMES[len(self.grades)]


def write_model(path: Path, model_bytes: bytes, metadata: Metadata) -> Path:
    """The ONNX file with the metadata embedded, written at ``path``."""
    import onnx

    proto = onnx.load_from_string(model_bytes)
    del proto.metadata_props[:]
    entry = proto.metadata_props.add()
    entry.key, entry.value = METADATA_KEY, metadata.to_json()
    proto.producer_name = "LoanDesk"
    proto.model_version = int(metadata.trained_at[:10].replace("-", ""))
    path.write_bytes(proto.SerializeToString())
    return path
