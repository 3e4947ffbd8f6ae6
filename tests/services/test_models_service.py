"""The model page's service: what is in use, drift of scored cases, installing a signed model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.domain.events import EventType
from app.domain.roles import PermissionDenied, Role
from app.services.cases import CaseService
from app.services.profile import Profile
from app.services.risk import ModelRefusedHere, ModelService, RiskService
from models.artifacts import CHAMPION
from models.signing import new_key
from models.train import Trained, train
from tests.conftest import REPO, act_as, sign_in
from tests.models.history import write_history

SPEC = REPO / "models" / "specs" / "credit_data.toml"


@pytest.fixture
def analyst(profile: Profile) -> Profile:
    sign_in(profile)
    act_as(profile, Role.RISK_ANALYST)
    return profile


def _trained(folder: Path, key: Path) -> Trained:
    return train(write_history(folder.parent / "history.csv", rows=900), SPEC, folder, key=key)


def _trust(profile: Profile, key_hex: str) -> None:
    (profile.path / "model_publishers.json").write_text(
        json.dumps({"publishers": [{"name": "branch risk", "public_key": key_hex}]}),
        encoding="utf-8",
    )


def test_the_overview_names_the_shipped_models_and_counts_scored_cases(profile: Profile) -> None:
    sign_in(profile)
    case_id = (
        CaseService(profile).open_case({"product": "personal", "monthly_income": "8000"}).case_id
    )
    RiskService(profile).assess(case_id)
    RiskService(profile).assess(case_id)
    act_as(profile, Role.RISK_ANALYST)
    overview = ModelService(profile).overview()
    assert overview.source == "shipped"
    assert overview.champion.path == CHAMPION
    assert overview.champion.card is not None
    assert overview.challenger is not None
    assert overview.drift.model_id == overview.champion.metadata.model_id
    assert overview.drift.cases == 2
    assert overview.drift.too_few
    assert [row.name for row in overview.drift.rows][0] == "score"


def test_an_officer_may_not_open_the_model_page(profile: Profile) -> None:
    sign_in(profile)
    act_as(profile, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        ModelService(profile).overview()


def test_a_signed_model_from_a_trusted_key_is_installed_and_recorded(
    analyst: Profile, tmp_path: Path
) -> None:
    key = tmp_path / "branch.pem"
    public = new_key(key)
    trained = _trained(tmp_path / "out", key)
    _trust(analyst, public.hex)
    installed = ModelService(analyst).install(tmp_path / "out")
    assert installed == [trained.champion.metadata.model_id, trained.challenger.metadata.model_id]
    overview = ModelService(analyst).overview()
    assert overview.source == "profile"
    assert overview.champion.metadata.model_id == trained.champion.metadata.model_id
    assert overview.champion.key_id == public.key_id
    assert overview.champion.card is not None
    assert overview.champion.card.parent == analyst.path / "models"
    events = [e.payload for e in analyst.store.all_events() if e.type is EventType.MODEL_INSTALLED]
    assert [(p["role"], p["model_id"]) for p in events] == [
        ("champion", trained.champion.metadata.model_id),
        ("challenger", trained.challenger.metadata.model_id),
    ]


def test_an_untrusted_or_changed_model_is_refused_and_the_old_one_stays(
    analyst: Profile, tmp_path: Path
) -> None:
    key = tmp_path / "branch.pem"
    public = new_key(key)
    _trained(tmp_path / "out", key)
    with pytest.raises(ModelRefusedHere, match="not a trusted publisher"):
        ModelService(analyst).install(tmp_path / "out")
    _trust(analyst, public.hex)
    bad = tmp_path / "bad"
    shutil.copytree(tmp_path / "out", bad)
    data = bytearray((bad / "challenger.onnx").read_bytes())
    data[len(data) // 2] ^= 0x01
    (bad / "challenger.onnx").write_bytes(bytes(data))
    with pytest.raises(ModelRefusedHere, match="challenger.onnx cannot be used: .*changed after"):
        ModelService(analyst).install(bad)
    # nothing was copied: the starter models are still the ones in use
    assert not (analyst.path / "models").exists()
    assert ModelService(analyst).overview().source == "shipped"
    assert not any(e.type is EventType.MODEL_INSTALLED for e in analyst.store.all_events())


def test_a_folder_without_a_champion_is_refused_in_words(analyst: Profile, tmp_path: Path) -> None:
    with pytest.raises(ModelRefusedHere, match="There is no model.onnx"):
        ModelService(analyst).install(tmp_path)
