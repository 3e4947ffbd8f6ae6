"""The main window: case list on the left, the case on the right, menus and status.

It wires the pieces together and delegates everything else. Views refresh
from ``Operations.operation_did_execute``, never by calling each other; what a
background sync took in from other workstations arrives the same way. The
window shows what the signed-in user's roles allow, and while the session is
locked the lock page covers everything, unsaved edits kept underneath.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib import metadata
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
)

from app.domain.roles import Action, allowed
from app.errors import UserError
from app.security.session import NotSignedIn
from app.services.accounts import AccountService
from app.services.cases import CaseQuery, CaseService
from app.services.changes import OpChanges
from app.services.comments import CommentService
from app.services.decisions import DecisionService
from app.services.intake import IntakeService
from app.services.letters import LetterService
from app.services.offers import OfferService
from app.services.profile import Profile
from app.services.risk import RiskService
from app.services.settings import THEMES, Language, Theme
from app.services.sync import SyncReport, SyncStatus
from ui import adminmenu, conflicts, i18n, messages, scanfolder, texts, theme
from ui.applicantform import ApplicantForm
from ui.caselist import CaseListPanel
from ui.caseview import CaseRights, CaseView
from ui.comments import CommentsTab
from ui.decision import DecisionTab
from ui.documents import DocumentsTab
from ui.fieldchoice import ConflictTools
from ui.help import GLOSSARY, HelpDialog
from ui.offers import OffersTab
from ui.operations import Operations
from ui.risk import RiskTab
from ui.screenlock import CHECK_MS, ScreenLock
from ui.syncer import BackgroundSync, Backoff, SyncLabel
from ui.taskman import Lane, TaskManager

if TYPE_CHECKING:
    from ui.printing import ProductSheetDialog

log = logging.getLogger(__name__)


def version() -> str:
    try:
        return metadata.version("loandesk")
    except metadata.PackageNotFoundError:
        return "(development)"


LANGUAGE_NAMES: dict[Language, str] = {"en": "English", "zh_CN": "简体中文"}


@dataclass(frozen=True)
class DeskParts:
    """The main window's largest widgets that no session shapes: the case list and the
    applicant form. Made while the user types at the sign-in screen, they leave the
    window less to build after Sign in (bench/startup.py); they hold no data until
    the window, signed in, loads it."""

    profile: Profile
    case_list: CaseListPanel
    form: ApplicantForm

    @classmethod
    def make(cls, profile: Profile, tasks: TaskManager) -> DeskParts:
        return cls(profile, CaseListPanel(CaseService(profile), tasks), ApplicantForm())


class MainWindow(QMainWindow):
    #: The user signed out: the window has closed and someone else may sign in.
    did_sign_out = Signal()
    #: The window closed for good (not a sign-out): LoanDesk ends.
    did_close = Signal()
    session_did_lock = Signal()
    session_did_unlock = Signal()
    #: The user asked to see the cases in conflict (by clicking the sync line).
    conflicts_requested = Signal()

    def __init__(
        self,
        profile: Profile,
        tasks: TaskManager,
        *,
        idle_check_ms: int = CHECK_MS,
        sync_backoff: Backoff | None = None,
        parts: DeskParts | None = None,
    ) -> None:
        """``parts``: the widgets that need no session, made while the user signed in."""
        super().__init__()
        if profile.session is None:
            raise NotSignedIn("Sign in first.")
        self.setObjectName("main-window")
        self.profile = profile
        self.tasks = tasks
        tasks.set_parent_widget(self)
        self.ops = Operations(tasks)
        self.accounts = AccountService(profile)
        self.cases = CaseService(profile)
        self.may_view = allowed(profile.session.roles, Action.CASE_VIEW)
        #: a demo profile stays one: read once, not at every retranslation
        self.demo = profile.demo
        self.may_print = allowed(profile.session.roles, Action.CASE_PRINT)
        self.rights = CaseRights.of(profile.session.roles)
        if parts is None or parts.profile is not profile:
            parts = DeskParts.make(profile, tasks)
        self.case_list = parts.case_list
        self.case_view = CaseView(
            self.cases,
            profile.user_names,
            self.ops,
            rights=self.rights,
            documents=self._documents_tab(profile) if self.may_view else None,
            risk=self._risk_tab(profile) if self.may_view else None,
            decision=(
                DecisionTab(
                    DecisionService(profile),
                    self.ops,
                    profile.user_names,
                    letters=LetterService(profile) if self.may_print else None,
                )
                if self.may_view
                else None
            ),
            comments=(
                CommentsTab(
                    CommentService(profile),
                    self.ops,
                    may_comment=allowed(profile.session.roles, Action.CASE_COMMENT),
                )
                if self.may_view
                else None
            ),
            offers=OffersTab(OfferService(profile), self.ops) if self.may_view else None,
            form=parts.form,
        )
        self._total = 0
        self._sync: SyncStatus | None = None
        self._signing_out = False
        self.syncer = BackgroundSync(profile, tasks, sync_backoff, self)
        self._build_central()
        self.screen_lock = ScreenLock(
            self, self.pages, self.accounts, tasks, lambda: profile.session, check_ms=idle_check_ms
        )
        self.lock_screen = self.screen_lock.page
        self.idle = self.screen_lock.watch
        self._build_menus()
        self._build_status_bar()
        self._connect()
        self.retranslate()
        self.resize(1360, 760)
        self._restore_layout()
        adminmenu.install(self)
        self._update_actions()
        if profile.session is not None:
            self.case_list.set_roles(profile.session.roles)
        # Every desk syncs, an administrator's too: the users they add must go up.
        self.syncer.start()
        if self.may_view:
            self.case_list.model.reload()
            self._count_cases()
            if self.case_view.comments is not None:
                self.case_view.comments.mentions.refresh()

    @property
    def locked(self) -> bool:
        return self.screen_lock.locked

    def _documents_tab(self, profile: Profile) -> DocumentsTab:
        roles = profile.session.roles if profile.session is not None else frozenset()
        return DocumentsTab(
            IntakeService(profile),
            self.ops,
            profile.user_names,
            scan_folder=lambda: profile.settings.scan_folder,
            may_confirm=allowed(roles, Action.DOCUMENT_CONFIRM_FIELDS),
        )

    def _risk_tab(self, profile: Profile) -> RiskTab:
        roles = profile.session.roles if profile.session is not None else frozenset()
        return RiskTab(
            RiskService(profile),
            self.ops,
            profile.user_names,
            may_record=allowed(roles, Action.RISK_SCORE),
        )

    def _build_central(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.case_list)
        splitter.addWidget(self.case_view)
        # The case view holds the form and the documents with their checks:
        # it gets the larger share, the list keeps enough to pick a case.
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([560, 780])
        splitter.setContentsMargins(6, 6, 6, 0)
        self.work = splitter
        self.no_cases = QLabel()
        self.no_cases.setObjectName("no-cases")
        self.no_cases.setWordWrap(True)
        self.no_cases.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_cases.setContentsMargins(80, 40, 80, 80)
        self.pages = QStackedWidget()
        for page in (self.work, self.no_cases):
            self.pages.addWidget(page)
        self.pages.setCurrentWidget(self.work if self.may_view else self.no_cases)
        self.setCentralWidget(self.pages)

    def _action(self, menu: QMenu, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.new_action = self._action(self.file_menu, QKeySequence("Ctrl+N"))
        self.save_action = self._action(self.file_menu, QKeySequence("Ctrl+S"))
        self.sheet_action = self._action(self.file_menu)
        self.sheet_action.setObjectName("action-product-sheet")
        self.sheet_dialog: ProductSheetDialog | None = None
        self.file_menu.addSeparator()
        self.sync_now_action = self._action(self.file_menu, QKeySequence(Qt.Key.Key_F5))
        self.sync_now_action.setObjectName("action-sync-now")
        self.file_menu.addSeparator()
        self.lock_action = self._action(self.file_menu, QKeySequence("Ctrl+L"))
        self.sign_out_action = self._action(self.file_menu)
        self.file_menu.addSeparator()
        self.quit_action = self._action(self.file_menu, QKeySequence("Ctrl+Q"))
        self.edit_menu = bar.addMenu("")
        self.undo_action = self._action(self.edit_menu, QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.setObjectName("action-undo")
        self.undo_action.setEnabled(False)
        self.edit_menu.addSeparator()
        self.find_action = self._action(self.edit_menu, QKeySequence("Ctrl+F"))
        self.settings_menu = bar.addMenu("")
        self.language_menu = self.settings_menu.addMenu("")
        self.language_actions = QActionGroup(self)
        for code, name in LANGUAGE_NAMES.items():
            # Each language is named in itself, so anyone can find their own.
            action = self._action(self.language_menu)
            action.setText(name)
            action.setCheckable(True)
            action.setData(code)
            action.setChecked(code == self.profile.settings.language)
            self.language_actions.addAction(action)
        self.theme_menu = self.settings_menu.addMenu("")
        self.theme_menu.setObjectName("theme-menu")
        self.theme_actions = QActionGroup(self)
        for key in THEMES:
            action = self._action(self.theme_menu)
            action.setCheckable(True)
            action.setData(key)
            action.setChecked(key == self.profile.settings.theme)
            self.theme_actions.addAction(action)
        self.scan_folder_action = self._action(self.settings_menu)
        self.help_menu = bar.addMenu("")
        self.guide_action = self._action(self.help_menu, QKeySequence(Qt.Key.Key_F1))
        self.guide_action.setObjectName("action-guide")
        self.glossary_action = self._action(self.help_menu)
        self.glossary_action.setObjectName("action-glossary")
        self.help_menu.addSeparator()
        self.about_action = self._action(self.help_menu)
        self.help_dialog: HelpDialog | None = None

    def _build_status_bar(self) -> None:
        self.user_label = QLabel()
        self.user_label.setObjectName("signed-in")
        self.count_label = QLabel()
        self.path_label = QLabel(str(self.profile.path))
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.user_label, self.count_label, self.path_label):
            label.setContentsMargins(6, 0, 12, 0)
        status = self.statusBar()
        self.mention_button = QPushButton()
        self.mention_button.setObjectName("mentions")
        self.mention_button.setFlat(True)
        self.mention_button.setStyleSheet("font-weight: 600;")
        self.mention_button.hide()
        self.demo_label = QLabel()
        self.demo_label.setObjectName("demo-badge")
        self.demo_label.setStyleSheet(
            "background: #b35c00; color: white; font-weight: 700; padding: 1px 8px;"
        )
        self.demo_label.setVisible(self.demo)
        status.addWidget(self.demo_label)
        status.addWidget(self.user_label)
        status.addWidget(self.count_label)
        status.addWidget(self.mention_button)
        self.sync_label = SyncLabel(self.syncer)
        status.addPermanentWidget(self.sync_label)
        status.addPermanentWidget(self.path_label)
        self.count_label.setVisible(self.may_view)

    def _connect(self) -> None:
        self.new_action.triggered.connect(self._on_new_case)
        self.save_action.triggered.connect(self.case_view.save)
        self.sheet_action.triggered.connect(self.print_product_sheet)
        self.mention_button.clicked.connect(self.open_mention)
        if self.case_view.comments is not None:
            watch = self.case_view.comments.mentions
            watch.mentions_did_change.connect(lambda _count: self._show_mentions())
        self.sync_now_action.triggered.connect(self.syncer.sync_now)
        self.syncer.status_changed.connect(self._on_sync_status)
        self.syncer.finished.connect(self._on_sync_finished)
        self.syncer.refused.connect(self._on_sync_refused)
        self.sync_label.conflicts_clicked.connect(self.show_conflicts)
        self.lock_action.triggered.connect(lambda: self.lock("manual"))
        self.sign_out_action.triggered.connect(self.sign_out)
        self.quit_action.triggered.connect(self.close)
        self.find_action.triggered.connect(self.case_list.focus_search)
        self.undo_action.triggered.connect(self.case_view.form.undo)
        for signal in (self.case_view.form.form_did_change, self.case_view.case_did_load):
            signal.connect(self._enable_undo)
        self.about_action.triggered.connect(self._on_about)
        self.guide_action.triggered.connect(lambda: self.show_help(self.help_topic()))
        self.glossary_action.triggered.connect(lambda: self.show_help(GLOSSARY))
        self.language_actions.triggered.connect(self._on_language_chosen)
        self.theme_actions.triggered.connect(lambda action: self.set_theme(action.data()))
        self.scan_folder_action.triggered.connect(
            lambda: scanfolder.open_dialog(self.profile, self.ops, self)
        )
        self.case_list.case_was_selected.connect(self._on_case_was_selected)
        self.case_list.model.keys_did_load.connect(self._on_list_did_load)
        self.case_view.case_did_load.connect(self.case_list.select_case)
        self.ops.operation_did_execute.connect(self._on_operation_did_execute)
        self.lock_screen.sign_out_was_asked.connect(self.sign_out)
        self.screen_lock.session_will_lock.connect(self._on_session_will_lock)
        if self.may_view:
            self.screen_lock.session_did_unlock.connect(self.syncer.start)
        for signal in (self.screen_lock.session_did_lock, self.screen_lock.session_did_unlock):
            signal.connect(self._on_session_did_lock_or_unlock)
        self.screen_lock.session_did_lock.connect(self.session_did_lock)
        self.screen_lock.session_did_unlock.connect(self.session_did_unlock)

    def _update_actions(self) -> None:
        """What the roles allow is shown; while locked only leaving stays usable."""
        self.new_action.setVisible(self.rights.create)
        self.save_action.setVisible(self.rights.create or self.rights.edit)
        self.sheet_action.setVisible(self.may_print)
        self.edit_menu.menuAction().setVisible(self.may_view)
        self.scan_folder_action.setVisible(self.may_view)  # it feeds the Documents tab
        usable_when_locked = {self.sign_out_action, self.quit_action}
        for action in self.file_menu.actions():
            if not action.isSeparator() and action not in usable_when_locked:
                action.setEnabled(not self.locked)
        self._enable_sync_now()
        self._enable_undo()
        always = {m.menuAction() for m in (self.file_menu, self.settings_menu, self.help_menu)}
        for action in self.menuBar().actions():
            if action not in always:
                action.setEnabled(not self.locked)

    def _show_mentions(self) -> None:
        comments = self.case_view.comments
        text = comments.mentions.text() if comments is not None else ""
        self.mention_button.setText(text)
        self.mention_button.setVisible(bool(text))
        if text and comments is not None:
            newest = comments.mentions.notices[0]
            self.mention_button.setToolTip(
                QCoreApplication.translate(
                    "MainWindow", "Open case {0}, where {1} wrote: {2}"
                ).format(newest.case_no, newest.author or "?", newest.text[:120])
            )

    def open_mention(self) -> None:
        """Open the case of the newest unread mention at its comments."""
        comments = self.case_view.comments
        if comments is None or not comments.mentions.notices:
            return
        case_id = comments.mentions.notices[0].case_id

        def go() -> None:
            self._open_case(case_id)
            self.case_view.tabs.setCurrentWidget(comments)

        self.after_leaving_case(go)

    def print_product_sheet(self) -> None:
        """The sheet an applicant takes home: what to bring, how repayment works."""
        if not self.may_print:
            return
        from ui.printing import ProductSheetDialog  # loads with its first use

        self.sheet_dialog = ProductSheetDialog(LetterService(self.profile), self.tasks, self)
        self.sheet_dialog.open()

    # -- the session -------------------------------------------------------------
    def lock(self, reason: str = "manual") -> None:
        """Cover the desk now (Ctrl+L), and record the lock."""
        self.screen_lock.lock(reason)

    def on_session_refused(self, exc: UserError) -> None:
        """A task found the session locked (or gone): show the lock page, not an error."""
        if exc.code == "session.locked":
            self.lock("idle")

    def _on_session_will_lock(self) -> None:
        self.syncer.stop()
        self.case_view.conceal()
        adminmenu.install(self).close_screens()

    def _on_session_did_lock_or_unlock(self) -> None:
        self._update_actions()
        adminmenu.install(self)  # its entries follow the session
        self._show_user()

    def sign_out(self) -> None:
        """End the session (after asking about unsaved edits); the window then closes."""
        self.after_leaving_case(self._sign_out_now)

    def _sign_out_now(self) -> None:
        self.syncer.stop()
        accounts = self.accounts
        self.tasks.run(accounts.sign_out, self._on_signed_out, lane=Lane.WRITE)

    def _on_signed_out(self, _result: object) -> None:
        self._signing_out = True
        self.close()

    # -- events ----------------------------------------------------------------
    def _on_operation_did_execute(self, changes: OpChanges, _initiator: object) -> None:
        self.case_list.on_operation(changes)
        self.case_view.on_operation(changes)
        if changes.case_list:
            self._count_cases()
        self.show_sync()

    def show_sync(self) -> None:
        """Whether the workstation sends to a branch server, and how much waits to go up."""
        self.syncer.refresh()

    def _on_sync_status(self, status: SyncStatus) -> None:
        self._sync = status
        self.sync_label.show_status(status)
        self._enable_sync_now()

    def _enable_sync_now(self) -> None:
        enrolled = self._sync is not None and self._sync.enrolled
        self.sync_now_action.setEnabled(enrolled and not self.locked)

    def _on_sync_finished(self, report: SyncReport) -> None:
        """Other workstations' work came in: the views refresh as after an operation."""
        if report.switched_off:
            self._signed_out_by_the_branch()
            return
        cases = report.cases
        if report.rules and self.case_view.case_id is not None:
            # prices, policy and authority of the case on screen may read otherwise now
            cases = cases | {self.case_view.case_id}
        if cases and self.may_view:
            changes = OpChanges(case_ids=cases, case_list=True)
            self.ops.operation_did_execute.emit(changes, self.syncer)
        taken = texts.taken_from_branch(report)
        if taken:
            self.statusBar().showMessage(" ".join(taken), 30_000)
        if report.refused:
            self._tell_refusals(report)

    def _signed_out_by_the_branch(self) -> None:
        """The user was switched off elsewhere: nothing they do here would count, so they go."""
        messages.show_box(
            None,
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("MainWindow", "Signed out"),
            QCoreApplication.translate(
                "MainWindow",
                "An administrator switched your account off for the whole branch, so you "
                "are signed out. Changes you had not saved were not kept. Ask an "
                "administrator if this is a mistake.",
            ),
        )
        self._signing_out = True  # unsaved edits could not be saved under this account now
        self._sign_out_now()

    def _tell_refusals(self, report: SyncReport) -> None:
        """Say which of this desk's changes the branch refused, and why: they count nowhere."""
        lines = []
        for refused in report.refused:
            what = texts.refused_change(refused.type)
            where = refused.case_no or "—"
            lines.append(
                QCoreApplication.translate(
                    "MainWindow", "{0} on case {1} was refused: {2}."
                ).format(what, where, texts.refusal_reason(refused.reason))
            )
        messages.show_box(
            self,
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("MainWindow", "The branch server refused a change"),
            "\n\n".join(lines),
        )

    def _on_sync_refused(self, sentence: str) -> None:
        self.statusBar().showMessage(sentence, 30_000)

    def show_conflicts(self) -> None:
        """The cases whose values two people set differently apart, to resolve."""
        self.conflicts_requested.emit()
        tools = ConflictTools(
            self.cases,
            self.ops,
            self.profile.user_names,
            allowed(self.profile.session.roles, Action.CASE_RESOLVE_CONFLICT)
            if self.profile.session is not None
            else False,
            self.rights.reveal,
        )
        conflicts.open_list(self, tools)

    def _on_case_was_selected(self, case_id: str) -> None:
        if case_id == self.case_view.case_id:
            return
        if self.case_view.form.dirty:
            # Keep the edited case selected until the user says to leave it.
            self.case_list.select_case(self.case_view.case_id)
        self.after_leaving_case(lambda: self._open_case(case_id))

    def _open_case(self, case_id: str) -> None:
        self.case_list.select_case(case_id)
        self.case_view.show_case(case_id)

    def after_leaving_case(self, then: Callable[[], object]) -> None:
        """Run ``then`` now, or once the user agrees to discard unsaved edits.

        The question opens without a nested event loop; ``then`` runs from its answer.
        """
        if not self.case_view.form.dirty:
            then()
            return
        box = messages.show_box(
            self,
            QMessageBox.Icon.Question,
            QCoreApplication.translate("MainWindow", "Unsaved changes"),
            QCoreApplication.translate(
                "MainWindow", "This case has changes that are not saved. Discard them?"
            ),
        )
        box.setStandardButtons(
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def on_clicked(button: QAbstractButton) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Discard:
                self.case_view.discard_edits()
                then()

        box.buttonClicked.connect(on_clicked)

    def _on_new_case(self) -> None:
        self.after_leaving_case(self._start_new_case)

    def _start_new_case(self) -> None:
        self.case_list.select_case(None)
        self.case_view.new_case()
        self.case_view.form.editor("full_name").input.setFocus()

    def _enable_undo(self, *_args: object) -> None:
        form = self.case_view.form
        self.undo_action.setEnabled(form.can_undo and not self.locked)

    def help_topic(self) -> str:
        """The guide for what is on screen: the case's open tab, else the list."""
        view = self.case_view
        if not self.may_view or view.case_id is None:
            return "cases"
        tab = view.tabs.currentWidget()
        named = {
            view.documents: "documents",
            view.risk: "risk",
            view.offers: "offer",
            view.decision: "decision",
            view.comments: "history",
            view.history: "history",
        }
        return next((key for widget, key in named.items() if widget is tab), "applicant")

    def show_help(self, key: str) -> None:
        if self.help_dialog is None:
            self.help_dialog = HelpDialog(self)
        self.help_dialog.show_topic(key)

    def _on_about(self) -> None:
        text = QCoreApplication.translate(
            "MainWindow", "LoanDesk {0}\nA workstation for bank branch loan officers."
        ).format(version())
        messages.show_box(
            self,
            QMessageBox.Icon.Information,
            QCoreApplication.translate("MainWindow", "About LoanDesk"),
            text,
        )

    def _on_language_chosen(self, action: QAction) -> None:
        self.set_language(action.data())

    def set_theme(self, chosen: Theme) -> None:
        """Colour the application as ``chosen`` says now, and remember it in the settings."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        theme.apply(app, chosen)
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == chosen)

        def save() -> OpChanges:
            self.profile.update_settings(lambda settings: replace(settings, theme=chosen))
            return OpChanges(settings=True)

        self.ops.run(save, initiator=self)

    def _restore_layout(self) -> None:
        """Open where and as large as it was left, the list and the case split as they were."""
        settings = self.profile.settings
        if settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.window_geometry.encode("ascii")))
        if settings.window_split:
            self.work.restoreState(QByteArray.fromBase64(settings.window_split.encode("ascii")))

    def _remember_layout(self) -> None:
        geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        split = bytes(self.work.saveState().toBase64().data()).decode("ascii")
        settings = self.profile.settings
        if (settings.window_geometry, settings.window_split) == (geometry, split):
            return
        try:
            self.profile.update_settings(
                lambda now: replace(now, window_geometry=geometry, window_split=split)
            )
        except OSError as exc:  # a full or read-only disk costs the layout, nothing else
            log.warning("the window's layout was not saved (%s)", type(exc).__name__)

    def set_language(self, language: Language) -> None:
        """Switch the UI language now and remember it in the profile's settings."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        i18n.install(app, language)
        for action in self.language_actions.actions():
            action.setChecked(action.data() == language)

        def save() -> OpChanges:
            self.profile.update_settings(lambda settings: replace(settings, language=language))
            return OpChanges(settings=True)

        self.ops.run(save, initiator=self)

    def _count_cases(self) -> None:
        self.tasks.run(lambda: self.cases.count(CaseQuery()), self._on_counted)

    def _on_counted(self, total: int) -> None:
        self._total = total
        self._show_count()

    def _on_list_did_load(self, _shown: int) -> None:
        self._show_count()

    def _show_count(self) -> None:
        shown = self.case_list.model.rowCount()
        if self.case_list.model.query == CaseQuery():
            text = QCoreApplication.translate("MainWindow", "Cases: {0}").format(f"{self._total:,}")
        else:
            text = QCoreApplication.translate("MainWindow", "Cases: {0} of {1}").format(
                f"{shown:,}", f"{self._total:,}"
            )
        self.count_label.setText(text)

    def showEvent(self, event: QShowEvent) -> None:
        # The idle clock runs from the moment the desk is on screen until it closes.
        if not self.idle.timer.isActive():
            self.idle.start()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.case_view.form.dirty and not self._signing_out:
            event.ignore()
            self.after_leaving_case(self.close)
            return
        self._remember_layout()
        self.idle.stop()
        self.syncer.stop()
        self.case_list.stop()
        self.case_view.conceal()
        adminmenu.install(self).close_screens()
        event.accept()
        if self._signing_out:
            self.did_sign_out.emit()
            return
        # Let writes in flight finish before the profile can be closed under them.
        self.tasks.shutdown()
        self.did_close.emit()

    # -- language --------------------------------------------------------------
    def retranslate(self) -> None:
        title = QCoreApplication.translate("MainWindow", "LoanDesk")
        if self.demo:
            title = QCoreApplication.translate("MainWindow", "DEMO — {0} (made-up data)").format(
                title
            )
        self.setWindowTitle(title)
        self.demo_label.setText(QCoreApplication.translate("MainWindow", "DEMO"))
        self.demo_label.setToolTip(
            QCoreApplication.translate(
                "MainWindow",
                "A demo profile: its people and cases are made up. Try anything here; "
                "real work goes in a real profile.",
            )
        )
        self.file_menu.setTitle(QCoreApplication.translate("MainWindow", "&File"))
        self.new_action.setText(QCoreApplication.translate("MainWindow", "&New case"))
        self.save_action.setText(QCoreApplication.translate("MainWindow", "&Save"))
        self.sheet_action.setText(
            QCoreApplication.translate("MainWindow", "Print a &product sheet…")
        )
        self.quit_action.setText(QCoreApplication.translate("MainWindow", "&Quit"))
        self.edit_menu.setTitle(QCoreApplication.translate("MainWindow", "&Edit"))
        self.find_action.setText(QCoreApplication.translate("MainWindow", "&Find"))
        self.undo_action.setText(
            QCoreApplication.translate("MainWindow", "&Undo the last change to a field")
        )
        self.settings_menu.setTitle(QCoreApplication.translate("MainWindow", "Se&ttings"))
        self.language_menu.setTitle(QCoreApplication.translate("MainWindow", "&Language"))
        self.theme_menu.setTitle(QCoreApplication.translate("MainWindow", "&Colours"))
        themes = {
            "system": QCoreApplication.translate("MainWindow", "As the &desktop has them"),
            "light": QCoreApplication.translate("MainWindow", "&Light"),
            "dark": QCoreApplication.translate("MainWindow", "D&ark"),
        }
        for action in self.theme_actions.actions():
            action.setText(themes[str(action.data())])
        self.scan_folder_action.setText(QCoreApplication.translate("MainWindow", "&Scan folder…"))
        self.help_menu.setTitle(QCoreApplication.translate("MainWindow", "&Help"))
        self.about_action.setText(QCoreApplication.translate("MainWindow", "&About LoanDesk"))
        self.guide_action.setText(QCoreApplication.translate("MainWindow", "&Guide to this screen"))
        self.glossary_action.setText(QCoreApplication.translate("MainWindow", "G&lossary"))
        self.lock_action.setText(QCoreApplication.translate("MainWindow", "&Lock screen"))
        self.sign_out_action.setText(QCoreApplication.translate("MainWindow", "Sign &out"))
        self.sync_now_action.setText(QCoreApplication.translate("MainWindow", "S&ync now"))
        self._show_user()
        self._show_count()
        self._tell_no_cases()

    def _show_user(self) -> None:
        session = self.profile.session
        if session is None:
            return
        user = session.user
        self.user_label.setText(
            QCoreApplication.translate("MainWindow", "Signed in: {0} ({1}) · {2}").format(
                user.display_name, user.username, texts.roles_text(user.roles)
            )
        )

    def _tell_no_cases(self) -> None:
        roles = self.profile.session.roles if self.profile.session is not None else frozenset()
        self.no_cases.setText(
            QCoreApplication.translate(
                "MainWindow",
                "Your role ({0}) does not include working with cases, so none are shown "
                "here.\n\nWhat your role allows is in the Administration menu.",
            ).format(texts.roles_text(roles))
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
