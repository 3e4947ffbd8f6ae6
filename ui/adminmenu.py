"""The Administration menu: dashboard, users, my account, audit, alerts, models, backups.

Each entry shows only when one of the signed-in user's roles allows it, and
the menu follows the session: ``refresh()`` runs whenever the window is shown
or activated, and can be called after a sign-in or sign-out. Each screen opens
once; asking again brings the open one to the front.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu

from app.domain.roles import Action, Role, allowed

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

#: The screens, and the actions of which any one lets the user open it.
NEEDS: dict[str, tuple[Action, ...]] = {
    "users": (Action.USER_MANAGE,),
    "audit": (Action.AUDIT_VIEW,),
    "alerts": (Action.ALERTS_VIEW,),
    "backup": (Action.BACKUP_RUN, Action.BACKUP_RESTORE, Action.SETTINGS_CHANGE),
    "models": (Action.MODEL_VIEW, Action.MODEL_IMPORT),
    "overrides": (Action.REPORT_VIEW,),
    "dashboard": (Action.REPORT_VIEW,),
}


class AdminMenu(QObject):
    """The administration entries of one main window, and the screens they opened."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("admin-menu")
        self._window = window
        self.dialogs: dict[str, QDialog] = {}
        self.menu = QMenu(window)
        self.menu.setObjectName("administration")
        window.menuBar().insertMenu(window.help_menu.menuAction(), self.menu)
        self.actions: dict[str, QAction] = {}
        for key in ("dashboard", "users", "audit", "alerts", "models", "overrides"):
            self.actions[key] = self._action(key, self.menu)
        self.menu.addSeparator()
        self.actions["backup"] = self._action("backup", self.menu)
        self.actions["account"] = QAction(window)
        self.actions["account"].setObjectName("action-account")
        window.file_menu.insertAction(window.quit_action, self.actions["account"])
        self._account_separator = window.file_menu.insertSeparator(window.quit_action)
        self.actions["account"].triggered.connect(lambda: self.open_screen("account"))
        window.installEventFilter(self)
        self.retranslate()
        self.refresh()

    def _action(self, key: str, menu: QMenu) -> QAction:
        action = QAction(self._window)
        action.setObjectName(f"action-{key}")
        action.triggered.connect(lambda: self.open_screen(key))
        menu.addAction(action)
        return action

    def roles(self) -> frozenset[Role]:
        """The signed-in user's roles; none while nobody is, or the screen is locked."""
        session = self._window.profile.session
        if session is None or session.locked:
            return frozenset()
        return session.roles

    def allows(self, key: str) -> bool:
        if key == "account":
            session = self._window.profile.session
            return session is not None and not session.locked
        return any(allowed(self.roles(), action) for action in NEEDS[key])

    def refresh(self) -> None:
        """Show the entries the signed-in user may use; close screens they may no longer."""
        for key, action in self.actions.items():
            action.setVisible(self.allows(key))
        self._account_separator.setVisible(self.allows("account"))
        self.menu.menuAction().setVisible(any(self.allows(key) for key in NEEDS))
        for key in [k for k in self.dialogs if not self.allows(k)]:
            self.dialogs[key].close()

    def close_screens(self) -> None:
        """Close every screen this menu opened (at sign-out or when the screen locks)."""
        for dialog in list(self.dialogs.values()):
            dialog.close()

    # -- the screens -----------------------------------------------------------
    def _makers(self) -> dict[str, Callable[[], QDialog]]:
        # The screens load when first opened, not with the window.
        from ui.account import MyAccountDialog
        from ui.alertspanel import AlertsPanel
        from ui.auditview import AuditView
        from ui.backupdialog import BackupDialog
        from ui.modelpage import ModelDialog
        from ui.users import UsersDialog

        w = self._window
        return {
            "users": lambda: UsersDialog(w.profile, w.tasks, w),
            "audit": lambda: AuditView(w.profile, w.tasks, w),
            "alerts": lambda: AlertsPanel(w.profile, w.tasks, w),
            "backup": lambda: BackupDialog(w.profile, w.tasks, w),
            "models": lambda: ModelDialog(w.profile, w.tasks, w),
            "overrides": lambda: self._overrides_report(),
            "dashboard": lambda: self._dashboard(),
            "account": lambda: MyAccountDialog(w.profile, w.tasks, w),
        }

    def _dashboard(self) -> QDialog:
        from ui.dashboard import Dashboard  # its charts and services load when first opened

        w = self._window
        return Dashboard(w.profile, w.tasks, w)

    def _overrides_report(self) -> QDialog:
        from ui.overrides import OverridesReport

        w = self._window
        report = OverridesReport(w.profile, w.tasks, w)
        report.case_was_chosen.connect(w.case_list.select_case)
        return report

    def open_screen(self, key: str) -> QDialog | None:
        """Open the screen ``key`` (or bring it forward); None if the roles do not allow it."""
        if not self.allows(key):
            return None
        dialog = self.dialogs.get(key)
        if dialog is None:
            dialog = self._makers()[key]()
            dialog.finished.connect(lambda _result: self._forget(key))
            self.dialogs[key] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _forget(self, key: str) -> None:
        dialog = self.dialogs.pop(key, None)
        if dialog is not None:
            dialog.deleteLater()

    # -- events ----------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window:
            kind = event.type()
            if kind == QEvent.Type.LanguageChange:
                self.retranslate()
            elif kind in (QEvent.Type.Show, QEvent.Type.WindowActivate):
                self.refresh()
        return False

    def retranslate(self) -> None:
        words = {
            "users": QCoreApplication.translate("AdminMenu", "&Users…"),
            "audit": QCoreApplication.translate("AdminMenu", "&Audit log…"),
            "alerts": QCoreApplication.translate("AdminMenu", "A&lerts…"),
            "models": QCoreApplication.translate("AdminMenu", "Risk &models…"),
            "overrides": QCoreApplication.translate("AdminMenu", "Risk grade &overrides…"),
            "dashboard": QCoreApplication.translate("AdminMenu", "Branch &dashboard…"),
            "backup": QCoreApplication.translate("AdminMenu", "&Backup and security settings…"),
            "account": QCoreApplication.translate("AdminMenu", "My &account…"),
        }
        for key, action in self.actions.items():
            action.setText(words[key])
        self.menu.setTitle(QCoreApplication.translate("AdminMenu", "&Administration"))


def install(window: MainWindow) -> AdminMenu:
    """Add the administration actions the signed-in user's roles allow to ``window``.

    Calling it again returns the menu already installed.
    """
    existing = window.findChild(AdminMenu, "admin-menu")
    if isinstance(existing, AdminMenu):
        existing.refresh()
        return existing
    return AdminMenu(window)
