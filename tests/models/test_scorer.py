"""Scoring on the workstation: refusals, reasons that are real, monotone features, stress."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.artifact import Metadata, write_model
from models.scorer import ModelRefused, Scorer, instalment
from models.signing import PublicKey, load_key, new_key, sign_file, signature_path
from models.spec import FeatureType
from models.train import train
from tests.conftest import REPO
from tests.models.history import write_history

STARTER_SPEC = REPO / "models" / "specs" / "credit_data.toml"


@dataclass(frozen=True)
class Published:
    path: Path
    key: Path
    public: PublicKey
    scorer: Scorer


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, PublicKey]:
    root = tmp_path_factory.mktemp("scorer")
    public = new_key(root / "publisher.pem")
    key = root / "publisher.pem"
    train(write_history(root / "history.csv"), STARTER_SPEC, root / "m", key=key)
    return root / "m", key, public


@pytest.fixture(scope="module", params=["model.onnx", "challenger.onnx"])
def published(request: pytest.FixtureRequest, trained: tuple[Path, Path, PublicKey]) -> Published:
    """The champion, then the challenger: both go through the same scorer."""
    folder, key, public = trained
    path = folder / str(request.param)
    return Published(path, key, public, Scorer.from_file(path, [public]))


def _signature(path: Path) -> str:
    return signature_path(path).read_text(encoding="utf-8")


# --- refusals ----------------------------------------------------------------------


def test_a_file_with_one_byte_changed_is_refused(published: Published) -> None:
    data = bytearray(published.path.read_bytes())
    data[len(data) // 2] ^= 0x01
    with pytest.raises(ModelRefused, match="changed after it was signed"):
        Scorer(bytes(data), _signature(published.path), [published.public])


def test_a_model_signed_by_an_unknown_key_is_refused(published: Published, tmp_path: Path) -> None:
    copy = tmp_path / "model.onnx"
    copy.write_bytes(published.path.read_bytes())
    sign_file(copy, load_key(_other_key(tmp_path)))
    with pytest.raises(ModelRefused, match="not a trusted publisher"):
        Scorer.from_file(copy, [published.public])


def _other_key(folder: Path) -> Path:
    path = folder / "stranger.pem"
    new_key(path)
    return path


def test_an_unsigned_or_badly_signed_model_is_refused(published: Published) -> None:
    data = published.path.read_bytes()
    with pytest.raises(ModelRefused, match="not signed"):
        Scorer(data, None, [published.public])
    with pytest.raises(ModelRefused, match="damaged"):
        Scorer(data, "{not json", [published.public])


def test_a_model_whose_spec_does_not_fit_its_graph_is_refused(
    published: Published, tmp_path: Path
) -> None:
    meta = published.scorer.metadata
    spec = meta.spec_toml
    # one feature fewer in the spec than the graph takes
    cut = spec.rindex("[[feature]]")
    shorter = replace(meta, spec_toml=spec[:cut])
    path = write_model(tmp_path / "model.onnx", _graph(published.path), shorter)
    sign_file(path, load_key(published.key))
    with pytest.raises(ModelRefused, match="its spec lists 10 features"):
        Scorer.from_file(path, [published.public])


def _graph(path: Path) -> bytes:
    import onnx

    proto = onnx.load_from_string(path.read_bytes())
    del proto.metadata_props[:]
    return bytes(proto.SerializeToString())


def test_garbage_signed_by_the_publisher_is_refused_in_words(
    published: Published, tmp_path: Path
) -> None:
    path = tmp_path / "model.onnx"
    path.write_bytes(b"this is not a model")
    sign_file(path, load_key(published.key))
    with pytest.raises(ModelRefused, match="cannot be loaded"):
        Scorer.from_file(path, [published.public])


# --- scoring -----------------------------------------------------------------------

CASE: dict[str, float | str | None] = {
    "employment_years": 2,
    "age_years": 29,
    "term_months": 48,
    "home": "rent",
    "job_type": "partime",
    "arrears_on_file": "yes",
    "monthly_expenses": 6000,
    "monthly_income": 9000,
    "total_debt": 30000,
    "requested_amount": 80000,
    "annual_rate": 6.0,
    "purchase_price": 90000,
    "assets": 5000,
}

cases = st.fixed_dictionaries(
    {
        "employment_years": st.integers(0, 40),
        "age_years": st.integers(18, 75),
        "term_months": st.sampled_from([12, 24, 36, 48, 60]),
        "home": st.sampled_from(["owner", "rent", "parents", "other", "priv", None]),
        "job_type": st.sampled_from(["fixed", "freelance", "partime", "others"]),
        "arrears_on_file": st.sampled_from(["no", "yes"]),
        "monthly_expenses": st.integers(500, 20000),
        "monthly_income": st.integers(2000, 60000),
        "total_debt": st.integers(0, 200000),
        "requested_amount": st.integers(5000, 500000),
        "annual_rate": st.sampled_from([4.0, 6.0, 9.0]),
        "purchase_price": st.integers(5000, 800000),
        "assets": st.integers(0, 1000000),
    }
)


def test_score_and_grade_follow_the_published_scaling(published: Published) -> None:
    scorer = published.scorer
    result = scorer.assess(CASE)
    scaling = scorer.metadata.scaling
    odds = (1 - result.pd) / result.pd
    expected = scaling.base_score + scaling.pdo / math.log(2) * math.log(odds / scaling.base_odds)
    assert result.score == pytest.approx(expected)
    bounds = scorer.metadata.grades
    expected_grade = "ABCDE"[sum(1 for b in bounds if result.pd >= b)]
    assert result.grade == expected_grade
    assert result.model_id == scorer.metadata.model_id


def test_the_features_come_from_the_case_as_the_spec_says(published: Published) -> None:
    features = published.scorer.assess(CASE).features
    monthly = instalment(80000, 48, 6.0)
    assert features["instalment_to_income"] == pytest.approx(monthly / 9000, rel=1e-6)
    assert features["loan_to_value"] == pytest.approx(80000 / 90000, rel=1e-6)
    assert features["arrears_on_file"] == 1.0  # "yes" is the second category
    # an input the case lacks takes the spec's missing-value policy (high for a ratio)
    without = published.scorer.assess({**CASE, "monthly_income": None}).features
    assert without["expenses_to_income"] == 5.0


def _individually_reset_gain(scorer: Scorer, base: np.ndarray, j: int) -> float:
    """Score gained by resetting feature j alone, in its own call."""
    feature = scorer.spec.features[j]
    row = base.copy()
    if feature.type is FeatureType.CATEGORICAL:
        row[j] = feature.categories.index(str(feature.reference))
    else:
        row[j] = float(feature.reference if feature.reference is not None else 0)
    pds = scorer.pd(np.stack([base, row]))
    scores = scorer.metadata.scaling.scores(pds)
    return float(scores[1] - scores[0])


@given(case=cases)
def test_the_top_reason_is_the_feature_whose_reset_helps_most(
    published: Published, case: dict[str, float | str | None]
) -> None:
    scorer = published.scorer
    result = scorer.assess(case)
    base = scorer.vector(case)
    assumed = scorer.unknown(case)
    gains = {
        f.name: _individually_reset_gain(scorer, base, j)
        for j, f in enumerate(scorer.spec.features)
        if f.name not in assumed
    }
    if not result.reasons:
        assert max(gains.values(), default=0.0) <= 0.5
        return
    top = result.reasons[0]
    assert gains[top.feature] == pytest.approx(max(gains.values()), abs=1e-6)
    assert top.points == pytest.approx(gains[top.feature], abs=1e-6)
    assert len(result.reasons) <= 4
    points = [r.points for r in result.reasons]
    assert points == sorted(points, reverse=True)


def test_an_empty_input_is_never_a_reason(published: Published) -> None:
    scorer = published.scorer
    case = {**CASE, "home": None, "purchase_price": None, "total_debt": None}
    assert scorer.unknown(case) == {"home", "loan_to_value", "debt_to_income"}
    named = {r.feature for r in scorer.assess(case).reasons}
    assert not named & {"home", "loan_to_value", "debt_to_income"}
    assert scorer.unknown(CASE) == frozenset()


@given(case=cases, data=st.data())
def test_monotone_features_move_the_risk_one_way_only(
    published: Published, case: dict[str, float | str | None], data: st.DataObject
) -> None:
    scorer = published.scorer
    base = scorer.vector(case)
    monotone = [j for j, f in enumerate(scorer.spec.features) if f.monotone]
    j = data.draw(st.sampled_from(monotone))
    feature = scorer.spec.features[j]
    assert feature.range is not None
    low, high = feature.range
    a = data.draw(st.floats(low, high))
    b = data.draw(st.floats(a, high))
    rows = np.stack([base, base])
    rows[0, j], rows[1, j] = a, b
    pd_a, pd_b = scorer.pd(rows)
    if feature.monotone > 0:
        assert pd_b >= pd_a - 1e-9
    else:
        assert pd_b <= pd_a + 1e-9


def test_stress_only_makes_things_worse_and_worse_still_as_it_grows(
    published: Published,
) -> None:
    scorer = published.scorer
    base = scorer.assess(CASE).pd
    by_name = {s.name: s.pd for s in scorer.stress(CASE)}
    assert set(by_name) == {
        "income -10%",
        "income -20%",
        "income -30%",
        "rate +2 points",
        "rate +4 points",
        "expenses +20%",
    }
    assert base <= by_name["income -10%"] <= by_name["income -20%"] <= by_name["income -30%"]
    assert base <= by_name["rate +2 points"] <= by_name["rate +4 points"]
    assert base <= by_name["expenses +20%"]


def test_what_if_a_smaller_amount_is_never_riskier(published: Published) -> None:
    scorer = published.scorer
    amounts = [80000, 60000, 40000, 20000]
    variants = [(f"{a}", {**CASE, "requested_amount": float(a)}) for a in amounts]
    pds = [s.pd for s in scorer.scenarios(CASE, variants)]
    assert pds == sorted(pds, reverse=True)
    assert pds[0] == pytest.approx(scorer.assess(CASE).pd)


def test_the_metadata_round_trips(published: Published) -> None:
    meta = published.scorer.metadata
    again = Metadata.from_json(meta.to_json())
    assert again == meta
    assert tomllib.loads(again.spec_toml)["model"]["name"] == "starter"
