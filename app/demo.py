"""A demo profile to try LoanDesk on: invented people, their papers read by the real pipeline.

Everything goes through the services a person at the desk uses (intake with
real OCR, scoring with the shipped model, signed decisions), so the demo shows
what the workstation really does. The papers are made in memory and handed to
intake as bytes: no plain copy of an invented applicant touches the disk.
"""

from __future__ import annotations

import io
import os
import random
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from app.domain.case import CaseState, Status
from app.domain.roles import Role
from app.places import profile_exists
from app.security.keys import KeySource
from app.services.accounts import AccountService
from app.services.cases import CaseService
from app.services.decisions import DecisionService
from app.services.intake import IntakeService
from app.services.profile import DEMO_META, FIRST_USER_ROLES, Profile, ProfileError
from app.services.risk import RiskService
from ocr.synth.canvas import page_text, render
from ocr.synth.cards import id_card_back, id_card_front
from ocr.synth.papers import payslip
from ocr.synth.people import Person, make_person
from ocr.synth.sample import Sample
from ocr.synth.statement import bank_statement
from ocr.synth.style import Built, Style
from ocr.types import DocKind

#: on every letterhead of the demo, so nothing printed from it passes for real
DEMO_BANK = "DEMO — LoanDesk Bank"
#: the profile meta key other code reads to tell a demo profile
LANG = "zh"
#: what becomes of each case, in turn; the mix gives every queue something
PLAN = (
    "accepted",
    "declined",
    "draft",
    "in_review",
    "approved",
    "returned",
    "submitted",
    "approved",
)
DECLINE_REASON = "Debt payments high relative to income"
RETURN_NOTE = "Please add a payslip from the last three months."
Progress = Callable[[str], None]


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    password: str
    roles: tuple[Role, ...]
    tier: str | None = None

    @property
    def role_text(self) -> str:
        roles = ", ".join(r.value for r in self.roles)
        return f"{roles} ({self.tier.replace('_', ' ')})" if self.tier else roles


ADMIN = DemoUser(
    "demo.admin", "Demo Administrator", "copper harbour lantern 18", tuple(FIRST_USER_ROLES)
)
OFFICERS = (
    DemoUser("officer.li", "Li Na", "amber meadow kettle 27", (Role.OFFICER,)),
    DemoUser("officer.zhou", "Zhou Min", "silver orchard pebble 35", (Role.OFFICER,)),
)
SUPERVISOR = DemoUser(
    "supervisor.chen", "Chen Jie", "violet canyon ribbon 44", (Role.SUPERVISOR,), "supervisor"
)
MANAGER = DemoUser(
    "manager.sun", "Sun Ying", "granite willow compass 52", (Role.SUPERVISOR,), "branch_manager"
)
ANALYST = DemoUser("risk.guo", "Guo Tao", "marble thistle beacon 63", (Role.RISK_ANALYST,))
AUDITOR = DemoUser("auditor.he", "He Fang", "cobalt lagoon sparrow 71", (Role.AUDITOR,))
OTHERS = (*OFFICERS, SUPERVISOR, MANAGER, ANALYST, AUDITOR)


#: everyone in a demo profile, the administrator first, with their printed passwords
USERS = (ADMIN, *OTHERS)


@dataclass(frozen=True)
class DemoReport:
    path: Path
    users: tuple[DemoUser, ...]
    #: how many cases ended in each status
    statuses: dict[Status, int]
    case_ids: tuple[str, ...]

    @property
    def officer(self) -> DemoUser:
        """Whom a new user signs in as to start."""
        return OFFICERS[0]


