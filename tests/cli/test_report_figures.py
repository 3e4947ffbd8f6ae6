"""``loandesk report figures`` as a real process: text, JSON rows, CSV and PDF files, refusals."""

from __future__ import annotations

import codecs
import csv
import io
import json
import stat
from pathlib import Path

import pdfplumber

from app.domain.case import Status
from tests.cli.runner import add_supervisor, loandesk, ok
from tests.cli.test_cases_verify_cli import FIRST, GOOD, OWN
from tests.conftest import REPO

DRAFT = {"applicant": {"full_name": "Draft Only"}, "loan": {"product": "personal"}}
REASONS = ("Debt high relative to income", "Debt-to-income cap")  # a model's, a rule's


def labels(product: str) -> list[str]:
    """The English labels of ``product``'s checklist, read from the shipped file."""
    raw = json.loads((REPO / "resources" / "checklists.json").read_text(encoding="utf-8"))
    return [item["label"]["en"] for item in raw["products"][product]]


def _branch() -> dict[str, str]:
    """Chen opens two full cases and a draft; a supervisor approves one and declines one.

    The environment to act as the supervisor.
    """
    ok("init", "--admin", "chen", "--name", "Chen Li")
    added = json.loads(
        ok("cases", "add", "--file", "-", "--json", stdin=json.dumps([GOOD, GOOD, DRAFT]))
    )
    approve, decline = (a["case_no"] for a in added[:2])
    for number in (approve, decline):
        ok("model", "score", number)
        ok("cases", "submit", number)
    as_sup = add_supervisor("sup.wang", "Wang Supervisor", FIRST, OWN)
    for number in (approve, decline):
        ok("cases", "review", number, **as_sup)
    ok("cases", "decide", approve, "approve", **as_sup)
    reasons = [arg for reason in REASONS for arg in ("--reason", reason)]
    ok("cases", "decide", decline, "decline", *reasons, **as_sup)
    return as_sup


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_figures_read_as_text_json_csv_and_pdf(tmp_path: Path) -> None:
    as_sup = _branch()
    # set up above: three opened, one approved (100,000), one declined, one draft
    pipeline = {status.value: 0 for status in Status}
    pipeline.update(draft=1, approved=1, declined=1)

    text = ok("report", "figures", **as_sup).splitlines()
    assert "Cases opened: 3" in text
    for status, count in pipeline.items():
        assert [status, str(count)] in [line.split() for line in text]
    assert f"Decided: 2 (1 approved, 1 declined; approval {1 / 2:.1%})" in text
    assert "Amount approved: 100,000.00 CNY" in text
    for reason in REASONS:
        assert f"  declined for: {reason} (1)" in text
    assert "Grade overrides: 0 better, 0 worse" in text
    assert "  Chen Li: opened 3, with the officer 1, in review 0, decided 2" in text
    for label in labels("personal"):  # only the draft is open
        assert f"  missing {label}: 1 cases" in text
    [grades] = [line for line in text if line.startswith("Grades: ")]
    counted = [int(part.split()[-1]) for part in grades.removeprefix("Grades: ").split(", ")]
    assert (sum(counted), counted[-1]) == (3, 1)  # two scored, one not

    json_rows = json.loads(ok("report", "figures", "--json", **as_sup))
    assert all(len(row) == 3 for row in json_rows)
    assert ["opened", "cases", "3"] in json_rows
    assert ["decided", "approved", "1"] in json_rows
    assert ["decided", "declined", "1"] in json_rows
    assert ["decided", "approved_amount_cny", "100000.00"] in json_rows
    assert ["workload", "Chen Li: decided", "2"] in json_rows
    for reason in REASONS:
        assert ["decline_reasons", reason, "1"] in json_rows

    sheet = tmp_path / "branch.csv"
    said = ok("report", "figures", "--out", str(sheet), **as_sup)
    assert said.strip() == f"Wrote the branch report to {sheet} (CSV)."
    assert _mode(sheet) == 0o600
    data = sheet.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    header, *cells = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert header == ["section", "item", "value"]
    # the same figures as the JSON rows, but for the moment each was made
    made = ["scope", "made_at"]
    assert [r for r in cells if r[:2] != made] == [r for r in json_rows if r[:2] != made]

    paper = tmp_path / "branch.pdf"
    said = ok("report", "figures", "--out", str(paper), "--language", "zh", **as_sup)
    assert said.strip() == f"Wrote the branch report to {paper} (PDF)."
    assert _mode(paper) == 0o600
    with pdfplumber.open(paper) as doc:
        lines = [ln for page in doc.pages for ln in (page.extract_text() or "").splitlines()]
    assert "支行业务报告" in lines
    assert "已决定 2" in lines


def test_the_officer_and_the_period_narrow_the_figures() -> None:
    ok("init", "--admin", "chen", "--name", "Chen Li")
    ok("cases", "add", "--file", "-", stdin=json.dumps([DRAFT, DRAFT]))
    as_sup = add_supervisor("sup.wang", "Wang Supervisor", FIRST, OWN)
    chens = json.loads(ok("report", "figures", "--json", "--officer", "chen", **as_sup))
    assert ["scope", "officer", "Chen Li"] in chens
    assert ["opened", "cases", "2"] in chens
    assert ["pipeline", "draft", "2"] in chens
    supervisors = json.loads(ok("report", "figures", "--json", "--officer", "sup.wang", **as_sup))
    assert ["scope", "officer", "Wang Supervisor"] in supervisors
    assert ["opened", "cases", "0"] in supervisors

    long_ago = ok(
        "report", "figures", "--since", "2000-01-01", "--until", "2000-01-02", **as_sup
    ).splitlines()
    assert "Cases opened: 0" in long_ago
    assert "Decided: 0 (0 approved, 0 declined; approval –)" in long_ago


def test_an_unknown_officer_a_reversed_period_and_an_officer_are_refused_in_words(
    tmp_path: Path,
) -> None:
    ok("init", "--admin", "chen", "--name", "Chen Li")
    as_sup = add_supervisor("sup.wang", "Wang Supervisor", FIRST, OWN)

    nobody = loandesk("report", "figures", "--officer", "nobody", **as_sup)
    assert nobody.returncode == 1
    assert nobody.stderr.strip() == "There is no user named nobody."
    assert nobody.stdout == ""

    out = tmp_path / "reversed.csv"
    backwards = ("--since", "2025-06-10", "--until", "2025-06-01", "--out", str(out))
    reversed_period = loandesk("report", "figures", *backwards, **as_sup)
    assert reversed_period.returncode == 1
    assert "--since comes after --until" in reversed_period.stderr
    assert not out.exists()

    officer = loandesk("report", "figures", LOANDESK_USER="chen")
    assert officer.returncode == 1
    assert "allow viewing reports" in officer.stderr
