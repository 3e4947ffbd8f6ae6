"""Signing keys wrapped under the password: only the right password and user open them."""

from __future__ import annotations

import pytest

from app.domain.ids import new_id
from app.security import signing

PASSWORD = "copper lantern field 5"


def test_a_wrapped_key_signs_and_its_public_key_verifies() -> None:
    user = new_id()
    key = signing.new_signing_key(PASSWORD, user)
    signature = signing.sign(key.wrapped, PASSWORD, user, b"decision")
    assert signing.verify(key.public_key, signature, b"decision")
    assert not signing.verify(key.public_key, signature, b"decisioN")
    other = signing.new_signing_key(PASSWORD, user)
    assert not signing.verify(other.public_key, signature, b"decision")


def test_the_private_key_is_not_in_the_wrapped_bytes_in_the_clear() -> None:
    user = new_id()
    key = signing.new_signing_key(PASSWORD, user)
    private = signing.unwrap(key.wrapped, PASSWORD, user)
    raw = private.private_bytes_raw()
    assert raw not in key.wrapped
    assert PASSWORD.encode() not in key.wrapped


def test_a_wrong_password_or_another_user_cannot_open_it() -> None:
    user = new_id()
    key = signing.new_signing_key(PASSWORD, user)
    with pytest.raises(signing.KeyUnwrapError, match="does not open"):
        signing.unwrap(key.wrapped, "another password", user)
    with pytest.raises(signing.KeyUnwrapError):
        signing.unwrap(key.wrapped, PASSWORD, new_id())


def test_a_damaged_wrapped_key_is_refused_in_words() -> None:
    user = new_id()
    key = signing.new_signing_key(PASSWORD, user)
    flipped = bytearray(key.wrapped)
    flipped[-5] ^= 1
    with pytest.raises(signing.KeyUnwrapError, match="does not open"):
        signing.unwrap(bytes(flipped), PASSWORD, user)
    with pytest.raises(signing.KeyUnwrapError, match="damaged"):
        signing.unwrap(key.wrapped[:-1], PASSWORD, user)


def test_rewrapping_keeps_the_key_pair() -> None:
    user = new_id()
    key = signing.new_signing_key(PASSWORD, user)
    again = signing.rewrap(key.wrapped, PASSWORD, "new password here", user)
    assert again.public_key == key.public_key
    assert again.wrapped != key.wrapped
    signature = signing.sign(again.wrapped, "new password here", user, b"x")
    assert signing.verify(key.public_key, signature, b"x")


@pytest.mark.parametrize("garbage", ["", "zz", "00" * 64])
def test_verify_says_no_to_garbage(garbage: str) -> None:
    key = signing.new_signing_key(PASSWORD, new_id())
    assert not signing.verify(key.public_key, garbage, b"x")
    assert not signing.verify(garbage or "00", "00" * 64, b"x")
