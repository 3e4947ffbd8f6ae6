"""The conflicts screens: values two desks set differently apart, shown to a person who decides.

Two real profiles play two desks; their events travel between them the way
the sync service takes in a page from the branch server (``_take_in``), with
this test's list standing in for the server's order.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from app.domain.events import USER_EVENTS, Event, EventType
from app.domain.masking import mask
from app.security.keys import KeySource
from app.services.cases import CaseService
from app.services.profile import Profile
from app.store.repo import PULLED
from tests.conftest import PASSWORD
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.helpers import VALID_ID, id_number, type_text, visible_text
from ui import i18n
from ui.conflicts import Column, ConflictsDialog
from ui.fieldchoice import ConflictTools, FieldChoice, distinct_masks
from ui.mainwindow import MainWindow
from ui.operations import Operations
from ui.resolve import ResolveDialog
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


class Relay:
    """The branch server's part of sync, in memory: one order for every desk's events."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self._ids: set[str] = set()
        self._pushed: dict[str, int] = {}

    def push(self, desk: Profile) -> None:
        after = self._pushed.get(desk.device_id, 0)
        for body in desk.store.device_events(desk.device_id, after_seq=after, limit=10_000):
            event = Event.from_bytes(body)
            if event.id not in self._ids:
                self._ids.add(event.id)
                self.bodies.append(body)
            self._pushed[desk.device_id] = event.device_seq

    def pull(self, desk: Profile) -> None:
        """As ``SyncService._take_in``: keep, order, fold again, move the cursor, in one go."""
        cursor = int(desk.store.meta(PULLED) or 0)
        touched: set[str] = set()
        users = False
        with desk.store.writing() as tx:
            for seq, body in enumerate(self.bodies[cursor:], start=cursor + 1):
                event = Event.from_bytes(body)
                if tx.stored_hash(event.id) is None:
                    tx.store_pulled(event, body)
                tx.order(event.id, seq)
                if event.case_id is not None:
                    touched.add(event.case_id)
                users = users or event.type in USER_EVENTS
            for case_id in sorted(touched):
                tx.refold(case_id)
            if users:
                tx.rebuild_users()
            tx.set_meta(PULLED, str(len(self.bodies)))

    def sync(self, *desks: Profile) -> None:
        # Two rounds: what one desk sends in the first, the others take in the second.
        for _ in range(2):
            for desk in desks:
                self.push(desk)
                self.pull(desk)


@pytest.fixture
def relay() -> Relay:
    return Relay()


@pytest.fixture
def desks(tmp_path: Path, key_source: KeySource) -> Iterator[tuple[Profile, Profile]]:
    """Two desks of one branch, each with its own officer (and administrator) signed in."""
    made = [
        Profile.create(
            tmp_path / f"desk-{username}",
            key_source,
            admin_username=username,
            admin_name=name,
            admin_password=PASSWORD,
        )
        for username, name in (("li.na", "Li Na"), ("wang.wei", "Wang Wei"))
    ]
    yield made[0], made[1]
    for desk in made:
        desk.close()


def set_apart(
    desks: tuple[Profile, Profile],
    relay: Relay,
    opened: dict[str, Any],
    mine: dict[str, Any],
    theirs: dict[str, Any],
) -> str:
    """A case opened at the first desk, then changed at both while the line was down."""
    a, b = desks
    case_id = CaseService(a).open_case(opened).case_id
    relay.sync(a, b)
    CaseService(a).update_case(case_id, mine)
    CaseService(b).update_case(case_id, theirs)
    relay.sync(a, b)
    return case_id


def tools_of(profile: Profile, tasks: TaskManager) -> ConflictTools:
    return ConflictTools(CaseService(profile), Operations(tasks), profile.user_names)


def open_resolve(qtbot: QtBot, profile: Profile, tasks: TaskManager, case_id: str) -> ResolveDialog:
    dialog = ResolveDialog(tools_of(profile, tasks), case_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.case_did_load):
        dialog.show()
    return dialog


def local_time(at: str) -> str:
    return (
        datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone().strftime("%-d %b %Y %H:%M")
    )


def row_of(choice: FieldChoice, text: str) -> int:
    """The option whose value reads ``text``."""
    found = [row for row, radio in enumerate(choice.radios) if radio.text() == text]
    assert len(found) == 1, [radio.text() for radio in choice.radios]
    return found[0]


