"""Which fields of the application a confirmed document fills in, where they are still empty.

A value an officer typed is never replaced: the cross-checks compare the two
instead. Declared income is the applicant's own statement and is never
filled from the evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ocr.types import DocKind

#: per document kind, document field -> applicant-form field
FILLS: dict[DocKind, dict[str, str]] = {
    DocKind.ID_CARD_FRONT: {
        "full_name": "full_name",
        "id_number": "id_number",
        "date_of_birth": "date_of_birth",
        "address": "address",
    },
    DocKind.PASSPORT: {"full_name": "full_name", "date_of_birth": "date_of_birth"},
    DocKind.PAYSLIP: {"employer": "employer"},
}


def form_fill(
    kind: DocKind, confirmed: Mapping[str, str], form: Mapping[str, Any]
) -> dict[str, str]:
    """The form fields ``confirmed`` values may fill: those the form leaves empty."""
    return {
        form_name: confirmed[doc_name]
        for doc_name, form_name in FILLS.get(kind, {}).items()
        if confirmed.get(doc_name) and form.get(form_name) in (None, "")
    }
