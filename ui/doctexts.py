"""Words for document intake's codes (kinds, fields, problems, findings) in the UI language.

As in ``ui.texts``: the domain and the reader speak in stable codes with
English sentences; the screens translate by code here and fall back to the
English sentence for a code they do not know yet. Each table is built when
asked, so the words follow a live language switch.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.domain.crosscheck import Finding
from ocr.types import DocKind
from ui import texts


def language() -> str:
    """The catalogue's language: ``en``, or ``zh_CN`` once the Chinese catalogue is in."""
    # The catalogue knows which language it is; the settings are saved later than
    # a switch reaches the widgets, so they may still name the old one.
    return QCoreApplication.translate("DocTexts", "en", "the language code of this catalogue")


def kind_label(kind: DocKind | None) -> str:
    labels = {
        DocKind.ID_CARD_FRONT: QCoreApplication.translate("DocTexts", "ID card (front)"),
        DocKind.ID_CARD_BACK: QCoreApplication.translate("DocTexts", "ID card (back)"),
        DocKind.PASSPORT: QCoreApplication.translate("DocTexts", "Passport"),
        DocKind.PAYSLIP: QCoreApplication.translate("DocTexts", "Payslip"),
        DocKind.BANK_STATEMENT: QCoreApplication.translate("DocTexts", "Bank statement"),
        DocKind.BUSINESS_LICENCE: QCoreApplication.translate("DocTexts", "Business licence"),
        DocKind.UTILITY_BILL: QCoreApplication.translate("DocTexts", "Utility bill"),
        DocKind.OTHER: QCoreApplication.translate("DocTexts", "Other document"),
    }
    return (
        labels[kind] if kind is not None else QCoreApplication.translate("DocTexts", "Not read yet")
    )


def status_label(status: str) -> str:
    labels = {
        "attached": QCoreApplication.translate("DocTexts", "Attached"),
        "read": QCoreApplication.translate("DocTexts", "Read, to confirm"),
        "confirmed": QCoreApplication.translate("DocTexts", "Confirmed"),
    }
    return labels.get(status, status)


def field_label(name: str) -> str:
    """A document field's name (see ``ocr.fields.FIELDS``)."""
    labels = {
        "full_name": QCoreApplication.translate("DocTexts", "Full name"),
        "sex": QCoreApplication.translate("DocTexts", "Sex"),
        "ethnicity": QCoreApplication.translate("DocTexts", "Ethnicity"),
        "date_of_birth": QCoreApplication.translate("DocTexts", "Date of birth"),
        "address": QCoreApplication.translate("DocTexts", "Address"),
        "id_number": QCoreApplication.translate("DocTexts", "ID number"),
        "issuing_authority": QCoreApplication.translate("DocTexts", "Issuing authority"),
        "valid_from": QCoreApplication.translate("DocTexts", "Valid from"),
        "valid_until": QCoreApplication.translate("DocTexts", "Valid until"),
        "passport_number": QCoreApplication.translate("DocTexts", "Passport number"),
        "surname": QCoreApplication.translate("DocTexts", "Surname"),
        "given_names": QCoreApplication.translate("DocTexts", "Given names"),
        "nationality": QCoreApplication.translate("DocTexts", "Nationality"),
        "expiry_date": QCoreApplication.translate("DocTexts", "Expiry date"),
        "employer": QCoreApplication.translate("DocTexts", "Employer"),
        "pay_period": QCoreApplication.translate("DocTexts", "Pay period"),
        "gross_pay": QCoreApplication.translate("DocTexts", "Gross pay"),
        "net_pay": QCoreApplication.translate("DocTexts", "Net pay"),
        "currency": QCoreApplication.translate("DocTexts", "Currency"),
        "bank_name": QCoreApplication.translate("DocTexts", "Bank"),
        "account_number": QCoreApplication.translate("DocTexts", "Account number"),
        "period_start": QCoreApplication.translate("DocTexts", "Period start"),
        "period_end": QCoreApplication.translate("DocTexts", "Period end"),
        "average_monthly_inflow": QCoreApplication.translate("DocTexts", "Average monthly inflow"),
        "average_monthly_outflow": QCoreApplication.translate(
            "DocTexts", "Average monthly outflow"
        ),
        "average_balance": QCoreApplication.translate("DocTexts", "Average balance"),
        "salary_credit": QCoreApplication.translate("DocTexts", "Salary credit"),
        "company_name": QCoreApplication.translate("DocTexts", "Company name"),
        "credit_code": QCoreApplication.translate("DocTexts", "Unified social credit code"),
        "legal_representative": QCoreApplication.translate("DocTexts", "Legal representative"),
        "registered_capital": QCoreApplication.translate("DocTexts", "Registered capital"),
        "established_on": QCoreApplication.translate("DocTexts", "Established on"),
        "provider": QCoreApplication.translate("DocTexts", "Provider"),
        "bill_date": QCoreApplication.translate("DocTexts", "Bill date"),
        "amount_due": QCoreApplication.translate("DocTexts", "Amount due"),
        "monthly_income": QCoreApplication.translate("DocTexts", "Monthly income"),
    }
    return labels.get(name, name.replace("_", " "))


