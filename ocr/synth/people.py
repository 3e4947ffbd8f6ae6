"""Invented people, places and companies, consistent within one sample."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ocr.checks import id_check_char

SURNAMES = {
    "王": "WANG", "李": "LI", "张": "ZHANG", "刘": "LIU", "陈": "CHEN", "杨": "YANG",
    "黄": "HUANG", "赵": "ZHAO", "吴": "WU", "周": "ZHOU", "徐": "XU", "孙": "SUN",
    "马": "MA", "朱": "ZHU", "胡": "HU", "郭": "GUO", "何": "HE", "林": "LIN",
    "高": "GAO", "罗": "LUO", "郑": "ZHENG", "梁": "LIANG",
}  # fmt: skip
MALE_GIVEN = {
    "伟": "WEI", "强": "QIANG", "磊": "LEI", "军": "JUN", "洋": "YANG", "勇": "YONG",
    "杰": "JIE", "涛": "TAO", "明": "MING", "超": "CHAO", "刚": "GANG", "辉": "HUI",
    "建": "JIAN", "国": "GUO", "志": "ZHI", "鹏": "PENG", "宇": "YU", "浩": "HAO",
    "博": "BO", "海": "HAI", "文": "WEN", "晨": "CHEN",
}  # fmt: skip
FEMALE_GIVEN = {
    "芳": "FANG", "娜": "NA", "敏": "MIN", "静": "JING", "丽": "LI", "艳": "YAN",
    "娟": "JUAN", "秀": "XIU", "英": "YING", "玲": "LING", "红": "HONG", "霞": "XIA",
    "婷": "TING", "雪": "XUE", "欣": "XIN", "佳": "JIA", "怡": "YI", "思": "SI",
    "雨": "YU", "涵": "HAN", "晓": "XIAO", "燕": "YAN",
}  # fmt: skip
ETHNICITIES = ("汉",) * 12 + ("回", "满", "壮", "蒙古", "苗", "土家")


@dataclass(frozen=True)
class Area:
    """A real county-level division: its GB/T 2260 code and how it is written."""

    code: str
    province_zh: str
    city_zh: str
    district_zh: str
    province_en: str
    city_en: str
    district_en: str

    @property
    def police(self) -> str:
        """The public security bureau branch that issues ID cards there."""
        short = self.district_zh.removesuffix("新区").removesuffix("区")
        return f"{self.city_zh}公安局{short}分局"


AREAS = (
    Area("310115", "", "上海市", "浦东新区", "", "Shanghai", "Pudong New Area"),
    Area("310104", "", "上海市", "徐汇区", "", "Shanghai", "Xuhui District"),
    Area("110105", "", "北京市", "朝阳区", "", "Beijing", "Chaoyang District"),
    Area("110108", "", "北京市", "海淀区", "", "Beijing", "Haidian District"),
    Area("440305", "广东省", "深圳市", "南山区", "Guangdong", "Shenzhen", "Nanshan District"),
    Area("440106", "广东省", "广州市", "天河区", "Guangdong", "Guangzhou", "Tianhe District"),
    Area("330106", "浙江省", "杭州市", "西湖区", "Zhejiang", "Hangzhou", "Xihu District"),
    Area("320106", "江苏省", "南京市", "鼓楼区", "Jiangsu", "Nanjing", "Gulou District"),
    Area("510107", "四川省", "成都市", "武侯区", "Sichuan", "Chengdu", "Wuhou District"),
    Area("420106", "湖北省", "武汉市", "武昌区", "Hubei", "Wuhan", "Wuchang District"),
)
ROADS = (
    ("人民路", "Renmin Road"), ("中山路", "Zhongshan Road"), ("解放路", "Jiefang Road"),
    ("建设路", "Jianshe Road"), ("和平路", "Heping Road"), ("长江路", "Changjiang Road"),
    ("新华路", "Xinhua Road"), ("文化路", "Wenhua Road"), ("青年路", "Qingnian Road"),
)  # fmt: skip
TRADE_NAMES = (
    ("华信", "Huaxin"), ("恒达", "Hengda"), ("金石", "Jinshi"), ("博远", "Boyuan"),
    ("瑞丰", "Ruifeng"), ("鼎盛", "Dingsheng"), ("新航", "Xinhang"), ("天成", "Tiancheng"),
    ("宏图", "Hongtu"), ("安泰", "Antai"),
)  # fmt: skip
INDUSTRIES = (
    ("科技", "Technology"), ("贸易", "Trading"), ("物流", "Logistics"), ("电子", "Electronics"),
    ("食品", "Foods"), ("建筑工程", "Construction"), ("医疗器械", "Medical Devices"),
    ("文化传媒", "Media"),
)  # fmt: skip


@dataclass(frozen=True)
class Address:
    area: Area
    zh: str
    en: str
    #: the part after the district, for cards that wrap it onto several lines
    street_zh: str


@dataclass(frozen=True)
class Company:
    zh: str
    en: str
    #: short form used on bank statements ("华信科技", "HUAXIN TECHNOLOGY")
    short_zh: str
    short_en: str
    address: Address


@dataclass(frozen=True)
class Person:
    surname: str
    given: str
    surname_pinyin: str
    given_pinyin: str
    sex: str
    born: date
    ethnicity: str
    id_number: str
    address: Address
    employer: Company

    @property
    def name_zh(self) -> str:
        return self.surname + self.given

    @property
    def name_en(self) -> str:
        """As English papers print it: upper-case pinyin, surname first."""
        return f"{self.surname_pinyin} {self.given_pinyin}"

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


def make_address(rng: random.Random, area: Area | None = None) -> Address:
    area = area or rng.choice(AREAS)
    road_zh, road_en = rng.choice(ROADS)
    number, building = rng.randint(1, 999), rng.randint(1, 30)
    room = rng.randint(1, 28) * 100 + rng.randint(1, 6)
    street = f"{road_zh}{number}号{building}栋{room}室"
    zh = f"{area.province_zh}{area.city_zh}{area.district_zh}{street}"
    region = ", ".join(p for p in (area.district_en, area.city_en, area.province_en) if p)
    en = f"Room {room}, Building {building}, No. {number} {road_en}, {region}"
    return Address(area, zh, en, street)


def make_company(rng: random.Random) -> Company:
    trade_zh, trade_en = rng.choice(TRADE_NAMES)
    ind_zh, ind_en = rng.choice(INDUSTRIES)
    address = make_address(rng)
    city_zh = address.area.city_zh.removesuffix("市")
    return Company(
        zh=f"{city_zh}{trade_zh}{ind_zh}有限公司",
        en=f"{address.area.city_en} {trade_en} {ind_en} Co., Ltd.",
        short_zh=f"{trade_zh}{ind_zh}",
        short_en=f"{trade_en} {ind_en}".upper(),
        address=address,
    )


def make_id_number(rng: random.Random, area: Area, born: date, sex: str) -> str:
    sequence = rng.randint(0, 99)
    sex_digit = rng.choice("13579" if sex == "M" else "02468")
    body = f"{area.code}{born:%Y%m%d}{sequence:02d}{sex_digit}"
    return body + id_check_char(body)


def spoil_check_char(number: str) -> str:
    """The same number with a check character that is certainly wrong."""
    wrong = [c for c in "0123456789X" if c != number[17]]
    return number[:17] + wrong[int(number[16]) % len(wrong)]


def make_person(rng: random.Random) -> Person:
    sex = rng.choice("MF")
    names = MALE_GIVEN if sex == "M" else FEMALE_GIVEN
    surname = rng.choice(sorted(SURNAMES))
    given_chars = rng.sample(sorted(names), rng.choice((1, 2, 2)))
    born = date(1966, 1, 1) + timedelta(days=rng.randint(0, 37 * 365))
    address = make_address(rng)
    return Person(
        surname=surname,
        given="".join(given_chars),
        surname_pinyin=SURNAMES[surname],
        given_pinyin="".join(names[c] for c in given_chars),
        sex=sex,
        born=born,
        ethnicity=rng.choice(ETHNICITIES),
        id_number=make_id_number(rng, address.area, born, sex),
        address=address,
        employer=make_company(rng),
    )


# --- how papers write dates and money ------------------------------------------------

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DATE_STYLES = {
    "en": ("iso", "en", "slash", "en_long"),
    "zh": ("iso", "cn", "slash", "dot"),
}


def fmt_date(day: date, style: str) -> str:
    if style == "cn":
        return f"{day.year}年{day.month}月{day.day}日"
    if style == "en":
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    if style == "en_long":
        return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
    if style == "slash":
        return f"{day:%Y/%m/%d}"
    if style == "dot":
        return f"{day:%Y.%m.%d}"
    if style == "compact":
        return f"{day:%Y%m%d}"
    return day.isoformat()


def month_abbr(month: int) -> str:
    return _MONTHS[month - 1].upper()


CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal) -> str:
    """``12,345.67``: thousands separated, two places."""
    return f"{cents(value):,.2f}"


def money_with_currency(value: Decimal, lang: str, style: int) -> str:
    if lang == "en":
        return f"¥{money(value)}" if style % 2 else f"CNY {money(value)}"
    return f"￥{money(value)}" if style % 2 else f"{money(value)}元"


def random_amount(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100
