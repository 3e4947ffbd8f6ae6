"""A signed-in user's session: who is at the desk, and whether the screen is locked.

A session locks itself when nobody has touched the workstation for the
policy's idle time; until the password is entered again every service call
is refused and the screens hide applicant data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.domain.roles import Action, Role, require
from app.errors import UserError
from app.store.people import UserRow


class NotSignedIn(UserError):
    code = "session.none"


class SessionLocked(UserError):
    code = "session.locked"


@dataclass
class Session:
    user: UserRow
    started: datetime
    idle_limit: timedelta
    last_activity: datetime = field(init=False)
    locked: bool = False
    #: Why it locked: "idle" or "manual"; None while unlocked.
    lock_reason: str | None = None

    def __post_init__(self) -> None:
        self.last_activity = self.started

    @property
    def roles(self) -> frozenset[Role]:
        return self.user.roles

    def touch(self, now: datetime) -> None:
        """The user did something: the idle clock starts again (not while locked)."""
        if not self.locked:
            self.last_activity = max(self.last_activity, now)

    def idle_expired(self, now: datetime) -> bool:
        return not self.locked and now - self.last_activity >= self.idle_limit

    def check(self, action: Action, now: datetime) -> None:
        """Refuse ``action`` if the session is locked or the user's roles do not allow it."""
        if self.locked:
            raise SessionLocked("The screen is locked; enter your password to go on.")
        if self.idle_expired(now):
            raise SessionLocked("The screen locked after a pause; enter your password to go on.")
        require(self.user.roles, action)
        self.touch(now)
