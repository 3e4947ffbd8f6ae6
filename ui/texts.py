"""Words for the domain's codes (fields, products, statuses, problems) in the UI language.

The domain speaks in stable codes with English messages; screens translate by
code here, so a change of wording never touches the domain. Each function
builds its table when called, so the words follow a live language switch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain.applicant import FIELD_BY_NAME, Group
from app.domain.case import Status
from app.domain.masking import mask_field
from app.domain.roles import Role

if TYPE_CHECKING:
    from app.services.sync import SyncReport

#: Roles in the order a person reads them: the desk's work first, then oversight.
ROLE_ORDER = (Role.OFFICER, Role.SUPERVISOR, Role.RISK_ANALYST, Role.AUDITOR, Role.ADMIN)


def field_label(name: str) -> str:
    labels = {
        "full_name": QCoreApplication.translate("Fields", "Full name"),
        "id_number": QCoreApplication.translate("Fields", "Resident ID number"),
        "date_of_birth": QCoreApplication.translate("Fields", "Date of birth"),
        "phone": QCoreApplication.translate("Fields", "Phone"),
        "address": QCoreApplication.translate("Fields", "Address"),
        "employer": QCoreApplication.translate("Fields", "Employer"),
        "employed_since": QCoreApplication.translate("Fields", "Employed since"),
        "monthly_income": QCoreApplication.translate("Fields", "Monthly income"),
        "monthly_debt_payments": QCoreApplication.translate("Fields", "Monthly debt payments"),
        "home": QCoreApplication.translate("Fields", "Housing"),
        "job_type": QCoreApplication.translate("Fields", "Employment type"),
        "monthly_expenses": QCoreApplication.translate("Fields", "Monthly living expenses"),
        "total_debt": QCoreApplication.translate("Fields", "Outstanding debt"),
        "assets": QCoreApplication.translate("Fields", "Assets"),
        "arrears_on_file": QCoreApplication.translate("Fields", "Arrears on file"),
        "purchase_price": QCoreApplication.translate("Fields", "Price of what the loan buys"),
        "product": QCoreApplication.translate("Fields", "Product"),
        "requested_amount": QCoreApplication.translate("Fields", "Amount requested"),
        "term_months": QCoreApplication.translate("Fields", "Term (months)"),
        "purpose": QCoreApplication.translate("Fields", "Purpose"),
    }
    spec = FIELD_BY_NAME.get(name)
    return labels.get(name, spec.label if spec else name)


def group_label(group: Group) -> str:
    labels = {
        Group.APPLICANT: QCoreApplication.translate("Fields", "Applicant"),
        Group.LOAN: QCoreApplication.translate("Fields", "Loan request"),
    }
    return labels[group]


def role_label(role: Role) -> str:
    labels = {
        Role.OFFICER: QCoreApplication.translate("Roles", "Loan officer"),
        Role.SUPERVISOR: QCoreApplication.translate("Roles", "Supervisor"),
        Role.RISK_ANALYST: QCoreApplication.translate("Roles", "Risk analyst"),
        Role.AUDITOR: QCoreApplication.translate("Roles", "Auditor"),
        Role.ADMIN: QCoreApplication.translate("Roles", "Administrator"),
    }
    return labels[role]


def roles_text(roles: Iterable[Role]) -> str:
    """``Loan officer, Administrator``: the roles held, in the usual order."""
    held = set(roles)
    return QCoreApplication.translate("Roles", ", ").join(
        role_label(role) for role in ROLE_ORDER if role in held
    )


def tier_label(name: str) -> str:
    """An approval tier of ``resources/authority.json`` in words."""
    labels = {
        "supervisor": QCoreApplication.translate("Roles", "Supervisor (first tier)"),
        "branch_manager": QCoreApplication.translate("Roles", "Branch manager (second tier)"),
    }
    return labels.get(name, name.replace("_", " "))


def decision_label(decision: str) -> str:
    labels = {
        "approve": QCoreApplication.translate("Decision", "approval"),
        "decline": QCoreApplication.translate("Decision", "decline"),
        "return": QCoreApplication.translate("Decision", "return for more information"),
    }
    return labels.get(decision, decision)


def product_label(code: str) -> str:
    labels = {
        "personal": QCoreApplication.translate("Products", "Personal loan"),
        "small_business": QCoreApplication.translate("Products", "Small business loan"),
        "secured": QCoreApplication.translate("Products", "Secured loan"),
    }
    return labels.get(code, code)


def choice_label(field: str, code: str) -> str:
    """A choice field's value in words: the product, the housing, the kind of job, yes or no."""
    if field == "product":
        return product_label(code)
    labels = {
        ("home", "owner"): QCoreApplication.translate("Choices", "Owns the home"),
        ("home", "parents"): QCoreApplication.translate("Choices", "Lives with parents"),
        ("home", "rent"): QCoreApplication.translate("Choices", "Rents"),
        ("home", "other"): QCoreApplication.translate("Choices", "Other"),
        ("job_type", "fixed"): QCoreApplication.translate("Choices", "Permanent employee"),
        ("job_type", "freelance"): QCoreApplication.translate(
            "Choices", "Self-employed or freelance"
        ),
        ("job_type", "partime"): QCoreApplication.translate("Choices", "Part-time"),
        ("job_type", "others"): QCoreApplication.translate("Choices", "Other"),
        ("arrears_on_file", "no"): QCoreApplication.translate("Choices", "No"),
        ("arrears_on_file", "yes"): QCoreApplication.translate("Choices", "Yes"),
    }
    return labels.get((field, code), code)


