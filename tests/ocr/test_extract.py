"""Classifying documents and extracting their fields, from text pages and real OCR.

Most tests feed printed text through ``textpages`` (fast); a few OCR real
renders with tesseract to show the whole path holds on real reads.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PIL import Image

from ocr.checks import id_check_char
from ocr.classify import classify
from ocr.extract import extract
from ocr.fields import FIELDS
from ocr.preprocess import prepare
from ocr.synth import KINDS_BY_LANG, generate
from ocr.tesseract import ocr_image
from ocr.types import DocKind, Extraction, Field, Limits, PageText, TextSource
from tests.ocr.textpages import page_of, pages_of

TODAY = date(2026, 12, 1)
CASES = [(kind, lang) for lang, kinds in KINDS_BY_LANG.items() for kind in kinds]


def _values(extraction: Extraction) -> dict[str, str]:
    return {f.name: f.value for f in extraction}


def _codes(field: Field | None) -> set[str]:
    assert field is not None
    return {p.code for p in field.problems}


def _valid_id(body17: str) -> str:
    return body17 + id_check_char(body17)


def _id_front(number: str, *, born: str = "1990年3月7日", sex: str = "男") -> list[str]:
    return [
        "姓  名 张伟",
        f"性  别 {sex} 民族 汉",
        f"出  生 {born}",
        "住  址 北京市朝阳区人民路12号",
        "3栋1201室",
        f"公民身份号码 {number}",
    ]


@pytest.mark.parametrize(("kind", "lang"), CASES, ids=[f"{k.value}-{lang}" for k, lang in CASES])
def test_printed_text_of_samples_gives_their_fields_exactly(kind: DocKind, lang: str) -> None:
    for seed in range(4):
        sample = generate(kind, lang, seed)
        got = extract(pages_of(sample.text), today=TODAY)
        assert got.kind is kind
        assert _values(got) == sample.fields, seed
        assert got.months == sample.months, seed
        assert all(f.ok for f in got), [f for f in got if not f.ok]


@pytest.mark.parametrize(("kind", "lang"), CASES, ids=[f"{k.value}-{lang}" for k, lang in CASES])
def test_classify_names_each_kind_confidently(kind: DocKind, lang: str) -> None:
    found, confidence = classify(pages_of(generate(kind, lang, 7).text))
    assert found is kind
    assert confidence >= 0.6


def test_classify_calls_unknown_text_other_with_low_confidence() -> None:
    page = page_of(["Dear Sir or Madam,", "Thank you for your letter of last week.", "Regards"])
    kind, confidence = classify([page])
    assert kind is DocKind.OTHER
    assert confidence < 0.5


def test_classify_tolerates_a_misread_keyword() -> None:
    page = page_of(["营业执照", "统一社会信用玛代码 91310104MAY5R6J67K", "名称 上海某某有限公司"])
    assert classify([page])[0] is DocKind.BUSINESS_LICENCE
    back = page_of(["中华人民共和国", "居民身份证", "签发机关 上海市公安局徐汇分局", "有效期限"])
    assert classify([back])[0] is DocKind.ID_CARD_BACK


def test_every_bad_check_digit_id_card_is_flagged() -> None:
    for seed in range(40):
        sample = generate(DocKind.ID_CARD_FRONT, "zh", seed, bad_id_check=True)
        field = extract(pages_of(sample.text), kind=DocKind.ID_CARD_FRONT, today=TODAY).get(
            "id_number"
        )
        assert field is not None
        assert field.value == sample.fields["id_number"]
        assert "id.check" in _codes(field)
        assert field.confidence < 0.6


def test_id_card_read_through_ocr_noise() -> None:
    number = _valid_id("11010519900307123")
    noisy = number[:6] + "l99OO3O7" + number[14:]
    lines = [
        "姓 名 : 张 伟",
        "性 别 男    民 族 汉",
        "出 生 l990 年 3 月 7 日",
        "住址:北京市朝阳区人民路12号",
        "3栋1201室",
        f"公民身份号玛 {noisy}",
    ]
    got = extract([page_of(lines)], today=TODAY)
    assert got.kind is DocKind.ID_CARD_FRONT
    assert _values(got) == {
        "full_name": "张伟",
        "sex": "M",
        "ethnicity": "汉",
        "date_of_birth": "1990-03-07",
        "address": "北京市朝阳区人民路12号3栋1201室",
        "id_number": number,
    }
    repaired, clean = got.get("id_number"), got.get("full_name")
    assert repaired is not None
    assert clean is not None
    assert repaired.ok
    assert repaired.confidence < clean.confidence


def test_id_number_disagreeing_with_printed_birth_and_sex_is_flagged() -> None:
    number = _valid_id("11010519900307123")  # born 1990-03-07, male
    got = extract(
        [page_of(_id_front(number, born="1991年3月7日", sex="女"))],
        kind=DocKind.ID_CARD_FRONT,
        today=TODAY,
    )
    assert _codes(got.get("id_number")) == {"id.birth_mismatch", "id.sex_mismatch"}


@pytest.mark.parametrize("number", ["1101051990030712", "99010519900307123X", "110105199013071234"])
def test_malformed_id_number_is_a_format_problem(number: str) -> None:
    got = extract([page_of(_id_front(number))], kind=DocKind.ID_CARD_FRONT, today=TODAY)
    field = got.get("id_number")
    assert "id.format" in _codes(field) or "field.missing" in _codes(field)


def test_every_field_of_the_kind_is_returned_and_missing_ones_say_so() -> None:
    got = extract([page_of(["姓名 张伟", "民族 汉"])], kind=DocKind.ID_CARD_FRONT, today=TODAY)
    assert [f.name for f in got] == list(FIELDS[DocKind.ID_CARD_FRONT])
    for name in ("sex", "date_of_birth", "address", "id_number"):
        field = got.get(name)
        assert field is not None
        assert (field.value, _codes(field)) == ("", {"field.missing"})
    assert _values(got)["full_name"] == "张伟"


def test_label_without_a_date_or_amount_is_flagged_invalid() -> None:
    lines = [
        "国网北京供电公司",
        "电费账单",
        "户名： 张伟",
        "账单日期： 待定",
        "应缴金额： 另行通知",
    ]
    got = extract([page_of(lines)], kind=DocKind.UTILITY_BILL, today=TODAY)
    assert _codes(got.get("bill_date")) == {"date.invalid"}
    assert _codes(got.get("amount_due")) == {"amount.invalid"}


def test_hard_to_read_words_give_a_low_confidence_problem() -> None:
    got = extract(
        [page_of(["营业执照", "名称 上海某某有限公司"], confidence=0.4)],
        kind=DocKind.BUSINESS_LICENCE,
        today=TODAY,
    )
    field = got.get("company_name")
    assert field is not None
    assert field.value == "上海某某有限公司"
    assert field.confidence < 0.6
    assert _codes(field) == {"field.low_confidence"}


def test_field_points_at_the_words_it_came_from() -> None:
    page = page_of(
        ["Wuhan Gas Co., Ltd.", "Gas Bill", "Customer: WANG JUNHUI", "Bill date: 2024-04-03"]
    )
    field = extract([page], kind=DocKind.UTILITY_BILL, today=TODAY).get("bill_date")
    value_word = next(w for w in page.words if w.text == "2024-04-03")
    assert field is not None
    assert field.page == 0
    assert field.box == value_word.box


def test_licence_capital_in_chinese_numerals_and_a_bad_credit_code() -> None:
    lines = [
        "营业执照",
        "统一社会信用代码 91310104MAY5R6J67A",
        "名称 上海鼎盛建筑工程有限公司",
        "法定代表人 郭军国",
        "注册资本 人民币壹佰伍拾万元整",
        "成立日期 2016年5月8日",
        "住所 上海市徐汇区人民路785号",
    ]
    got = extract([page_of(lines)], today=TODAY)
    assert got.kind is DocKind.BUSINESS_LICENCE
    assert _values(got)["registered_capital"] == "1500000.00"
    assert _codes(got.get("credit_code")) == {"uscc.check"}


def _statement(account: str) -> list[str]:
    return [
        "中国银行",
        "个人账户对账单",
        "户名： 张伟",
        f"账号： {account}",
        "起止日期： 2024-01-01 - 2024-01-31",
        "期初余额： 1,000.00",
        "交易日期 摘要 支出 收入 余额",
        "2024-01-05 代发工资 某某科技 5,000.00 6,000.00",
        "2024-01-20 银联消费 1,000.00 5,000.00",
    ]


def test_masked_account_number_is_kept_as_printed_without_a_problem() -> None:
    got = extract([page_of(_statement("6222 **** **** 1234"))], today=TODAY)
    assert got.kind is DocKind.BANK_STATEMENT
    field = got.get("account_number")
    assert field is not None
    assert (field.value, field.ok) == ("6222********1234", True)


def test_card_number_failing_luhn_is_flagged() -> None:
    got = extract([page_of(_statement("6222 0212 3456 7890 13"))], today=TODAY)
    assert _codes(got.get("account_number")) == {"card.luhn"}


def test_statement_figures_follow_the_running_balance() -> None:
    got = extract([page_of(_statement("6222********1234"))], today=TODAY)
    values = _values(got)
    # Balance 1000 to Jan 4, 6000 from Jan 5 to Jan 19, 5000 from Jan 20 to Jan 31.
    mean = (1000 * 4 + 6000 * 15 + 5000 * 12) / 31
    assert values["average_balance"] == f"{mean:.2f}"
    assert (values["average_monthly_inflow"], values["average_monthly_outflow"]) == (
        "5000.00",
        "1000.00",
    )
    # One month of salary is not a salary pattern.
    assert "salary_credit" not in values
    assert [(m.month, m.inflow, m.outflow, m.salary) for m in got.months] == [
        ("2024-01", "5000.00", "1000.00", "5000.00")
    ]


def _passport_lines(line2: str) -> list[str]:
    return [
        "PEOPLE'S REPUBLIC OF CHINA",
        "PASSPORT",
        "Type Passport No.",
        "P E39270684",
        "P « CHNWANG « CHENYU « « « « « « « « « « « « «",
        line2,
    ]


def test_passport_zone_read_with_guillemets_and_spaces() -> None:
    line2 = "E392706841CHN0203074M3005291<<<<<<<<<<<<<<<0"
    got = extract([page_of(_passport_lines(line2))], today=TODAY)
    assert got.kind is DocKind.PASSPORT
    assert _values(got) == {
        "passport_number": "E39270684",
        "surname": "WANG",
        "given_names": "CHENYU",
        "full_name": "WANG CHENYU",
        "nationality": "CHN",
        "date_of_birth": "2002-03-07",
        "sex": "M",
        "expiry_date": "2030-05-29",
    }


def test_passport_zone_with_a_wrong_check_digit_is_flagged() -> None:
    line2 = "E392706841CHN0203075M3005291<<<<<<<<<<<<<<<0"
    got = extract([page_of(_passport_lines(line2))], today=TODAY)
    assert "mrz.check" in _codes(got.get("date_of_birth"))
    assert _codes(got.get("sex")) == set()


# --- real OCR ------------------------------------------------------------------------


def _ocr(images: tuple[Image.Image, ...]) -> list[PageText]:
    """Pages read as the intake pipeline reads them: straightened, then tesseract."""
    return [
        ocr_image(prepare(image, Limits()).image, index=index) for index, image in enumerate(images)
    ]


@pytest.mark.slow
def test_ocr_of_an_id_card_render_gives_its_fields() -> None:
    sample = generate(DocKind.ID_CARD_FRONT, "zh", 7)
    pages = _ocr(sample.pages)
    assert all(p.source is TextSource.OCR for p in pages)
    assert _values(extract(pages, today=TODAY)) == sample.fields


@pytest.mark.slow
def test_ocr_of_a_payslip_render_gives_its_fields() -> None:
    sample = generate(DocKind.PAYSLIP, "en", 1)
    got = extract(_ocr(sample.pages), today=TODAY)
    assert got.kind is DocKind.PAYSLIP
    assert _values(got) == sample.fields


@pytest.mark.slow
def test_ocr_of_a_bad_check_digit_id_card_is_flagged() -> None:
    sample = generate(DocKind.ID_CARD_FRONT, "zh", 2, bad_id_check=True)
    field = extract(_ocr(sample.pages), kind=DocKind.ID_CARD_FRONT, today=TODAY).get("id_number")
    assert field is not None
    assert "id.check" in _codes(field)


def test_text_layer_pages_read_the_same() -> None:
    sample = generate(DocKind.PAYSLIP, "zh", 3)
    pages = [replace(p, source=TextSource.TEXT_LAYER) for p in pages_of(sample.text)]
    assert _values(extract(pages, today=TODAY)) == sample.fields


def test_statement_rows_that_do_not_add_up_flag_the_figures() -> None:
    lines = _statement("6222********1234")
    lines[-1] = "2024-01-20 银联消费 1,000.00 4,000.00"  # balance misread: should be 5,000.00
    got = extract([page_of(lines)], today=TODAY)
    for name in ("average_monthly_inflow", "average_monthly_outflow", "average_balance"):
        assert "statement.unbalanced" in _codes(got.get(name))


def test_an_id_number_read_with_one_digit_twice_is_mended_and_flagged() -> None:
    number = _valid_id("33010620021020125")  # born 2002-10-20, male
    doubled = number[:15] + number[14] + number[15:]  # one digit read twice: 19 long
    got = extract(
        [page_of(_id_front(doubled, born="2002年10月20日", sex="男"))],
        kind=DocKind.ID_CARD_FRONT,
        today=TODAY,
    )
    field = got.get("id_number")
    assert field is not None
    assert field.value == number
    assert _codes(field) == {"id.repaired"}


def test_a_nineteen_digit_number_with_no_single_mend_stays_missing() -> None:
    # No one dropped digit gives a number with this birth date and a right check digit.
    got = extract(
        [page_of(_id_front("1101051990030712399", born="1985年1月1日", sex="男"))],
        kind=DocKind.ID_CARD_FRONT,
        today=TODAY,
    )
    field = got.get("id_number")
    assert field is not None
    assert field.value == ""
