"""Identity papers: both sides of a PRC resident ID card and a passport data page."""

from __future__ import annotations

from datetime import date, timedelta

from ocr.checks import mrz_check_digit
from ocr.synth.canvas import Color, Page
from ocr.synth.people import Person, month_abbr, spoil_check_char
from ocr.synth.style import Built, Style

#: ID-1 card, 85.6 x 54 mm, and the white scanner bed around it
CARD_W, CARD_H, BED = 242.65, 153.07, 14.0
LABEL = (40, 95, 160)
CARD_TINT = (236, 242, 247)


def _card_page(style: Style) -> Page:
    page = style.page(CARD_W + 2 * BED, CARD_H + 2 * BED, color=True)
    page.rect(BED, BED, CARD_W, CARD_H, fill=CARD_TINT, outline=(170, 180, 190), radius=9)
    return page


def _photo(page: Page, x: float, y: float, w: float, h: float, background: Color) -> None:
    page.rect(x, y, w, h, fill=(214, 222, 230), outline=None)
    page.ellipse(x + w * 0.3, y + h * 0.16, w * 0.4, h * 0.38, (150, 160, 172))
    page.ellipse(x + w * 0.12, y + h * 0.58, w * 0.76, h * 0.6, (150, 160, 172))
    # Cut the shoulders off at the frame's lower edge.
    page.rect(x - 1, y + h, w + 2, h * 0.2, fill=background, outline=None)


