"""One conflicted field as a choice: every competing value, who set it, when, or another.

Numbers that identify people stay masked, but two different ones never look
alike (``distinct_masks``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
)

from app.domain import canonical
from app.domain.applicant import FIELD_BY_NAME, FIELDS
from app.domain.case import CaseState, Claim
from app.domain.masking import mask, masked_kind
from app.services.cases import CaseService
from ui import texts
from ui.fields import FieldEditor
from ui.operations import Operations

#: the form's order of the fields, for listing conflicted ones
FIELD_ORDER = {spec.name: i for i, spec in enumerate(FIELDS)}


def in_form_order(names: Iterable[str]) -> list[str]:
    """Field names in the order the form shows them."""
    return sorted(names, key=lambda n: FIELD_ORDER.get(n, len(FIELD_ORDER)))


WARNING_COLOUR, WARNING_BACKGROUND = "#7a4f00", "#fff4d6"


def distinct_masks(field: str, values: Sequence[object]) -> list[str]:
    """``values`` masked as every screen masks them, plus the fewest hidden digits that
    tell them apart.

    Two ID numbers that differ by a mistyped birth-date digit mask the same way,
    so a person could not choose between them. For each pair that still looks
    alike, the first position where they differ is shown, in all the values at
    once: one more digit for two values, and exactly the digits to check
    against the paper. The rest stays hidden; the whole number needs a reveal.
    """
    kind = masked_kind(field)
    plain = ["" if v is None else str(v).strip() for v in values]
    if kind is None:
        return plain
    extra: set[int] = set()

    def shown(text: str) -> str:
        hidden = mask(text, kind) if text else ""
        return "".join(text[i] if i in extra else c for i, c in enumerate(hidden))

    for i, first in enumerate(plain):
        for second in plain[i + 1 :]:
            if first != second and shown(first) == shown(second):
                extra.add(
                    next(p for p, (a, b) in enumerate(zip(first, second, strict=True)) if a != b)
                )
    return [shown(text) for text in plain]


@dataclass(frozen=True)
class ConflictTools:
    """What the conflict screens need from the window, and what the user may do there."""

    cases: CaseService
    ops: Operations
    user_names: Callable[[], dict[str, str]]
    may_resolve: bool = True
    may_reveal: bool = True


@dataclass(frozen=True)
class _Option:
    value: Any
    claims: tuple[Claim, ...]


def _options(claims: Sequence[Claim]) -> list[_Option]:
    """One option per distinct value, in the order the values came, with everyone who set it."""
    found: dict[bytes, list[Claim]] = {}
    for claim in claims:
        found.setdefault(canonical.encode(claim.value), []).append(claim)
    return [_Option(same[0].value, tuple(same)) for same in found.values()]


def _who(option: _Option, names: Mapping[str, str], standing: bool) -> str:
    setters = "; ".join(
        QCoreApplication.translate("Conflicts", "{0}, {1}").format(
            names.get(c.actor)
            or QCoreApplication.translate("Conflicts", "unknown user {0}").format(c.actor[:8]),
            texts.format_time(c.at),
        )
        for c in option.claims
    )
    text = QCoreApplication.translate("Conflicts", "Set by {0}").format(setters)
    return (
        text + QCoreApplication.translate("Conflicts", " · now on the case") if standing else text
    )


class FieldChoice(QGroupBox):
    """One conflicted field: a radio button per competing value, or another value typed."""

    choice_did_change = Signal()

    def __init__(
        self, name: str, state: CaseState, names: Mapping[str, str], tools: ConflictTools
    ) -> None:
        super().__init__()
        self.name, self._names = name, names
        self.setObjectName(f"conflict-{name}")
        self.options = _options(state.conflicts[name])
        self._standing = state.fields.get(name)
        self._full: dict[int, str] = {}
        self.group = QButtonGroup(self)
        self.radios: list[QRadioButton] = []
        self.whos: list[QLabel] = []
        self.other = QRadioButton()
        self.other.setObjectName(f"choice-{name}-other")
        self.editor = FieldEditor(FIELD_BY_NAME[name])
        self.editor.label.setParent(self)  # the radio button names it; this label stays hidden
        self.editor.label.hide()
        self.editor.set_access(editable=tools.may_resolve, may_reveal=False)
        self.editor.value_did_change.connect(self._on_typed)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.reveal_button = QPushButton()
        self.reveal_button.setObjectName(f"reveal-{name}")
        masked = masked_kind(name) is not None
        self._lay_out(QGridLayout(self), masked)
        # Only once laid out: a widget without a parent would show as a window of its own.
        self.note.setVisible(masked)
        self.reveal_button.setVisible(masked and tools.may_reveal)
        self.group.idToggled.connect(lambda _id, _on: self.choice_did_change.emit())
        for radio in (*self.radios, self.other):
            radio.setEnabled(tools.may_resolve)
        self.retranslate()

    def _lay_out(self, grid: QGridLayout, masked: bool) -> None:
        """A row per competing value (the value, then who set it), the other value, the note."""
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for row in range(len(self.options)):
            radio, who = QRadioButton(), QLabel()
            radio.setObjectName(f"choice-{self.name}-{row}")
            if masked:
                radio.setFont(fixed)  # the digits shown line up from value to value
            who.setStyleSheet("color: #5f6368;")
            self.group.addButton(radio, row)
            grid.addWidget(radio, row, 0)
            grid.addWidget(who, row, 1)
            self.radios.append(radio)
            self.whos.append(who)
        last = len(self.options)
        self.group.addButton(self.other, last)
        grid.addWidget(self.other, last, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.editor, last, 1)
        grid.setColumnStretch(1, 1)
        below = QHBoxLayout()
        below.addWidget(self.note, 1)
        below.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(below, last + 1, 0, 1, 2)

    def _on_typed(self, _name: str) -> None:
        self.other.setChecked(True)
        self.choice_did_change.emit()

    # -- the choice ------------------------------------------------------------
    @property
    def picked(self) -> bool:
        """A competing value is chosen, or another value is typed in."""
        if self.other.isChecked():
            return self.editor.raw() is not None
        return self.group.checkedButton() is not None

    def value(self) -> Any:
        """The value chosen: a competing one as stored, or the typed one (the service checks it)."""
        if self.other.isChecked():
            return self.editor.raw()
        return self.options[self.group.checkedId()].value

    def choice(self) -> tuple[bytes | None, Any]:
        """What the person chose, to put back after the case is loaded again."""
        typed = self.editor.raw()
        if self.other.isChecked() or self.group.checkedButton() is None:
            return None, typed
        return canonical.encode(self.options[self.group.checkedId()].value), typed

    def restore(self, chosen: bytes | None, typed: Any) -> None:
        if typed is not None:
            self.editor.set_value(typed)
            self.editor.check()
        for row, option in enumerate(self.options):
            if chosen is not None and canonical.encode(option.value) == chosen:
                self.radios[row].setChecked(True)
                return
        if chosen is None and typed is not None:
            self.other.setChecked(True)

    # -- masked numbers --------------------------------------------------------
    def show_full(self, value: str | None) -> None:
        """The value now on the case, revealed: shown whole on its own option."""
        for row, option in enumerate(self.options):
            if value is not None and option.value == value:
                self._full[row] = value
        self.retranslate()

    def conceal(self) -> None:
        if self._full:
            self._full.clear()
            self.retranslate()

    # -- language --------------------------------------------------------------
    def retranslate(self) -> None:
        label = texts.field_label(self.name)
        self.setTitle(label)
        if masked_kind(self.name) is not None:
            shown = distinct_masks(self.name, [o.value for o in self.options])
        else:
            shown = [texts.format_value(self.name, o.value) for o in self.options]
        for row, option in enumerate(self.options):
            text = self._full.get(row) or shown[row] or texts.format_value(self.name, None)
            who = _who(option, self._names, option.value == self._standing)
            self.radios[row].setText(text)
            self.whos[row].setText(who)
            self.radios[row].setAccessibleName(
                QCoreApplication.translate("Conflicts", "{0}: {1}. {2}").format(label, text, who)
            )
        self.other.setText(QCoreApplication.translate("Conflicts", "Other value:"))
        self.other.setAccessibleName(
            QCoreApplication.translate("Conflicts", "{0}: another value").format(label)
        )
        self.editor.input.setAccessibleName(
            QCoreApplication.translate("Conflicts", "Other value for {0}").format(label)
        )
        self.editor.retranslate()
        self.note.setText(
            QCoreApplication.translate(
                "Conflicts",
                "Hidden digits are shown only where the numbers differ: check those against "
                "the document.",
            )
        )
        self.reveal_button.setText(QCoreApplication.translate("Conflicts", "Reveal…"))
        self.reveal_button.setToolTip(
            QCoreApplication.translate(
                "Conflicts",
                "Show the value now on the case in full. Asks for your password again and "
                "records that you saw the whole number.",
            )
        )
