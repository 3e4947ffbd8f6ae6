"""A private PostgreSQL cluster for the server's tests, started and removed by the tests.

Debian's binaries, a temporary data directory owned by an unprivileged user
(initdb refuses root), trust authentication on 127.0.0.1 only, a free port.
"""

from __future__ import annotations

import os
import pwd
import re
import select
import shutil
import socket
import stat
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

#: Where Debian's postgresql-NN packages put their binaries (one folder per major version).
PG_ROOT = Path("/usr/lib/postgresql")
#: The system user that owns the clusters when the tests run as root.
CLUSTER_USER = "loandesk-pg"
#: The cluster's superuser, the user name in every URL handed out here.
DB_USER = "loandesk"
#: The database that private_postgres creates and names in its URL.
DB_NAME = "loandesk"
_NEEDED = ("initdb", "pg_ctl", "postgres", "createdb")
# No locale, so that nothing hangs on which locales the machine has; no sync,
# as the cluster is thrown away.
_INITDB_OPTIONS = ("-E", "UTF8", "--no-locale", "--no-sync")
_USERADD_OPTIONS = (
    "--system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin"
).split()
_START_ATTEMPTS = 3
# A throwaway cluster: durability would only cost time. Unix sockets are off
# so that the socket path's length limit and /var/run permissions never matter.
_SETTINGS = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
"""


def find_bindir(root: Path = PG_ROOT) -> Path:
    """The bin folder of the newest PostgreSQL server installed under ``root``.

    A version folder that lacks the server (a newer client package alone
    installs only psql and friends there) is passed over.
    """
    found: list[tuple[tuple[int, ...], Path]] = []
    for bindir in root.glob("*/bin"):
        version = bindir.parent.name
        if re.fullmatch(r"\d+(\.\d+)*", version) and all(
            os.access(bindir / tool, os.X_OK) for tool in _NEEDED
        ):
            found.append((tuple(int(part) for part in version.split(".")), bindir))
    if not found:
        raise RuntimeError(
            f"PostgreSQL is not installed (no server under {root}/*/bin): the server's "
            "tests need Debian's package 'postgresql' (apt-get install postgresql, "
            "or run installer/dev setup)"
        )
    return max(found)[1]


@contextmanager
def private_postgres() -> Iterator[str]:
    """A new cluster on a free loopback port; yields the URL of an empty database in it.

    The cluster is stopped and its directory removed when the block ends.
    """
    bindir = find_bindir()
    owner = _cluster_owner()
    directory = Path(tempfile.mkdtemp(prefix="loandesk-pg-", dir=_parent_for(owner)))
    try:
        if owner is not None:
            shutil.chown(directory, owner.pw_uid, owner.pw_gid)
        data = directory / "data"
        _run(owner, [bindir / "initdb", "-D", data, "-U", DB_USER, *_INITDB_OPTIONS])
        (data / "pg_hba.conf").write_text("host all all 127.0.0.1/32 trust\n")
        port = _start(bindir, owner, data, directory / "postgres.log")
        try:
            client = ["-h", "127.0.0.1", "-p", str(port), "-U", DB_USER]
            _run(None, [bindir / "createdb", *client, "-T", "template0", DB_NAME])
            yield f"postgresql+psycopg://{DB_USER}@127.0.0.1:{port}/{DB_NAME}"
        finally:
            _stop(bindir, owner, data)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def fresh_database(base_url: str) -> str:
    """The URL of a new, empty database in the cluster that ``base_url`` points at."""
    name = f"test_{uuid.uuid4().hex}"
    engine = create_engine(base_url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
    finally:
        engine.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One private cluster for the session; tests take their own database with fresh_database."""
    with private_postgres() as url:
        yield url


def _cluster_owner() -> pwd.struct_passwd | None:
    """Who runs initdb and the server: None for the current user, unless that is root."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(CLUSTER_USER)
    except KeyError:
        pass
    useradd = shutil.which("useradd", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
    if useradd is not None:
        subprocess.run([useradd, *_USERADD_OPTIONS, CLUSTER_USER], capture_output=True, check=False)
    try:
        return pwd.getpwnam(CLUSTER_USER)
    except KeyError:
        return pwd.getpwnam("nobody")


def _parent_for(owner: pwd.struct_passwd | None) -> str | None:
    """The temp folder, or /tmp where another user could not reach into it.

    Tests point TMPDIR into pytest's own temp folder, which only root may enter.
    """
    if owner is None:
        return None
    parent = Path(tempfile.gettempdir()).resolve()
    if all(p.stat().st_mode & stat.S_IXOTH for p in (parent, *parent.parents)):
        return str(parent)
    return "/tmp"


def _run(owner: pwd.struct_passwd | None, argv: list[str | Path]) -> None:
    """Run a PostgreSQL tool, as ``owner`` if given; its output becomes the error."""
    command = [str(arg) for arg in argv]
    if owner is not None:
        runuser = shutil.which("runuser", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
        if runuser is None:
            raise RuntimeError("runuser (util-linux) is needed to run PostgreSQL as root")
        command = [runuser, "-u", owner.pw_name, "--", *command]
    # PG* variables of the caller's environment would redirect the tools.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")} | {"LC_ALL": "C"}
    done = subprocess.run(
        command,
        cwd="/",
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{Path(command[0]).name} failed: {' '.join(command)}\n{done.stderr}")


def _start(bindir: Path, owner: pwd.struct_passwd | None, data: Path, log: Path) -> int:
    """Start the server on a free port (another process may take it first: then retry)."""
    config = data / "postgresql.conf"
    base = config.read_text()
    error: RuntimeError | None = None
    for _ in range(_START_ATTEMPTS):
        port = _free_port()
        config.write_text(base + _SETTINGS.format(port=port))
        try:
            _run(owner, [bindir / "pg_ctl", "-D", data, "-l", log, "-w", "-t", "60", "start"])
        except RuntimeError as failed:
            error = failed
        else:
            return port
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    raise RuntimeError(f"{error}\nserver log:\n{tail}")


def _stop(bindir: Path, owner: pwd.struct_passwd | None, data: Path) -> None:
    """Stop the server and wait until its postmaster has exited, not only said so."""
    postmaster = _watch_postmaster(data)
    try:
        try:
            _run(owner, [bindir / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"])
        except RuntimeError:
            _run(owner, [bindir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"])
        if postmaster is not None:
            select.select([postmaster], [], [], 60)
    finally:
        if postmaster is not None:
            os.close(postmaster)


def _watch_postmaster(data: Path) -> int | None:
    """A pidfd of the running postmaster, readable once it has exited; None if there is none."""
    try:
        return os.pidfd_open(int((data / "postmaster.pid").read_text().split()[0]))
    except (OSError, ValueError, IndexError):
        return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
