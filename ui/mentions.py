"""Writing a mention: the comment box whose "@" offers colleagues, and the count of
the signed-in user's unread mentions for the status bar.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import (
    QInputMethodEvent,
    QKeyEvent,
    QStandardItem,
    QStandardItemModel,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QPlainTextEdit,
    QWidget,
)

from app.errors import UserError
from app.services.changes import OpChanges
from app.services.comments import (
    CommentService,
    Mentioned,
    MentionNotice,
    ReadChanges,
)
from ui import texts
from ui.taskman import TaskManager

log = logging.getLogger(__name__)

USERNAME_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
#: "@" (or "＠") where a mention may start (as ``MENTION``), and what follows it to the cursor
_TYPING_MENTION = re.compile(r"(?<![A-Za-z0-9_.@＠])[@＠]([^\s@＠,，;；:：()（）。]*)$")


def _utf16_len(text: str) -> int:
    """The length of ``text`` as Qt counts cursor positions."""
    return len(text.encode("utf-16-le")) // 2


class CommentEdit(QPlainTextEdit):
    """Where a comment is written: Ctrl+Enter sends, "@" offers colleagues' user names."""

    send_was_asked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comment-text")
        self.setTabChangesFocus(True)
        self.people = QStandardItemModel(self)
        self.completer = QCompleter(self.people, self)
        self.completer.setWidget(self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # "@li" finds li.na, and so does "@李" or "@Na": the user name and the display name.
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionRole(SEARCH_ROLE)
        # Overloaded (str and index); the index carries the user name.
        activated: Any = self.completer.activated
        activated[QModelIndex].connect(self._on_completion_chosen)

    def popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # a completer always makes one
        return popup

    def set_people(self, people: Sequence[Mentioned]) -> None:
        self.people.clear()
        for person in people:
            # Name first: colleagues know each other by name, and the role says who decides.
            shown = f"{person.name} ({person.username})"
            if person.roles:
                shown += f" · {texts.roles_text(person.roles)}"
            item = QStandardItem(shown)
            item.setData(person.username, USERNAME_ROLE)
            item.setData(f"{person.username} {person.name}", SEARCH_ROLE)
            self.people.appendRow(item)

    def usernames_offered(self) -> list[str]:
        """The user names the completion list offers now."""
        model = self.completer.completionModel()
        return [str(model.index(row, 0).data(USERNAME_ROLE)) for row in range(model.rowCount())]

    def mention_prefix(self) -> str | None:
        """What follows the "@" being typed at the cursor; None when no mention is being typed."""
        cursor = self.textCursor()
        encoded = cursor.block().text().encode("utf-16-le")
        before = encoded[: cursor.positionInBlock() * 2].decode("utf-16-le", errors="ignore")
        match = _TYPING_MENTION.search(before)
        return match.group(1) if match else None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        popup = self.popup()
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            popup.hide()
            self.send_was_asked.emit()
            return
        completing = (Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        if popup.isVisible() and (enter or event.key() in completing):
            event.ignore()  # the completer takes these: choose, or close the list
            return
        super().keyPressEvent(event)
        self._offer_people()

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 - Qt's name
        # Chinese arrives through the input method, not as key presses: "@王" finds 王伟 too.
        super().inputMethodEvent(event)
        self._offer_people()

    def _offer_people(self) -> None:
        popup = self.popup()
        prefix = self.mention_prefix()
        if prefix is None or self.people.rowCount() == 0:
            popup.hide()
            return
        self.completer.setCompletionPrefix(prefix)
        if self.completer.completionCount() == 0:
            popup.hide()
            return
        popup.setCurrentIndex(self.completer.completionModel().index(0, 0))
        rect = self.cursorRect()
        rect.setWidth(popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width())
        self.completer.complete(rect)

    def _on_completion_chosen(self, index: QModelIndex) -> None:
        username = index.data(USERNAME_ROLE)
        prefix = self.mention_prefix()
        if not username or prefix is None:
            return
        cursor = self.textCursor()
        cursor.movePosition(
            QTextCursor.MoveOperation.Left,
            QTextCursor.MoveMode.KeepAnchor,
            _utf16_len(prefix) + 1,
        )
        cursor.insertText(f"@{username} ")
        self.setTextCursor(cursor)


class MentionWatch(QObject):
    """The signed-in user's unread mentions, counted again after each change to a case."""

    #: (count) after each count of the unread mentions, whether or not the number moved
    mentions_did_change = Signal(int)

    def __init__(self, service: CommentService, tasks: TaskManager) -> None:
        super().__init__()
        self._service, self._tasks = service, tasks
        self.notices: list[MentionNotice] = []
        self._round = 0

    @property
    def count(self) -> int:
        return len(self.notices)

    def text(self) -> str:
        """``3 new mentions`` for a status bar; empty when there are none."""
        if not self.notices:
            return ""
        if self.count == 1:
            return QCoreApplication.translate("Comments", "1 new mention")
        return QCoreApplication.translate("Comments", "{0} new mentions").format(self.count)

    def refresh(self) -> None:
        self._round += 1
        round_now = self._round
        self._tasks.run(
            self._service.mentions_for_me,
            lambda notices: self._show(round_now, notices),
            self._on_refused,
        )

    def on_operation(self, changes: OpChanges) -> None:
        if changes.case_ids or isinstance(changes, ReadChanges):
            self.refresh()

    def _show(self, round_then: int, notices: list[MentionNotice]) -> None:
        if round_then == self._round:
            self.notices = notices
            self.mentions_did_change.emit(len(notices))

    def _on_refused(self, exc: UserError) -> None:
        # A count in the background is not worth a dialog; the next change counts again.
        log.info("mentions not counted (%s)", exc.code)
