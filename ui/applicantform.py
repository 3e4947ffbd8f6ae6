"""The applicant and loan request form: every field of the case, grouped."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QVBoxLayout, QWidget

from app.domain.applicant import FIELDS, Group
from ui import texts
from ui.fields import FieldEditor
from ui.notices import ERROR_COLOUR

# One rule for every marked input, so a field looks the same wherever it is.
_STYLE = f"""
QLineEdit[invalid="true"], QComboBox[invalid="true"] {{
    border: 1px solid {ERROR_COLOUR};
    border-radius: 2px;
    padding: 2px;
    background: #fff8f7;
}}
QLineEdit[readOnly="true"] {{
    background: palette(window);
}}
QComboBox:disabled {{
    color: palette(window-text);
}}
"""


class ApplicantForm(QWidget):
    """Edits a patch; knows nothing of saving, which the case view does."""

    form_did_change = Signal()
    #: (field) the user asked to see a masked number in full
    reveal_was_asked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_STYLE)
        self.editors: dict[str, FieldEditor] = {}
        self._boxes: dict[Group, QGroupBox] = {}
        self._dirty = False
        self._edited: set[str] = set()
        #: what each field showed before its latest run of edits, newest last (Edit -> Undo)
        self._undo: list[tuple[str, Any]] = []
        #: each field's value as now shown, and as loaded
        self._shown: dict[str, Any] = {}
        self._loaded: dict[str, Any] = {}
        layout = QVBoxLayout(self)
        for group in Group:
            layout.addWidget(self._group_box(group))
        layout.addStretch(1)
        self.retranslate()

    def _group_box(self, group: Group) -> QGroupBox:
        box = QGroupBox()
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in (f for f in FIELDS if f.group is group):
            editor = FieldEditor(spec)
            editor.value_did_change.connect(self._on_value_did_change)
            editor.reveal_was_asked.connect(self.reveal_was_asked)
            form.addRow(editor.label, editor)
            self.editors[spec.name] = editor
        self._boxes[group] = box
        return box

    def editor(self, name: str) -> FieldEditor:
        return self.editors[name]

    @property
    def dirty(self) -> bool:
        """True when the user changed a value since the last load."""
        return self._dirty

    def load(self, fields: Mapping[str, Any], *, masked: Collection[str] = ()) -> None:
        """Show ``fields``; those named in ``masked`` that hold a value show masked."""
        for name, editor in self.editors.items():
            value = fields.get(name)
            if name in masked and value not in (None, ""):
                editor.show_masked(value)
            else:
                editor.set_value(value)
        self._dirty = False
        self._edited.clear()
        self._undo.clear()
        self._shown = {n: e.raw() for n, e in self.editors.items() if not e.masked}
        self._loaded = dict(self._shown)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> str | None:
        """Put back the field changed last as it was before; its name (None: nothing to undo)."""
        if not self._undo:
            return None
        name, value = self._undo.pop()
        editor = self.editors[name]
        editor.set_value(value)
        editor.check()
        self._shown[name] = value
        if value == self._loaded.get(name):
            self._edited.discard(name)
        self._dirty = bool(self._edited)
        editor.input.setFocus()
        self.form_did_change.emit()
        return name

    def load_keeping_typing(
        self, fields: Mapping[str, Any], *, masked: Collection[str] = ()
    ) -> None:
        """Show ``fields`` changed elsewhere, keeping what the user typed and has not saved."""
        typed = {
            name: self.editors[name].raw() for name in self._edited if not self.editors[name].masked
        }
        self.load(fields, masked=masked)
        for name, value in typed.items():
            self.editors[name].set_value(value)
            self._shown[name] = value
        if typed:
            self._dirty = True
            self._edited.update(typed)

    def set_access(self, *, editable: bool, may_reveal: bool) -> None:
        for editor in self.editors.values():
            editor.set_access(editable=editable, may_reveal=may_reveal)

    def reveal(self, name: str, value: Any) -> None:
        """Show one masked field in full (it becomes editable if the form is)."""
        self.editors[name].set_value(value)
        # what an undo puts back is the stored number, never a blank
        self._shown[name] = self._loaded[name] = self.editors[name].raw()

    def mask_again(self, name: str, value: Any) -> None:
        self.editors[name].show_masked(value)
        self._shown.pop(name, None)
        self._loaded.pop(name, None)
        self._undo = [(field, old) for field, old in self._undo if field != name]

    def masked_fields(self) -> list[str]:
        return [name for name, editor in self.editors.items() if editor.masked]

    def edited(self) -> frozenset[str]:
        """The fields the user changed since the last load."""
        return frozenset(self._edited)

    def patch(self) -> dict[str, Any]:
        """Every shown field's typed value (None for blank); the service keeps what changed.

        A masked field is left out: its stored value stays as it is.
        """
        return {name: editor.raw() for name, editor in self.editors.items() if not editor.masked}

    def is_blank(self) -> bool:
        return all(value is None for value in self.patch().values())

    def show_problems(self, problems: Mapping[str, list[tuple[str, str]]]) -> list[str]:
        """Mark each field named in ``problems``; return the fields marked."""
        marked = []
        for name, items in problems.items():
            editor = self.editors.get(name)
            if editor is not None and items:
                editor.set_problem(items[0])
                marked.append(name)
        return marked

    def fields_with_problems(self) -> list[str]:
        return [name for name, editor in self.editors.items() if editor.problem is not None]

    def focus_first_problem(self) -> None:
        for name in self.fields_with_problems():
            self.editors[name].input.setFocus()
            return

    def _on_value_did_change(self, name: str) -> None:
        editor = self.editors[name]
        if not editor.masked:
            # One undo step per run of edits of one field, as a person thinks of it.
            if not self._undo or self._undo[-1][0] != name:
                self._undo.append((name, self._shown.get(name)))
            self._shown[name] = editor.raw()
        self._dirty = True
        self._edited.add(name)
        self.form_did_change.emit()

    def retranslate(self) -> None:
        for group, box in self._boxes.items():
            box.setTitle(texts.group_label(group))
        for editor in self.editors.values():
            editor.retranslate()
        # Both groups' inputs start at one edge: labels take the widest label's width.
        width = max(editor.label.sizeHint().width() for editor in self.editors.values())
        for editor in self.editors.values():
            editor.label.setMinimumWidth(width)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
