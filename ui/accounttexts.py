"""The roles' duties and the account refusals in words, as every admin screen shows them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.domain.roles import Role
from app.errors import InvalidInput, UserError
from app.security.passwords import WeakPassword
from ui import messages

# Refusals that are about the password just typed into a prompt, not about the change.
PASSWORD_CODES = frozenset(
    {"signin.refused", "signin.locked", "signin.disabled", "signin.no_password"}
)


def role_duty(role: Role) -> str:
    duties = {
        Role.OFFICER: QCoreApplication.translate(
            "Roles", "opens cases, scans documents and submits them"
        ),
        Role.SUPERVISOR: QCoreApplication.translate(
            "Roles", "reviews cases and decides them within their approval limits"
        ),
        Role.RISK_ANALYST: QCoreApplication.translate(
            "Roles", "trains, checks and publishes the risk models"
        ),
        Role.AUDITOR: QCoreApplication.translate(
            "Roles", "reads cases and the audit log; changes nothing"
        ),
        Role.ADMIN: QCoreApplication.translate(
            "Roles", "manages users, backups and settings; works on no case"
        ),
    }
    return duties[role]


def weak_password_text(reason: str, fallback: str = "") -> str:
    texts = {
        "too_short": QCoreApplication.translate(
            "Passwords", "Too short: a password needs at least 8 characters."
        ),
        "common": QCoreApplication.translate(
            "Passwords", "This password is on the list of commonly used passwords; choose another."
        ),
        "contains_name": QCoreApplication.translate(
            "Passwords", "The password contains the user's name; choose one without it."
        ),
        "too_long": QCoreApplication.translate(
            "Passwords", "Too long: a password may have at most 1024 characters."
        ),
    }
    return texts.get(reason, fallback)


def error_text(exc: UserError) -> str:
    """An account refusal in the user's language; the core's English where none is written."""
    if isinstance(exc, WeakPassword):
        return weak_password_text(exc.reason, str(exc))
    if exc.code == "signin.refused":
        return messages.password_refusal(exc)
    if exc.code == "signin.locked":
        until = str(getattr(exc, "until", ""))
        return QCoreApplication.translate(
            "Accounts",
            "The account is locked after too many failed attempts until {0} (UTC). "
            "An administrator can unlock it sooner.",
        ).format(until.replace("T", " ")[:16])
    known = {
        "signin.disabled": QCoreApplication.translate(
            "Accounts", "This account is switched off. Ask an administrator."
        ),
        "signin.no_password": QCoreApplication.translate(
            "Accounts", "This account has no password yet; an administrator must set one."
        ),
        "session.locked": QCoreApplication.translate(
            "Accounts", "The screen is locked; enter your password to go on."
        ),
        "session.none": QCoreApplication.translate("Accounts", "Sign in first."),
        "permission.denied": QCoreApplication.translate(
            "Accounts", "Your roles do not allow this."
        ),
        "not_found": QCoreApplication.translate(
            "Accounts", "That user no longer exists; the list is reloaded."
        ),
    }
    return known.get(exc.code, messages.user_message(exc))


def problem_text(code: str, message: str) -> str:
    """One ``InvalidInput`` problem of an account or policy change, in words."""
    known = {
        "user.username": QCoreApplication.translate(
            "Accounts",
            "2 to 32 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter.",
        ),
        "user.display_name": QCoreApplication.translate("Accounts", "1 to 100 characters."),
        "user.roles": QCoreApplication.translate("Accounts", "Choose at least one role."),
        "user.last_admin": QCoreApplication.translate(
            "Accounts", "The profile needs at least one active administrator."
        ),
        "user.no_change": QCoreApplication.translate("Accounts", "Nothing was changed."),
        "password.same": QCoreApplication.translate(
            "Accounts", "The new password is the old one; choose a new one."
        ),
    }
    if code == "user.taken":
        name = message.rsplit("'", 2)[-2] if message.count("'") >= 2 else ""
        return QCoreApplication.translate("Accounts", "There is already a user '{0}'.").format(name)
    return known.get(code, message)


def first_problems(exc: InvalidInput) -> dict[str, str]:
    """Each refused field's first problem, in words."""
    return {field: problem_text(*items[0]) for field, items in exc.problems.items() if items}
