"""Training a risk model from a bank's loan history, by a feature spec.

    python -m models.train --data CSV --spec SPEC --out DIR [--key KEY.pem] [--seed N]

Stratified split into train (60 %), validation (20 %) and test (20 %);
5-fold cross-validation on the training part; a LightGBM champion with the
spec's monotone constraints; Platt calibration on the validation part;
metrics on the test part; export to ONNX, checked against LightGBM's own
predictions to 1e-5 on the whole test split; the metadata embedded in the
ONNX file; an Ed25519 signature beside it when a key is given.

Training needs the ``train`` extra (LightGBM, scikit-learn, pandas,
onnxmltools); the workstation scores with onnxruntime and numpy alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from models import metrics
from models.artifact import CHALLENGER_FILE, MODEL_FILE, Metadata, Scaling, write_model
from models.card import Curves, write_card
from models.features import Fill, learn_fill, matrix
from models.scorecard import Scorecard, fit_scorecard
from models.scorecard import to_onnx as scorecard_onnx
from models.signing import load_key, sign_file
from models.spec import Spec, SpecError, load_spec

#: the largest gap allowed between ONNX and LightGBM on any test row
PARITY = 1e-5
#: default PD cut-offs between grades A|B|C|D|E and the policy cut-off, when the spec sets none
GRADES = (0.10, 0.20, 0.30, 0.45)
CUTOFF = 0.35
AGE_BANDS = ((18, 25), (26, 35), (36, 45), (46, 55), (56, 120))


class TrainingError(RuntimeError):
    """Training stopped, with the reason in words."""


@dataclass(frozen=True)
class Dataset:
    values: dict[str, np.ndarray]
    y: np.ndarray  # 1 = bad
    rows: int
    fingerprint: str


def load_data(path: Path, spec: Spec) -> Dataset:
    import pandas as pd

    try:
        raw = path.read_bytes()
        frame = pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise TrainingError(f"cannot read the training data {path}: {exc}") from None
    if spec.target not in frame.columns:
        raise TrainingError(f"the training data has no target column {spec.target!r}")
    target = frame[spec.target].astype(str)
    known = set(target.unique())
    if not known & set(spec.bad):
        found = sorted(known)[:5]
        raise TrainingError(f"no {spec.target!r} value is one of {list(spec.bad)}: {found}")
    values: dict[str, np.ndarray] = {}
    for column in frame.columns:
        series = frame[column]
        if series.dtype.kind in "biuf":
            values[column] = series.to_numpy(dtype=np.float64)
        else:
            values[column] = np.array([None if v != v else str(v) for v in series], dtype=object)
    y = target.isin(spec.bad).to_numpy(dtype=np.int64)
    return Dataset(values, y, len(frame), hashlib.sha256(raw).hexdigest())


def _take(data: Dataset, index: np.ndarray) -> Dataset:
    return Dataset(
        {k: v[index] for k, v in data.values.items()},
        data.y[index],
        len(index),
        data.fingerprint,
    )


def split(data: Dataset, seed: int) -> tuple[Dataset, Dataset, Dataset]:
    from sklearn.model_selection import train_test_split

    everything = np.arange(data.rows)
    rest, test = train_test_split(everything, test_size=0.2, stratify=data.y, random_state=seed)
    train, valid = train_test_split(rest, test_size=0.25, stratify=data.y[rest], random_state=seed)
    return _take(data, train), _take(data, valid), _take(data, test)


def _champion(spec: Spec, seed: int) -> Any:
    import lightgbm as lgb

    return lgb.LGBMClassifier(
        n_estimators=300,
        learning_rate=0.03,
        num_leaves=15,
        min_child_samples=30,
        subsample=0.8,
        subsample_freq=1,
        colsample_bytree=0.9,
        reg_lambda=1.0,
        monotone_constraints=[f.monotone for f in spec.features],
        monotone_constraints_method="advanced",
        random_state=seed,
        n_jobs=1,
        verbose=-1,
    )


def cross_validate(spec: Spec, x: np.ndarray, y: np.ndarray, seed: int) -> list[float]:
    from sklearn.model_selection import StratifiedKFold

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    scores = []
    for fit, held in folds.split(x, y):
        model = _champion(spec, seed).fit(x[fit], y[fit])
        scores.append(metrics.auc(y[held], model.predict_proba(x[held])[:, 1]))
    return scores


def platt(raw: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and intercept that calibrate the model's log-odds on held-out loans."""
    from sklearn.linear_model import LogisticRegression

    logit = _logit(raw).reshape(-1, 1)
    fitted = LogisticRegression(C=1e6).fit(logit, y)
    return float(fitted.coef_[0][0]), float(fitted.intercept_[0])


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-9, 1 - 1e-9)
    return np.asarray(np.log(p / (1 - p)))


def calibrated(raw: np.ndarray, slope: float, intercept: float) -> np.ndarray:
    return np.asarray(1 / (1 + np.exp(-(slope * _logit(raw) + intercept))))


