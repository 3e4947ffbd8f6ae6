"""People: sign-in, lockout, the idle lock, passwords, and user management.

Sign-in works offline against the Argon2id hashes in the local credentials
table. Every outcome (signed in, failed, locked) is an event in the same
hash-chained log as the cases, so the audit sees it. Failed attempts count
per account; after the policy's number the account locks for the policy's
minutes, and an administrator can unlock it sooner.

A refused attempt must still be recorded, so the failure events are
committed before the refusal is raised.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError

from app.domain.events import USERNAME, ApprovalLimit, EventType, UserAdded, format_time
from app.domain.ids import new_id
from app.domain.policy import SecurityPolicy
from app.domain.roles import Action, Role
from app.errors import InvalidInput, NotFound, UserError
from app.security import signing
from app.security.passwords import (
    check_new_password,
    hash_password,
    needs_rehash,
    verify_password,
)
from app.security.session import NotSignedIn, Session, SessionLocked
from app.services.authority import tier_names
from app.services.profile import Profile
from app.store.people import Credentials, UserRow
from app.store.repo import Transaction

__all__ = ["AccountService", "AccountStatus", "SignInRefused", "UserRow"]

log = logging.getLogger(__name__)


class SignInRefused(UserError):
    """The password was wrong, the user unknown, the account locked or switched off.

    ``tries_left`` is set when few attempts remain before the account locks.
    """

    code = "signin.refused"
    tries_left: int | None = None


class AccountLocked(SignInRefused):
    code = "signin.locked"

    def __init__(self, message: str, *, until: str) -> None:
        super().__init__(message)
        self.until = until


@dataclass(frozen=True)
class AccountStatus:
    """What the admin's user list shows beside each user."""

    user: UserRow
    failures: int
    locked_until: str | None
    must_change: bool
    has_password: bool


_WRONG = "The user name or the password is not right."


def _locked_message(until: str) -> str:
    return (
        f"This account is locked after too many failed attempts until {until} (UTC). "
        "An administrator can unlock it sooner."
    )


def _check_tier(tier: str | None) -> None:
    names = tier_names()
    if tier is not None and tier not in names:
        known = ", ".join(names)
        problem = f"There is no approval tier {tier!r}: one of {known}."
        raise InvalidInput({"tier": [("user.tier", problem)]})


