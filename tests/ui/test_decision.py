"""The Decision tab and the sign-off dialog, driven as an officer and a supervisor would."""

from __future__ import annotations

import ast
import io
import os
import re
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.domain import authority as authority_module
from app.domain import products as products_module
from app.domain.case import Status
from app.domain.events import EventType
from app.domain.roles import Role
from app.domain.workflow import Move
from app.services.accounts import AccountService
from app.services.cases import CaseService, Scope
from app.services.decisions import DecisionService
from app.services.profile import Profile
from app.services.risk import RiskService
from tests.conftest import PASSWORD, USER_PASSWORD, act_as, sign_in
from tests.services.test_decisions import GOOD, submitted_case
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.test_admin_menu import RAISE_NOISE
from ui import adminmenu
from ui.decision import AUTHORITY_TEXTS, RULE_TEMPLATES, DecisionTab, SignOffDialog
from ui.mainwindow import MainWindow
from ui.overrides import OverridesReport
from ui.signpad import SignaturePad
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, RAISE_NOISE)


def _shot(widget: object, name: str) -> None:
    folder = os.environ.get("LOANDESK_SHOTS")
    if folder and hasattr(widget, "grab"):
        QCoreApplication.processEvents()  # let pending layout requests settle first
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def _tab(qtbot: QtBot, window: MainWindow, case_id: str) -> DecisionTab:
    with qtbot.waitSignal(window.case_view.case_did_load):
        window.case_view.show_case(case_id)
    tab = window.case_view.decision
    assert tab is not None
    window.case_view.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.overview is not None, timeout=20_000)
    return tab


def _status(profile: Profile, case_id: str) -> Status:
    state = profile.store.case(case_id)
    assert state is not None
    return state.status


