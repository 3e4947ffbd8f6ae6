"""The event envelope: the wire contract between workstations and the server.

Every change is an immutable event. ``hash`` is the SHA-256 of the canonical
JSON of every envelope field except ``hash`` and ``sig``; ``prev`` chains a
device's events, ``parent`` names the case head the author saw.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from app.domain import canonical, decisions, docevents, riskevents
from app.domain.applicant import FIELD_BY_NAME, PRODUCTS, Group, clean_patch
from app.domain.roles import Role
from app.errors import InvalidInput

_HASH = re.compile(r"[0-9a-f]{64}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
USERNAME = re.compile(r"[a-z][a-z0-9_.-]{1,31}")


class EventError(ValueError):
    """An event that does not satisfy the contract (bad schema, bad hash)."""


class EventType(StrEnum):
    PROFILE_CREATED = "ProfileCreated"
    USER_ADDED = "UserAdded"
    CASE_OPENED = "CaseOpened"
    APPLICANT_UPDATED = "ApplicantUpdated"
    LOAN_REQUEST_UPDATED = "LoanRequestUpdated"
    COMMENT_ADDED = "CommentAdded"
    DOCUMENT_ATTACHED = "DocumentAttached"
    FIELDS_EXTRACTED = "FieldsExtracted"
    FIELDS_CONFIRMED = "FieldsConfirmed"
    DOCUMENT_REMOVED = "DocumentRemoved"
    RISK_ASSESSED = "RiskAssessed"
    GRADE_OVERRIDDEN = "GradeOverridden"
    CASE_SUBMITTED = "CaseSubmitted"
    REVIEW_STARTED = "ReviewStarted"
    DECISION_SIGNED = "DecisionSigned"
    CASE_ACCEPTED = "CaseAccepted"
    CASE_WITHDRAWN = "CaseWithdrawn"
    APPLICANT_FEEDBACK = "ApplicantFeedback"
    CONFLICT_RESOLVED = "ConflictResolved"
    # people and their keys
    USER_UPDATED = "UserUpdated"
    PASSWORD_SET = "PasswordSet"
    ACCOUNT_LOCKED = "AccountLocked"
    ACCOUNT_UNLOCKED = "AccountUnlocked"
    # the security record: who signed in, saw, printed or copied what
    SIGNED_IN = "SignedIn"
    SIGN_IN_FAILED = "SignInFailed"
    SIGNED_OUT = "SignedOut"
    SESSION_LOCKED = "SessionLocked"
    SESSION_UNLOCKED = "SessionUnlocked"
    FIELD_REVEALED = "FieldRevealed"
    EXPORTED = "Exported"
    PRINTED = "Printed"
    BACKUP_MADE = "BackupMade"
    RESTORED = "Restored"
    SETTINGS_CHANGED = "SettingsChanged"
    PROFILE_REKEYED = "ProfileRekeyed"
    # risk models
    MODEL_INSTALLED = "ModelInstalled"


class _Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


class ProfileCreated(_Payload):
    profile_id: str
    name: str = Field(min_length=1, max_length=100)


#: the name of an approval tier, as ``resources/authority.json`` spells them
TIER = r"^[a-z][a-z0-9_]{1,31}$"


class ApprovalLimit(_Payload):
    """The most a supervisor may approve alone for one product (used by decisions)."""

    product: str = Field(pattern=r"^[a-z][a-z0-9_]{1,31}$")
    max_amount: Decimal = Field(ge=0, max_digits=15, decimal_places=2)
    currency: str = Field(default="CNY", pattern=r"^[A-Z]{3}$")
    worst_grade: str = Field(default="C", pattern=r"^[A-E]$")

    @field_validator("product")
    @classmethod
    def _known_product(cls, value: str) -> str:
        if value not in PRODUCTS:
            raise ValueError(f"not a product: one of {', '.join(PRODUCTS)}")
        return value


def _distinct_limits(value: list[ApprovalLimit]) -> list[ApprovalLimit]:
    products = [limit.product for limit in value]
    if len(set(products)) != len(products):
        raise ValueError("one limit per product")
    return sorted(value, key=lambda limit: limit.product)


class UserAdded(_Payload):
    user_id: str
    username: str
    display_name: str = Field(min_length=1, max_length=100)
    roles: list[Role] = Field(min_length=1)
    limits: list[ApprovalLimit] = Field(default_factory=list, max_length=50)
    #: the approval tier they sign as (``resources/authority.json``); None: the lowest
    tier: str | None = Field(default=None, pattern=TIER)

    _limits = field_validator("limits")(_distinct_limits)

    @model_validator(mode="before")
    @classmethod
    def _one_role_of_old(cls, data: Any) -> Any:
        # Profiles made before users could hold several roles wrote "role"; their
        # one admin also did the officer's work, as the first user does now.
        if isinstance(data, dict) and "role" in data and "roles" not in data:
            old = data["role"]
            data = {**data, "roles": [old, "officer"] if old == "admin" else [old]}
            del data["role"]
        return data

    @field_validator("roles")
    @classmethod
    def _distinct_roles(cls, value: list[Role]) -> list[Role]:
        return sorted(set(value))

    @field_validator("username")
    @classmethod
    def _username(cls, value: str) -> str:
        if not USERNAME.fullmatch(value):
            raise ValueError("2-32 characters: lower-case letters, digits, . _ -")
        return value


class UserUpdated(_Payload):
    """An admin changed a user: only the fields given change."""

    user_id: str
    display_name: str | None = Field(default=None, min_length=1, max_length=100)
    roles: list[Role] | None = Field(default=None, min_length=1)
    limits: list[ApprovalLimit] | None = Field(default=None, max_length=50)
    tier: str | None = Field(default=None, pattern=TIER)
    active: bool | None = None

    @field_validator("roles")
    @classmethod
    def _distinct_roles(cls, value: list[Role] | None) -> list[Role] | None:
        return None if value is None else sorted(set(value))

    @field_validator("limits")
    @classmethod
    def _limits(cls, value: list[ApprovalLimit] | None) -> list[ApprovalLimit] | None:
        return None if value is None else _distinct_limits(value)


class PasswordSet(_Payload):
    """A password was set (by its user, or reset by an admin) with a new signing key.

    The public key is here so anyone can check the user's signatures later;
    the password hash and the wrapped private key stay in the local
    credentials table and never enter the log.
    """

    user_id: str
    public_key: str = Field(pattern=r"^[0-9a-f]{64}$")
    by_admin: bool = False


class UserRef(_Payload):
    user_id: str


class AccountLocked(_Payload):
    user_id: str
    until: str
    failures: int = Field(ge=1)


class SignInFailed(_Payload):
    username: str = Field(max_length=64)
    reason: Literal["password", "unknown_user", "locked", "disabled"]


class SessionLocked(_Payload):
    user_id: str
    reason: Literal["idle", "manual"]


class FieldRevealed(_Payload):
    """Someone chose to see one masked number of one case."""

    case_id: str
    field: str = Field(max_length=40)


class Exported(_Payload):
    what: str = Field(max_length=60)
    count: int = Field(ge=0)


class Printed(_Payload):
    what: str = Field(max_length=60)
    case_id: str | None = None


class BackupMade(_Payload):
    file_name: str = Field(max_length=255)
    automatic: bool
    events: int = Field(ge=0)
    chain_head: str


class Restored(_Payload):
    file_name: str = Field(max_length=255)
    events: int = Field(ge=0)
    chain_head: str


class SettingsChanged(_Payload):
    changes: dict[str, str]


class ProfileRekeyed(_Payload):
    pass


class ModelInstalled(_Payload):
    """A signed risk model put in use on this workstation (champion or challenger)."""

    model_id: str = Field(min_length=1, max_length=80)
    version: str = Field(min_length=1, max_length=40)
    kind: str = Field(min_length=1, max_length=20)
    role: Literal["champion", "challenger"]
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")


class CaseOpened(_Payload):
    case_no: str = Field(pattern=r"^[A-Z0-9-]{4,32}$")


class _FieldsPatch(_Payload):
    group: ClassVar[Group | None]
    fields: dict[str, Any]
    #: the branch server's cursor the author had pulled up to: with the
    #: author's workstation's own earlier events, what the edit had seen
    #: (``app.domain.conflicts``); left out before the first pull
    seen: int | None = Field(
        default=None, ge=0, le=2**62, strict=True, exclude_if=lambda value: value is None
    )

    @field_validator("fields")
    @classmethod
    def _known_and_valid(cls, value: dict[str, Any]) -> dict[str, Any]:
        if not value:
            raise ValueError("a patch changes at least one field")
        for name in value:
            spec = FIELD_BY_NAME.get(name)
            if spec is None or (cls.group is not None and spec.group is not cls.group):
                what = "a case" if cls.group is None else f"a {cls.group.value}"
                raise ValueError(f"{name[:40]!r} is not {what} field")
        try:
            # Structural check only: the cross-field rules ran when it was made.
            clean_patch(value, current={}, today=date.max)
        except InvalidInput as exc:
            raise ValueError(str(exc)) from None
        return value


class ApplicantUpdated(_FieldsPatch):
    group = Group.APPLICANT


class LoanRequestUpdated(_FieldsPatch):
    group = Group.LOAN


class ConflictResolved(_FieldsPatch):
    """A person chose the value of fields that concurrent edits set differently."""

    group = None


class CommentAdded(_Payload):
    text: str = Field(min_length=1, max_length=2000)
    #: the user ids the text mentions as @username; left out when none, so a
    #: comment without mentions reads as it did before mentions existed
    mentions: list[str] = Field(
        default_factory=list, max_length=20, exclude_if=lambda value: not value
    )

    @field_validator("mentions")
    @classmethod
    def _distinct_mentions(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("each user is mentioned once")
        if not all(_UUID.fullmatch(user_id) for user_id in value):
            raise ValueError("mentions are user ids")
        return value


FeedbackStage = Literal["application", "decision", "disbursement"]
FEEDBACK_STAGES: tuple[FeedbackStage, ...] = ("application", "decision", "disbursement")


class ApplicantFeedback(_Payload):
    """What the applicant said of one stage of the process, as the officer recorded it."""

    stage: FeedbackStage
    rating: int = Field(ge=1, le=5, strict=True)
    text: str = Field(default="", max_length=1000)


PAYLOADS: dict[EventType, type[BaseModel]] = {
    EventType.DOCUMENT_ATTACHED: docevents.DocumentAttached,
    EventType.FIELDS_EXTRACTED: docevents.FieldsExtracted,
    EventType.FIELDS_CONFIRMED: docevents.FieldsConfirmed,
    EventType.DOCUMENT_REMOVED: docevents.DocumentRemoved,
    EventType.RISK_ASSESSED: riskevents.RiskAssessed,
    EventType.GRADE_OVERRIDDEN: riskevents.GradeOverridden,
    EventType.CASE_SUBMITTED: decisions.CaseSubmitted,
    EventType.REVIEW_STARTED: decisions.ReviewStarted,
    EventType.DECISION_SIGNED: decisions.DecisionSigned,
    EventType.CASE_ACCEPTED: decisions.CaseAccepted,
    EventType.CASE_WITHDRAWN: decisions.CaseWithdrawn,
    EventType.PROFILE_CREATED: ProfileCreated,
    EventType.USER_ADDED: UserAdded,
    EventType.CASE_OPENED: CaseOpened,
    EventType.APPLICANT_UPDATED: ApplicantUpdated,
    EventType.LOAN_REQUEST_UPDATED: LoanRequestUpdated,
    EventType.COMMENT_ADDED: CommentAdded,
    EventType.CONFLICT_RESOLVED: ConflictResolved,
    EventType.APPLICANT_FEEDBACK: ApplicantFeedback,
    EventType.USER_UPDATED: UserUpdated,
    EventType.PASSWORD_SET: PasswordSet,
    EventType.ACCOUNT_LOCKED: AccountLocked,
    EventType.ACCOUNT_UNLOCKED: UserRef,
    EventType.SIGNED_IN: UserRef,
    EventType.SIGN_IN_FAILED: SignInFailed,
    EventType.SIGNED_OUT: UserRef,
    EventType.SESSION_LOCKED: SessionLocked,
    EventType.SESSION_UNLOCKED: UserRef,
    EventType.FIELD_REVEALED: FieldRevealed,
    EventType.EXPORTED: Exported,
    EventType.PRINTED: Printed,
    EventType.BACKUP_MADE: BackupMade,
    EventType.RESTORED: Restored,
    EventType.SETTINGS_CHANGED: SettingsChanged,
    EventType.PROFILE_REKEYED: ProfileRekeyed,
    EventType.MODEL_INSTALLED: ModelInstalled,
}
CASE_EVENTS = frozenset(
    {
        EventType.CASE_OPENED,
        EventType.APPLICANT_UPDATED,
        EventType.LOAN_REQUEST_UPDATED,
        EventType.COMMENT_ADDED,
        EventType.DOCUMENT_ATTACHED,
        EventType.FIELDS_EXTRACTED,
        EventType.FIELDS_CONFIRMED,
        EventType.DOCUMENT_REMOVED,
        EventType.RISK_ASSESSED,
        EventType.GRADE_OVERRIDDEN,
        EventType.CASE_SUBMITTED,
        EventType.REVIEW_STARTED,
        EventType.DECISION_SIGNED,
        EventType.CASE_ACCEPTED,
        EventType.CASE_WITHDRAWN,
        EventType.APPLICANT_FEEDBACK,
        EventType.CONFLICT_RESOLVED,
    }
)
#: The events whose authors have changed a case: none of them may decide it.
EDITOR_EVENTS = frozenset(
    {
        EventType.APPLICANT_UPDATED,
        EventType.LOAN_REQUEST_UPDATED,
        EventType.FIELDS_CONFIRMED,
        EventType.CONFLICT_RESOLVED,
    }
)
#: The events that set a case's fields (and may compete with each other).
EDIT_EVENTS = frozenset(
    {EventType.APPLICANT_UPDATED, EventType.LOAN_REQUEST_UPDATED, EventType.CONFLICT_RESOLVED}
)
#: What the audit viewer lists: everything that is not a change to a case.
SECURITY_EVENTS = frozenset(EventType) - CASE_EVENTS
#: The events that change who may do what.
USER_EVENTS = frozenset({EventType.USER_ADDED, EventType.USER_UPDATED, EventType.PASSWORD_SET})


def validate_payload(event_type: EventType, payload: dict[str, Any]) -> dict[str, Any]:
    """The payload in its canonical form, or ``EventError`` saying what is wrong."""
    try:
        model = PAYLOADS[event_type].model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "payload"
        raise EventError(f"{event_type.value}: {where}: {first['msg']}") from None
    dumped: dict[str, Any] = model.model_dump(mode="json")
    return dumped


def next_chain(previous: str | None, event_hash: str) -> str:
    """The branch server's chain value after the event whose hash is ``event_hash``.

    Each value is the SHA-256 of the one before (none for the first event) and
    the event's hash: a pulled page that was changed, reordered or cut shows.
    """
    before = b"" if previous is None else bytes.fromhex(previous)
    return hashlib.sha256(before + bytes.fromhex(event_hash)).hexdigest()


def format_time(moment: datetime) -> str:
    """Device time as ISO 8601 UTC with milliseconds: informative, never for order."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_time(text: str) -> datetime:
    """An event's time (``format_time``) as an aware UTC datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


class Event(BaseModel):
    """One immutable, hashed event."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    id: str
    case_id: str | None
    type: EventType
    payload: dict[str, Any]
    actor: str
    device: str
    device_seq: int = Field(ge=1)
    at: str
    parent: str | None
    prev: str | None
    hash: str
    sig: str | None = None

    @field_validator("id", "device", "actor")
    @classmethod
    def _uuid(cls, value: str) -> str:
        if not _UUID.fullmatch(value):
            raise ValueError("must be a lower-case UUIDv7")
        return value

    @field_validator("case_id")
    @classmethod
    def _case_uuid(cls, value: str | None) -> str | None:
        return None if value is None else cls._uuid(value)

    @field_validator("parent", "prev")
    @classmethod
    def _hash_ref(cls, value: str | None) -> str | None:
        if value is not None and not _HASH.fullmatch(value):
            raise ValueError("must be a SHA-256 hex digest")
        return value

    @classmethod
    def create(cls, **fields: Any) -> Self:
        """Build an event from its fields (no ``hash``), validating and hashing it."""
        fields["payload"] = validate_payload(EventType(fields["type"]), fields["payload"])
        body = {**fields, "type": EventType(fields["type"]).value}
        return cls.model_validate({**body, "hash": canonical.sha256_hex(canonical.encode(body))})

    def hashed_body(self) -> dict[str, Any]:
        body = self.model_dump(mode="json", exclude={"hash", "sig"})
        return body

    def compute_hash(self) -> str:
        return canonical.sha256_hex(canonical.encode(self.hashed_body()))

    def to_bytes(self) -> bytes:
        """The canonical bytes of the whole event, as stored and sent."""
        return canonical.encode(self.model_dump(mode="json", exclude_none=False))

    @classmethod
    def from_bytes(cls, data: bytes) -> Self:
        """Parse stored or received bytes; refuse anything whose hash is wrong."""
        try:
            raw = canonical.decode(data)
        except RecursionError:
            raise EventError("malformed event: nested too deeply") from None
        except ValueError as exc:
            raise EventError(f"malformed event: {str(exc)[:200]}") from None
        if not isinstance(raw, dict):
            raise EventError("an event is a JSON object")
        try:
            event = cls.model_validate(raw)
            validate_payload(event.type, event.payload)
            computed, again = event.compute_hash(), event.to_bytes()
        except EventError:
            raise
        except RecursionError:
            raise EventError("malformed event: nested too deeply") from None
        except ValueError as exc:
            # CanonicalError, pydantic's ValidationError and Python's own limits
            # (a number of thousands of digits, a lone surrogate) are all ValueErrors.
            raise EventError(f"malformed event: {str(exc)[:200]}") from None
        if computed != event.hash:
            raise EventError(f"event {event.id}: the hash does not match its content")
        # Other bytes that parse to the same event would pass unnoticed under its hash.
        if again != data:
            raise EventError(f"event {event.id}: the bytes are not in canonical form")
        return event
