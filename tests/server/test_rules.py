"""The branch publishes its own products and authority matrix; desks and server use them.

A publication is checked on the server by the parsers the desks use, kept,
and put in force; each desk takes it at its next sync and prices, checks
policy and judges authority by it, while the server judges every decision
that reaches it by the matrix in force there.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from app.domain.case import Status
from app.domain.roles import Role
from app.services import branchrules
from app.services.accounts import AccountService
from app.services.cases import CaseService
from app.services.decisions import DecisionService
from app.services.offers import OfferService
from app.services.profile import Profile
from app.services.risk import RiskService
from app.services.sync import SyncService
from server.settings import load
from tests.cli.runner import ok
from tests.conftest import USER_PASSWORD, secret
from tests.server.conftest import Branch, add_user, sync_all
from tests.server.process import cli, cli_ok
from tests.services.test_decisions import GOOD

SHIPPED = Path(branchrules.__file__).resolve().parents[2] / "resources"


def _shipped(kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SHIPPED / f"{kind}.json").read_text(encoding="utf-8"))
    return data


def _write(tmp_path: Path, name: str, data: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _publish(branch: Branch, kind: str, path: Path) -> str:
    return cli_ok("rules", "publish", "--data", str(branch.data), kind, str(path))


def _refused(branch: Branch, kind: str, path: Path) -> str:
    done = cli("rules", "publish", "--data", str(branch.data), kind, str(path))
    assert done.returncode == 1, done.stdout
    assert done.stdout == ""
    return done.stderr.strip()


def _lower_supervisor_limit(
    tmp_path: Path, amount: str, version: str = "2026-12-15 branch"
) -> Path:
    matrix = _shipped("authority")
    matrix["version"] = version
    supervisor = next(t for t in matrix["tiers"] if t["name"] == "supervisor")
    supervisor["limits"]["personal"]["max_amount"] = amount
    return _write(tmp_path, "authority.json", matrix)


def test_what_a_branch_may_not_publish_is_refused_in_words(tmp_path: Path, branch: Branch) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"version": "x", "tiers": [', encoding="utf-8")
    assert "not JSON (line 1" in _refused(branch, "authority", broken)

    unnamed = _shipped("authority")
    del unnamed["version"]
    assert "has no version" in _refused(branch, "authority", _write(tmp_path, "a.json", unnamed))

    renamed = _shipped("authority")
    renamed["version"] = "renamed tiers"
    renamed["tiers"][0]["name"] = "deputy"
    said = _refused(branch, "authority", _write(tmp_path, "b.json", renamed))
    assert "must rank the tiers this version knows, supervisor (level 1)" in said

    no_secured = _shipped("products")
    no_secured["version"] = "fewer"
    no_secured["products"] = [p for p in no_secured["products"] if p["code"] != "secured"]
    said = _refused(branch, "products", _write(tmp_path, "c.json", no_secured))
    assert "leave out secured" in said

    unknown = _shipped("products")
    unknown["version"] = "more"
    unknown["products"].append({**unknown["products"][0], "code": "car"})
    said = _refused(branch, "products", _write(tmp_path, "d.json", unknown))
    assert "not ones this version reads" in said
    assert "car" in said

    no_dual = _shipped("authority")
    no_dual["version"] = "no second signature"
    del no_dual["dual_control"]["personal"]
    said = _refused(branch, "authority", _write(tmp_path, "e.json", no_dual))
    assert "dual_control names each product once: missing: personal" in said

    not_a_number = _shipped("authority")
    not_a_number["version"] = "nan"
    not_a_number["dual_control"]["secured"] = "NaN"
    said = _refused(branch, "authority", _write(tmp_path, "f.json", not_a_number))
    assert "an amount is a number, not negative" in said

    misshapen = _shipped("authority")
    misshapen["version"] = "misshapen"
    misshapen["tiers"] = ["supervisor"]
    said = _refused(branch, "authority", _write(tmp_path, "g.json", misshapen))
    assert "a tier is a name, a level and its limits" in said

    kept = _lower_supervisor_limit(tmp_path, "150000")
    assert "now version 2026-12-15 branch" in _publish(branch, "authority", kept)
    again = _refused(branch, "authority", kept)
    assert "version 2026-12-15 branch already" in again

    shown = cli_ok("rules", "show", "--data", str(branch.data), "authority").splitlines()
    assert shown[0].startswith("products   the shipped ones")
    assert shown[1].startswith("authority  version 2026-12-15 branch, published ")
    assert json.loads("\n".join(shown[2:])) == json.loads(kept.read_text(encoding="utf-8"))


def test_new_product_terms_reach_every_desk_at_its_next_sync(
    tmp_path: Path, branch: Branch, desks: list[Profile]
) -> None:
    a, b, _ = desks
    case_id = CaseService(a).open_case(GOOD).case_id
    assert case_id is not None
    shipped_rate = Decimal(_shipped("products")["products"][0]["annual_rate"])
    assert OfferService(a).sheet(case_id).product.annual_rate == shipped_rate

    products = _shipped("products")
    products["version"] = "2027-01 rates"
    personal = next(p for p in products["products"] if p["code"] == "personal")
    personal["annual_rate"] = "4.35"
    _publish(branch, "products", _write(tmp_path, "products.json", products))

    # Until it syncs, a desk keeps what it had.
    assert OfferService(a).sheet(case_id).product.annual_rate == shipped_rate
    report = SyncService(a).sync()
    assert [(t.kind, t.version, t.refused) for t in report.rules] == [
        ("products", "2027-01 rates", None)
    ]
    assert OfferService(a).sheet(case_id).product.annual_rate == Decimal("4.35")
    status = SyncService(a).status()
    assert [(r.kind, r.version, r.source) for r in status.rules] == [
        ("products", "2027-01 rates", "branch"),
        ("authority", _shipped("authority")["version"], "shipped"),
    ]
    # A second sync finds nothing new; the other desk takes it at its own.
    assert SyncService(a).sync().rules == ()
    assert branchrules.catalogue(b.store).version == _shipped("products")["version"]
    ran = ok("sync", "run", "--profile", str(b.path), LOANDESK_USER="admin.b").splitlines()
    assert "The branch's products, version 2027-01 rates, are in force here now." in ran
    assert branchrules.catalogue(b.store).version == "2027-01 rates"
    printed = ok("sync", "status", "--profile", str(b.path), LOANDESK_USER="admin.b")
    assert printed.splitlines()[:2] == [
        "Products: version 2027-01 rates (the branch's)",
        f"Authority matrix: version {_shipped('authority')['version']} (as shipped)",
    ]


def _case_in_review(officer: Profile, amount: str) -> str:
    case_id = CaseService(officer).open_case({**GOOD, "requested_amount": amount}).case_id
    assert case_id is not None
    RiskService(officer).assess(case_id)
    DecisionService(officer).submit(case_id)
    return case_id


def test_a_lower_limit_binds_the_desks_that_took_it_and_the_server_judges_the_rest(
    tmp_path: Path, branch: Branch, desks: list[Profile]
) -> None:
    a, b, c = desks
    add_user(a, "sup.ma", "Ma Li", Role.SUPERVISOR, "supervisor")
    at_b, at_c = _case_in_review(a, "180000"), _case_in_review(a, "180000")
    sync_all(desks)
    new = secret("harbour willow amber 19")
    AccountService(b).sign_in("sup.ma", USER_PASSWORD)
    AccountService(b).change_password(USER_PASSWORD, new)
    DecisionService(b).start_review(at_b)
    DecisionService(b).start_review(at_c)
    sync_all(desks)
    # The shipped matrix lets a supervisor approve 180,000 alone; the branch lowers it
    # to 150,000, so above that a branch manager must sign as well.
    _publish(branch, "authority", _lower_supervisor_limit(tmp_path, "150000"))

    # Desk B takes it: her approval there is a first signature, awaiting a second.
    assert [t.refused for t in SyncService(b).sync().rules] == [None]
    DecisionService(b).decide(at_b, "approve", new)
    state = b.store.case(at_b)
    assert state is not None
    assert state.status is Status.IN_REVIEW
    assert [s.completes for s in state.signatures] == [False]
    assert SyncService(b).sync().refused == ()

    # Desk C has not synced since: by the shipped limit her approval completes the case
    # there, and the branch, judging by its own matrix, refuses it.
    assert branchrules.matrix(c.store).version == _shipped("authority")["version"]
    AccountService(c).sign_in("sup.ma", new)
    DecisionService(c).decide(at_c, "approve", new)
    state = c.store.case(at_c)
    assert state is not None
    assert state.status is Status.APPROVED
    report = SyncService(c).sync()
    assert [(r.type, r.case_id) for r in report.refused] == [("DecisionSigned", at_c)]
    assert "another signature must follow" in report.refused[0].reason
    assert [(t.kind, t.refused) for t in report.rules] == [("authority", None)]
    state = c.store.case(at_c)
    assert state is not None
    assert state.status is Status.IN_REVIEW
    assert branchrules.matrix(c.store).version == "2026-12-15 branch"
    # Signed again by the matrix now in force, it stands.
    DecisionService(c).decide(at_c, "approve", new)
    assert SyncService(c).sync().refused == ()
    state = c.store.case(at_c)
    assert state is not None
    assert [s.completes for s in state.signatures] == [False]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _published_body(branch: Branch) -> str:
    engine = sa.create_engine(load(branch.data).url)
    try:
        with engine.connect() as conn:
            return str(conn.execute(sa.text("SELECT body FROM rules")).scalar_one())
    finally:
        engine.dispose()


def _tamper(branch: Branch, body: str, sha256: str) -> None:
    """Change the one publication in the server's database behind its back."""
    engine = sa.create_engine(load(branch.data).url)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text("UPDATE rules SET body = :body, sha256 = :sha256"),
                {"body": body, "sha256": sha256},
            )
    finally:
        engine.dispose()