def status_label(status: Status | str) -> str:
    labels = {
        Status.DRAFT: QCoreApplication.translate("Statuses", "Draft"),
        Status.SUBMITTED: QCoreApplication.translate("Statuses", "Submitted"),
        Status.IN_REVIEW: QCoreApplication.translate("Statuses", "In review"),
        Status.APPROVED: QCoreApplication.translate("Statuses", "Approved"),
        Status.DECLINED: QCoreApplication.translate("Statuses", "Declined"),
        Status.RETURNED: QCoreApplication.translate("Statuses", "Returned"),
        Status.ACCEPTED: QCoreApplication.translate("Statuses", "Accepted"),
        Status.WITHDRAWN: QCoreApplication.translate("Statuses", "Withdrawn"),
    }
    try:
        return labels[Status(status)]
    except ValueError:
        return str(status)


_PROBLEMS: dict[str, object] = {
    "text.length": QT_TRANSLATE_NOOP("Problems", "At most {0} characters."),
    "text.control": QT_TRANSLATE_NOOP(
        "Problems", "Contains control characters; type the text again."
    ),
    "text.required": QT_TRANSLATE_NOOP("Problems", "This field is required."),
    "text.type": QT_TRANSLATE_NOOP("Problems", "Text is expected."),
    "id.format": QT_TRANSLATE_NOOP(
        "Problems", "An ID number has 17 digits and a final digit or X."
    ),
    "id.region": QT_TRANSLATE_NOOP("Problems", "The first two digits are not a province code."),
    "id.birth": QT_TRANSLATE_NOOP("Problems", "The birth date inside the ID number is not valid."),
    "id.check": QT_TRANSLATE_NOOP(
        "Problems", "The check digit does not match; a digit was mistyped."
    ),
    "phone.format": QT_TRANSLATE_NOOP(
        "Problems",
        "Use an 11-digit mobile number, a landline with its area code, or + and a country code.",
    ),
    "date.format": QT_TRANSLATE_NOOP("Problems", "Write the date as YYYY-MM-DD."),
    "date.range": QT_TRANSLATE_NOOP("Problems", "The date is before 1900."),
    "date.future": QT_TRANSLATE_NOOP("Problems", "The date is in the future."),
    "money.format": QT_TRANSLATE_NOOP(
        "Problems", "Not a valid amount: write digits with at most two decimals."
    ),
    "money.positive": QT_TRANSLATE_NOOP("Problems", "The amount must be more than zero."),
    "money.negative": QT_TRANSLATE_NOOP("Problems", "The amount cannot be negative."),
    "int.format": QT_TRANSLATE_NOOP("Problems", "A whole number is expected."),
    "int.range": QT_TRANSLATE_NOOP("Problems", "Enter a whole number from {0} to {1}."),
    "choice.unknown": QT_TRANSLATE_NOOP("Problems", "Choose one from the list."),
    "dob.mismatch": QT_TRANSLATE_NOOP(
        "Problems", "The date of birth does not match the ID number."
    ),
    "field.unknown": QT_TRANSLATE_NOOP("Problems", "No such field."),
}


def problem_text(field: str, code: str, message: str) -> str:
    """The sentence for a refused value, by its code; the domain's English if unknown."""
    source = _PROBLEMS.get(code)
    if source is None:
        return message
    spec = FIELD_BY_NAME.get(field)
    limits: tuple[object, ...] = ()
    if spec is not None and code == "text.length":
        limits = (spec.max_len,)
    elif spec is not None and code == "int.range":
        limits = (spec.minimum, spec.maximum)
    return QCoreApplication.translate("Problems", str(source)).format(*limits)


