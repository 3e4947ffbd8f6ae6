"""The sample generator: deterministic, self-consistent ground truth, readable renders."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image, ImageChops

from ocr.checks import parse_resident_id, parse_td3, uscc_valid
from ocr.fields import FIELDS
from ocr.synth import KINDS_BY_LANG, Sample, generate, scan
from ocr.synth.__main__ import write_sample
from ocr.types import DocKind, MonthFlow

ALL = [(kind, lang) for lang, kinds in KINDS_BY_LANG.items() for kind in kinds]
#: fields printed exactly as the ground truth has them
VERBATIM = (
    "full_name", "id_number", "employer", "provider", "company_name", "credit_code",
    "bank_name", "passport_number", "legal_representative", "issuing_authority", "ethnicity",
)  # fmt: skip
CENT = Decimal("0.01")


def _same_pixels(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and a.mode == b.mode and a.tobytes() == b.tobytes()


def test_same_seed_gives_the_same_sample() -> None:
    first, again = generate(DocKind.PAYSLIP, "zh", 7), generate(DocKind.PAYSLIP, "zh", 7)
    other = generate(DocKind.PAYSLIP, "zh", 8)
    assert first.fields == again.fields
    assert first.text == again.text
    assert _same_pixels(first.pages[0], again.pages[0])
    assert first.fields != other.fields
    assert not _same_pixels(first.pages[0], other.pages[0])


@pytest.mark.parametrize(("kind", "lang"), ALL)
def test_every_kind_renders_with_its_fields(kind: DocKind, lang: str) -> None:
    sample = generate(kind, lang, 1)
    optional = {"salary_credit"}
    assert set(FIELDS[kind]) - optional <= set(sample.fields) <= set(FIELDS[kind])
    assert len(sample.pages) == sample.text.count("\f") + 1
    for page in sample.pages:
        assert page.mode in ("L", "RGB")
        histogram = page.convert("L").histogram()
        assert sum(histogram[:80]) > 0  # ink
        assert sum(histogram[200:]) > sum(histogram) // 2  # on light paper
    for name in VERBATIM:
        if name in sample.fields and kind is not DocKind.PASSPORT:
            assert sample.fields[name] in sample.text, name
    assert bool(sample.months) == (kind is DocKind.BANK_STATEMENT)


def test_a4_pages_are_300_dpi() -> None:
    assert generate(DocKind.UTILITY_BILL, "en", 2).pages[0].size == (2480, 3508)


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="id_card_front"):
        generate(DocKind.ID_CARD_FRONT, "en", 0)


@pytest.mark.parametrize("seed", range(6))
def test_id_number_agrees_with_the_card(seed: int) -> None:
    sample = generate(DocKind.ID_CARD_FRONT, "zh", seed)
    parsed = parse_resident_id(sample.fields["id_number"])
    assert parsed is not None
    assert parsed.check_ok
    assert parsed.birth_date.isoformat() == sample.fields["date_of_birth"]
    assert parsed.sex == sample.fields["sex"]
    printed_sex = re.search(r"性\s*别 (\S)", sample.text)
    assert printed_sex is not None
    assert printed_sex.group(1) == {"M": "男", "F": "女"}[parsed.sex]
    born = parsed.birth_date
    assert f"{born.year}年{born.month}月{born.day}日" in sample.text


def test_bad_id_check_prints_a_failing_number() -> None:
    good = generate(DocKind.ID_CARD_FRONT, "zh", 3)
    bad = generate(DocKind.ID_CARD_FRONT, "zh", 3, bad_id_check=True)
    parsed = parse_resident_id(bad.fields["id_number"])
    assert parsed is not None
    assert not parsed.check_ok
    assert bad.fields["id_number"][:17] == good.fields["id_number"][:17]
    assert bad.fields["id_number"] in bad.text


def test_id_card_back_validity_follows_age_rules() -> None:
    for seed in range(4):
        fields = generate(DocKind.ID_CARD_BACK, "zh", seed).fields
        start = date.fromisoformat(fields["valid_from"])
        if fields["valid_until"] != "long_term":
            years = date.fromisoformat(fields["valid_until"]).year - start.year
            assert years in (10, 20)
        assert fields["issuing_authority"].endswith("分局")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_credit_code_is_valid(lang: str) -> None:
    for seed in range(4):
        sample = generate(DocKind.BUSINESS_LICENCE, lang, seed)
        assert uscc_valid(sample.fields["credit_code"])
        capital = Decimal(sample.fields["registered_capital"])
        assert capital % 10000 == 0
        assert capital >= 100000


@pytest.mark.parametrize(("lang", "seed"), [("zh", 0), ("zh", 1), ("en", 2), ("en", 3)])
def test_mrz_matches_the_printed_page(lang: str, seed: int) -> None:
    sample = generate(DocKind.PASSPORT, lang, seed)
    lines = [line for line in sample.text.splitlines() if len(line) == 44 and "<" in line]
    assert len(lines) == 2
    mrz = parse_td3(*lines)
    assert mrz is not None
    assert mrz.failed == ()
    fields = sample.fields
    assert (mrz.surname, mrz.given_names) == (fields["surname"], fields["given_names"])
    assert fields["full_name"] == f"{mrz.surname} {mrz.given_names}"
    assert mrz.passport_number == fields["passport_number"]
    assert (mrz.sex, mrz.nationality) == (fields["sex"], fields["nationality"])
    born, expiry = date.fromisoformat(fields["date_of_birth"]), fields["expiry_date"]
    assert mrz.birth_date == f"{born:%y%m%d}"
    assert "20" + mrz.expiry_date == expiry.replace("-", "")
    assert fields["passport_number"] in sample.text
    assert f"{fields['surname']}" in sample.text


# --- bank statements, recomputed from the printed rows ------------------------------

_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}
_AMOUNT = r"([\d,]+\.\d\d)"
_DATES = (
    (re.compile(r"^(\d{4})-(\d\d)-(\d\d) "), (1, 2, 3)),
    (re.compile(r"^(\d{4})/(\d\d)/(\d\d) "), (1, 2, 3)),
    (re.compile(r"^(\d{4})(\d\d)(\d\d) "), (1, 2, 3)),
    (re.compile(r"^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) "), (3, 2, 1)),
)
_ROW_TAIL = re.compile(rf"^(.*\S) {_AMOUNT} {_AMOUNT}$")


def _day(line: str) -> tuple[date, str] | None:
    for pattern, (y, m, d) in _DATES:
        found = pattern.match(line)
        if found:
            month = found.group(m)
            number = _MONTHS[month] if month.isalpha() else int(month)
            return date(int(found.group(y)), number, int(found.group(d))), line[found.end() :]
    return None


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _printed_rows(text: str) -> tuple[Decimal, list[tuple[date, str, Decimal, Decimal]]]:
    opening = re.search(rf"(?:Opening balance|期初余额)\S* {_AMOUNT}", text)
    assert opening is not None
    balance = _amount(opening.group(1))
    rows = []
    for line in text.replace("\f", "\n").splitlines():
        dated = _day(line)
        tail = _ROW_TAIL.match(dated[1]) if dated else None
        if dated is None or tail is None:
            continue
        amount, after = _amount(tail.group(2)), _amount(tail.group(3))
        signed = amount if balance + amount == after else -amount
        assert balance + signed == after, line
        rows.append((dated[0], tail.group(1), signed, after))
        balance = after
    return _amount(opening.group(1)), rows


def _half_up(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _expected(sample: Sample) -> tuple[dict[str, str], list[MonthFlow]]:
    opening, rows = _printed_rows(sample.text)
    start = date.fromisoformat(sample.fields["period_start"])
    end = date.fromisoformat(sample.fields["period_end"])
    days, balance, closing = [], opening, {}
    day = start
    while day <= end:
        for row in rows:
            if row[0] == day:
                balance = row[3]
        closing[day] = balance
        days.append(day)
        day += timedelta(days=1)
    months = sorted({d.strftime("%Y-%m") for d in days})
    salary = [r for r in rows if r[2] > 0 and re.search("工资|薪金|SALARY|PAYROLL|WAGES", r[1])]
    credits = sum((r[2] for r in rows if r[2] > 0), Decimal(0))
    debits = sum((-r[2] for r in rows if r[2] < 0), Decimal(0))
    out = {
        "average_monthly_inflow": _half_up(credits / len(months)),
        "average_monthly_outflow": _half_up(debits / len(months)),
        "average_balance": _half_up(sum(closing.values(), Decimal(0)) / len(days)),
    }
    if len({r[0].strftime("%Y-%m") for r in salary}) >= 2:
        pays = sorted(r[2] for r in salary)
        mid = len(pays) // 2
        out["salary_credit"] = _half_up(
            pays[mid] if len(pays) % 2 else (pays[mid - 1] + pays[mid]) / 2
        )
    flows = []
    for month in months:
        inside = [r for r in rows if r[0].strftime("%Y-%m") == month]
        balances = [v for d, v in closing.items() if d.strftime("%Y-%m") == month]
        flows.append(MonthFlow(
            month=month,
            inflow=_half_up(sum((r[2] for r in inside if r[2] > 0), Decimal(0))),
            outflow=_half_up(sum((-r[2] for r in inside if r[2] < 0), Decimal(0))),
            average_balance=_half_up(sum(balances, Decimal(0)) / len(balances)),
            salary=_half_up(sum((r[2] for r in salary if r in inside), Decimal(0))),
        ))  # fmt: skip
    return out, flows


@pytest.mark.parametrize(("lang", "seed"), [(lang, s) for lang in ("zh", "en") for s in range(5)])
def test_statement_figures_follow_from_the_printed_rows(lang: str, seed: int) -> None:
    sample = generate(DocKind.BANK_STATEMENT, lang, seed)
    figures, months = _expected(sample)
    for name, value in figures.items():
        assert sample.fields[name] == value, name
    assert ("salary_credit" in sample.fields) == ("salary_credit" in figures)
    assert list(sample.months) == months
    start = date.fromisoformat(sample.fields["period_start"])
    end = date.fromisoformat(sample.fields["period_end"])
    assert start.day == 1
    assert (end + timedelta(days=1)).day == 1
    assert 3 <= len(months) <= 6


def test_some_statements_run_onto_a_second_page() -> None:
    pages = [len(generate(DocKind.BANK_STATEMENT, "en", s).pages) for s in range(5)]
    assert max(pages) >= 2


# --- PDF text layer -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "lang", "seed"),
    [
        (DocKind.ID_CARD_FRONT, "zh", 0),
        (DocKind.BANK_STATEMENT, "zh", 1),
        (DocKind.PAYSLIP, "en", 0),
        (DocKind.BUSINESS_LICENCE, "zh", 2),
    ],
)
def test_pdf_text_layer_holds_the_fields(kind: DocKind, lang: str, seed: int) -> None:
    sample = generate(kind, lang, seed)
    with pdfplumber.open(io.BytesIO(sample.pdf())) as pdf:
        assert len(pdf.pages) == len(sample.pages)
        words = [w["text"] for page in pdf.pages for w in page.extract_words()]
    joined = "".join(words)
    for name in VERBATIM:
        if name in sample.fields:
            assert sample.fields[name].replace(" ", "") in joined, name
    if lang == "zh":
        person = sample.fields.get("full_name") or sample.fields["legal_representative"]
        assert person in words


# --- scan simulator ------------------------------------------------------------------


def test_scan_changes_the_page_but_keeps_its_size() -> None:
    clean = generate(DocKind.ID_CARD_FRONT, "zh", 4).pages[0]
    turned = 0
    for seed in range(24):
        scanned = scan(clean, seed)
        assert scanned.mode in ("L", "RGB")
        if scanned.size == clean.size:
            assert ImageChops.difference(scanned, clean).getbbox() is not None
        else:
            assert scanned.size == (clean.height, clean.width)
            turned += 1
    assert 1 <= turned <= 8


def test_scan_is_deterministic() -> None:
    clean = generate(DocKind.PASSPORT, "en", 0).pages[0]
    assert _same_pixels(scan(clean, 5), scan(clean, 5))
    assert not _same_pixels(scan(clean, 5), scan(clean, 6))
    assert scan(clean, 5, strength=0.2).size[0] in (clean.width, clean.height)


# --- files and OCR -----------------------------------------------------------------


def test_written_sample_carries_its_truth(tmp_path: Path) -> None:
    sample = generate(DocKind.ID_CARD_BACK, "zh", 0)
    write_sample(sample, tmp_path, "card", scanned=True, seed=0)
    truth = json.loads((tmp_path / "card.json").read_text(encoding="utf-8"))
    assert truth == {"kind": "id_card_back", "lang": "zh", "fields": sample.fields, "months": []}
    with Image.open(tmp_path / "card.png") as png:
        assert png.size == sample.pages[0].size
    assert (tmp_path / "card.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "card-scan.jpg").stat().st_size > 0


def test_clean_payslip_is_readable_by_tesseract() -> None:
    sample = generate(DocKind.PAYSLIP, "en", 0)
    buffer = io.BytesIO()
    sample.pages[0].save(buffer, "PNG")
    done = subprocess.run(
        ["tesseract", "-", "-", "--oem", "1", "--psm", "3", "-l", "eng+chi_sim"],
        input=buffer.getvalue(),
        capture_output=True,
        check=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        timeout=120,
    )
    text = done.stdout.decode("utf-8")
    assert sample.fields["employer"] in text
    assert f"{Decimal(sample.fields['net_pay']):,.2f}" in text
