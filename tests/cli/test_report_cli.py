"""``loandesk cases override`` and ``loandesk report overrides`` as real processes."""

from __future__ import annotations

import json

from tests.cli.runner import loandesk, ok
from tests.cli.test_cases_verify_cli import FIRST, GOOD, OWN

WHY = "Known customer: salary paid into our bank for ten years."


def test_an_override_made_on_the_command_line_is_in_the_report() -> None:
    ok("init", "--admin", "chen", "--name", "Chen Li")
    [added] = json.loads(ok("cases", "add", "--file", "-", "--json", stdin=json.dumps([GOOD])))
    number = added["case_no"]
    ok("model", "score", number)
    ok("cases", "submit", number)
    ok(
        "users",
        "add",
        "sup.wang",
        "--name",
        "Wang Supervisor",
        "--role",
        "supervisor",
        LOANDESK_NEW_PASSWORD=FIRST,
    )
    ok("password", LOANDESK_USER="sup.wang", LOANDESK_PASSWORD=FIRST, LOANDESK_NEW_PASSWORD=OWN)
    as_sup = {"LOANDESK_USER": "sup.wang", "LOANDESK_PASSWORD": OWN}
    assert ok("report", "overrides", **as_sup).strip() == "No grade has been overridden."

    short = loandesk("cases", "override", number, "--grade", "E", "--why", "gut", **as_sup)
    assert short.returncode != 0
    assert "at least 20 characters" in short.stderr
    said = ok("cases", "override", number, "--grade", "E", "--why", WHY, **as_sup)
    assert f"Case {number} now rests on grade E" in said

    [record] = json.loads(ok("report", "overrides", "--json", **as_sup))
    assert record["case_no"] == number
    assert record["grade"] == "E"
    assert record["direction"] == "worse"
    assert record["by"] == "Wang Supervisor"
    assert record["justification"] == WHY
    assert record["status"] == "submitted"
    table = ok("report", "overrides", **as_sup)
    assert "1 grade overrides: 0 better than the model, 1 worse." in table

    # An officer reads no reports.
    refused = loandesk("report", "overrides", LOANDESK_USER="chen")
    assert refused.returncode != 0
    assert "viewing reports" in refused.stderr
