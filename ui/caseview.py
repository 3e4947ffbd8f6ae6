"""One case on screen: its title, Save, and the Applicant and History tabs.

What the user may do follows their roles (``CaseRights``): a read-only role
sees the case without Save, and personal numbers stay masked until revealed.
A revealed number belongs to the case it was revealed in and is masked again
when another case opens or the screen locks; what the user typed stays shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import CaseState, CaseSummary
from app.domain.history import HistoryEntry
from app.domain.masking import MASKED_FIELDS
from app.domain.roles import Action, Role, allowed
from app.errors import InvalidInput, UserError
from app.services.cases import CaseService
from app.services.changes import CaseOpChanges, OpChanges
from ui import messages, reveal, texts
from ui.applicantform import ApplicantForm
from ui.comments import CommentsTab
from ui.conflicts import ConflictBanner, DuplicateBanner
from ui.decision import DecisionTab
from ui.documents import DocumentsTab
from ui.fieldchoice import ConflictTools
from ui.history import HistoryView
from ui.notices import ERROR_COLOUR
from ui.offers import OffersTab
from ui.operations import Operations
from ui.risk import RiskTab

MUTED_COLOUR = "#5f6368"


@dataclass(frozen=True)
class LoadedCase:
    state: CaseState
    history: list[HistoryEntry]
    names: dict[str, str]
    #: other open cases of the branch for the same ID number
    duplicates: list[CaseSummary]


@dataclass(frozen=True)
class CaseRights:
    """What the signed-in user's roles let them do with a case on this screen."""

    create: bool = True
    edit: bool = True
    reveal: bool = True

    @classmethod
    def of(cls, roles: Iterable[Role]) -> CaseRights:
        held = frozenset(roles)
        return cls(
            create=allowed(held, Action.CASE_CREATE),
            edit=allowed(held, Action.CASE_EDIT),
            reveal=allowed(held, Action.FIELD_REVEAL),
        )


