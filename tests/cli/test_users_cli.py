"""People from the command line: add, lock out, unlock, change a password."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.cli.runner import loandesk
from tests.cli.runner import ok as runner_ok

FIRST = "first day at the branch"
OWN = "my own long passphrase"


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return loandesk(*args, **{"LOANDESK_USER": "admin", **env})


def ok(*args: str, **env: str) -> str:
    return runner_ok(*args, **{"LOANDESK_USER": "admin", **env})


def users() -> dict[str, dict[str, object]]:
    return {u["username"]: u for u in json.loads(ok("users", "list", "--json"))}


@pytest.fixture
def with_officer() -> None:
    ok("init", "--admin", "admin", "--name", "Branch Admin")
    ok(
        "users",
        "add",
        "officer.wu",
        "--name",
        "Wu Fang",
        "--role",
        "officer",
        LOANDESK_NEW_PASSWORD=FIRST,
    )


@pytest.mark.usefixtures("with_officer")
def test_a_new_user_signs_in_and_changes_the_first_password() -> None:
    assert users()["officer.wu"]["status"] == "must change password"
    assert users()["officer.wu"]["roles"] == ["officer"]
    as_officer = {"LOANDESK_USER": "officer.wu", "LOANDESK_PASSWORD": FIRST}
    ok("password", **as_officer, LOANDESK_NEW_PASSWORD=OWN)
    assert users()["officer.wu"]["status"] == "active"
    refused = run("cases", "list", **as_officer)
    assert refused.returncode == 1
    assert "not right" in refused.stderr
    ok("cases", "list", LOANDESK_USER="officer.wu", LOANDESK_PASSWORD=OWN)


@pytest.mark.usefixtures("with_officer")
def test_lockout_after_five_failures_and_the_admin_unlocks() -> None:
    wrong = {"LOANDESK_USER": "officer.wu", "LOANDESK_PASSWORD": "guess guess guess"}
    messages = [run("cases", "list", **wrong).stderr for _ in range(5)]
    assert "more failed attempt" in messages[3]
    assert "locked after too many failed attempts" in messages[4]
    # The right password does not help while the lock lasts.
    right = run("cases", "list", LOANDESK_USER="officer.wu", LOANDESK_PASSWORD=FIRST)
    assert right.returncode == 1
    assert "locked" in right.stderr
    assert str(users()["officer.wu"]["status"]).startswith("locked until ")
    assert "may sign in again" in ok("users", "unlock", "officer.wu")
    ok("cases", "list", LOANDESK_USER="officer.wu", LOANDESK_PASSWORD=FIRST)


@pytest.mark.usefixtures("with_officer")
def test_an_officer_cannot_manage_users() -> None:
    refused = run(
        "users",
        "add",
        "intruder",
        "--name",
        "X",
        "--role",
        "admin",
        LOANDESK_USER="officer.wu",
        LOANDESK_PASSWORD=FIRST,
        LOANDESK_NEW_PASSWORD=OWN,
    )
    assert refused.returncode == 1
    assert "officer" in refused.stderr
    assert set(users()) == {"admin", "officer.wu"}


@pytest.mark.usefixtures("with_officer")
def test_switching_a_user_off_and_changing_roles() -> None:
    ok("users", "change", "officer.wu", "--role", "supervisor", "--role", "auditor")
    assert users()["officer.wu"]["roles"] == ["auditor", "supervisor"]
    assert users()["officer.wu"]["tier"] is None
    said = ok("users", "change", "officer.wu", "--tier", "branch_manager")
    assert "signs as branch_manager" in said
    assert users()["officer.wu"]["tier"] == "branch_manager"
    unknown = run("users", "change", "officer.wu", "--tier", "ceo")
    assert unknown.returncode == 2
    assert "invalid choice: 'ceo'" in unknown.stderr
    ok("users", "change", "officer.wu", "--switch-off")
    refused = run("cases", "list", LOANDESK_USER="officer.wu", LOANDESK_PASSWORD=FIRST)
    assert "switched off" in refused.stderr
    last_admin = run("users", "change", "admin", "--role", "officer")
    assert last_admin.returncode == 1
    assert "at least one active administrator" in last_admin.stderr
