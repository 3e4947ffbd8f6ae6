"""Fields of a bank statement: the header, and figures computed from its transactions."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from ocr.checks import luhn_valid
from ocr.extract.common import (
    Finder,
    Span,
    by_neighbour,
    flagged,
    heading,
    labelled,
    make_field,
    missing,
)
from ocr.extract.table import Row, read_rows, reconcile, unbalanced
from ocr.extract.values import as_name, as_text
from ocr.parse import currency_of, find_dates, fix_digits, money
from ocr.types import Field, MonthFlow, PageText, Problem

BANK = ("开户行", "开户银行", "银行名称", "Bank Name")
NAME = ("户名", "账户名称", "客户姓名", "Account Name", "Account Holder", "Customer Name")
ACCOUNT = ("账号", "卡号", "账户号码", "Account No", "Account Number", "Card No")
PERIOD = ("起止日期", "查询期间", "账单周期", "Statement Period", "Period")
CURRENCY = ("币种", "Currency")
OTHER = ("期初余额", "Opening Balance", "期末余额", "Closing balance")
LABELS = BANK + NAME + ACCOUNT + PERIOD + CURRENCY + OTHER
_TITLE_WORDS = (
    "个人账户对账单",
    "账户交易明细",
    "对账单",
    "ACCOUNT STATEMENT",
    "STATEMENT OF ACCOUNT",
)
_SALARY = ("工资", "代发工资", "薪金", "SALARY", "PAYROLL", "WAGES")
_ACCOUNT_CHARS = re.compile(r"[0-9*]{4,}")


def extract(pages: list[PageText]) -> tuple[list[Field], list[MonthFlow]]:
    finder = Finder(pages, LABELS)
    start, end = _period(finder)
    rows, opening = read_rows(pages)
    rows, repaired = reconcile(rows, opening)
    header = [
        labelled(finder, "bank_name", BANK, as_text) or heading(finder, "bank_name", _TITLE_WORDS),
        labelled(finder, "full_name", NAME, as_name)
        or by_neighbour(finder, "full_name", ACCOUNT, -1, as_name)
        or missing("full_name"),
        _account(finder),
        start,
        end,
    ]
    first = _iso(start.value)
    last = _iso(end.value)
    if first is None or last is None or not rows:
        figures = [missing(n) for n in _FIGURES]
        return [*header, *figures, _currency(finder)], []
    table = Span("", tuple(w for row in rows for w in row.words), rows[0].page)
    figures, months = _figures(rows, opening, first, last, table)
    if repaired:
        # Put right from the running balance: likely so, but worth a look.
        figures = [replace(f, confidence=f.confidence * 0.85) for f in figures]
    wrong = unbalanced(rows, opening)
    if wrong:
        problem = Problem(
            "statement.unbalanced",
            f"{wrong} transaction rows do not add up to their balance; check the figures.",
        )
        figures = [flagged(f, problem) for f in figures]
    return [*header, *figures, _currency(finder)], months


_FIGURES = ("average_monthly_inflow", "average_monthly_outflow", "average_balance", "salary_credit")


def _iso(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _period(finder: Finder) -> tuple[Field, Field]:
    for hit in finder.find(PERIOD):
        span = finder.after(hit)
        dates = find_dates(fix_digits(span.text))
        if len(dates) >= 2:
            return (
                make_field("period_start", dates[0][0].isoformat(), span),
                make_field("period_end", dates[1][0].isoformat(), span),
            )
    return missing("period_start"), missing("period_end")


def _account_value(text: str) -> str | None:
    match = _ACCOUNT_CHARS.search(fix_digits(text.replace(" ", "")))
    return match.group() if match else None


def _account(finder: Finder) -> Field:
    found = labelled(finder, "account_number", ACCOUNT, _account_value)
    if found is None or not found.value:
        return found or missing("account_number")
    looks_like_card = found.value.isdigit() and 16 <= len(found.value) <= 19
    if looks_like_card and not luhn_valid(found.value):
        return flagged(found, Problem("card.luhn", "The card number fails its check digit."))
    return found


def _currency(finder: Finder) -> Field:
    found = labelled(finder, "currency", CURRENCY, currency_of)
    if found is not None and found.value:
        return found
    for line in finder.lines[:12]:
        span = line.span(0, len(line.chars))
        code = currency_of(span.text)
        if code:
            return make_field("currency", code, span)
    return missing("currency")


def _months(first: date, last: date) -> list[str]:
    out: list[str] = []
    day = first
    while day <= last:
        month = day.isoformat()[:7]
        if month not in out:
            out.append(month)
        day = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return out


def _daily_balances(
    rows: list[Row], opening: Decimal, first: date, last: date
) -> dict[date, Decimal]:
    out: dict[date, Decimal] = {}
    balance, index = opening, 0
    day = first
    while day <= last:
        while index < len(rows) and rows[index].day <= day:
            balance = rows[index].balance
            index += 1
        out[day] = balance
        day += timedelta(days=1)
    return out


def _is_salary(row: Row) -> bool:
    upper = row.description.upper().replace(" ", "")
    return row.credit > 0 and any(word in upper for word in _SALARY)


def _payer(row: Row) -> str:
    """Who paid, as far as the description tells: its letters without the salary words."""
    text = "".join(c for c in row.description.upper() if c.isalnum())
    for word in sorted(_SALARY, key=len, reverse=True):
        text = text.replace(word, "")
    return text


def salary_rows(rows: list[Row]) -> list[Row]:
    """Credits named as salary, and credits from the same payer whose salary word
    the scan garbled (the employer's name recurs, "工资" may not)."""
    named = [r for r in rows if _is_salary(r)]
    payers = {p for p in (_payer(r) for r in named) if len(p) >= 4}
    return [r for r in rows if r in named or (r.credit > 0 and any(p in _payer(r) for p in payers))]


def _median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _figures(
    rows: list[Row], opening: Decimal, first: date, last: date, table: Span
) -> tuple[list[Field], list[MonthFlow]]:
    months = _months(first, last)
    inside = [r for r in rows if first <= r.day <= last]
    daily = _daily_balances(rows, opening, first, last)
    salaries = salary_rows(inside)
    salary_months = {r.day.isoformat()[:7] for r in salaries}
    count = Decimal(len(months))
    values = {
        "average_monthly_inflow": money(sum((r.credit for r in inside), Decimal(0)) / count),
        "average_monthly_outflow": money(sum((r.debit for r in inside), Decimal(0)) / count),
        "average_balance": money(sum(daily.values(), Decimal(0)) / len(daily)),
    }
    fields = [make_field(name, value, table) for name, value in values.items()]
    if len(salary_months) >= 2:
        salary = money(_median([r.credit for r in salaries]))
        fields.append(make_field("salary_credit", salary, table))
    flows = [_month_flow(month, inside, daily) for month in months]
    return fields, flows


def _month_flow(month: str, rows: list[Row], daily: dict[date, Decimal]) -> MonthFlow:
    mine = [r for r in rows if r.day.isoformat()[:7] == month]
    days = [v for d, v in daily.items() if d.isoformat()[:7] == month]
    salary = sum((r.credit for r in salary_rows(mine)), Decimal(0))
    return MonthFlow(
        month=month,
        inflow=money(sum((r.credit for r in mine), Decimal(0))),
        outflow=money(sum((r.debit for r in mine), Decimal(0))),
        average_balance=money(sum(days, Decimal(0)) / len(days)),
        salary=money(salary),
    )
