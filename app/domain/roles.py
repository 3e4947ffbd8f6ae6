"""Roles and what each may do: the one permission table, shared with the server.

Services call ``require`` before they write anything; the server applies the
same table to every event it receives. A user holding several roles may do
what any of them allows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType

from app.errors import UserError

__all__ = [
    "DESCRIPTIONS",
    "PERMISSIONS",
    "READ_ONLY",
    "SENSITIVE",
    "Action",
    "PermissionDenied",
    "Role",
    "allowed",
    "is_read_only",
    "require",
]


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    RISK_ANALYST = "risk_analyst"
    AUDITOR = "auditor"
    ADMIN = "admin"


class Action(StrEnum):
    """What a user can ask for, as ``object.verb``."""

    CASE_VIEW = "case.view"
    CASE_CREATE = "case.create"
    CASE_EDIT = "case.edit"
    CASE_COMMENT = "case.comment"
    CASE_SUBMIT = "case.submit"
    CASE_WITHDRAW = "case.withdraw"
    CASE_ACCEPT = "case.accept"
    CASE_RESOLVE_CONFLICT = "case.resolve_conflict"
    CASE_REVIEW = "case.review"
    CASE_APPROVE = "case.approve"
    CASE_DECLINE = "case.decline"
    CASE_RETURN = "case.return"
    CASE_PRINT = "case.print"
    FIELD_REVEAL = "field.reveal"
    DOCUMENT_ATTACH = "document.attach"
    DOCUMENT_CONFIRM_FIELDS = "document.confirm_fields"
    RISK_SCORE = "risk.score"
    RISK_OVERRIDE = "risk.override"
    MODEL_VIEW = "model.view"
    MODEL_TRAIN = "model.train"
    MODEL_PUBLISH = "model.publish"
    MODEL_IMPORT = "model.import"
    REPORT_VIEW = "report.view"
    REPORT_EXPORT = "report.export"
    AUDIT_VIEW = "audit.view"
    AUDIT_VERIFY = "audit.verify"
    ALERTS_VIEW = "alerts.view"
    USER_MANAGE = "user.manage"
    USER_UNLOCK = "user.unlock"
    DEVICE_MANAGE = "device.manage"
    BACKUP_RUN = "backup.run"
    BACKUP_RESTORE = "backup.restore"
    SETTINGS_CHANGE = "settings.change"
    PROFILE_REKEY = "profile.rekey"


X, o = True, False
_Row = tuple[bool, bool, bool, bool, bool]

# Separation of duties: who builds a case never decides it, who decides never
# edits it, and the admin who runs the system touches no case. The auditor
# reads everything and may reveal a masked number (re-authenticated and
# logged) to check it against the document, but changes nothing.
# Signing in, locking the screen and changing one's own password are open to
# every signed-in user and are not listed here.
# fmt: off
_MATRIX: dict[Action, _Row] = {
    #                                officer supervisor risk_analyst auditor admin
    Action.CASE_VIEW:               (X,      X,         X,           X,      o),
    Action.CASE_CREATE:             (X,      o,         o,           o,      o),
    Action.CASE_EDIT:               (X,      o,         o,           o,      o),
    Action.CASE_COMMENT:            (X,      X,         X,           o,      o),
    Action.CASE_SUBMIT:             (X,      o,         o,           o,      o),
    Action.CASE_WITHDRAW:           (X,      o,         o,           o,      o),
    Action.CASE_ACCEPT:             (X,      o,         o,           o,      o),
    Action.CASE_RESOLVE_CONFLICT:   (X,      o,         o,           o,      o),
    Action.CASE_REVIEW:             (o,      X,         o,           o,      o),
    Action.CASE_APPROVE:            (o,      X,         o,           o,      o),
    Action.CASE_DECLINE:            (o,      X,         o,           o,      o),
    Action.CASE_RETURN:             (o,      X,         o,           o,      o),
    Action.CASE_PRINT:              (X,      o,         o,           o,      o),
    Action.FIELD_REVEAL:            (X,      X,         o,           X,      o),
    Action.DOCUMENT_ATTACH:         (X,      o,         o,           o,      o),
    Action.DOCUMENT_CONFIRM_FIELDS: (X,      o,         o,           o,      o),
    Action.RISK_SCORE:              (X,      o,         o,           o,      o),
    Action.RISK_OVERRIDE:           (o,      X,         o,           o,      o),
    Action.MODEL_VIEW:              (o,      o,         X,           X,      o),
    Action.MODEL_TRAIN:             (o,      o,         X,           o,      o),
    Action.MODEL_PUBLISH:           (o,      o,         X,           o,      o),
    Action.MODEL_IMPORT:            (o,      o,         X,           o,      o),
    Action.REPORT_VIEW:             (o,      X,         X,           X,      o),
    Action.REPORT_EXPORT:           (o,      X,         X,           X,      o),
    Action.AUDIT_VIEW:              (o,      o,         o,           X,      X),
    Action.AUDIT_VERIFY:            (o,      o,         o,           X,      X),
    Action.ALERTS_VIEW:             (o,      X,         o,           X,      X),
    Action.USER_MANAGE:             (o,      o,         o,           o,      X),
    Action.USER_UNLOCK:             (o,      o,         o,           o,      X),
    Action.DEVICE_MANAGE:           (o,      o,         o,           o,      X),
    Action.BACKUP_RUN:              (o,      o,         o,           o,      X),
    Action.BACKUP_RESTORE:          (o,      o,         o,           o,      X),
    Action.SETTINGS_CHANGE:         (o,      o,         o,           o,      X),
    Action.PROFILE_REKEY:           (o,      o,         o,           o,      X),
}
# fmt: on
del X, o

PERMISSIONS: Mapping[Role, frozenset[Action]] = MappingProxyType(
    {
        role: frozenset(action for action, row in _MATRIX.items() if row[column])
        for column, role in enumerate(Role)
    }
)

# Re-authentication first (issue 3): sign-off, reveal, export, print, backup,
# user changes; and the changes as dangerous as a user change: keys, devices,
# settings (the authority matrix among them) and the signed model release.
SENSITIVE: frozenset[Action] = frozenset(
    {
        Action.CASE_APPROVE,
        Action.CASE_DECLINE,
        Action.FIELD_REVEAL,
        Action.REPORT_EXPORT,
        Action.CASE_PRINT,
        Action.BACKUP_RUN,
        Action.BACKUP_RESTORE,
        Action.USER_MANAGE,
        Action.USER_UNLOCK,
        Action.DEVICE_MANAGE,
        Action.SETTINGS_CHANGE,
        Action.PROFILE_REKEY,
        Action.MODEL_PUBLISH,
    }
)

# Leaves every case, user, model and setting as it was. It may still append an
# audit event saying it happened (a reveal, an export, a print).
READ_ONLY: frozenset[Action] = frozenset(
    {
        Action.CASE_VIEW,
        Action.CASE_PRINT,
        Action.FIELD_REVEAL,
        Action.MODEL_VIEW,
        Action.REPORT_VIEW,
        Action.REPORT_EXPORT,
        Action.AUDIT_VIEW,
        Action.AUDIT_VERIFY,
        Action.ALERTS_VIEW,
    }
)

# Completes "Your role (officer) does not allow ...".
DESCRIPTIONS: Mapping[Action, str] = MappingProxyType(
    {
        Action.CASE_VIEW: "viewing a case",
        Action.CASE_CREATE: "opening a case",
        Action.CASE_EDIT: "editing a case",
        Action.CASE_COMMENT: "commenting on a case",
        Action.CASE_SUBMIT: "submitting a case for review",
        Action.CASE_WITHDRAW: "withdrawing a case",
        Action.CASE_ACCEPT: "recording that the applicant accepted an offer",
        Action.CASE_RESOLVE_CONFLICT: "resolving a conflict in a case",
        Action.CASE_REVIEW: "taking a case into review",
        Action.CASE_APPROVE: "approving a case",
        Action.CASE_DECLINE: "declining a case",
        Action.CASE_RETURN: "returning a case to its officer",
        Action.CASE_PRINT: "printing an offer, letter or credit memo",
        Action.FIELD_REVEAL: "revealing a masked number",
        Action.DOCUMENT_ATTACH: "attaching a document to a case",
        Action.DOCUMENT_CONFIRM_FIELDS: "confirming the fields read from a document",
        Action.RISK_SCORE: "scoring the risk of a case",
        Action.RISK_OVERRIDE: "overriding a risk grade",
        Action.MODEL_VIEW: "viewing a risk model and its drift",
        Action.MODEL_TRAIN: "training a risk model",
        Action.MODEL_PUBLISH: "publishing a risk model",
        Action.MODEL_IMPORT: "importing a risk model",
        Action.REPORT_VIEW: "viewing reports",
        Action.REPORT_EXPORT: "exporting reports",
        Action.AUDIT_VIEW: "viewing the audit log",
        Action.AUDIT_VERIFY: "verifying the audit log",
        Action.ALERTS_VIEW: "viewing alerts",
        Action.USER_MANAGE: "managing users and their roles",
        Action.USER_UNLOCK: "unlocking an account",
        Action.DEVICE_MANAGE: "enrolling or revoking a workstation",
        Action.BACKUP_RUN: "making a backup",
        Action.BACKUP_RESTORE: "restoring a backup",
        Action.SETTINGS_CHANGE: "changing settings",
        Action.PROFILE_REKEY: "changing the database key",
    }
)


def _as_roles(roles: Role | Iterable[Role]) -> tuple[Role, ...]:
    # A lone Role is a str, and iterating it would yield its letters.
    if isinstance(roles, str):
        return (Role(roles),)
    return tuple(Role(role) for role in roles)


class PermissionDenied(UserError):
    """None of the user's roles allows the action; nothing was written."""

    code = "permission.denied"

    def __init__(self, roles: Role | Iterable[Role], action: Action) -> None:
        self.roles = _as_roles(roles)
        self.action = Action(action)
        what = DESCRIPTIONS[self.action]
        names = ", ".join(role.value for role in self.roles)
        if not self.roles:
            message = f"You have no role that allows {what}."
        elif len(self.roles) == 1:
            message = f"Your role ({names}) does not allow {what}."
        else:
            message = f"Your roles ({names}) do not allow {what}."
        super().__init__(message)


def allowed(roles: Role | Iterable[Role], action: Action) -> bool:
    """Whether any of ``roles`` may take ``action``."""
    return any(action in PERMISSIONS[role] for role in _as_roles(roles))


def require(roles: Role | Iterable[Role], action: Action) -> None:
    """Return if any of ``roles`` may take ``action``; raise ``PermissionDenied`` if not."""
    held = _as_roles(roles)  # an iterator would be spent by the first look
    if not allowed(held, action):
        raise PermissionDenied(held, action)


def is_read_only(action: Action) -> bool:
    """Whether ``action`` leaves every record as it was (it may still be audited)."""
    return action in READ_ONLY
