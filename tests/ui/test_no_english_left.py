"""In Chinese, no English is left on the screens a loan officer and a supervisor use.

Every main screen is opened in Chinese on a case with data, and every text a
person could read is collected; a word of Latin letters must be one the
screen cannot say otherwise: a name, a case number, a unit, an acronym the
glossary explains.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.roles import Role
from app.services.profile import Profile
from app.services.risk import RiskService
from tests.conftest import act_as
from tests.services.test_decisions import submitted_case
from tests.ui.conftest import OFFSCREEN_NOISE, open_window
from tests.ui.helpers import visible_text
from tests.ui.test_admin_menu import RAISE_NOISE, open_screen
from ui import i18n
from ui.help import GLOSSARY, load_help
from ui.taskman import TaskManager

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, RAISE_NOISE)
WAIT_MS = 20_000
#: words that stay as they are in a Chinese screen
KEPT = {
    "LoanDesk", "CNY", "PDF", "CSV", "APR", "PSI", "DTI", "LTV", "PD", "ID", "OCR", "DEMO",
    "Ctrl", "Enter", "YYYY-MM-DD",  # keys, and the date form fields take
    "loandesk", "sync", "enrol",  # a command a screen tells to run
}  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z_'-]{2,}")


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    i18n.install(qapp, "zh_CN")
    yield
    i18n.install(qapp, "en")


def _english(text: str, names: set[str]) -> set[str]:
    shown = re.sub(r"<[^>]+>", " ", text)  # a rich-text label shows its words, not its tags
    return {w for w in WORD.findall(shown) if w not in KEPT and w not in names}


def test_a_supervisors_screens_say_nothing_in_english(
    qtbot: QtBot, profile: Profile, tasks: TaskManager, chinese: None
) -> None:
    case_id = submitted_case(profile)
    act_as(profile, Role.SUPERVISOR)
    window = open_window(qtbot, profile, tasks)
    state = profile.store.case(case_id)
    assert state is not None
    assert state.risk is not None
    models = RiskService(profile).models()
    # names a person reads as they are: people, users, the case, the profile's folder,
    # the models and their inputs (the model page and the drift name them)
    names = set(
        WORD.findall(
            " ".join(
                (
                    *profile.user_names().values(),
                    *(u.username for u in profile.store.users()),
                    state.case_no,
                    str(profile.path),
                    *(m.metadata.model_id for m in (models.champion, models.challenger) if m),
                    *(f.name for f in models.champion.spec.features),
                )
            )
        )
    )
    with qtbot.waitSignal(window.case_view.case_did_load, timeout=WAIT_MS):
        window.case_view.show_case(case_id)
    found: dict[str, set[str]] = {}
    for index in range(window.case_view.tabs.count()):
        window.case_view.tabs.setCurrentIndex(index)
        qtbot.wait(400)
        found[window.case_view.tabs.tabText(index)] = _english(visible_text(), names)
    dashboard = open_screen(qtbot, window, "dashboard")
    qtbot.waitUntil(lambda: getattr(dashboard, "report", None) is not None, timeout=WAIT_MS)
    found["dashboard"] = _english(visible_text(), names)
    dashboard.close()
    for screen in ("overrides", "alerts"):
        opened = open_screen(qtbot, window, screen)
        qtbot.wait(400)
        found[screen] = _english(visible_text(), names)
        opened.close()
    for topic in (*(t.key for t in load_help().topics), GLOSSARY):
        window.show_help(topic)
        found[f"help: {topic}"] = _english(visible_text(), names)
    left = {screen: sorted(words) for screen, words in found.items() if words}
    assert left == {}
