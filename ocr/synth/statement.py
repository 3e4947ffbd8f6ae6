"""Bank statements: a few whole months of transactions and the figures they yield.

The figures follow the definitions in ``ocr.fields`` exactly, since the
extractor is scored against them.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ocr.checks import luhn_check_digit
from ocr.synth.canvas import A4, Page
from ocr.synth.papers import MARGIN, Column, heading, label_rows, table
from ocr.synth.people import Person, cents, fmt_date, money, random_amount
from ocr.synth.style import Built, Style
from ocr.types import MonthFlow

SALARY_WORDS = ("工资", "代发工资", "薪金", "SALARY", "PAYROLL", "WAGES")
BANKS = (
    ("中国工商银行", "Industrial and Commercial Bank of China", "622202"),
    ("中国建设银行", "China Construction Bank", "621700"),
    ("中国银行", "Bank of China", "621661"),
    ("中国农业银行", "Agricultural Bank of China", "622848"),
    ("招商银行", "China Merchants Bank", "622588"),
)
#: (en, zh, low, high) of everyday debits
_DEBITS = (
    ("ALIPAY PAYMENT", "支付宝快捷支付", 20, 900), ("WECHAT PAY", "财付通微信支付", 10, 600),
    ("UNIONPAY POS PURCHASE", "银联消费", 30, 2500), ("ATM WITHDRAWAL", "ATM取款", 100, 3000),
    ("CREDIT CARD REPAYMENT", "信用卡还款", 500, 6000), ("UTILITIES", "水电燃气费", 60, 400),
    ("MOBILE TOP-UP", "话费充值", 30, 200),
)  # fmt: skip
_CREDITS = (("TRANSFER IN", "转账存入", 200, 5000), ("CASH DEPOSIT", "现金存入", 500, 8000))


@dataclass(frozen=True)
class Txn:
    day: date
    description: str
    #: positive for a credit, negative for a debit
    amount: Decimal
    balance: Decimal


def is_salary(description: str) -> bool:
    upper = description.upper()
    return any(word in upper for word in SALARY_WORDS)


def _month_events(
    person: Person, style: Style, first: date, salaried: bool
) -> list[tuple[date, str, Decimal]]:
    rng, zh = style.rng, style.lang == "zh"
    last = calendar.monthrange(first.year, first.month)[1]
    events: list[tuple[date, str, Decimal]] = []
    if salaried:
        word = rng.choice(("代发工资", "工资")) if zh else rng.choice(("SALARY", "PAYROLL"))
        name = person.employer.short_zh if zh else person.employer.short_en.split()[0]
        pay = Decimal(rng.randint(400, 3600) * 10) + random_amount(rng, 0, 99)
        events.append((first.replace(day=rng.choice((5, 10, 15))), f"{word} {name}", pay))
    for _ in range(rng.randint(0, 2)):
        en, cn, low, high = rng.choice(_CREDITS)
        events.append(
            (
                first.replace(day=rng.randint(1, last)),
                cn if zh else en,
                random_amount(rng, low, high),
            )
        )
    for _ in range(rng.randint(5, 11)):
        en, cn, low, high = rng.choice(_DEBITS)
        events.append(
            (
                first.replace(day=rng.randint(1, last)),
                cn if zh else en,
                -random_amount(rng, low, high),
            )
        )
    if first.month in (3, 6, 9, 12):
        events.append(
            (first.replace(day=21), "结息" if zh else "INTEREST", random_amount(rng, 1, 40))
        )
    return sorted(events, key=lambda e: e[0])


def transactions(
    person: Person, style: Style, first: date, months: int, salaried: bool
) -> tuple[Decimal, list[Txn]]:
    """An opening balance and the rows after it; debits never overdraw."""
    opening = random_amount(style.rng, 3000, 80000)
    balance, rows = opening, []
    month = first
    for _ in range(months):
        for day, text, amount in _month_events(person, style, month, salaried):
            if balance + amount < 0:
                continue
            balance += amount
            rows.append(Txn(day, text, amount, balance))
        month = (month + timedelta(days=32)).replace(day=1)
    return opening, rows


def _closing_by_day(
    opening: Decimal, rows: list[Txn], start: date, end: date
) -> dict[date, Decimal]:
    last_of_day = {t.day: t.balance for t in rows}
    out, balance, day = {}, opening, start
    while day <= end:
        balance = last_of_day.get(day, balance)
        out[day] = balance
        day += timedelta(days=1)
    return out


def _mean(values: list[Decimal]) -> Decimal:
    return cents(sum(values, Decimal(0)) / len(values))


def median(values: list[Decimal]) -> Decimal:
    ordered, mid = sorted(values), len(values) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return cents((ordered[mid - 1] + ordered[mid]) / 2)


def _total(values: list[Decimal]) -> str:
    return f"{sum(values, Decimal(0)):.2f}"


def _month_flow(rows: list[Txn], closing: dict[date, Decimal], year: int, month: int) -> MonthFlow:
    inside = [t for t in rows if (t.day.year, t.day.month) == (year, month)]
    days = [v for d, v in closing.items() if (d.year, d.month) == (year, month)]
    return MonthFlow(
        month=f"{year:04d}-{month:02d}",
        inflow=_total([t.amount for t in inside if t.amount > 0]),
        outflow=_total([-t.amount for t in inside if t.amount < 0]),
        average_balance=f"{_mean(days):.2f}",
        salary=_total([t.amount for t in inside if t.amount > 0 and is_salary(t.description)]),
    )


def figures(
    opening: Decimal, rows: list[Txn], start: date, end: date
) -> tuple[dict[str, str], tuple[MonthFlow, ...]]:
    """The statement's computed fields and its months, per ``ocr.fields``."""
    closing = _closing_by_day(opening, rows, start, end)
    keys = sorted({(d.year, d.month) for d in closing})
    months = tuple(_month_flow(rows, closing, year, month) for year, month in keys)
    credits = sum((t.amount for t in rows if t.amount > 0), Decimal(0))
    debits = -sum((t.amount for t in rows if t.amount < 0), Decimal(0))
    fields = {
        "average_monthly_inflow": f"{cents(credits / len(keys)):.2f}",
        "average_monthly_outflow": f"{cents(debits / len(keys)):.2f}",
        "average_balance": f"{_mean(list(closing.values())):.2f}",
    }
    salaries = [t for t in rows if t.amount > 0 and is_salary(t.description)]
    if len({(t.day.year, t.day.month) for t in salaries}) >= 2:
        fields["salary_credit"] = f"{median([t.amount for t in salaries]):.2f}"
    return fields, months


