"""Fixtures of the server's tests: each database backend, and a real server on loopback.

``database_url`` runs a test on SQLite and on a real PostgreSQL (a private
cluster for the session, a fresh database for each test). ``branch`` is a
data dir set up by `loandesk-server init` on that database and served by
`loandesk-server serve` in its own process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from dotenv import dotenv_values

from app.domain.roles import Role
from app.security.keys import KeySource
from app.services.accounts import AccountService
from app.services.profile import Profile
from app.services.sync import SyncService
from tests.conftest import PASSWORD, USER_PASSWORD, secret, sign_in
from tests.domain.builders import Device
from tests.server.process import ServerProcess, cli_ok
from tests.server.workstation import Workstation


@pytest.fixture(autouse=True)
def _no_server_settings_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [name for name in os.environ if name.startswith("LOANDESK_SERVER_")]:
        monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[str]:
    """One private PostgreSQL cluster for the whole run, started on first use."""
    from tests.server.postgres import private_postgres

    with private_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database for the test: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        folder = tmp_path / "sqlite"
        folder.mkdir()
        return f"sqlite+pysqlite:///{folder / 'server.db'}"
    from tests.server.postgres import fresh_database

    return fresh_database(request.getfixturevalue("postgres_cluster"))


class Branch:
    """A branch server: its data dir, its process, and the workstations enrolled to it."""

    def __init__(
        self, root: Path, database_url: str, env: dict[str, str], *, tls: bool = False
    ) -> None:
        self.data = root / "server"
        self.database_url = database_url
        cli_ok("init", "--data", str(self.data), "--db", database_url)
        secret(str(dotenv_values(self.data / "server.env")["LOANDESK_SERVER_SECRET"]))
        logs = root / "logs"
        logs.mkdir(exist_ok=True)
        self.process = ServerProcess(self.data, logs, env, tls=tls)
        self.workstations: list[Workstation] = []

    @property
    def url(self) -> str:
        return self.process.url

    def start(self, command: list[str] | None = None) -> None:
        self.process.start(command)
        for workstation in self.workstations:
            workstation.client.base_url = httpx.URL(self.url)

    def code(self, name: str) -> str:
        """A one-time code from `loandesk-server enrol-device`, as printed."""
        return cli_ok("enrol-device", "--data", str(self.data), "--name", name).splitlines()[0]

    def enrol(self, name: str = "front desk") -> Workstation:
        """A new device, enrolled with a fresh code, with its token in hand."""
        device = Device()
        response = httpx.post(
            f"{self.url}/v1/enrol",
            json={"code": self.code(name), "device_id": device.device, "name": name},
        )
        assert response.status_code == 200, response.text
        workstation = Workstation(self.url, secret(response.json()["token"]), device)
        self.workstations.append(workstation)
        return workstation

    def close(self) -> None:
        for workstation in self.workstations:
            workstation.close()
        self.process.stop()


@pytest.fixture
def new_branch(tmp_path: Path, database_url: str) -> Iterator[Callable[..., Branch]]:
    """Make a branch on the test's database, with LOANDESK_SERVER_* settings in ``env``."""
    made: list[Branch] = []

    def make(**env: str) -> Branch:
        branch = Branch(tmp_path / f"branch{len(made)}", database_url, env)
        made.append(branch)
        branch.start()
        return branch

    yield make
    for branch in made:
        branch.close()


@pytest.fixture
def branch(new_branch: Callable[..., Branch]) -> Branch:
    """A running branch server with default settings."""
    return new_branch()


@contextmanager
def enrolled_desks(
    root: Path, key_source: KeySource, branch: Branch, letters: str
) -> Iterator[list[Profile]]:
    """A real profile per letter, each with its own administrator signed in, all enrolled."""
    made: list[Profile] = []
    try:
        for letter in letters:
            profile = Profile.create(
                root / f"desk-{letter}",
                key_source,
                admin_username=f"admin.{letter}",
                admin_name=f"Admin {letter.upper()}",
                admin_password=PASSWORD,
            )
            made.append(profile)
            sign_in(profile, f"admin.{letter}")
            name = f"desk {letter}"
            SyncService(profile).enrol(branch.url, branch.code(name), name)
        yield made
    finally:
        for profile in made:
            profile.close()


@pytest.fixture
def desks(tmp_path: Path, key_source: KeySource, branch: Branch) -> Iterator[list[Profile]]:
    """Three enrolled workstations of one branch, each with its own administrator."""
    with enrolled_desks(tmp_path, key_source, branch, "abc") as made:
        yield made


def sync_all(profiles: list[Profile], rounds: int = 2) -> None:
    """Every desk syncs ``rounds`` times: what one sends in a round, the others take next."""
    for _ in range(rounds):
        for profile in profiles:
            SyncService(profile).sync()


def add_user(desk: Profile, username: str, name: str, role: Role, tier: str | None = None) -> None:
    """The desk's administrator adds a user with the first password USER_PASSWORD."""
    AccountService(desk).add_user(
        username=username,
        display_name=name,
        roles=[role],
        password=USER_PASSWORD,
        admin_password=PASSWORD,
        tier=tier,
    )
