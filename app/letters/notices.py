"""The letters to the applicant about a decision: the approval letter and the decline notice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from app.letters import formats
from app.letters.facts import Letterhead, Loan, Signer
from app.letters.parts import addressee, document, loan_terms
from app.letters.pdf import Column, Heading, Items, Pairs, Paragraph, Table, blocks, render
from app.letters.texts import RULES, RULES_PLAIN, TIERS, Language, Pair, label, pick, say


def _signers_table(signers: Sequence[Signer], language: Language) -> Table:
    return Table(
        columns=(
            Column(say("col_name", language), 1.4),
            Column(say("col_tier", language), 1.2),
            Column(say("col_signed", language), 1.0),
        ),
        rows=tuple(
            (s.name, label(TIERS, s.tier, language), formats.day(s.signed_at.date(), language))
            for s in signers
        ),
    )


def approval_letter(
    head: Letterhead,
    applicant: str,
    loan: Loan,
    signers: Sequence[Signer],
    valid_until: date,
) -> bytes:
    """The approval, its terms, the signers' conditions, how long it stands, who signed."""
    language = head.language
    conditions = tuple(c for s in signers for c in s.conditions)
    if conditions:
        conditions_part = blocks(Paragraph(say("conditions_intro", language)), Items(conditions))
    else:
        conditions_part = blocks(Paragraph(say("no_conditions", language)))
    body = blocks(
        Paragraph(addressee(applicant, language)),
        Paragraph(say("approval_intro", language, case=head.case_no or "")),
        Heading(say("approval_terms", language)),
        Pairs(loan_terms(loan, loan.schedule(), language)),
        Heading(say("conditions", language)),
        conditions_part,
        Heading(say("validity", language)),
        Paragraph(say("validity_text", language, date=formats.day(valid_until, language))),
        Heading(say("approved_by", language)),
        _signers_table(signers, language),
        Paragraph(say("approval_close", language)),
    )
    return render(document(head, say("approval_title", language), body))


def _key(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(".。")


def plain_reason(text: str, language: Language, model_reasons: Sequence[Pair] = ()) -> str:
    """A recorded reason in the applicant's words and language, where it is one LoanDesk knows.

    The sign-off dialog offers the failed rules' names and the model's reasons in
    the supervisor's language; a rule's name becomes a sentence the applicant
    understands, a model reason is given in the notice's language. Anything
    else a supervisor typed is printed as it was signed.
    """
    wanted = _key(text)
    for code, names in RULES.items():
        if wanted in (_key(names[0]), _key(names[1])):
            return pick(RULES_PLAIN[code], language)
    for pair in model_reasons:
        if wanted in (_key(pair[0]), _key(pair[1])):
            return pick(pair, language)
    return text.strip()


def _intro(head: Letterhead, product: str | None, amount: Decimal | None) -> str:
    language, case = head.language, head.case_no or ""
    if product is None or amount is None:
        return say("decline_intro_plain", language, case=case)
    if language == "en" and product[1:2].islower():
        product = product[:1].lower() + product[1:]  # "a personal loan" within the sentence
    money = formats.money(amount, language)
    return say("decline_intro", language, case=case, product=product, amount=money)


def decline_notice(
    head: Letterhead,
    applicant: str,
    signer: Signer,
    *,
    product: str | None = None,
    amount: Decimal | None = None,
    model_reasons: Sequence[Pair] = (),
) -> bytes:
    """The decline, its principal reasons in plain words, and the applicant's rights."""
    language = head.language
    reasons = tuple(plain_reason(r, language, model_reasons) for r in signer.reasons)
    body = blocks(
        Paragraph(addressee(applicant, language)),
        Paragraph(_intro(head, product, amount)),
        Pairs(((say("decided_on", language), formats.day(signer.signed_at.date(), language)),)),
        Heading(say("reasons", language)),
        Items(reasons),
        Paragraph(say("rights", language)),
    )
    return render(document(head, say("decline_title", language), body))
