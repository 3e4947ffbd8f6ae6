"""Fields of a PRC resident ID card, front (holder) and back (issuer, validity)."""

from __future__ import annotations

import re

from ocr.checks import parse_resident_id
from ocr.extract.common import (
    Finder,
    Span,
    by_neighbour,
    candidates,
    labelled,
    make_field,
    missing,
    value_repaired,
)
from ocr.extract.values import as_date, as_name, as_sex, as_text
from ocr.parse import find_dates, fix_digits
from ocr.types import Field, PageText, Problem

NAME = ("姓名", "Name")
SEX = ("性别", "Sex")
ETHNICITY = ("民族", "Ethnicity", "Nationality")
BIRTH = ("出生", "Date of Birth", "Born")
ADDRESS = ("住址", "Address")
NUMBER = ("公民身份号码", "身份号码", "Citizen ID Number", "ID Number", "ID No")
AUTHORITY = ("签发机关", "Issuing Authority")
VALIDITY = ("有效期限", "Valid Period", "Period of Validity")
FRONT_LABELS = NAME + SEX + ETHNICITY + BIRTH + ADDRESS + NUMBER
BACK_LABELS = AUTHORITY + VALIDITY
#: how far (page widths) a wrapped address line may start from the first one
_WRAP_SLACK = 0.04
_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])[0-9OoDIlSBZ|]{17}[0-9XxOoDIlSBZ|](?![0-9A-Za-z])")


def front(pages: list[PageText]) -> list[Field]:
    finder = Finder(pages, FRONT_LABELS)
    name = labelled(finder, "full_name", NAME, as_name) or missing("full_name")
    sex = labelled(finder, "sex", SEX, as_sex) or missing("sex")
    ethnicity = labelled(finder, "ethnicity", ETHNICITY, _ethnicity) or missing("ethnicity")
    birth = labelled(finder, "date_of_birth", BIRTH, as_date, "date.invalid") or by_neighbour(
        finder, "date_of_birth", ADDRESS, -1, as_date
    )
    return [
        name,
        sex,
        ethnicity,
        birth or missing("date_of_birth"),
        _address(finder) or missing("address"),
        id_number(finder, birth, sex),
    ]


# The 56 recognised ethnic groups as an ID card prints them.
ETHNIC_GROUPS = tuple(
    sorted(
        "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
        "高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 "
        "普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 "
        "珞巴 基诺".split(),
        key=len,
        reverse=True,
    )
)


def _ethnicity(text: str) -> str | None:
    """One of the 56 groups; a speck read after it (the photo's edge) is dropped."""
    value = "".join((as_text(text) or "").split())
    return next((group for group in ETHNIC_GROUPS if value.startswith(group)), None)


def _address(finder: Finder) -> Field | None:
    """The address after its label and the lines under it, up to the next label."""
    hits = finder.find(ADDRESS)
    if not hits:
        return None
    hit = hits[0]
    spans = [finder.after(hit)]
    number = finder.lines.index(hit.line)
    left = spans[0].box.left if spans[0].box else None
    for line in finder.lines[number + 1 :]:
        if line.page != hit.line.page or finder.find_in(line, FRONT_LABELS):
            break
        # The address wraps under (or left of) its first line; specks to the right
        # (the photo) are not part of it.
        box = line.line.box
        if left is not None and box is not None and box.left - left > _WRAP_SLACK:
            continue
        spans.append(line.span(0, len(line.chars)))
    spans = [s for s in spans if s.text]
    if not spans:
        return missing("address")
    joined = Span(
        "".join(s.text for s in spans), tuple(w for s in spans for w in s.words), spans[0].page
    )
    # A lone lower-case letter between hanzi is a speck read as text.
    value = re.sub(
        r"(?<=[\u3400-\u9fff]) ?[a-z] ?(?=[\u3400-\u9fff])", "", as_text(joined.text) or ""
    )
    return make_field("address", value, joined) if value else missing("address")


def _id_candidates(finder: Finder) -> list[Span]:
    spans = [span for hit in finder.find(NUMBER) for span in candidates(finder, hit)]
    for line in finder.lines:
        whole = line.span(0, len(line.chars))
        if _ID_LIKE.search(whole.text.replace(" ", "")):
            spans.append(whole)
    return spans


def id_number(finder: Finder, birth: Field | None, sex: Field) -> Field:
    """The ID number, checked against its check digit and the printed birth date and sex."""
    for span in _id_candidates(finder):
        match = _ID_LIKE.search(span.text.replace(" ", ""))
        if match:
            raw = match.group()
            number = fix_digits(raw[:17]) + fix_digits(raw[17]).upper()
            problems = _id_problems(number, birth, sex)
            return make_field(
                "id_number", number, span, repaired=value_repaired(raw, number), problems=problems
            )
    return _one_digit_too_many(finder, birth, sex) or missing("id_number")


_NINETEEN = re.compile(r"(?<![0-9])[0-9]{18}[0-9X](?![0-9X])")


def _one_digit_too_many(finder: Finder, birth: Field | None, sex: Field) -> Field | None:
    """An ID number read with one digit twice: the one way of dropping a digit
    that gives a valid number with the printed birth date, flagged for a look."""
    for span in _id_candidates(finder):
        match = _NINETEEN.search(fix_digits(span.text.replace(" ", "")).upper())
        if match is None:
            continue
        raw = match.group()
        found = {
            raw[:i] + raw[i + 1 :]
            for i in range(len(raw))
            if not _id_problems(raw[:i] + raw[i + 1 :], birth, sex)
        }
        if len(found) == 1:
            problem = Problem(
                "id.repaired", "One digit too many was read and dropped; check the number."
            )
            return make_field("id_number", found.pop(), span, repaired=True, problems=[problem])
    return None


def _id_problems(number: str, birth: Field | None, sex: Field) -> list[Problem]:
    parsed = parse_resident_id(number)
    if parsed is None:
        return [Problem("id.format", f"'{number}' is not a well-formed resident ID number.")]
    problems = []
    if not parsed.check_ok:
        problems.append(
            Problem("id.check", f"The check digit of ID number {number} is wrong; check it.")
        )
    if birth is not None and birth.value and birth.value != parsed.birth_date.isoformat():
        problems.append(
            Problem("id.birth_mismatch", "The printed date of birth differs from the ID number's.")
        )
    if sex.value and sex.value != parsed.sex:
        problems.append(Problem("id.sex_mismatch", "The printed sex differs from the ID number's."))
    return problems


def back(pages: list[PageText]) -> list[Field]:
    finder = Finder(pages, BACK_LABELS)
    authority = labelled(finder, "issuing_authority", AUTHORITY, as_text)
    fields = [authority or missing("issuing_authority")]
    return fields + _validity(finder)


def _validity(finder: Finder) -> list[Field]:
    for hit in finder.find(VALIDITY):
        for span in candidates(finder, hit):
            text = fix_digits(span.text)
            dates = find_dates(text)
            if not dates:
                continue
            start = make_field("valid_from", dates[0][0].isoformat(), span)
            if len(dates) > 1:
                end_value = dates[1][0].isoformat()
            elif "长期" in text.replace(" ", "") or "long" in text.lower():
                end_value = "long_term"
            else:
                return [start, missing("valid_until")]
            return [start, make_field("valid_until", end_value, span)]
    return [missing("valid_from"), missing("valid_until")]
