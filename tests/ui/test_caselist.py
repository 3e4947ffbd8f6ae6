"""The case list model on a few thousand cases: counts, deep rows, search, debounce."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.domain.case import Status
from app.security.keys import KeySource
from app.services.cases import CaseQuery, CaseService
from app.services.profile import Profile
from tests.conftest import PASSWORD
from tests.ui.conftest import OFFSCREEN_NOISE
from tests.ui.helpers import id_number
from ui.caselist import PAGE_SIZE, CaseListModel, CaseListPanel, Column
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
CASES = 3000


def applicant_id(n: int) -> str:
    """A valid, distinct ID number for the n-th applicant."""
    return id_number(f"110105{1950 + n // 1000}0101{n % 1000:03d}")


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Profile]:
    """One profile with CASES cases, made through the service, shared by this module."""
    path: Path = tmp_path_factory.mktemp("many") / "profile"
    profile = Profile.create(
        path,
        KeySource(hex_key="5a" * 32),
        admin_username="admin",
        admin_name="Branch Admin",
        admin_password=PASSWORD,
    )
    cases = CaseService(profile)
    for n in range(1, CASES + 1):
        cases.open_case(
            {
                "full_name": f"Applicant {n:04d}",
                "id_number": applicant_id(n),
                "requested_amount": {"amount": str(1000 * n), "currency": "CNY"},
            }
        )
    yield profile
    profile.close()


@pytest.fixture
def model(many: Profile, tasks: TaskManager) -> CaseListModel:
    return CaseListModel(CaseService(many), tasks)


def load(qtbot: QtBot, model: CaseListModel, query: CaseQuery) -> None:
    with qtbot.waitSignal(model.keys_did_load):
        model.set_query(query)


def text_at(qtbot: QtBot, model: CaseListModel, row: int, column: Column) -> str:
    """The cell as the view would get it, once its page has arrived."""
    index = model.index(row, column)
    if model.summary(row) is None:
        with qtbot.waitSignal(model.page_did_load):
            pass
    return str(model.data(index))


@pytest.mark.slow
def test_every_case_is_a_row_and_a_deep_row_is_right(
    qtbot: QtBot, model: CaseListModel, many: Profile
) -> None:
    load(qtbot, model, CaseQuery())
    assert model.rowCount() == CASES == CaseService(many).count(CaseQuery())
    # Newest first: row r is the case opened (CASES - r)-th.
    row = 2500
    assert model.data(model.index(row, Column.CASE_NO)) == "…"  # not fetched yet
    case_no = text_at(qtbot, model, row, Column.CASE_NO)
    assert case_no.endswith(f"-{CASES - row:06d}")
    assert text_at(qtbot, model, row, Column.NAME) == f"Applicant {CASES - row:04d}"
    assert text_at(qtbot, model, row, Column.AMOUNT) == f"{1000 * (CASES - row):,}.00 CNY"
    # Only the page holding that row was fetched, not the rows before it.
    assert model.summary(0) is None
    assert model.summary(row - row % PAGE_SIZE) is not None


@pytest.mark.slow
def test_search_narrows_the_list(qtbot: QtBot, model: CaseListModel) -> None:
    load(qtbot, model, CaseQuery(text="applicant 12"))
    assert model.rowCount() == 100  # Applicant 1200 to 1299; 0012 has no "applicant 12" in it
    load(qtbot, model, CaseQuery(text="Applicant 0042"))
    assert model.rowCount() == 1
    assert text_at(qtbot, model, 0, Column.NAME) == "Applicant 0042"
    load(qtbot, model, CaseQuery(text=applicant_id(1234)))
    assert model.rowCount() == 1
    assert text_at(qtbot, model, 0, Column.NAME) == "Applicant 1234"
    load(qtbot, model, CaseQuery(text="-002999"))
    assert model.rowCount() == 1
    load(qtbot, model, CaseQuery(status=Status.APPROVED))
    assert model.rowCount() == 0
    load(qtbot, model, CaseQuery(status=Status.DRAFT))
    assert model.rowCount() == CASES


class CountingCases(CaseService):
    """The real service, counting how often the list asks for its ids."""

    keys_asked = 0

    def keys(self, query: CaseQuery) -> list[str]:
        self.keys_asked += 1
        return super().keys(query)


@pytest.mark.slow
def test_the_search_box_waits_for_the_typing_to_stop(
    qtbot: QtBot, many: Profile, tasks: TaskManager
) -> None:
    cases = CountingCases(many)
    panel = CaseListPanel(cases, tasks)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.model.keys_did_load):
        panel.model.reload()
    assert cases.keys_asked == 1
    QTest.keyClicks(panel.search, "Applicant 2999")
    # Fourteen keys typed, and no query yet: it waits for the typing to stop.
    assert cases.keys_asked == 1
    assert panel.model.query == CaseQuery()
    with qtbot.waitSignal(panel.model.keys_did_load):
        pass
    assert cases.keys_asked == 2
    assert panel.model.rowCount() == 1
    assert text_at(qtbot, panel.model, 0, Column.NAME) == "Applicant 2999"
