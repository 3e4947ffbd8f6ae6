"""The demo profile: invented applicants run through the real intake, scoring and sign-off."""

from __future__ import annotations

import io
import random
import secrets
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

from app.demo import DEMO_BANK, USERS, DemoReport, build_demo
from app.domain.case import CaseState, Status
from app.domain.roles import Role
from app.errors import UserError
from app.security.keys import KeySource
from app.services.accounts import AccountService
from app.services.decisions import DecisionService
from app.services.intake import IntakeService
from app.services.letters import LetterService
from app.services.profile import Profile, ProfileError
from app.services.sync import SyncService
from models.artifacts import CHAMPION
from models.scorer import Scorer
from models.signing import load_publishers
from ocr.synth.people import Person, make_person
from ocr.types import DocKind
from tests.cli.runner import loandesk
from tests.conftest import REPO, secret

CASES, SEED = 6, 7


@dataclass(frozen=True)
class Built:
    report: DemoReport
    keys: KeySource


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    # One demo for the module: reading its papers by OCR takes a few seconds a case.
    keys = KeySource(hex_key=secret(secrets.token_hex(32)))
    path = tmp_path_factory.mktemp("demo") / "demo"
    seen: list[str] = []
    report = build_demo(path, keys, cases=CASES, seed=SEED, progress=seen.append)
    assert sum("Case " in line for line in seen) == CASES
    return Built(report, keys)


@pytest.fixture
def opened(built: Built) -> Iterator[Profile]:
    profile = Profile.open(built.report.path, built.keys)
    yield profile
    profile.close()


def _people(count: int, seed: int = SEED) -> list[Person]:
    """The applicants as the demo is specified to draw them."""
    rng = random.Random(seed)
    return [make_person(rng) for _ in range(count)]


def _case(profile: Profile, case_id: str) -> CaseState:
    state = profile.store.case(case_id)
    assert state is not None
    return state


def _as_auditor(profile: Profile, report: DemoReport) -> None:
    (auditor,) = [u for u in report.users if u.username.startswith("auditor")]
    AccountService(profile).sign_in(auditor.username, auditor.password)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_user_signs_in_with_the_printed_password_and_holds_the_role(
    built: Built, opened: Profile
) -> None:
    report = built.report
    accounts = AccountService(opened)
    tiers = {u.username: u.tier for u in opened.store.users()}
    for user in report.users:
        secret(user.password)
        session = accounts.sign_in(user.username, user.password)
        assert session.user.roles == set(user.roles)
        assert tiers[user.username] == user.tier
        assert not accounts.must_change_password(), user.username
        accounts.sign_out()
    roles = Counter(r for u in report.users for r in u.roles)
    assert (roles[Role.ADMIN], roles[Role.AUDITOR], roles[Role.RISK_ANALYST]) == (1, 1, 1)
    assert roles[Role.OFFICER] >= 2
    assert {u.tier for u in report.users} >= {"supervisor", "branch_manager"}


def test_the_cases_in_the_profile_are_those_reported_in_several_statuses(
    built: Built, opened: Profile
) -> None:
    report = built.report
    statuses = Counter(_case(opened, case_id).status for case_id in report.case_ids)
    assert statuses == report.statuses
    assert sum(statuses.values()) == CASES
    assert {Status.DRAFT, Status.IN_REVIEW, Status.DECLINED} <= set(statuses)
    assert len(statuses) >= 5
    assert opened.store.meta("demo") == "1"


def test_each_paper_was_read_and_confirmed_and_the_id_card_names_the_applicant(
    built: Built, opened: Profile
) -> None:
    _as_auditor(opened, built.report)
    intake = IntakeService(opened)
    exact = 0
    for case_id, person in zip(built.report.case_ids, _people(CASES), strict=True):
        docs = {d.kind: d for d in intake.documents(case_id)}
        assert set(docs) == {
            DocKind.ID_CARD_FRONT,
            DocKind.ID_CARD_BACK,
            DocKind.PAYSLIP,
            DocKind.BANK_STATEMENT,
        }
        assert all(d.status == "confirmed" and d.fields for d in docs.values())
        card = docs[DocKind.ID_CARD_FRONT]
        assert card.engine is not None
        assert "tesseract" in card.engine  # the picture went through OCR
        read = {f.name: f for f in card.fields}
        # OCR may misread, but never silently: a wrong number carries its problem.
        if read["id_number"].value == person.id_number:
            exact += 1
        else:
            assert read["id_number"].problems, read["id_number"]
        assert card.confirmed["id_number"] == person.id_number
        # the confirmed card filled the application
        state = _case(opened, case_id)
        assert state.value("full_name") == person.name_zh
        assert state.value("id_number") == person.id_number
    assert exact >= CASES // 2


