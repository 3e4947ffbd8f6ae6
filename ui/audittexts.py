"""What happened, in the UI language: each audit event worded from its details.

The service's description is English for the CLI; the audit log shows these
words instead. Anything that cannot be worded shows that English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.domain.events import EventType
from app.domain.roles import Role
from app.services.audit import AuditEntry
from ui import texts
from ui.policyform import GROUPS, day_names, setting_label, suffix

_Details = Mapping[str, Any]
_SIGN_IN_REJECT = "(not a user name)"  # what the service records for a malformed name
_SETTINGS = frozenset(name for names in GROUPS.values() for name in names)


def _who(details: _Details) -> str:
    name = details.get("user_name")
    if name:
        return str(name)
    return QCoreApplication.translate("AuditView", "an unknown user ({0}…)").format(
        str(details["user_id"])[:8]
    )


def _reason(reason: str) -> str:
    reasons = {
        "password": QCoreApplication.translate("AuditView", "wrong password"),
        "unknown_user": QCoreApplication.translate("AuditView", "no such user"),
        "locked": QCoreApplication.translate("AuditView", "the account was locked"),
        "disabled": QCoreApplication.translate("AuditView", "the account is switched off"),
    }
    return reasons.get(reason, reason)


def _roles(roles: Iterable[str]) -> str:
    return texts.roles_text(Role(role) for role in roles)


def _user_added(entry: AuditEntry) -> str:
    d = entry.details
    roles = d.get("roles") or [d["role"]]
    return QCoreApplication.translate("AuditView", "Added the user {0} ({1}) as {2}.").format(
        d["username"], d["display_name"], _roles(roles)
    )


def _user_updated(entry: AuditEntry) -> str:
    d, changes = entry.details, []
    if d.get("display_name") is not None:
        changes.append(
            QCoreApplication.translate("AuditView", "new display name {0}").format(
                d["display_name"]
            )
        )
    if d.get("roles") is not None:
        changes.append(
            QCoreApplication.translate("AuditView", "roles now {0}").format(_roles(d["roles"]))
        )
    if d.get("limits") is not None:
        changes.append(QCoreApplication.translate("AuditView", "approval limits changed"))
    if d.get("tier") is not None:
        changes.append(
            QCoreApplication.translate("AuditView", "now signs as {0}").format(
                texts.tier_label(d["tier"])
            )
        )
    if d.get("active") is not None:
        changes.append(
            QCoreApplication.translate("AuditView", "switched on")
            if d["active"]
            else QCoreApplication.translate("AuditView", "switched off")
        )
    return QCoreApplication.translate("AuditView", "Changed the user {0}: {1}.").format(
        _who(d), QCoreApplication.translate("AuditView", "; ").join(changes)
    )


def _password_set(entry: AuditEntry) -> str:
    d = entry.details
    if d.get("by_admin"):
        return QCoreApplication.translate(
            "AuditView", "Gave {0} a password to change at the next sign-in."
        ).format(_who(d))
    if d["user_id"] == entry.user_id:
        return QCoreApplication.translate("AuditView", "Changed their own password.")
    return QCoreApplication.translate("AuditView", "Set a new password for {0}.").format(_who(d))


def _account_locked(entry: AuditEntry) -> str:
    d = entry.details
    return QCoreApplication.translate(
        "AuditView", "The account of {0} locked after {1} failed attempts, until {2}."
    ).format(_who(d), int(d["failures"]), texts.format_time(str(d["until"])))


def _sign_in_failed(entry: AuditEntry) -> str:
    d = entry.details
    username = str(d["username"])
    if username == _SIGN_IN_REJECT:
        username = QCoreApplication.translate("AuditView", "(not a user name)")
    return QCoreApplication.translate("AuditView", "Failed to sign in as '{0}': {1}.").format(
        username, _reason(str(d["reason"]))
    )


def _session_locked(entry: AuditEntry) -> str:
    if entry.details["reason"] == "idle":
        return QCoreApplication.translate("AuditView", "The screen locked after idle time.")
    return QCoreApplication.translate("AuditView", "Locked the screen.")


def _revealed(entry: AuditEntry) -> str:
    label = texts.field_label(str(entry.details["field"]))
    if not label[1:2].isupper():
        label = label[:1].lower() + label[1:]
    if entry.case_no:
        return QCoreApplication.translate("AuditView", "Revealed the {0} of case {1}.").format(
            label, entry.case_no
        )
    return QCoreApplication.translate("AuditView", "Revealed the {0}.").format(label)


def printed_what(code: str) -> str:
    """What was printed, in words: a letter of a case, or a product's sheet."""
    kinds = {
        "offer": QCoreApplication.translate("AuditView", "the offer"),
        "approval": QCoreApplication.translate("AuditView", "the approval letter"),
        "decline": QCoreApplication.translate("AuditView", "the decline notice"),
        "memo": QCoreApplication.translate("AuditView", "the credit memo"),
    }
    if code.startswith("product_sheet:"):
        return QCoreApplication.translate("AuditView", "the product sheet of {0}").format(
            texts.product_label(code.partition(":")[2])
        )
    return kinds.get(code, code)


