"""Printing a case's documents (offer, approval letter, decline notice, credit memo) and
product sheets, as PDF bytes.

Printing is an officer's act and needs the password again: every print is
checked against the case's state first (no approval letter for a case not
approved), then the password, and is recorded as one ``Printed`` event in
a write of its own. The PDF is returned, never written here: the only copy
on disk is the one the user chooses to save.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from app.domain.case import CaseState, Status
from app.domain.events import Event, EventType
from app.domain.offers import Method, OfferError
from app.domain.products import Catalogue, Product, ProductError, money_field
from app.domain.roles import Action
from app.errors import InvalidInput, NotFound, UserError
from app.letters.facts import (
    Letterhead,
    Loan,
    Memo,
    Signer,
    Step,
    Verification,
    product_name,
)
from app.letters.texts import BANK, Language
from app.services.accounts import AccountService
from app.services.branchrules import catalogue
from app.services.decisions import DecisionService, VerifyReport
from app.services.docdata import checklist_config
from app.services.profile import Profile

#: how long an approval letter says the approval stands, from the last approval signature
APPROVAL_VALID_DAYS = 30


class LetterKind(StrEnum):
    OFFER = "offer"
    APPROVAL = "approval"
    DECLINE = "decline"
    MEMO = "memo"


class LetterRefused(UserError):
    """A document the case's state does not allow (an approval letter for a declined case)."""


def language_of(text: str) -> Language:
    """``en`` or ``zh`` (``zh_CN``, the UI's name for it, is taken too)."""
    code = text.strip().replace("-", "_").lower()
    if code == "en":
        return "en"
    if code in ("zh", "zh_cn"):
        return "zh"
    raise InvalidInput({"language": [("letters.language", "en (English) or zh (Chinese)")]})


def kind_of(text: str) -> LetterKind:
    try:
        return LetterKind(text)
    except ValueError:
        choices = ", ".join(k.value for k in LetterKind)
        raise InvalidInput({"kind": [("letters.kind", f"one of {choices}")]}) from None


def _product(state: CaseState, products: Catalogue) -> Product | None:
    return products.products.get(str(state.value("product")))


def _amount(state: CaseState) -> Decimal | None:
    return money_field(state.fields, "requested_amount")


def has_terms(state: CaseState, products: Catalogue) -> bool:
    """Whether the case names a product, an amount and a term: what an offer is made of."""
    months = state.value("term_months")
    return (
        _product(state, products) is not None
        and _amount(state) is not None
        and isinstance(months, int)
    )


def _within_product(state: CaseState, products: Catalogue) -> bool:
    """Whether the amount and term are ones the product lends (an offer promises no other)."""
    product, amount = _product(state, products), _amount(state)
    months = state.value("term_months")
    if product is None or amount is None or not isinstance(months, int):
        return False
    return (
        product.amount_min <= amount <= product.amount_max
        and product.term_min <= months <= product.term_max
    )


def printable(state: CaseState, products: Catalogue) -> list[LetterKind]:
    """The documents the case's state allows, in the order a screen offers them."""
    kinds = []
    terms = has_terms(state, products)
    if _within_product(state, products) and state.status not in (Status.DECLINED, Status.WITHDRAWN):
        kinds.append(LetterKind.OFFER)
    if terms and state.status in (Status.APPROVED, Status.ACCEPTED):
        kinds.append(LetterKind.APPROVAL)
    if state.status is Status.DECLINED:
        kinds.append(LetterKind.DECLINE)
    kinds.append(LetterKind.MEMO)
    return kinds


def offer_methods(state: CaseState, products: Catalogue) -> tuple[Method, ...]:
    """The repayment methods the case's product offers (none without a product)."""
    product = _product(state, products)
    return product.methods if product is not None else ()


def _refusal(state: CaseState, kind: LetterKind, products: Catalogue) -> LetterRefused | None:
    if kind in printable(state, products):
        return None
    if kind is LetterKind.APPROVAL and state.status not in (Status.APPROVED, Status.ACCEPTED):
        return LetterRefused(
            "An approval letter is printed only for an approved case.", code="letters.not_approved"
        )
    if kind is LetterKind.DECLINE:
        return LetterRefused(
            "A decline notice is printed only for a declined case.", code="letters.not_declined"
        )
    if kind is LetterKind.OFFER and state.status in (Status.DECLINED, Status.WITHDRAWN):
        return LetterRefused("A declined or withdrawn case gets no offer.", code="letters.closed")
    if kind is LetterKind.OFFER and has_terms(state, products):
        return LetterRefused(
            "The amount or the term is outside what the product lends; no offer can be made.",
            code="letters.out_of_range",
        )
    return LetterRefused(
        "Fill in the case's product, amount and term first: the document is made of them.",
        code="letters.no_terms",
    )


def _verification(event: Event, report: VerifyReport) -> tuple[Verification, str]:
    """(valid, void or failed; the check's sentence when it failed) for one signature."""
    outcome = report.outcomes.get(event.id)
    if outcome is None:
        # no check of its own: the record was changed before the signatures could be checked
        return "failed", " ".join(report.lines[-1:])
    state, line = outcome
    if state == "valid":
        return "valid", ""
    if state == "void":
        return "void", ""
    return "failed", line


