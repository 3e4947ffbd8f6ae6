"""Resolving a case's conflicts: every competing value, who set it and when, and a choice.

Nothing here settles a conflict by itself: the person sees every competing
value with who set it and when, picks one per field or types another, and
``CaseService.resolve_conflicts`` records the choice as one event. Numbers
that identify people stay masked, but two different ones never look alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import CaseState
from app.errors import InvalidInput, StaleCase, UserError
from ui import messages, reveal, texts
from ui.fieldchoice import ConflictTools, FieldChoice, in_form_order
from ui.notices import problem_label, show_text
from ui.taskman import ScreenTasks


@dataclass(frozen=True)
class _Loaded:
    state: CaseState
    names: dict[str, str]


class ResolveDialog(QDialog):
    """Every conflicted field of one case; Resolve once each has a value chosen."""

    case_did_load = Signal()
    #: (resolved) the service answered: True when the choice was recorded
    resolve_did_finish = Signal(bool)
    #: (field) the value now on the case shows in full
    field_did_reveal = Signal(str)

    def __init__(self, tools: ConflictTools, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resolve-conflicts")
        self._tools, self.case_id = tools, case_id
        self._tasks = ScreenTasks(tools.ops.tasks, self)
        self.state: CaseState | None = None
        self.choices: dict[str, FieldChoice] = {}
        self._prompt: QDialog | None = None
        self.busy = False
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.fields = QWidget()
        self.fields_layout = QVBoxLayout(self.fields)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields)
        self.hint = QLabel()
        self.hint.setObjectName("resolve-hint")
        self.problem = problem_label("resolve-problem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.resolve_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.resolve_button.setObjectName("resolve")
        self.buttons.accepted.connect(self.resolve)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for part in (self.intro, scroll, self.problem, self.hint, self.buttons):
            layout.addWidget(part, 1 if part is scroll else 0)
        self.resolve_button.setDefault(True)  # only once in the dialog, or the box resets it
        self.resize(760, 700)
        self.retranslate()
        self._update_resolve()
        self.load()

    def load(self, keep: Mapping[str, tuple[bytes | None, Any]] | None = None) -> None:
        """Read the case again; ``keep`` holds choices to put back where they still apply."""
        cases, names, case_id = self._tools.cases, self._tools.user_names, self.case_id
        self._tasks.run(lambda: _Loaded(cases.get(case_id), names()), lambda x: self._show(x, keep))

    def _show(self, loaded: _Loaded, keep: Mapping[str, tuple[bytes | None, Any]] | None) -> None:
        self.state = loaded.state
        while (item := self.fields_layout.takeAt(0)) is not None:
            old = item.widget()
            if old is not None:
                old.deleteLater()
        self.choices = {}
        for name in in_form_order(loaded.state.conflicts):
            choice = FieldChoice(name, loaded.state, loaded.names, self._tools)
            choice.choice_did_change.connect(self._update_resolve)
            choice.reveal_button.clicked.connect(lambda _=False, n=name: self._ask_reveal(n))
            if keep and name in keep:
                choice.restore(*keep[name])
            self.fields_layout.addWidget(choice)
            choice.show()  # now, not on the next turn of the event loop as a layout would
            self.choices[name] = choice
        self.fields_layout.addStretch(1)
        self.retranslate()
        self._update_resolve()
        if self.choices:
            next(iter(self.choices.values())).group.buttons()[0].setFocus()
        self.case_did_load.emit()

    def _update_resolve(self) -> None:
        chosen = sum(c.picked for c in self.choices.values())
        self.resolve_button.setEnabled(
            self._tools.may_resolve
            and not self.busy
            and bool(self.choices)
            and chosen == len(self.choices)
        )
        if not self._tools.may_resolve:
            text = QCoreApplication.translate(
                "Conflicts", "Your role does not include changing cases; you can only look."
            )
        elif self.state is not None and not self.choices:
            text = QCoreApplication.translate(
                "Conflicts", "Nothing to resolve: every value on this case is settled."
            )
        elif chosen == len(self.choices):
            text = QCoreApplication.translate(
                "Conflicts", "Every field has a value chosen: press Resolve to record them."
            )
        else:
            text = QCoreApplication.translate(
                "Conflicts", "Chosen: {0} of {1}. Choose a value for each field to resolve."
            ).format(chosen, len(self.choices))
        self.hint.setText(text)

    # -- resolving --------------------------------------------------------------
    def resolve(self) -> None:
        state = self.state
        if state is None or not self.resolve_button.isEnabled():
            return
        for choice in self.choices.values():
            if choice.other.isChecked():
                choice.editor.check()
        marked = [c for c in self.choices.values() if c.other.isChecked() and c.editor.problem]
        if marked:
            show_text(self.problem, self._problems_text({c.name: [] for c in marked}))
            marked[0].editor.input.setFocus()
            return
        values = {name: choice.value() for name, choice in self.choices.items()}
        cases, case_id, head = self._tools.cases, self.case_id, state.head
        self._set_busy(True)
        self._tools.ops.run(
            lambda: cases.resolve_conflicts(case_id, values, expected_head=head),
            initiator=self,
            on_done=lambda _changes: self._on_resolved(),
            on_error=self._on_refused,
            on_finally=lambda: self._set_busy(False),
        )

    def _on_resolved(self) -> None:
        self.accept()
        self.resolve_did_finish.emit(True)

    def _set_busy(self, busy: bool) -> None:
        # The dialog stays until the write has answered: its answer comes back here.
        self.busy = busy
        self.buttons.setEnabled(not busy)
        self._update_resolve()

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def _on_refused(self, exc: UserError) -> None:
        keep = {name: choice.choice() for name, choice in self.choices.items()}
        if isinstance(exc, StaleCase) or (
            isinstance(exc, InvalidInput)
            and any(code == "conflict.none" for ps in exc.problems.values() for code, _ in ps)
        ):
            show_text(
                self.problem,
                QCoreApplication.translate(
                    "Conflicts",
                    "Not resolved: the case changed while you were choosing. The values below "
                    "are as they stand now, with your choices kept where they still apply; "
                    "check them and press Resolve again.",
                ),
            )
            self.load(keep)
        elif isinstance(exc, InvalidInput):
            for name, problems in exc.problems.items():
                if name in self.choices and problems and self.choices[name].other.isChecked():
                    self.choices[name].editor.set_problem(problems[0])
            show_text(self.problem, self._problems_text(exc.problems))
        elif exc.code in messages.SESSION_CODES:
            messages.show_user_error(self, exc)  # the window shows its lock page
        else:
            show_text(
                self.problem,
                QCoreApplication.translate("Conflicts", "Not resolved: {0}").format(
                    messages.user_message(exc)
                ),
            )
        self.resolve_did_finish.emit(False)

    def _problems_text(self, problems: Mapping[str, list[tuple[str, str]]]) -> str:
        lines = []
        for name, found in problems.items():
            choice = self.choices.get(name)
            said = [texts.problem_text(name, code, message) for code, message in found]
            if not said and choice is not None and choice.editor.problem:
                said = [choice.editor.problem]
            lines.append(
                QCoreApplication.translate("Conflicts", "{0}: {1}").format(
                    texts.field_label(name), " ".join(said)
                )
            )
        return (
            QCoreApplication.translate("Conflicts", "Not resolved; nothing was changed.")
            + "\n"
            + "\n".join(lines)
        )

    # -- revealing ---------------------------------------------------------------
    def _ask_reveal(self, name: str) -> None:
        tools = self._tools
        self._prompt = reveal.ask_to_reveal(
            self,
            tools.ops.tasks,
            tools.cases,
            self.case_id,
            name,
            lambda v: self._revealed(name, v),
        )

    def _revealed(self, name: str, value: str | None) -> None:
        choice = self.choices.get(name)
        if choice is not None and self.isVisible():
            choice.show_full(value)
            self.field_did_reveal.emit(name)

    def hideEvent(self, event: QHideEvent) -> None:
        # The screen lock hides every dialog: a number shown whole is hidden again.
        if self._prompt is not None and shiboken6.isValid(self._prompt):
            self._prompt.close()
        for choice in self.choices.values():
            choice.conceal()
        super().hideEvent(event)

    # -- language --------------------------------------------------------------
    def retranslate(self) -> None:
        case_no = self.state.case_no if self.state is not None else ""
        self.setWindowTitle(
            QCoreApplication.translate("Conflicts", "Values set differently · case {0}").format(
                case_no
            )
        )
        self.intro.setText(
            QCoreApplication.translate(
                "Conflicts",
                "While their desks were apart, colleagues set these values differently. Check "
                "the documents, then choose the right value for each field or type another. "
                "Nothing changes until you press Resolve.",
            )
        )
        self.resolve_button.setText(QCoreApplication.translate("Conflicts", "Resolve"))
        for choice in self.choices.values():
            choice.retranslate()
        self._update_resolve()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def open_resolve(parent: QWidget, tools: ConflictTools, case_id: str) -> ResolveDialog:
    dialog = ResolveDialog(tools, case_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