def to_onnx(model: Any, features: int) -> bytes:
    from onnxmltools import convert_lightgbm
    from onnxmltools.convert.common.data_types import FloatTensorType

    proto = convert_lightgbm(
        model,
        initial_types=[("features", FloatTensorType([None, features]))],
        zipmap=False,
        target_opset=15,
    )
    return bytes(proto.SerializeToString())


def onnx_pd(model_bytes: bytes, x: np.ndarray) -> np.ndarray:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 3  # the converter declares the label's shape as {1}
    session = ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])
    outputs = session.run(None, {"features": x.astype(np.float32)})
    return np.asarray(outputs[1])[:, 1]


def fairness(
    spec: Spec, test: Dataset, pd_test: np.ndarray, cutoff: float
) -> dict[str, list[dict[str, Any]]]:
    """Approval rate and adverse-impact ratio by age band and by each sensitive column."""
    approved = pd_test < cutoff
    groups: dict[str, dict[str, np.ndarray]] = {}
    if spec.age and spec.age in test.values:
        ages = np.asarray(test.values[spec.age], dtype=np.float64)
        groups["age band"] = {
            f"{low}-{high}" if high < 120 else f"{low}+": (ages >= low) & (ages <= high)
            for low, high in AGE_BANDS
        }
    for column in spec.sensitive:
        if column in test.values:
            col = test.values[column]
            groups[column] = {str(v): col == v for v in sorted({str(c) for c in col if c})}
    report: dict[str, list[dict[str, Any]]] = {}
    for name, masks in groups.items():
        rates = {g: float(approved[m].mean()) for g, m in masks.items() if m.sum() >= 10}
        best = max(rates.values(), default=0.0)
        report[name] = [
            {
                "group": g,
                "count": int(masks[g].sum()),
                "approval": rate,
                "adverse_impact": rate / best if best else 0.0,
            }
            for g, rate in rates.items()
        ]
    return report


def _baseline(x: np.ndarray, scores: np.ndarray, spec: Spec) -> dict[str, Any]:
    base: dict[str, Any] = {}
    for j, f in enumerate(spec.features):
        if f.categories:
            edges = [i + 0.5 for i in range(len(f.categories) - 1)]
        else:
            edges = metrics.bin_edges(x[:, j])
        base[f.name] = {"edges": edges, "shares": metrics.shares(x[:, j], edges)}
    edges = metrics.bin_edges(scores)
    base["score"] = {"edges": edges, "shares": metrics.shares(scores, edges)}
    return base


@dataclass(frozen=True)
class Published:
    """One published model file and its metadata."""

    path: Path
    metadata: Metadata
    #: calibrated PD of each test loan, from the file
    pd_test: np.ndarray


@dataclass(frozen=True)
class Trained:
    """What training made: the champion and challenger files, and the native models."""

    champion: Published
    challenger: Published
    lightgbm: Any
    scorecard: Scorecard
    #: the test split's feature matrix and outcomes, for checks against the files
    x_test: np.ndarray
    y_test: np.ndarray

    @property
    def path(self) -> Path:
        return self.champion.path

    @property
    def metadata(self) -> Metadata:
        return self.champion.metadata


@dataclass(frozen=True)
class _Run:
    """The parts of one training run both models share."""

    spec: Spec
    spec_text: str
    data: Dataset
    parts: tuple[Dataset, Dataset, Dataset]
    fill: Fill
    matrices: tuple[np.ndarray, np.ndarray, np.ndarray]
    trained_at: datetime
    source: str

    def scaling(self) -> Scaling:
        extra = self.spec.extra
        return Scaling(
            base_score=float(extra.get("base_score", 600)),
            base_odds=float(extra.get("base_odds", 20)),
            pdo=float(extra.get("pdo", 40)),
        )


def _report(run: _Run, pd_test: np.ndarray, gap: float) -> dict[str, Any]:
    train_set, valid, test = run.parts
    cutoff = float(run.spec.extra.get("cutoff", CUTOFF))
    test_auc = metrics.auc(test.y, pd_test)
    return {
        "rows": {"train": train_set.rows, "validation": valid.rows, "test": test.rows},
        "bad_rate": float(run.data.y.mean()),
        "auc": test_auc,
        "gini": 2 * test_auc - 1,
        "ks": metrics.ks(test.y, pd_test),
        "brier": metrics.brier(test.y, pd_test),
        "calibration": metrics.calibration_table(test.y, pd_test),
        "roc": metrics.roc_points(test.y, pd_test),
        "cutoff": cutoff,
        "confusion": metrics.confusion(test.y, pd_test, cutoff),
        "onnx_gap": gap,
        "fairness": fairness(run.spec, test, pd_test, cutoff),
    }