class CaseView(QWidget):
    """Shows a case or a new, blank one; saves through the write lane."""

    case_did_load = Signal(str)
    save_did_finish = Signal(bool)
    #: (field) a masked number now shows in full
    field_did_reveal = Signal(str)

    def __init__(
        self,
        cases: CaseService,
        user_names: Callable[[], dict[str, str]],
        ops: Operations,
        parent: QWidget | None = None,
        *,
        rights: CaseRights | None = None,
        documents: DocumentsTab | None = None,
        risk: RiskTab | None = None,
        decision: DecisionTab | None = None,
        comments: CommentsTab | None = None,
        offers: OffersTab | None = None,
        form: ApplicantForm | None = None,
    ) -> None:
        """``form``: one made beforehand (``ui.session`` makes it while the user signs in)."""
        super().__init__(parent)
        self._cases = cases
        self._user_names = user_names
        self._ops = ops
        self.rights = rights or CaseRights()
        self._case: CaseState | None = None
        self._loading: str | None = None
        self._reloading_after_save = False
        #: Masked fields shown in full for the case on screen.
        self._revealed: set[str] = set()
        #: Numbers the user typed and saved: shown in full when that case comes back.
        self._typed: tuple[str, frozenset[str]] | None = None
        self._prompt: QDialog | None = None
        #: Moves on whenever reveals are withdrawn: a late answer is then dropped.
        self._reveal_round = 0
        self._make_labels()
        self.conflict_banner = ConflictBanner(
            ConflictTools(cases, ops, user_names, self.rights.edit, self.rights.reveal)
        )
        self.duplicate_banner = DuplicateBanner()
        self.save_button = QPushButton()
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        self.form = form if form is not None else ApplicantForm()
        self.form.form_did_change.connect(self._on_form_did_change)
        self.form.reveal_was_asked.connect(self._on_reveal_was_asked)
        self.history = HistoryView()
        #: the Documents tab, when the window gives one (it needs the intake service)
        self.documents = documents
        #: the Risk tab, when the window gives one (it needs the risk service)
        self.risk = risk
        #: the Decision tab, when the window gives one
        self.decision = decision
        #: the Comments tab, when the window gives one
        self.comments = comments
        #: the Offer tab, when the window gives one
        self.offers = offers
        self.tabs = QTabWidget()
        self._lay_out()
        self._banner_text: Callable[[], str] | None = None
        self.new_case()

    def _make_labels(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("case-title")
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.note = QLabel()
        self.note.setObjectName("case-note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.banner = QLabel()
        self.banner.setObjectName("case-banner")
        self.banner.setWordWrap(True)
        self.banner.hide()

    def _lay_out(self) -> None:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        self.tabs.addTab(scroll, "")
        self.tabs.addTab(self.history, "")
        if self.documents is not None:
            self.tabs.addTab(self.documents, "")
        if self.risk is not None:
            self.tabs.addTab(self.risk, "")
        if self.offers is not None:
            self.tabs.addTab(self.offers, "")
        if self.decision is not None:
            self.tabs.addTab(self.decision, "")
        if self.comments is not None:
            self.tabs.addTab(self.comments, "")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.banner)
        layout.addWidget(self.conflict_banner)
        layout.addWidget(self.duplicate_banner)
        layout.addWidget(self.tabs, 1)
        # Takes the room of the tabs when there is no form to show.
        layout.addStretch(0)

    @property
    def case_id(self) -> str | None:
        return self._case.case_id if self._case is not None else None

    # -- showing ---------------------------------------------------------------
    def new_case(self) -> None:
        """A blank form for a new case; without the right to open one, a hint instead."""
        self._case = None
        self._loading = None
        self._forget_reveals()
        if self._reloading_after_save:
            self._reloading_after_save = False
            self.save_button.setEnabled(True)
        self.form.set_access(editable=self.rights.create, may_reveal=False)
        self.form.load({})
        self.history.clear()
        self.tabs.setTabEnabled(1, False)
        self._show_documents(None)
        self.tabs.setCurrentIndex(0)
        self._set_banner(None)
        self.conflict_banner.show_for(None)
        self.duplicate_banner.show_for([])
        self._show_access()
        self.retranslate()

    def discard_edits(self) -> None:
        """Put back the values as stored (or blank for a new case)."""
        if self._case is None:
            self.form.load({})
        else:
            self.form.load(self._case.fields, masked=MASKED_FIELDS - self._revealed)
        self._set_banner(None)

    def show_case(self, case_id: str) -> None:
        """Load ``case_id`` unless it is the case showing or loading already."""
        if case_id not in (self.case_id, self._loading):
            self._load(case_id)

    def _load(self, case_id: str) -> None:
        self._loading = case_id

        def fetch() -> LoadedCase:
            return LoadedCase(
                self._cases.get(case_id),
                self._cases.history(case_id),
                self._user_names(),
                self._cases.duplicates(case_id),
            )

        self._ops.tasks.run(fetch, self._on_case_loaded)

    def _on_case_loaded(self, loaded: LoadedCase) -> None:
        if loaded.state.case_id != self._loading:
            return  # the user moved on to another case meanwhile
        case_id = loaded.state.case_id
        if case_id != self.case_id:
            self._forget_reveals()
        if self._typed is not None and self._typed[0] == case_id:
            self._revealed |= self._typed[1]
        self._typed = None
        # A document read or confirmed in the background changes the case (and
        # may fill empty fields): the officer's unsaved typing stays on top.
        keep_typing = self._case is not None and self._case.case_id == case_id and self.form.dirty
        self._case = loaded.state
        if self._reloading_after_save:
            # Only now does the view hold the saved head: a second save before
            # this would open the case twice or be refused as stale.
            self._reloading_after_save = False
            self.save_button.setEnabled(True)
        self.form.set_access(editable=self.rights.edit, may_reveal=self.rights.reveal)
        masked = MASKED_FIELDS - self._revealed
        if keep_typing:
            self.form.load_keeping_typing(loaded.state.fields, masked=masked)
        else:
            self.form.load(loaded.state.fields, masked=masked)
        self.history.show_entries(loaded.history, loaded.names)
        self.conflict_banner.show_for(loaded.state)
        self.duplicate_banner.show_for(loaded.duplicates)
        self.tabs.setTabEnabled(1, True)
        self._show_documents(case_id)
        self._show_access()
        self.retranslate()
        self.case_did_load.emit(case_id)

    def _show_documents(self, case_id: str | None) -> None:
        if self.documents is not None:
            self.tabs.setTabEnabled(self.tabs.indexOf(self.documents), case_id is not None)
            self.documents.set_case(case_id)
        for tab in (self.risk, self.offers, self.decision, self.comments):
            if tab is not None:
                self.tabs.setTabEnabled(self.tabs.indexOf(tab), case_id is not None)
                tab.set_case(self._case if case_id is not None else None)

    def on_operation(self, changes: OpChanges) -> None:
        if self.documents is not None:
            self.documents.on_operation(changes)
        if self.comments is not None:
            self.comments.on_operation(changes)
        if self._case is not None and changes.touches(self._case.case_id):
            self._load(self._case.case_id)

    def _show_access(self) -> None:
        """Save and the form only where the roles allow; otherwise say why not."""
        open_case = self._case is not None
        may_save = self.rights.edit if open_case else self.rights.create
        self.save_button.setVisible(may_save)
        self.tabs.setVisible(open_case or self.rights.create)
        self.note.setVisible(not may_save)
        self._tell_access()

    def _tell_access(self) -> None:
        if self._case is None:
            self.note.setText(
                QCoreApplication.translate("CaseView", "Choose a case in the list to see it.")
            )
        else:
            self.note.setText(
                QCoreApplication.translate(
                    "CaseView", "Read only: your role does not include changing cases."
                )
            )

    # -- revealing ---------------------------------------------------------------
    def _on_reveal_was_asked(self, field: str) -> None:
        case = self._case
        if case is None or not self.rights.reveal:
            return
        self._close_prompt()
        round_ = self._reveal_round
        self._prompt = reveal.ask_to_reveal(
            self.window(),
            self._ops.tasks,
            self._cases,
            case.case_id,
            field,
            lambda value: self._on_revealed(round_, case.case_id, field, value),
        )

    def _on_revealed(self, round_: int, case_id: str, field: str, value: str | None) -> None:
        self._prompt = None
        if round_ != self._reveal_round or case_id != self.case_id or value is None:
            return  # the user moved on (or the screen locked) while the password was checked
        self._revealed.add(field)
        self.form.reveal(field, value)
        self.field_did_reveal.emit(field)

    def conceal(self) -> None:
        """Mask again every number revealed and not since edited (the screen locks)."""
        self._close_prompt()
        self._reveal_round += 1
        if self.documents is not None:
            self.documents.close_review()
        if self._case is None:
            return
        edited = self.form.edited()
        for field in sorted(self._revealed - edited):
            value = self._case.fields.get(field)
            if value not in (None, ""):
                self.form.mask_again(field, value)
            self._revealed.discard(field)

    def _forget_reveals(self) -> None:
        self._close_prompt()
        self._reveal_round += 1
        self._revealed = set()

    def _close_prompt(self) -> None:
        if self._prompt is not None and shiboken6.isValid(self._prompt):
            self._prompt.close()
        self._prompt = None

    # -- saving ----------------------------------------------------------------
    def save(self) -> None:
        if not self.save_button.isEnabled() or self.save_button.isHidden():
            return
        if self._case is None and self.form.is_blank():
            self._set_banner(
                lambda: QCoreApplication.translate(
                    "CaseView", "Nothing to save: the form is empty."
                ),
                error=True,
            )
            return
        self.save_button.setEnabled(False)
        self._ops.run(
            self._save_command(self.form.patch()),
            initiator=self,
            on_done=self._on_saved,
            on_error=self._on_save_refused,
            on_finally=self._on_save_finished,
        )

    def _on_save_finished(self) -> None:
        if not self._reloading_after_save:
            self.save_button.setEnabled(True)

    def _save_command(self, patch: dict[str, Any]) -> Callable[[], CaseOpChanges]:
        case = self._case
        if case is None:
            return lambda: self._cases.open_case(patch)
        return lambda: self._cases.update_case(case.case_id, patch, expected_head=case.head)

    def _on_saved(self, changes: CaseOpChanges) -> None:
        self._reloading_after_save = True
        # The numbers the user typed stay shown when the saved case comes back.
        typed = frozenset(self.form.edited() & MASKED_FIELDS)
        self._typed = (changes.case_id, typed)
        if self._case is None:
            # The change signal cannot tell that this view wants the new case: load it here.
            self._loading = changes.case_id
            self._load(changes.case_id)
        self._set_banner(lambda: QCoreApplication.translate("CaseView", "Saved."))
        self.save_did_finish.emit(True)

    def _on_save_refused(self, exc: UserError) -> None:
        if isinstance(exc, InvalidInput):
            marked = self.form.show_problems(exc.problems)
            count = len(marked) or len(exc.problems)
            self._set_banner(
                lambda: QCoreApplication.translate(
                    "CaseView", "Not saved: {0} field(s) need attention."
                ).format(count),
                error=True,
            )
            self.form.focus_first_problem()
        else:
            self._set_banner(
                lambda: QCoreApplication.translate("CaseView", "Not saved."), error=True
            )
            messages.show_user_error(self.window(), exc)
        self.save_did_finish.emit(False)

    def _on_form_did_change(self) -> None:
        self._set_banner(None)

    def _set_banner(self, text: Callable[[], str] | None, *, error: bool = False) -> None:
        # Kept as a callable so the banner can be told again in a new language.
        self._banner_text = text
        colour = ERROR_COLOUR if error else "#1b5e20"
        self.banner.setStyleSheet(f"color: {colour}; font-weight: 600;")
        self.banner.setVisible(text is not None)
        self.banner.setText(text() if text is not None else "")

    # -- language --------------------------------------------------------------
    def retranslate(self) -> None:
        self.save_button.setText(QCoreApplication.translate("CaseView", "Save"))
        self.tabs.setTabText(0, QCoreApplication.translate("CaseView", "Applicant"))
        self.tabs.setTabText(1, QCoreApplication.translate("CaseView", "History"))
        if self.documents is not None:
            self.tabs.setTabText(
                self.tabs.indexOf(self.documents),
                QCoreApplication.translate("CaseView", "Documents"),
            )
        if self.risk is not None:
            self.tabs.setTabText(
                self.tabs.indexOf(self.risk), QCoreApplication.translate("CaseView", "Risk")
            )
        if self.offers is not None:
            label = QCoreApplication.translate("CaseView", "Offer")
            self.tabs.setTabText(self.tabs.indexOf(self.offers), label)
        if self.decision is not None:
            label = QCoreApplication.translate("CaseView", "Decision")
            self.tabs.setTabText(self.tabs.indexOf(self.decision), label)
        if self.comments is not None:
            label = QCoreApplication.translate("CaseView", "Comments")
            if self._case is not None and self._case.comments:
                label = QCoreApplication.translate("CaseView", "Comments ({0})").format(
                    self._case.comments
                )
            self.tabs.setTabText(self.tabs.indexOf(self.comments), label)
        if self._case is None:
            self.title.setText(QCoreApplication.translate("CaseView", "New case"))
        else:
            self.title.setText(
                QCoreApplication.translate("CaseView", "Case {0} · {1}").format(
                    self._case.case_no, texts.status_label(self._case.status)
                )
            )
        if self._case is None and not self.rights.create:
            self.title.setText(QCoreApplication.translate("CaseView", "No case open"))
        self._tell_access()
        if self._banner_text is not None:
            self.banner.setText(self._banner_text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
