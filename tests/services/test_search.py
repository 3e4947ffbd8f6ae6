"""The case list: search by name, ID number, case number and status; newest change first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from app.domain.case import Status
from app.services.cases import CaseQuery, CaseService
from tests.domain.samples import applicant, id_number


@dataclass(frozen=True)
class Three:
    ouyang: str
    zhang: str
    blank: str


@pytest.fixture
def three(cases: CaseService) -> Three:
    """Three cases opened in this order, one second apart."""
    ouyang = cases.open_case(applicant(seq=11)).case_id
    zhang = cases.open_case(
        {
            "full_name": "张伟 Zhang Wei",
            "id_number": id_number(date(1975, 3, 9), region="440305", seq=99),
        }
    ).case_id
    blank = cases.open_case().case_id
    return Three(ouyang, zhang, blank)


def _keys(cases: CaseService, text: str = "", status: Status | None = None) -> list[str]:
    query = CaseQuery(text=text, status=status)
    keys = cases.keys(query)
    assert cases.count(query) == len(keys)
    assert [s.case_id for s in cases.page(query)] == keys
    return keys


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("欧阳", "ouyang"),
        ("娜娜", "ouyang"),
        ("ouyang", "ouyang"),
        ("OUYANG NANA", "ouyang"),
        ("yangnana", "ouyang"),
        ("张", "zhang"),
        ("zhang wei", "zhang"),
    ],
)
def test_search_by_name_substring(cases: CaseService, three: Three, text: str, who: str) -> None:
    assert _keys(cases, text) == [getattr(three, who)]


def test_search_by_id_number_whole_part_or_lower_case(cases: CaseService, three: Three) -> None:
    number = cases.get(three.ouyang).value("id_number")
    assert _keys(cases, number) == [three.ouyang]
    assert _keys(cases, number[6:14]) == [three.ouyang]
    assert _keys(cases, number.lower()) == [three.ouyang]
    assert _keys(cases, "440305") == [three.zhang]


def test_search_by_case_number(cases: CaseService, three: Three) -> None:
    for case_id in (three.ouyang, three.zhang, three.blank):
        case_no = cases.get(case_id).case_no
        assert _keys(cases, case_no) == [case_id]
        assert _keys(cases, case_no.lower()) == [case_id]
    assert _keys(cases, "LD-") == [three.blank, three.zhang, three.ouyang]


@pytest.mark.parametrize("text", ["%", "_", "\\", "nobody", "欧阳 x"])
def test_search_text_matches_literally(cases: CaseService, three: Three, text: str) -> None:
    assert _keys(cases, text) == []


def test_search_by_status(cases: CaseService, three: Three) -> None:
    assert _keys(cases, status=Status.DRAFT) == [three.blank, three.zhang, three.ouyang]
    assert _keys(cases, status=Status.SUBMITTED) == []
    assert _keys(cases, "张", status=Status.DRAFT) == [three.zhang]
    assert _keys(cases, "张", status=Status.APPROVED) == []


def test_keys_put_the_newest_change_first(cases: CaseService, three: Three) -> None:
    assert _keys(cases) == [three.blank, three.zhang, three.ouyang]
    cases.update_case(three.ouyang, {"purpose": "Roof"})
    assert _keys(cases) == [three.ouyang, three.blank, three.zhang]
    cases.add_comment(three.zhang, "called back")
    assert _keys(cases) == [three.zhang, three.ouyang, three.blank]
    cases.update_case(three.blank, {})  # no change, no reordering
    assert _keys(cases) == [three.zhang, three.ouyang, three.blank]


def test_summaries_and_pages_follow_the_keys(cases: CaseService, three: Three) -> None:
    keys = _keys(cases)
    summaries = cases.summaries(list(reversed(keys)) + ["01970000-0000-7000-8000-00000000000f"])
    assert [s.case_id for s in summaries] == list(reversed(keys))
    assert [s.case_id for s in cases.page(CaseQuery(), limit=1, offset=1)] == keys[1:2]
    ouyang = next(s for s in summaries if s.case_id == three.ouyang)
    assert (ouyang.amount, ouyang.currency, ouyang.product) == ("250000.00", "CNY", "personal")
    assert ouyang.full_name == cases.get(three.ouyang).value("full_name")
