"""Everyday A4 papers: payslips and utility bills, plus the table and label helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ocr.synth.canvas import A4, Page
from ocr.synth.people import Person, cents, money, random_amount
from ocr.synth.style import Built, Style

MARGIN = 56.0
GREY = (235, 235, 235)


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    align: str = "left"


def colon(style: Style) -> str:
    return "：" if style.lang == "zh" else ": "


def label_rows(
    page: Page, style: Style, x: float, y: float, rows: list[tuple[str, str]], label_w: float
) -> float:
    """Labels with their values beside them; returns the baseline below the last row."""
    step = style.size * 1.9
    for label, value in rows:
        page.text(x, y, label + colon(style).strip(), style.size, color=(60, 60, 60))
        page.text(x + label_w, y, value, style.size)
        y += step
    return y


def table(
    page: Page, x: float, y: float, columns: list[Column], rows: list[list[str]], size: float
) -> float:
    """A ruled table with a shaded header; returns the y under its bottom rule."""
    width = sum(c.width for c in columns)
    step = size * 1.8
    page.rect(x, y, width, step, fill=GREY, outline=None)
    page.rule(x, y, x + width, y, 0.8)
    for i, line in enumerate([[c.title for c in columns], *rows]):
        base = y + step * (i + 0.72)
        left = x
        for column, cell in zip(columns, line, strict=True):
            pad = 4.0
            if column.align == "right":
                page.text(left + column.width - pad, base, cell, size, align="right", bold=i == 0)
            else:
                page.text(left + pad, base, cell, size, bold=i == 0)
            left += column.width
        page.rule(x, y + step * (i + 1), x + width, y + step * (i + 1), 0.8 if i == 0 else 0.3)
    bottom = y + step * (len(rows) + 1)
    page.rule(x, bottom, x + width, bottom, 0.8)
    return bottom


def heading(page: Page, style: Style, title: str, y: float, size: float) -> None:
    """A title centred or flush left, as different firms do."""
    if style.rng.random() < 0.5:
        page.text(A4[0] / 2 + style.dx, y, title, size, bold=True, align="center")
    else:
        page.text(MARGIN + style.dx, y, title, size, bold=True)


# --- payslip -------------------------------------------------------------------------

_EARNINGS = (
    ("Basic salary", "基本工资"),
    ("Position allowance", "岗位津贴"),
    ("Performance bonus", "绩效奖金"),
    ("Overtime", "加班费"),
    ("Meal allowance", "餐补"),
)
_DEDUCTIONS = (
    ("Pension (8%)", "养老保险(8%)"),
    ("Medical (2%)", "医疗保险(2%)"),
    ("Unemployment (0.5%)", "失业保险(0.5%)"),
    ("Housing fund", "住房公积金"),
    ("Income tax", "个人所得税"),
)
_BRACKETS = ((3000, "0.03", 0), (12000, "0.10", 210), (25000, "0.20", 1410),
             (35000, "0.25", 2660), (55000, "0.30", 4410), (80000, "0.35", 7160))  # fmt: skip


def income_tax(taxable: Decimal) -> Decimal:
    """A month's individual income tax by the monthly bracket table."""
    if taxable <= 0:
        return Decimal("0.00")
    for ceiling, rate, quick in _BRACKETS:
        if taxable <= ceiling:
            return cents(taxable * Decimal(rate) - quick)
    return cents(taxable * Decimal("0.45") - 15160)


def _pay_lines(style: Style) -> tuple[list[Decimal], list[Decimal]]:
    rng = style.rng
    basic = Decimal(rng.randint(40, 260) * 100)
    earnings = [basic, cents(basic * Decimal(rng.choice(("0.1", "0.15", "0.2"))))]
    earnings += [
        random_amount(rng, 0, 6000),
        random_amount(rng, 0, 1500),
        Decimal(rng.choice((0, 300, 500))),
    ]
    gross = sum(earnings, Decimal(0))
    deductions = [cents(gross * Decimal(r)) for r in ("0.08", "0.02", "0.005")]
    housing = cents(gross * Decimal(rng.choice(("0.05", "0.07", "0.12"))))
    deductions.append(housing)
    deductions.append(income_tax(gross - sum(deductions, Decimal(0)) - 5000))
    return earnings, deductions


def _pay_tables(page: Page, style: Style, y: float, lines: tuple[list[Decimal], ...]) -> float:
    """Earnings and deductions side by side; returns the y under them."""
    zh = style.lang == "zh"
    half = (A4[0] - 2 * MARGIN - 20) / 2
    heads = (("收入项目", "金额"), ("扣款项目", "金额"))
    if not zh:
        heads = (("Earnings", "Amount"), ("Deductions", "Amount"))
    bottom = y
    for i, (names, values) in enumerate(zip((_EARNINGS, _DEDUCTIONS), lines, strict=True)):
        rows = [[n[1] if zh else n[0], money(v)] for n, v in zip(names, values, strict=True) if v]
        cols = [Column(heads[i][0], half - 90), Column(heads[i][1], 90, "right")]
        bottom = max(
            bottom, table(page, MARGIN + style.dx + i * (half + 20), y, cols, rows, style.size)
        )
    return bottom


