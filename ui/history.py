"""A case's history told in plain words, oldest first, one line per event.

An event that changed several fields gets one line per field under it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from app.domain.applicant import FIELDS
from app.domain.events import EventType
from app.domain.history import FieldChange, HistoryEntry
from ui import doctexts, texts

_ORDER = {spec.name: i for i, spec in enumerate(FIELDS)}


def change_text(change: FieldChange, label: Callable[[str], str] = texts.field_label) -> str:
    return QCoreApplication.translate("History", "{0} from {1} to {2}").format(
        label(change.field),
        texts.format_value(change.field, change.old),
        texts.format_value(change.field, change.new),
    )


def _changes_text(entry: HistoryEntry) -> str:
    if entry.type is EventType.CONFLICT_RESOLVED:
        chosen = "; ".join(
            QCoreApplication.translate("History", "{0}: {1}").format(
                texts.field_label(change.field), texts.format_value(change.field, change.new)
            )
            for change in entry.changes
        )
        return QCoreApplication.translate("History", "resolved a conflict, choosing {0}").format(
            chosen
        )
    if len(entry.changes) == 1:
        return QCoreApplication.translate("History", "changed {0}").format(
            change_text(entry.changes[0])
        )
    if entry.type is EventType.LOAN_REQUEST_UPDATED:
        return QCoreApplication.translate(
            "History", "changed {0} fields of the loan request"
        ).format(len(entry.changes))
    return QCoreApplication.translate("History", "changed {0} fields of the applicant").format(
        len(entry.changes)
    )


_DOCUMENT_ACTIONS = {
    EventType.DOCUMENT_ATTACHED: lambda: QCoreApplication.translate("History", "attached {0}"),
    EventType.FIELDS_EXTRACTED: lambda: QCoreApplication.translate("History", "had {0} read"),
    EventType.FIELDS_CONFIRMED: lambda: QCoreApplication.translate(
        "History", "confirmed the fields of {0}"
    ),
    EventType.DOCUMENT_REMOVED: lambda: QCoreApplication.translate("History", "removed {0}"),
}


def _document_text(entry: HistoryEntry) -> str:
    """``confirmed the fields of payslip.pdf: net pay 9,698.29 → 9,700.00``."""
    action = _DOCUMENT_ACTIONS[entry.type]().format(entry.text or "")
    if entry.changes:
        action += ": " + "; ".join(
            change_text(change, doctexts.field_label) for change in entry.changes
        )
    if entry.detail:
        action += ": " + entry.detail
    return action


def _risk_text(said: Mapping[str, Any]) -> str:
    """``scored the case with starter-…: grade C, PD 24.1 %, score 512``."""
    text = (
        QCoreApplication.translate(
            "History", "scored the case with {0}: grade {1}, PD {2}, score {3}"
        )
        if said["role"] == "champion"
        else QCoreApplication.translate(
            "History", "scored the case with the challenger {0}: grade {1}, PD {2}, score {3}"
        )
    )
    return text.format(
        said["model_id"],
        said["grade"],
        texts.format_percent(float(said["pd"])),
        f"{float(said['score']):.0f}",
    )


def _decision_text(kind: EventType, said: Mapping[str, Any]) -> str:
    """``approved and signed the case``, ``declined and signed the case: …``."""
    if kind is EventType.CASE_SUBMITTED:
        routes = {
            "approve": QCoreApplication.translate("History", "the rules propose approval"),
            "refer": QCoreApplication.translate("History", "the rules refer it to a supervisor"),
            "decline": QCoreApplication.translate("History", "the rules propose a decline"),
        }
        return QCoreApplication.translate("History", "submitted the case ({0})").format(
            routes.get(str(said.get("routing")), "")
        )
    if kind is EventType.REVIEW_STARTED:
        return QCoreApplication.translate("History", "took the case for review")
    if kind is EventType.CASE_ACCEPTED:
        return QCoreApplication.translate("History", "recorded that the applicant accepted")
    if kind is EventType.CASE_WITHDRAWN:
        return QCoreApplication.translate("History", "withdrew the case: {0}").format(
            said.get("reason", "")
        )
    decision = said.get("decision")
    if decision == "approve":
        if said.get("completes"):
            return QCoreApplication.translate("History", "approved and signed the case")
        return QCoreApplication.translate(
            "History", "signed the approval; a second signature must follow"
        )
    if decision == "decline":
        return QCoreApplication.translate("History", "declined and signed the case: {0}").format(
            "; ".join(str(r) for r in said.get("reasons", []))
        )
    return QCoreApplication.translate("History", "returned the case to the officer: {0}").format(
        said.get("note", "")
    )


def stage_label(stage: str) -> str:
    """The stage of the process an applicant's feedback is about."""
    labels = {
        "application": QCoreApplication.translate("History", "the application"),
        "decision": QCoreApplication.translate("History", "the decision"),
        "disbursement": QCoreApplication.translate("History", "the disbursement"),
    }
    return labels.get(stage, stage)


