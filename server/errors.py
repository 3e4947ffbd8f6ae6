"""The server's errors, split by blame as in the workstation's ``app.errors``.

Every ``ServerError`` carries a sentence for the person who caused it: the
administrator at the command line, or the workstation that sent a request.
"""

from __future__ import annotations


class ServerError(Exception):
    """Base of every error the server raises on purpose; ``str()`` is a sentence."""


class SettingsError(ServerError):
    """The settings cannot be served safely (placeholder secret, plain HTTP off loopback)."""


class DatabaseError(ServerError):
    """The database is unreachable or its schema is not the one this server needs."""


class Refused(ServerError):
    """A request that is well-formed but cannot be done; nothing was written."""


class InvalidRequest(Refused):
    """A request whose content is wrong in itself (a name with control characters ...)."""


class NotHeld(Refused):
    """Something the server does not hold (yet): a blob no desk has sent."""


class CodeRefused(Refused):
    """An enrolment code that is unknown, used or expired."""


class BatchRefused(Refused):
    """One event of a pushed batch was refused, so none of the batch was stored.

    ``conflict`` tells a clash with what the server already holds (a gap, a
    broken ``prev``, an id reused for other content) from an event that is
    wrong in itself (bad schema or hash, another device's event).
    """

    def __init__(self, index: int, reason: str, *, conflict: bool = False) -> None:
        super().__init__(f"Event {index} of the batch was refused: {reason}. Nothing was stored.")
        self.index = index
        self.conflict = conflict


class Unauthorized(ServerError):
    """The request's device token is missing, unknown or revoked."""