def _payslip_head(page: Page, style: Style, person: Person, employer: str, period: date) -> float:
    zh, rng = style.lang == "zh", style.rng
    x, y = MARGIN + style.dx, 80 + style.dy
    heading(page, style, employer, y, style.size + 6)
    title = style.pick("工资条", "工资单", "员工工资明细")
    if not zh:
        title = style.pick("PAYSLIP", "Salary Slip", "Pay Statement")
    page.text(x, y + 30, title, style.size + 3, bold=True)
    month = (
        f"{period.year}年{period.month}月"
        if zh
        else style.pick(f"{period:%B %Y}", f"{period:%Y-%m}")
    )
    paid = (period + timedelta(days=40)).replace(day=rng.choice((5, 10, 15)))
    info = [
        ("员工姓名" if zh else style.pick("Employee", "Employee name"), person.name(style.lang)),
        ("工号" if zh else "Employee No.", f"E{rng.randint(10000, 99999)}"),
        ("工资月份" if zh else "Pay period", month),
        ("发放日期" if zh else "Pay date", style.date(paid)),
    ]
    return label_rows(page, style, x, y + 62, info, 110)


def payslip(person: Person, style: Style, *, before: date | None = None) -> Built:
    """A month's payslip; with ``before``, for the last whole month before that day."""
    zh, rng = style.lang == "zh", style.rng
    if before is None:
        period = date(rng.randint(2023, 2025), rng.randint(1, 12), 1)
    else:
        period = (before.replace(day=1) - timedelta(days=1)).replace(day=1)
    earnings, deductions = _pay_lines(style)
    gross, cut = sum(earnings, Decimal(0)), sum(deductions, Decimal(0))
    net = gross - cut
    employer = person.employer.zh if zh else person.employer.en
    page = style.page(*A4)
    y = _payslip_head(page, style, person, employer, period)
    y = _pay_tables(page, style, y, (earnings, deductions)) + 36
    totals = [
        ("应发合计" if zh else "Gross pay", style.money(gross)),
        ("扣款合计" if zh else "Total deductions", style.money(cut)),
        ("实发工资" if zh else style.pick("Net pay", "Net salary"), style.money(net)),
    ]
    y = label_rows(page, style, MARGIN + style.dx, y, totals, 130)
    note = "本工资条由系统生成，如有疑问请联系人力资源部。"
    if not zh:
        note = "This payslip is computer generated. Please contact HR with any questions."
    page.text(MARGIN + style.dx, y + 30, note, style.size - 1, color=(90, 90, 90))
    fields = {
        "employer": employer,
        "full_name": person.name(style.lang),
        "pay_period": f"{period:%Y-%m}",
        "gross_pay": f"{gross:.2f}",
        "net_pay": f"{cents(net):.2f}",
        "currency": "CNY",
    }
    return Built(fields, (page,))


# --- utility bill --------------------------------------------------------------------

#: provider (zh, en), title (zh, en), unit, usage range, unit price
_UTILITIES = {
    "power": (
        ("国网{c}供电公司", "State Grid {c} Power Supply Company"),
        ("电费账单", "Electricity Bill"),
        ("kWh", (150, 650), "0.617"),
    ),
    "water": (
        ("{c}自来水有限公司", "{c} Water Supply Co., Ltd."),
        ("水费账单", "Water Bill"),
        ("m³", (8, 35), "3.45"),
    ),
    "gas": (
        ("{c}燃气有限公司", "{c} Gas Co., Ltd."),
        ("燃气费账单", "Gas Bill"),
        ("m³", (10, 70), "3.00"),
    ),
}


def _bill_totals(page: Page, style: Style, y: float, due: Decimal, pay_by: date) -> None:
    zh = style.lang == "zh"
    totals = [
        ("应缴金额" if zh else style.pick("Amount due", "Total amount due"), style.money(due)),
        ("缴费截止日期" if zh else "Pay by", style.date(pay_by)),
    ]
    label_rows(page, style, MARGIN + style.dx, y, totals, 120)


def utility_bill(person: Person, style: Style) -> Built:
    zh, rng = style.lang == "zh", style.rng
    kind = rng.choice(sorted(_UTILITIES))
    (p_zh, p_en), (t_zh, t_en), (unit, (low, high), price) = _UTILITIES[kind]
    area = person.address.area
    provider = p_zh.format(c=area.city_zh) if zh else p_en.format(c=area.city_en)
    end = date(rng.randint(2023, 2025), rng.randint(1, 12), 1) - timedelta(days=1)
    start = end.replace(day=1)
    billed = end + timedelta(days=rng.randint(3, 9))
    used = rng.randint(low, high)
    before = rng.randint(1000, 60000)
    due = cents(used * Decimal(price))
    address = person.address.zh if zh else person.address.en
    page = style.page(*A4)
    x, y = MARGIN + style.dx, 80 + style.dy
    heading(page, style, provider, y, style.size + 6)
    page.text(x, y + 30, t_zh if zh else t_en, style.size + 3, bold=True)
    rows = [
        ("户名" if zh else style.pick("Customer", "Account name"), person.name(style.lang)),
        ("户号" if zh else "Account No.", str(rng.randint(10**9, 10**10 - 1))),
        ("地址" if zh else style.pick("Service address", "Address"), address),
        ("账单日期" if zh else "Bill date", style.date(billed)),
        ("计费周期" if zh else "Billing period", f"{style.date(start)} - {style.date(end)}"),
    ]
    y = label_rows(page, style, x, y + 64, rows, 105)
    heads = (
        ("上期读数", "本期读数", "用量", "单价", "金额")
        if zh
        else ("Previous", "Current", "Usage", "Unit price", "Amount")
    )
    width = (A4[0] - 2 * MARGIN) / 5
    cols = [Column(h, width, "right") for h in heads]
    line = [str(before), str(before + used), f"{used} {unit}", price, money(due)]
    y = table(page, x, y + 6, cols, [line], style.size) + 34
    _bill_totals(page, style, y, due, billed + timedelta(days=20))
    fields = {
        "provider": provider,
        "full_name": person.name(style.lang),
        "address": address,
        "bill_date": billed.isoformat(),
        "amount_due": f"{due:.2f}",
    }
    return Built(fields, (page,))
