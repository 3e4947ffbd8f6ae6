"""``loandesk cases verify`` as a real process: a clean case, then one edited behind its back."""

from __future__ import annotations

import json

from app.cli_audit import EXIT_TAMPERED
from tests.cli.runner import loandesk, ok
from tests.cli.test_audit_cli import raw_db

CASE = {
    "applicant": {"full_name": "Chen Jing", "monthly_income": "12000"},
    "loan": {"product": "personal"},
}


def test_verify_reports_an_unsigned_case_then_an_edited_event_in_words() -> None:
    ok("init", "--admin", "chen", "--name", "Chen Li")
    [added] = json.loads(ok("cases", "add", "--file", "-", "--json", stdin=json.dumps([CASE])))
    said = ok("cases", "verify", added["case_no"])
    assert f"Case {added['case_no']}:" in said
    assert "carries no signature yet" in said
    with raw_db() as conn:
        seq, body = conn.execute(
            "SELECT seq, body FROM events WHERE type = 'ApplicantUpdated'"
        ).fetchone()
        conn.execute(
            "UPDATE events SET body = ? WHERE seq = ?",
            (bytes(body).replace(b"12000", b"92000"), seq),
        )
    refused = loandesk("cases", "verify", added["case_no"])
    assert refused.returncode == EXIT_TAMPERED
    assert f"Event {seq} of the case was changed after it was written." in refused.stderr
