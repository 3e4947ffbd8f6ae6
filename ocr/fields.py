"""Which fields each kind of document yields, and how their values are written.

The extractors fill these names, the sample generator writes its ground truth
with them, and cases store them; a name here is stored in events, so never
rename one.

Value formats (see ``ocr.types.Field``): dates ``YYYY-MM-DD``, months
``YYYY-MM``, amounts ``12345.67`` (two places, no separators, in the
document's currency), sex ``M``/``F``, ID numbers and codes upper-case with no
spaces, names as printed (Chinese names without spaces; Latin names upper-case,
surname first, one space between parts: ``ZHANG WEI``), currency an ISO code
(``CNY``, ``USD``), "long_term" for an ID card valid without end (长期).

Figures computed from a bank statement's transaction table (money rounded
half-up to cents):

- the months are the calendar months the statement period touches;
- ``average_monthly_inflow`` / ``_outflow``: all credits / debits in the
  period divided by the number of months;
- ``average_balance``: the mean over every day of the period of that day's
  closing balance (the opening balance until the first transaction);
- ``salary_credit``: the median of the credits whose description names a
  salary (工资, 代发工资, 薪金, SALARY, PAYROLL, WAGES) when such credits fall
  in at least two different months; absent otherwise;
- each ``MonthFlow``: that month's credits, debits, mean daily closing
  balance over its days inside the period, and the sum of its salary credits
  (``0.00`` when none).

A payslip's ``pay_period`` is the month paid (``YYYY-MM``). A passport's
``full_name`` is ``surname`` and ``given_names`` joined by a space; its dates
come from the machine-readable zone (birth years after this year's two digits
are 19xx, expiry years are 20xx).
"""

from __future__ import annotations

from ocr.types import DocKind

FIELDS: dict[DocKind, tuple[str, ...]] = {
    DocKind.ID_CARD_FRONT: (
        "full_name",
        "sex",
        "ethnicity",
        "date_of_birth",
        "address",
        "id_number",
    ),
    DocKind.ID_CARD_BACK: ("issuing_authority", "valid_from", "valid_until"),
    DocKind.PASSPORT: (
        "passport_number",
        "surname",
        "given_names",
        "full_name",
        "nationality",
        "date_of_birth",
        "sex",
        "expiry_date",
    ),
    DocKind.PAYSLIP: (
        "employer",
        "full_name",
        "pay_period",
        "gross_pay",
        "net_pay",
        "currency",
    ),
    DocKind.BANK_STATEMENT: (
        "bank_name",
        "full_name",
        "account_number",
        "period_start",
        "period_end",
        "average_monthly_inflow",
        "average_monthly_outflow",
        "average_balance",
        "salary_credit",
        "currency",
    ),
    DocKind.BUSINESS_LICENCE: (
        "company_name",
        "credit_code",
        "legal_representative",
        "registered_capital",
        "address",
        "established_on",
    ),
    DocKind.UTILITY_BILL: ("provider", "full_name", "address", "bill_date", "amount_due"),
    DocKind.OTHER: (),
}

#: fields a document of its kind may rightly lack (no salary paid into the account)
OPTIONAL_FIELDS = frozenset({"salary_credit"})

#: fields holding a person's identity: compared across the documents of a case
IDENTITY_FIELDS = ("full_name", "id_number")
