"""Dates, months, amounts and names read out of printed and OCR'd text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ocr.parse import (
    clean_name,
    currency_of,
    find_dates,
    fix_digits,
    money,
    parse_amount,
    parse_date,
    parse_month,
)


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("2O24-O3-l5", "2024-03-15"),
        ("1,2S4.OO", "1,254.00"),
        ("B8Z|", "8821"),
        ("１２３４", "1234"),
        ("6222 0212 3456", "622202123456"),
        ("SALARY 5000", "SALARY 5000"),
        ("500.00 DR", "500.00 DR"),
        ("15Mar2024", "15Mar2024"),
    ],
)
def test_fix_digits_mends_only_numeric_runs(text: str, fixed: str) -> None:
    assert fix_digits(text) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-15",
        "2024/3/15",
        "2024.03.15",
        "2024年3月15日",
        "2024 年 03 月 15 日",
        "15 Mar 2024",
        "15 March 2024",
        "March 15, 2024",
        "Mar. 15, 2024",
        "15/03/2024",
        "１５/03/2024",
    ],
)
def test_parse_date_reads_every_printed_form(text: str) -> None:
    assert parse_date(text) == date(2024, 3, 15)


@pytest.mark.parametrize("text", ["03/04/2024", "2024-02-30", "Date: 2024-01-01", "", "abc"])
def test_parse_date_refuses_ambiguous_impossible_or_extra_text(text: str) -> None:
    assert parse_date(text) is None


def test_parse_date_takes_equal_day_and_month_as_unambiguous() -> None:
    assert parse_date("04/04/2024") == date(2024, 4, 4)


def test_find_dates_gives_each_date_with_its_span() -> None:
    text = "Period 2024-01-01 to 31 Mar 2024."
    found = find_dates(text)
    assert [d for d, _, _ in found] == [date(2024, 1, 1), date(2024, 3, 31)]
    assert [text[s:e] for _, s, e in found] == ["2024-01-01", "31 Mar 2024"]


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2024-03", "2024-03"),
        ("2024年3月", "2024-03"),
        ("2024 年 11 月", "2024-11"),
        ("March 2024", "2024-03"),
        ("Sep 2023", "2023-09"),
        ("03/2024", "2024-03"),
    ],
)
def test_parse_month(text: str, month: str) -> None:
    assert parse_month(text) == month


@pytest.mark.parametrize("text", ["2024-13", "Smarch 2024", "2024", "2024-03-15"])
def test_parse_month_refuses_what_is_not_a_month(text: str) -> None:
    assert parse_month(text) is None


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12,345.67", "12345.67"),
        ("¥12,345.67", "12345.67"),
        ("￥ 8，000.00", "8000.00"),
        ("RMB 1,000", "1000"),
        ("USD 2,500.50", "2500.50"),
        ("$99.99", "99.99"),
        ("3500元", "3500"),
        ("-1,200.00", "-1200.00"),
        ("(1,200.00)", "-1200.00"),
        ("1,200.00 DR", "-1200.00"),
        ("1,200.00 CR", "1200.00"),
        ("100万元", "1000000"),
        ("2.5亿元", "250000000"),
        ("壹佰万元整", "1000000"),
        ("伍拾万元整", "500000"),
        ("人民币壹仟万元整", "10000000"),
        ("贰仟叁佰肆拾伍元陆角柒分", "2345.67"),
        ("壹亿贰仟万元整", "120000000"),
    ],
)
def test_parse_amount(text: str, amount: str) -> None:
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["", "abc", "2024-03-15", "12.34.56", "元", "1,23,4.00"])
def test_parse_amount_refuses_what_is_not_money(text: str) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [("¥100", "CNY"), ("￥100", "CNY"), ("金额(元)", "CNY"), ("RMB", "CNY"), ("人民币", "CNY")]
    + [("USD 5", "USD"), ("$5", "USD"), ("Amount", None)],
)
def test_currency_of(text: str, code: str | None) -> None:
    assert currency_of(text) == code


def test_money_rounds_half_up_to_cents() -> None:
    assert money(Decimal("2.345")) == "2.35"
    assert money(Decimal("2.344")) == "2.34"
    assert money(Decimal("1000000")) == "1000000.00"
    assert money(Decimal("-0.005")) == "-0.01"


def test_clean_name() -> None:
    assert clean_name("张 三 丰") == "张三丰"
    assert clean_name("  zhang   wei ") == "ZHANG WEI"
    assert clean_name("Zhang, Wei") == "ZHANG WEI"
