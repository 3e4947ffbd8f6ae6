"""One editor per applicant field: its input, live validation and its message.

Each value is checked as it is typed with the domain's own rules
(``clean_patch`` on that one field), so the screen and the service agree on
what is valid. Inputs refuse a paste longer than the field takes before the
text reaches the widget: a 10 MB paste must not cost 10 MB of layout.

A personal number of a stored case is shown masked and read-only until the
user reveals it; the editor then never holds the whole number, only its mask.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import (
    QClipboard,
    QContextMenuEvent,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.applicant import FieldSpec, Kind, clean_patch
from app.domain.masking import MASKED_FIELDS, mask_field
from app.errors import InvalidInput
from ui import texts
from ui.notices import ERROR_COLOUR

DEFAULT_CURRENCY = "CNY"
# How many characters a non-text field can sensibly hold (the longest is an
# international phone number with spaces); a little slack lets the domain,
# not the widget, say what is wrong.
_SHORT_LIMIT = 40


def input_limit(spec: FieldSpec) -> int:
    return spec.max_len if spec.kind is Kind.TEXT else _SHORT_LIMIT


class BoundedLineEdit(QLineEdit):
    """A line edit that refuses an insert longer than ``limit`` rather than cutting it."""

    paste_was_refused = Signal(int)

    def __init__(self, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit
        # Typing past the limit is shown as a problem; far past it is cut off
        # so no keystroke ever works on a huge string.
        self.setMaxLength(limit * 4)

    def guarded_insert(self, text: str) -> bool:
        """Insert ``text`` at the cursor unless it is too long; say which."""
        if len(text) > self.limit:
            self.paste_was_refused.emit(len(text))
            return False
        self.insert(text)
        return True

    def paste(self) -> None:
        self.guarded_insert(QGuiApplication.clipboard().text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        clipboard = QGuiApplication.clipboard()
        if event.button() == Qt.MouseButton.MiddleButton and clipboard.supportsSelection():
            self.guarded_insert(clipboard.text(QClipboard.Mode.Selection))
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        data = event.mimeData()
        if data is not None and len(data.text()) > self.limit:
            self.paste_was_refused.emit(len(data.text()))
            event.ignore()
            return
        super().dropEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() == "edit-paste":
                action.triggered.disconnect()
                action.triggered.connect(self.paste)
        menu.exec(event.globalPos())
        menu.deleteLater()


def _money_text(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    try:
        return f"{Decimal(str(value.get('amount'))):,}"
    except InvalidOperation:
        return str(value.get("amount"))


class FieldEditor(QWidget):
    """The input for one field with its problem message under it.

    ``label`` is made here but placed by the form, beside the editor.
    """

    value_did_change = Signal(str)
    reveal_was_asked = Signal(str)

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self._masked = False
        self._editable = True
        self._may_reveal = False
        self.setObjectName(f"field-{spec.name}")
        self.label = QLabel()
        self.message = QLabel()
        self.message.setObjectName(f"problem-{spec.name}")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message.hide()
        self.line: BoundedLineEdit | None = None
        self.combo: QComboBox | None = None
        self.currency: QLabel | None = None
        self.reveal_button: QToolButton | None = None
        self._problem: tuple[str, str] | None = None
        self._build()
        self.label.setBuddy(self.input)
        self.retranslate()

    @property
    def input(self) -> QWidget:
        widget = self.combo if self.combo is not None else self.line
        assert widget is not None
        return widget

    def _build(self) -> None:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        if self.spec.kind is Kind.CHOICE:
            self.combo = QComboBox()
            self.combo.addItem("", None)
            for choice in self.spec.choices:
                self.combo.addItem(choice, choice)
            self.combo.currentIndexChanged.connect(self._on_edited)
            row.addWidget(self.combo, 1)
        else:
            self.line = BoundedLineEdit(input_limit(self.spec))
            self.line.setObjectName(f"input-{self.spec.name}")
            self.line.textEdited.connect(self._on_edited)
            self.line.paste_was_refused.connect(self._on_paste_was_refused)
            row.addWidget(self.line, 1)
        if self.spec.kind is Kind.MONEY:
            self.currency = QLabel(DEFAULT_CURRENCY)
            row.addWidget(self.currency)
        if self.spec.name in MASKED_FIELDS:
            self.reveal_button = QToolButton()
            self.reveal_button.setObjectName(f"reveal-{self.spec.name}")
            self.reveal_button.clicked.connect(lambda: self.reveal_was_asked.emit(self.spec.name))
            self.reveal_button.hide()
            row.addWidget(self.reveal_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.message)

    # -- value -------------------------------------------------------------
    def raw(self) -> Any:
        """What goes into a patch: the typed text as is, or None for blank.

        A masked field has no value to give; the form leaves it out of the patch.
        """
        if self._masked:
            raise ValueError(f"{self.spec.name} is masked; it has no value to save")
        if self.combo is not None:
            return self.combo.currentData()
        assert self.line is not None
        text = self.line.text()
        if not text.strip():
            return None
        if self.spec.kind is Kind.MONEY:
            return {"amount": text, "currency": DEFAULT_CURRENCY}
        return text

    def set_value(self, value: Any) -> None:
        """Show a stored value; clears any problem shown."""
        if self.combo is not None:
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(max(0, self.combo.findData(value)))
            self.combo.blockSignals(False)
        else:
            assert self.line is not None
            if self.spec.kind is Kind.MONEY:
                text = _money_text(value)
            else:
                text = "" if value is None else str(value)
            self.line.setText(text)
            self.line.setCursorPosition(0)
        self._masked = False
        self.set_problem(None)
        self._apply_access()

    def show_masked(self, value: object) -> None:
        """Show a stored personal number masked, read-only until it is revealed."""
        assert self.line is not None
        self.line.setText(str(mask_field(self.spec.name, value) or ""))
        self.line.setCursorPosition(0)
        self._masked = True
        self.set_problem(None)
        self._apply_access()

    @property
    def masked(self) -> bool:
        return self._masked

    # -- access ------------------------------------------------------------
    def set_access(self, *, editable: bool, may_reveal: bool) -> None:
        """Whether the user may change this value, and may reveal it when masked."""
        self._editable, self._may_reveal = editable, may_reveal
        self._apply_access()

    @property
    def editable(self) -> bool:
        return self._editable and not self._masked

    def _apply_access(self) -> None:
        read_only = not self.editable
        if self.line is not None and self.line.isReadOnly() != read_only:
            self.line.setReadOnly(read_only)
            # The form's style sheet greys read-only inputs; it is applied at polish time.
            self.line.style().unpolish(self.line)
            self.line.style().polish(self.line)
        if self.combo is not None:
            self.combo.setEnabled(not read_only)
        if self.reveal_button is not None:
            self.reveal_button.setVisible(self._masked and self._may_reveal)
        self._tell_access()

    def _tell_access(self) -> None:
        tip = ""
        if self._masked and self._may_reveal:
            tip = QCoreApplication.translate(
                "Fields",
                "Hidden for privacy. Reveal asks for your password again and records "
                "that you saw the whole number.",
            )
        elif self._masked:
            tip = QCoreApplication.translate(
                "Fields", "Hidden for privacy; your role does not include revealing it."
            )
        self.input.setToolTip(tip)

    # -- problems ----------------------------------------------------------
    @property
    def problem(self) -> str | None:
        return self.message.text() if self._problem is not None else None

    def set_problem(self, problem: tuple[str, str] | None) -> None:
        """Mark the field with ``(code, English message)``, or clear it."""
        self._problem = problem
        self.input.setProperty("invalid", problem is not None)
        self.input.style().unpolish(self.input)
        self.input.style().polish(self.input)
        self._show_problem()

    def _show_problem(self) -> None:
        if self._problem is None:
            self.message.clear()
            self.message.hide()
            return
        code, english = self._problem
        if code == "paste.length":
            self.message.setText(self._paste_refused_text(int(english)))
        else:
            self.message.setText(texts.problem_text(self.spec.name, code, english))
        self.message.show()

    def _paste_refused_text(self, length: int) -> str:
        return QCoreApplication.translate(
            "Fields",
            "The pasted text has {0} characters; this field takes at most {1}. Nothing was pasted.",
        ).format(f"{length:,}", f"{input_limit(self.spec):,}")

    def check(self) -> None:
        """Validate the current value alone with the domain's rules; show the outcome."""
        raw = self.raw()
        try:
            clean_patch({self.spec.name: raw}, current={}, today=date.today())
        except InvalidInput as exc:
            found = exc.problems.get(self.spec.name) or [next(iter(exc.problems.values()))[0]]
            self.set_problem(found[0])
            return
        self.set_problem(None)

    def _on_edited(self, *_args: object) -> None:
        self.check()
        self.value_did_change.emit(self.spec.name)

    def _on_paste_was_refused(self, length: int) -> None:
        self.set_problem(("paste.length", str(length)))

    # -- language ----------------------------------------------------------
    def retranslate(self) -> None:
        """Called by the form on a language change, so it can align labels after."""
        self.label.setText(texts.field_label(self.spec.name))
        if self.currency is not None:
            self.currency.setText(texts.currency_word(DEFAULT_CURRENCY))
        if self.combo is not None:
            self.combo.setItemText(0, QCoreApplication.translate("Fields", "(choose)"))
            for index in range(1, self.combo.count()):
                code = str(self.combo.itemData(index))
                self.combo.setItemText(index, texts.choice_label(self.spec.name, code))
        if self.line is not None and self.spec.kind is Kind.DATE:
            self.line.setPlaceholderText(QCoreApplication.translate("Fields", "YYYY-MM-DD"))
        if self.reveal_button is not None:
            self.reveal_button.setText(QCoreApplication.translate("Fields", "Reveal"))
        self._tell_access()
        self._show_problem()
