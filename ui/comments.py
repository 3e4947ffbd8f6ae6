"""The Comments tab of a case: the thread, a box to write in, the applicant's feedback.

The tab shows the case's comments with their authors, roles and times, the
colleagues each mentions highlighted; a box to write in, where "@" offers the
colleagues' user names and Ctrl+Enter sends; and a small form to record what
the applicant said of the process. Opening the tab marks the comments that
mention the user as read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import CaseState
from app.errors import InvalidInput, UserError
from app.services.cases import MENTION
from app.services.changes import OpChanges
from app.services.comments import (
    Comment,
    CommentService,
    Feedback,
    Mentioned,
)
from ui import messages, texts
from ui.casetab import CaseTab
from ui.feedback import FeedbackBox
from ui.mentions import CommentEdit, MentionWatch
from ui.notices import problem_label, show_text
from ui.operations import Operations
from ui.signin import MUTED_COLOUR

MENTION_COLOUR = "#1a56b0"
MENTION_BACKGROUND = "#e8f0fe"
#: a mention of the signed-in user stands out more than one of a colleague
FOR_ME_BACKGROUND = "#ffe8a3"


def refusal_text(code: str, message: str) -> str:
    """A refused comment or feedback in the UI language, by the problem's code."""
    named = re.search(r"@([A-Za-z0-9_.-]+)", message)
    name = named.group(1) if named else ""
    words = {
        "mention.unknown": QCoreApplication.translate(
            "Comments", "No user is called @{0}; check the name, or leave out the @."
        ),
        "mention.inactive": QCoreApplication.translate(
            "Comments", "@{0} is switched off and cannot be mentioned."
        ),
        "mention.no_access": QCoreApplication.translate(
            "Comments", "@{0} cannot open cases, so would never read the comment."
        ),
        "mention.too_many": QCoreApplication.translate(
            "Comments", "A comment can mention at most 20 people."
        ),
        "text.length": QCoreApplication.translate("Comments", "The text is too long."),
        "text.required": QCoreApplication.translate("Comments", "Write the comment first."),
        "feedback.rating": QCoreApplication.translate("Comments", "Choose a rating from 1 to 5."),
    }
    source = words.get(code)
    return source.format(name) if source is not None else message


@dataclass(frozen=True)
class _Thread:
    case_id: str
    comments: list[Comment]
    feedback: list[Feedback]
    people: list[Mentioned]
    me: str


