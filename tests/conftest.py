"""Every test gets a fresh profile folder, a fresh key and no system keyring.

Qt runs offscreen; tests that leave Python threads running fail.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Two shared cores are slow and uneven: a timing health check or deadline
# would fail a test for the machine's load, not for a fault. In CI the
# examples are derived from each test's name, so a run can be repeated.
settings.register_profile(
    "loandesk",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=bool(os.environ.get("CI")),
    print_blob=True,
)
settings.load_profile("loandesk")

from app.domain.roles import Role  # noqa: E402
from app.security.keys import KeySource  # noqa: E402
from app.services.profile import Profile  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
#: The administrator's password in every test profile (long, and on no common list).
PASSWORD = "amber kettle lantern 42"
#: What must never show in a log or temp file (see tests/leaks.py); tests add theirs.
USED_SECRETS: set[str] = {PASSWORD}


def secret(value: str) -> str:
    """Register a password or key a test uses, so the final scan looks for it."""
    USED_SECRETS.add(value)
    return value


#: The password of the users tests add beside the admin.
USER_PASSWORD = secret("pebble orchard violet 7")


def act_as(profile: Profile, role: Role) -> None:
    """The admin adds a user holding only ``role``, who then signs in at the desk."""
    from app.services.accounts import AccountService

    accounts = AccountService(profile)
    username = f"u.{role.value}"
    accounts.add_user(
        username=username,
        display_name=f"User {role.value}",
        roles=[role],
        password=USER_PASSWORD,
        admin_password=PASSWORD,
    )
    accounts.sign_in(username, USER_PASSWORD)
    assert profile.actor.roles == {role}


def sign_in(profile: Profile, username: str = "admin", password: str = PASSWORD) -> Profile:
    """``profile`` with ``username`` signed in, as the sign-in screen leaves it."""
    from app.services.accounts import AccountService

    AccountService(profile).sign_in(username, password)
    return profile


SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A private HOME, profile folder and key for each test; no thread outlives it."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("LOANDESK_PROFILE", str(tmp_path / "profile"))
    key = secrets.token_hex(32)
    USED_SECRETS.add(key)
    monkeypatch.setenv("LOANDESK_KEY", key)
    monkeypatch.delenv("LOANDESK_KEY_FILE", raising=False)
    # No OS keyring in tests unless a test starts a real one itself.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    before = set(threading.enumerate())
    yield
    leftover = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    for thread in leftover:
        thread.join(timeout=5)
    still = [t.name for t in leftover if t.is_alive()]
    assert not still, f"threads left running: {still}"


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    return tmp_path / "profile"


@pytest.fixture
def key_source() -> KeySource:
    return KeySource.from_environment()


@pytest.fixture
def profile(profile_dir: Path, key_source: KeySource) -> Iterator[Profile]:
    """A freshly created profile whose admin is 'admin'."""
    opened = Profile.create(
        profile_dir,
        key_source,
        admin_username="admin",
        admin_name="Branch Admin",
        admin_password=PASSWORD,
    )
    yield opened
    opened.close()


@pytest.fixture
def sane_test_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SANE with only its virtual "test" scanner: no real scanner is probed."""
    import shutil

    if shutil.which("scanimage") is None:
        pytest.skip("scanimage is not installed (installer/dev test installs sane-utils)")
    config = tmp_path / "sane.d"
    config.mkdir()
    (config / "dll.conf").write_text("test\n")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(config))


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, or a skip saying the folder is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared/data is only on development and CI machines)")
    return path


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if any log or temp file holds a secret or a whole personal number."""
    from tests.leaks import scan

    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None or exitstatus not in (0, 1):
        return
    found = scan(factory.getbasetemp(), USED_SECRETS)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"leak scan: {len(found)} finding(s) in the logs and temp files of this run"
        )
        for leak in found[:20]:
            reporter.write_line(f"  {leak.what}: {leak.path}", red=True)
    if found:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
