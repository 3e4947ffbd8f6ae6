"""The fields read from one document, to check and correct, coloured by how sure the reader was.

Colour is never the only cue: each field's note under it starts with a sign
(✓ sure, ⚠ check, ✗ problem, ✎ changed) and says the same in words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.docevents import DocumentState, ExtractedField, MonthRecord
from ocr.fields import FIELDS, OPTIONAL_FIELDS
from ocr.types import DocKind
from ui import doctexts
from ui.notices import ERROR_COLOUR

HIGH = 0.9
MEDIUM = 0.6
#: (border, text) per grade
COLOURS = {
    "high": ("#2e7d32", "#1b5e20"),
    "medium": ("#f9a825", "#7a4f00"),
    "low": (ERROR_COLOUR, ERROR_COLOUR),
    "edited": ("#5f6368", "#3c4043"),
    "absent": ("#9aa0a6", "#5f6368"),
}


def grade(field: ExtractedField | None) -> str:
    """``high`` (≥ 0.9), ``medium`` (0.6–0.9) or ``low`` (< 0.6, missing, or any problem)."""
    if field is None or field.problems or not field.value:
        return "low"
    if field.confidence >= HIGH:
        return "high"
    return "medium" if field.confidence >= MEDIUM else "low"


class _FieldLine(QLineEdit):
    did_focus = Signal()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.did_focus.emit()


class FieldRow:
    """One field: its label, the value to edit, and a note saying how it stands."""

    def __init__(self, name: str, read: ExtractedField | None, value: str) -> None:
        self.name = name
        self.read = read
        self.label = QLabel()
        self.line = _FieldLine(value)
        self.line.setObjectName(f"field-{name}")
        self.label.setBuddy(self.line)
        self.note = QLabel()
        self.note.setObjectName(f"note-{name}")
        self.note.setWordWrap(True)
        #: (code, message) of a value refused on confirming
        self.refusal: tuple[str, str] | None = None
        self.line.textEdited.connect(self._on_edited)
        self.show_state()

    @property
    def edited(self) -> bool:
        return self.line.text() != (self.read.value if self.read is not None else "")

    @property
    def grade(self) -> str:
        if self.refusal is not None:
            return "low"
        if self.edited:
            return "edited"
        # A statement with no salary paid in rightly has no salary credit.
        if self.read is None and self.name in OPTIONAL_FIELDS:
            return "absent"
        return grade(self.read)

    def problem(self) -> str | None:
        """The sentence shown under the field, if it has a problem."""
        if self.refusal is not None:
            return doctexts.problem_text(self.name, *self.refusal)
        if self.edited or self.read is None or not self.read.problems:
            return None
        first = self.read.problems[0]
        return doctexts.problem_text(self.name, first.code, first.message)

    def _on_edited(self, _text: str) -> None:
        self.refusal = None
        self.show_state()

    def show_state(self) -> None:
        border, text = COLOURS[self.grade]
        self.line.setStyleSheet(
            f"QLineEdit {{ border: 2px solid {border}; border-radius: 3px; padding: 3px 5px; }}"
        )
        self.note.setStyleSheet(f"color: {text};")
        self.note.setText(self._note_text())
        tip = self.problem() or ""
        self.line.setToolTip(tip)
        self.note.setToolTip(tip)
        self.label.setText(doctexts.field_label(self.name))

    def _note_text(self) -> str:
        problem = self.problem()
        if problem is not None:
            return "✗ " + problem
        if self.edited:
            return "✎ " + QCoreApplication.translate("FieldsPanel", "Changed by you")
        percent = round((self.read.confidence if self.read else 0) * 100)
        if self.grade == "high":
            return "✓ " + QCoreApplication.translate("FieldsPanel", "Read clearly ({0}%)").format(
                percent
            )
        if self.grade == "absent":
            return "– " + QCoreApplication.translate("FieldsPanel", "None on this document")
        if self.grade == "medium":
            return "⚠ " + QCoreApplication.translate(
                "FieldsPanel", "Check against the page ({0}%)"
            ).format(percent)
        return "✗ " + QCoreApplication.translate("FieldsPanel", "Not read; type it from the page")


class FieldsPanel(QWidget):
    """The kind, one line per field of that kind, and a bank statement's months."""

    #: (name) a field took the focus
    field_did_focus = Signal(str)
    #: (kind: DocKind) the user chose another kind
    kind_did_change = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind_label = QLabel()
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("kind")
        for kind in DocKind:
            self.kind_box.addItem("", kind.value)
        self.kind_label.setBuddy(self.kind_box)
        self.kind_box.activated.connect(self._on_kind_chosen)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(2)
        self.months_title = QLabel()
        self.months_title.setStyleSheet("font-weight: 600; margin-top: 8px;")
        self.months = QTableWidget(0, 5)
        self.months.setTabKeyNavigation(False)
        self.months.setObjectName("months")
        self.months.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.months.verticalHeader().hide()
        months_header = self.months.horizontalHeader()
        months_header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # "Average balance" is the longest title: its column is as wide as its title.
        months_header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self._lay_out()
        self._rows: dict[str, FieldRow] = {}
        self._doc: DocumentState | None = None
        self.retranslate()

    def _lay_out(self) -> None:
        top = QGridLayout()
        top.addWidget(self.kind_label, 0, 0)
        top.addWidget(self.kind_box, 0, 1)
        top.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(6)
        layout.addLayout(self.grid)
        layout.addWidget(self.months_title)
        layout.addWidget(self.months)
        layout.addStretch(1)

    # -- showing -----------------------------------------------------------------
    def show_document(self, doc: DocumentState) -> None:
        self._doc = doc
        kind = doc.kind or DocKind.OTHER
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind.value))
        values = doc.confirmed if doc.status == "confirmed" else {}
        self._build(kind, values)
        self._show_months(doc.months if kind is DocKind.BANK_STATEMENT else ())

    @property
    def kind(self) -> DocKind:
        return DocKind(self.kind_box.currentData() or DocKind.OTHER.value)

    def _on_kind_chosen(self, _index: int) -> None:
        typed = {name: row.line.text() for name, row in self._rows.items()}
        self._build(self.kind, typed)
        months = self._doc.months if self._doc is not None else ()
        self._show_months(months if self.kind is DocKind.BANK_STATEMENT else ())
        self.kind_did_change.emit(self.kind)

    def _build(self, kind: DocKind, values: Mapping[str, str]) -> None:
        """One row per field of ``kind``: ``values`` first, else the value read."""
        for row in self._rows.values():
            for widget in (row.label, row.line, row.note):
                widget.deleteLater()
        read = {f.name: f for f in self._doc.fields} if self._doc is not None else {}
        self._rows = {}
        for i, name in enumerate(FIELDS[kind]):
            found = read.get(name)
            value = values.get(name, found.value if found is not None else "")
            row = FieldRow(name, found, value)
            row.line.did_focus.connect(lambda n=name: self.field_did_focus.emit(n))
            self.grid.addWidget(row.label, 2 * i, 0, Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(row.line, 2 * i, 1)
            self.grid.addWidget(row.note, 2 * i + 1, 1)
            self._rows[name] = row

    def _show_months(self, months: Sequence[MonthRecord]) -> None:
        self.months.setRowCount(len(months))
        for r, month in enumerate(months):
            cells = (month.month, month.inflow, month.outflow, month.average_balance, month.salary)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.months.setItem(r, c, item)
        shown = bool(months)
        self.months_title.setVisible(shown)
        self.months.setVisible(shown)
        rows_height = len(months) * self.months.verticalHeader().defaultSectionSize()
        self.months.setFixedHeight(rows_height + self.months.horizontalHeader().height() + 4)

    # -- fields ------------------------------------------------------------------
    def names(self) -> list[str]:
        return list(self._rows)

    def row(self, name: str) -> FieldRow:
        return self._rows[name]

    def values(self) -> dict[str, str]:
        return {name: row.line.text().strip() for name, row in self._rows.items()}

    def focus_field(self, name: str) -> None:
        if name in self._rows:
            self._rows[name].line.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_editable(self, editable: bool) -> None:
        self.kind_box.setEnabled(editable)
        for row in self._rows.values():
            row.line.setReadOnly(not editable)

    def show_problems(self, problems: Mapping[str, Sequence[tuple[str, str]]]) -> list[str]:
        """Mark the refused fields; returns those marked, top first."""
        marked = []
        for name, row in self._rows.items():
            found = problems.get(name)
            row.refusal = (found[0][0], found[0][1]) if found else None
            row.show_state()
            if found:
                marked.append(name)
        if marked:
            self.focus_field(marked[0])
        return marked

    # -- language --------------------------------------------------------------
    def retranslate(self) -> None:
        self.kind_label.setText(QCoreApplication.translate("FieldsPanel", "Document kind"))
        for i in range(self.kind_box.count()):
            self.kind_box.setItemText(i, doctexts.kind_label(DocKind(self.kind_box.itemData(i))))
        self.months_title.setText(QCoreApplication.translate("FieldsPanel", "Months"))
        self.months.setHorizontalHeaderLabels(doctexts.month_headers())
        for row in self._rows.values():
            row.show_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
