"""A case's history names the document each intake event was about, in words."""

from __future__ import annotations

import pytest

from app.domain.events import EventType
from app.domain.history import FieldChange, HistoryEntry
from ui.history import event_text

AT = "2026-12-01T09:00:00.000Z"


@pytest.mark.usefixtures("qapp")
def test_a_confirmation_names_the_document_and_the_values_changed() -> None:
    entry = HistoryEntry(
        "e1",
        EventType.FIELDS_CONFIRMED,
        AT,
        "u1",
        text="payslip.pdf",
        changes=(FieldChange("net_pay", "9698.29", "9700.00"),),
    )
    said = event_text(entry, "Li Na")
    assert "Li Na confirmed the fields of payslip.pdf: " in said
    assert "9698.29" in said
    assert "9700.00" in said
    assert "fields of the applicant" not in said


@pytest.mark.usefixtures("qapp")
def test_a_removal_says_which_document_and_why() -> None:
    entry = HistoryEntry(
        "e2", EventType.DOCUMENT_REMOVED, AT, "u1", text="card.png", detail="wrong applicant"
    )
    assert event_text(entry, "Li Na").endswith("Li Na removed card.png: wrong applicant")
