"""Fields of a payslip: who pays whom, for which month, gross and net."""

from __future__ import annotations

from ocr.extract.common import Finder, Span, heading, labelled, make_field, missing
from ocr.extract.values import as_amount, as_month, as_name, as_text
from ocr.parse import currency_of
from ocr.types import Field, PageText

EMPLOYER = ("单位名称", "发放单位", "用人单位", "公司名称", "Employer", "Company")
NAME = ("姓名", "员工姓名", "Employee Name", "Employee", "Name")
PERIOD = ("工资月份", "发放月份", "所属月份", "月份", "Pay Period", "Period", "Pay Month")
GROSS = ("应发工资", "应发合计", "应发", "Gross Pay", "Gross Salary", "Gross")
NET = ("实发工资", "实发金额", "实发", "Net Pay", "Net Salary", "Take-home Pay")
CURRENCY = ("币种", "Currency")
_TITLE_WORDS = (
    "工资条",
    "工资单",
    "员工工资明细",
    "PAYSLIP",
    "PAY SLIP",
    "SALARY SLIP",
    "PAY STATEMENT",
)
OTHER = ("工号", "Employee No", "发放日期", "Pay date", "扣款合计", "Total deductions") + (
    "收入项目",
    "扣款项目",
    "Earnings",
    "Deductions",
)
LABELS = EMPLOYER + NAME + PERIOD + GROSS + NET + CURRENCY + OTHER


def extract(pages: list[PageText]) -> list[Field]:
    finder = Finder(pages, LABELS)
    gross = labelled(finder, "gross_pay", GROSS, as_amount, "amount.invalid")
    net = labelled(finder, "net_pay", NET, as_amount, "amount.invalid")
    return [
        labelled(finder, "employer", EMPLOYER, as_text)
        or heading(finder, "employer", _TITLE_WORDS),
        labelled(finder, "full_name", NAME, as_name) or missing("full_name"),
        labelled(finder, "pay_period", PERIOD, as_month, "date.invalid") or missing("pay_period"),
        gross or missing("gross_pay"),
        net or missing("net_pay"),
        _currency(finder),
    ]


def _currency(finder: Finder) -> Field:
    found = labelled(finder, "currency", CURRENCY, currency_of)
    if found is not None and found.value:
        return found
    for line in finder.lines:
        span: Span = line.span(0, len(line.chars))
        code = currency_of(span.text)
        if code:
            return make_field("currency", code, span)
    return missing("currency")
