"""The ``loandesk`` command: the GUI by default, and commands for scripting and support.

The core never imports ``ui``: the GUI is found here by its module's name
(``FRONTEND``) when the desktop is asked for, and an installation without it
says so. (An entry point would do the same, but reading the package metadata
to find it costs the start 25 ms; bench/startup.py counts them.) Started with
no command, only what the desktop needs loads: the command modules
(``app.commands``) load when a command, ``--help`` or an option only they
know is given.
"""

from __future__ import annotations

import argparse
import logging
import resource
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path

from app.errors import InvalidInput, UserError
from app.places import default_profile_dir
from app.security.keys import KeySource

log = logging.getLogger(__name__)
EXIT_USER_ERROR = 1
EXIT_BUG = 70  # EX_SOFTWARE
#: the desktop interface: a module with ``run_gui(profile_dir, key_source) -> int``
FRONTEND = "ui.app"
#: the options every command and the GUI share (each takes a value)
COMMON = ("--profile", "--key-file", "--user")


def common_options(default: object) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--profile", metavar="DIR", default=default, help="profile folder (or LOANDESK_PROFILE)"
    )
    common.add_argument(
        "--key-file", metavar="FILE", default=default, help="file with the database key (0600)"
    )
    common.add_argument(
        "--user",
        metavar="NAME",
        default=default,
        help="who signs in (or LOANDESK_USER); the password is asked for, or LOANDESK_PASSWORD",
    )
    return common


def profile_dir(args: argparse.Namespace) -> Path:
    return Path(args.profile).expanduser() if args.profile else default_profile_dir()


def key_source(args: argparse.Namespace) -> KeySource:
    return KeySource.from_environment(Path(args.key_file) if args.key_file else None)


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        frontend = import_module(FRONTEND)
    except ModuleNotFoundError as exc:
        if exc.name not in ("ui", FRONTEND):
            raise  # the interface is there but something it needs is not: a fault
        print("The LoanDesk desktop interface is not installed.", file=sys.stderr)
        return EXIT_USER_ERROR
    run_gui: Callable[[Path, KeySource], int] = frontend.run_gui
    return run_gui(profile_dir(args), key_source(args))


def only_common_options(argv: Sequence[str]) -> bool:
    """Whether ``argv`` asks for the GUI with nothing but the shared options."""
    waiting_value = False
    for token in argv:
        if waiting_value:
            waiting_value = False
        elif token in COMMON:
            waiting_value = True
        elif not any(token.startswith(option + "=") for option in COMMON):
            return False
    return not waiting_value


def guarded(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command; what the user can fix is said in words, a fault in one sentence."""
    try:
        return func(args)
    except InvalidInput as exc:
        print("Refused:", file=sys.stderr)
        for field, problems in exc.problems.items():
            for _, message in problems:
                print(f"  {field}: {message}", file=sys.stderr)
        return EXIT_USER_ERROR
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception:
        log.exception("unexpected error in the command line")
        print(
            "An unexpected error happened; this is a fault in LoanDesk, not something you did. "
            "The details are in the application log.",
            file=sys.stderr,
        )
        return EXIT_BUG


def _no_core_dumps() -> None:
    # A core file of a crashed LoanDesk would hold the key and applicants' data.
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        log.warning("could not switch off core dumps")


def main(argv: Sequence[str] | None = None) -> int:
    _no_core_dumps()
    given = list(sys.argv[1:] if argv is None else argv)
    if only_common_options(given):
        parser = argparse.ArgumentParser(prog="loandesk", parents=[common_options(None)])
        return guarded(cmd_gui, parser.parse_args(given))
    from app.commands import run

    return run(given)


if __name__ == "__main__":
    sys.exit(main())
