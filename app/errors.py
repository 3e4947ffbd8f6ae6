"""Errors split by blame: what the user can act on versus what is a bug.

Every error a user should read derives from ``UserError``; its ``str()`` is a
complete sentence fit for a dialog or the command line. Anything else that
escapes is a bug and is reported with the log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic loads with the models that need it, not with every error
    from pydantic import ValidationError


class LoanDeskError(Exception):
    """Base of every error raised on purpose by LoanDesk code."""


class UserError(LoanDeskError):
    """Something in the environment or the input that the user can fix.

    ``code`` names the situation so a screen can say it in the user's
    language; the English message stays the fallback and what the log gets.
    """

    code = "error"

    def __init__(self, message: str = "", *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class InvalidInput(UserError):
    """Input was refused; nothing was written.

    ``problems`` maps a field name to a list of ``(code, message)`` pairs so a
    screen can mark each field and translate by code.
    """

    def __init__(self, problems: dict[str, list[tuple[str, str]]]) -> None:
        self.problems = problems
        lines = [f"{field}: {msg}" for field, items in problems.items() for _, msg in items]
        super().__init__("The input was refused: " + "; ".join(lines), code="input.invalid")

    @classmethod
    def from_validation(cls, exc: ValidationError, *, code: str) -> InvalidInput:
        """Each of a pydantic model's errors under its field; ``code`` with ``{field}`` filled."""
        problems: dict[str, list[tuple[str, str]]] = {}
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "input"
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.setdefault(field, []).append((code.format(field=field), message))
        return cls(problems)


class NotFound(UserError):
    """A case, user or profile asked for does not exist."""

    code = "not_found"


class StaleCase(UserError):
    """The case changed since the caller read it."""

    code = "case.stale"