def currency_word(currency: str | None) -> str:
    """How the screen's language writes a currency after an amount: CNY, or 元 in Chinese."""
    if currency == "CNY":
        return QCoreApplication.translate("Money", "CNY", "after an amount in yuan")
    return currency or ""


def format_amount(amount: str | None, currency: str | None) -> str:
    """``150,000.00 CNY`` (``150,000.00 元`` in Chinese); an amount that will not parse is
    shown as stored."""
    if amount is None:
        return ""
    try:
        text = f"{Decimal(amount):,}"
    except InvalidOperation:
        text = amount
    return f"{text} {currency_word(currency)}".strip()


def format_percent(fraction: float, places: int = 1) -> str:
    """``24.1 %``: a share as a person reads it."""
    return f"{100 * fraction:.{places}f} %"


def format_value(field: str, value: Any) -> str:
    """A stored field value as a person reads it, masked if it is a personal number."""
    value = mask_field(field, value)
    if value is None or value == "":
        return QCoreApplication.translate("Values", "(empty)")
    if isinstance(value, dict) and "amount" in value:
        return format_amount(str(value["amount"]), str(value.get("currency") or ""))
    spec = FIELD_BY_NAME.get(field)
    if spec is not None and spec.choices:
        return choice_label(field, str(value))
    return str(value)


def local_time(at: str) -> datetime | None:
    """A stored UTC time stamp in this computer's time zone; None if it is not one."""
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_time(at: str) -> str:
    """An event's UTC time stamp in local time to the minute, as the screen's language
    writes it: ``28 Nov 2026 20:48``, ``2026年11月28日 20:48``. A stamp that will
    not parse is shown as stored."""
    local = local_time(at)
    return at if local is None else format_moment(local)


def format_moment(local: datetime) -> str:
    """A moment, already in the zone it is to be read in, as ``format_time`` writes it."""
    return QCoreApplication.translate(
        "Texts",
        "{day} {month} {year} {time}",
        "an event's local time; {month} is an English month, {month_number} its number",
    ).format(
        day=local.day,
        month=_MONTHS[local.month - 1],
        month_number=local.month,
        year=local.year,
        time=local.strftime("%H:%M"),
    )


def taken_from_branch(report: SyncReport) -> list[str]:
    """What the branch newly published and this sync put in use (or not), in sentences."""
    said = []
    models = report.models
    if models is not None and models.refused is None:
        said.append(QCoreApplication.translate("Texts", "The branch's new risk models are in use."))
    elif models is not None:
        said.append(
            QCoreApplication.translate(
                "Texts", "The branch's new risk models are not in use: {0}. Tell the branch's IT."
            ).format(models.refused)
        )
    for taken in report.rules:
        if taken.kind == "products" and taken.refused is None:
            text = QCoreApplication.translate(
                "Texts", "The branch's products, version {0}, are in force now."
            )
        elif taken.refused is None:
            text = QCoreApplication.translate(
                "Texts", "The branch's authority matrix, version {0}, is in force now."
            )
        elif taken.kind == "products":
            text = QCoreApplication.translate(
                "Texts", "The branch's products, version {0}, are not in force here: {1}."
            )
        else:
            text = QCoreApplication.translate(
                "Texts", "The branch's authority matrix, version {0}, is not in force here: {1}."
            )
        said.append(text.format(taken.version, _rules_refusal(taken.code, taken.refused)))
    return said


def _rules_refusal(code: str | None, words: str | None) -> str:
    why = {
        "damaged": QCoreApplication.translate("Texts", "it came damaged"),
        "left_out": QCoreApplication.translate("Texts", "it leaves out a product"),
        "tiers": QCoreApplication.translate(
            "Texts", "its tiers are not the ones this version knows"
        ),
        "unreadable": QCoreApplication.translate("Texts", "this version cannot read it"),
    }
    return why.get(code or "", words or "")


def drift_band(band: str | None) -> str:
    """A PSI band in words: stable, watch or act."""
    labels = {
        "stable": QCoreApplication.translate("ModelPage", "stable"),
        "watch": QCoreApplication.translate("ModelPage", "watch"),
        "act": QCoreApplication.translate("ModelPage", "act"),
    }
    return labels.get(band or "", band or "")


