"""Check characters of ID numbers, credit codes, card numbers and passport zones.

Expected values come from the standards' own worked examples or from the
short reference sums written out here, not from the code under test.
"""

from __future__ import annotations

from datetime import date

import pytest

from ocr.checks import (
    USCC_ALPHABET,
    id_check_char,
    luhn_check_digit,
    luhn_valid,
    mrz_check_digit,
    parse_resident_id,
    parse_td3,
    uscc_check_char,
    uscc_valid,
)

# GB 11643-1999's worked example.
STANDARD_ID = "11010519491231002X"
# ICAO 9303 part 4's specimen passport.
ICAO_LINE1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
ICAO_LINE2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"


def _reference_id_check(body: str) -> str:
    # Weight of position i (counted from the right, check digit at 1) is 2^(i-1) mod 11.
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(body))
    return "10X98765432"[total % 11]


def test_id_check_char_of_the_standard_example() -> None:
    assert id_check_char(STANDARD_ID[:17]) == "X"


@pytest.mark.parametrize("body", ["11010519900307123", "44030519851201456", "51010719700101001"])
def test_id_check_char_agrees_with_the_power_of_two_rule(body: str) -> None:
    assert id_check_char(body) == _reference_id_check(body)


def test_parse_resident_id_reads_region_birth_and_sex() -> None:
    parsed = parse_resident_id(STANDARD_ID)
    assert parsed is not None
    assert (parsed.region, parsed.birth_date, parsed.sex) == ("110105", date(1949, 12, 31), "F")
    assert parsed.check_ok


def test_parse_resident_id_reports_a_wrong_check_digit_without_refusing() -> None:
    parsed = parse_resident_id(STANDARD_ID[:17] + "5")
    assert parsed is not None
    assert not parsed.check_ok


@pytest.mark.parametrize(
    "number",
    [
        "",
        "11010519491231002",  # 17 characters
        "11010519491231002XX",
        "11010519491231002x",  # lower-case x is not how the number is written
        "99010519491231002X",  # no such province
        "11010519490231002X",  # 31 February
        "1101051949123100A2",
        "１1010519491231002X",  # a full-width digit
    ],
)
def test_parse_resident_id_refuses_malformed_numbers(number: str) -> None:
    assert parse_resident_id(number) is None


def test_parse_resident_id_odd_17th_digit_is_male() -> None:
    body = "11010519900307123"
    parsed = parse_resident_id(body + _reference_id_check(body))
    assert parsed is not None
    assert parsed.sex == "M"


def _reference_uscc_check(body: str) -> str:
    # GB 32100: weights are 3^i mod 31; the check makes the weighted sum 0 mod 31.
    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return USCC_ALPHABET[-total % 31]


@pytest.mark.parametrize("body", ["91110000600037341", "91350100M000100Y4", "12100000400000624"])
def test_uscc_check_char_agrees_with_the_power_of_three_rule(body: str) -> None:
    assert uscc_check_char(body) == _reference_uscc_check(body)


def test_uscc_valid_accepts_the_right_check_and_refuses_others() -> None:
    body = "91350100M000100Y4"
    right = _reference_uscc_check(body)
    assert uscc_valid(body + right)
    wrong = [c for c in USCC_ALPHABET if c != right]
    assert not any(uscc_valid(body + c) for c in wrong)


@pytest.mark.parametrize(
    "code",
    ["", "91350100M000100Y4", "91350100M000100Y43X", "9135010OM000100Y43", "91350100m000100Y43"],
)
def test_uscc_refuses_malformed_codes(code: str) -> None:
    assert not uscc_valid(code)


def test_uscc_check_char_is_none_outside_the_alphabet() -> None:
    assert uscc_check_char("9135010IM000100Y4") is None
    assert uscc_check_char("short") is None


def test_luhn_on_well_known_numbers() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("79927398713")  # passes Luhn but is shorter than any card
    assert luhn_check_digit("7992739871") == "3"
    assert not luhn_valid("4111111111111112")


@pytest.mark.parametrize(
    "number", ["", "4111 1111 1111 1111", "41111111111111111111", "４111111111111111"]
)
def test_luhn_refuses_what_is_not_a_card_number(number: str) -> None:
    assert not luhn_valid(number)


def test_mrz_check_digits_of_the_icao_specimen() -> None:
    assert mrz_check_digit("L898902C3") == "6"
    assert mrz_check_digit("740812") == "2"
    assert mrz_check_digit("120415") == "9"
    assert mrz_check_digit("ZE184226B<<<<<") == "1"
    assert mrz_check_digit("abc") is None


def test_parse_td3_reads_the_icao_specimen() -> None:
    mrz = parse_td3(ICAO_LINE1, ICAO_LINE2)
    assert mrz is not None
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert (mrz.passport_number, mrz.nationality, mrz.sex) == ("L898902C3", "UTO", "F")
    assert (mrz.birth_date, mrz.expiry_date, mrz.personal_number) == (
        "740812",
        "120415",
        "ZE184226B",
    )
    assert mrz.failed == ()


def test_parse_td3_names_each_failed_check() -> None:
    line2 = "L898902C37UTO7408122F1204158ZE184226B<<<<<10"
    mrz = parse_td3(ICAO_LINE1, line2)
    assert mrz is not None
    assert set(mrz.failed) == {"passport_number", "expiry_date", "composite"}


@pytest.mark.parametrize(
    ("line1", "line2"),
    [
        (ICAO_LINE1[:-1], ICAO_LINE2),
        (ICAO_LINE1, ICAO_LINE2 + "<"),
        ("I" + ICAO_LINE1[1:], ICAO_LINE2),
    ],
)
def test_parse_td3_refuses_what_is_not_td3(line1: str, line2: str) -> None:
    assert parse_td3(line1, line2) is None


@pytest.mark.parametrize(
    "body", ["1101051949123100", "11010519491231001x", "１１０１０５１９４９１２３１００１"]
)
def test_id_check_char_refuses_a_malformed_body(body: str) -> None:
    with pytest.raises(ValueError, match="17 digits"):
        id_check_char(body)


@pytest.mark.parametrize("body", ["12a4", "", "４５６"])
def test_luhn_check_digit_refuses_a_malformed_body(body: str) -> None:
    with pytest.raises(ValueError, match="digits"):
        luhn_check_digit(body)