def check_writable(path: Path) -> None:
    """Refuse, in words, a path a PDF cannot be saved to, before anything is printed."""
    folder = path.parent
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name.", code="letters.folder")
    if not folder.is_dir():
        raise UserError(f"The folder {folder} does not exist.", code="letters.no_folder")
    if not os.access(path if path.exists() else folder, os.W_OK):
        raise UserError(f"Cannot write {path}: permission denied.", code="letters.denied")


def save_pdf(path: Path, data: bytes) -> None:
    """Write a printed document where the user chose, readable by its owner alone."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(handle, 0o600)  # a file that was there keeps no wider mode
        with os.fdopen(handle, "wb") as out:
            out.write(data)
    except OSError as exc:
        raise UserError(
            f"The document was printed but {path} could not be written: {exc.strerror}.",
            code="letters.not_written",
        ) from None


class LetterService:
    def __init__(self, profile: Profile) -> None:
        self._profile = profile
        self._store = profile.store

    # -- what a case may print -------------------------------------------------
    def printable(self, state: CaseState) -> list[LetterKind]:
        """The documents the case's state allows, by the products in force here."""
        return printable(state, catalogue(self._store))

    def offer_methods(self, state: CaseState) -> tuple[Method, ...]:
        """The repayment methods the case's product offers, by the products in force here."""
        return offer_methods(state, catalogue(self._store))

    def products(self) -> list[str]:
        """The codes of the products in force here, in their catalogue's order."""
        return list(catalogue(self._store).products)

    # -- printing ---------------------------------------------------------------
    def render(
        self,
        case_id: str,
        kind: str,
        language: str,
        password: str,
        *,
        method: Method | None = None,
    ) -> bytes:
        """The document ``kind`` of the case as PDF, after the password; the print is recorded.

        ``method`` is the repayment method of an offer's schedule (the product's
        first when not given).
        """
        which, lang = kind_of(kind), language_of(language)
        self._profile.require(Action.CASE_PRINT)
        state = self._state(case_id)
        refusal = _refusal(state, which, catalogue(self._store))
        if refusal is not None:
            raise refusal
        try:
            loan = self._loan(state, method)
        except LetterRefused:
            if which is not LetterKind.MEMO:
                raise
            loan = None  # the memo shows the case as it is, figures or not
        session = AccountService(self._profile).confirm_password(Action.CASE_PRINT, password)
        pdf = self._document(state, which, self._head(lang, state.case_no), loan)
        with self._store.writing() as tx:
            self._profile.emit(
                tx,
                EventType.PRINTED,
                {"what": which.value, "case_id": case_id},
                actor=session.user.user_id,
            )
        return pdf

    def product_sheet(self, product: str, language: str) -> bytes:
        """A product's sheet as PDF. It holds no personal data: no password, but recorded."""
        lang = language_of(language)
        session = self._profile.require(Action.CASE_PRINT)
        try:
            chosen = catalogue(self._store).product(product)
        except ProductError as exc:
            raise NotFound(str(exc)) from None
        needs = checklist_config().products.get(chosen.code, ())
        # fpdf2 and the font tools load with the first print, not with every command
        from app.letters.sheet import product_sheet

        pdf = product_sheet(self._head(lang, None), chosen, needs)
        with self._store.writing() as tx:
            self._profile.emit(
                tx,
                EventType.PRINTED,
                {"what": f"product_sheet:{chosen.code}", "case_id": None},
                actor=session.user.user_id,
            )
        return pdf

    # -- gathering the facts ------------------------------------------------------
    def _state(self, case_id: str) -> CaseState:
        state = self._store.case(case_id)
        if state is None:
            raise NotFound(f"There is no case {case_id}.")
        return state

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(ZoneInfo(self._profile.policy.timezone))

    def _at(self, at: str) -> datetime:
        return self._local(datetime.fromisoformat(at.replace("Z", "+00:00")))

    def letterhead(self, language: Language) -> Letterhead:
        """The bank's letterhead for a document about no one case, printed now."""
        return self._head(language, None)

    def _head(self, language: Language, case_no: str | None) -> Letterhead:
        printed = self._local(self._profile.clock())
        return Letterhead(language, printed, case_no, bank=self._bank())

    def _bank(self) -> str:
        """The name the profile was created with (the bank's, on every letterhead)."""
        created = self._store.events_of_types([EventType.PROFILE_CREATED], limit=1)
        return str(created[0][1].payload.get("name") or BANK) if created else BANK

    def _loan(self, state: CaseState, method: Method | None) -> Loan | None:
        product, amount = _product(state, catalogue(self._store)), _amount(state)
        months = state.value("term_months")
        if product is None or amount is None or not isinstance(months, int):
            return None
        if method is not None and method not in product.methods:
            raise InvalidInput(
                {"method": [("letters.method", "a repayment method the product offers")]}
            )
        loan = Loan(product, amount, months, method or product.methods[0])
        try:
            loan.schedule()
        except OfferError as exc:
            raise LetterRefused(f"No schedule can be made: {exc}.", code="letters.terms") from None
        return loan

    def _document(
        self, state: CaseState, kind: LetterKind, head: Letterhead, loan: Loan | None
    ) -> bytes:
        # fpdf2 and the font tools load with the first print, not with every command
        from app.letters.memo import credit_memo
        from app.letters.notices import approval_letter
        from app.letters.offer import offer

        name = str(state.value("full_name") or "")
        if kind is LetterKind.MEMO:
            return credit_memo(head, self._memo(state, loan))
        if kind is LetterKind.DECLINE:
            return self._decline(state, head, name)
        if loan is None:  # printable() let no such case through
            raise LetterRefused("The case has no loan terms to print.", code="letters.no_terms")
        if kind is LetterKind.OFFER:
            return offer(head, name, loan)
        approvals = [s for s in self._signers(state) if s.decision == "approve" and not s.void]
        if not approvals:
            raise LetterRefused("The case carries no approval in force.", code="letters.unsigned")
        until = max(s.signed_at for s in approvals).date() + timedelta(APPROVAL_VALID_DAYS)
        return approval_letter(head, name, loan, approvals, until)

    def _decline(self, state: CaseState, head: Letterhead, name: str) -> bytes:
        declines = [s for s in self._signers(state) if s.decision == "decline"]
        if not declines:
            raise LetterRefused("The case carries no signed decline.", code="letters.unsigned")
        # the one in force, else the latest: a notice says what was decided and why
        signer = next((s for s in reversed(declines) if not s.void), declines[-1])
        from app.letters.notices import decline_notice

        product = _product(state, catalogue(self._store))
        return decline_notice(
            head,
            name,
            signer,
            product=product_name(product, head.language) if product is not None else None,
            amount=_amount(state),
            model_reasons=DecisionService(self._profile).overview(state.case_id).model_reasons,
        )

    def _signers(self, state: CaseState, report: VerifyReport | None = None) -> list[Signer]:
        """The case's signatures, oldest first, with their images and (given ``report``) checks."""
        names = self._profile.user_names()
        events = {
            e.id: e
            for e in self._store.case_events(state.case_id)
            if e.type is EventType.DECISION_SIGNED
        }
        out = []
        for signature in state.signatures:
            event = events[signature.event_id]
            p = event.payload
            who = names.get(event.actor, event.actor)
            check, problem = _verification(event, report) if report else ("valid", "")
            digest = p.get("signature_image")
            out.append(
                Signer(
                    name=who,
                    decision=p["decision"],
                    tier=p["tier"],
                    signed_at=self._at(p["signed_at"]),
                    void=signature.void,
                    conditions=tuple(p.get("conditions", ())),
                    reasons=tuple(p.get("reasons", ())),
                    note=p.get("note", ""),
                    image=self._store.blob(digest) if digest else None,
                    verification=check,
                    problem=problem,
                )
            )
        return out

    def _memo(self, state: CaseState, loan: Loan | None) -> Memo:
        decisions = DecisionService(self._profile)
        overview, report = decisions.overview(state.case_id), decisions.verify(state.case_id)
        return Memo(
            status=state.status.value,
            fields=state.fields,
            loan=loan,
            documents=tuple(sorted(state.documents.values(), key=lambda d: d.attached_at)),
            risk=state.risk,
            challenger=state.risk_challenger,
            risk_at=self._at(state.risk.at) if state.risk is not None else None,
            reasons=tuple(overview.model_reasons),
            rules=tuple(overview.rules),
            routing=overview.routing,
            steps=tuple(self._steps(state)),
            signers=tuple(self._signers(state, report)),
            verified=report.ok,
        )

    def _steps(self, state: CaseState) -> list[Step]:
        """The case's history as far as the decision goes: opened, scored, submitted, signed."""
        names = self._profile.user_names()
        signatures = {s.event_id: s for s in state.signatures}
        steps = []
        for event in self._store.case_events(state.case_id):
            p, kind = event.payload, event.type
            if kind is EventType.RISK_ASSESSED and p.get("role") != "champion":
                continue
            what, value = {
                EventType.CASE_OPENED: ("opened", ""),
                EventType.RISK_ASSESSED: ("scored", str(p.get("grade"))),
                EventType.CASE_SUBMITTED: ("submitted", str(p.get("routing"))),
                EventType.REVIEW_STARTED: ("review", ""),
                EventType.DECISION_SIGNED: (
                    "signed_void"
                    if event.id in signatures and signatures[event.id].void
                    else "signed",
                    str(p.get("decision")),
                ),
                EventType.CASE_ACCEPTED: ("accepted", ""),
                EventType.CASE_WITHDRAWN: ("withdrawn", str(p.get("reason"))),
            }.get(kind, ("", ""))
            if what:
                who = names.get(event.actor, event.actor)
                steps.append(Step(self._at(event.at), who, what, value))
        return steps
