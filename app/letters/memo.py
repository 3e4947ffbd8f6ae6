"""The credit memo: the whole case on paper for the file, personal numbers masked.

Applicant and loan, documents with the fields confirmed on them, the risk
score and its reasons, the policy rules, the decision history, and every
signature with its drawn image and whether it verifies against the record.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from app.domain.applicant import FIELDS as CASE_FIELDS
from app.domain.applicant import Group, Kind
from app.domain.docevents import DocumentState
from app.domain.documents import KIND_LABELS
from app.domain.masking import mask, mask_field
from app.domain.riskevents import RiskState
from app.letters import formats
from app.letters.facts import Letterhead, Memo, Signer, product_name
from app.letters.parts import document, instalment
from app.letters.pdf import (
    Block,
    Column,
    Heading,
    Items,
    Pairs,
    Paragraph,
    Picture,
    Subheading,
    Table,
    blocks,
    render,
)
from app.letters.texts import (
    CHOICES,
    DECISIONS,
    DOCUMENT_FIELDS,
    DOCUMENT_STATUSES,
    FIELDS,
    OUTCOMES,
    ROUTES,
    RULES,
    STATUSES,
    STEPS,
    TIERS,
    VERIFICATION,
    Language,
    label,
    pick,
    rule_detail,
    say,
)

#: numbers read from documents that are masked like the case's own
_DOCUMENT_MASKS = {
    "id_number": "id_number",
    "passport_number": "account",
    "account_number": "account",
    "phone": "phone",
}
#: amounts read from documents, written with thousands separators
_DOCUMENT_AMOUNTS = frozenset(
    {"gross_pay", "net_pay", "average_monthly_inflow", "average_monthly_outflow"}
    | {"average_balance", "salary_credit", "registered_capital", "amount_due"}
)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SPECS = {spec.name: spec for spec in CASE_FIELDS}


def _money_text(value: Any, language: Language) -> str:
    amount = value.get("amount") if isinstance(value, Mapping) else value
    currency = value.get("currency", "CNY") if isinstance(value, Mapping) else "CNY"
    try:
        number = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    if currency == "CNY":
        return formats.money(number, language)
    return f"{formats.number(number)} {currency}"


def _field_text(name: str, value: Any, language: Language, loan_product: str) -> str:
    """One case field as the memo prints it (personal numbers masked)."""
    spec = _SPECS[name]
    if spec.kind is Kind.MONEY:
        return _money_text(value, language)
    if name == "product":
        return loan_product or str(value)
    if name == "term_months":
        return say("months", language, n=value)
    if spec.kind is Kind.CHOICE:
        return label(CHOICES, str(value), language)
    if spec.kind is Kind.DATE:
        return _day(str(value), language)
    return str(mask_field(name, value))


def _day(text: str, language: Language) -> str:
    try:
        return formats.day(date.fromisoformat(text), language)
    except ValueError:
        return text


def _fields(memo: Memo, group: Group, language: Language) -> Pairs:
    product = product_name(memo.loan.product, language) if memo.loan is not None else ""
    rows = tuple(
        (label(FIELDS, spec.name, language), _field_text(spec.name, value, language, product))
        for spec in CASE_FIELDS
        if spec.group is group and (value := memo.fields.get(spec.name)) not in (None, "")
    )
    return Pairs(rows or ((say("none", language), ""),))


def _loan(memo: Memo, language: Language) -> list[Block]:
    parts: list[Block] = [Heading(say("loan_requested", language))]
    pairs = _fields(memo, Group.LOAN, language)
    if memo.loan is not None:
        plan = memo.loan.schedule()
        extra = (
            (say("rate", language), formats.percent(memo.loan.product.annual_rate, language)),
            (say("instalment", language), instalment(plan, language)),
            (say("apr", language), formats.percent(plan.apr, language)),
        )
        pairs = Pairs(pairs.rows + extra)
    parts.append(pairs)
    return parts


def _document_value(name: str, value: str, language: Language) -> str:
    """A value read from a document as the memo prints it: masked, money and dates spelled."""
    kind = _DOCUMENT_MASKS.get(name)
    if kind is not None:
        return mask(value, kind) if value else value
    if name in _DOCUMENT_AMOUNTS:
        try:
            return formats.number(Decimal(value))
        except InvalidOperation:
            return value
    return _day(value, language) if _ISO_DAY.fullmatch(value) else value


def _document_values(doc: DocumentState, language: Language) -> str:
    colon, sep = ("：", "；") if language == "zh" else (": ", "; ")
    return sep.join(
        f"{label(DOCUMENT_FIELDS, name, language)}{colon}{_document_value(name, value, language)}"
        for name, value in doc.values().items()
    )


def _kind(doc: DocumentState, language: Language) -> str:
    if doc.kind is None:
        return "–"
    words = KIND_LABELS[doc.kind].text(language)
    return words[:1].upper() + words[1:]


def _documents(memo: Memo, language: Language) -> list[Block]:
    parts: list[Block] = [Heading(say("documents", language))]
    if not memo.documents:
        parts.append(Paragraph(say("no_documents", language)))
        return parts
    rows = tuple(
        (
            doc.name,
            _kind(doc, language),
            label(DOCUMENT_STATUSES, doc.status, language),
            _document_values(doc, language),
        )
        for doc in memo.documents
    )
    columns = (
        Column(say("col_document", language), 1.3),
        Column(say("col_kind", language), 0.9),
        Column(say("col_status", language), 0.9),
        Column(say("col_fields", language), 2.5),
    )
    parts.append(Table(columns, rows))
    return parts


def _pd(risk: RiskState, language: Language) -> str:
    return formats.percent(Decimal(str(risk.pd)) * 100, language, places=1)


def _model(risk: RiskState, role: str, language: Language) -> str:
    return say(
        "model_value",
        language,
        model=risk.model_id,
        version=risk.version,
        role=say(role, language),
    )


def _risk(memo: Memo, language: Language) -> list[Block]:
    parts: list[Block] = [Heading(say("risk", language))]
    risk = memo.risk
    if risk is None:
        parts.append(Paragraph(say("not_scored", language)))
        return parts
    rows = [
        (say("model", language), _model(risk, "champion", language)),
        (say("pd", language), _pd(risk, language)),
        (say("score", language), f"{risk.score:.0f}"),
        (say("grade", language), risk.grade),
    ]
    if memo.risk_at is not None:
        rows.append((say("scored_at", language), formats.moment(memo.risk_at, language)))
    parts.append(Pairs(tuple(rows)))
    if risk.stale:
        parts.append(Paragraph(say("stale", language)))
    if memo.reasons:
        parts.append(Subheading(say("main_reasons", language)))
        parts.append(Items(tuple(pick(pair, language) for pair in memo.reasons)))
    other = memo.challenger
    if other is not None:
        parts.append(Subheading(say("challenger_model", language)))
        parts.append(
            Pairs(
                (
                    (say("model", language), _model(other, "challenger", language)),
                    (say("pd", language), _pd(other, language)),
                    (say("score", language), f"{other.score:.0f}"),
                    (say("grade", language), other.grade),
                )
            )
        )
    return parts


def _rules(memo: Memo, language: Language) -> list[Block]:
    parts: list[Block] = [Heading(say("rules", language))]
    if not memo.rules:
        parts.append(Paragraph(say("no_rules", language)))
        return parts
    if memo.routing is not None:
        route = label(ROUTES, memo.routing, language)
        parts.append(Paragraph(say("route", language, route=route)))
    rows = tuple(
        (
            label(RULES, r.code, language),
            label(OUTCOMES, r.outcome.value, language),
            rule_detail(r, language),
        )
        for r in memo.rules
    )
    columns = (
        Column(say("col_rule", language), 1.9),
        Column(say("col_result", language), 0.6),
        Column(say("col_detail", language), 2.6),
    )
    parts.append(Table(columns, rows))
    return parts


def _history(memo: Memo, language: Language) -> list[Block]:
    def what(step_what: str, value: str) -> str:
        if step_what in ("signed", "signed_void"):
            value = label(DECISIONS, value, language)
        elif step_what == "submitted":
            value = label(ROUTES, value, language)
        return say_step(step_what, value, language)

    rows = tuple((formats.moment(s.at, language), s.who, what(s.what, s.value)) for s in memo.steps)
    columns = (
        Column(say("col_when", language), 1.2),
        Column(say("col_who", language), 1.1),
        Column(say("col_what", language), 2.7),
    )
    return [Heading(say("history", language)), Table(columns, rows)]


def say_step(what: str, value: str, language: Language) -> str:
    return pick(STEPS[what], language).format(value=value)


def _signer(signer: Signer, language: Language) -> list[Block]:
    none = say("none", language)
    sep = "; " if language == "en" else "；"
    verification = label(VERIFICATION, signer.verification, language)
    if signer.problem:
        verification = f"{verification} {signer.problem}"
    rows = [
        (say("tier", language), label(TIERS, signer.tier, language)),
        (say("signed_at", language), formats.moment(signer.signed_at, language)),
    ]
    if signer.decision == "approve":
        rows.append((say("conditions", language), sep.join(signer.conditions) or none))
    if signer.decision == "decline":
        rows.append((say("reasons_short", language), sep.join(signer.reasons) or none))
    if signer.note:
        rows.append((say("note", language), signer.note))
    rows.append((say("verification", language), verification))
    decision = label(DECISIONS, signer.decision, language)
    title = say("signature_of", language, decision=decision, name=signer.name)
    parts: list[Block] = [Subheading(title), Pairs(tuple(rows))]
    if signer.image is not None:
        parts.append(Picture(signer.image, say("drawn", language)))
    else:
        parts.append(Paragraph(say("no_image", language), small=True))
    return parts


def _signatures(memo: Memo, language: Language) -> list[Block]:
    parts: list[Block] = [Heading(say("signatures", language))]
    if not memo.signers:
        parts.append(Paragraph(say("no_signatures", language)))
        return parts
    parts.append(Paragraph(say("all_verify" if memo.verified else "some_fail", language)))
    for signer in memo.signers:
        parts.extend(_signer(signer, language))
    return parts


def credit_memo(head: Letterhead, memo: Memo) -> bytes:
    language = head.language
    status = label(STATUSES, memo.status, language)
    body = blocks(
        Paragraph(say("memo_internal", language), small=True),
        Pairs(((say("case", language), head.case_no or ""), (say("status", language), status))),
        Heading(say("applicant", language)),
        _fields(memo, Group.APPLICANT, language),
        _loan(memo, language),
        _documents(memo, language),
        _risk(memo, language),
        _rules(memo, language),
        _history(memo, language),
        _signatures(memo, language),
    )
    return render(document(head, say("memo_title", language), body))
