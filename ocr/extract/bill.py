"""Fields of a utility bill: who supplies, whom it is for, where, when and how much."""

from __future__ import annotations

from ocr.extract.common import Finder, by_neighbour, heading, labelled, missing
from ocr.extract.values import as_amount, as_date, as_name, as_text
from ocr.types import Field, PageText

PROVIDER = ("供电单位", "供水单位", "供气单位", "收费单位", "Provider", "Supplier")
NAME = ("户名", "用户名称", "客户名称", "Account Name", "Customer Name", "Customer", "Name")
ADDRESS = (
    "用电地址",
    "用水地址",
    "用气地址",
    "地址",
    "Service Address",
    "Supply Address",
    "Address",
)
BILL_DATE = ("账单日期", "出账日期", "Bill Date", "Billing Date", "Statement Date", "Date of Issue")
AMOUNT = ("应缴金额", "本期应缴", "应付金额", "Amount Due", "Total Due", "Total Amount Due")
ACCOUNT_NO = ("户号", "Account No")
OTHER = ("缴费截止日期", "Due Date", "Pay by", "计费周期", "Billing period")
LABELS = PROVIDER + NAME + ADDRESS + BILL_DATE + AMOUNT + ACCOUNT_NO + OTHER
_TITLE_WORDS = ("电费账单", "水费账单", "燃气费账单", "ELECTRICITY BILL", "WATER BILL", "GAS BILL")


def extract(pages: list[PageText]) -> list[Field]:
    finder = Finder(pages, LABELS)
    return [
        labelled(finder, "provider", PROVIDER, as_text)
        or heading(finder, "provider", _TITLE_WORDS),
        labelled(finder, "full_name", NAME, as_name)
        or by_neighbour(finder, "full_name", ACCOUNT_NO, -1, as_name)
        or missing("full_name"),
        labelled(finder, "address", ADDRESS, as_text) or missing("address"),
        labelled(finder, "bill_date", BILL_DATE, as_date, "date.invalid") or missing("bill_date"),
        labelled(finder, "amount_due", AMOUNT, as_amount, "amount.invalid")
        or missing("amount_due"),
    ]
