"""The dialog that adds a user or changes one's name, roles and approval limits.

Every change asks for the administrator's own password at the moment it is
saved and runs on the write lane.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation

from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.applicant import PRODUCTS
from app.domain.events import ApprovalLimit, UserAdded
from app.domain.roles import Role
from app.errors import InvalidInput, UserError
from app.security.passwords import WeakPassword
from app.services.accounts import AccountService, UserRow
from app.services.authority import tier_names
from ui import texts
from ui.accounttexts import error_text, first_problems, problem_text, role_duty
from ui.forms import answer_buttons
from ui.notices import problem_label, show_text
from ui.passwords import NewPassword, confirm_with_password
from ui.taskman import TaskManager
from ui.texts import ROLE_ORDER, role_label

GRADES = ("A", "B", "C", "D", "E")
CURRENCY = "CNY"
# Fields checked here before the service is asked, and the code of their rule.
_RULES = {"username": "user.username", "display_name": "user.display_name", "roles": "user.roles"}


def broken_names(username: str, display_name: str) -> set[str]:
    """Which of the two names the domain's own rules refuse."""
    try:
        UserAdded(user_id="-", username=username, display_name=display_name, roles=[Role.OFFICER])
    except ValidationError as exc:
        return {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
    return set()


def _fixed_item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    return item


class LimitsTable(QTableWidget):
    """A supervisor's approval limits: per product, the largest amount and worst grade."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(len(PRODUCTS), 3, parent)
        self.setObjectName("limits")
        self.amounts: dict[str, QLineEdit] = {}
        self.grades: dict[str, QComboBox] = {}
        for row, product in enumerate(PRODUCTS):
            amount = QLineEdit()
            amount.setObjectName(f"limit-{product}")
            amount.setMaxLength(20)
            amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grade = QComboBox()
            grade.addItems(GRADES)
            grade.setCurrentText("C")
            self.amounts[product], self.grades[product] = amount, grade
            self.setCellWidget(row, 1, amount)
            self.setCellWidget(row, 2, grade)
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.setFixedHeight(self.verticalHeader().length() + header.sizeHint().height() + 4)

    def set_limits(self, limits: Sequence[ApprovalLimit]) -> None:
        by_product = {limit.product: limit for limit in limits}
        for product in PRODUCTS:
            limit = by_product.get(product)
            self.amounts[product].setText("" if limit is None else f"{limit.max_amount:f}")
            self.grades[product].setCurrentText("C" if limit is None else limit.worst_grade)

    def limits(self) -> list[ApprovalLimit]:
        """The limits typed; a product left empty has none. ``ValueError`` says which row."""
        out = []
        for product in PRODUCTS:
            text = self.amounts[product].text().strip().replace(",", "")
            if not text:
                continue
            try:
                amount = Decimal(text)
                out.append(
                    ApprovalLimit(
                        product=product,
                        max_amount=amount,
                        currency=CURRENCY,
                        worst_grade=self.grades[product].currentText(),
                    )
                )
            except (InvalidOperation, ValidationError):
                raise ValueError(
                    QCoreApplication.translate(
                        "Users", "{0}: write an amount in CNY, at most two decimals, not negative."
                    ).format(texts.product_label(product))
                ) from None
        return out

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("Users", "Product"),
                QCoreApplication.translate("Users", "Largest amount (CNY)"),
                QCoreApplication.translate("Users", "Worst grade"),
            ]
        )
        for row, product in enumerate(PRODUCTS):
            self.setItem(row, 0, _fixed_item(texts.product_label(product)))
            self.amounts[product].setPlaceholderText(
                QCoreApplication.translate("Users", "empty: the limits of their tier")
            )


class UserEditor(QDialog):
    """Add a user, or change one's name, roles and approval limits."""

    def __init__(
        self,
        service: AccountService,
        tasks: TaskManager,
        user: UserRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("user-editor")
        self._service, self._tasks, self.user = service, tasks, user
        self.username = QLineEdit(user.username if user else "")
        self.username.setObjectName("username")
        self.username.setMaxLength(32)
        self.username.setReadOnly(user is not None)
        self.display_name = QLineEdit(user.display_name if user else "")
        self.display_name.setObjectName("display-name")
        self.display_name.setMaxLength(100)
        self.roles = {role: QCheckBox() for role in ROLE_ORDER}
        self.duties = {role: QLabel() for role in ROLE_ORDER}
        for role, box in self.roles.items():
            box.setObjectName(f"role-{role.value}")
            box.setChecked(user is not None and role in user.roles)
        self.limits = LimitsTable()
        self.limits.set_limits(user.limits if user else ())
        self.limits_hint = QLabel()
        self.limits_hint.setWordWrap(True)
        self.tier = QComboBox()
        self.tier.setObjectName("tier")
        for name in tier_names():
            self.tier.addItem(name, name)
        if user is not None and user.tier:
            self.tier.setCurrentIndex(max(0, self.tier.findData(user.tier)))
        self.tier_label = QLabel()
        self.tier_label.setBuddy(self.tier)
        self.limits_group = QGroupBox()
        self.password = NewPassword("user-password", self)
        self.problems = {
            name: problem_label(f"problem-{name}")
            for name in ("username", "display_name", "roles", "limits", "user")
        }
        self.buttons = answer_buttons(self, self._on_save, QDialogButtonBox.StandardButton.Save)
        self.roles[ROLE_ORDER[1]].toggled.connect(self._on_supervisor_toggled)
        self.username.textChanged.connect(self._on_names_changed)
        self.display_name.textChanged.connect(self._on_names_changed)
        self._lay_out()
        self._on_supervisor_toggled(self.roles[ROLE_ORDER[1]].isChecked())
        self._on_names_changed()
        self.retranslate()

    def _lay_out(self) -> None:
        form = QFormLayout()
        self.username_label, self.display_name_label = QLabel(), QLabel()
        self.roles_label, self.password_group = QLabel(), QGroupBox()
        form.addRow(self.username_label, self.username)
        form.addRow("", self.problems["username"])
        form.addRow(self.display_name_label, self.display_name)
        form.addRow("", self.problems["display_name"])
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        for row, role in enumerate(ROLE_ORDER):
            self.duties[role].setStyleSheet("color: palette(placeholder-text);")
            grid.addWidget(self.roles[role], row, 0)
            grid.addWidget(self.duties[role], row, 1)
        grid.setColumnStretch(1, 1)
        form.addRow(self.roles_label, grid)
        form.addRow("", self.problems["roles"])
        limits = QVBoxLayout(self.limits_group)
        tier_row = QHBoxLayout()
        tier_row.addWidget(self.tier_label)
        tier_row.addWidget(self.tier, 1)
        limits.addLayout(tier_row)
        limits.addWidget(self.limits_hint)
        limits.addWidget(self.limits)
        limits.addWidget(self.problems["limits"])
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.limits_group)
        if self.user is None:
            password_form = QFormLayout(self.password_group)
            self.password.add_to(password_form)
            layout.addWidget(self.password_group)
        layout.addWidget(self.problems["user"])
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(680)

    def _on_supervisor_toggled(self, checked: bool) -> None:
        self.limits_group.setEnabled(checked)

    def _on_names_changed(self) -> None:
        self.password.set_names(self.username.text().strip(), self.display_name.text().strip())

    # -- saving ----------------------------------------------------------------
    def _checked_roles(self) -> list[str]:
        return [role.value for role, box in self.roles.items() if box.isChecked()]

    def _check(self) -> tuple[dict[str, str], list[ApprovalLimit]]:
        """Problems found before asking the service, by field; and the limits typed."""
        username, name = self.username.text().strip(), self.display_name.text().strip()
        broken = broken_names(username, name)
        if not self._checked_roles():
            broken.add("roles")
        found = {field: problem_text(code, "") for field, code in _RULES.items() if field in broken}
        limits: list[ApprovalLimit] = []
        if self.limits_group.isEnabled():
            try:
                limits = self.limits.limits()
            except ValueError as exc:
                found["limits"] = str(exc)
        if self.user is None and not self.password.acceptable():
            found["password"] = self.password.judge()[0]
        return found, limits

    def _on_save(self) -> None:
        found, limits = self._check()
        self.show_problems(found)
        if found:
            return
        command = self._add(limits) if self.user is None else self._update(limits)
        if command is None:
            self.show_problems({"user": problem_text("user.no_change", "")})
            return
        confirm_with_password(
            self,
            self._tasks,
            QCoreApplication.translate("Users", "Confirm the change"),
            self._confirm_text(),
            command,
            lambda _user: self.accept(),
            self._on_refused,
        )

    def _confirm_text(self) -> str:
        name = self.display_name.text().strip()
        if self.user is None:
            return QCoreApplication.translate(
                "Users", "Add the user {0}: enter your own password to confirm."
            ).format(name)
        return QCoreApplication.translate(
            "Users", "Save the changes to {0}: enter your own password to confirm."
        ).format(name)

    def _add(self, limits: list[ApprovalLimit]) -> Callable[[str], UserRow]:
        username, name = self.username.text().strip(), self.display_name.text().strip()
        roles, password = self._checked_roles(), self.password.value()
        tier = self._tier()
        return lambda admin_password: self._service.add_user(
            username=username,
            display_name=name,
            roles=[r for r in ROLE_ORDER if r.value in roles],
            password=password,
            admin_password=admin_password,
            limits=limits,
            tier=tier,
        )

    def _update(self, limits: list[ApprovalLimit]) -> Callable[[str], UserRow] | None:
        user = self.user
        assert user is not None
        name = self.display_name.text().strip()
        roles = [r for r in ROLE_ORDER if r.value in self._checked_roles()]
        new_name = name if name != user.display_name else None
        new_roles = roles if set(roles) != set(user.roles) else None
        new_limits = limits if tuple(limits) != tuple(user.limits) else None
        tier = self._tier()
        new_tier = tier if tier is not None and tier != (user.tier or tier_names()[0]) else None
        if new_name is None and new_roles is None and new_limits is None and new_tier is None:
            return None
        return lambda admin_password: self._service.update_user(
            user.user_id,
            admin_password=admin_password,
            display_name=new_name,
            roles=new_roles,
            limits=new_limits,
            tier=new_tier,
        )

    def _tier(self) -> str | None:
        """The tier chosen; None where the user approves nothing."""
        if not self.limits_group.isEnabled():
            return None
        return str(self.tier.currentData())

    def _on_refused(self, exc: UserError) -> None:
        if isinstance(exc, WeakPassword):
            self.show_problems({"password": error_text(exc)})
        elif isinstance(exc, InvalidInput):
            found = first_problems(exc)
            self.show_problems({k if k in self.problems else "user": v for k, v in found.items()})
        else:
            self.show_problems({"user": error_text(exc)})

    def show_problems(self, found: dict[str, str]) -> None:
        for name, label in self.problems.items():
            show_text(label, found.get(name, ""))
        if "password" in found:
            self.password.show_problem(found["password"])

    def retranslate(self) -> None:
        self.setWindowTitle(
            QCoreApplication.translate("Users", "Add a user")
            if self.user is None
            else QCoreApplication.translate("Users", "Change a user")
        )
        self.username_label.setText(QCoreApplication.translate("Users", "User name"))
        self.username.setPlaceholderText(QCoreApplication.translate("Users", "e.g. li.wei"))
        self.display_name_label.setText(QCoreApplication.translate("Users", "Display name"))
        self.display_name.setPlaceholderText(QCoreApplication.translate("Users", "e.g. Li Wei"))
        self.roles_label.setText(QCoreApplication.translate("Users", "Roles"))
        for role in ROLE_ORDER:
            self.roles[role].setText(role_label(role))
            self.duties[role].setText(role_duty(role))
        self.limits_group.setTitle(
            QCoreApplication.translate("Users", "Approval limits (supervisors)")
        )
        self.tier_label.setText(QCoreApplication.translate("Users", "Signs as"))
        for i in range(self.tier.count()):
            self.tier.setItemText(i, texts.tier_label(str(self.tier.itemData(i))))
        self.limits_hint.setText(
            QCoreApplication.translate(
                "Users",
                "Limits of this person's own: the largest amount and the worst risk grade "
                "they may approve alone, per product. Leave a product empty to keep the "
                "limits of their tier.",
            )
        )
        self.limits.retranslate()
        self.password_group.setTitle(
            QCoreApplication.translate(
                "Users", "First password (they must change it at their first sign-in)"
            )
        )
        self.password.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