def id_card_front(person: Person, style: Style, *, bad_check: bool) -> Built:
    page = _card_page(style)
    left, top = BED + 12, BED + 24
    value = left + 36
    small = 9.0
    number = spoil_check_char(person.id_number) if bad_check else person.id_number

    def label(y: float, text: str, x: float = left) -> None:
        page.text(x, y, text, small, color=LABEL)

    label(top, "姓  名")
    page.text(value, top, person.name_zh, 11.5, bold=True)
    label(top + 21, "性  别")
    page.text(value, top + 21, "男" if person.sex == "M" else "女", 10)
    label(top + 21, "民族", left + 72)
    page.text(left + 96, top + 21, person.ethnicity, 10)
    born = person.born
    label(top + 42, "出  生")
    page.text(value, top + 42, f"{born.year}年{born.month}月{born.day}日", 10)
    label(top + 63, "住  址")
    address = person.address.zh
    for i in range(0, len(address), 11):
        page.text(value, top + 63 + 13 * (i // 11), address[i : i + 11], 10)
    label(BED + CARD_H - 14, "公民身份号码")
    page.text(left + 62, BED + CARD_H - 14, number, 11.5, bold=True)
    _photo(page, BED + CARD_W - 80, BED + 18, 66, 82, CARD_TINT)
    fields = {
        "full_name": person.name_zh,
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "date_of_birth": born.isoformat(),
        "address": address,
        "id_number": number,
    }
    return Built(fields, (page,))


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def id_card_validity(person: Person, style: Style) -> tuple[date, date | None]:
    """When the card was issued and until when it holds (None: long-term)."""
    first = max(date(2014, 1, 1), _years_later(person.born, 16))
    issued = first + timedelta(days=style.rng.randint(0, max(0, (date(2024, 6, 30) - first).days)))
    age = (issued - person.born).days // 365
    if age >= 46:
        return issued, None
    return issued, _years_later(issued, 10 if age < 26 else 20)


def id_card_back(person: Person, style: Style) -> Built:
    page = _card_page(style)
    page.ellipse(BED + 16, BED + 14, 44, 44, (200, 40, 40))
    page.ellipse(BED + 30, BED + 26, 16, 16, (240, 200, 60))
    centre = BED + CARD_W / 2 + 22
    page.text(centre, BED + 40, "中华人民共和国", 15, bold=True, align="center")
    page.text(centre, BED + 72, "居民身份证", 19, bold=True, align="center")
    issued, until = id_card_validity(person, style)
    period = f"{issued:%Y.%m.%d}-" + ("长期" if until is None else f"{until:%Y.%m.%d}")
    left = BED + 22
    page.text(left, BED + CARD_H - 36, "签发机关", 9, color=LABEL)
    page.text(left + 46, BED + CARD_H - 36, person.address.area.police, 10)
    page.text(left, BED + CARD_H - 16, "有效期限", 9, color=LABEL)
    page.text(left + 46, BED + CARD_H - 16, period, 10)
    fields = {
        "issuing_authority": person.address.area.police,
        "valid_from": issued.isoformat(),
        "valid_until": "long_term" if until is None else until.isoformat(),
    }
    return Built(fields, (page,))


# --- passport ----------------------------------------------------------------------

PASS_W, PASS_H, PASS_BED = 354.33, 249.45, 12.0
PASS_TINT = (240, 236, 244)


def _mrz(person: Person, number: str, expiry: date) -> tuple[str, str]:
    names = f"{person.surname_pinyin}<<{person.given_pinyin}"
    line1 = f"P<CHN{names}".ljust(44, "<")[:44]
    field = number.ljust(9, "<")
    birth, until = f"{person.born:%y%m%d}", f"{expiry:%y%m%d}"
    body = (
        f"{field}{mrz_check_digit(field)}CHN{birth}{mrz_check_digit(birth)}"
        f"{person.sex}{until}{mrz_check_digit(until)}" + "<" * 14 + "<"
    )
    composite = body[0:10] + body[13:20] + body[21:43]
    return line1, body + str(mrz_check_digit(composite))


def _pdate(day: date) -> str:
    return f"{day.day:02d} {month_abbr(day.month)} {day.year}"


def passport(person: Person, style: Style) -> Built:
    rng = style.rng
    number = "E" + (rng.choice("ABCDEFGH") if rng.random() < 0.5 else str(rng.randint(0, 9)))
    number += f"{rng.randint(0, 9_999_999):07d}"
    issued = max(_years_later(person.born, 18), date(2016, 1, 1)) + timedelta(
        days=rng.randint(0, 2500)
    )
    expiry = _years_later(issued, 10) - timedelta(days=1)
    page = style.page(PASS_W + 2 * PASS_BED, PASS_H + 2 * PASS_BED, color=True)
    x0, y0 = PASS_BED, PASS_BED
    page.rect(x0, y0, PASS_W, PASS_H, fill=PASS_TINT, outline=(170, 165, 180), radius=6)
    bilingual = style.lang == "zh"

    def lab(zh: str, en: str) -> str:
        return f"{zh}/{en}" if bilingual else en

    head = (
        "中华人民共和国  PEOPLE'S REPUBLIC OF CHINA" if bilingual else "PEOPLE'S REPUBLIC OF CHINA"
    )
    page.text(x0 + PASS_W / 2, y0 + 20, head, 11, bold=True, align="center")
    page.text(x0 + PASS_W / 2, y0 + 35, lab("护照", "PASSPORT"), 10, bold=True, align="center")
    _photo(page, x0 + 12, y0 + 50, 78, 100, PASS_TINT)
    _passport_grid(page, style, person, number, (issued, expiry))
    line1, line2 = _mrz(person, number, expiry)
    page.text(x0 + 14, y0 + PASS_H - 34, line1, 11.3, mono=True)
    page.text(x0 + 14, y0 + PASS_H - 14, line2, 11.3, mono=True)
    fields = {
        "passport_number": number,
        "surname": person.surname_pinyin,
        "given_names": person.given_pinyin,
        "full_name": person.name_en,
        "nationality": "CHN",
        "date_of_birth": person.born.isoformat(),
        "sex": person.sex,
        "expiry_date": expiry.isoformat(),
    }
    return Built(fields, (page,))


def _passport_grid(
    page: Page, style: Style, person: Person, number: str, dates: tuple[date, date]
) -> None:
    """The labelled fields beside the photo, bilingual on the Chinese page."""
    bilingual = style.lang == "zh"
    x0, y0 = PASS_BED, PASS_BED
    issued, expiry = dates

    def lab(zh: str, en: str) -> str:
        return f"{zh}/{en}" if bilingual else en

    area = person.address.area
    place_zh = area.province_zh.removesuffix("省") or area.city_zh.removesuffix("市")
    place_en = (area.province_en or area.city_en).upper()
    place = f"{place_zh}/{place_en}" if bilingual else place_en
    sex = ("男" if person.sex == "M" else "女") + "/" + person.sex if bilingual else person.sex
    grid = (
        (lab("类型", "Type"), "P", lab("护照号", "Passport No."), number),
        (lab("姓", "Surname"), f"{person.surname} {person.surname_pinyin}", "", ""),
        (lab("名", "Given names"), f"{person.given} {person.given_pinyin}", "", ""),
        (lab("性别", "Sex"), sex, lab("出生地点", "Place of birth"), place),
        (lab("出生日期", "Date of birth"), _pdate(person.born), lab("国籍", "Nationality"), "CHN"),
        (lab("签发日期", "Date of issue"), _pdate(issued), lab("有效期至", "Date of expiry"),
         _pdate(expiry)),
    )  # fmt: skip
    for row, (l1, v1, l2, v2) in enumerate(grid):
        y = y0 + 58 + row * 23
        for x, lab_text, val in ((x0 + 100, l1, v1), (x0 + 222, l2, v2)):
            if lab_text:
                page.text(x, y, lab_text, 8.5, color=(90, 80, 110))
                page.text(x, y + 11, val, 10, bold=True)
