"""Scoring cases on a real profile with the shipped, signed models."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.domain.events import EventType
from app.domain.history import history
from app.services.branchrules import shipped_catalogue
from app.services.cases import CaseService
from app.services.profile import Profile
from app.services.risk import RiskService, RiskUnavailable, case_inputs, load_models
from models.artifacts import CHALLENGER, CHAMPION
from models.scorer import Scorer
from models.signing import load_publishers, new_key
from models.train import train
from tests.conftest import REPO, sign_in
from tests.models.history import write_history

FORM = {
    "full_name": "王小明",
    "date_of_birth": "1990-03-07",
    "employed_since": "2021-05-01",
    "home": "rent",
    "job_type": "freelance",
    "monthly_income": "12000",
    "monthly_expenses": "5000",
    "total_debt": "40000",
    "assets": "20000",
    "arrears_on_file": "no",
    "product": "personal",
    "requested_amount": "90000",
    "purchase_price": "100000",
    "term_months": 36,
}


@pytest.fixture
def risk(clocked: Profile) -> RiskService:
    sign_in(clocked, "officer.li")
    return RiskService(clocked)


@pytest.fixture
def case_id(clocked: Profile, risk: RiskService) -> str:
    return CaseService(clocked).open_case(FORM).case_id


def _risk_events(profile: Profile, case_id: str) -> list[dict[str, object]]:
    return [
        e.payload
        for e in profile.store.all_events()
        if e.type is EventType.RISK_ASSESSED and e.case_id == case_id
    ]


def test_the_inputs_come_from_the_form_in_the_units_the_spec_reads() -> None:
    from datetime import date

    inputs = case_inputs(
        {**FORM, "requested_amount": {"amount": "90000.00", "currency": "CNY"}},
        date(2025, 6, 1),
        products=shipped_catalogue(),
    )
    assert inputs["requested_amount"] == 90000.0
    assert inputs["home"] == "rent"
    assert inputs["age_years"] == pytest.approx((date(2025, 6, 1) - date(1990, 3, 7)).days / 365.25)
    assert inputs["employment_years"] == pytest.approx(
        (date(2025, 6, 1) - date(2021, 5, 1)).days / 365.25
    )
    assert case_inputs({}, date(2025, 6, 1), products=shipped_catalogue())["monthly_income"] is None


def test_assessing_records_what_both_models_said(
    risk: RiskService, case_id: str, clocked: Profile
) -> None:
    view, changes = risk.assess(case_id)
    assert changes.case_ids == {case_id}
    recorded = _risk_events(clocked, case_id)
    assert [p["role"] for p in recorded] == ["champion", "challenger"]
    champion = recorded[0]
    trusted = load_publishers(REPO / "resources" / "model_publishers.json")
    shipped = Scorer.from_file(CHAMPION, trusted)
    assert champion["model_id"] == shipped.metadata.model_id
    # what was recorded is what the shipped model says of these inputs
    again = shipped.assess({k: v for k, v in view.inputs.items()})
    assert champion["grade"] == again.grade
    assert float(str(champion["pd"])) == pytest.approx(again.pd, abs=1e-4)
    reasons = champion["reasons"]
    assert isinstance(reasons, list)
    assert [r["feature"] for r in reasons] == [r.feature for r in again.reasons]
    state = clocked.store.case(case_id)
    assert state is not None
    assert state.risk is not None
    assert state.risk_challenger is not None
    assert state.risk.grade == view.champion.grade
    assert state.risk.model_id == shipped.metadata.model_id
    assert not state.risk.stale
    assert view.missing == []


def test_a_change_to_the_application_makes_the_assessment_stale(
    risk: RiskService, case_id: str, clocked: Profile
) -> None:
    risk.assess(case_id)
    CaseService(clocked).update_case(case_id, {"monthly_income": "6000"})
    state = clocked.store.case(case_id)
    assert state is not None
    assert state.risk is not None
    assert state.risk.stale
    risk.assess(case_id)
    state = clocked.store.case(case_id)
    assert state is not None
    assert state.risk is not None
    assert not state.risk.stale


def test_previews_and_what_ifs_record_nothing_and_follow_the_model(
    risk: RiskService, case_id: str, clocked: Profile
) -> None:
    before = len(list(clocked.store.all_events()))
    view = risk.preview(case_id)
    smaller = risk.what_if(case_id, [("half", {"requested_amount": 45000.0})])
    assert len(list(clocked.store.all_events())) == before
    assert smaller[0].pd <= view.champion.pd
    assert {s.name for s in view.stress} >= {"income -10%", "income -30%", "rate +2 points"}


def test_an_empty_application_scores_and_says_what_is_missing(
    risk: RiskService, clocked: Profile
) -> None:
    case_id = CaseService(clocked).open_case({"product": "personal"}).case_id
    view = risk.preview(case_id)
    assert 0 < view.champion.pd < 1
    assert view.missing[:3] == ["date_of_birth", "home", "job_type"]
    assert "requested_amount" in view.missing
    assert "product" not in view.missing


def test_the_history_tells_the_assessment(
    risk: RiskService, case_id: str, clocked: Profile
) -> None:
    view, _ = risk.assess(case_id)
    entries = [
        e for e in history(clocked.store.case_events(case_id)) if e.type is EventType.RISK_ASSESSED
    ]
    assert entries[0].risk is not None
    assert entries[0].risk["grade"] == view.champion.grade
    assert entries[1].risk is not None
    assert entries[1].risk["role"] == "challenger"


def test_a_tampered_profile_model_is_refused_in_words(
    risk: RiskService, case_id: str, clocked: Profile
) -> None:
    own = clocked.path / "models"
    own.mkdir()
    data = bytearray(CHAMPION.read_bytes())
    data[len(data) // 3] ^= 0x10
    (own / "model.onnx").write_bytes(bytes(data))
    shutil.copy(CHAMPION.with_name("model.onnx.sig"), own / "model.onnx.sig")
    with pytest.raises(RiskUnavailable, match="changed after it was signed"):
        risk.assess(case_id)
    assert _risk_events(clocked, case_id) == []


def test_a_model_the_branch_publishes_replaces_the_starter(
    risk: RiskService, case_id: str, clocked: Profile, tmp_path: Path
) -> None:
    key = tmp_path / "analyst.pem"
    public = new_key(key)
    own = clocked.path / "models"
    train(
        write_history(tmp_path / "h.csv", rows=800),
        REPO / "models/specs/credit_data.toml",
        own,
        key=key,
    )
    # not yet trusted: refused, and nothing is recorded
    with pytest.raises(RiskUnavailable, match="not a trusted publisher"):
        risk.assess(case_id)
    (clocked.path / "model_publishers.json").write_text(
        json.dumps({"publishers": [{"name": "analyst", "public_key": public.hex}]}),
        encoding="utf-8",
    )
    view, _ = risk.assess(case_id)
    assert view.champion.model_id == load_models(clocked.path).champion.metadata.model_id
    assert (
        view.champion.model_id
        != Scorer.from_file(
            CHAMPION, load_publishers(REPO / "resources" / "model_publishers.json")
        ).metadata.model_id
    )
    assert CHALLENGER.exists()


def test_a_confirmed_payslip_stands_in_for_an_income_left_empty(
    risk: RiskService, clocked: Profile
) -> None:
    from app.services.intake import IntakeService
    from ocr.synth import generate
    from ocr.types import DocKind

    form = {k: v for k, v in FORM.items() if k != "monthly_income"}
    case_id = CaseService(clocked).open_case(form).case_id
    before = risk.preview(case_id)
    assert before.inputs["monthly_income"] is None
    assert "monthly_income" in before.missing
    intake = IntakeService(clocked)
    sample = generate(DocKind.PAYSLIP, "en", seed=3)
    document_id = intake.attach(case_id, sample.pdf(), "payslip.pdf").document_id
    assert document_id is not None
    intake.record(intake.read(case_id, document_id))
    # read but not yet confirmed: not evidence yet
    assert risk.preview(case_id).inputs["monthly_income"] is None
    intake.confirm(case_id, document_id, sample.fields)
    after = risk.preview(case_id)
    net = float(sample.fields["net_pay"])
    assert after.inputs["monthly_income"] == net
    assert after.inputs["payslip_net_pay"] == net
    assert "monthly_income" not in after.missing
    assert after.champion.features["expenses_to_income"] == pytest.approx(5000 / net, rel=1e-5)


def test_the_products_rate_makes_the_instalment_and_the_rate_stress_raises_it(
    risk: RiskService, case_id: str
) -> None:
    from decimal import Decimal

    from app.domain.offers import equal_instalment

    view = risk.preview(case_id)
    # the personal loan's configured rate, read from resources/products.json
    assert view.inputs["annual_rate"] == 6.5
    monthly = float(equal_instalment(Decimal(90000), Decimal("6.5"), 36))
    assert view.champion.features["instalment_to_income"] == pytest.approx(
        monthly / 12000, abs=1e-4
    )
    stress = {s.name: s.pd for s in view.stress}
    assert view.champion.pd <= stress["rate +2 points"] <= stress["rate +4 points"]