def _printed(entry: AuditEntry) -> str:
    what = printed_what(str(entry.details["what"]))
    if entry.case_no:
        return QCoreApplication.translate("AuditView", "Printed {0} of case {1}.").format(
            what, entry.case_no
        )
    return QCoreApplication.translate("AuditView", "Printed {0}.").format(what)


def _backup(entry: AuditEntry) -> str:
    d = entry.details
    if d["automatic"]:
        text = QCoreApplication.translate("AuditView", "Automatic backup {0} ({1} events).")
    else:
        text = QCoreApplication.translate("AuditView", "Made a backup {0} ({1} events).")
    return text.format(d["file_name"], f"{int(d['events']):,}")


def _restored(entry: AuditEntry) -> str:
    d = entry.details
    return QCoreApplication.translate("AuditView", "Restored the backup {0} ({1} events).").format(
        d["file_name"], f"{int(d['events']):,}"
    )


def _setting_value(name: str, value: str) -> str:
    if value == "true":
        return QCoreApplication.translate("AuditView", "on")
    if value == "false":
        return QCoreApplication.translate("AuditView", "off")
    if value == "":
        return QCoreApplication.translate("AuditView", "(empty)")
    if name == "work_days":
        days = day_names()
        return QCoreApplication.translate("AuditView", ", ").join(
            days[int(day) - 1] for day in value.split(",")
        )
    return value + suffix(name)


def _settings(entry: AuditEntry) -> str:
    changes = []
    for name, value in sorted(entry.details["changes"].items()):
        label = setting_label(name) if name in _SETTINGS else name
        changes.append(
            QCoreApplication.translate("AuditView", "{0}: {1}").format(
                label, _setting_value(name, str(value))
            )
        )
    return QCoreApplication.translate("AuditView", "Changed settings: {0}.").format(
        QCoreApplication.translate("AuditView", "; ").join(changes)
    )


_WORDS: dict[EventType, Callable[[AuditEntry], str]] = {
    EventType.PROFILE_CREATED: lambda entry: QCoreApplication.translate(
        "AuditView", "Created the profile."
    ),
    EventType.USER_ADDED: _user_added,
    EventType.USER_UPDATED: _user_updated,
    EventType.PASSWORD_SET: _password_set,
    EventType.ACCOUNT_LOCKED: _account_locked,
    EventType.ACCOUNT_UNLOCKED: lambda entry: QCoreApplication.translate(
        "AuditView", "Unlocked the account of {0}."
    ).format(_who(entry.details)),
    EventType.SIGNED_IN: lambda entry: QCoreApplication.translate("AuditView", "Signed in."),
    EventType.SIGN_IN_FAILED: _sign_in_failed,
    EventType.SIGNED_OUT: lambda entry: QCoreApplication.translate("AuditView", "Signed out."),
    EventType.SESSION_LOCKED: _session_locked,
    EventType.SESSION_UNLOCKED: lambda entry: QCoreApplication.translate(
        "AuditView", "Unlocked the screen."
    ),
    EventType.FIELD_REVEALED: _revealed,
    EventType.EXPORTED: lambda entry: QCoreApplication.translate(
        "AuditView", "Exported {0} {1}."
    ).format(int(entry.details["count"]), entry.details["what"]),
    EventType.PRINTED: _printed,
    EventType.BACKUP_MADE: _backup,
    EventType.RESTORED: _restored,
    EventType.SETTINGS_CHANGED: _settings,
    EventType.PROFILE_REKEYED: lambda entry: QCoreApplication.translate(
        "AuditView", "Changed the database key."
    ),
    EventType.MODEL_INSTALLED: lambda entry: (
        QCoreApplication.translate("AuditView", "Put the risk model {0} in use as the champion.")
        if entry.details["role"] == "champion"
        else QCoreApplication.translate(
            "AuditView", "Put the risk model {0} in use as the challenger."
        )
    ).format(entry.details["model_id"]),
}


def what_happened(entry: AuditEntry) -> str:
    """The entry's "What happened" in the UI language; the service's English if it will not word."""
    if entry.damaged:
        return QCoreApplication.translate(
            "AuditView", "This record is damaged; verify the record to see how."
        )
    words = _WORDS.get(entry.type)
    try:
        return entry.description if words is None else words(entry)
    except (KeyError, IndexError, TypeError, ValueError):
        # An old or odd payload: the service worded it already, in English.
        return entry.description
