"""The offer: the loan's terms and cost, its whole repayment schedule, the methods compared."""

from __future__ import annotations

from decimal import Decimal

from app.domain.offers import Schedule
from app.letters import formats
from app.letters.facts import Letterhead, Loan
from app.letters.parts import addressee, document, instalment, loan_terms, method_name, sentences
from app.letters.pdf import Column, Heading, Pairs, Paragraph, Table, blocks, render
from app.letters.texts import Language, say


def schedule_table(plan: Schedule, language: Language) -> Table:
    """Every instalment with its principal, interest and what is still owed, and the totals."""
    number = formats.number
    return Table(
        columns=(
            Column(say("col_no", language), 0.6, "R"),
            Column(say("col_payment", language), 1.2, "R"),
            Column(say("col_principal", language), 1.2, "R"),
            Column(say("col_interest", language), 1.2, "R"),
            Column(say("col_balance", language), 1.3, "R"),
        ),
        rows=tuple(
            (
                str(row.month),
                number(row.payment),
                number(row.principal),
                number(row.interest),
                number(row.balance),
            )
            for row in plan.rows
        ),
        dense=True,
        total=(
            say("total", language),
            number(plan.total_paid),
            number(sum((r.principal for r in plan.rows), Decimal(0))),
            number(plan.total_interest),
            "",
        ),
    )


def comparison_table(loan: Loan, language: Language) -> Table:
    """Each of the product's repayment methods on the same loan, side by side."""
    plans = [loan.schedule(method) for method in loan.product.methods]
    number = formats.number
    rows = []
    for plan in plans:
        name = method_name(plan.method, language)
        if plan.method is loan.method:
            name = say("chosen", language, method=name)
        rows.append(
            (
                name,
                instalment(plan, language, bare=True),
                number(plan.total_interest),
                number(plan.total_cost),
                formats.percent(plan.apr, language),
            )
        )
    chosen = frozenset(n for n, plan in enumerate(plans) if plan.method is loan.method)
    return Table(
        columns=(
            Column(say("method", language), 1.5),
            Column(say("instalment", language), 1.7, "R"),
            Column(say("total_interest", language), 1.0, "R"),
            Column(say("total_cost_short", language), 1.0, "R"),
            Column(say("apr_short", language), 0.8, "R"),
        ),
        rows=tuple(rows),
        bold_rows=chosen,
    )


def offer(head: Letterhead, applicant: str, loan: Loan) -> bytes:
    """The offer for ``applicant``, with the schedule of ``loan.method``."""
    language = head.language
    plan = loan.schedule()
    title = say("offer_title", language)
    body = blocks(
        Paragraph(addressee(applicant, language)),
        Paragraph(say("offer_intro", language)),
        Heading(say("offer_terms", language)),
        Pairs(loan_terms(loan, plan, language)),
        Heading(say("compare", language)),
        Paragraph(sentences(language, say("compare_intro", language), say("in_cny", language))),
        comparison_table(loan, language),
        Heading(say("schedule", language, method=method_name(loan.method, language))),
        Paragraph(say("in_cny", language), small=True),
        schedule_table(plan, language),
        Paragraph(say("offer_note", language), small=True),
    )
    return render(document(head, title, body))
