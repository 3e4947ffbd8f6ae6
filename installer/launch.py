"""The bundle's entry: the same ``loandesk`` command, desktop by default."""

from __future__ import annotations

import multiprocessing
import sys

from app.cli import main

if __name__ == "__main__":
    # The demo makes its papers in worker processes; a bundled interpreter
    # must hand those children to multiprocessing, not to the command line.
    multiprocessing.freeze_support()
    sys.exit(main())
