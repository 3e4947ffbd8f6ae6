"""The review screen: fields as read, their boxes on the page, confirming and refusing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.events import EventType
from app.domain.roles import Role
from app.services.cases import CaseService
from app.services.intake import IntakeService
from app.services.profile import Profile
from ocr.synth import generate
from ocr.types import DocKind
from tests.conftest import act_as
from tests.ui.conftest import OFFSCREEN_NOISE
from tests.ui.helpers import type_text
from ui import i18n
from ui.operations import Operations
from ui.review import ReviewDialog
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


@dataclass
class Opened:
    dialog: ReviewDialog
    intake: IntakeService
    case_id: str
    document_id: str
    truth: dict[str, str]


@pytest.fixture
def opened(qtbot: QtBot, profile: Profile, tasks: TaskManager) -> Iterator[Opened]:
    """A Chinese ID card attached, read and recorded, open for review."""
    act_as(profile, Role.OFFICER)
    case_id = CaseService(profile).open_case({"product": "personal"}).case_id
    intake = IntakeService(profile)
    sample = generate(DocKind.ID_CARD_FRONT, "zh", 7)
    document_id = intake.attach(case_id, sample.pdf(), "card.pdf").document_id
    intake.record(intake.read(case_id, document_id, workers=2))
    dialog = ReviewDialog(intake, Operations(tasks), case_id, document_id, profile.user_names)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.page_did_load, timeout=10_000):
        dialog.show()
    yield Opened(dialog, intake, case_id, document_id, sample.fields)
    dialog.close()


def test_the_fields_show_the_values_read(opened: Opened) -> None:
    doc = opened.intake.document(opened.case_id, opened.document_id)
    panel = opened.dialog.fields
    assert panel.kind is DocKind.ID_CARD_FRONT
    assert panel.names() == [
        "full_name",
        "sex",
        "ethnicity",
        "date_of_birth",
        "address",
        "id_number",
    ]
    read = {f.name: f.value for f in doc.fields}
    assert {n: panel.row(n).line.text() for n in panel.names()} == {
        n: read.get(n, "") for n in panel.names()
    }
    assert panel.row("id_number").line.text() == opened.truth["id_number"]
    assert panel.row("full_name").label.text() == "Full name"


def test_focusing_a_field_highlights_its_box_on_the_page(qtbot: QtBot, opened: Opened) -> None:
    dialog = opened.dialog
    field = next(f for f in dialog.doc.fields if f.name == "id_number") if dialog.doc else None
    assert field is not None
    assert field.box is not None
    dialog.fields.focus_field("id_number")
    qtbot.waitUntil(lambda: dialog.page_view.highlighted_rect() is not None)
    pixmap = dialog.page_view.scene().sceneRect()
    left, top, width, height = field.box
    expected = QRectF(
        left * pixmap.width(),
        top * pixmap.height(),
        width * pixmap.width(),
        height * pixmap.height(),
    )
    assert dialog.page_view.highlighted_rect() == expected
    # The box holds the words of the number as read on the page.
    inside = [
        w.text
        for w in dialog.page_view.words
        if expected.contains(dialog.page_view.rect_of(w.box).center())
    ]
    assert opened.truth["id_number"][:6] in "".join(inside)


def test_a_corrected_value_is_confirmed_and_recorded_as_a_change(
    qtbot: QtBot, opened: Opened, profile: Profile
) -> None:
    line = opened.dialog.fields.row("address").line
    line.selectAll()
    type_text(line, "北京市海淀区中关村大街1号")
    assert opened.dialog.fields.row("address").note.text().startswith("✎")
    with qtbot.waitSignal(opened.dialog.confirm_did_finish) as finished:
        opened.dialog.confirm_button.click()
    assert finished.args == [True]
    doc = opened.intake.document(opened.case_id, opened.document_id)
    assert doc.status == "confirmed"
    assert doc.confirmed["address"] == "北京市海淀区中关村大街1号"
    last = next(
        e
        for e in reversed(list(profile.store.all_events()))
        if e.type is not EventType.APPLICANT_UPDATED
    )
    assert last.type is EventType.FIELDS_CONFIRMED
    changed = {c["name"]: c["after"] for c in last.payload["changes"]}
    assert changed == {"address": "北京市海淀区中关村大街1号"}
    qtbot.waitUntil(lambda: opened.dialog.confirmed.isVisible())
    assert "User officer" in opened.dialog.confirmed.text()


def test_a_wrong_id_number_is_refused_and_marked(qtbot: QtBot, opened: Opened) -> None:
    row = opened.dialog.fields.row("id_number")
    good = row.line.text()
    wrong_check = "0" if good[-1] != "0" else "1"
    row.line.selectAll()
    type_text(row.line, good[:-1] + wrong_check)
    with qtbot.waitSignal(opened.dialog.confirm_did_finish) as finished:
        opened.dialog.confirm_button.click()
    assert finished.args == [False]
    assert row.refusal is not None
    assert row.refusal[0] == "id.check"
    assert row.note.text().startswith("✗ ")
    assert row.line.toolTip() == row.note.text()[2:]
    assert opened.dialog.banner.isVisible()
    assert opened.intake.document(opened.case_id, opened.document_id).status == "read"


def test_the_review_speaks_chinese_after_a_switch(
    qtbot: QtBot, opened: Opened, qapp: QApplication
) -> None:
    i18n.install(qapp, "zh_CN")
    # The language change reaches the widgets as a posted event.
    qtbot.waitUntil(lambda: opened.dialog.confirm_button.text() != "Confirm fields")
    assert opened.dialog.fields.row("full_name").label.text() == "姓名"
    assert opened.dialog.confirm_button.text() == "确认字段"
    assert opened.dialog.fields.kind_box.currentText() == "身份证人像面"
