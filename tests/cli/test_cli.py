"""The loandesk command, run as a real process on a real profile."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli import only_common_options
from app.domain.validation import id_check_char
from tests.cli.runner import loandesk, ok

ID_BODY = "44030519850607123"
ID_NUMBER = ID_BODY + id_check_char(ID_BODY)
CASE = {
    "applicant": {
        "full_name": "陈静 Chen Jing",
        "id_number": ID_NUMBER,
        "date_of_birth": "1985-06-07",
        "monthly_income": {"amount": "15000", "currency": "CNY"},
    },
    "loan": {"product": "personal", "requested_amount": "60000", "term_months": 24},
}


@pytest.fixture
def initialised() -> None:
    assert "Created the LoanDesk profile" in ok("init", "--admin", "chen", "--name", "Chen Li")


@pytest.mark.usefixtures("initialised")
def test_add_list_show_round_trip(tmp_path: Path) -> None:
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(CASE, ensure_ascii=False), encoding="utf-8")
    added = json.loads(ok("cases", "add", "--file", str(case_file), "--json"))
    assert len(added) == 1
    case_no = added[0]["case_no"]

    listed = json.loads(ok("cases", "list", "--json"))
    assert [row["case_no"] for row in listed] == [case_no]
    assert listed[0]["full_name"] == "陈静 Chen Jing"
    assert listed[0]["amount"] == "60000.00"

    shown: dict[str, Any] = json.loads(ok("cases", "show", case_no, "--json"))
    # Masked everywhere by default: region prefix and last four only.
    assert shown["fields"]["id_number"] == ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:]
    assert listed[0]["id_number"] == shown["fields"]["id_number"]
    assert shown["fields"]["term_months"] == 24
    assert [h["type"] for h in shown["history"]] == [
        "CaseOpened",
        "ApplicantUpdated",
        "LoanRequestUpdated",
    ]
    assert all(h["actor"] == "Chen Li" for h in shown["history"])
    text = ok("cases", "show", case_no)
    assert "opened case " + case_no in text
    assert ID_NUMBER not in text
    # Revealing needs the password again and says the whole number.
    assert ok("cases", "reveal", case_no, "id_number").strip() == ID_NUMBER


@pytest.mark.usefixtures("initialised")
def test_list_of_cases_from_stdin_and_search() -> None:
    second = {"applicant": {"full_name": "Zhou Min"}}
    added = json.loads(
        ok("cases", "add", "--file", "-", "--json", stdin=json.dumps([CASE, second]))
    )
    assert len(added) == 2
    found = json.loads(ok("cases", "list", "--search", "zhou", "--json"))
    assert [row["full_name"] for row in found] == ["Zhou Min"]
    by_id = json.loads(ok("cases", "list", "--search", ID_NUMBER[-6:], "--json"))
    assert [row["full_name"] for row in by_id] == ["陈静 Chen Jing"]


@pytest.mark.usefixtures("initialised")
def test_invalid_case_is_refused_in_words_and_nothing_is_written() -> None:
    bad = {"applicant": {"id_number": ID_BODY + ("0" if ID_NUMBER[-1] != "0" else "1")}}
    result = loandesk("cases", "add", "--file", "-", stdin=json.dumps(bad))
    assert result.returncode == 1
    assert "check digit" in result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(ok("cases", "list", "--json")) == []


@pytest.mark.usefixtures("initialised")
def test_malformed_json_and_wrong_shape_are_refused() -> None:
    result = loandesk("cases", "add", "--file", "-", stdin="{not json")
    assert result.returncode == 1
    assert "not valid JSON" in result.stderr
    result = loandesk("cases", "add", "--file", "-", stdin=json.dumps({"name": "x"}))
    assert result.returncode == 1
    assert "applicant" in result.stderr


@pytest.mark.usefixtures("initialised")
def test_wrong_key_is_refused_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOANDESK_KEY", "ab" * 32)
    result = loandesk("cases", "list")
    assert result.returncode == 1
    assert "key does not open" in result.stderr
    assert "Traceback" not in result.stderr
    assert "ERROR" not in result.stderr


def test_no_keyring_and_no_key_says_how_to_give_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOANDESK_KEY")
    result = loandesk("init")
    assert result.returncode == 1
    assert "LOANDESK_KEY" in result.stderr
    assert "chmod 600" in result.stderr


def test_key_file_is_created_private_and_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LOANDESK_KEY")
    key_file = tmp_path / "keys" / "profile.key"
    ok("init", "--key-file", str(key_file))
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(bytes.fromhex(key_file.read_text().strip())) == 32
    assert json.loads(ok("cases", "list", "--json", "--key-file", str(key_file))) == []


def test_commands_without_a_profile_say_so() -> None:
    result = loandesk("cases", "list")
    assert result.returncode == 1
    assert "no LoanDesk profile" in result.stderr


def test_profile_option_works_before_or_after_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LOANDESK_PROFILE")
    chosen = tmp_path / "branch-profile"
    ok("--profile", str(chosen), "init")
    assert (chosen / "profile.json").is_file()
    ok("cases", "add", "--file", "-", "--profile", str(chosen), stdin=json.dumps(CASE))
    listed = json.loads(ok("--profile", str(chosen), "cases", "list", "--json"))
    assert [row["full_name"] for row in listed] == ["陈静 Chen Jing"]


@pytest.mark.usefixtures("initialised")
def test_a_list_with_one_bad_case_adds_none() -> None:
    bad = {"loan": {"requested_amount": "-5"}}
    result = loandesk("cases", "add", "--file", "-", stdin=json.dumps([CASE, bad]))
    assert result.returncode == 1
    assert "case[1].requested_amount" in result.stderr
    assert json.loads(ok("cases", "list", "--json")) == []


@pytest.mark.parametrize(
    ("argv", "desktop"),
    [
        ([], True),
        (["--profile", "/p"], True),
        (["--profile=/p", "--key-file", "/k", "--user", "li"], True),
        (["--profile"], False),  # a value is missing: the full parser says so
        (["cases", "list"], False),
        (["--profile", "/p", "sync", "run"], False),
        (["--help"], False),
        (["--bogus"], False),
    ],
)
def test_only_the_desktop_starts_without_the_command_modules(
    argv: list[str], desktop: bool
) -> None:
    assert only_common_options(argv) is desktop