def _parse_limits(limits: Iterable[dict[str, Any] | ApprovalLimit]) -> list[ApprovalLimit]:
    try:
        return [ApprovalLimit.model_validate(x) for x in limits]
    except ValidationError as exc:
        first = exc.errors()[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InvalidInput({"limits": [("user.limits", message)]}) from None


class AccountService:
    def __init__(self, profile: Profile) -> None:
        self._profile = profile
        self._store = profile.store

    @property
    def policy(self) -> SecurityPolicy:
        return self._profile.policy

    def _now(self) -> datetime:
        return self._profile.clock()

    def _new_session(self, user: UserRow) -> Session:
        limit = timedelta(minutes=self.policy.idle_lock_minutes)
        return Session(user, self._now(), limit)

    # -- password checks with lockout ---------------------------------------------
    def _check(
        self, tx: Transaction, user: UserRow, password: str, *, signing_in: bool
    ) -> tuple[Credentials, UserError | None]:
        """Check ``password`` inside ``tx``; the error to raise after commit, if any."""
        now = self._now()
        cred = tx.credentials(user.user_id)
        failed = EventType.SIGN_IN_FAILED
        if cred is None:
            raise SignInRefused(
                "This account has no password yet; an administrator must set one.",
                code="signin.no_password",
            )
        if not user.active:
            if signing_in:
                self._emit_as(tx, user.user_id, failed, user.username, "disabled")
            return cred, SignInRefused(
                "This account is switched off. Ask an administrator.", code="signin.disabled"
            )
        if cred.locked_until is not None and cred.locked_until > format_time(now):
            self._emit_as(tx, user.user_id, failed, user.username, "locked")
            return cred, AccountLocked(_locked_message(cred.locked_until), until=cred.locked_until)
        if verify_password(cred.password_hash, password):
            fresh = replace(cred, failures=0, locked_until=None)
            if needs_rehash(cred.password_hash):
                fresh = replace(fresh, password_hash=hash_password(password))
            if fresh != cred:
                tx.save_credentials(fresh)
            return fresh, None
        failures = cred.failures + 1
        self._emit_as(tx, user.user_id, failed, user.username, "password")
        if failures >= self.policy.lockout_failures:
            until = format_time(now + timedelta(minutes=self.policy.lockout_minutes))
            tx.save_credentials(replace(cred, failures=0, locked_until=until))
            self._profile.emit(
                tx,
                EventType.ACCOUNT_LOCKED,
                {"user_id": user.user_id, "until": until, "failures": failures},
                actor=user.user_id,
            )
            log.warning("account %s locked after %d failed attempts", user.user_id, failures)
            return cred, AccountLocked(_locked_message(until), until=until)
        tx.save_credentials(replace(cred, failures=failures))
        left = self.policy.lockout_failures - failures
        message = _WRONG if signing_in else "The password is not right."
        if left > 2:
            return cred, SignInRefused(message)
        refused = SignInRefused(f"{message} {left} more failed attempt(s) will lock the account.")
        refused.tries_left = left
        return cred, refused

    def _emit_as(
        self, tx: Transaction, actor: str, event_type: EventType, username: str, reason: str
    ) -> None:
        self._profile.emit(
            tx, event_type, {"username": username[:64], "reason": reason}, actor=actor
        )

    def confirm_password(self, action: Action, password: str) -> Session:
        """Re-authentication before a sensitive action: the session's own password again."""
        session = self._profile.require(action)
        user = session.user
        with self._store.writing() as tx:
            _, error = self._check(tx, user, password, signing_in=False)
        if error is not None:
            raise error
        return session

    # -- sign-in, lock, sign-out ------------------------------------------------------
    def sign_in(self, username: str, password: str) -> Session:
        """Check the password offline and open a session, or refuse in words."""
        name = username.strip().lower()
        with self._store.writing() as tx:
            user = tx.user_by_name(name)
            if user is None:
                # The device signs for an attempt on an unknown name; the reply is the
                # same as for a wrong password so names cannot be fished for.
                # Not a user name at all is often a password typed in the wrong box:
                # it must not be kept in the log for ever.
                shown = name if USERNAME.fullmatch(name) else "(not a user name)"
                self._emit_as(
                    tx, self._profile.device_id, EventType.SIGN_IN_FAILED, shown, "unknown_user"
                )
                error: UserError | None = SignInRefused(_WRONG)
            else:
                _, error = self._check(tx, user, password, signing_in=True)
                if error is None:
                    self._profile.emit(
                        tx, EventType.SIGNED_IN, {"user_id": user.user_id}, actor=user.user_id
                    )
        if error is not None:
            raise error
        assert user is not None
        session = self._new_session(user)
        self._profile.session = session
        log.info("user %s signed in", user.user_id)
        return session

    def must_change_password(self) -> bool:
        """Whether the signed-in user still has a password an admin set for them."""
        session = self._profile.session
        if session is None:
            return False
        cred = self._store.credentials(session.user.user_id)
        return cred is not None and cred.must_change

    def lock(self, reason: str = "manual") -> None:
        """Lock the screen (``reason`` "idle" or "manual"); nothing is shown until unlocked."""
        session = self._profile.session
        if session is None or session.locked:
            return
        session.locked, session.lock_reason = True, reason
        with self._store.writing() as tx:
            self._profile.emit(
                tx,
                EventType.SESSION_LOCKED,
                {"user_id": session.user.user_id, "reason": reason},
                actor=session.user.user_id,
            )

    def lock_if_idle(self) -> bool:
        """Lock the session if its idle time has run out; True if it is locked now."""
        session = self._profile.session
        if session is None:
            return False
        if session.idle_expired(self._now()):
            self.lock("idle")
        return session.locked

    def touch(self) -> None:
        if self._profile.session is not None:
            self._profile.session.touch(self._now())

    def unlock(self, password: str) -> Session:
        """The locked session's own user enters their password again."""
        session = self._profile.session
        if session is None:
            raise NotSignedIn("Sign in first.")
        user = self._store.user(session.user.user_id) or session.user
        with self._store.writing() as tx:
            _, error = self._check(tx, user, password, signing_in=False)
            if error is None:
                self._profile.emit(
                    tx, EventType.SESSION_UNLOCKED, {"user_id": user.user_id}, actor=user.user_id
                )
        if error is not None:
            raise error
        session.user = user
        session.locked, session.lock_reason = False, None
        session.last_activity = self._now()
        return session

    def sign_out(self) -> None:
        session = self._profile.session
        if session is None:
            return
        with self._store.writing() as tx:
            self._profile.emit(
                tx,
                EventType.SIGNED_OUT,
                {"user_id": session.user.user_id},
                actor=session.user.user_id,
            )
        self._profile.session = None

    # -- one's own password -------------------------------------------------------------
    def change_password(self, old: str, new: str) -> list[str]:
        """Change the signed-in user's password; the signing key is re-wrapped under it."""
        if self._profile.session is None:
            raise NotSignedIn("Sign in first.")
        session = self._profile.session
        if session.locked:
            raise self._locked_error()
        user = session.user
        warnings = check_new_password(new, username=user.username, display_name=user.display_name)
        if old == new:
            raise InvalidInput(
                {"new_password": [("password.same", "The new password is the old one.")]}
            )
        with self._store.writing() as tx:
            cred, error = self._check(tx, user, old, signing_in=False)
            if error is None:
                key = signing.rewrap(cred.wrapped_key, old, new, user.user_id)
                tx.save_credentials(
                    replace(
                        cred,
                        password_hash=hash_password(new),
                        wrapped_key=key.wrapped,
                        must_change=False,
                    )
                )
                self._profile.emit(
                    tx,
                    EventType.PASSWORD_SET,
                    {"user_id": user.user_id, "public_key": key.public_key},
                )
        if error is not None:
            raise error
        return warnings

    def _locked_error(self) -> UserError:
        return SessionLocked("The screen is locked; enter your password to go on.")

    def sign(self, action: Action, password: str, message: bytes) -> tuple[str, str]:
        """Sign ``message`` for ``action`` with the user's key: (public key, signature)."""
        current = self.confirm_password(action, password)
        cred = self._store.credentials(current.user.user_id)
        user = self._store.user(current.user.user_id)
        if cred is None or user is None or user.public_key is None:
            raise SignInRefused("This account has no signing key; an administrator must reset it.")
        return user.public_key, signing.sign(cred.wrapped_key, password, user.user_id, message)

    # -- administration -----------------------------------------------------------------
    def users(self) -> list[AccountStatus]:
        self._profile.require(Action.USER_MANAGE)
        out = []
        for user in self._store.users():
            cred = self._store.credentials(user.user_id)
            out.append(
                AccountStatus(
                    user,
                    0 if cred is None else cred.failures,
                    None if cred is None else cred.locked_until,
                    False if cred is None else cred.must_change,
                    cred is not None,
                )
            )
        return out

    def add_user(
        self,
        *,
        username: str,
        display_name: str,
        roles: Sequence[Role],
        password: str,
        admin_password: str,
        limits: Iterable[dict[str, Any] | ApprovalLimit] = (),
        tier: str | None = None,
    ) -> UserRow:
        """A new user with a first password they must change at their first sign-in.

        ``tier`` is the approval tier a supervisor signs as (None: the lowest).
        """
        self.confirm_password(Action.USER_MANAGE, admin_password)
        user_id = new_id()
        _check_tier(tier)
        try:
            added = UserAdded(
                user_id=user_id,
                username=username.strip().lower(),
                display_name=display_name.strip(),
                roles=list(roles),
                limits=_parse_limits(limits),
                tier=tier,
            )
        except ValidationError as exc:
            raise InvalidInput.from_validation(exc, code="user.{field}") from None
        check_new_password(password, username=added.username, display_name=added.display_name)
        key = signing.new_signing_key(password, user_id)
        password_hash = hash_password(password)
        with self._store.writing() as tx:
            if tx.user_by_name(added.username) is not None:
                raise InvalidInput(
                    {"username": [("user.taken", f"There is already a user '{added.username}'.")]}
                )
            self._profile.emit(tx, EventType.USER_ADDED, added.model_dump(mode="json"))
            tx.save_credentials(Credentials(user_id, password_hash, key.wrapped, must_change=True))
            self._profile.emit(
                tx,
                EventType.PASSWORD_SET,
                {"user_id": user_id, "public_key": key.public_key, "by_admin": True},
            )
            row = tx.user(user_id)
        assert row is not None
        return row

    def update_user(
        self,
        user_id: str,
        *,
        admin_password: str,
        display_name: str | None = None,
        roles: Sequence[Role] | None = None,
        limits: Iterable[dict[str, Any] | ApprovalLimit] | None = None,
        tier: str | None = None,
        active: bool | None = None,
    ) -> UserRow:
        """Change a user's name, roles, approval limits and tier, or whether they may sign in."""
        session = self.confirm_password(Action.USER_MANAGE, admin_password)
        _check_tier(tier)
        payload: dict[str, Any] = {"user_id": user_id}
        if display_name is not None:
            payload["display_name"] = display_name.strip()
        if roles is not None:
            payload["roles"] = sorted(set(roles))
        if limits is not None:
            payload["limits"] = [x.model_dump(mode="json") for x in _parse_limits(limits)]
        if tier is not None:
            payload["tier"] = tier
        if active is not None:
            payload["active"] = active
        if len(payload) == 1:
            raise InvalidInput({"user": [("user.no_change", "Nothing to change.")]})
        with self._store.writing() as tx:
            before = tx.user(user_id)
            if before is None:
                raise NotFound(f"There is no user {user_id}.")
            self._keep_an_admin(before, payload)
            try:
                self._profile.emit(tx, EventType.USER_UPDATED, payload)
            except ValueError as exc:
                raise InvalidInput({"user": [("user.invalid", str(exc))]}) from None
            after = tx.user(user_id)
        assert after is not None
        if session.user.user_id == user_id:
            session.user = after
        return after

    def _keep_an_admin(self, before: UserRow, payload: dict[str, Any]) -> None:
        loses_admin = Role.ADMIN in before.roles and (
            ("roles" in payload and Role.ADMIN not in payload["roles"])
            or payload.get("active") is False
        )
        if not loses_admin:
            return
        others = [
            u
            for u in self._store.users()
            if u.user_id != before.user_id and u.active and Role.ADMIN in u.roles
        ]
        if not others:
            raise InvalidInput(
                {
                    "roles": [
                        ("user.last_admin", "The profile needs at least one active administrator.")
                    ]
                }
            )

    def reset_password(self, user_id: str, *, new_password: str, admin_password: str) -> None:
        """An admin sets a new password: a new signing key (the old one cannot be opened)."""
        self.confirm_password(Action.USER_MANAGE, admin_password)
        user = self._store.user(user_id)
        if user is None:
            raise NotFound(f"There is no user {user_id}.")
        check_new_password(new_password, username=user.username, display_name=user.display_name)
        key = signing.new_signing_key(new_password, user_id)
        password_hash = hash_password(new_password)
        with self._store.writing() as tx:
            tx.save_credentials(Credentials(user_id, password_hash, key.wrapped, must_change=True))
            self._profile.emit(
                tx,
                EventType.PASSWORD_SET,
                {"user_id": user_id, "public_key": key.public_key, "by_admin": True},
            )

    def unlock_account(self, user_id: str, *, admin_password: str) -> None:
        """End a lockout early and clear the failed attempts."""
        self.confirm_password(Action.USER_UNLOCK, admin_password)
        with self._store.writing() as tx:
            cred = tx.credentials(user_id)
            if cred is None:
                raise NotFound(f"There is no user {user_id} with a password.")
            tx.save_credentials(replace(cred, failures=0, locked_until=None))
            self._profile.emit(tx, EventType.ACCOUNT_UNLOCKED, {"user_id": user_id})

    # -- the security policy ------------------------------------------------------------
    def change_policy(self, changes: dict[str, str], *, admin_password: str) -> SecurityPolicy:
        """Change settings of the security policy; the change is an audit event."""
        self.confirm_password(Action.SETTINGS_CHANGE, admin_password)
        new = self.policy.changed(changes)
        old_text, new_text = self.policy.as_text(), new.as_text()
        diff = {k: v for k, v in new_text.items() if old_text[k] != v}
        if not diff:
            return new
        with self._store.writing() as tx:
            self._profile.emit(tx, EventType.SETTINGS_CHANGED, {"changes": diff})
        self._profile.policy = new
        session = self._profile.session
        if session is not None:
            session.idle_limit = timedelta(minutes=new.idle_lock_minutes)
        return new
