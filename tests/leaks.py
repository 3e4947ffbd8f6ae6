"""After the whole suite: no password, key or whole personal number in a log or temp file.

Every test runs with its own TMPDIR and profile under pytest's base temp
folder, so the logs LoanDesk wrote and any temp file it left are all there.
The scan looks for the secrets the tests used (passwords, profile keys, in
text and in raw bytes) and for anything shaped like a valid resident ID
number or a mobile number, which must only ever appear masked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from app.domain.validation import id_check_char

_ID = re.compile(
    rb"(?<![0-9])([1-8]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})([0-9X])(?![0-9])"
)
#: a mobile number standing alone, as a person would write it; eleven digits inside
#: a longer token (the random tail of a UUID: "…-b14811038489") are not one
_PHONE = re.compile(rb"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")
#: Files LoanDesk writes that the scan reads: logs, and anything in a temp folder.
_SCANNED_DIRS = {"logs", "tmp", ".cache"}


@dataclass(frozen=True)
class Leak:
    path: Path
    what: str


def scanned_files(base: Path) -> Iterator[Path]:
    for path in base.rglob("*"):
        if (
            path.is_file()
            and not path.is_symlink()
            and _SCANNED_DIRS & set(path.relative_to(base).parts)
        ):
            yield path


def leaks_in(data: bytes, secrets: Iterable[str]) -> list[str]:
    found: list[str] = []
    for secret in secrets:
        if secret.encode() in data:
            found.append(f"secret {secret[:3]}…")
        if len(secret) == 64 and all(c in "0123456789abcdef" for c in secret):
            if bytes.fromhex(secret) in data:
                found.append(f"raw key {secret[:3]}…")
    for match in _ID.finditer(data):
        body, check = match.group(1).decode(), match.group(2).decode()
        if id_check_char(body) == check:
            found.append(f"ID number {body[:4]}…")
    if _PHONE.search(data):
        found.append("mobile number")
    return found


def scan(base: Path, secrets: Iterable[str]) -> list[Leak]:
    wanted = list(secrets)
    leaks: list[Leak] = []
    for path in scanned_files(base):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        leaks.extend(Leak(path, what) for what in leaks_in(data, wanted))
    return leaks
