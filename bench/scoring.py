"""Scoring: one case through LoanDesk's Scorer against LightGBM's and scikit-learn's own predict.

A model is trained once, into a private temporary directory, on the loan
history of ../shared/data/credit/credit_data (a synthetic history in the same
columns where that is absent) with the starter spec, and signed with a key
made for the run. Every loan of its test split is then a case: its inputs as
a loan officer's form gives them.

**LoanDesk** is ``Scorer.assess(inputs)``: the feature vector from the inputs,
the ONNX model on that row and on one row per feature reset to its
reference, the reasons. **The peer** is the trained ``LGBMClassifier``'s
``predict_proba`` on the same row (its ``Booster.predict`` beside it, without
the scikit-learn wrapper); scikit-learn's ``HistGradientBoostingClassifier``,
fitted on the same training matrix, is a second peer. The parts of LoanDesk's
call (the features alone, ``Scorer.pd`` of one row, onnxruntime's bare
``run``) are timed beside them, all taking turns call by call, one thread
each. Then the rows per second of each on the whole test split at once.

    python -m bench.scoring [--quick]

The last line is JSON: {"bench": "scoring", "ours_p50_us": …, "ours_p99_us": …,
"peer_p50_us": …, "ratio": …, "auc_test": …, …}, ratio being peer ÷ LoanDesk.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import numpy as np

from models import metrics
from models.features import Fill, matrix
from models.scorer import Inputs, Scorer
from models.signing import new_key
from models.spec import Spec, load_spec
from models.train import Trained, calibrated, load_data, split, train

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "credit" / "credit_data" / "credit_data.csv"
SPEC = REPO / "models" / "specs" / "credit_data.toml"
SEED = 7  # train()'s default, so the split rebuilt here is the one it used
#: the history's columns and the case inputs a loan officer's form gives for them; no
#: annual rate, so the instalment is principal over term, as the history's repayment is
CASE_INPUTS = {
    "Seniority": "employment_years",
    "Age": "age_years",
    "Time": "term_months",
    "Home": "home",
    "Job": "job_type",
    "Records": "arrears_on_file",
    "Expenses": "monthly_expenses",
    "Income": "monthly_income",
    "Debt": "total_debt",
    "Amount": "requested_amount",
    "Price": "purchase_price",
    "Assets": "assets",
}
#: the largest calibrated-PD gap allowed between LoanDesk and LightGBM on any test loan
PD_GAP = 1e-4

#: the rows of the tables; LightGBM's own predict_proba is the peer the ratio is taken against
OURS = "LoanDesk Scorer.assess"
FEATURES = "  its features alone: Scorer.vector"
ONNX = "  onnxruntime run, one row"
PEER = "LightGBM predict_proba, one row"
BOOSTER = "  its Booster.predict, one row"
SKLEARN = "scikit-learn HGB predict_proba, one row"
BATCH_OURS = "LoanDesk Scorer.pd"
BATCH_PEER = "LightGBM predict_proba"
BATCH_BOOSTER = "  its Booster.predict"
BATCH_SKLEARN = "scikit-learn HGB predict_proba"

Side = tuple[str, Callable[[int], object]]


class BenchError(RuntimeError):
    """The two sides did not compute the same thing; no figures are printed."""


# --- the data and the model ------------------------------------------------------


def synthetic_history(path: Path, rows: int = 4000, seed: int = 11) -> Path:
    """Loans in credit_data's columns whose bad outcomes follow a known logistic rule."""
    rng = np.random.default_rng(seed)
    amount = rng.integers(1, 40, rows) * 100
    income = rng.gamma(5.0, 30.0, rows).round()
    columns: dict[str, np.ndarray] = {
        "Seniority": rng.integers(0, 35, rows),
        "Home": rng.choice(["owner", "rent", "parents", "priv", "other"], rows),
        "Time": rng.choice([12, 24, 36, 48, 60], rows),
        "Age": rng.integers(18, 70, rows),
        "Marital": rng.choice(["married", "single", "separated", "widow", "divorced"], rows),
        "Records": rng.choice(["no", "yes"], rows, p=[0.8, 0.2]),
        "Job": rng.choice(
            ["fixed", "freelance", "partime", "others"], rows, p=[0.6, 0.2, 0.15, 0.05]
        ),
        "Expenses": (income * rng.uniform(0.2, 0.9, rows)).round(),
        "Income": income,
        "Assets": np.where(rng.random(rows) < 0.4, 0, rng.gamma(2.0, 3000.0, rows).round()),
        "Debt": np.where(rng.random(rows) < 0.7, 0, rng.gamma(2.0, 800.0, rows).round()),
        "Amount": amount,
        "Price": (amount * rng.uniform(1.0, 2.0, rows)).round(),
    }
    share = columns["Amount"] / columns["Time"] / np.maximum(income, 1)
    logit = (
        -2.0
        + 1.5 * (columns["Records"] == "yes")
        + 3.0 * share
        + 1.0 * columns["Expenses"] / np.maximum(income, 1)
        - 0.05 * columns["Seniority"]
        + 0.5 * (columns["Job"] == "partime")
        - 0.3 * np.log1p(columns["Assets"] / amount)
    )
    bad = rng.random(rows) < 1 / (1 + np.exp(-logit))
    return _write_history(path, bad, columns)


