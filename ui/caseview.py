"""One case on screen: its title, Save, and the Applicant and History tabs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import CaseState
from app.domain.history import HistoryEntry
from app.errors import InvalidInput, UserError
from app.services.cases import CaseService
from app.services.changes import CaseOpChanges, OpChanges
from ui import messages, texts
from ui.applicantform import ApplicantForm
from ui.fields import ERROR_COLOUR
from ui.history import HistoryView
from ui.operations import Operations


@dataclass(frozen=True)
class LoadedCase:
    state: CaseState
    history: list[HistoryEntry]
    names: dict[str, str]


class CaseView(QWidget):
    """Shows a case or a new, blank one; saves through the write lane."""

    case_did_load = Signal(str)
    save_did_finish = Signal(bool)

    def __init__(
        self,
        cases: CaseService,
        user_names: Callable[[], dict[str, str]],
        ops: Operations,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._cases = cases
        self._user_names = user_names
        self._ops = ops
        self._case: CaseState | None = None
        self._loading: str | None = None
        self._reloading_after_save = False
        self.title = QLabel()
        self.title.setObjectName("case-title")
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.save_button = QPushButton()
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        self.banner = QLabel()
        self.banner.setObjectName("case-banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.form = ApplicantForm()
        self.form.form_did_change.connect(self._on_form_did_change)
        self.history = HistoryView()
        self.tabs = QTabWidget()
        self._lay_out()
        self._banner_text: Callable[[], str] | None = None
        self.new_case()

    def _lay_out(self) -> None:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        self.tabs.addTab(scroll, "")
        self.tabs.addTab(self.history, "")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

    @property
    def case_id(self) -> str | None:
        return self._case.case_id if self._case is not None else None

    # -- showing ---------------------------------------------------------------
    def new_case(self) -> None:
        self._case = None
        self._loading = None
        if self._reloading_after_save:
            self._reloading_after_save = False
            self.save_button.setEnabled(True)
        self.form.load({})
        self.history.clear()
        self.tabs.setTabEnabled(1, False)
        self.tabs.setCurrentIndex(0)
        self._set_banner(None)
        self.retranslate()

    def discard_edits(self) -> None:
        """Put back the values as stored (or blank for a new case)."""
        self.form.load(self._case.fields if self._case is not None else {})
        self._set_banner(None)

    def show_case(self, case_id: str) -> None:
        """Load ``case_id`` unless it is the case showing or loading already."""
        if case_id not in (self.case_id, self._loading):
            self._load(case_id)

    def _load(self, case_id: str) -> None:
        self._loading = case_id

        def fetch() -> LoadedCase:
            return LoadedCase(
                self._cases.get(case_id), self._cases.history(case_id), self._user_names()
            )

        self._ops.tasks.run(fetch, self._on_case_loaded)

    def _on_case_loaded(self, loaded: LoadedCase) -> None:
        if loaded.state.case_id != self._loading:
            return  # the user moved on to another case meanwhile
        self._case = loaded.state
        if self._reloading_after_save:
            # Only now does the view hold the saved head: a second save before
            # this would open the case twice or be refused as stale.
            self._reloading_after_save = False
            self.save_button.setEnabled(True)
        self.form.load(loaded.state.fields)
        self.history.show_entries(loaded.history, loaded.names)
        self.tabs.setTabEnabled(1, True)
        self.retranslate()
        self.case_did_load.emit(loaded.state.case_id)

    def on_operation(self, changes: OpChanges) -> None:
        if self._case is not None and changes.touches(self._case.case_id):
            self._load(self._case.case_id)

    # -- saving ----------------------------------------------------------------
    def save(self) -> None:
        if not self.save_button.isEnabled():
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
        if self._case is None:
            self.title.setText(QCoreApplication.translate("CaseView", "New case"))
        else:
            self.title.setText(
                QCoreApplication.translate("CaseView", "Case {0} · {1}").format(
                    self._case.case_no, texts.status_label(self._case.status)
                )
            )
        if self._banner_text is not None:
            self.banner.setText(self._banner_text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
