"""Pieces several documents share: the page frame, the loan's terms, an instalment in words."""

from __future__ import annotations

from decimal import Decimal

from app.domain.offers import Method, Schedule
from app.letters import formats
from app.letters.facts import Letterhead, Loan, product_name
from app.letters.pdf import Block, Document
from app.letters.texts import METHODS, Language, label, say


def document(head: Letterhead, title: str, blocks: tuple[Block, ...]) -> Document:
    when = formats.moment(head.printed_at, head.language)
    footer = (
        say("footer_case", head.language, case=head.case_no, time=when)
        if head.case_no
        else say("footer", head.language, time=when)
    )
    return Document(
        language=head.language,
        bank=head.bank,
        branch=head.branch,
        title=title,
        footer=footer,
        printed_at=head.printed_at,
        blocks=blocks,
    )


def method_name(method: Method, language: Language) -> str:
    return label(METHODS, method, language)


def instalment(plan: Schedule, language: Language, *, bare: bool = False) -> str:
    """The monthly payment in words: one figure, or how it moves over the term.

    ``bare`` leaves the currency out, for a table that names it once.
    """

    def money(amount: Decimal) -> str:
        return formats.number(amount) if bare else formats.money(amount, language)

    first, last = plan.rows[0].payment, plan.rows[-1].payment
    if first == last:
        return money(first)
    # equal principal falls month by month; otherwise only the last differs (the
    # balloon of interest-only, or the rounding the last equal instalment takes up)
    key = "falling" if plan.method is Method.EQUAL_PRINCIPAL else "balloon"
    return say(key, language, first=money(first), last=money(last))


def loan_terms(loan: Loan, plan: Schedule, language: Language) -> tuple[tuple[str, str], ...]:
    """The loan's terms and what it costs, as label-value rows."""
    money = formats.money

    def row(key: str, value: str) -> tuple[str, str]:
        return say(key, language), value

    return (
        row("product", product_name(loan.product, language)),
        row("amount", money(loan.amount, language)),
        row("term", say("months", language, n=loan.months)),
        row(
            "rate",
            say("rate_value", language, rate=formats.percent(loan.product.annual_rate, language)),
        ),
        row(
            "fee",
            say(
                "fee_value",
                language,
                money=money(plan.fees, language),
                share=formats.share(loan.product.arrangement_fee, language),
            ),
        ),
        row("method", method_name(plan.method, language)),
        row("instalment", instalment(plan, language)),
        row("total_interest", money(plan.total_interest, language)),
        row("total_cost", money(plan.total_cost, language)),
        row("total_repaid", money(plan.total_paid, language)),
        row("apr", formats.percent(plan.apr, language)),
    )


def sentences(language: Language, *parts: str) -> str:
    """Sentences one after another: a space between them in English, none in Chinese."""
    return ("" if language == "zh" else " ").join(parts)


def addressee(name: str, language: Language) -> str:
    """The greeting's name: the applicant's, or "Applicant" while the case has none."""
    return say("dear", language, name=name.strip() or say("applicant", language))
