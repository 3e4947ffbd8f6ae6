"""The product sheet: what a product lends and costs, what to bring, how repayment works.

It carries no personal data. Each repayment method is shown on one worked
example computed with ``app.domain.offers``, the same code the offers use.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from app.domain.checklist import Need, Requirement
from app.domain.documents import KIND_LABELS
from app.domain.offers import Schedule
from app.domain.products import Product
from app.letters import formats
from app.letters.facts import Letterhead, Loan, product_name
from app.letters.parts import document, method_name
from app.letters.pdf import Block, Heading, Items, Pairs, Paragraph, Subheading, blocks, render
from app.letters.texts import METHOD_HOW, Language, label, say

#: the example loan: this amount and term, or the nearest the product allows
EXAMPLE_AMOUNT = Decimal(100000)
EXAMPLE_MONTHS = 36


def example_loan(product: Product) -> Loan:
    amount = min(max(EXAMPLE_AMOUNT, product.amount_min), product.amount_max)
    months = min(max(EXAMPLE_MONTHS, product.term_min), product.term_max)
    return Loan(product, amount, months, product.methods[0])


def _need(need: Need, language: Language) -> str:
    words = KIND_LABELS[need.kind].text(language)
    return words if need.min_count == 1 else f"{words} ×{need.min_count}"


def _requirement(requirement: Requirement, language: Language) -> str:
    both, either = ("和", "，或") if language == "zh" else (" and ", ", or ")
    options = either.join(
        both.join(_need(need, language) for need in alternative)
        for alternative in requirement.any_of
    )
    name = requirement.label.text(language)
    if options.casefold() == name.casefold():
        return name  # "Business licence: business licence" says it once
    colon = "：" if language == "zh" else ": "
    return f"{name}{colon}{options}"


def _glance(product: Product, language: Language) -> Pairs:
    money = formats.money
    return Pairs(
        (
            (
                say("amount", language),
                say(
                    "amount_range",
                    language,
                    low=money(product.amount_min, language),
                    high=money(product.amount_max, language),
                ),
            ),
            (
                say("term", language),
                say("term_range", language, low=product.term_min, high=product.term_max),
            ),
            (
                say("rate", language),
                say("rate_value", language, rate=formats.percent(product.annual_rate, language)),
            ),
            (
                say("fee", language),
                say("fee_share", language, share=formats.share(product.arrangement_fee, language)),
            ),
            (
                say("methods", language),
                ("、" if language == "zh" else ", ").join(
                    method_name(m, language) for m in product.methods
                ),
            ),
        )
    )


def _worked(plan: Schedule, language: Language) -> Pairs:
    money = formats.money
    return Pairs(
        (
            (say("first_payment", language), money(plan.rows[0].payment, language)),
            (say("last_payment", language), money(plan.rows[-1].payment, language)),
            (say("total_interest", language), money(plan.total_interest, language)),
            (say("total_cost", language), money(plan.total_cost, language)),
            (say("apr", language), formats.percent(plan.apr, language)),
        )
    )


def _methods(product: Product, language: Language) -> list[Block]:
    loan = example_loan(product)
    parts: list[Block] = [
        Heading(say("how", language)),
        Paragraph(
            say(
                "example",
                language,
                amount=formats.money(loan.amount, language),
                months=loan.months,
                rate=formats.percent(product.annual_rate, language),
                fee=formats.money(loan.fee, language),
            )
        ),
    ]
    for method in product.methods:
        parts.append(Subheading(method_name(method, language)))
        parts.append(Paragraph(label(METHOD_HOW, method, language)))
        parts.append(_worked(loan.schedule(method), language))
    return parts


def product_sheet(head: Letterhead, product: Product, needs: Sequence[Requirement]) -> bytes:
    language = head.language
    name = product_name(product, language)
    body = blocks(
        Paragraph(say("sheet_intro", language)),
        Heading(say("sheet_terms", language)),
        _glance(product, language),
        Heading(say("bring", language)),
        Paragraph(say("bring_intro", language)),
        Items(tuple(_requirement(r, language) for r in needs)),
        _methods(product, language),
    )
    return render(document(head, say("sheet_title", language, product=name), body))
