"""The fields a case carries about the applicant and the loan asked for.

A change to a case is a *patch*: a mapping from field name to its new value
(``None`` clears it). Patches are validated here, field by field, then as a
whole against the fields already on the case.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from app.domain.canonical import JSONValue
from app.domain.money import Money
from app.domain.validation import (
    FieldProblem,
    check_date,
    check_id_number,
    check_phone,
    check_text,
    id_birth_date,
)
from app.errors import InvalidInput


class Group(StrEnum):
    APPLICANT = "applicant"
    LOAN = "loan"


class Kind(StrEnum):
    TEXT = "text"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    DATE = "date"
    MONEY = "money"
    INTEGER = "integer"
    CHOICE = "choice"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    group: Group
    kind: Kind
    label: str
    max_len: int = 100
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    choices: tuple[str, ...] = ()
    #: identity and money fields are never merged silently on sync
    sensitive: bool = False


PRODUCTS = ("personal", "small_business", "secured")
#: where the applicant lives: owns the home, with parents, rents, other
HOMES = ("owner", "parents", "rent", "other")
#: permanent employee, self-employed or freelance, part-time, other
JOB_TYPES = ("fixed", "freelance", "partime", "others")
YES_NO = ("no", "yes")


def _money(name: str, group: Group, label: str) -> FieldSpec:
    return FieldSpec(name, group, Kind.MONEY, label, minimum=Decimal(0), sensitive=True)


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("full_name", Group.APPLICANT, Kind.TEXT, "Full name", max_len=100, sensitive=True),
    FieldSpec("id_number", Group.APPLICANT, Kind.ID_NUMBER, "Resident ID number", sensitive=True),
    FieldSpec("date_of_birth", Group.APPLICANT, Kind.DATE, "Date of birth", sensitive=True),
    FieldSpec("phone", Group.APPLICANT, Kind.PHONE, "Phone"),
    FieldSpec("address", Group.APPLICANT, Kind.TEXT, "Address", max_len=300),
    FieldSpec("home", Group.APPLICANT, Kind.CHOICE, "Housing", choices=HOMES),
    FieldSpec("employer", Group.APPLICANT, Kind.TEXT, "Employer", max_len=200),
    FieldSpec("job_type", Group.APPLICANT, Kind.CHOICE, "Employment type", choices=JOB_TYPES),
    FieldSpec("employed_since", Group.APPLICANT, Kind.DATE, "Employed since"),
    FieldSpec(
        "monthly_income",
        Group.APPLICANT,
        Kind.MONEY,
        "Monthly income",
        minimum=Decimal(0),
        sensitive=True,
    ),
    _money("monthly_expenses", Group.APPLICANT, "Monthly living expenses"),
    FieldSpec(
        "monthly_debt_payments",
        Group.APPLICANT,
        Kind.MONEY,
        "Monthly debt payments",
        minimum=Decimal(0),
        sensitive=True,
    ),
    _money("total_debt", Group.APPLICANT, "Outstanding debt"),
    _money("assets", Group.APPLICANT, "Assets"),
    FieldSpec(
        "arrears_on_file",
        Group.APPLICANT,
        Kind.CHOICE,
        "Arrears on file",
        choices=YES_NO,
        sensitive=True,
    ),
    FieldSpec("product", Group.LOAN, Kind.CHOICE, "Product", choices=PRODUCTS),
    FieldSpec(
        "requested_amount",
        Group.LOAN,
        Kind.MONEY,
        "Amount requested",
        minimum=Decimal("0.01"),
        sensitive=True,
    ),
    _money("purchase_price", Group.LOAN, "Price of what the loan buys"),
    FieldSpec(
        "term_months",
        Group.LOAN,
        Kind.INTEGER,
        "Term (months)",
        minimum=Decimal(1),
        maximum=Decimal(360),
        sensitive=True,
    ),
    FieldSpec("purpose", Group.LOAN, Kind.TEXT, "Purpose", max_len=200),
)
FIELD_BY_NAME: dict[str, FieldSpec] = {f.name: f for f in FIELDS}


def _check_money(spec: FieldSpec, raw: Any) -> JSONValue:
    data = raw if isinstance(raw, Mapping) else {"amount": raw}
    try:
        money = Money.model_validate(dict(data))
    except ValidationError as exc:
        message = exc.errors()[0]["msg"].removeprefix("Value error, ")
        raise FieldProblem("money.format", message) from None
    if spec.minimum is not None and money.amount < spec.minimum:
        if spec.minimum > 0:
            raise FieldProblem("money.positive", "the amount must be more than zero")
        raise FieldProblem("money.negative", "the amount cannot be negative")
    return {"amount": str(money.amount), "currency": money.currency}


def _check_integer(spec: FieldSpec, raw: Any) -> JSONValue:
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise FieldProblem("int.format", "a whole number is expected")
    text = str(raw).strip()
    if not re.fullmatch(r"-?[0-9]+", text) or len(text) > 12:
        raise FieldProblem("int.format", "a whole number is expected")
    value = int(text)
    if (spec.minimum is not None and value < spec.minimum) or (
        spec.maximum is not None and value > spec.maximum
    ):
        raise FieldProblem("int.range", f"between {spec.minimum} and {spec.maximum}")
    return value


def _check_choice(spec: FieldSpec, raw: Any) -> JSONValue:
    if raw not in spec.choices:
        raise FieldProblem("choice.unknown", "choose one of: " + ", ".join(spec.choices))
    return str(raw)


def _as_text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise FieldProblem("text.type", "text is expected")
    return raw


_CHECKS: dict[Kind, Callable[[FieldSpec, Any, date], JSONValue]] = {
    Kind.TEXT: lambda s, v, t: check_text(_as_text(v), max_len=s.max_len),
    Kind.ID_NUMBER: lambda s, v, t: check_id_number(_as_text(v), today=t),
    Kind.PHONE: lambda s, v, t: check_phone(_as_text(v)),
    Kind.DATE: lambda s, v, t: check_date(_as_text(v), today=t),
    Kind.MONEY: lambda s, v, t: _check_money(s, v),
    Kind.INTEGER: lambda s, v, t: _check_integer(s, v),
    Kind.CHOICE: lambda s, v, t: _check_choice(s, v),
}


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def clean_patch(
    patch: Mapping[str, Any], *, current: Mapping[str, JSONValue], today: date
) -> dict[str, JSONValue]:
    """Validate and normalise a patch; raise ``InvalidInput`` naming every problem.

    Only fields whose value actually changes are kept, so saving an unchanged
    form appends nothing.
    """
    problems: dict[str, list[tuple[str, str]]] = {}
    cleaned: dict[str, JSONValue] = {}
    for name, raw in patch.items():
        spec = FIELD_BY_NAME.get(name)
        if spec is None:
            problems.setdefault(name[:40], []).append(("field.unknown", "no such field"))
            continue
        try:
            value = None if _is_blank(raw) else _CHECKS[spec.kind](spec, raw, today)
        except FieldProblem as problem:
            problems.setdefault(name, []).append((problem.code, problem.message))
            continue
        if current.get(name) != value:
            cleaned[name] = value
    if not problems:
        problems = _cross_check({**current, **cleaned}, changed=set(cleaned))
    if problems:
        raise InvalidInput(problems)
    return cleaned


def _cross_check(
    merged: Mapping[str, JSONValue], *, changed: set[str]
) -> dict[str, list[tuple[str, str]]]:
    """Checks across fields: the birth date must agree with the ID number."""
    number, born = merged.get("id_number"), merged.get("date_of_birth")
    if (
        isinstance(number, str)
        and isinstance(born, str)
        and changed & {"id_number", "date_of_birth"}
        and id_birth_date(number).isoformat() != born
    ):
        field = "date_of_birth" if "date_of_birth" in changed else "id_number"
        return {field: [("dob.mismatch", "the date of birth does not match the ID number")]}
    return {}
