"""Creating and opening a profile: its first user is the admin, nothing is made twice."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from app.domain.events import EventType
from app.domain.roles import Role
from app.errors import InvalidInput
from app.places import profile_exists
from app.security.keys import KeySource
from app.services.profile import DB_NAME, Profile, ProfileError
from tests.conftest import PASSWORD, sign_in


def test_the_first_user_is_the_admin(profile: Profile) -> None:
    (user,) = profile.store.users()
    assert (user.username, user.display_name) == ("admin", "Branch Admin")
    assert user.roles == {Role.ADMIN, Role.OFFICER}
    assert profile.actor == user
    events = list(profile.store.all_events())
    assert [e.type for e in events] == [
        EventType.PROFILE_CREATED,
        EventType.USER_ADDED,
        EventType.PASSWORD_SET,
        EventType.SIGNED_IN,
    ]
    assert [e.device_seq for e in events] == [1, 2, 3, 4]
    assert all(later.prev == earlier.hash for earlier, later in itertools.pairwise(events))
    assert {e.actor for e in events} == {user.user_id}
    # Its public signing key is in the log; the password itself is nowhere in it.
    assert events[2].payload["public_key"] == user.public_key
    assert all(PASSWORD not in e.to_bytes().decode() for e in events)


def test_a_profile_reopens_with_the_same_identity(profile: Profile, profile_dir: Path) -> None:
    ids = (profile.profile_id, profile.device_id, profile.actor)
    profile.close()
    reopened = Profile.open(profile_dir, KeySource.from_environment())
    try:
        assert reopened.session is None  # nobody is signed in until someone signs in
        sign_in(reopened)
        assert (reopened.profile_id, reopened.device_id, reopened.actor) == ids
    finally:
        reopened.close()


def test_creating_twice_is_refused(profile: Profile, profile_dir: Path) -> None:
    with pytest.raises(ProfileError, match="already holds a LoanDesk profile"):
        Profile.create(
            profile_dir,
            KeySource.from_environment(),
            admin_username="other",
            admin_name="Other",
            admin_password=PASSWORD,
        )
    assert [u.username for u in profile.store.users()] == ["admin"]


def test_opening_where_there_is_no_profile_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="There is no LoanDesk profile.*loandesk init"):
        Profile.open(tmp_path / "nowhere", KeySource.from_environment())


def test_a_stray_database_is_not_overwritten(profile_dir: Path) -> None:
    profile_dir.mkdir()
    (profile_dir / DB_NAME).write_bytes(b"someone's data")
    with pytest.raises(ProfileError, match="exists without a profile"):
        Profile.create(
            profile_dir,
            KeySource.from_environment(),
            admin_username="admin",
            admin_name="A",
            admin_password=PASSWORD,
        )
    assert (profile_dir / DB_NAME).read_bytes() == b"someone's data"


def test_a_profile_from_a_newer_loandesk_is_refused(profile: Profile, profile_dir: Path) -> None:
    profile.close()
    manifest = profile_dir / "profile.json"
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "format": data["format"] + 1}))
    with pytest.raises(ProfileError, match="newer LoanDesk"):
        Profile.open(profile_dir, KeySource.from_environment())


def test_a_bad_admin_is_refused_and_nothing_is_created(profile_dir: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        Profile.create(
            profile_dir,
            KeySource.from_environment(),
            admin_username="A B",
            admin_name="",
            admin_password=PASSWORD,
        )
    assert set(caught.value.problems) == {"username", "display_name"}
    assert not profile_exists(profile_dir)
    assert not (profile_dir / DB_NAME).exists()


def test_the_manifest_holds_ids_and_no_personal_data(profile: Profile, profile_dir: Path) -> None:
    manifest = json.loads((profile_dir / "profile.json").read_text())
    assert set(manifest) == {"format", "profile_id", "created_at"}
    assert manifest["profile_id"] == profile.profile_id
