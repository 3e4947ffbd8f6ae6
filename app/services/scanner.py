"""Scanning a page with SANE's ``scanimage``, where it is installed.

The picture comes back through a pipe, so the page never sits on disk before
it is in the encrypted database.
"""

from __future__ import annotations

import shutil
import subprocess

from app.errors import UserError

#: a flatbed A4 scan at 300 dpi takes well under a minute
_TIMEOUT = 180


class ScanFailed(UserError):
    code = "scan.failed"


def scanner_available() -> bool:
    return shutil.which("scanimage") is not None


def scan_page(*, resolution: int = 300, device: str | None = None) -> bytes:
    """One page from the scanner as PNG bytes, or ScanFailed saying why."""
    command = shutil.which("scanimage")
    if command is None:
        raise ScanFailed("No scanner software (scanimage) is installed on this computer.")
    args = [command, "--format=png", f"--resolution={resolution}", "--mode=Gray"]
    if device:
        args.append(f"--device-name={device}")
    try:
        done = subprocess.run(args, capture_output=True, timeout=_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise ScanFailed(f"The scanner did not finish within {_TIMEOUT} seconds.") from None
    if done.returncode != 0 or not done.stdout:
        reason = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise ScanFailed(
            "The scanner could not scan: " + (reason[-1][:200] if reason else "no page came back.")
        )
    return done.stdout
