"""The profile's security policy: lock times, working hours, alert thresholds, backups.

It lives in the event log, not in a settings file: every change is a
``SettingsChanged`` event, so it is hash-chained and shows in the audit like
any other. The policy in force is the fold of those events over the defaults.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.errors import InvalidInput

_HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


class SecurityPolicy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    idle_lock_minutes: int = Field(default=10, ge=1, le=240)
    lockout_failures: int = Field(default=5, ge=3, le=20)
    lockout_minutes: int = Field(default=30, ge=1, le=1440)
    #: Working hours of the branch, in its own time zone; days are ISO (1 = Monday).
    timezone: str = "Asia/Shanghai"
    work_start: str = "08:00"
    work_end: str = "19:00"
    work_days: str = "1,2,3,4,5,6"
    #: More than ``*_burst`` reveals (or exports) by one user in ``burst_minutes``.
    reveal_burst: int = Field(default=10, ge=2, le=1000)
    export_burst: int = Field(default=5, ge=2, le=1000)
    burst_minutes: int = Field(default=10, ge=1, le=1440)
    #: This many failed sign-ins for one user name within ``failed_minutes``.
    failed_sign_ins: int = Field(default=3, ge=2, le=100)
    failed_minutes: int = Field(default=15, ge=1, le=1440)
    #: A backup each day into ``backup_dir`` (empty: the profile's backups/ folder).
    backup_daily: bool = True
    backup_keep: int = Field(default=14, ge=1, le=365)
    backup_dir: str = Field(default="", max_length=500)

    @field_validator("work_start", "work_end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        if not _HHMM.fullmatch(value):
            raise ValueError("a time as HH:MM, 00:00 to 23:59")
        return value

    @field_validator("work_days")
    @classmethod
    def _days(cls, value: str) -> str:
        try:
            days = sorted({int(d) for d in value.split(",") if d.strip()})
        except ValueError:
            raise ValueError("week days as numbers 1 (Monday) to 7, separated by commas") from None
        if not days or days[0] < 1 or days[-1] > 7:
            raise ValueError("week days as numbers 1 (Monday) to 7, separated by commas")
        return ",".join(str(d) for d in days)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("a time zone name such as Asia/Shanghai") from None
        return value

    def changed(self, changes: Mapping[str, str]) -> SecurityPolicy:
        """This policy with ``changes`` (text values, as typed) applied, or ``InvalidInput``."""
        unknown = set(changes) - set(type(self).model_fields)
        if unknown:
            name = sorted(unknown)[0][:40]
            raise InvalidInput({name: [("policy.unknown", "not a setting of the policy")]})
        data = self.model_dump()
        data.update(changes)
        try:
            return type(self).model_validate(data)
        except ValidationError as exc:
            raise InvalidInput.from_validation(exc, code="policy.invalid") from None

    def as_text(self) -> dict[str, str]:
        """Every setting as the text a ``SettingsChanged`` event carries."""
        out: dict[str, str] = {}
        for name, value in self.model_dump().items():
            out[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
        return out

    def in_working_hours(self, moment: datetime) -> bool:
        local = moment.astimezone(ZoneInfo(self.timezone))
        days = {int(d) for d in self.work_days.split(",")}
        start, end = time.fromisoformat(self.work_start), time.fromisoformat(self.work_end)
        return local.isoweekday() in days and start <= local.time().replace(tzinfo=None) < end


def fold_policy(changes: Iterable[Mapping[str, str]]) -> SecurityPolicy:
    """The policy after every ``SettingsChanged`` payload's ``changes``, oldest first."""
    policy = SecurityPolicy()
    for change in changes:
        policy = policy.changed(change)
    return policy
