"""``loandesk audit …`` run as a real process on a real profile."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from app.cli_audit import EXIT_TAMPERED
from app.services.profile import DB_NAME
from tests.cli.runner import loandesk, ok

CASE = {"applicant": {"full_name": "Chen Jing"}, "loan": {"product": "personal"}}


@pytest.fixture
def initialised() -> None:
    assert "Created the LoanDesk profile" in ok("init", "--admin", "chen", "--name", "Chen Li")


@contextlib.contextmanager
def raw_db() -> Iterator[Any]:
    """The profile's database through plain SQLCipher, append-only triggers dropped."""
    path = Path(os.environ["LOANDESK_PROFILE"]) / DB_NAME
    conn = sqlcipher3.dbapi2.connect(str(path), isolation_level=None)
    with contextlib.closing(conn):
        conn.execute(f"PRAGMA key = \"x'{os.environ['LOANDESK_KEY']}'\"")
        conn.execute("DROP TRIGGER events_no_update")
        conn.execute("DROP TRIGGER events_no_delete")
        yield conn


@pytest.mark.usefixtures("initialised")
def test_verify_says_intact_then_names_the_edited_event() -> None:
    ok("cases", "add", "--file", "-", stdin=json.dumps(CASE))
    out = ok("audit", "verify")
    assert out.startswith("The record is intact: ")
    assert " events, head " in out

    with raw_db() as conn:
        seq, body = conn.execute(
            "SELECT seq, body FROM events WHERE type = 'ApplicantUpdated'"
        ).fetchone()
        edited = bytes(body).replace(b"Chen Jing", b"Chen Jinx")
        assert edited != bytes(body)
        conn.execute("UPDATE events SET body = ? WHERE seq = ?", (edited, seq))

    result = loandesk("audit", "verify")
    assert result.returncode == EXIT_TAMPERED
    assert result.stdout == ""
    assert result.stderr.startswith(f"Event {seq} (ApplicantUpdated, ")
    assert "does not match its fingerprint" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.usefixtures("initialised")
def test_alerts_show_three_failed_sign_ins() -> None:
    for _ in range(3):
        refused = loandesk("audit", "verify", LOANDESK_PASSWORD="not the password at all")
        # Could not check is not the same as not intact.
        assert refused.returncode == 1
        assert "not right" in refused.stderr
    alerts = json.loads(ok("audit", "alerts", "--json"))
    failed = [a for a in alerts if a["kind"] == "alert.failed_sign_ins"]
    assert len(failed) == 1
    assert failed[0]["count"] == 3
    assert len(failed[0]["event_ids"]) == 3
    assert "'chen'" in failed[0]["message"]
    assert json.loads(ok("audit", "alerts", "--json", "--since", "2999-01-01")) == []


@pytest.mark.usefixtures("initialised")
def test_log_lists_security_events_newest_first() -> None:
    ok("cases", "add", "--file", "-", stdin=json.dumps(CASE))
    entries = json.loads(ok("audit", "log", "--json"))
    seqs = [e["seq"] for e in entries]
    assert seqs == sorted(seqs, reverse=True)
    types = {e["type"] for e in entries}
    assert {"ProfileCreated", "UserAdded", "SignedIn"} <= types
    assert not types & {"CaseOpened", "ApplicantUpdated", "LoanRequestUpdated"}
    signed_in = json.loads(ok("audit", "log", "--type", "SignedIn", "--limit", "2", "--json"))
    assert [e["type"] for e in signed_in] == ["SignedIn", "SignedIn"]
    assert all(e["user_name"] == "Chen Li" for e in signed_in)
    text = ok("audit", "log", "--limit", "1")
    assert "Signed in." in text
    refused = loandesk("audit", "log", "--type", "CommentAdded")
    assert refused.returncode == 2
    assert "invalid choice" in refused.stderr