def _write_history(path: Path, bad: np.ndarray, columns: dict[str, np.ndarray]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Status", *columns])
        for i, is_bad in enumerate(bad):
            row = [columns[name][i] for name in columns]
            if i % 25 == 0:
                row[list(columns).index("Income")] = ""  # some incomes unknown, as in the real one
            writer.writerow(["bad" if is_bad else "good", *row])
    return path


@dataclass(frozen=True)
class Setup:
    source: str
    spec: Spec
    trained: Trained
    scorer: Scorer
    #: the test loans as case inputs, in the order of trained.x_test's rows
    cases: list[Inputs]
    x_train: np.ndarray
    y_train: np.ndarray


def case_inputs(values: dict[str, np.ndarray], rows: int) -> list[Inputs]:
    """Each loan's inputs; a missing value (NaN or None) is None, as a blank field."""
    cases: list[Inputs] = []
    for i in range(rows):
        case: dict[str, float | str | None] = {}
        for column, name in CASE_INPUTS.items():
            value = values[column][i]
            if value is None or (isinstance(value, float) and np.isnan(value)):
                case[name] = None
            else:
                case[name] = value if isinstance(value, str) else float(value)
        cases.append(case)
    return cases


def prepare(root: Path, *, synthetic: bool) -> Setup:
    """Train and sign a model in ``root``, open it with Scorer, rebuild the split train made."""
    if synthetic or not DATA.exists():
        if not synthetic:
            print(f"note: {DATA} is absent; training on a synthetic history")
        data_path = synthetic_history(root / "history.csv")
    else:
        data_path = DATA
    public = new_key(root / "publisher.pem")
    print(f"  training on {data_path.name} ...", file=sys.stderr, flush=True)
    trained = train(data_path, SPEC, root / "model", key=root / "publisher.pem", seed=SEED)
    scorer = Scorer.from_file(trained.path, [public])
    spec = load_spec(SPEC)
    train_part, _, test_part = split(load_data(data_path, spec), SEED)
    fill = Fill(trained.metadata.fill)
    x_train = matrix(spec, train_part.values, train_part.rows, fill, training=True)
    x_test = matrix(spec, test_part.values, test_part.rows, fill, training=True)
    if not np.array_equal(x_test, trained.x_test):
        raise BenchError("the test split rebuilt here is not the one training used")
    source = "credit_data.csv" if data_path == DATA else "a synthetic history"
    cases = case_inputs(test_part.values, test_part.rows)
    return Setup(source, spec, trained, scorer, cases, x_train, train_part.y)


def fit_sklearn(spec: Spec, x: np.ndarray, y: np.ndarray) -> Any:
    """scikit-learn's gradient boosting, set as close to the LightGBM champion as it goes."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(
        max_iter=300,
        learning_rate=0.03,
        max_leaf_nodes=15,
        min_samples_leaf=30,
        l2_regularization=1.0,
        monotonic_cst=[f.monotone for f in spec.features],
        early_stopping=False,
        random_state=SEED,
    )
    return model.fit(x, y)


def check_same(setup: Setup) -> str:
    """LoanDesk sees the rows the peers see, and gives LightGBM's calibrated PD for them."""
    x_test, scorer = setup.trained.x_test, setup.scorer
    for i, case in enumerate(setup.cases):
        if not np.array_equal(scorer.vector(case), x_test[i]):
            raise BenchError(f"test loan {i}: the case's feature vector is not the training row")
    ours = np.array([scorer.assess(case).pd for case in setup.cases])
    native = setup.trained.lightgbm.predict_proba(x_test)[:, 1]
    peer = calibrated(native, *scorer.metadata.calibration)
    gap = float(np.max(np.abs(ours - peer)))
    if gap > PD_GAP:
        raise BenchError(f"Scorer.assess and LightGBM differ by up to {gap:.1e} in PD")
    return (
        f"check: all {len(setup.cases)} test cases give the training rows exactly; "
        f"PD of Scorer.assess vs LightGBM's, calibrated alike: largest gap {gap:.1e}"
    )


# --- timing -------------------------------------------------------------------------


def one_row_sides(setup: Setup, hgb: Any) -> list[Side]:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 3
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(
        setup.trained.path.read_bytes(), options, providers=["CPUExecutionProvider"]
    )
    name = session.get_inputs()[0].name
    rows, cases, scorer = setup.trained.x_test, setup.cases, setup.scorer
    lightgbm = setup.trained.lightgbm
    booster = lightgbm.booster_
    return [
        (OURS, lambda i: scorer.assess(cases[i])),
        (FEATURES, lambda i: scorer.vector(cases[i])),
        ("  Scorer.pd, one row", lambda i: scorer.pd(rows[i : i + 1])),
        (ONNX, lambda i: session.run(None, {name: rows[i : i + 1]})),
        (PEER, lambda i: lightgbm.predict_proba(rows[i : i + 1])),
        (BOOSTER, lambda i: booster.predict(rows[i : i + 1])),
        (SKLEARN, lambda i: hgb.predict_proba(rows[i : i + 1])),
    ]


def _turns(sides: Sequence[Side], number: int) -> list[Side]:
    """The sides in the order of turn ``number``: each goes first in its turn."""
    shift = number % len(sides)
    return [*sides[shift:], *sides[:shift]]


def latency(sides: Sequence[Side], cases: int, calls: int, warmup: int) -> dict[str, np.ndarray]:
    """Microseconds of each call of each side, the sides taking turns call by call."""
    for i in range(warmup):
        for _, fn in sides:
            fn(i % cases)
    spent = {label: np.empty(calls, dtype=np.int64) for label, _ in sides}
    gc.collect()
    for i in range(calls):
        for label, fn in _turns(sides, i):
            start = time.perf_counter_ns()
            fn(i % cases)
            spent[label][i] = time.perf_counter_ns() - start
        if (i + 1) % 500 == 0:
            print(f"  one case: {i + 1:,}/{calls:,} calls", file=sys.stderr, flush=True)
    return {label: ns / 1000 for label, ns in spent.items()}


def throughput(sides: Sequence[Side], rows: int, repeats: int) -> dict[str, float]:
    """Rows per second over the whole test matrix, from the median of ``repeats`` runs."""
    spent: dict[str, list[float]] = {label: [] for label, _ in sides}
    for _, fn in sides:
        fn(0)
    for number in range(repeats):
        for label, fn in _turns(sides, number):
            start = time.perf_counter()
            fn(0)
            spent[label].append(time.perf_counter() - start)
    return {label: rows / float(np.median(s)) for label, s in spent.items()}


def batch_sides(setup: Setup, hgb: Any) -> list[Side]:
    x, scorer, lightgbm = setup.trained.x_test, setup.scorer, setup.trained.lightgbm
    return [
        (BATCH_OURS, lambda _: scorer.pd(x)),
        (BATCH_PEER, lambda _: lightgbm.predict_proba(x)),
        (BATCH_BOOSTER, lambda _: lightgbm.booster_.predict(x)),
        (BATCH_SKLEARN, lambda _: hgb.predict_proba(x)),
    ]


# --- the report ---------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    one_row: dict[str, np.ndarray]
    rows_per_s: dict[str, float]
    calls: int
    warmup: int
    test_rows: int

    def p(self, label: str, percent: float) -> float:
        return float(np.percentile(self.one_row[label], percent))


def _versions() -> str:
    import lightgbm
    import onnxruntime
    import sklearn

    return (
        f"onnxruntime {onnxruntime.__version__}, LightGBM {lightgbm.__version__}, "
        f"scikit-learn {sklearn.__version__}; one thread each (OMP_NUM_THREADS=1)"
    )


def tables(figures: Figures) -> None:
    peer_p50 = figures.p(PEER, 50)
    head = f"{'one case, µs per call':<44}{'p50':>10}{'p99':>10}{'÷ LightGBM':>12}"
    print(head, "-" * len(head), sep="\n")
    for label in figures.one_row:
        p50, p99 = figures.p(label, 50), figures.p(label, 99)
        print(f"{label:<44}{p50:>10.1f}{p99:>10.1f}{p50 / peer_p50:>12.2f}")
    print(f"({figures.calls:,} calls each after {figures.warmup:,} warm-up calls, taking turns)")
    head = f"{f'all {figures.test_rows:,} test loans at once':<44}{'rows/s':>12}{'÷ LightGBM':>12}"
    print("", head, "-" * len(head), sep="\n")
    rates = figures.rows_per_s
    for label, rate in rates.items():
        print(f"{label:<44}{rate:>12,.0f}{rate / rates[BATCH_PEER]:>12.2f}")


def summary(setup: Setup, figures: Figures) -> dict[str, Any]:
    ours_p50, peer_p50 = figures.p(OURS, 50), figures.p(PEER, 50)
    rates = figures.rows_per_s
    return {
        "bench": "scoring",
        "ours_p50_us": round(ours_p50, 1),
        "ours_p99_us": round(figures.p(OURS, 99), 1),
        "peer_p50_us": round(peer_p50, 1),
        "ratio": round(peer_p50 / ours_p50, 3),
        "auc_test": round(float(setup.trained.metadata.metrics["auc"]), 4),
        "peer_p99_us": round(figures.p(PEER, 99), 1),
        "sklearn_p50_us": round(figures.p(SKLEARN, 50), 1),
        "sklearn_p99_us": round(figures.p(SKLEARN, 99), 1),
        "features_p50_us": round(figures.p(FEATURES, 50), 1),
        "onnx_p50_us": round(figures.p(ONNX, 50), 1),
        "booster_p50_us": round(figures.p(BOOSTER, 50), 1),
        "ours_rows_per_s": round(rates[BATCH_OURS]),
        "peer_rows_per_s": round(rates[BATCH_PEER]),
        "booster_rows_per_s": round(rates[BATCH_BOOSTER]),
        "sklearn_rows_per_s": round(rates[BATCH_SKLEARN]),
        "calls": figures.calls,
        "data": setup.source,
    }


def describe(setup: Setup, hgb: Any) -> list[str]:
    trained, y_test = setup.trained, setup.trained.y_test
    champion, challenger = trained.metadata.metrics, trained.challenger.metadata.metrics
    hgb_auc = metrics.auc(y_test, hgb.predict_proba(trained.x_test)[:, 1])
    rows = champion["rows"]
    return [
        f"data: {setup.source}, {rows['train']:,} loans to train, {rows['test']:,} to test; "
        f"{len(setup.spec.features)} features, so assess scores {len(setup.spec.features) + 1} "
        "rows per case",
        f"test AUC: LightGBM champion {champion['auc']:.4f} (from the model's metadata), "
        f"scorecard challenger {challenger['auc']:.4f}, scikit-learn HGB {hgb_auc:.4f}",
        _versions(),
        f"machine: {os.cpu_count()} CPUs, load average over the last 15 min "
        f"{os.getloadavg()[2]:.2f} (other work on the machine slows every side)",
    ]


def _stop(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds, so the temporary directory is removed


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scoring", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="200 calls per side, not 2,000")
    parser.add_argument("--synthetic", action="store_true", help="train on a synthetic history")
    args = parser.parse_args(argv)
    calls = 200 if args.quick else 2000
    warmup, repeats = calls // 10, 10 if args.quick else 50
    # LightGBM and scikit-learn read this when they load OpenMP, which they have not yet done.
    os.environ["OMP_NUM_THREADS"] = "1"
    signal.signal(signal.SIGTERM, _stop)
    print(f"Scoring: LoanDesk's Scorer vs LightGBM and scikit-learn, {calls:,} calls each")
    sys.stdout.flush()
    with tempfile.TemporaryDirectory(prefix="loandesk-scoring-bench-") as tmp:
        setup = prepare(Path(tmp), synthetic=args.synthetic)
        hgb = fit_sklearn(setup.spec, setup.x_train, setup.y_train)
        notes = [*describe(setup, hgb), check_same(setup)]
        one_row = latency(one_row_sides(setup, hgb), len(setup.cases), calls, warmup)
        rates = throughput(batch_sides(setup, hgb), len(setup.cases), repeats)
    figures = Figures(one_row, rates, calls, warmup, len(setup.cases))
    tables(figures)
    print("", *notes, sep="\n")
    print(json.dumps(summary(setup, figures)))


if __name__ == "__main__":
    main()
