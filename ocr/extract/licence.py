"""Fields of a PRC business licence (营业执照)."""

from __future__ import annotations

from ocr.checks import uscc_valid
from ocr.extract.common import Finder, by_neighbour, flagged, labelled, missing
from ocr.extract.values import as_amount, as_code, as_date, as_name, as_text
from ocr.types import Field, PageText, Problem

NAME = ("名称", "企业名称", "Company Name", "Name")
CODE = ("统一社会信用代码", "Unified Social Credit Code", "Credit Code")
LEGAL = ("法定代表人", "Legal Representative")
CAPITAL = ("注册资本", "Registered Capital")
ADDRESS = ("住所", "地址", "Address", "Domicile")
ESTABLISHED = ("成立日期", "Date of Establishment", "Established")
TERM = ("营业期限", "Business term")
OTHER = ("类型", "Type", "经营范围", "Business scope", *TERM, "登记机关")
LABELS = NAME + CODE + LEGAL + CAPITAL + ADDRESS + ESTABLISHED + OTHER + ("Registration authority",)


def extract(pages: list[PageText]) -> list[Field]:
    finder = Finder(pages, LABELS)
    return [
        labelled(finder, "company_name", NAME, as_text) or missing("company_name"),
        _credit_code(finder),
        labelled(finder, "legal_representative", LEGAL, as_name) or missing("legal_representative"),
        labelled(finder, "registered_capital", CAPITAL, as_amount, "amount.invalid")
        or missing("registered_capital"),
        labelled(finder, "address", ADDRESS, as_text) or missing("address"),
        labelled(finder, "established_on", ESTABLISHED, as_date, "date.invalid")
        or by_neighbour(finder, "established_on", TERM, -1, as_date)
        or missing("established_on"),
    ]


# Letters the code's alphabet leaves out, so a read one can only be the digit.
_NOT_IN_CODE = str.maketrans({"O": "0", "I": "1", "|": "1", "S": "5", "Z": "2"})


def _code(text: str) -> str | None:
    value = as_code(text)
    if not value or len(value) < 18:
        return None
    # Digits never hold O or I: the code's alphabet leaves them out.
    return value[:18].translate(_NOT_IN_CODE)


def _credit_code(finder: Finder) -> Field:
    found = labelled(finder, "credit_code", CODE, _code)
    if found is None or not found.value:
        return found or missing("credit_code")
    if uscc_valid(found.value):
        return found
    problem = Problem("uscc.check", f"Credit code {found.value} fails its check character.")
    return flagged(found, problem)
