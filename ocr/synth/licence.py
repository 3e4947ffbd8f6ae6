"""Business licences (营业执照) and their English translations."""

from __future__ import annotations

from datetime import date, timedelta

from ocr.checks import USCC_ALPHABET, uscc_check_char
from ocr.synth.canvas import A4, Page
from ocr.synth.people import Company, Person, fmt_date, make_company
from ocr.synth.style import Built, Style

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("仟", "佰", "拾", "")
_CAPITALS_WAN = (10, 30, 50, 100, 200, 300, 500, 800, 1000, 2000, 5000)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
RED = (176, 32, 32)
SCOPE_ZH = (
    "技术开发、技术咨询、技术服务；销售电子产品、计算机软硬件及辅助设备；货物进出口、技术进出口。"
)
SCOPE_EN = (
    "Technology development, consulting and services; sale of electronic products,",
    "computer software and hardware; import and export of goods and technology.",
)


def capital_words(wan: int) -> str:
    """1..9999 (units of 10,000 yuan) the way contracts write it: 壹佰万元整."""
    digits = f"{wan:04d}"
    out, pending_zero = "", False
    for digit, unit in zip(digits, _UNITS, strict=True):
        if digit == "0":
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += "零"
            pending_zero = False
        out += _DIGITS[int(digit)] + unit
    return f"{out}万元整"


def _org_code(body8: str) -> str:
    """The GB 11714 organisation code: eight characters and their check character."""
    total = sum(int(c, 36) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body8 + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(style: Style, area_code: str) -> str:
    letters = [c for c in USCC_ALPHABET if c != "X"]
    body8 = "MA" + "".join(style.rng.choice(letters) for _ in range(6))
    body17 = "91" + area_code + _org_code(body8)
    return body17 + str(uscc_check_char(body17))


def _printed_capital(style: Style, wan: int) -> str:
    if style.lang == "zh":
        return style.pick(f"{wan}万元", f"人民币{capital_words(wan)}", capital_words(wan))
    return style.pick(f"RMB {wan * 10000:,}", f"CNY {wan * 10000:,.2f}")


def business_licence(person: Person, style: Style) -> Built:
    rng, zh = style.rng, style.lang == "zh"
    company = make_company(rng)
    code = credit_code(style, company.address.area.code)
    wan = rng.choice(_CAPITALS_WAN)
    founded = date(2005, 1, 1) + timedelta(days=rng.randint(0, 18 * 365))
    page = style.page(A4[1], A4[0])
    page.rect(24, 24, A4[1] - 48, A4[0] - 48, fill=None, outline=RED, line=3)
    page.rect(32, 32, A4[1] - 64, A4[0] - 64, fill=None, outline=RED, line=0.8)
    centre = A4[1] / 2
    page.text(centre, 100, "营业执照" if zh else "BUSINESS LICENCE", 30, bold=True, align="center")
    page.text(centre, 124, "（副本）" if zh else "(Translation)", style.size + 1, align="center")
    code_label = "统一社会信用代码" if zh else "Unified Social Credit Code"
    page.text(70 + style.dx, 160, f"{code_label} {code}", style.size + 1, bold=True)
    name = company.zh if zh else company.en
    rep = person.name(style.lang)
    address = company.address.zh if zh else company.address.en
    _licence_body(page, style, company, rep, _printed_capital(style, wan), founded, address)
    fields = {
        "company_name": name,
        "credit_code": code,
        "legal_representative": rep,
        "registered_capital": f"{wan * 10000}.00",
        "address": address,
        "established_on": founded.isoformat(),
    }
    return Built(fields, (page,))


def _licence_body(
    page: Page, style: Style, company: Company, rep: str, capital: str, founded: date, address: str
) -> None:
    zh = style.lang == "zh"
    x, y, step, size = 80 + style.dx, 205 + style.dy, style.size * 2.3, style.size + 1
    when = fmt_date(founded, "cn" if zh else style.pick("en", "iso"))
    kind = "有限责任公司(自然人投资或控股)" if zh else "Limited liability company"
    rows = [
        ("名称" if zh else "Name", company.zh if zh else company.en),
        ("类型" if zh else "Type", kind),
        ("法定代表人" if zh else "Legal representative", rep),
        ("注册资本" if zh else "Registered capital", capital),
        ("成立日期" if zh else "Date of establishment", when),
        (
            "营业期限" if zh else "Business term",
            f"{when} 至 长期" if zh else f"{when} to long-term",
        ),
        ("住所" if zh else "Domicile", address),
    ]
    label_w = 90 if zh else 150
    for label, value in rows:
        page.text(x, y, label, size, color=(60, 60, 60))
        page.text(x + label_w, y, value, size)
        y += step
    page.text(x, y, "经营范围" if zh else "Business scope", size, color=(60, 60, 60))
    scope = [SCOPE_ZH[i : i + 30] for i in range(0, len(SCOPE_ZH), 30)] if zh else list(SCOPE_EN)
    for i, line in enumerate(scope):
        page.text(x + label_w, y + i * size * 1.5, line, size)
    _authority(page, style, company, founded, size)


def _authority(page: Page, style: Style, company: Company, founded: date, size: float) -> None:
    """The registering office, its seal and the date, bottom right."""
    zh = style.lang == "zh"
    area = company.address.area
    authority = (
        f"{area.city_zh}{area.district_zh}市场监督管理局"
        if zh
        else f"{area.district_en} Administration for Market Regulation, {area.city_en}"
    )
    right = A4[1] - 80
    # The seal goes down first so the words stamped over stay legible.
    page.ellipse(right - 110, A4[0] - 170, 90, 90, (246, 200, 200))
    page.text(
        right,
        A4[0] - 110,
        ("登记机关 " if zh else "Registration authority: ") + authority,
        size,
        align="right",
    )
    issued = founded + timedelta(days=style.rng.randint(0, 3000))
    page.text(
        right,
        A4[0] - 86,
        fmt_date(min(issued, date(2024, 12, 31)), "cn" if zh else "en"),
        size,
        align="right",
    )
