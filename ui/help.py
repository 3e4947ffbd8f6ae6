"""In-app help: a short guide to each screen and a glossary, in the screen's language.

The words live in ``resources/help.json``, each in English and Chinese. F1
opens the guide to what is on screen; the list on the left leads to the rest
and to the glossary.
"""

from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

import resources
from ui import doctexts

HELP_FILE = Path(resources.__file__).resolve().parent / "help.json"
_KEY = Qt.ItemDataRole.UserRole
#: the list entry that shows the glossary
GLOSSARY = "glossary"


@dataclass(frozen=True)
class Topic:
    key: str
    title: dict[str, str]
    body: dict[str, str]


@dataclass(frozen=True)
class Term:
    term: dict[str, str]
    meaning: dict[str, str]


@dataclass(frozen=True)
class Help:
    topics: tuple[Topic, ...]
    glossary: tuple[Term, ...]

    def topic(self, key: str) -> Topic | None:
        return next((t for t in self.topics if t.key == key), None)


@functools.cache
def load_help() -> Help:
    raw = json.loads(HELP_FILE.read_text(encoding="utf-8"))
    return Help(
        topics=tuple(Topic(t["key"], t["title"], t["body"]) for t in raw["topics"]),
        glossary=tuple(Term(g["term"], g["meaning"]) for g in raw["glossary"]),
    )


def _language() -> str:
    return "zh" if doctexts.language().startswith("zh") else "en"


def glossary_html(language: str) -> str:
    rows = "".join(
        f"<dt><b>{html.escape(t.term[language])}</b></dt>"
        f"<dd style='margin-bottom:8px'>{html.escape(t.meaning[language])}</dd>"
        for t in load_help().glossary
    )
    return f"<dl>{rows}</dl>"


class HelpDialog(QDialog):
    """The guides and the glossary; ``show_topic`` opens one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help")
        self.resize(860, 560)
        self.topics = QListWidget()
        self.topics.setObjectName("help-topics")
        self.topics.setMaximumWidth(240)
        self.page = QTextBrowser()
        self.page.setObjectName("help-page")
        self.page.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        body = QHBoxLayout()
        body.addWidget(self.topics)
        body.addWidget(self.page, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.topics.currentItemChanged.connect(self._on_topic)
        self.retranslate()

    def show_topic(self, key: str) -> None:
        """Show the guide ``key`` (or the glossary), and the dialog."""
        self.show_topic_quietly(key)
        self.show()
        self.raise_()
        self.activateWindow()

    def current_key(self) -> str | None:
        item = self.topics.currentItem()
        return None if item is None else str(item.data(_KEY))

    def _on_topic(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        language, key = _language(), str(item.data(_KEY))
        if key == GLOSSARY:
            title = QCoreApplication.translate("Help", "Glossary")
            self.page.setHtml(f"<h2>{html.escape(title)}</h2>{glossary_html(language)}")
            return
        topic = load_help().topic(key)
        if topic is not None:
            self.page.setHtml(
                f"<h2>{html.escape(topic.title[language])}</h2>{topic.body[language]}"
            )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("Help", "LoanDesk help"))
        self.topics.setAccessibleName(QCoreApplication.translate("Help", "Topics"))
        self.page.setAccessibleName(self.windowTitle())
        language, current = _language(), self.current_key()
        self.topics.blockSignals(True)
        self.topics.clear()
        for topic in load_help().topics:
            item = QListWidgetItem(topic.title[language])
            item.setData(_KEY, topic.key)
            self.topics.addItem(item)
        glossary = QListWidgetItem(QCoreApplication.translate("Help", "Glossary"))
        glossary.setData(_KEY, GLOSSARY)
        self.topics.addItem(glossary)
        self.topics.blockSignals(False)
        self.show_topic_quietly(current or load_help().topics[0].key)

    def show_topic_quietly(self, key: str) -> None:
        for row in range(self.topics.count()):
            item = self.topics.item(row)
            if item is not None and item.data(_KEY) == key:
                self.topics.setCurrentRow(row)
                self._on_topic(item, None)
                return