def _sign_stroke(qtbot: QtBot, dialog: SignOffDialog) -> None:
    pad = dialog.pad
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(20, 80))
    for x in range(30, 300, 15):
        QTest.mouseMove(pad, QPoint(x, 60 + (x // 15) % 3 * 10))
    QTest.mouseRelease(
        pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(300, 70)
    )


def _approved_with_salary_condition(profile: Profile, case_id: str) -> bytes:
    """The case is approved on the one condition typed; the signature picture it keeps."""
    assert _status(profile, case_id) is Status.APPROVED
    [signed] = [
        e.payload for e in profile.store.case_events(case_id) if e.type is EventType.DECISION_SIGNED
    ]
    assert signed["conditions"] == ["Salary paid into our bank"]
    image = profile.store.blob(signed["signature_image"])
    assert image is not None
    return image


def _sign_off(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, move: Move
) -> tuple[str, SignOffDialog]:
    """A submitted case a supervisor has taken for review, and the dialog of ``move``."""
    case_id = submitted_case(profile)
    act_as(profile, Role.SUPERVISOR)
    DecisionService(profile).start_review(case_id)
    window = open_window(qtbot, profile, tasks)
    tab = _tab(qtbot, window, case_id)
    tab.buttons[move].click()
    dialog = tab.dialog
    assert dialog is not None
    return case_id, dialog


def test_an_officer_sees_the_rules_and_submits(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    sign_in(profile)
    case_id = CaseService(profile).open_case(GOOD).case_id
    RiskService(profile).assess(case_id)
    window = open_window(qtbot, profile, tasks)
    tab = _tab(qtbot, window, case_id)
    assert tab.rules.rowCount() == 8
    results = [tab.rules.item(i, 1) for i in range(tab.rules.rowCount())]
    assert [item.text() if item else "" for item in results] == ["passes"] * 8
    assert tab.buttons[next(iter(tab.buttons))].isVisible()  # Submit for review
    _shot(window, "decision-en")
    tab.buttons[next(iter(tab.buttons))].click()
    qtbot.waitUntil(lambda: _status(profile, case_id) is Status.SUBMITTED, timeout=20_000)


def test_a_supervisor_reviews_signs_with_a_drawn_signature_and_approves(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:

    case_id = submitted_case(profile)
    act_as(profile, Role.SUPERVISOR)
    window = open_window(qtbot, profile, tasks)
    tab = _tab(qtbot, window, case_id)
    assert not tab.buttons[Move.SUBMIT].isVisible()
    tab.buttons[Move.TAKE_FOR_REVIEW].click()
    qtbot.waitUntil(lambda: tab.buttons[Move.APPROVE].isVisible(), timeout=20_000)
    tab.buttons[Move.APPROVE].click()
    dialog = tab.dialog
    assert dialog is not None
    dialog.password.setText(USER_PASSWORD)
    dialog.sign()  # nothing drawn yet: refused in words, nothing signed
    assert "Sign in the box first." in dialog.problem.text()
    assert _status(profile, case_id) is Status.IN_REVIEW
    _sign_stroke(qtbot, dialog)
    assert not dialog.pad.is_empty()
    dialog.details.setPlainText("Salary paid into our bank")
    _shot(dialog, "sign-off-en")
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.sign()
    image = _approved_with_salary_condition(profile, case_id)
    assert image.startswith(b"\x89PNG")
    qtbot.waitUntil(
        lambda: (
            "Supervisor (first tier): approval signed by User supervisor" in tab.signatures.text()
        ),
        timeout=20_000,
    )
    assert DecisionService(profile).verify(case_id).ok


def test_a_wrong_password_is_said_in_the_dialog_and_signs_nothing(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:

    case_id, dialog = _sign_off(qtbot, profile, tasks, Move.DECLINE)
    # the failed rules and the model's reasons are offered as the principal reasons
    assert dialog.details.toPlainText() != ""
    _sign_stroke(qtbot, dialog)
    dialog.password.setText("certainly not the password")
    dialog.sign()
    qtbot.waitUntil(lambda: dialog.problem.isVisible(), timeout=20_000)
    assert "password" in dialog.problem.text().lower()
    assert _status(profile, case_id) is Status.IN_REVIEW


def test_the_officer_records_that_the_applicant_accepted(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:

    case_id = submitted_case(profile)
    act_as(profile, Role.SUPERVISOR)
    DecisionService(profile).start_review(case_id)
    DecisionService(profile).decide(case_id, "approve", USER_PASSWORD)
    sign_in(profile)
    window = open_window(qtbot, profile, tasks)
    tab = _tab(qtbot, window, case_id)
    assert tab.buttons[Move.ACCEPT].isVisible()
    assert not tab.buttons[Move.APPROVE].isVisible()
    tab.buttons[Move.ACCEPT].click()
    qtbot.waitUntil(lambda: _status(profile, case_id) is Status.ACCEPTED, timeout=20_000)


def test_a_supervisors_queue_lists_only_what_they_may_sign_and_says_their_authority(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    within = submitted_case(profile)
    beyond = submitted_case(profile, requested_amount="250000", purchase_price="400000")
    submitted_case(profile, product="small_business", requested_amount="2500000")
    act_as(profile, Role.SUPERVISOR)
    window = open_window(qtbot, profile, tasks)
    panel = window.case_list
    assert panel.scope.isVisible()
    labels = [panel.scope.itemText(i) for i in range(panel.scope.count())]
    assert labels == ["All cases", "Awaiting my decision"]  # no "My cases": opens none
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3)
    panel.show_scope(Scope.AWAITING_ME)
    qtbot.waitUntil(lambda: panel.model.loaded_query == panel.current_query(), timeout=5000)
    shown = {panel.model.case_id(row) for row in range(panel.model.rowCount())}
    assert shown == {within, beyond}

    tab = _tab(qtbot, window, beyond)
    assert tab.authority.isVisible()
    assert tab.authority.text() == (
        "Your authority: Beyond your authority: a higher tier must sign as well."
    )
    tab = _tab(qtbot, window, within)
    qtbot.waitUntil(lambda: tab.authority.text() == "Your authority: Within your authority.")


def test_an_officer_sees_no_authority_line_and_can_list_their_own_cases(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    ours = submitted_case(profile)
    act_as(profile, Role.SUPERVISOR)
    sign_in(profile)
    AccountService(profile).add_user(
        username="other.officer",
        display_name="Other Officer",
        roles=[Role.OFFICER],
        password=USER_PASSWORD,
        admin_password=PASSWORD,
    )
    AccountService(profile).sign_in("other.officer", USER_PASSWORD)
    theirs = CaseService(profile).open_case({"full_name": "Their Case"}).case_id
    window = open_window(qtbot, profile, tasks)
    panel = window.case_list
    assert [panel.scope.itemText(i) for i in range(panel.scope.count())] == [
        "All cases",
        "My cases",
    ]
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    panel.show_scope(Scope.MINE)
    qtbot.waitUntil(lambda: panel.model.loaded_query == panel.current_query(), timeout=5000)
    assert [panel.model.case_id(row) for row in range(panel.model.rowCount())] == [theirs]
    assert ours != theirs
    tab = _tab(qtbot, window, theirs)
    assert not tab.authority.isVisible()


def test_every_verdict_of_the_authority_matrix_has_a_translatable_text() -> None:
    source = Path(authority_module.__file__).read_text(encoding="utf-8")
    said = {
        node.args[2].value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "Verdict"
        and len(node.args) == 3
        and isinstance(node.args[2], ast.Constant)
    }
    said |= {
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.IfExp)
        for node in (node.body, node.orelse)
        if isinstance(node, ast.Constant)
    }
    assert len(said) >= 10
    assert said <= set(AUTHORITY_TEXTS)


WHY = "Salary account with us for ten years and never in arrears."


def test_a_supervisor_overrides_the_grade_with_a_why_and_finds_it_in_the_report(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    case_id = submitted_case(profile)
    act_as(profile, Role.SUPERVISOR)
    window = open_window(qtbot, profile, tasks)
    tab = _tab(qtbot, window, case_id)
    state = profile.store.case(case_id)
    assert state is not None
    assert state.risk is not None
    model = state.risk.grade
    assert tab.override_button.isVisible()
    assert tab.grade_line.text() == f"Risk grade {model}, as the model graded it."
    tab.override_button.click()
    dialog = tab.override_dialog
    assert dialog is not None
    choices = [dialog.grade.itemText(i) for i in range(dialog.grade.count())]
    assert choices == [g for g in "ABCDE" if g != model]
    dialog.grade.setCurrentIndex(dialog.grade.findText("E"))
    dialog.justification.setPlainText("too short")
    dialog.record()
    assert dialog.problem.text() == "Write why, in at least 20 characters."
    assert profile.store.case(case_id) == state  # nothing recorded
    dialog.justification.setPlainText(WHY)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.record()
    qtbot.waitUntil(lambda: "overridden" in tab.grade_line.text(), timeout=20_000)
    assert tab.grade_line.text() == (
        f"Risk grade E: overridden from the model's {model} by User supervisor. Why: {WHY}"
    )
    qtbot.waitUntil(
        lambda: (
            tab.authority.text()
            == "Your authority: No tier here may approve this loan: send it to head office."
        )
    )
    _shot(tab, "override-en")

    report = adminmenu.install(window).open_screen("overrides")
    assert isinstance(report, OverridesReport)
    qtbot.waitUntil(lambda: report.table.rowCount() == 1, timeout=20_000)
    cells = [report.table.item(0, c) for c in range(report.table.columnCount())]
    texts_shown = [cell.text() if cell is not None else "" for cell in cells]
    assert texts_shown[0] == state.case_no
    assert texts_shown[1] == f"{model} → E"
    assert texts_shown[2] == "worse"
    assert texts_shown[4] == "User supervisor"
    assert texts_shown[6] == WHY
    assert "1 overrides: 0 graded the applicant better than the model, 1 worse." in (
        report.summary.text()
    )


def test_an_officer_has_no_override_button_and_no_overrides_report(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    case_id = submitted_case(profile)
    window = open_window(qtbot, profile, tasks)
    tab = _tab(qtbot, window, case_id)
    assert tab.grade_line.isVisible()
    assert not tab.override_button.isVisible()
    assert adminmenu.install(window).open_screen("overrides") is None


def _templates_in(module_source: str, function: str, position: int) -> set[str]:
    """The literal strings passed to ``function`` at ``position`` in a module's source."""
    found = set()
    for node in ast.walk(ast.parse(module_source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == function:
            if len(node.args) > position:
                argument = node.args[position]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.add(argument.value)
    return found


def test_every_policy_rule_finding_has_a_translatable_text() -> None:
    said = _templates_in(Path(products_module.__file__).read_text(encoding="utf-8"), "_result", 2)
    assert len(said) >= 15
    assert said <= set(RULE_TEMPLATES)


def test_the_rules_and_the_authority_are_told_in_chinese(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    case_id = submitted_case(profile, arrears_on_file="yes")
    act_as(profile, Role.SUPERVISOR)
    window = open_window(qtbot, profile, tasks)
    with qtbot.waitSignal(window.ops.operation_did_execute):
        window.set_language("zh_CN")
    tab = _tab(qtbot, window, case_id)
    whys = [tab.rules.item(i, 2) for i in range(tab.rules.rowCount())]
    texts_shown = [item.text() if item is not None else "" for item in whys]
    assert len(texts_shown) == 8
    for text in texts_shown:
        assert re.search(r"[\u4e00-\u9fff]", text), text
        # Figures and the currency code may stay; no English words.
        assert not re.search(r"[A-Za-z]{3,}", text.replace("CNY", "")), text
    assert re.search(r"[\u4e00-\u9fff]", tab.authority.text())
    assert not re.search(r"[A-Za-z]{3,}", tab.authority.text())
    with qtbot.waitSignal(window.ops.operation_did_execute):
        window.set_language("en")


def test_the_officer_prints_from_the_decision_tab_what_the_case_allows(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    case_id = submitted_case(profile)
    decisions = DecisionService(profile)
    act_as(profile, Role.SUPERVISOR)
    decisions.start_review(case_id)
    decisions.decide(case_id, "approve", USER_PASSWORD)
    sign_in(profile)  # the officer again
    window = open_window(qtbot, profile, tasks)
    tab = _tab(qtbot, window, case_id)
    assert tab.print_button.isVisible()
    tab.print_button.click()
    dialog = tab.print_dialog
    assert dialog is not None
    kinds = [str(dialog.kind.itemData(i)) for i in range(dialog.kind.count())]
    assert kinds == ["offer", "approval", "memo"]


def test_a_supervisor_has_no_print_button(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    case_id = submitted_case(profile)
    act_as(profile, Role.SUPERVISOR)
    window = open_window(qtbot, profile, tasks)
    tab = _tab(qtbot, window, case_id)
    assert not tab.print_button.isVisible()


def test_a_supervisor_signs_off_by_keyboard_alone_with_a_typed_signature(
    qtbot: QtBot, profile: Profile, tasks: TaskManager
) -> None:
    case_id, dialog = _sign_off(qtbot, profile, tasks, Move.APPROVE)
    qtbot.waitExposed(dialog)
    # The offscreen platform has no window manager to give a new dialog the focus;
    # from there on, every key goes where the focus is.
    dialog.activateWindow()
    dialog.details.setFocus()

    def keys(text: str) -> None:
        QTest.keyClicks(dialog.focusWidget(), text)

    def key(which: Qt.Key) -> None:
        QTest.keyClick(dialog.focusWidget(), which)

    keys("Salary paid into our bank")
    key(Qt.Key.Key_Tab)  # leaves the box, not a tab character
    assert dialog.focusWidget() is dialog.password
    keys(USER_PASSWORD)
    key(Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.pad
    keys("User supervisorX")
    key(Qt.Key.Key_Backspace)
    assert dialog.pad.typed == "User supervisor"
    assert not dialog.pad.is_empty()
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        key(Qt.Key.Key_Return)
    image = _approved_with_salary_condition(profile, case_id)
    # The typed name is written into the picture: ink on the white.
    shades = Image.open(io.BytesIO(image)).convert("L").histogram()
    assert shades[255] > 0
    assert sum(shades[:128]) > 0
    assert DecisionService(profile).verify(case_id).ok


def test_a_name_typed_through_an_input_method_signs_too(qtbot: QtBot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    signed: list[bool] = []
    pad.signed_changed.connect(signed.append)
    composing = QInputMethodEvent("王小", [])
    QCoreApplication.sendEvent(pad, composing)
    assert pad.is_empty()  # still being composed: nothing signed yet
    done = QInputMethodEvent()
    done.setCommitString("王小明")
    QCoreApplication.sendEvent(pad, done)
    assert pad.typed == "王小明"
    assert signed == [True]
    shades = Image.open(io.BytesIO(pad.png())).convert("L").histogram()
    assert sum(shades[:128]) > 0
    pad.clear()
    assert pad.is_empty()
    assert signed == [True, False]
