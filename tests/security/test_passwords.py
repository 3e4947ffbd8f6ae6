"""Argon2id hashes and the new-password policy, with the real hasher and the shipped list."""

from __future__ import annotations

import argon2
import pytest

from app.errors import UserError
from app.security.passwords import (
    SHORT_WARNING,
    DamagedHash,
    WeakPassword,
    check_new_password,
    common_passwords,
    hash_password,
    needs_rehash,
    verify_password,
)

PASSPHRASE = "tangerine ferry obelisk"


def _check(password: str, username: str = "mwang", display_name: str = "Mei Wang") -> list[str]:
    return check_new_password(password, username=username, display_name=display_name)


def _refusal(password: str, username: str = "mwang", display_name: str = "Mei Wang") -> str:
    with pytest.raises(WeakPassword) as info:
        _check(password, username, display_name)
    assert info.value.code == "password.weak"
    assert isinstance(info.value, UserError)
    return info.value.reason


def _parameters(encoded: str) -> tuple[str, dict[str, int]]:
    _, variant, version, params, _salt, _digest = encoded.split("$")
    assert version == "v=19"
    pairs = (item.split("=") for item in params.split(","))
    return variant, {key: int(value) for key, value in pairs}


# --- hashes -----------------------------------------------------------------


def test_a_hash_verifies_its_password() -> None:
    encoded = hash_password(PASSPHRASE)
    assert verify_password(encoded, PASSPHRASE)


def test_a_wrong_password_verifies_false() -> None:
    encoded = hash_password(PASSPHRASE)
    assert verify_password(encoded, PASSPHRASE + "!") is False
    assert verify_password(encoded, "") is False


def test_the_hash_is_argon2id_with_at_least_owasp_parameters() -> None:
    variant, params = _parameters(hash_password(PASSPHRASE))
    assert variant == "argon2id"
    assert params["m"] >= 19_456
    assert params["t"] >= 2
    assert params["p"] == 1


def test_two_hashes_of_one_password_differ_by_salt() -> None:
    first, second = hash_password(PASSPHRASE), hash_password(PASSPHRASE)
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]
    assert verify_password(first, PASSPHRASE)
    assert verify_password(second, PASSPHRASE)


def test_a_fresh_hash_needs_no_rehash() -> None:
    assert needs_rehash(hash_password(PASSPHRASE)) is False


def test_a_hash_with_weaker_parameters_needs_rehash_and_still_verifies() -> None:
    weak = argon2.PasswordHasher(time_cost=1, memory_cost=8_192, parallelism=1)
    encoded = weak.hash(PASSPHRASE)
    assert needs_rehash(encoded) is True
    assert verify_password(encoded, PASSPHRASE)


def test_full_width_input_verifies_against_the_half_width_hash() -> None:
    encoded = hash_password("Harbour7Lantern")
    assert verify_password(encoded, "Ｈａｒｂｏｕｒ７Ｌａｎｔｅｒｎ")


def test_an_overlong_password_is_not_hashed_and_never_verifies() -> None:
    encoded = hash_password(PASSPHRASE)
    with pytest.raises(WeakPassword) as info:
        hash_password("x" * 2000)
    assert info.value.reason == "too_long"
    assert verify_password(encoded, "x" * 2000) is False


@pytest.mark.parametrize("encoded", ["", "not a hash", "$argon2id$v=19$m=19456,t=2,p=1$broken"])
def test_a_damaged_hash_is_reported_not_taken_for_a_wrong_password(encoded: str) -> None:
    with pytest.raises(DamagedHash) as info:
        verify_password(encoded, PASSPHRASE)
    assert info.value.code == "password.hash_damaged"


def test_needs_rehash_reports_a_damaged_hash() -> None:
    with pytest.raises(DamagedHash):
        needs_rehash("not a hash")


# --- policy -----------------------------------------------------------------


@pytest.mark.parametrize("password", ["password", "123456789", "PassWord", "QWERTYUIOP"])
def test_common_passwords_are_refused_in_any_case(password: str) -> None:
    assert _refusal(password) == "common"


def test_a_full_width_common_password_is_refused() -> None:
    assert _refusal("ｐａｓｓｗｏｒｄ") == "common"


def test_the_shipped_list_is_loaded_and_only_holds_reachable_entries() -> None:
    words = common_passwords()
    assert 9_000 <= len(words) <= 10_000
    assert {"password", "123456789", "iloveyou"} <= words
    assert min(len(word) for word in words) >= 8


def test_seven_characters_are_too_short() -> None:
    assert _refusal("k7#vQ9z") == "too_short"


def test_two_thousand_characters_are_too_long() -> None:
    assert _refusal("correct horse " * 143) == "too_long"


@pytest.mark.parametrize(
    "password",
    ["mwang-2024-harbour", "Harbour-MWANG-2024", "meiwang harbour", "ferry wang tangerine"],
)
def test_a_password_containing_the_name_is_refused(password: str) -> None:
    assert _refusal(password) == "contains_name"


def test_a_two_letter_username_alone_does_not_refuse_a_passphrase() -> None:
    assert _check("reliable ferry obelisk", username="li", display_name="Li") == []


def test_eight_to_eleven_characters_pass_with_a_warning() -> None:
    assert _check("tq8#vmz2") == [SHORT_WARNING]
    assert _check("tq8#vmz2kp4") == [SHORT_WARNING]


def test_a_long_passphrase_passes_without_warning() -> None:
    assert _check("tangerine ferry!") == []


def test_length_counts_code_points_after_nfkc() -> None:
    # Seven full-width letters are 21 bytes of UTF-8 but seven characters.
    assert _refusal("ｑｍｚｖｋｔｘ") == "too_short"
    # 'e' plus a combining acute is two code points typed, one after NFKC.
    assert _refusal("cafe\u0301xyz") == "too_short"
    # A ligature expands: five code points typed, seven after NFKC ("ﬃ" -> "ffi").
    assert _refusal("ab\ufb03cd") == "too_short"
    assert _check("ab\ufb03cdXY") == [SHORT_WARNING]
    assert _check("ｑｍｚｖｋｔｘｐ") == [SHORT_WARNING]
