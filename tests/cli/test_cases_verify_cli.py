"""``loandesk cases verify`` as a real process: a clean case, then one edited behind its back."""

from __future__ import annotations

import json

from app.cli_audit import EXIT_TAMPERED
from tests.cli.runner import add_supervisor, loandesk, ok
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


FIRST, OWN = "first pass phrase 2468", "copper meadow lantern 1357"
GOOD = {
    "applicant": {
        "full_name": "Chen Jing",
        "id_number": "11010519491231002X",
        "date_of_birth": "1949-12-31",
        "employed_since": "2001-03-01",
        "home": "owner",
        "job_type": "fixed",
        "monthly_income": "30000",
        "monthly_expenses": "5000",
        "monthly_debt_payments": "0",
        "total_debt": "0",
        "assets": "600000",
        "arrears_on_file": "no",
    },
    "loan": {
        "product": "secured",
        "requested_amount": "100000",
        "purchase_price": "400000",
        "term_months": 12,
    },
}


def test_submit_review_sign_and_verify_through_the_command_line() -> None:
    ok("init", "--admin", "chen", "--name", "Chen Li")
    [added] = json.loads(ok("cases", "add", "--file", "-", "--json", stdin=json.dumps([GOOD])))
    number = added["case_no"]
    ok("model", "score", number)
    assert "the policy rules propose" in ok("cases", "submit", number)
    as_sup = add_supervisor("sup.wang", "Wang Supervisor", FIRST, OWN)
    ok("cases", "review", number, **as_sup)
    said = ok(
        "cases", "decide", number, "approve", "--condition", "Insurance of the property", **as_sup
    )
    assert "it is now approved" in said
    verified = ok("cases", "verify", number, LOANDESK_USER="chen")
    assert "approve signed by Wang Supervisor" in verified
    assert "the signature verifies (valid)" in verified
    with raw_db() as conn:
        seq, body = conn.execute(
            "SELECT seq, body FROM events WHERE type = 'LoanRequestUpdated'"
        ).fetchone()
        conn.execute(
            "UPDATE events SET body = ? WHERE seq = ?",
            (bytes(body).replace(b"100000", b"900000"), seq),
        )
    refused = loandesk("cases", "verify", number, LOANDESK_USER="chen")
    assert refused.returncode == EXIT_TAMPERED
    assert "cannot be trusted" in refused.stderr