def build_demo(
    path: Path,
    key_source: KeySource,
    *,
    cases: int = 16,
    seed: int = 7,
    progress: Progress | None = None,
) -> DemoReport:
    """A new demo profile at ``path``; the same ``seed`` gives the same people and outcomes."""
    if profile_exists(path):
        raise ProfileError(
            f"{path} already holds a LoanDesk profile; a demo is made only in a new folder. "
            "Choose another folder with --profile."
        )
    if cases < 0:
        raise ProfileError("The number of demo cases cannot be negative.")
    say = progress or (lambda _text: None)
    rng = random.Random(seed)
    people = [make_person(rng) for _ in range(cases)]
    # Making the PDFs (font subsetting) costs more than reading them: it runs in
    # worker processes while the cases before are read and decided.
    pool = ProcessPoolExecutor(_workers(), mp_context=get_context("spawn"))
    try:
        # the papers are of the months just gone, so no check finds them out of date
        today = date.today()
        coming = [
            pool.submit(make_papers, p, f"{seed}/papers/{n}", today) for n, p in enumerate(people)
        ]
        say(f"Creating the demo profile in {path}")
        profile = Profile.create(
            path,
            key_source,
            admin_username=ADMIN.username,
            admin_name=ADMIN.display_name,
            admin_password=ADMIN.password,
            bank_name=DEMO_BANK,
        )
        try:
            case_ids = _build_all(profile, coming, seed, say)
            counts = Counter(_state(profile, case_id).status for case_id in case_ids)
        finally:
            AccountService(profile).sign_out()
            profile.close()
    finally:
        # A failure stops the papers not yet begun instead of waiting for them.
        pool.shutdown(wait=True, cancel_futures=True)
    say("The demo is ready.")
    return DemoReport(path, USERS, dict(counts), tuple(case_ids))


def _workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def _build_all(
    profile: Profile, coming: list[Future[tuple[Paper, ...]]], seed: int, say: Progress
) -> list[str]:
    _mark_demo(profile)
    _add_users(profile)
    case_ids = []
    for number, papers in enumerate(coming):
        say(f"Case {number + 1} of {len(coming)}: reading its papers and deciding it")
        rng = random.Random(f"{seed}/case/{number}")
        case_ids.append(_build_case(profile, papers.result(), rng, PLAN[number % len(PLAN)]))
    return case_ids


def _mark_demo(profile: Profile) -> None:
    """The profile says it is a demo (the window and the CLI show it); its name says so on paper."""
    with profile.store.writing() as tx:
        tx.set_meta(DEMO_META, "1")


def _add_users(profile: Profile) -> None:
    accounts = AccountService(profile)
    for user in OTHERS:
        first = f"first {user.password}"
        accounts.add_user(
            username=user.username,
            display_name=user.display_name,
            roles=user.roles,
            password=first,
            admin_password=ADMIN.password,
            tier=user.tier,
        )
    # Each sets their own password at once, so the printed one opens without a prompt.
    for user in OTHERS:
        accounts.sign_in(user.username, f"first {user.password}")
        accounts.change_password(f"first {user.password}", user.password)
        accounts.sign_out()


def _sign_in(profile: Profile, user: DemoUser) -> None:
    accounts = AccountService(profile)
    accounts.sign_out()
    accounts.sign_in(user.username, user.password)


def _state(profile: Profile, case_id: str) -> CaseState:
    state = profile.store.case(case_id)
    assert state is not None
    return state


# -- one case -------------------------------------------------------------------------
@dataclass(frozen=True)
class Paper:
    """One synthetic document as the officer hands it in: its bytes and what it truly says."""

    kind: DocKind
    name: str
    data: bytes
    fields: dict[str, str]


def make_papers(person: Person, seed: str, today: date) -> tuple[Paper, ...]:
    """The applicant's ID card (a picture), a payslip and a bank statement (PDFs).

    Everything is made in memory; a worker process returns the bytes by pipe.
    """
    rng = random.Random(seed)
    card = _sample(DocKind.ID_CARD_FRONT, id_card_front(person, _style(rng), bad_check=False))
    back = _sample(DocKind.ID_CARD_BACK, id_card_back(person, _style(rng)))
    slip = _sample(DocKind.PAYSLIP, payslip(person, _style(rng), before=today))
    statement = _sample(DocKind.BANK_STATEMENT, bank_statement(person, _style(rng), before=today))
    image = io.BytesIO()
    card.pages[0].save(image, format="PNG")
    return (
        Paper(card.kind, "id-card.png", image.getvalue(), card.fields),
        Paper(back.kind, "id-card-back.pdf", back.pdf(), back.fields),
        Paper(slip.kind, "payslip.pdf", slip.pdf(), slip.fields),
        Paper(statement.kind, "statement.pdf", statement.pdf(), statement.fields),
    )


def _style(rng: random.Random) -> Style:
    return Style.choose(rng, LANG)


