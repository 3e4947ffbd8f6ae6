"""Switching a user off at the server stops them at every desk of the branch.

The server records it as the desks do, a ``UserUpdated`` in an
administrator's name made by its own device; desks apply it at their next
sync, sign the person out, and refuse their sign-in from then on.
"""

from __future__ import annotations

import pytest

from app.domain.events import EventType
from app.domain.roles import Role
from app.errors import UserError
from app.security.audit import verify_chain
from app.services.accounts import AccountService
from app.services.cases import CaseService
from app.services.profile import Profile
from app.services.sync import SyncService
from tests.conftest import PASSWORD, USER_PASSWORD, secret, sign_in
from tests.server.conftest import Branch, add_user, sync_all
from tests.server.process import cli, cli_ok

NEW = "lantern meadow copper 42"


def _switch(branch: Branch, action: str, username: str, by: str) -> str:
    return cli_ok("users", action, "--data", str(branch.data), username, "--by", by)


def _refused(branch: Branch, action: str, username: str, by: str) -> str:
    done = cli("users", action, "--data", str(branch.data), username, "--by", by)
    assert done.returncode == 1, done.stdout
    return done.stderr.strip()


def _officer_at_b(desks: list[Profile]) -> str:
    """officer.wu, added at desk A, signed in at desk B with her own password."""
    a, b, _ = desks
    add_user(a, "officer.wu", "Wu Lei", Role.OFFICER)
    sync_all(desks)
    new = secret(NEW)
    AccountService(b).sign_in("officer.wu", USER_PASSWORD)
    AccountService(b).change_password(USER_PASSWORD, new)
    sync_all(desks)
    return new


def test_what_the_server_may_not_switch_is_refused_in_words(
    desks: list[Profile], branch: Branch
) -> None:
    _officer_at_b(desks)
    assert "knows no user named nobody" in _refused(branch, "switch-off", "nobody", "admin.a")
    said = _refused(branch, "switch-off", "admin.b", "officer.wu")
    assert said == "officer.wu is not an active administrator of the branch."
    assert "themselves off" in _refused(branch, "switch-off", "admin.a", "admin.a")
    assert _switch(branch, "switch-off", "officer.wu", "admin.a").startswith("officer.wu is")
    said = _switch(branch, "switch-off", "officer.wu", "admin.a")
    assert said == "officer.wu is switched off already: nothing was recorded.\n"
    done = cli("users", "switch-on", "--data", str(branch.data), "officer.wu", "--by", "admin.a")
    assert done.returncode == 2  # no such command: reviving a person is a desk's
    # Two of the three administrators go; the last one stays (officer.wu is off already).
    _switch(branch, "switch-off", "admin.b", "admin.a")
    _switch(branch, "switch-off", "admin.c", "admin.a")
    said = _refused(branch, "switch-off", "admin.a", "admin.b")
    assert said == "admin.b is not an active administrator of the branch."
    listed = cli_ok("users", "list", "--data", str(branch.data)).splitlines()
    states = {line.split()[0]: "switched off" in line for line in listed}
    assert states == {"admin.a": False, "admin.b": True, "admin.c": True, "officer.wu": True}


def test_a_user_switched_off_at_the_server_is_signed_out_and_refused_at_every_desk(
    desks: list[Profile], branch: Branch
) -> None:
    a, b, c = desks
    new = _officer_at_b(desks)
    said = _switch(branch, "switch-off", "officer.wu", "admin.a")
    assert said.startswith("officer.wu is switched off for the whole branch, recorded in admin.a")

    # At B, where she works offline before B syncs, her new case is made locally ...
    case_id = CaseService(b).open_case({"full_name": "吴磊的客户"}).case_id
    assert case_id is not None
    report = SyncService(b).sync()
    # ... and refused by the branch; B learns she is switched off and says so.
    assert report.switched_off
    assert {(r.type, r.reason) for r in report.refused} == {
        ("CaseOpened", "officer.wu is switched off in the branch"),
        ("ApplicantUpdated", "officer.wu is switched off in the branch"),
    }
    assert b.store.case(case_id) is None
    AccountService(b).sign_out()
    with pytest.raises(UserError, match="switched off"):
        AccountService(b).sign_in("officer.wu", new)
    sign_in(b, "admin.b")
    # Her sign-out is a fact the branch keeps, not a change it refuses.
    assert SyncService(b).sync().refused == ()

    SyncService(c).sync()
    with pytest.raises(UserError, match="switched off"):
        AccountService(c).sign_in("officer.wu", new)
    sign_in(c, "admin.c")

    # Recorded in admin.a's name by the server's own device, whose chain verifies.
    changes = [
        e
        for e in c.store.all_events()
        if e.type is EventType.USER_UPDATED and not e.payload.get("roles")
    ]
    assert [(e.payload["active"], e.actor) for e in changes] == [(False, a.actor.user_id)]
    devices = cli_ok("devices", "list", "--data", str(branch.data))
    assert f"{changes[0].device}" in devices
    assert "This branch server" in devices
    assert verify_chain(c.store, c.device_id).ok
    assert verify_chain(b.store, b.device_id).ok

    # An administrator at a desk, signed in, switches her on again.
    wu = next(u for u in c.store.users() if u.username == "officer.wu")
    AccountService(c).update_user(wu.user_id, admin_password=PASSWORD, active=True)
    SyncService(c).sync()
    AccountService(c).sign_in("officer.wu", new)
    assert c.actor.username == "officer.wu"