def test_every_case_is_scored_by_the_shipped_model(built: Built, opened: Profile) -> None:
    trusted = load_publishers(REPO / "resources" / "model_publishers.json")
    shipped = Scorer.from_file(CHAMPION, trusted).metadata.model_id
    for case_id in built.report.case_ids:
        risk = _case(opened, case_id).risk
        assert risk is not None
        assert (risk.model_id, risk.stale) == (shipped, False)


def test_every_case_has_the_papers_its_checklist_asks_for(built: Built, opened: Profile) -> None:
    _as_auditor(opened, built.report)
    intake = IntakeService(opened)
    for case_id in built.report.case_ids:
        missing = [item.requirement.id for item in intake.checklist(case_id) if not item.satisfied]
        assert missing == [], (case_id, missing)


def test_the_papers_are_of_the_months_just_gone(built: Built, opened: Profile) -> None:
    # An officer reads the cases: none is flagged for a payslip or statement out of date.
    AccountService(opened).sign_in(USERS[1].username, USERS[1].password)
    intake = IntakeService(opened)
    stale = [
        finding.message
        for case_id in built.report.case_ids
        for finding in intake.findings(case_id)
        if "days old" in finding.message
    ]
    assert stale == []


def test_the_signed_decisions_verify(built: Built, opened: Profile) -> None:
    _as_auditor(opened, built.report)
    decisions = DecisionService(opened)
    signed = [c for c in built.report.case_ids if _case(opened, c).signatures]
    decided = {Status.APPROVED, Status.ACCEPTED, Status.DECLINED, Status.RETURNED}
    assert len(signed) == sum(n for s, n in built.report.statuses.items() if s in decided)
    assert signed
    for case_id in signed:
        report = decisions.verify(case_id)
        assert report.ok, report.lines
        assert any("(valid)" in line for line in report.lines)


def test_the_letterhead_of_a_printed_sheet_says_demo(built: Built, opened: Profile) -> None:
    officer = built.report.officer
    AccountService(opened).sign_in(officer.username, officer.password)
    pdf = LetterService(opened).product_sheet("personal", "en")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    assert DEMO_BANK in text


def test_the_same_seed_makes_the_same_demo(built: Built, opened: Profile, tmp_path: Path) -> None:
    again = build_demo(tmp_path / "again", built.keys, cases=3, seed=SEED)
    other = Profile.open(again.path, built.keys)
    try:
        for first, second in zip(built.report.case_ids, again.case_ids, strict=False):
            one, two = _case(opened, first), _case(other, second)
            assert (one.value("full_name"), one.status) == (two.value("full_name"), two.status)
            assert one.value("requested_amount") == two.value("requested_amount")
    finally:
        other.close()
    # and the applicants are the seed's, not the same whatever the seed
    assert [p.name_zh for p in _people(3)] != [p.name_zh for p in _people(3, seed=SEED + 1)]


def test_a_second_build_into_the_same_folder_is_refused_and_changes_nothing(
    built: Built,
) -> None:
    before = _files(built.report.path)
    with pytest.raises(ProfileError, match="already holds a LoanDesk profile"):
        build_demo(built.report.path, built.keys, cases=1)
    assert _files(built.report.path) == before


def test_no_applicants_name_or_id_number_is_in_the_profiles_files(built: Built) -> None:
    files = _files(built.report.path)
    assert any(name.endswith("loandesk.db") for name in files)
    for person in _people(CASES):
        for text in (person.name_zh, person.id_number, person.address.zh):
            needle = text.encode("utf-8")
            assert not [name for name, data in files.items() if needle in data]


def test_the_demo_command_prints_the_users_and_their_passwords(tmp_path: Path) -> None:
    folder = tmp_path / "cli-demo"
    result = loandesk("demo", "--profile", str(folder), "--cases", "4")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert str(folder) in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    for user in USERS:
        assert secret(user.password) in lines[user.username]
        assert all(role.value in lines[user.username] for role in user.roles)
    assert f"loandesk --profile {folder}" in out
    # the officer's printed password opens the profile, and the four cases are there
    officer = next(u for u in USERS if u.roles == (Role.OFFICER,))
    listed = loandesk(
        "cases",
        "list",
        "--profile",
        str(folder),
        LOANDESK_USER=officer.username,
        LOANDESK_PASSWORD=officer.password,
    )
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.strip().splitlines()) == 1 + 4
    assert "draft" in listed.stdout


def test_a_demo_profile_is_never_enrolled_with_a_branch_server(opened: Profile) -> None:
    AccountService(opened).sign_in(USERS[0].username, USERS[0].password)
    with pytest.raises(UserError, match="demo profile is never enrolled"):
        SyncService(opened).enrol("https://127.0.0.1:9", "ABCDE-FGHIJ-KLMNO-PQRST", "demo desk")
    assert SyncService(opened).status().server is None