def _comment_text(entry: HistoryEntry, names: Mapping[str, str]) -> str:
    """``commented: …``, or ``commented, mentioning Li Na, Wang Wei: …``."""
    if not entry.mentions:
        return QCoreApplication.translate("History", "commented: {0}").format(entry.text or "")
    unknown = QCoreApplication.translate("History", "unknown user")
    named = QCoreApplication.translate("History", ", ").join(
        names.get(user_id, unknown) for user_id in entry.mentions
    )
    return QCoreApplication.translate("History", "commented, mentioning {0}: {1}").format(
        named, entry.text or ""
    )


def _feedback_text(said: Mapping[str, Any]) -> str:
    """``recorded the applicant's feedback on the decision: 4 of 5: quick and clear``."""
    text = QCoreApplication.translate(
        "History", "recorded the applicant's feedback on {0}: {1} of 5"
    ).format(stage_label(str(said.get("stage", ""))), said.get("rating", ""))
    if said.get("text"):
        text += ": " + str(said["text"])
    return text


def event_text(entry: HistoryEntry, actor: str, names: Mapping[str, str] | None = None) -> str:
    """``2026-11-28 20:48 · Branch Admin opened case LD-XXXX-000001``.

    ``names`` (user id to display name) names the colleagues a comment mentions.
    """
    if entry.type is EventType.CASE_OPENED:
        action = QCoreApplication.translate("History", "opened case {0}").format(
            entry.case_no or ""
        )
    elif entry.type in _DOCUMENT_ACTIONS:
        action = _document_text(entry)
    elif entry.changes:
        action = _changes_text(entry)
    elif entry.type is EventType.COMMENT_ADDED:
        action = _comment_text(entry, names or {})
    elif entry.feedback is not None:
        action = _feedback_text(entry.feedback)
    elif entry.type is EventType.RISK_ASSESSED and entry.risk is not None:
        action = _risk_text(entry.risk)
    elif entry.type is EventType.GRADE_OVERRIDDEN and entry.risk is not None:
        action = QCoreApplication.translate(
            "History", "overrode the grade from {0} to {1}: “{2}”"
        ).format(entry.risk["model_grade"], entry.risk["grade"], entry.text or "")
    elif entry.decision is not None:
        action = _decision_text(entry.type, entry.decision)
    else:
        action = QCoreApplication.translate("History", "recorded {0}").format(entry.type.value)
    return f"{texts.format_time(entry.at)} · {actor} {action}"


class HistoryView(QWidget):
    """Shows entries it is given; keeps them so a language switch can tell them again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Rich text rather than a tree: long values wrap instead of being cut
        # off, and an officer can select and copy what happened.
        self.text = QTextBrowser()
        self.text.setObjectName("history")
        self.text.setAccessibleName(QCoreApplication.translate("History", "The case's history"))
        self.text.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        self._entries: Sequence[HistoryEntry] = ()
        self._names: Mapping[str, str] = {}
        self._lines: list[str] = []

    def show_entries(self, entries: Sequence[HistoryEntry], names: Mapping[str, str]) -> None:
        self._entries, self._names = entries, names
        self._render()

    def clear(self) -> None:
        self.show_entries((), {})

    def lines(self) -> list[str]:
        """Every line shown, events and their field changes, top to bottom."""
        return list(self._lines)

    def _render(self) -> None:
        unknown = QCoreApplication.translate("History", "unknown user")
        self._lines = []
        blocks = []
        for entry in self._entries:
            headline = event_text(entry, self._names.get(entry.actor, unknown), self._names)
            details = []
            if len(entry.changes) > 1:
                ordered = sorted(entry.changes, key=lambda c: _ORDER.get(c.field, 99))
                details = [change_text(change) for change in ordered]
            self._lines += [headline, *details]
            items = "".join(f"<li>{escape(line)}</li>" for line in details)
            listed = f'<ul style="margin: 0">{items}</ul>' if items else ""
            blocks.append(f'<p style="margin: 0 0 4px 0">{escape(headline)}</p>{listed}')
        self.text.setHtml("".join(blocks))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.text.setAccessibleName(QCoreApplication.translate("History", "The case's history"))
            self._render()
        super().changeEvent(event)