class CommentsTab(CaseTab[_Thread]):
    """A case's comments and the applicant's feedback; read once the tab shows."""

    #: the thread of the case on screen was read and shown
    thread_did_load = Signal()

    def __init__(
        self,
        service: CommentService,
        ops: Operations,
        parent: QWidget | None = None,
        *,
        may_comment: bool = True,
    ) -> None:
        super().__init__(ops, parent)
        self._service = service
        self.may_comment = may_comment
        #: the signed-in user's unread mentions, for the main window to show
        self.mentions = MentionWatch(service, ops.tasks)
        self.comments: list[Comment] = []
        self._feedback: list[Feedback] = []
        self._me = ""
        self.thread_view = QTextBrowser()
        self.thread_view.setObjectName("comments-thread")
        self.thread_view.setOpenLinks(False)
        self.edit = CommentEdit()
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 4 + 12)
        self.edit.send_was_asked.connect(self.send)
        self.send_button = QPushButton()
        self.send_button.setObjectName("comment-send")
        self.send_button.clicked.connect(self.send)
        self.hint = QLabel()
        self.hint.setObjectName("comment-hint")
        self.hint.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.problem = problem_label("comment-problem")
        self.feedback = FeedbackBox()
        self.feedback.record_was_asked.connect(self.record_feedback)
        self.read_only = QLabel()
        self.read_only.setObjectName("comments-read-only")
        self.read_only.setStyleSheet(f"color: {MUTED_COLOUR};")
        self._lay_out()
        self.retranslate()

    def _lay_out(self) -> None:
        compose = QHBoxLayout()
        compose.addWidget(self.edit, 1)
        compose.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addWidget(self.thread_view, 1)
        layout.addLayout(compose)
        layout.addWidget(self.hint)
        layout.addWidget(self.problem)
        layout.addWidget(self.feedback)
        layout.addWidget(self.read_only)
        for widget in (self.edit, self.send_button, self.hint, self.feedback):
            widget.setVisible(self.may_comment)
        self.read_only.setVisible(not self.may_comment)

    # -- showing ---------------------------------------------------------------
    def set_case(self, case: CaseState | None) -> None:
        """Show ``case``'s comments (read in the background once the tab shows)."""
        moved = case is None or self._case is None or case.case_id != self._case.case_id
        if moved:
            self.edit.clear()
            show_text(self.problem, "")
            show_text(self.feedback.notice, "")
            self.feedback.clear_entry()
            if case is not None:
                self.feedback.choose_stage_for(case)
        super().set_case(case)

    def _clear(self) -> None:
        self.comments, self._feedback = [], []
        self._render()

    def on_operation(self, changes: OpChanges) -> None:
        # The case view hands a changed case back through set_case; only the count is ours.
        self.mentions.on_operation(changes)

    def _read(self, case_id: str) -> _Thread:
        service = self._service
        people = service.people() if self.may_comment else []
        comments, feedback = service.comments(case_id), service.feedback(case_id)
        return _Thread(case_id, comments, feedback, people, service.me())

    def _show(self, result: _Thread) -> None:
        thread = result
        self.comments, self._feedback = thread.comments, thread.feedback
        self._me = thread.me
        self.edit.set_people(thread.people)
        self._render()
        self.thread_did_load.emit()
        unread = [c.seq for c in thread.comments if c.unread]
        if unread:
            case_id, up_to = thread.case_id, max(unread)
            self._ops.run(lambda: self._service.mark_read(case_id, up_to), initiator=self)

    def _render(self) -> None:
        if not self.comments:
            empty = (
                QCoreApplication.translate(
                    "Comments", "No comments yet. Type @ and a name to ask a colleague."
                )
                if self.may_comment
                else QCoreApplication.translate("Comments", "No comments yet.")
            )
            self.thread_view.setHtml(f'<p style="color: {MUTED_COLOUR}">{escape(empty)}</p>')
        else:
            blocks = [self._comment_html(c, first=i == 0) for i, c in enumerate(self.comments)]
            self.thread_view.setHtml("".join(blocks))
            bar = self.thread_view.verticalScrollBar()
            bar.setValue(bar.maximum())  # the newest comment, where the talk goes on
        self.feedback.show_recorded(self._feedback)

    def _comment_html(self, comment: Comment, *, first: bool) -> str:
        who = comment.author or QCoreApplication.translate("Comments", "unknown user")
        about = [texts.roles_text(comment.roles)] if comment.roles else []
        about.append(texts.format_time(comment.at))
        new = ""
        if comment.unread:
            label = QCoreApplication.translate("Comments", "new: mentions you")
            new = f' <span style="color: #8a5a00; font-weight: 600">{escape(label)}</span>'
        return (
            f'<p style="margin: {0 if first else 16}px 0 0 0"><b>{escape(who)}</b>'
            f' <span style="color: {MUTED_COLOUR}">{escape(" · ".join(about))}</span>{new}</p>'
            f'<p style="margin: 2px 0 0 0">{self._text_html(comment)}</p>'
        )

    def _text_html(self, comment: Comment) -> str:
        """The comment's text, each mention shown as the colleague's name on a coloured ground."""
        me = self._me
        by_name = {m.username: m for m in comment.mentions if m.username}
        parts: list[str] = []
        last = 0
        for match in MENTION.finditer(comment.text):
            token = match.group(1).lower()
            person = by_name.get(token) or by_name.get(token.rstrip("._-"))
            if person is None:
                continue
            end = match.start(1) + len(person.username)
            ground = FOR_ME_BACKGROUND if person.user_id == me else MENTION_BACKGROUND
            parts.append(escape(comment.text[last : match.start()]))
            parts.append(
                f'<span style="background-color: {ground}; color: {MENTION_COLOUR};'
                f' font-weight: 600">@{escape(person.name or person.username)}</span>'
            )
            last = end
        parts.append(escape(comment.text[last:]))
        return "".join(parts).replace("\n", "<br>")

    def thread_text(self) -> str:
        """The thread as plain text, as a person reads it."""
        return self.thread_view.toPlainText()

    # -- writing ---------------------------------------------------------------
    def send(self) -> None:
        case = self._case
        text = self.edit.toPlainText()
        if case is None or not self.may_comment or not self.send_button.isEnabled():
            return
        if not text.strip():
            show_text(self.problem, refusal_text("text.required", ""))
            return
        case_id = case.case_id
        self.send_button.setEnabled(False)
        show_text(self.problem, "")
        self._ops.run(
            lambda: self._service.add_comment(case_id, text),
            initiator=self,
            on_done=lambda _changes: self._sent(text),
            on_error=lambda exc: self._say_refused(self.problem, exc),
            on_finally=lambda: self.send_button.setEnabled(True),
        )

    def _sent(self, text: str) -> None:
        if self.edit.toPlainText() == text:  # not what was typed while it was sent
            self.edit.clear()

    def record_feedback(self) -> None:
        case = self._case
        box = self.feedback
        if case is None or not self.may_comment or not box.record.isEnabled():
            return
        rating = box.rating.currentData()
        if rating is None:
            show_text(box.notice, refusal_text("feedback.rating", ""))
            return
        case_id, stage, text = case.case_id, str(box.stage.currentData()), box.text.text()
        box.record.setEnabled(False)
        self._ops.run(
            lambda: self._service.record_feedback(case_id, stage, int(rating), text),
            initiator=self,
            on_done=lambda _changes: self._recorded(),
            on_error=lambda exc: self._say_refused(box.notice, exc),
            on_finally=lambda: box.record.setEnabled(True),
        )

    def _recorded(self) -> None:
        self.feedback.clear_entry()
        show_text(
            self.feedback.notice,
            QCoreApplication.translate("Comments", "Feedback recorded."),
            ok=True,
        )

    def _say_refused(self, label: QLabel, exc: UserError) -> None:
        if isinstance(exc, InvalidInput):
            lines = [
                refusal_text(code, message)
                for problems in exc.problems.values()
                for code, message in problems
            ]
            show_text(label, "\n".join(lines))
        else:
            messages.show_user_error(self.window(), exc)

    # -- language --------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.thread_view.setAccessibleName(
            QCoreApplication.translate("Comments", "The comments on the case")
        )
        self.send_button.setText(QCoreApplication.translate("Comments", "Send"))
        self.send_button.setToolTip(QCoreApplication.translate("Comments", "Send (Ctrl+Enter)"))
        self.edit.setPlaceholderText(
            QCoreApplication.translate("Comments", "Write a comment for your colleagues…")
        )
        self.hint.setText(
            QCoreApplication.translate(
                "Comments", "Ctrl+Enter sends. Type @ and a name to mention a colleague."
            )
        )
        self.read_only.setText(
            QCoreApplication.translate(
                "Comments", "Read only: your role does not include commenting on cases."
            )
        )
        self.feedback.retranslate()
        self._render()