def _publish(
    run: _Run,
    kind: str,
    model_bytes: bytes,
    native: tuple[np.ndarray, np.ndarray, np.ndarray],
    out: Path,
    extra: dict[str, Any],
) -> Published:
    """Check the graph against the native model, calibrate, measure, and write the file."""
    x_train, x_valid, x_test = run.matrices
    _, valid, _ = run.parts
    ported = onnx_pd(model_bytes, x_test)
    gap = float(np.max(np.abs(native[2] - ported)))
    if gap > PARITY:
        raise TrainingError(f"the ONNX {kind} differs from its native model by {gap:.2e}")
    slope, intercept = platt(native[1], valid.y)
    pd_test = calibrated(ported, slope, intercept)
    report = {**_report(run, pd_test, gap), **extra}
    scaling = run.scaling()
    stamp = run.trained_at
    suffix = "" if kind == "lightgbm" else f"-{kind}"
    metadata = Metadata(
        model_id=f"{run.spec.name}{suffix}-{stamp:%Y%m%d%H%M%S}",
        version=stamp.strftime("%Y.%m.%d.%H%M"),
        kind=kind,
        spec_toml=run.spec_text,
        fill=run.fill.values,
        calibration=(slope, intercept),
        scaling=scaling,
        grades=tuple(float(g) for g in run.spec.extra.get("grades", GRADES)),
        data={
            "file": run.source,
            "fingerprint": run.data.fingerprint,
            "rows": run.data.rows,
            "bad_rate": float(run.data.y.mean()),
        },
        metrics=report,
        baseline=_baseline(
            x_train, scaling.scores(calibrated(native[0], slope, intercept)), run.spec
        ),
        trained_at=stamp.isoformat(),
    )
    name = MODEL_FILE if kind == "lightgbm" else CHALLENGER_FILE
    return Published(write_model(out / name, model_bytes, metadata), metadata, pd_test)


def train(
    data_path: Path, spec_path: Path, out: Path, *, key: Path | None = None, seed: int = 7
) -> Trained:
    spec = load_spec(spec_path)
    data = load_data(data_path, spec)
    parts = split(data, seed)
    fill: Fill = learn_fill(spec, parts[0].values, parts[0].rows)
    matrices = tuple(matrix(spec, p.values, p.rows, fill, training=True) for p in parts)
    x_train, x_valid, x_test = matrices
    y_train = parts[0].y
    run = _Run(
        spec,
        spec_path.read_text(encoding="utf-8"),
        data,
        parts,
        fill,
        (x_train, x_valid, x_test),
        datetime.now(UTC).replace(microsecond=0),
        data_path.name,
    )
    cv = cross_validate(spec, x_train, y_train, seed)
    lightgbm = _champion(spec, seed).fit(x_train, y_train)
    card = fit_scorecard(spec, x_train, y_train)
    out.mkdir(parents=True, exist_ok=True)
    champion = _publish(
        run,
        "lightgbm",
        to_onnx(lightgbm, len(spec.features)),
        (
            lightgbm.predict_proba(x_train)[:, 1],
            lightgbm.predict_proba(x_valid)[:, 1],
            lightgbm.predict_proba(x_test)[:, 1],
        ),
        out,
        {"cv_auc": cv},
    )
    challenger = _publish(
        run,
        "scorecard",
        scorecard_onnx(card),
        (card.predict(x_train), card.predict(x_valid), card.predict(x_test)),
        out,
        {
            "points": [p.tolist() for p in card.points()],
            "edges": [list(b.edges) for b in card.binnings],
        },
    )
    report = {"champion": champion.metadata.metrics, "challenger": challenger.metadata.metrics}
    (out / "metrics.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    y_test = parts[2].y
    write_card(
        out,
        spec,
        [
            Curves("champion", champion.metadata, y_test, champion.pd_test),
            Curves("challenger", challenger.metadata, y_test, challenger.pd_test),
        ],
    )
    if key is not None:
        private = load_key(key)
        for published in (champion, challenger):
            sign_file(published.path, private)
    return Trained(champion, challenger, lightgbm, card, x_test, parts[2].y)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m models.train", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--data", type=Path, required=True, help="the loan history, CSV")
    parser.add_argument("--spec", type=Path, required=True, help="the feature spec, TOML")
    parser.add_argument("--out", type=Path, required=True, help="the folder for the model")
    parser.add_argument("--key", type=Path, help="the publisher's Ed25519 key (PEM) to sign with")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    try:
        trained = train(args.data, args.spec, args.out, key=args.key, seed=args.seed)
    except (SpecError, TrainingError) as exc:
        print(f"training stopped: {exc}", file=sys.stderr)
        return 2
    for published in (trained.champion, trained.challenger):
        report = published.metadata.metrics
        print(
            f"{published.path.name} ({published.metadata.model_id}): test AUC "
            f"{report['auc']:.4f}, KS {report['ks']:.3f}, Brier {report['brier']:.4f}, "
            f"ONNX gap {report['onnx_gap']:.1e}"
        )
    print(f"champion cross-validation AUC {np.mean(trained.metadata.metrics['cv_auc']):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
