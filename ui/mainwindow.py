"""The main window: case list on the left, the case on the right, menus and status.

It wires the pieces together and delegates everything else. Views refresh
from ``Operations.operation_did_execute``, never by calling each other.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import metadata

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
)

from app.services.cases import CaseQuery, CaseService
from app.services.changes import OpChanges
from app.services.profile import Profile
from app.services.settings import Language
from ui import i18n, messages
from ui.caselist import CaseListPanel
from ui.caseview import CaseView
from ui.operations import Operations
from ui.taskman import TaskManager


def version() -> str:
    try:
        return metadata.version("loandesk")
    except metadata.PackageNotFoundError:
        return "(development)"


LANGUAGE_NAMES: dict[Language, str] = {"en": "English", "zh_CN": "简体中文"}


class MainWindow(QMainWindow):
    def __init__(self, profile: Profile, tasks: TaskManager) -> None:
        super().__init__()
        self.setObjectName("main-window")
        self.profile = profile
        self.tasks = tasks
        tasks.set_parent_widget(self)
        self.ops = Operations(tasks)
        self.cases = CaseService(profile)
        self.case_list = CaseListPanel(self.cases, tasks)
        self.case_view = CaseView(self.cases, profile.user_names, self.ops)
        self._total = 0
        self._build_central()
        self._build_menus()
        self._build_status_bar()
        self._connect()
        self.retranslate()
        self.resize(1360, 760)
        self.case_list.model.reload()
        self._count_cases()

    def _build_central(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.case_list)
        splitter.addWidget(self.case_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([900, 440])
        splitter.setContentsMargins(6, 6, 6, 0)
        self.setCentralWidget(splitter)

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
        self.file_menu.addSeparator()
        self.quit_action = self._action(self.file_menu, QKeySequence("Ctrl+Q"))
        self.edit_menu = bar.addMenu("")
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
        self.help_menu = bar.addMenu("")
        self.about_action = self._action(self.help_menu)

    def _build_status_bar(self) -> None:
        self.user_label = QLabel()
        self.count_label = QLabel()
        self.path_label = QLabel(str(self.profile.path))
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.user_label, self.count_label, self.path_label):
            label.setContentsMargins(6, 0, 12, 0)
        status = self.statusBar()
        status.addWidget(self.user_label)
        status.addWidget(self.count_label)
        status.addPermanentWidget(self.path_label)

    def _connect(self) -> None:
        self.new_action.triggered.connect(self._on_new_case)
        self.save_action.triggered.connect(self.case_view.save)
        self.quit_action.triggered.connect(self.close)
        self.find_action.triggered.connect(self.case_list.focus_search)
        self.about_action.triggered.connect(self._on_about)
        self.language_actions.triggered.connect(self._on_language_chosen)
        self.case_list.case_was_selected.connect(self._on_case_was_selected)
        self.case_list.model.keys_did_load.connect(self._on_list_did_load)
        self.case_view.case_did_load.connect(self.case_list.select_case)
        self.ops.operation_did_execute.connect(self._on_operation_did_execute)

    # -- events ----------------------------------------------------------------
    def _on_operation_did_execute(self, changes: OpChanges, _initiator: object) -> None:
        self.case_list.on_operation(changes)
        self.case_view.on_operation(changes)
        if changes.case_list:
            self._count_cases()

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

    def set_language(self, language: Language) -> None:
        """Switch the UI language now and remember it in the profile's settings."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        i18n.install(app, language)
        for action in self.language_actions.actions():
            action.setChecked(action.data() == language)
        settings = self.profile.settings.model_copy(update={"language": language})

        def save() -> OpChanges:
            self.profile.save_settings(settings)
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

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.case_view.form.dirty:
            event.ignore()
            self.after_leaving_case(self.close)
            return
        # Let writes in flight finish before the profile can be closed under them.
        self.tasks.shutdown()
        event.accept()

    # -- language --------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "LoanDesk"))
        self.file_menu.setTitle(QCoreApplication.translate("MainWindow", "&File"))
        self.new_action.setText(QCoreApplication.translate("MainWindow", "&New case"))
        self.save_action.setText(QCoreApplication.translate("MainWindow", "&Save"))
        self.quit_action.setText(QCoreApplication.translate("MainWindow", "&Quit"))
        self.edit_menu.setTitle(QCoreApplication.translate("MainWindow", "&Edit"))
        self.find_action.setText(QCoreApplication.translate("MainWindow", "&Find"))
        self.settings_menu.setTitle(QCoreApplication.translate("MainWindow", "Se&ttings"))
        self.language_menu.setTitle(QCoreApplication.translate("MainWindow", "&Language"))
        self.help_menu.setTitle(QCoreApplication.translate("MainWindow", "&Help"))
        self.about_action.setText(QCoreApplication.translate("MainWindow", "&About LoanDesk"))
        self.user_label.setText(
            QCoreApplication.translate("MainWindow", "User: {0}").format(
                self.profile.actor.display_name
            )
        )
        self._show_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
