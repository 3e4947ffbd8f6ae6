"""Child process of the crash test: writes cases until it is killed.

Run as ``python -m tests.store.crash_writer PROFILE RUN``. It prints ``ready``
once the profile is open, one ``.`` as each SQL statement starts and ``!`` as
each COMMIT starts (so the parent can kill it at a chosen statement), and
``committed <case_no> <case_id> <run> <index>`` after each ``open_case``
returns. Every write is flushed at once.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import event

from app.security.keys import KeySource
from app.services.accounts import AccountService
from app.services.cases import CaseService
from app.services.profile import Profile
from tests.domain.samples import applicant


def case_fields(run: int, index: int) -> dict[str, Any]:
    """The fields of case ``index`` of ``run``: the parent recomputes them to compare."""
    birth = date(1950 + run % 50, 1 + index % 12, 1 + index % 28)
    return applicant(
        name=f"试验{run}号 Crash Run {run} Case {index}",
        birth=birth,
        seq=index % 1000,
        income=f"{1000 + index}.{run % 100:02d}",
        amount=str(5000 + 250 * index),
    )


def _say(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def main(argv: list[str]) -> None:
    path, run = Path(argv[1]), int(argv[2])
    profile = Profile.open(path, KeySource.from_environment())
    AccountService(profile).sign_in("admin", os.environ["LOANDESK_PASSWORD"])
    event.listen(profile.store.engine, "before_cursor_execute", lambda *_: _say("."))
    event.listen(profile.store.engine, "commit", lambda *_: _say("!"))
    service = CaseService(profile)
    _say("ready\n")
    index = 0
    while True:
        case_id = service.open_case(case_fields(run, index)).case_id
        case_no = service.get(case_id).case_no
        _say(f"committed {case_no} {case_id} {run} {index}\n")
        index += 1


if __name__ == "__main__":
    main(sys.argv)
