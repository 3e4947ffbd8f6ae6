"""``loandesk model …`` run as a real process: verify a file, score a case, measure drift."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli_models import EXIT_REFUSED
from models.artifacts import CHAMPION
from tests.cli.runner import loandesk, ok

FIRST, OWN = "first pass phrase 1234", "analyst own phrase 5678"


def test_verify_describes_a_good_model_and_refuses_a_changed_one(tmp_path: Path) -> None:
    said = ok("model", "verify", str(CHAMPION))
    assert "signature good" in said
    assert "test AUC 0.83" in said
    copy = tmp_path / "model.onnx"
    data = bytearray(CHAMPION.read_bytes())
    data[len(data) // 2] ^= 0x04
    copy.write_bytes(bytes(data))
    (tmp_path / "model.onnx.sig").write_bytes(CHAMPION.with_name("model.onnx.sig").read_bytes())
    refused = loandesk("model", "verify", str(copy))
    assert refused.returncode == EXIT_REFUSED
    assert "changed after it was signed" in refused.stderr
    (tmp_path / "model.onnx.sig").unlink()
    unsigned = loandesk("model", "verify", str(copy))
    assert unsigned.returncode == EXIT_REFUSED
    assert "not signed" in unsigned.stderr


@pytest.fixture
def scored_cases() -> None:
    ok("init", "--admin", "admin", "--name", "Branch Admin")
    cases = [
        {
            "applicant": {
                "full_name": f"Applicant {i}",
                "date_of_birth": f"19{70 + i}-01-15",
                "monthly_income": str(6000 + 1000 * i),
                "monthly_expenses": "3000",
                "home": "rent",
                "job_type": "fixed",
                "arrears_on_file": "no",
            },
            "loan": {"product": "personal", "requested_amount": "50000", "term_months": 36},
        }
        for i in range(3)
    ]
    added = json.loads(
        ok("cases", "add", "--file", "-", "--json", stdin=json.dumps(cases), LOANDESK_USER="admin")
    )
    for case in added:
        said = ok("model", "score", case["case_no"], LOANDESK_USER="admin")
        assert f"{case['case_no']} champion starter-" in said
        assert "Assessed without: " in said  # employment, debt and assets were left empty
    ok(
        "users",
        "add",
        "risk.zhou",
        "--name",
        "Zhou Min",
        "--role",
        "risk_analyst",
        LOANDESK_USER="admin",
        LOANDESK_NEW_PASSWORD=FIRST,
    )
    ok("password", LOANDESK_USER="risk.zhou", LOANDESK_PASSWORD=FIRST, LOANDESK_NEW_PASSWORD=OWN)


@pytest.mark.usefixtures("scored_cases")
def test_drift_counts_the_scored_cases_and_warns_they_are_few() -> None:
    said = ok("model", "drift", LOANDESK_USER="risk.zhou", LOANDESK_PASSWORD=OWN)
    first = said.splitlines()[0]
    assert "starter-" in first
    assert "3 cases" in first
    assert "score" in said
    assert "instalment_to_income" in said
    # an officer may score but not read the model's drift
    refused = loandesk("model", "drift", LOANDESK_USER="admin")
    assert refused.returncode != 0