def _account_number(style: Style, prefix: str) -> str:
    body = prefix + "".join(str(style.rng.randint(0, 9)) for _ in range(12))
    return body + luhn_check_digit(body)


def bank_statement(person: Person, style: Style, *, before: date | None = None) -> Built:
    """Three to six months of an account; with ``before``, the months just before that day."""
    rng, zh = style.rng, style.lang == "zh"
    n_months = rng.randint(3, 6)
    if before is None:
        first = date(rng.randint(2023, 2024), rng.randint(1, 12), 1)
    else:
        first = before.replace(day=1)
        for _ in range(n_months):
            first = (first - timedelta(days=1)).replace(day=1)
    opening, rows = transactions(person, style, first, n_months, salaried=rng.random() < 0.85)
    last_month = first
    for _ in range(n_months - 1):
        last_month = (last_month + timedelta(days=32)).replace(day=1)
    end = last_month.replace(day=calendar.monthrange(last_month.year, last_month.month)[1])
    bank_zh, bank_en, prefix = rng.choice(BANKS)
    bank = bank_zh if zh else bank_en
    account = _account_number(style, prefix)
    computed, months = figures(opening, rows, first, end)
    pages = _layout(person, style, bank, account, opening, rows, (first, end))
    fields = {
        "bank_name": bank,
        "full_name": person.name(style.lang),
        "account_number": account,
        "period_start": first.isoformat(),
        "period_end": end.isoformat(),
        **computed,
        "currency": "CNY",
    }
    return Built(fields, pages, months)


