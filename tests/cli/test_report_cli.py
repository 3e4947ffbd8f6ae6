"""``loandesk cases override`` and ``loandesk report overrides`` as real processes."""

from __future__ import annotations

import json

from tests.cli.runner import add_supervisor, loandesk, ok
from tests.cli.test_cases_verify_cli import FIRST, GOOD, OWN

WHY = "Known customer: salary paid into our bank for ten years."


def test_an_override_made_on_the_command_line_is_in_the_report() -> None:
    ok("init", "--admin", "chen", "--name", "Chen Li")
    [added] = json.loads(ok("cases", "add", "--file", "-", "--json", stdin=json.dumps([GOOD])))
    number = added["case_no"]
    ok("model", "score", number)
    ok("cases", "submit", number)
    as_sup = add_supervisor("sup.wang", "Wang Supervisor", FIRST, OWN)
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


def test_feedback_recorded_on_the_command_line_is_averaged_per_stage() -> None:
    ok("init", "--admin", "chen", "--name", "Chen Li")
    added = json.loads(
        ok("cases", "add", "--file", "-", "--json", stdin=json.dumps([GOOD, GOOD, GOOD]))
    )
    numbers = [a["case_no"] for a in added]
    for number, rating in zip(numbers, (5, 4, 2), strict=True):
        said = ok("cases", "feedback", number, "--stage", "application", "--rating", str(rating))
        assert f"Recorded the applicant's {rating} of 5 for the application of {number}." in said
    # A stage rated again counts once, with its latest rating.
    ok("cases", "feedback", numbers[2], "--stage", "application", "--rating", "3")
    ok("cases", "feedback", numbers[0], "--stage", "decision", "--rating", "1", "--text", "slow")
    out_of_range = loandesk("cases", "feedback", numbers[0], "--stage", "decision", "--rating", "9")
    assert out_of_range.returncode == 2
    as_sup = add_supervisor("sup.wang", "Wang Supervisor", FIRST, OWN)
    stages = json.loads(ok("report", "feedback", "--json", **as_sup))
    by_stage = {s["stage"]: (s["cases"], s["average"]) for s in stages}
    assert by_stage == {
        "application": (3, (5 + 4 + 3) / 3),
        "decision": (1, 1.0),
        "disbursement": (0, None),
    }
