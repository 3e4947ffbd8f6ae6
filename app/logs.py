"""The application log: one structured line per record, rotated, never personal data.

Code logs ids, never names or numbers. As a second line of defence a filter
masks anything shaped like a resident ID, phone, card or account number.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
from pathlib import Path

_NUMBERS = re.compile(r"(?<![0-9A-Za-z-])(\d{3})\d{5,13}(\d{2}[\dXx]?)(?![0-9A-Za-z])")


def mask_numbers(text: str) -> str:
    """Keep the first three and last few characters of long digit runs."""
    return _NUMBERS.sub(
        lambda m: (
            m.group(1) + "*" * (len(m.group(0)) - len(m.group(1)) - len(m.group(2))) + m.group(2)
        ),
        text,
    )


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "at": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "msg": mask_numbers(record.getMessage()),
        }
        if record.exc_info:
            line["exc"] = mask_numbers(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


class ProfileLog(logging.handlers.RotatingFileHandler):
    """The handler ``configure`` installs; a second call replaces it."""


def configure(log_dir: Path, *, level: int = logging.INFO) -> Path:
    """Send the root logger to ``log_dir/loandesk.log`` (5 files of 2 MB)."""
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = log_dir / "loandesk.log"
    handler = ProfileLog(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(JsonLines())
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, ProfileLog)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
    # Alembic narrates every schema check at INFO; only its problems matter here.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return path