def _paginate(cells: list[list[str]], size: float) -> list[list[list[str]]]:
    """Rows per page: fewer on the first, under the account details."""
    first_cap = int((A4[1] - 400) / (size * 1.8))
    later_cap = int((A4[1] - 200) / (size * 1.8))
    chunks = [cells[:first_cap]]
    rest = cells[first_cap:]
    while rest:
        chunks.append(rest[:later_cap])
        rest = rest[later_cap:]
    return chunks


def _row_cells(txn: Txn, date_style: str) -> list[str]:
    debit = money(-txn.amount) if txn.amount < 0 else ""
    credit = money(txn.amount) if txn.amount > 0 else ""
    return [fmt_date(txn.day, date_style), txn.description, debit, credit, money(txn.balance)]


def _columns(zh: bool) -> list[Column]:
    heads = ("交易日期", "摘要", "支出", "收入", "余额")
    if not zh:
        heads = ("Date", "Description", "Debit", "Credit", "Balance")
    widths = (76, 178, 72, 72, 85)
    return [
        Column(h, w, "left" if i < 2 else "right")
        for i, (h, w) in enumerate(zip(heads, widths, strict=True))
    ]


def _layout(
    person: Person,
    style: Style,
    bank: str,
    account: str,
    opening: Decimal,
    rows: list[Txn],
    period: tuple[date, date],
) -> tuple[Page, ...]:
    zh = style.lang == "zh"
    size = min(style.size, 10.0)
    date_style = style.pick("iso", "compact", "slash") if zh else style.pick("iso", "en", "slash")
    if style.rng.random() < 0.5:
        account = " ".join(account[i : i + 4] for i in range(0, len(account), 4))
    chunks = _paginate([_row_cells(t, date_style) for t in rows], size)
    pages = []
    x = MARGIN + style.dx
    for number, chunk in enumerate(chunks, start=1):
        page = style.page(*A4)
        y = 70 + style.dy
        if number == 1:
            y = _statement_head(page, style, bank, person, account, opening, period)
        bottom = table(page, x, y, _columns(zh), chunk, size)
        if number == len(chunks):
            closing = [
                (
                    "期末余额" if zh else "Closing balance",
                    money(rows[-1].balance if rows else opening),
                )
            ]
            label_rows(page, style, x, bottom + 24, closing, 100)
        footer = f"第{number}页 共{len(chunks)}页" if zh else f"Page {number} of {len(chunks)}"
        page.text(A4[0] / 2, A4[1] - 40, footer, 9, align="center", color=(90, 90, 90))
        pages.append(page)
    return tuple(pages)


def _statement_head(
    page: Page,
    style: Style,
    bank: str,
    person: Person,
    account: str,
    opening: Decimal,
    period: tuple[date, date],
) -> float:
    zh = style.lang == "zh"
    heading(page, style, bank, 70 + style.dy, style.size + 6)
    title = (
        style.pick("个人账户对账单", "账户交易明细")
        if zh
        else style.pick("Account Statement", "Statement of Account")
    )
    x = MARGIN + style.dx
    page.text(x, 100 + style.dy, title, style.size + 3, bold=True)
    rows = [
        ("户名" if zh else "Account holder", person.name(style.lang)),
        ("账号" if zh else "Account No.", account),
        ("币种" if zh else "Currency", "人民币" if zh else "CNY"),
        ("起止日期" if zh else "Period", f"{style.date(period[0])} - {style.date(period[1])}"),
        ("期初余额" if zh else "Opening balance", money(opening)),
    ]
    return label_rows(page, style, x, 132 + style.dy, rows, 100) + 4