def test_a_publication_damaged_on_the_server_is_not_put_in_force(
    tmp_path: Path, branch: Branch, desks: list[Profile]
) -> None:
    a, _, _ = desks
    _publish(branch, "authority", _lower_supervisor_limit(tmp_path, "150000"))
    published = _published_body(branch)
    _tamper(branch, published.replace("150000", "9000000"), _sha256(published))
    report = SyncService(a).sync()
    assert [(t.kind, t.refused) for t in report.rules] == [("authority", "it came damaged")]
    assert branchrules.matrix(a.store).version == _shipped("authority")["version"]
    # It is not fetched again until the branch publishes another.
    assert SyncService(a).sync().rules == ()
    _publish(branch, "authority", _lower_supervisor_limit(tmp_path, "160000", "2026-12-16"))
    assert [t.refused for t in SyncService(a).sync().rules] == [None]
    assert branchrules.matrix(a.store).version == "2026-12-16"


def test_a_desk_checks_what_it_takes_even_when_the_hash_matches(
    tmp_path: Path, branch: Branch, desks: list[Profile]
) -> None:
    a, _, _ = desks
    _publish(branch, "authority", _lower_supervisor_limit(tmp_path, "150000"))
    forged = _published_body(branch).replace('"supervisor"', '"deputy"')
    _tamper(branch, forged, _sha256(forged))
    report = SyncService(a).sync()
    assert [t.refused for t in report.rules] == ["its tiers are not the ones this version knows"]
    assert branchrules.matrix(a.store).version == _shipped("authority")["version"]
