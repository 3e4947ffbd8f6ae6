"""Sign-in, lockout, the idle lock, passwords, signing keys and user management."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.domain.events import EventType
from app.domain.roles import Action, PermissionDenied, Role
from app.errors import InvalidInput
from app.security import signing
from app.security.keys import KeySource
from app.security.passwords import WeakPassword
from app.security.session import NotSignedIn, SessionLocked
from app.services.accounts import AccountLocked, AccountService, SignInRefused
from app.services.cases import CaseQuery, CaseService
from app.services.profile import Profile
from tests.conftest import PASSWORD

OTHER = "quiet harbour maple 19"
NEW = "silver tram crossing 88"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def desk(profile_dir: Path, key_source: KeySource, clock: Clock) -> Iterator[Profile]:
    opened = Profile.create(
        profile_dir,
        key_source,
        admin_username="admin",
        admin_name="Branch Admin",
        admin_password=PASSWORD,
        clock=clock,
    )
    yield opened
    opened.close()


def types(profile: Profile) -> list[EventType]:
    return [e.type for e in profile.store.all_events()]


def add_officer(desk: Profile, username: str = "officer.wu") -> str:
    user = AccountService(desk).add_user(
        username=username,
        display_name="Wu Fang",
        roles=[Role.OFFICER],
        password=OTHER,
        admin_password=PASSWORD,
    )
    return user.user_id


def test_sign_in_checks_the_password_offline_and_records_each_outcome(desk: Profile) -> None:
    accounts = AccountService(desk)
    add_officer(desk)
    with pytest.raises(SignInRefused) as wrong:
        accounts.sign_in("officer.wu", "not the password")
    with pytest.raises(SignInRefused) as unknown:
        accounts.sign_in("nobody.here", "not the password")
    # The same words for both, so user names cannot be fished for.
    assert str(wrong.value) == str(unknown.value)
    session = accounts.sign_in("  Officer.Wu ", OTHER)
    assert session.user.username == "officer.wu"
    assert desk.actor.roles == {Role.OFFICER}
    tail = [e for e in desk.store.all_events()][-3:]
    assert [e.type for e in tail] == [
        EventType.SIGN_IN_FAILED,
        EventType.SIGN_IN_FAILED,
        EventType.SIGNED_IN,
    ]
    assert [e.payload.get("reason") for e in tail[:2]] == ["password", "unknown_user"]
    assert tail[1].actor == desk.device_id  # nobody known made the second attempt
    assert tail[1].payload["username"] == "nobody.here"


def test_a_password_typed_into_the_name_box_is_not_kept(desk: Profile) -> None:
    with pytest.raises(SignInRefused):
        AccountService(desk).sign_in("Amber Kettle! 42", PASSWORD)
    failed = list(desk.store.all_events())[-1]
    assert failed.payload == {"username": "(not a user name)", "reason": "unknown_user"}


def test_five_failures_lock_the_account_for_the_policy_time(desk: Profile, clock: Clock) -> None:
    accounts = AccountService(desk)
    add_officer(desk)
    for _ in range(4):
        with pytest.raises(SignInRefused) as refused:
            accounts.sign_in("officer.wu", "wrong password")
        assert not isinstance(refused.value, AccountLocked)
    assert "1 more failed attempt" in str(refused.value)
    with pytest.raises(AccountLocked) as locked:
        accounts.sign_in("officer.wu", "wrong password")
    assert locked.value.until == "2026-03-02T02:30:00.000Z"
    # Even the right password is refused while the lock lasts.
    clock.advance(minutes=29)
    with pytest.raises(AccountLocked):
        accounts.sign_in("officer.wu", OTHER)
    clock.advance(minutes=2)
    assert accounts.sign_in("officer.wu", OTHER).user.username == "officer.wu"
    assert types(desk).count(EventType.ACCOUNT_LOCKED) == 1


def test_an_admin_unlocks_a_locked_account(desk: Profile) -> None:
    accounts = AccountService(desk)
    officer = add_officer(desk)
    for _ in range(5):
        with pytest.raises(SignInRefused):
            accounts.sign_in("officer.wu", "wrong password")
    accounts.sign_in("admin", PASSWORD)
    status = {s.user.user_id: s for s in accounts.users()}[officer]
    assert status.locked_until is not None
    with pytest.raises(SignInRefused):
        accounts.unlock_account(officer, admin_password="wrong password")
    accounts.unlock_account(officer, admin_password=PASSWORD)
    assert {s.user.user_id: s for s in accounts.users()}[officer].locked_until is None
    assert accounts.sign_in("officer.wu", OTHER).user.user_id == officer
    assert EventType.ACCOUNT_UNLOCKED in types(desk)


def test_lockout_limits_follow_the_policy(desk: Profile) -> None:
    accounts = AccountService(desk)
    accounts.change_policy({"lockout_failures": "3"}, admin_password=PASSWORD)
    add_officer(desk)
    for _ in range(2):
        with pytest.raises(SignInRefused):
            accounts.sign_in("officer.wu", "wrong password")
    with pytest.raises(AccountLocked):
        accounts.sign_in("officer.wu", "wrong password")


def test_the_idle_lock_refuses_work_until_the_password_is_given(
    desk: Profile, clock: Clock
) -> None:
    accounts, cases = AccountService(desk), CaseService(desk)
    cases.count(CaseQuery())
    clock.advance(minutes=9, seconds=59)
    assert not accounts.lock_if_idle()
    cases.count(CaseQuery())  # activity: the idle clock starts again
    clock.advance(minutes=10)
    with pytest.raises(SessionLocked):
        cases.count(CaseQuery())
    assert accounts.lock_if_idle()
    with pytest.raises(SignInRefused):
        accounts.unlock("wrong password")
    with pytest.raises(SessionLocked):
        cases.count(CaseQuery())
    accounts.unlock(PASSWORD)
    assert cases.count(CaseQuery()) == 0
    locks = [e for e in desk.store.all_events() if e.type is EventType.SESSION_LOCKED]
    assert [e.payload["reason"] for e in locks] == ["idle"]
    assert types(desk)[-1] is EventType.SESSION_UNLOCKED


def test_signing_out_leaves_nobody_to_act_for(desk: Profile) -> None:
    AccountService(desk).sign_out()
    with pytest.raises(NotSignedIn):
        CaseService(desk).count(CaseQuery())
    assert types(desk)[-1] is EventType.SIGNED_OUT


def test_a_changed_password_keeps_the_signing_key_and_rewraps_it(desk: Profile) -> None:
    accounts = AccountService(desk)
    public_before = desk.store.users()[0].public_key
    assert public_before is not None
    with pytest.raises(WeakPassword):
        accounts.change_password(PASSWORD, "password123")
    with pytest.raises(SignInRefused):
        accounts.change_password("wrong password", NEW)
    assert accounts.change_password(PASSWORD, NEW) == []
    # The same key pair, now opened by the new password only.
    key, signature = accounts.sign(Action.CASE_VIEW, NEW, b"case head 1")
    assert key == public_before
    assert signing.verify(key, signature, b"case head 1")
    assert not signing.verify(key, signature, b"case head 2")
    with pytest.raises(SignInRefused):
        accounts.sign(Action.CASE_VIEW, PASSWORD, b"case head 1")
    accounts.sign_out()
    with pytest.raises(SignInRefused):
        accounts.sign_in("admin", PASSWORD)
    accounts.sign_in("admin", NEW)


def test_an_admin_reset_gives_a_new_key_and_a_password_to_change(desk: Profile) -> None:
    accounts = AccountService(desk)
    officer = add_officer(desk)
    first_key = {u.user_id: u for u in desk.store.users()}[officer].public_key
    accounts.reset_password(officer, new_password=NEW, admin_password=PASSWORD)
    second_key = {u.user_id: u for u in desk.store.users()}[officer].public_key
    assert second_key is not None
    assert second_key != first_key
    accounts.sign_in("officer.wu", NEW)
    assert accounts.must_change_password()
    accounts.change_password(NEW, "new start at the branch")
    assert not accounts.must_change_password()
    public_keys = [
        e.payload["public_key"]
        for e in desk.store.all_events()
        if e.type is EventType.PASSWORD_SET and e.payload["user_id"] == officer
    ]
    # Every key the user ever had stays in the log, so old signatures still check.
    assert public_keys == [first_key, second_key, second_key]


def test_user_management_is_for_admins_and_needs_their_password(desk: Profile) -> None:
    accounts = AccountService(desk)
    officer = add_officer(desk)
    before = types(desk)
    with pytest.raises(SignInRefused):
        accounts.update_user(officer, admin_password="wrong password", roles=[Role.SUPERVISOR])
    assert types(desk) == [*before, EventType.SIGN_IN_FAILED]
    accounts.sign_in("officer.wu", OTHER)
    with pytest.raises(PermissionDenied):
        accounts.add_user(
            username="sneaky",
            display_name="Sneaky",
            roles=[Role.ADMIN],
            password=NEW,
            admin_password=OTHER,
        )
    assert [u.username for u in desk.store.users()] == ["admin", "officer.wu"]


def test_roles_limits_and_switching_off(desk: Profile) -> None:
    accounts = AccountService(desk)
    officer = add_officer(desk)
    limits = [{"product": "personal", "max_amount": "200000.00", "worst_grade": "C"}]
    changed = accounts.update_user(
        officer, admin_password=PASSWORD, roles=[Role.SUPERVISOR], limits=limits
    )
    assert changed.roles == {Role.SUPERVISOR}
    assert [(x.product, str(x.max_amount)) for x in changed.limits] == [("personal", "200000.00")]
    with pytest.raises(InvalidInput):
        accounts.update_user(
            officer, admin_password=PASSWORD, limits=[{"product": "personal", "max_amount": "-1"}]
        )
    with pytest.raises(InvalidInput, match="not a product"):
        accounts.update_user(
            officer, admin_password=PASSWORD, limits=[{"product": "yacht", "max_amount": "1"}]
        )
    accounts.update_user(officer, admin_password=PASSWORD, active=False)
    with pytest.raises(SignInRefused, match="switched off"):
        accounts.sign_in("officer.wu", OTHER)


def test_the_last_admin_cannot_be_removed(desk: Profile) -> None:
    accounts = AccountService(desk)
    admin = desk.actor.user_id
    with pytest.raises(InvalidInput) as refused:
        accounts.update_user(admin, admin_password=PASSWORD, roles=[Role.OFFICER])
    assert "at least one active administrator" in str(refused.value)
    with pytest.raises(InvalidInput):
        accounts.update_user(admin, admin_password=PASSWORD, active=False)
    assert Role.ADMIN in desk.store.users()[0].roles


def test_a_duplicate_user_name_is_refused(desk: Profile) -> None:
    add_officer(desk)
    with pytest.raises(InvalidInput, match="already a user"):
        add_officer(desk)


def test_the_policy_lives_in_the_log_and_survives_reopening(
    desk: Profile, profile_dir: Path, key_source: KeySource
) -> None:
    accounts = AccountService(desk)
    with pytest.raises(InvalidInput):
        accounts.change_policy({"work_start": "25:00"}, admin_password=PASSWORD)
    accounts.change_policy(
        {"idle_lock_minutes": "3", "work_start": "07:30"}, admin_password=PASSWORD
    )
    assert desk.session is not None
    assert desk.session.idle_limit == timedelta(minutes=3)
    changed = [e for e in desk.store.all_events() if e.type is EventType.SETTINGS_CHANGED]
    assert [e.payload["changes"] for e in changed] == [
        {"idle_lock_minutes": "3", "work_start": "07:30"}
    ]
    desk.close()
    reopened = Profile.open(profile_dir, key_source)
    try:
        assert reopened.policy.idle_lock_minutes == 3
        assert reopened.policy.work_start == "07:30"
    finally:
        reopened.close()


def test_no_password_or_hash_enters_the_event_log(desk: Profile) -> None:
    add_officer(desk)
    AccountService(desk).change_password(PASSWORD, NEW)
    log = b"".join(e.to_bytes() for e in desk.store.all_events())
    for secret in (PASSWORD, OTHER, NEW, "$argon2id$"):
        assert secret.encode() not in log