def _sample(kind: DocKind, built: Built) -> Sample:
    # Only the ID card goes in as a picture (read by tesseract); the others go in
    # as PDFs with a text layer, so their pages need no rendering.
    pictured = kind is DocKind.ID_CARD_FRONT
    return Sample(
        kind=kind,
        lang=LANG,
        fields=built.fields,
        months=built.months,
        text="\f".join(page_text(page) for page in built.pages),
        pages=tuple(render(page) for page in built.pages) if pictured else (),
        layout=built.pages,
    )


def _build_case(
    profile: Profile, papers: tuple[Paper, ...], rng: random.Random, outcome: str
) -> str:
    officer = OFFICERS[rng.randrange(len(OFFICERS))]
    _sign_in(profile, officer)
    slip = next(paper for paper in papers if paper.kind is DocKind.PAYSLIP)
    case_id = CaseService(profile).open_case(_loan(rng, slip)).case_id
    intake = IntakeService(profile)
    for paper in papers:
        document_id = intake.attach(case_id, paper.data, paper.name, source="scan").document_id
        intake.record(intake.read(case_id, document_id))
        _confirm(intake, case_id, document_id, paper)
    RiskService(profile).assess(case_id)
    if outcome != "draft":
        DecisionService(profile).submit(case_id)
        _review(profile, case_id, outcome, officer)
    return case_id


def _confirm(intake: IntakeService, case_id: str, document_id: str, paper: Paper) -> None:
    """The officer checks each field against the page and corrects what was misread."""
    doc = intake.document(case_id, document_id)
    values = {f.name: paper.fields.get(f.name, f.value) for f in doc.fields}
    intake.confirm(case_id, document_id, values, kind=paper.kind)


def _loan(rng: random.Random, slip: Paper) -> dict[str, Any]:
    """The loan request the officer types in; income as declared, near the payslip."""
    gross = Decimal(slip.fields.get("gross_pay", "12000"))
    income = int(gross * Decimal(rng.choice(("0.9", "1.0", "1.0", "1.1"))))
    amount = rng.randrange(20, 181) * 1000
    return {
        "employed_since": date(rng.randint(2008, 2022), rng.randint(1, 12), 1).isoformat(),
        "home": rng.choice(("owner", "owner", "rent", "parents")),
        "job_type": "fixed",
        "monthly_income": str(income),
        "monthly_expenses": str(income * rng.randint(15, 35) // 100),
        "monthly_debt_payments": str(rng.choice((0, 0, 1500, 3000))),
        "total_debt": str(rng.choice((0, 0, 30000, 80000))),
        "assets": str(rng.randrange(5, 80) * 10000),
        "arrears_on_file": "no",
        "product": "personal",
        "requested_amount": str(amount),
        "purchase_price": str(amount * rng.choice((1, 2)) + 20000),
        "term_months": rng.choice((12, 24, 36, 48)),
        "purpose": rng.choice(("Home renovation", "Car purchase", "Education", "Wedding")),
    }


# -- review and sign-off ----------------------------------------------------------------
def _review(profile: Profile, case_id: str, outcome: str, officer: DemoUser) -> None:
    if outcome == "submitted":
        return
    _sign_in(profile, SUPERVISOR)
    decisions = DecisionService(profile)
    decisions.start_review(case_id)
    if outcome == "in_review":
        return
    if outcome == "returned":
        decisions.decide(case_id, "return", SUPERVISOR.password, note=RETURN_NOTE)
    elif outcome == "declined" or not _approve(profile, case_id):
        _sign_in(profile, SUPERVISOR)
        DecisionService(profile).decide(
            case_id, "decline", SUPERVISOR.password, reasons=[DECLINE_REASON]
        )
    if outcome == "accepted" and _state(profile, case_id).status is Status.APPROVED:
        _sign_in(profile, officer)
        DecisionService(profile).accept(case_id)


def _approve(profile: Profile, case_id: str) -> bool:
    """Approve within authority: the supervisor, then the branch manager where needed."""
    for approver in (SUPERVISOR, MANAGER):
        _sign_in(profile, approver)
        decisions = DecisionService(profile)
        if decisions.may_approve(case_id).allowed:
            decisions.decide(
                case_id,
                "approve",
                approver.password,
                conditions=["Salary paid into an account with the bank"],
            )
        if _state(profile, case_id).status is Status.APPROVED:
            return True
    return False