def resolve(qtbot: QtBot, dialog: ResolveDialog) -> bool:
    with qtbot.waitSignal(dialog.resolve_did_finish) as blocker:
        QTest.mouseClick(dialog.resolve_button, Qt.MouseButton.LeftButton)
    assert blocker.args is not None
    return bool(blocker.args[0])


def resolved_events(profile: Profile, case_id: str) -> list[Event]:
    return [
        e
        for e in profile.store.all_events()
        if e.type is EventType.CONFLICT_RESOLVED and e.case_id == case_id
    ]


# -- the list -----------------------------------------------------------------------
def test_the_list_shows_each_conflicted_case_with_its_fields(
    qtbot: QtBot, desks: tuple[Profile, Profile], relay: Relay, tasks: TaskManager
) -> None:
    a, _ = desks
    quiet = CaseService(a).open_case({"full_name": "Zhou Ping"}).case_id
    case_id = set_apart(
        desks,
        relay,
        {"full_name": "Chen Jing", "requested_amount": "50000"},
        {"full_name": "Chen Jingyi", "requested_amount": "52000", "address": "1 Bund Road"},
        {"full_name": "Chen Jin", "requested_amount": "62500.50"},
    )
    dialog = ConflictsDialog(tools_of(a, tasks))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.list_did_load) as loaded:
        dialog.show()
    assert loaded.args == [1]
    state = CaseService(a).get(case_id)
    items = [dialog.table.item(0, c) for c in Column]
    texts = [item.text() if item is not None else "" for item in items]
    assert texts[Column.CASE_NO] == state.case_no
    assert texts[Column.NAME] == state.value("full_name")
    assert texts[Column.COUNT] == "2"
    assert texts[Column.FIELDS] == "Full name, Amount requested"  # the form's order
    assert texts[Column.UPDATED] == local_time(state.updated_at)
    assert CaseService(a).get(quiet).case_no not in visible_text()
    assert not dialog.empty.isVisible()

    # Opening the row, choosing and resolving empties the list.
    QTest.keyClick(dialog.table, Qt.Key.Key_Return)
    resolving = dialog.resolve_dialog
    assert resolving is not None
    assert resolving.case_id == case_id
    qtbot.waitUntil(lambda: bool(resolving.choices))
    for choice in resolving.choices.values():
        choice.radios[0].click()
    with qtbot.waitSignal(dialog.list_did_load) as reloaded:
        assert resolve(qtbot, resolving)
    assert reloaded.args == [0]
    assert dialog.empty.isVisible()
    assert dialog.empty.text() == "No case has values set differently: nothing to resolve."


# -- choosing -----------------------------------------------------------------------
def test_every_value_shows_for_people_with_who_set_it_and_when(
    qtbot: QtBot, desks: tuple[Profile, Profile], relay: Relay, tasks: TaskManager
) -> None:
    a, _ = desks
    case_id = set_apart(
        desks,
        relay,
        {"full_name": "Chen Jing", "requested_amount": "50000", "home": "rent"},
        {"full_name": "Chen Jingyi", "requested_amount": "62500.50", "home": "owner"},
        {"full_name": "Chen Jin", "requested_amount": "52000", "home": "parents"},
    )
    dialog = open_resolve(qtbot, a, tasks, case_id)
    # Values as the forms write them: money with its currency, choices in words.
    expected = {
        "full_name": ("Full name", {"Chen Jingyi": "Li Na", "Chen Jin": "Wang Wei"}),
        "home": ("Housing", {"Owns the home": "Li Na", "Lives with parents": "Wang Wei"}),
        "requested_amount": (
            "Amount requested",
            {"62,500.50 CNY": "Li Na", "52,000.00 CNY": "Wang Wei"},
        ),
    }
    assert list(dialog.choices) == ["full_name", "home", "requested_amount"]  # the form's order
    claims = CaseService(a).get(case_id).conflicts
    names = a.user_names()
    for field, (label, by_value) in expected.items():
        choice = dialog.choices[field]
        assert choice.title() == label
        when = {names[c.actor]: local_time(c.at) for c in claims[field]}
        for value, who in by_value.items():
            said = choice.whos[row_of(choice, value)].text()
            assert who in said
            assert when[who] in said
        assert choice.editor.input.accessibleName() == f"Other value for {label}"
    # Li Na's desk folds Wang Wei's edit last (the server ordered it after): it stands.
    standing = dialog.choices["full_name"].whos[row_of(dialog.choices["full_name"], "Chen Jin")]
    assert standing.text().endswith("now on the case")