def _refusal_words() -> list[tuple[str, str]]:
    """The branch server's reasons for refusing an event: its English pattern, our words.

    The server says why in English sentences; each known one is matched here and
    said in the screen's language, its names and numbers kept. A reason from a
    newer server that matches none is shown as it came.
    """
    return [
        (
            "it was made by someone the branch does not know",
            QCoreApplication.translate(
                "Refusals", "it was made by someone the branch does not know"
            ),
        ),
        (
            "(?P<who>.+) is switched off in the branch",
            QCoreApplication.translate("Refusals", "{who} is switched off in the branch"),
        ),
        (
            r"(?P<who>.+) may not do this \((?P<what>.+)\)",
            QCoreApplication.translate("Refusals", "{who} may not do this ({what})"),
        ),
        (
            r"it does not fit the case \((?P<why>.+)\)",
            QCoreApplication.translate("Refusals", "it does not fit the case ({why})"),
        ),
        (
            "the branch already has a user named (?P<name>.+)",
            QCoreApplication.translate("Refusals", "the branch already has a user named {name}"),
        ),
        (
            "the branch already has the user (?P<id>.+)",
            QCoreApplication.translate("Refusals", "the branch already has the user {id}"),
        ),
        (
            r"it changes a user the branch does not know \((?P<id>.+)\)",
            QCoreApplication.translate(
                "Refusals", "it changes a user the branch does not know ({id})"
            ),
        ),
        (
            "only the user or an administrator sets a password",
            QCoreApplication.translate(
                "Refusals", "only the user or an administrator sets a password"
            ),
        ),
        (
            "whoever submitted or changed a case cannot decide it",
            QCoreApplication.translate(
                "Refusals", "whoever submitted or changed a case cannot decide it"
            ),
        ),
        (
            "it is signed as tier (?P<signed>.+), and its author signs as (?P<tier>.+)",
            QCoreApplication.translate(
                "Refusals", "it is signed as tier {signed}, and its author signs as {tier}"
            ),
        ),
        (
            "the case has no current risk grade or no amount to approve",
            QCoreApplication.translate(
                "Refusals", "the case has no current risk grade or no amount to approve"
            ),
        ),
        (
            r"the branch's authority matrix has no place for it \((?P<why>.+)\)",
            QCoreApplication.translate(
                "Refusals", "the branch's authority matrix has no place for it ({why})"
            ),
        ),
        (
            r"it is beyond its author's authority \((?P<why>.+)\)",
            QCoreApplication.translate("Refusals", "it is beyond its author's authority ({why})"),
        ),
        (
            "it says it completes the approval, and the authority matrix says another "
            "signature must follow",
            QCoreApplication.translate(
                "Refusals",
                "it says it completes the approval, and the authority matrix says another "
                "signature must follow",
            ),
        ),
        (
            "it says another signature must follow, and the authority matrix says it completes",
            QCoreApplication.translate(
                "Refusals",
                "it says another signature must follow, and the authority matrix says it completes",
            ),
        ),
        (
            "the case had moved on: (?P<why>.+)",
            QCoreApplication.translate("Refusals", "the case had moved on: {why}"),
        ),
        (
            "the case changed since this decision was signed: someone's later change "
            "reached the server first, so the supervisor must look at the case again "
            "and sign anew",
            QCoreApplication.translate(
                "Refusals",
                "the case changed since this decision was signed: someone's later change "
                "reached the server first, so the supervisor must look at the case again "
                "and sign anew",
            ),
        ),
        (
            "it is not signed with the key the branch holds for its author",
            QCoreApplication.translate(
                "Refusals", "it is not signed with the key the branch holds for its author"
            ),
        ),
        (
            "its signature does not verify",
            QCoreApplication.translate("Refusals", "its signature does not verify"),
        ),
        (
            "the case already holds this approval in this round: a second signature "
            "comes from another person, after the first",
            QCoreApplication.translate(
                "Refusals",
                "the case already holds this approval in this round: a second signature "
                "comes from another person, after the first",
            ),
        ),
    ]


def refusal_reason(reason: str) -> str:
    """Why the branch server refused a change, in the screen's language where it is known."""
    for pattern, words in _refusal_words():
        found = re.fullmatch(pattern, reason)
        if found is not None:
            return words.format(**found.groupdict())
    return reason


def refused_change(event_type: str) -> str:
    """What a change the branch server refused was, in words: "Your decision", ..."""
    words = {
        "DecisionSigned": QCoreApplication.translate("Texts", "Your decision"),
        "CaseSubmitted": QCoreApplication.translate("Texts", "The submission"),
        "ReviewStarted": QCoreApplication.translate("Texts", "Taking the case for review"),
        "ApplicantUpdated": QCoreApplication.translate("Texts", "A change to the applicant"),
        "LoanRequestUpdated": QCoreApplication.translate("Texts", "A change to the loan request"),
        "ConflictResolved": QCoreApplication.translate("Texts", "The resolution of a conflict"),
        "CommentAdded": QCoreApplication.translate("Texts", "A comment"),
    }
    return words.get(event_type, QCoreApplication.translate("Texts", "A change"))
