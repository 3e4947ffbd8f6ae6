"""Printing a case's documents and product sheets: what they say, in both languages, and
what printing records.

The PDFs are read back with pdfplumber (the Chinese must come back as text)
and drawn with pypdfium2 (ink must be where the text is). The schedule's
figures are checked against a computation of their own here, from the
rounding rule of ``app.domain.offers``, and its totals against that module.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import pdfplumber
import pypdfium2
import pytest
from pdfminer.pdftypes import resolve1
from PIL import Image, ImageDraw

from app.domain.case import Status
from app.domain.events import Event, EventType
from app.domain.offers import Method, schedule
from app.domain.roles import PermissionDenied, Role
from app.letters import texts
from app.letters.formats import number
from app.letters.texts import RULES, RULES_PLAIN, Language, say
from app.services.accounts import AccountService, SignInRefused
from app.services.branchrules import shipped_catalogue as catalogue
from app.services.cases import CaseService
from app.services.decisions import DecisionService
from app.services.intake import IntakeService
from app.services.letters import LetterKind, LetterRefused, LetterService
from app.services.profile import Profile
from ocr.synth import generate
from ocr.types import DocKind
from tests.conftest import PASSWORD, USER_PASSWORD, act_as, sign_in
from tests.services.test_decisions import GOOD, submitted_case

LANGUAGES: tuple[Language, ...] = ("en", "zh")
ZONE = ZoneInfo("Asia/Shanghai")  # the security policy's default time zone
CONDITIONS = ["Salary paid into our bank for the whole term", "工资代发至我行"]
REASONS = ["Income could not be verified for the last year", "申请人近期查询次数过多"]


# -- making cases --------------------------------------------------------------------
def signature_png() -> bytes:
    """A drawn signature as the sign-off pad makes one: grey strokes on white."""
    image = Image.new("L", (600, 200), 255)
    ImageDraw.Draw(image).line([(30, 150), (150, 40), (300, 160), (560, 60)], fill=0, width=8)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _supervisor(profile: Profile) -> DecisionService:
    """The supervisor at the desk (added the first time)."""
    if any(u.username == "u.supervisor" for u in profile.store.users()):
        AccountService(profile).sign_in("u.supervisor", USER_PASSWORD)
    else:
        act_as(profile, Role.SUPERVISOR)
    return DecisionService(profile)


def approved_case(profile: Profile, **changes: Any) -> str:
    """A case a supervisor approved with conditions and a drawn signature; the officer back."""
    case_id = submitted_case(profile, **changes)
    decisions = _supervisor(profile)
    decisions.start_review(case_id)
    decisions.decide(
        case_id, "approve", USER_PASSWORD, conditions=CONDITIONS, signature_image=signature_png()
    )
    sign_in(profile)
    return case_id


def declined_case(profile: Profile, reasons: list[str]) -> str:
    case_id = submitted_case(profile)
    decisions = _supervisor(profile)
    decisions.start_review(case_id)
    decisions.decide(case_id, "decline", USER_PASSWORD, reasons=reasons)
    sign_in(profile)
    return case_id


# -- reading the PDFs back ---------------------------------------------------------------
def pages_text(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def text_of(pdf: bytes) -> str:
    return "\n".join(pages_text(pdf))


def flat(text: str) -> str:
    """Text without line breaks or spaces, to find a sentence the layout wrapped."""
    return re.sub(r"\s+", "", text)


def embedded_fonts(pdf: bytes) -> set[str]:
    """The names of the fonts whose TrueType program is embedded, on any page."""
    names: set[str] = set()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for ref in resolve1(page.page_obj.resources["Font"]).values():
                font = resolve1(ref)
                descendant = resolve1(resolve1(font["DescendantFonts"])[0])
                if "FontFile2" in resolve1(descendant["FontDescriptor"]):
                    names.add(font["BaseFont"].name)
    return names


def assert_inked_where_the_text_is(pdf: bytes) -> None:
    """Every page drawn: dark pixels in each word's box, white in the empty left margin."""
    scale = 2.0
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        boxes = [[(w["x0"], w["top"], w["x1"], w["bottom"]) for w in p.extract_words()]
                 for p in doc.pages]  # fmt: skip
    rendered = pypdfium2.PdfDocument(pdf)
    try:
        assert len(rendered) == len(boxes)
        for page, words in zip(rendered, boxes, strict=True):
            image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
            assert words, "a page without text"
            for x0, top, x1, bottom in words:
                crop = image.crop((int(x0 * scale), int(top * scale),
                                   int(x1 * scale) + 1, int(bottom * scale) + 1))  # fmt: skip
                assert crop.getextrema()[0] < 160, "a word drawn without ink"
            # the left margin beside the body (18 mm) holds nothing at all
            margin = image.crop((0, int(90 * scale), int(40 * scale), int(700 * scale)))
            assert margin.getextrema()[0] > 245
    finally:
        rendered.close()


