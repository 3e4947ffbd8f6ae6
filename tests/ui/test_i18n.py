"""Switching to Simplified Chinese, and the catalogue being complete and compiled."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services.profile import Profile
from app.services.settings import load_settings
from tests.ui.conftest import OFFSCREEN_NOISE
from ui import i18n, texts
from ui.caselist import Column
from ui.mainwindow import MainWindow

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


def unfinished(ts_file: Path) -> list[str]:
    """Sources whose translation is missing, unfinished, or left over."""
    found = []
    for message in ET.parse(ts_file).getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is None or translation.get("type") or not (translation.text or "").strip():
            found.append(source)
    return found


def test_switching_to_chinese_retranslates_live_and_is_remembered(
    qtbot: QtBot, window: MainWindow, profile: Profile
) -> None:
    assert window.file_menu.title() == "&File"
    with qtbot.waitSignal(window.ops.operation_did_execute):
        window.set_language("zh_CN")
    assert window.file_menu.title() == "文件(&F)"
    assert window.case_view.save_button.text() == "保存"
    assert window.case_view.form.editor("full_name").label.text() == "姓名"
    header = window.case_list.model.headerData(
        Column.STATUS, window.case_list.table.horizontalHeader().orientation()
    )
    assert header == "状态"
    assert load_settings(profile.settings_path).language == "zh_CN"

    with qtbot.waitSignal(window.ops.operation_did_execute):
        window.set_language("en")
    assert window.file_menu.title() == "&File"
    assert load_settings(profile.settings_path).language == "en"


def test_a_problem_shown_before_the_switch_is_told_again_in_chinese(
    qtbot: QtBot, window: MainWindow
) -> None:
    editor = window.case_view.form.editor("requested_amount")
    assert editor.line is not None
    QTest.keyClicks(editor.line, "-1")
    assert editor.problem == "The amount must be more than zero."
    with qtbot.waitSignal(window.ops.operation_did_execute):
        window.set_language("zh_CN")
    assert editor.problem == "金额必须大于零。"


def test_every_message_is_translated() -> None:
    assert unfinished(i18n.ts_path("zh_CN")) == []


def test_the_catalogue_covers_the_current_sources(tmp_path: Path) -> None:
    """A string added to ui/ without a translation shows up here as unfinished."""
    copy = tmp_path / "loandesk_zh_CN.ts"
    copy.write_bytes(i18n.ts_path("zh_CN").read_bytes())
    i18n.lupdate(copy)
    assert unfinished(copy) == []


def test_the_committed_qm_is_what_lrelease_makes(tmp_path: Path) -> None:
    made = tmp_path / "loandesk_zh_CN.qm"
    i18n.lrelease(i18n.ts_path("zh_CN"), made)
    assert made.read_bytes() == i18n.qm_path("zh_CN").read_bytes()


def test_times_are_written_as_the_language_writes_them(qapp: QApplication) -> None:
    moment = datetime(2026, 3, 7, 9, 5, tzinfo=UTC)
    at = moment.isoformat()
    local = moment.astimezone()
    clock = local.strftime("%H:%M")
    try:
        i18n.install(qapp, "zh_CN")
        chinese = texts.format_time(at)
        i18n.install(qapp, "en")
        english = texts.format_time(at)
    finally:
        i18n.install(qapp, "en")
    assert chinese == f"{local.year}年{local.month}月{local.day}日 {clock}"
    assert english == f"{local.day} {local:%b} {local.year} {clock}"
    # What is not a time stamp is shown as stored, in either language.
    assert texts.format_time("not a time") == "not a time"
