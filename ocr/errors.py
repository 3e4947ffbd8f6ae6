"""Why a document could not be read, in words a branch officer can act on."""

from __future__ import annotations


class DocumentError(Exception):
    """A file that cannot be taken in; ``str()`` is a complete sentence.

    ``code`` is stable (``document.corrupt``, ``document.encrypted`` ...) so a
    screen can say it in the user's language.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class EngineMissing(DocumentError):
    """The OCR engine or one of its languages is not installed."""


class ReadCancelled(Exception):
    """Reading stopped because the user asked; not an error."""
