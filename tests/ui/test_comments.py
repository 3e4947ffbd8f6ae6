"""The Comments tab in a case view, driven from the keyboard as colleagues would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.events import EventType
from app.domain.roles import Action, Role, allowed
from app.services.accounts import AccountService
from app.services.cases import CaseService
from app.services.comments import CommentService
from app.services.profile import Profile
from tests.conftest import PASSWORD, USER_PASSWORD, sign_in
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.helpers import type_text
from ui import i18n
from ui.caseview import CaseRights, CaseView
from ui.comments import CommentsTab
from ui.history import HistoryView
from ui.operations import Operations
from ui.taskman import TaskManager

#: The completion list is a popup: the offscreen platform can neither raise
#: it nor let it grab the keyboard, and says so.
POPUP_NOISE = ("This plugin does not support raise", "does not support grabbing the keyboard")
pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, *POPUP_NOISE)

COLLEAGUES = {
    "sup.wang": ("王伟", Role.SUPERVISOR),
    "risk.zhao": ("Zhao Min", Role.RISK_ANALYST),
    "audit.qian": ("Qian Li", Role.AUDITOR),
    "it.sun": ("Sun Hao", Role.ADMIN),
}


@pytest.fixture
def ids(profile: Profile) -> dict[str, str]:
    """The colleagues, added by the admin (an officer too), who stays signed in."""
    sign_in(profile)
    accounts = AccountService(profile)
    made = {"admin": profile.actor.user_id}
    for username, (name, role) in COLLEAGUES.items():
        made[username] = accounts.add_user(
            username=username,
            display_name=name,
            roles=[role],
            password=USER_PASSWORD,
            admin_password=PASSWORD,
        ).user_id
    return made


def _open(qtbot: QtBot, profile: Profile, tasks: TaskManager, case_id: str) -> CaseView:
    """A shown case view on ``case_id`` with its Comments tab open and read."""
    ops = Operations(tasks)
    roles = profile.actor.roles
    tab = CommentsTab(CommentService(profile), ops, may_comment=allowed(roles, Action.CASE_COMMENT))
    view = CaseView(
        CaseService(profile), profile.user_names, ops, rights=CaseRights.of(roles), comments=tab
    )
    ops.operation_did_execute.connect(lambda changes, _by: view.on_operation(changes))
    qtbot.addWidget(view)
    view.resize(900, 640)
    view.show()
    with qtbot.waitSignal(view.case_did_load, timeout=20_000):
        view.show_case(case_id)
    with qtbot.waitSignal(tab.thread_did_load, timeout=20_000):
        view.tabs.setCurrentWidget(tab)
    return view


def _tab(view: CaseView) -> CommentsTab:
    assert view.comments is not None
    return view.comments


def _case(profile: Profile) -> str:
    fields = {"full_name": "陈静", "product": "personal", "requested_amount": "80000"}
    return CaseService(profile).open_case(fields).case_id


def test_ctrl_enter_sends_the_comment_and_the_thread_shows_it(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, ids: dict[str, str]
) -> None:
    case_id = _case(profile)
    view = _open(qtbot, profile, tasks, case_id)
    tab = _tab(view)
    assert "No comments yet" in tab.thread_text()
    tab.edit.setFocus()
    type_text(tab.edit, "@sup.wang please check the payslip against the statement")
    QTest.keyClick(tab.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "check the payslip" in tab.thread_text(), timeout=20_000)
    [payload] = [
        e.payload for e in profile.store.case_events(case_id) if e.type is EventType.COMMENT_ADDED
    ]
    assert payload == {
        "text": "@sup.wang please check the payslip against the statement",
        "mentions": [ids["sup.wang"]],
    }
    assert tab.edit.toPlainText() == ""
    # the mention reads as the colleague's name, on a coloured ground
    assert "@王伟 please check the payslip" in tab.thread_text()
    assert "#e8f0fe" in tab.thread_view.toHtml()
    assert "Branch Admin" in tab.thread_text()
    assert view.tabs.tabText(view.tabs.indexOf(tab)) == "Comments (1)"
    # a plain Return is a new line, not a send
    type_text(tab.edit, "two")
    QTest.keyClick(tab.edit, Qt.Key.Key_Return)
    assert tab.edit.toPlainText() == "two\n"


def test_at_offers_the_colleagues_who_can_read_the_case_and_return_takes_one(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, ids: dict[str, str]
) -> None:
    view = _open(qtbot, profile, tasks, _case(profile))
    edit = _tab(view).edit
    edit.setFocus()
    type_text(edit, "Ask @")
    # not the writer themself, nor the administrator who handles no cases
    assert sorted(edit.usernames_offered()) == ["audit.qian", "risk.zhao", "sup.wang"]
    assert edit.popup().isVisible()
    type_text(edit, "王")  # the display name finds them too
    assert edit.usernames_offered() == ["sup.wang"]
    QTest.keyClick(edit.popup(), Qt.Key.Key_Return)
    assert edit.toPlainText() == "Ask @sup.wang "
    assert not edit.popup().isVisible()


def test_an_unknown_name_is_refused_in_words_and_the_text_stays(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, ids: dict[str, str]
) -> None:
    case_id = _case(profile)
    tab = _tab(_open(qtbot, profile, tasks, case_id))
    tab.edit.setFocus()
    type_text(tab.edit, "@nobody.here call the applicant")
    QTest.keyClick(tab.edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(tab.problem.isVisible, timeout=20_000)
    assert "@nobody.here" in tab.problem.text()
    assert tab.edit.toPlainText() == "@nobody.here call the applicant"
    assert CaseService(profile).get(case_id).comments == 0


def test_opening_the_tab_reads_the_mention_and_the_count_falls(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, ids: dict[str, str]
) -> None:
    case_id = _case(profile)
    CommentService(profile).add_comment(case_id, "@sup.wang could you look at this one?")
    AccountService(profile).sign_in("sup.wang", USER_PASSWORD)
    ops = Operations(tasks)
    watch = CommentsTab(CommentService(profile), ops).mentions
    with qtbot.waitSignal(watch.mentions_did_change, timeout=20_000) as counted:
        watch.refresh()
    assert counted.args == [1]
    assert watch.text() == "1 new mention"
    view = _open(qtbot, profile, tasks, case_id)
    tab = _tab(view)
    assert "new: mentions you" in tab.thread_text()
    counts: list[int] = []
    tab.mentions.mentions_did_change.connect(counts.append)
    # the tab marks it read, and its watch counts again: nothing left
    qtbot.waitUntil(lambda: counts == [0], timeout=20_000)
    assert tab.mentions.text() == ""
    assert CommentService(profile).mentions_for_me() == []


def test_the_officer_records_the_applicants_feedback(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, ids: dict[str, str]
) -> None:
    case_id = _case(profile)
    view = _open(qtbot, profile, tasks, case_id)
    box = _tab(view).feedback
    assert box.stage.currentData() == "application"  # the case is not decided yet
    box.record.click()  # no rating chosen yet: said, nothing recorded
    assert box.notice.text() == "Choose a rating from 1 to 5."
    box.stage.setCurrentIndex(box.stage.findData("decision"))
    box.rating.setCurrentIndex(box.rating.findData(2))
    box.text.setFocus()
    type_text(box.text, "Waited two weeks")
    QTest.keyClick(box.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Decision 2 of 5" in box.recorded.text(), timeout=20_000)
    [payload] = [
        e.payload
        for e in profile.store.case_events(case_id)
        if e.type is EventType.APPLICANT_FEEDBACK
    ]
    assert payload == {"stage": "decision", "rating": 2, "text": "Waited two weeks"}
    assert box.notice.text() == "Feedback recorded."
    assert box.rating.currentIndex() == -1


def test_an_auditor_reads_the_thread_without_the_means_to_write(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, ids: dict[str, str]
) -> None:
    case_id = _case(profile)
    CommentService(profile).add_comment(case_id, "@audit.qian for your file")
    AccountService(profile).sign_in("audit.qian", USER_PASSWORD)
    tab = _tab(_open(qtbot, profile, tasks, case_id))
    assert "for your file" in tab.thread_text()
    assert not tab.edit.isVisible()
    assert not tab.send_button.isVisible()
    assert not tab.feedback.isVisible()
    assert tab.read_only.isVisible()


def test_the_history_tells_the_mentions_and_the_feedback_in_both_languages(
    qtbot: QtBot, qapp: QApplication, profile: Profile, ids: dict[str, str]
) -> None:
    case_id = _case(profile)
    comments = CommentService(profile)
    comments.add_comment(case_id, "@sup.wang @risk.zhao please look")
    comments.record_feedback(case_id, "disbursement", 5, "Money arrived the same day")
    history = HistoryView()
    qtbot.addWidget(history)
    history.show_entries(CaseService(profile).history(case_id), profile.user_names())
    lines = history.lines()
    assert any(
        line.endswith(
            "Branch Admin commented, mentioning 王伟, Zhao Min: @sup.wang @risk.zhao please look"
        )
        for line in lines
    )
    assert any(
        line.endswith(
            "Branch Admin recorded the applicant's feedback on the disbursement: 5 of 5: "
            "Money arrived the same day"
        )
        for line in lines
    )

    english = history.lines()
    i18n.install(qapp, "zh_CN")  # the view retells its entries on the (posted) language change
    qtbot.waitUntil(lambda: history.lines() != english)
    mention, feedback = history.lines()[-2:]
    assert "mentioning" not in mention
    assert "王伟、Zhao Min" in mention  # names joined the Chinese way
    assert mention.endswith("@sup.wang @risk.zhao please look")
    stage = QCoreApplication.translate("History", "the disbursement")
    assert stage != "the disbursement"
    assert stage in feedback
    assert "feedback" not in feedback
    assert feedback.endswith("Money arrived the same day")


def test_the_main_window_says_a_new_mention_and_opens_its_case(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, ids: dict[str, str]
) -> None:
    del ids  # the colleagues exist
    case_id = CaseService(profile).open_case({"full_name": "陈静"}).case_id
    CaseService(profile).open_case({"full_name": "Another Case"})
    CaseService(profile).add_comment(case_id, "@sup.wang please check the payslip dates")
    AccountService(profile).sign_in("sup.wang", USER_PASSWORD)
    window = open_window(qtbot, profile, tasks)
    button = window.mention_button
    qtbot.waitUntil(button.isVisible, timeout=20_000)
    assert button.text() == "1 new mention"
    assert "please check the payslip dates" in button.toolTip()
    button.click()
    qtbot.waitUntil(lambda: window.case_view.case_id == case_id, timeout=20_000)
    assert window.case_view.tabs.currentWidget() is window.case_view.comments
    qtbot.waitUntil(lambda: not button.isVisible(), timeout=20_000)  # read on opening