def all_events(profile: Profile) -> list[Event]:
    return list(profile.store.all_events())


def events_of(profile: Profile, kind: EventType) -> list[dict[str, Any]]:
    return [e.payload for e in all_events(profile) if e.type is kind]


def local_day(at: str, language: Language) -> str:
    moment = datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone(ZONE)
    return (
        f"{moment.year}年{moment.month}月{moment.day}日"
        if language == "zh"
        else f"{moment:%Y-%m-%d}"
    )


# -- the offer ------------------------------------------------------------------------------
_ROW = re.compile(r"^(\d+) ([\d,]+\.\d\d) ([\d,]+\.\d\d) ([\d,]+\.\d\d) ([\d,]+\.\d\d)$")


def _money(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def schedule_rows(pdf: bytes) -> list[tuple[int, Decimal, Decimal, Decimal, Decimal]]:
    rows = []
    for line in text_of(pdf).splitlines():
        match = _ROW.match(line.strip())
        if match:
            month, *figures = match.groups()
            payment, principal, interest, balance = (_money(f) for f in figures)
            rows.append((int(month), payment, principal, interest, balance))
    return rows


def _cents(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_offers_schedule_repays_the_amount_exactly_and_its_totals_are_the_loans(
    profile: Profile, language: Language
) -> None:
    case_id = submitted_case(profile)
    pdf = LetterService(profile).render(case_id, "offer", language, PASSWORD)
    amount, months = Decimal(str(GOOD["requested_amount"])), int(str(GOOD["term_months"]))
    product = catalogue().product("personal")
    rows = schedule_rows(pdf)
    assert [r[0] for r in rows] == list(range(1, months + 1))  # the repeated header adds none
    assert sum(r[2] for r in rows) == amount
    # Each month: interest on what is owed, rounded half up; principal what the payment leaves.
    r = Fraction(product.annual_rate) / 1200
    level = _cents(Fraction(amount) * r / (1 - (1 + r) ** -months))
    owed = amount
    for month, payment, principal, interest, balance in rows:
        assert interest == _cents(Fraction(owed) * r)
        assert payment == principal + interest
        assert balance == owed - principal
        if month < months:
            assert payment == level
        owed = balance
    assert owed == 0
    # The totals printed are the sums of the rows, and what app.domain.offers says.
    fee = (amount * product.arrangement_fee).quantize(Decimal("0.01"), ROUND_HALF_UP)
    plan = schedule(Method.EQUAL_INSTALMENTS, amount, product.annual_rate, months, fees=fee)
    interest_total = sum((x[3] for x in rows), Decimal(0))
    assert interest_total == plan.total_interest
    text = flat(text_of(pdf))
    total_row = " ".join(
        number(x) for x in (sum((x[1] for x in rows), Decimal(0)), amount, interest_total)
    )
    assert flat(say("total", language) + total_row) in text
    unit = "元" if language == "zh" else "CNY"
    for key, value in (
        ("total_interest", plan.total_interest),
        ("total_cost", interest_total + fee),
        ("total_repaid", plan.total_paid),
    ):
        assert flat(f"{say(key, language)}{number(value)} {unit}") in text
    assert flat(say("apr", language)) + f"{plan.apr}" in text


def test_the_offer_compares_every_method_of_the_product(profile: Profile) -> None:
    case_id = submitted_case(profile, product="small_business", requested_amount="120000")
    pdf = LetterService(profile).render(
        case_id, "offer", "en", PASSWORD, method=Method.EQUAL_PRINCIPAL
    )
    text = flat(text_of(pdf))
    product = catalogue().product("small_business")
    fee = Decimal("120000") * product.arrangement_fee
    for method in product.methods:
        plan = schedule(method, Decimal(120000), product.annual_rate, 36, fees=fee)
        # a long name wraps within its cell, so its lines may come apart
        assert all(word in text for word in texts.METHODS[method][0].split())
        assert flat(f"{number(plan.total_interest)}{number(plan.total_cost)}{plan.apr}") in text
    assert flat(say("schedule", "en", method="Equal principal")) in text
    rows = schedule_rows(pdf)
    principal = [r[2] for r in rows]
    assert len(set(principal[:-1])) == 1  # the same principal every month
    assert sum(principal) == Decimal(120000)


def test_an_offer_needs_the_product_amount_and_term_within_the_products_ranges(
    profile: Profile,
) -> None:
    sign_in(profile)
    cases, service = CaseService(profile), LetterService(profile)
    partial = cases.open_case({"full_name": "陈静", "product": "personal"}).case_id
    beyond = cases.open_case(
        {"product": "personal", "requested_amount": "600000", "term_months": 36}
    ).case_id  # the personal loan lends up to 500,000
    before = len(all_events(profile))
    for case_id, why in ((partial, "product, amount and term"), (beyond, "outside what")):
        assert service.printable(cases.get(case_id)) == [LetterKind.MEMO]
        with pytest.raises(LetterRefused, match=why):
            service.render(case_id, "offer", "en", PASSWORD)
    assert len(all_events(profile)) == before


# -- the approval letter and the decline notice ---------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_approval_letter_names_the_applicant_terms_conditions_and_signers(
    profile: Profile, language: Language
) -> None:
    case_id = approved_case(profile)
    pdf = LetterService(profile).render(case_id, "approval", language, PASSWORD)
    text = text_of(pdf)
    assert say("approval_title", language) in text
    assert str(GOOD["full_name"]) in text
    for condition in CONDITIONS:
        assert condition in text
    [signed] = [
        e.payload for e in profile.store.case_events(case_id) if e.type is EventType.DECISION_SIGNED
    ]
    assert f"User supervisor {texts.pick(texts.TIERS['supervisor'], language)} " in text
    assert local_day(signed["signed_at"], language) in text
    signed_on = datetime.fromisoformat(signed["signed_at"].replace("Z", "+00:00"))
    valid_until = (signed_on.astimezone(ZONE) + timedelta(days=30)).isoformat()
    assert local_day(valid_until, language) in text
    unit = "元" if language == "zh" else "CNY"
    assert f"100,000.00 {unit}" in text
    assert catalogue().product("personal").name[language] in text


def test_no_approval_letter_for_a_case_not_approved_nor_a_decline_notice_for_one_not_declined(
    profile: Profile,
) -> None:
    case_id = submitted_case(profile)
    service = LetterService(profile)
    with pytest.raises(LetterRefused, match="only for an approved case"):
        service.render(case_id, "approval", "en", PASSWORD)
    with pytest.raises(LetterRefused, match="only for a declined case"):
        service.render(case_id, "decline", "en", PASSWORD)
    assert events_of(profile, EventType.PRINTED) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_decline_notice_lists_exactly_the_recorded_reasons_and_the_rights(
    profile: Profile, language: Language
) -> None:
    case_id = declined_case(profile, REASONS)
    state = profile.store.case(case_id)
    assert state is not None
    assert state.status is Status.DECLINED
    assert LetterService(profile).printable(state) == [LetterKind.DECLINE, LetterKind.MEMO]
    text = text_of(LetterService(profile).render(case_id, "decline", language, PASSWORD))
    listed = re.findall(r"^(\d)\. (.+)$", text, re.MULTILINE)
    assert listed == [(str(n), reason) for n, reason in enumerate(REASONS, 1)]
    assert flat(say("rights", language)) in flat(text)
    assert str(GOOD["full_name"]) in text


def test_a_rule_named_as_a_reason_is_told_in_plain_words_in_the_notices_language(
    profile: Profile,
) -> None:
    # The sign-off dialog offers the failed rules by name, in the supervisor's language.
    case_id = declined_case(profile, [RULES["max_dti"][0], RULES["min_income"][1]])
    service = LetterService(profile)
    for language in LANGUAGES:
        text = flat(text_of(service.render(case_id, "decline", language, PASSWORD)))
        for code in ("max_dti", "min_income"):
            assert flat(texts.pick(RULES_PLAIN[code], language)) in text
        assert flat(RULES["max_dti"][0]) not in text


# -- the credit memo ----------------------------------------------------------------------------
def _masked(value: str, head: int, tail: int) -> str:
    return value[:head] + "*" * (len(value) - head - tail) + value[-tail:]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_memo_masks_every_personal_number_and_shows_the_confirmed_documents(
    profile: Profile, language: Language
) -> None:
    sign_in(profile)
    cases, intake = CaseService(profile), IntakeService(profile)
    case_id = cases.open_case({"phone": "13912345678", "product": "personal"}).case_id
    card = generate(DocKind.ID_CARD_FRONT, "zh", seed=9)
    document_id = intake.attach(case_id, card.pdf(), "身份证.pdf").document_id
    intake.record(intake.read(case_id, document_id))
    intake.confirm(case_id, document_id, intake.document(case_id, document_id).values())
    pdf = LetterService(profile).render(case_id, "memo", language, PASSWORD)
    text = text_of(pdf)
    whole = card.fields["id_number"]
    assert whole not in flat(text)
    assert "13912345678" not in flat(text)
    # the ID twice (the form's, filled from the card, and the card's), the phone once
    assert text.count(_masked(whole, 4, 4)) == 2
    assert _masked("13912345678", 3, 4) in text
    assert card.fields["full_name"] in text
    assert "身份证.pdf" in text
    assert flat(texts.pick(texts.DOCUMENT_STATUSES["confirmed"], language)) in flat(text)
    assert flat(say("not_scored", language)) in flat(text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_memo_shows_the_risk_rules_history_and_each_signature_verified_with_its_image(
    profile: Profile, language: Language
) -> None:
    case_id = approved_case(profile)
    pdf = LetterService(profile).render(case_id, "memo", language, PASSWORD)
    text = flat(text_of(pdf))
    state = profile.store.case(case_id)
    assert state is not None
    assert state.risk is not None
    assert flat(f"{say('grade', language)}{state.risk.grade}") in text
    assert f"{100 * state.risk.pd:.1f}" in text
    assert state.risk.model_id in text
    for rule in DecisionService(profile).overview(case_id).rules:
        assert flat(texts.pick(RULES[rule.code], language)) in text
    assert flat(texts.pick(texts.VERIFICATION["valid"], language)) in text
    assert flat(say("all_verify", language)) in text
    for step in ("opened", "review", "accepted"):
        shown = flat(texts.pick(texts.STEPS[step], language))
        assert (shown in text) is (step != "accepted")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        images = [image for page in doc.pages for image in page.images]
    assert len(images) == 1  # the one signature, drawn
    assert (images[0]["srcsize"]) == (600, 200)


def test_a_signature_a_later_change_voided_is_shown_void_in_the_memo(profile: Profile) -> None:
    case_id = approved_case(profile)
    CaseService(profile).update_case(case_id, {"requested_amount": "120000"})
    state = CaseService(profile).get(case_id)
    assert state.status is Status.IN_REVIEW
    assert LetterKind.APPROVAL not in LetterService(profile).printable(state)
    text = flat(text_of(LetterService(profile).render(case_id, "memo", "en", PASSWORD)))
    assert flat(texts.VERIFICATION["void"][0]) in text
    assert flat(texts.VERIFICATION["valid"][0]) not in text
    assert flat(texts.STEPS["signed_void"][0].format(value="Approval")) in text


# -- the product sheet ---------------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_product_sheet_tells_ranges_papers_and_a_worked_example_per_method(
    profile: Profile, language: Language
) -> None:
    sign_in(profile)
    pdf = LetterService(profile).product_sheet("secured", language)
    text = flat(text_of(pdf))
    product = catalogue().product("secured")
    unit = "元" if language == "zh" else "CNY"
    assert flat(f"{number(product.amount_min)} {unit}") in text
    assert flat(f"{number(product.amount_max)} {unit}") in text
    assert flat(texts.pick(texts.METHOD_HOW[Method.EQUAL_PRINCIPAL], language)) in text
    assert flat("抵押物材料" if language == "zh" else "Collateral papers") in text
    # the example: 100,000 over 36 months, each method as app.domain.offers makes it
    fee = Decimal(100000) * product.arrangement_fee
    for method in product.methods:
        plan = schedule(method, Decimal(100000), product.annual_rate, 36, fees=fee)
        for figure in (plan.rows[0].payment, plan.rows[-1].payment, plan.total_interest):
            assert flat(f"{number(figure)} {unit}") in text
    [printed] = events_of(profile, EventType.PRINTED)
    assert printed == {"what": "product_sheet:secured", "case_id": None}


# -- every document, both languages: fonts, ink, the record ---------------------------------------
def _every_document(profile: Profile) -> Iterator[tuple[str, Language, bytes]]:
    approved = approved_case(profile)
    declined = declined_case(profile, REASONS)
    service = LetterService(profile)
    for language in LANGUAGES:
        for case_id, kind in (
            (approved, "offer"),
            (approved, "approval"),
            (declined, "decline"),
            (approved, "memo"),
        ):
            yield kind, language, service.render(case_id, kind, language, PASSWORD)
        yield "sheet", language, service.product_sheet("small_business", language)


def test_every_document_embeds_its_fonts_reads_back_and_is_inked_where_its_text_is(
    profile: Profile,
) -> None:
    titles = {
        "offer": "offer_title",
        "approval": "approval_title",
        "decline": "decline_title",
        "memo": "memo_title",
    }
    for kind, language, pdf in _every_document(profile):
        fonts = embedded_fonts(pdf)
        assert fonts, kind
        assert all("NotoSansCJK" in name for name in fonts), fonts
        first = pages_text(pdf)[0]
        if kind in titles:
            assert say(titles[kind], language) in first
        pages = len(pages_text(pdf))
        assert say("page", language, page=pages, pages=pages) in pages_text(pdf)[-1]
        if language == "zh":
            assert re.search(r"[\u4e00-\u9fff]{4}", first), f"{kind}: no Chinese read back"
        assert_inked_where_the_text_is(pdf)


def test_each_print_records_one_printed_event_and_a_wrong_password_none(
    profile: Profile,
) -> None:
    case_id = approved_case(profile)
    service = LetterService(profile)
    before = len(all_events(profile))
    service.render(case_id, "approval", "zh", PASSWORD)
    after = all_events(profile)[before:]
    assert [(e.type, e.payload, e.actor) for e in after] == [
        (EventType.PRINTED, {"what": "approval", "case_id": case_id}, profile.actor.user_id)
    ]
    before = len(all_events(profile))
    with pytest.raises(SignInRefused, match="password"):
        service.render(case_id, "memo", "en", "not the password at all")
    after = all_events(profile)[before:]
    assert [e.type for e in after] == [EventType.SIGN_IN_FAILED]


def test_a_role_without_printing_is_refused_before_anything_is_read_or_written(
    profile: Profile,
) -> None:
    case_id = approved_case(profile)
    _supervisor(profile)
    before = len(all_events(profile))
    with pytest.raises(PermissionDenied, match="printing"):
        LetterService(profile).render(case_id, "memo", "en", USER_PASSWORD)
    with pytest.raises(PermissionDenied, match="printing"):
        LetterService(profile).product_sheet("personal", "en")
    assert len(all_events(profile)) == before
