"""Checks on typed values: GB 11643 ID numbers, phones, dates and bounded text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.validation import (
    FieldProblem,
    check_date,
    check_id_number,
    check_phone,
    check_text,
    id_birth_date,
    id_check_char,
)
from tests.domain.samples import KNOWN_BIRTH, KNOWN_ID, TODAY, id_number
from tests.domain.strategies import id_numbers


def _code(call: Callable[[], object]) -> str:
    with pytest.raises(FieldProblem) as caught:
        call()
    return caught.value.code


# -- resident ID numbers (GB 11643-1999) -----------------------------------------
@pytest.mark.parametrize(
    "number",
    [
        KNOWN_ID,
        "11010519491231002x",
        " 110105 19491231 002X ",
        id_number(date(1990, 1, 1), region="440305", seq=123),
        id_number(date(2000, 2, 29), region="650102", seq=0),
        id_number(date(1900, 1, 1), region="820000", seq=999),
    ],
)
def test_valid_id_numbers_are_accepted_and_normalised(number: str) -> None:
    cleaned = check_id_number(number, today=TODAY)
    assert cleaned == number.replace(" ", "").upper()
    assert len(cleaned) == 18


def test_the_check_character_of_the_published_example_is_x() -> None:
    assert id_check_char(KNOWN_ID[:17]) == "X"
    assert id_number(KNOWN_BIRTH, seq=2) == KNOWN_ID
    assert id_birth_date(KNOWN_ID) == KNOWN_BIRTH


@given(id_numbers(), st.data())
def test_every_single_character_substitution_is_detected(number: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, 17))
    other = data.draw(st.sampled_from("0123456789X").filter(lambda c: c != number[position]))
    mistyped = number[:position] + other + number[position + 1 :]
    with pytest.raises(FieldProblem):
        check_id_number(mistyped, today=TODAY)


@given(id_numbers(), st.integers(0, 15))
def test_swapping_two_adjacent_different_digits_is_detected(number: str, position: int) -> None:
    a, b = number[position], number[position + 1]
    swapped = number[:position] + b + a + number[position + 2 :]
    if a != b:
        with pytest.raises(FieldProblem):
            check_id_number(swapped, today=TODAY)


def test_each_refusal_names_its_reason() -> None:
    today = TODAY

    def body_ok(body: str) -> str:
        return body + id_check_char(body)

    assert _code(lambda: check_id_number(body_ok("00010519491231002"), today=today)) == "id.region"
    assert _code(lambda: check_id_number(body_ok("99010519491231002"), today=today)) == "id.region"
    assert _code(lambda: check_id_number(body_ok("11010519491331002"), today=today)) == "id.birth"
    assert _code(lambda: check_id_number(body_ok("11010519490230002"), today=today)) == "id.birth"
    assert _code(lambda: check_id_number(body_ok("11010518991231002"), today=today)) == "id.birth"
    future = id_number(date(2025, 6, 2))
    assert _code(lambda: check_id_number(future, today=today)) == "id.birth"
    assert _code(lambda: check_id_number(KNOWN_ID[:17] + "1", today=today)) == "id.check"
    assert _code(lambda: check_id_number(KNOWN_ID[:17], today=today)) == "id.format"
    assert _code(lambda: check_id_number("X" + KNOWN_ID[1:], today=today)) == "id.format"


@pytest.mark.parametrize(
    "number",
    [
        "²10105194912310020",  # a digit to str.isdigit, not to int()
        "1101051949123100²X",
        "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X",  # Arabic-Indic digits
    ],
)
def test_non_ascii_digits_are_refused_as_a_format_problem(number: str) -> None:
    assert _code(lambda: check_id_number(number, today=TODAY)) == "id.format"


def test_full_width_digits_of_an_input_method_are_read_as_ascii() -> None:
    assert check_id_number("１１０１０５１９４９１２３１００２ｘ", today=TODAY) == KNOWN_ID
    assert check_phone("１３８ ００１３ ８０００") == "13800138000"


@given(st.text(max_size=30))
def test_any_text_is_either_a_clean_id_number_or_a_field_problem(text: str) -> None:
    try:
        cleaned = check_id_number(text, today=TODAY)
    except FieldProblem:
        return
    assert cleaned.isascii()
    assert len(cleaned) == 18


# -- phones -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13912345678", "13912345678"),
        ("139 1234 5678", "13912345678"),
        ("+86 139-1234-5678", "13912345678"),
        ("(010) 6552 9988", "01065529988"),
        ("0755-8888888", "07558888888"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phones_are_normalised(raw: str, expected: str) -> None:
    assert check_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["12345678901", "1391234567", "139123456789", "phone", "", "+0123456789", "139١٢٣٤٥٦٧٨"],
)
def test_bad_phones_are_refused(raw: str) -> None:
    assert _code(lambda: check_phone(raw)) == "phone.format"


@given(st.text(max_size=20))
def test_an_accepted_phone_is_plain_ascii(text: str) -> None:
    try:
        cleaned = check_phone(text)
    except FieldProblem:
        return
    assert cleaned.isascii()


# -- dates ----------------------------------------------------------------------------
def test_dates_between_1900_and_today_are_accepted() -> None:
    assert check_date(" 2020-02-29 ", today=TODAY) == "2020-02-29"
    assert check_date("1900-01-01", today=TODAY) == "1900-01-01"
    assert check_date(TODAY.isoformat(), today=TODAY) == TODAY.isoformat()


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("2021-02-29", "date.format"),
        ("01/02/2020", "date.format"),
        ("", "date.format"),
        ("1899-12-31", "date.range"),
        ("2025-06-02", "date.future"),
    ],
)
def test_bad_dates_are_refused(raw: str, code: str) -> None:
    assert _code(lambda: check_date(raw, today=TODAY)) == code


def test_future_dates_can_be_allowed() -> None:
    assert check_date("2030-01-01", today=TODAY, allow_future=True) == "2030-01-01"


# -- text -----------------------------------------------------------------------------
def test_a_10_mb_paste_is_refused_before_normalisation() -> None:
    # Ten million spaces would strip to nothing: refusing it proves the raw length is checked.
    with pytest.raises(FieldProblem, match="got 10,000,000") as caught:
        check_text(" " * 10_000_000, max_len=100)
    assert caught.value.code == "text.length"
    assert _code(lambda: check_text("王" * 10_000_000, max_len=100)) == "text.length"


def test_text_is_nfc_normalised_and_spaces_collapsed() -> None:
    assert check_text("  Cafe\u0301 \t  Nana  ", max_len=100) == "Café Nana"
    # Five decomposed characters are five after NFC, so they fit in five.
    assert check_text("e\u0301" * 5, max_len=5) == "é" * 5


def test_text_length_is_counted_after_normalisation() -> None:
    assert check_text("a" * 100, max_len=100) == "a" * 100
    assert _code(lambda: check_text("a" * 101, max_len=100)) == "text.length"


@pytest.mark.parametrize(
    ("raw", "code"),
    [("bell\x07", "text.control"), ("nul\x00", "text.control"), ("lone \udcff", "text.encoding")],
)
def test_control_characters_and_lone_surrogates_are_refused(raw: str, code: str) -> None:
    assert _code(lambda: check_text(raw, max_len=100)) == code


def test_newlines_are_kept_and_required_text_must_not_be_blank() -> None:
    assert check_text("line one\nline two", max_len=100) == "line one\nline two"
    assert _code(lambda: check_text("   ", max_len=100, required=True)) == "text.required"