def test_resolve_waits_for_a_choice_in_every_field_then_records_it(
    qtbot: QtBot, desks: tuple[Profile, Profile], relay: Relay, tasks: TaskManager
) -> None:
    a, b = desks
    case_id = set_apart(
        desks,
        relay,
        {"full_name": "Sun Li", "requested_amount": "80000"},
        {"full_name": "Sun Lili", "requested_amount": "85000"},
        {"full_name": "Sun Li Li", "requested_amount": "90000"},
    )
    dialog = open_resolve(qtbot, a, tasks, case_id)
    name, amount = dialog.choices["full_name"], dialog.choices["requested_amount"]
    assert not dialog.resolve_button.isEnabled()
    assert dialog.hint.text().startswith("Chosen: 0 of 2.")
    # By keyboard: Space picks the value that has the focus.
    first = name.radios[row_of(name, "Sun Li Li")]
    QTest.keyClick(first, Qt.Key.Key_Space)
    assert first.isChecked()
    assert not dialog.resolve_button.isEnabled()
    assert dialog.hint.text().startswith("Chosen: 1 of 2.")
    # "Other value" without a value typed is no choice yet.
    amount.other.click()
    assert not dialog.resolve_button.isEnabled()
    type_text(amount.editor.input, "87500")
    assert dialog.resolve_button.isEnabled()
    assert dialog.hint.text() == "Every field has a value chosen: press Resolve to record them."
    assert resolve(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted

    state = CaseService(a).get(case_id)
    assert state.conflicts == {}
    assert state.value("full_name") == "Sun Li Li"
    assert Decimal(state.value("requested_amount")["amount"]) == Decimal(87500)
    assert CaseService(a).conflicted() == []
    [event] = resolved_events(a, case_id)
    assert event.actor == a.actor.user_id
    assert event.payload["fields"]["full_name"] == "Sun Li Li"
    # The other desk takes the choice in and is settled too.
    relay.sync(a, b)
    assert CaseService(b).get(case_id).conflicts == {}
    assert CaseService(b).get(case_id).value("full_name") == "Sun Li Li"


def test_a_bad_value_typed_is_refused_in_words_and_nothing_is_lost(
    qtbot: QtBot, desks: tuple[Profile, Profile], relay: Relay, tasks: TaskManager
) -> None:
    a, _ = desks
    born = "1949-12-31"
    mine, theirs = id_number("11010519491231003"), id_number("11010519491231004")
    case_id = set_apart(
        desks,
        relay,
        {"full_name": "Qian Yi", "id_number": VALID_ID, "date_of_birth": born},
        {"id_number": mine},
        {"id_number": theirs},
    )
    before = len(list(a.store.all_events()))
    dialog = open_resolve(qtbot, a, tasks, case_id)
    choice = dialog.choices["id_number"]
    # A check digit that does not match: the screen's own check refuses it.
    wrong = mine[:-1] + ("0" if mine[-1] != "0" else "1")
    type_text(choice.editor.input, wrong)
    assert choice.other.isChecked()
    QTest.mouseClick(dialog.resolve_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.isVisible()
    assert "The check digit does not match; a digit was mistyped." in dialog.problem.text()
    assert "Resident ID number" in dialog.problem.text()
    assert choice.editor.problem == "The check digit does not match; a digit was mistyped."
    # A valid number whose birth date is not the case's: the service refuses it.
    elsewhere = id_number("11010519500101003")
    choice.editor.set_value(None)
    type_text(choice.editor.input, elsewhere)
    assert not resolve(qtbot, dialog)
    assert "The date of birth does not match the ID number." in dialog.problem.text()
    assert dialog.isVisible()
    assert choice.other.isChecked()
    assert choice.editor.raw() == elsewhere  # what was typed stays
    assert len(list(a.store.all_events())) == before
    assert set(CaseService(a).get(case_id).conflicts) == {"id_number"}


def test_a_case_changed_meanwhile_is_said_and_the_choice_kept(
    qtbot: QtBot, desks: tuple[Profile, Profile], relay: Relay, tasks: TaskManager
) -> None:
    a, _ = desks
    case_id = set_apart(
        desks,
        relay,
        {"full_name": "Zhao Min"},
        {"full_name": "Zhao Min A"},
        {"full_name": "Zhao Min B"},
    )
    dialog = open_resolve(qtbot, a, tasks, case_id)
    choice = dialog.choices["full_name"]
    choice.radios[row_of(choice, "Zhao Min A")].click()
    CaseService(a).update_case(case_id, {"address": "8 Nanjing Road"})
    with qtbot.waitSignal(dialog.case_did_load):
        assert not resolve(qtbot, dialog)
    assert "the case changed while you were choosing" in dialog.problem.text()
    again = dialog.choices["full_name"]
    assert again.radios[row_of(again, "Zhao Min A")].isChecked()
    assert resolve(qtbot, dialog)
    state = CaseService(a).get(case_id)
    assert (state.value("full_name"), state.value("address")) == ("Zhao Min A", "8 Nanjing Road")
    assert state.conflicts == {}


# -- masked numbers -----------------------------------------------------------------
def twin_of(number: str) -> str:
    """Another valid ID number that the usual mask cannot tell from ``number``.

    Only the birth day differs, and the check digit comes out the same, so the
    first four and the last four characters (all the mask keeps) agree.
    """
    for day in range(1, 29):
        other = id_number(number[:12] + f"{day:02d}" + number[14:17])
        if other != number and other[-4:] == number[-4:]:
            return other
    raise AssertionError(f"no twin for {number}")


def test_two_id_numbers_that_mask_alike_differ_on_screen_and_stay_hidden(
    qtbot: QtBot, desks: tuple[Profile, Profile], relay: Relay, tasks: TaskManager
) -> None:
    a, _ = desks
    twin = twin_of(VALID_ID)
    assert mask(twin, "id_number") == mask(VALID_ID, "id_number")
    case_id = set_apart(
        desks, relay, {"full_name": "Qian Yi"}, {"id_number": VALID_ID}, {"id_number": twin}
    )
    dialog = open_resolve(qtbot, a, tasks, case_id)
    choice = dialog.choices["id_number"]
    shown = {radio.text() for radio in choice.radios}
    assert len(shown) == 2, "two different numbers look the same"
    for text, number in zip(sorted(shown), sorted([VALID_ID, twin]), strict=True):
        assert len(text) == len(number)
        assert all(c in ("*", n) for c, n in zip(text, number, strict=True))
        # what the mask keeps, and one digit more: where the two differ
        assert sum(c != "*" for c in text) == 9
    screen = visible_text()
    assert VALID_ID not in screen
    assert twin not in screen
    assert choice.reveal_button.isVisible()


def test_reveal_shows_the_value_on_the_case_after_the_password_and_a_lock_hides_it(
    qtbot: QtBot, desks: tuple[Profile, Profile], relay: Relay, tasks: TaskManager
) -> None:
    a, _ = desks
    twin = twin_of(VALID_ID)
    case_id = set_apart(
        desks, relay, {"full_name": "Qian Yi"}, {"id_number": VALID_ID}, {"id_number": twin}
    )
    standing = CaseService(a).get(case_id).value("id_number")
    dialog = open_resolve(qtbot, a, tasks, case_id)
    choice = dialog.choices["id_number"]
    QTest.mouseClick(choice.reveal_button, Qt.MouseButton.LeftButton)
    prompt = dialog.findChild(QDialog, "reveal-prompt")
    assert isinstance(prompt, QDialog)
    line = prompt.findChild(QLineEdit, "prompt-password")
    assert isinstance(line, QLineEdit)
    type_text(line, PASSWORD)
    buttons = prompt.findChild(QDialogButtonBox)
    assert buttons is not None
    with qtbot.waitSignal(dialog.field_did_reveal):
        buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert standing in [radio.text() for radio in choice.radios]
    revealed = [e for e in a.store.all_events() if e.type is EventType.FIELD_REVEALED]
    assert [(e.payload["case_id"], e.payload["field"]) for e in revealed] == [
        (case_id, "id_number")
    ]
    other = ({VALID_ID, twin} - {standing}).pop()
    assert other not in visible_text()
    # The screen lock hides every dialog: the whole number is masked again.
    dialog.hide()
    dialog.show()
    assert standing not in visible_text()


@given(
    st.lists(st.text(alphabet="0123456789", min_size=10, max_size=10), min_size=2, max_size=4).map(
        lambda middles: sorted({"1101" + m + "002X" for m in middles})
    ),
)
def test_masks_tell_apart_every_pair_by_showing_only_digits_where_they_differ(
    numbers: list[str],
) -> None:
    shown = distinct_masks("id_number", numbers)
    if len(numbers) > 1:
        assert len(set(shown)) == len(numbers)
    extra = set()
    for text, number in zip(shown, numbers, strict=True):
        assert len(text) == len(number)
        assert text[:4] == number[:4]
        assert text[-4:] == number[-4:]
        for position, (c, n) in enumerate(zip(text, number, strict=True)):
            assert c in ("*", n)
            if c != "*" and 4 <= position < len(number) - 4:
                extra.add(position)
    # Only where the numbers do not all agree, and at most one digit per pair.
    assert all(len({n[p] for n in numbers}) > 1 for p in extra)
    assert len(extra) <= len(list(combinations(numbers, 2)))
    # The same positions show in every number, so they can be compared.
    assert all(sum(c != "*" for c in text) == 8 + len(extra) for text in shown)


# -- the banner on the case ---------------------------------------------------------
def test_the_banner_shows_on_a_case_with_conflicts_and_goes_once_resolved(
    qtbot: QtBot,
    qapp: QApplication,
    desks: tuple[Profile, Profile],
    relay: Relay,
    tasks: TaskManager,
) -> None:
    a, _ = desks
    case_id = set_apart(
        desks,
        relay,
        {"full_name": "Hu Jun", "term_months": "24"},
        {"full_name": "Hu Junjie", "term_months": "36"},
        {"full_name": "Hu Jun Jie", "term_months": "48"},
    )
    quiet = CaseService(a).open_case({"full_name": "Ma Li"}).case_id
    window = open_window(qtbot, a, tasks)
    banner = window.case_view.conflict_banner
    view_case(qtbot, window, quiet)
    assert not banner.isVisible()
    view_case(qtbot, window, case_id)
    assert banner.isVisible()
    assert banner.text.text().startswith("⚠ 2 values were set differently at two desks")
    assert "Full name" in banner.text.text()
    assert "Term (months)" in banner.text.text()
    i18n.install(qapp, "zh_CN")
    qtbot.waitUntil(lambda: banner.text.text().startswith("⚠ 两个工作站对 2 项填写了不同的值"))
    assert banner.button.text() == "处理…"
    i18n.install(qapp, "en")
    qtbot.waitUntil(lambda: banner.button.text() == "Resolve…")
    QTest.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    dialog = banner.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: bool(dialog.choices))
    for choice in dialog.choices.values():
        choice.radios[0].click()
    with qtbot.waitSignal(window.case_view.case_did_load):
        assert resolve(qtbot, dialog)
    assert not banner.isVisible()
    assert CaseService(a).get(case_id).conflicts == {}


def view_case(qtbot: QtBot, window: MainWindow, case_id: str) -> None:
    with qtbot.waitSignal(window.case_view.case_did_load):
        window.case_list.select_case(case_id)


def test_another_open_case_for_the_same_id_number_is_pointed_out(
    qtbot: QtBot,
    qapp: QApplication,
    desks: tuple[Profile, Profile],
    relay: Relay,
    tasks: TaskManager,
) -> None:
    a, b = desks
    person = {"full_name": "陈静", "id_number": VALID_ID}
    here = CaseService(a).open_case(person).case_id
    there = CaseService(b).open_case(person).case_id
    assert here is not None
    assert there is not None
    relay.sync(a, b)  # the other desk's case comes in, as sync brings it
    quiet = CaseService(a).open_case({"full_name": "Ma Li"}).case_id
    assert quiet is not None
    window = open_window(qtbot, a, tasks)
    banner = window.case_view.duplicate_banner
    view_case(qtbot, window, here)
    assert banner.isVisible()
    there_no = CaseService(a).get(there).case_no
    assert f"{there_no} (Draft)" in banner.text()
    assert banner.text().startswith("⚠ Another open case of the branch has the same ID number")
    i18n.install(qapp, "zh_CN")
    qtbot.waitUntil(lambda: "身份证号" in banner.text())
    i18n.install(qapp, "en")
    # A case without an ID number, or alone with it, shows no banner.
    view_case(qtbot, window, quiet)
    assert not banner.isVisible()