def month_headers() -> list[str]:
    """Column titles of a bank statement's months table."""
    return [
        QCoreApplication.translate("DocTexts", "Month"),
        QCoreApplication.translate("DocTexts", "Inflow"),
        QCoreApplication.translate("DocTexts", "Outflow"),
        QCoreApplication.translate("DocTexts", "Average balance"),
        QCoreApplication.translate("DocTexts", "Salary"),
    ]


def problem_text(field: str, code: str, message: str) -> str:
    """Why a value read or typed needs a look; the English sentence for an unknown code."""
    problems = {
        "field.missing": QCoreApplication.translate("DocTexts", "Not found on the document."),
        "field.low_confidence": QCoreApplication.translate(
            "DocTexts", "Hard to read; check it against the page."
        ),
        "id.format": QCoreApplication.translate(
            "DocTexts", "Not a well-formed resident ID number."
        ),
        "id.check": QCoreApplication.translate(
            "DocTexts", "The check digit does not match; a digit was misread or mistyped."
        ),
        "id.birth_mismatch": QCoreApplication.translate(
            "DocTexts", "The printed date of birth differs from the ID number's."
        ),
        "id.sex_mismatch": QCoreApplication.translate(
            "DocTexts", "The printed sex differs from the ID number's."
        ),
        "mrz.check": QCoreApplication.translate(
            "DocTexts", "A check digit of the machine-readable zone fails."
        ),
        "mrz.mismatch": QCoreApplication.translate(
            "DocTexts", "The printed value differs from the machine-readable zone."
        ),
        "date.invalid": QCoreApplication.translate("DocTexts", "Not a real date."),
        "uscc.check": QCoreApplication.translate(
            "DocTexts", "The credit code's check character does not match."
        ),
        "card.luhn": QCoreApplication.translate(
            "DocTexts", "The card number fails its check digit."
        ),
        "amount.format": QCoreApplication.translate(
            "DocTexts", "Write the amount as digits, e.g. 12500.00."
        ),
        "amount.invalid": QCoreApplication.translate("DocTexts", "Not an amount of money."),
        "id.repaired": QCoreApplication.translate(
            "DocTexts", "One digit too many was read and dropped; check the number."
        ),
        "statement.unbalanced": QCoreApplication.translate(
            "DocTexts",
            "Some transaction rows do not add up to their balance; check the figures.",
        ),
    }
    if code in problems:
        return problems[code]
    return texts.problem_text(field, code, message)


def refusal_text(code: str, message: str) -> str:
    """Why a file was not taken in, by the reader's code."""
    refusals = {
        "document.corrupt": QCoreApplication.translate(
            "DocTexts", "The file is damaged and cannot be opened."
        ),
        "document.empty": QCoreApplication.translate("DocTexts", "The file is empty."),
        "document.encrypted": QCoreApplication.translate(
            "DocTexts", "The PDF is protected by a password; ask for a copy without one."
        ),
        "document.office": QCoreApplication.translate(
            "DocTexts", "Office files cannot be read; save the document as PDF first."
        ),
        "document.too_big": QCoreApplication.translate(
            "DocTexts", "The file is too big to take in."
        ),
        "document.too_large": QCoreApplication.translate(
            "DocTexts", "A page is too large to read; scan it at a lower resolution."
        ),
        "document.too_many_pages": QCoreApplication.translate(
            "DocTexts", "The document has too many pages; split it."
        ),
        "document.unsupported": QCoreApplication.translate(
            "DocTexts", "This kind of file cannot be read; use PNG, JPEG, TIFF, BMP or PDF."
        ),
        "scan.failed": QCoreApplication.translate(
            "DocTexts", "The scanner could not scan the page."
        ),
    }
    return refusals.get(code, message)


def finding_text(finding: Finding) -> str:
    """A cross-check finding in words; the values compared are shown beside it."""
    findings = {
        "name.mismatch": QCoreApplication.translate(
            "DocTexts", "The name differs between documents or from the form."
        ),
        "id_number.mismatch": QCoreApplication.translate(
            "DocTexts", "The ID number differs between documents or from the form."
        ),
        "dob.mismatch": QCoreApplication.translate(
            "DocTexts", "The date of birth differs between documents or from the form."
        ),
        "id.expired": QCoreApplication.translate("DocTexts", "The ID card has expired."),
        "passport.expired": QCoreApplication.translate("DocTexts", "The passport has expired."),
        "licence.representative": QCoreApplication.translate(
            "DocTexts",
            "The business licence names another legal representative than the applicant.",
        ),
        "income.gap": QCoreApplication.translate(
            "DocTexts", "The declared monthly income is well above what the documents show."
        ),
        "document.stale": QCoreApplication.translate(
            "DocTexts", "The document is older than the checklist allows."
        ),
    }
    return findings.get(finding.code, finding.message)


def severity_label(severity: str) -> str:
    return (
        QCoreApplication.translate("DocTexts", "Error")
        if severity == "error"
        else QCoreApplication.translate("DocTexts", "Warning")
    )
