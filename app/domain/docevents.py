"""The events of document intake and what they make of a case's documents.

DocumentAttached stores the file (a content-addressed blob); FieldsExtracted
records what the reader made of it (engine version, confidences, where each
value sits on its page); FieldsConfirmed records what a person settled on and
which values they changed.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, field_validator

from ocr.fields import FIELDS
from ocr.types import DocKind

_SHA = r"^[0-9a-f]{64}$"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
FIELD_NAMES = frozenset(name for names in FIELDS.values() for name in names)
Source = Literal["import", "drop", "scan", "folder"]


def _four_places(value: float) -> str:
    return f"{value:.4f}"


# Events hold no floats (they have no canonical form): these travel as decimal
# text with four places and read back as floats.
Fraction = Annotated[float, Field(ge=0, le=1), PlainSerializer(_four_places, return_type=str)]
Degrees = Annotated[float, Field(ge=-360, le=360), PlainSerializer(_four_places, return_type=str)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


def _document_id(value: str) -> str:
    if not _UUID.fullmatch(value):
        raise ValueError("must be a lower-case UUIDv7")
    return value


def _known_field(value: str) -> str:
    if value not in FIELD_NAMES:
        raise ValueError(f"{value[:40]!r} is not a document field")
    return value


class DocumentAttached(_Model):
    document_id: str
    name: str = Field(min_length=1, max_length=255)
    media_type: str = Field(pattern=r"^(application/pdf|image/(png|jpeg|tiff|bmp))$")
    sha256: str = Field(pattern=_SHA)
    size: int = Field(ge=1)
    pages: int = Field(ge=1, le=1000)
    source: Source

    _id = field_validator("document_id")(_document_id)


class FieldProblemRecord(_Model):
    code: str = Field(max_length=40)
    message: str = Field(max_length=300)


class ExtractedField(_Model):
    name: str
    value: str = Field(max_length=500)
    confidence: Fraction
    page: int | None = Field(default=None, ge=0)
    #: left, top, width, height as fractions of the page
    box: tuple[Fraction, Fraction, Fraction, Fraction] | None = None
    problems: tuple[FieldProblemRecord, ...] = ()

    _name = field_validator("name")(_known_field)


class PageRead(_Model):
    """One page as read: its picture and its words are blobs, boxes are page fractions."""

    image: str = Field(pattern=_SHA)
    words: str = Field(pattern=_SHA)
    source: Literal["ocr", "text_layer"]
    rotation: int = Field(ge=0, lt=360)
    skew: Degrees
    confidence: Fraction


class MonthRecord(_Model):
    month: str = Field(pattern=r"^\d{4}-\d{2}$")
    inflow: str
    outflow: str
    average_balance: str
    salary: str


class FieldsExtracted(_Model):
    document_id: str
    engine: str = Field(max_length=60)
    kind: DocKind
    kind_confidence: Fraction
    pages: tuple[PageRead, ...] = Field(min_length=1, max_length=1000)
    fields: tuple[ExtractedField, ...] = Field(max_length=100)
    months: tuple[MonthRecord, ...] = Field(default=(), max_length=36)

    _id = field_validator("document_id")(_document_id)


class FieldChange(_Model):
    name: str
    before: str = Field(max_length=500)
    after: str = Field(max_length=500)

    _name = field_validator("name")(_known_field)


class FieldsConfirmed(_Model):
    document_id: str
    kind: DocKind
    #: every field's value as the person settled it
    values: dict[str, str]
    #: the values they changed from what was read
    changes: tuple[FieldChange, ...] = ()

    _id = field_validator("document_id")(_document_id)

    @field_validator("values")
    @classmethod
    def _known(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            _known_field(name)
            if len(text) > 500:
                raise ValueError(f"{name}: at most 500 characters")
        return value


class DocumentRemoved(_Model):
    """A document taken off the case (the wrong file, another applicant's paper).

    Its file stays in the database for the record; the case no longer counts it.
    """

    document_id: str
    reason: str = Field(min_length=1, max_length=300)

    _id = field_validator("document_id")(_document_id)


class DocumentState(_Model):
    """One document of a case as its events left it."""

    document_id: str
    name: str
    media_type: str
    sha256: str
    size: int
    page_count: int
    source: str
    attached_at: str
    attached_by: str
    status: Literal["attached", "read", "confirmed"] = "attached"
    kind: DocKind | None = None
    kind_confidence: Fraction = 0.0
    engine: str | None = None
    pages: tuple[PageRead, ...] = ()
    fields: tuple[ExtractedField, ...] = ()
    months: tuple[MonthRecord, ...] = ()
    confirmed: dict[str, str] = Field(default_factory=dict)
    confirmed_by: str | None = None
    confirmed_at: str | None = None

    def values(self) -> dict[str, str]:
        """The confirmed values once confirmed, else the values as read."""
        if self.status == "confirmed":
            return dict(self.confirmed)
        return {f.name: f.value for f in self.fields if f.value}


def attach(docs: dict[str, DocumentState], payload: dict[str, Any], *, at: str, actor: str) -> None:
    event = DocumentAttached.model_validate(payload)
    docs[event.document_id] = DocumentState(
        document_id=event.document_id,
        name=event.name,
        media_type=event.media_type,
        sha256=event.sha256,
        size=event.size,
        page_count=event.pages,
        source=event.source,
        attached_at=at,
        attached_by=actor,
    )


def removed(docs: dict[str, DocumentState], payload: dict[str, Any]) -> None:
    event = DocumentRemoved.model_validate(payload)
    _on_case(docs, event.document_id, "a removal")
    del docs[event.document_id]


def _on_case(docs: dict[str, DocumentState], document_id: str, what: str) -> DocumentState:
    doc = docs.get(document_id)
    if doc is None:
        raise ValueError(f"{what} for a document not on the case: {document_id}")
    return doc


def extracted(docs: dict[str, DocumentState], payload: dict[str, Any]) -> None:
    event = FieldsExtracted.model_validate(payload)
    doc = _on_case(docs, event.document_id, "fields read")
    # A new reading replaces the old one, and a person must confirm again.
    docs[event.document_id] = doc.model_copy(
        update={
            "status": "read",
            "kind": event.kind,
            "kind_confidence": event.kind_confidence,
            "engine": event.engine,
            "pages": event.pages,
            "fields": event.fields,
            "months": event.months,
            "confirmed": {},
            "confirmed_by": None,
            "confirmed_at": None,
        }
    )


def confirmed(
    docs: dict[str, DocumentState], payload: dict[str, Any], *, at: str, actor: str
) -> None:
    event = FieldsConfirmed.model_validate(payload)
    doc = _on_case(docs, event.document_id, "fields confirmed")
    docs[event.document_id] = doc.model_copy(
        update={
            "status": "confirmed",
            "kind": event.kind,
            "confirmed": dict(event.values),
            "confirmed_by": actor,
            "confirmed_at": at,
        }
    )


def blob_refs(event_type: str, payload: dict[str, Any]) -> list[tuple[str, str]]:
    """The blobs an event names, each as (sha256, media type): what a desk must fetch."""
    if event_type == "DocumentAttached":
        return [(str(payload["sha256"]), str(payload["media_type"]))]
    if event_type == "FieldsExtracted":
        refs: list[tuple[str, str]] = []
        for page in payload["pages"]:
            refs += [(str(page["image"]), "image/jpeg"), (str(page["words"]), "application/json")]
        return refs
    if event_type == "DecisionSigned" and payload.get("signature_image"):
        return [(str(payload["signature_image"]), "image/png")]
    return []
