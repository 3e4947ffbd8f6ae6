"""Document intake use cases: attach a file to a case, read it, confirm its fields.

Attaching checks the file before anything is written, so a bad file changes
nothing. Reading runs off the write lane and writes nothing; recording a
reading and confirming fields are commands that return what changed. Files,
page pictures and recognised words live only as blobs inside the encrypted
database.
"""

from __future__ import annotations

import io
import json
import stat
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from app.domain.applicant import clean_patch
from app.domain.case import CaseState
from app.domain.checklist import ChecklistItem, checklist
from app.domain.crosscheck import Finding, cross_checks
from app.domain.docevents import DocumentState
from app.domain.events import EventType
from app.domain.formfill import form_fill
from app.domain.ids import new_id
from app.domain.roles import Action, allowed
from app.domain.validation import FieldProblem, check_text
from app.errors import InvalidInput, NotFound, UserError
from app.services.changes import CaseOpChanges
from app.services.docdata import (
    applicant,
    checklist_config,
    clean_value,
    extracted_payload,
    facts,
    file_name,
    jpeg,
    words_blob,
)
from app.services.profile import Profile
from app.store.repo import Transaction
from ocr.errors import DocumentError, ReadCancelled
from ocr.types import Box, DocKind, Extraction, ReadOptions, TextSource, Word

if TYPE_CHECKING:
    from ocr.load import Document
    from ocr.pipeline import ReadPage

__all__ = [
    "DocumentRefused",
    "FolderImport",
    "IntakeService",
    "ReadCancelled",
    "Reading",
    "Refusal",
]

#: the reading code's own version, beside the engine's, in FieldsExtracted
READER_VERSION = "1"


class DocumentRefused(UserError):
    """A file that cannot be taken in; the message says why, in words."""


@dataclass(frozen=True)
class Reading:
    """What reading one document produced, not yet stored."""

    case_id: str
    document_id: str
    pages: tuple[ReadPage, ...]
    extraction: Extraction
    engine: str


@dataclass(frozen=True)
class Refusal:
    """A file the scan folder held that could not be taken in, and why."""

    name: str
    code: str
    message: str


@dataclass(frozen=True)
class FolderImport:
    attached: list[CaseOpChanges]
    #: refused files stay in the folder, renamed ``*.refused``
    refused: list[Refusal]


@dataclass(frozen=True)
class DocumentsOverview:
    documents: list[DocumentState]
    checklist: list[ChecklistItem]
    findings: list[Finding]


@dataclass(frozen=True)
class PageWords:
    width: int
    height: int
    words: tuple[Word, ...]


class IntakeService:
    def __init__(self, profile: Profile) -> None:
        self._profile = profile
        self._store = profile.store

    # -- commands ---------------------------------------------------------------
    def attach(
        self, case_id: str, data: bytes, name: str, *, source: str = "import"
    ) -> CaseOpChanges:
        """Store ``data`` on the case as a new document, after checking it can be read."""
        self._profile.require(Action.DOCUMENT_ATTACH)
        document = self.check(data, name)
        document_id = new_id()
        with self._store.writing() as tx:
            state = tx.case(case_id)
            if state is None:
                raise NotFound(f"There is no case {case_id}.")
            digest = tx.put_blob(data, document.media_type)
            self._profile.emit(
                tx,
                EventType.DOCUMENT_ATTACHED,
                {
                    "document_id": document_id,
                    "name": file_name(name),
                    "media_type": document.media_type,
                    "sha256": digest,
                    "size": len(data),
                    "pages": document.page_count,
                    "source": source,
                },
                case_id=case_id,
                parent=state.head,
            )
        return CaseOpChanges(
            case_ids=frozenset({case_id}), case_list=True, case_id=case_id, document_id=document_id
        )

    def import_folder(
        self, case_id: str, folder: Path, *, settle_seconds: float = 2.0
    ) -> FolderImport:
        """Attach the files a scanner left in ``folder``, then delete them there.

        A file still being written (changed in the last ``settle_seconds``),
        hidden or partial (``.part``, ``.tmp``) waits for the next call. A
        refused file stays where it is, renamed ``*.refused`` so it is not
        tried again, and is reported.
        """
        attached: list[CaseOpChanges] = []
        refused: list[Refusal] = []
        now = time.time()
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if not _ready(path, now, settle_seconds):
                continue
            data = path.read_bytes()
            try:
                attached.append(self.attach(case_id, data, path.name, source="folder"))
            except DocumentRefused as exc:
                refused.append(Refusal(path.name, exc.code, str(exc)))
                path.rename(path.with_name(path.name + ".refused"))
                continue
            # The file is safe in the encrypted database: no plain copy stays behind.
            path.unlink()
        return FolderImport(attached, refused)

    def check(self, data: bytes, name: str) -> Document:
        """The file opened, or DocumentRefused saying why it cannot be taken in."""
        # The readers (pdfplumber, PDFium, numpy) load on first use, not when the
        # main window starts: they cost about 0.15 s of start-up.
        from ocr.load import open_document

        try:
            return open_document(data, name=file_name(name))
        except DocumentError as exc:
            raise DocumentRefused(exc.message, code=exc.code) from None

    def read(
        self,
        case_id: str,
        document_id: str,
        *,
        workers: int = 1,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Reading:
        """Read a document's pages and pull out its fields; writes nothing."""
        from ocr.extract import extract
        from ocr.load import open_document
        from ocr.pipeline import read_document
        from ocr.tesseract import engine

        self._profile.require(Action.DOCUMENT_ATTACH)
        doc = self.document(case_id, document_id)
        data = self._store.blob(doc.sha256)
        if data is None:
            raise NotFound(f"The file of {doc.name} is not on this workstation yet.")
        try:
            pages = read_document(
                open_document(data, name=doc.name),
                ReadOptions(workers=workers),
                progress=progress,
                cancelled=cancelled,
            )
        except DocumentError as exc:
            raise DocumentRefused(exc.message, code=exc.code) from None
        extraction = extract([p.text for p in pages], today=self._profile.clock().date())
        ocr_used = any(p.text.source is TextSource.OCR for p in pages)
        version = f"reader {READER_VERSION}" + (
            f"; tesseract {engine().version}" if ocr_used else ""
        )
        return Reading(case_id, document_id, tuple(pages), extraction, version)

    def record(self, reading: Reading) -> CaseOpChanges:
        """Store a reading's page pictures, words and fields on the case."""
        self._profile.require(Action.DOCUMENT_ATTACH)
        with self._store.writing() as tx:
            state = tx.case(reading.case_id)
            if state is None or reading.document_id not in state.documents:
                raise NotFound("The document is no longer on the case.")
            pages = [
                {
                    "image": tx.put_blob(jpeg(page.image), "image/jpeg"),
                    "words": tx.put_blob(words_blob(page.text), "application/json"),
                    "source": page.text.source.value,
                    "rotation": page.text.rotation,
                    "skew": round(page.text.skew, 2),
                    "confidence": round(page.text.confidence, 4),
                }
                for page in reading.pages
            ]
            self._profile.emit(
                tx,
                EventType.FIELDS_EXTRACTED,
                extracted_payload(reading.document_id, reading.engine, reading.extraction, pages),
                case_id=reading.case_id,
                parent=state.head,
            )
        return CaseOpChanges(
            case_ids=frozenset({reading.case_id}),
            case_id=reading.case_id,
            document_id=reading.document_id,
        )

    def confirm(
        self,
        case_id: str,
        document_id: str,
        values: Mapping[str, str],
        *,
        kind: DocKind | None = None,
    ) -> CaseOpChanges:
        """A person's final values for a document's fields; what they changed is recorded."""
        self._profile.require(Action.DOCUMENT_CONFIRM_FIELDS)
        cleaned = self._clean(values)
        with self._store.writing() as tx:
            state = tx.case(case_id)
            doc = state.documents.get(document_id) if state is not None else None
            if state is None or doc is None:
                raise NotFound("The document is no longer on the case.")
            read = {f.name: f.value for f in doc.fields}
            changes = [
                {"name": name, "before": read.get(name, ""), "after": value}
                for name, value in sorted(cleaned.items())
                if read.get(name, "") != value
            ]
            settled = kind or doc.kind or DocKind.OTHER
            event = self._profile.emit(
                tx,
                EventType.FIELDS_CONFIRMED,
                {
                    "document_id": document_id,
                    "kind": settled.value,
                    "values": cleaned,
                    "changes": changes,
                },
                case_id=case_id,
                parent=state.head,
            )
            self._fill_form(tx, state, settled, cleaned, event.hash)
        return CaseOpChanges(
            case_ids=frozenset({case_id}), case_list=True, case_id=case_id, document_id=document_id
        )

    def _fill_form(
        self,
        tx: Transaction,
        state: CaseState,
        kind: DocKind,
        confirmed: Mapping[str, str],
        parent: str,
    ) -> None:
        """Fill the application's empty fields from a confirmed document, where allowed."""
        session = self._profile.session
        if session is None or not allowed(session.roles, Action.CASE_EDIT):
            return
        fill = form_fill(kind, confirmed, state.fields)
        today = self._profile.clock().date()
        try:
            patch = clean_patch(fill, current=state.fields, today=today)
        except InvalidInput as refused:
            # Leave out what the form refuses (an ID number disagreeing with a
            # typed birth date, say); the cross-checks will show it.
            kept = {k: v for k, v in fill.items() if k not in refused.problems}
            try:
                patch = clean_patch(kept, current=state.fields, today=today)
            except InvalidInput:
                return
        if patch:
            self._profile.emit(
                tx,
                EventType.APPLICANT_UPDATED,
                {"fields": patch},
                case_id=state.case_id,
                parent=parent,
            )

    def remove(self, case_id: str, document_id: str, reason: str) -> CaseOpChanges:
        """Take a document off the case (its file stays in the record), saying why."""
        self._profile.require(Action.DOCUMENT_ATTACH)
        try:
            why = check_text(reason, max_len=300, required=True)
        except FieldProblem as problem:
            raise InvalidInput({"reason": [(problem.code, problem.message)]}) from None
        with self._store.writing() as tx:
            state = tx.case(case_id)
            if state is None or document_id not in state.documents:
                raise NotFound("The document is no longer on the case.")
            self._profile.emit(
                tx,
                EventType.DOCUMENT_REMOVED,
                {"document_id": document_id, "reason": why},
                case_id=case_id,
                parent=state.head,
            )
        return CaseOpChanges(
            case_ids=frozenset({case_id}), case_list=True, case_id=case_id, document_id=document_id
        )

    def _clean(self, values: Mapping[str, str]) -> dict[str, str]:
        today = self._profile.clock().date()
        problems: dict[str, list[tuple[str, str]]] = {}
        cleaned: dict[str, str] = {}
        for name, raw in values.items():
            try:
                value = clean_value(name, raw, today=today)
            except FieldProblem as problem:
                problems.setdefault(name, []).append((problem.code, problem.message))
                continue
            if value:
                cleaned[name] = value
        if problems:
            raise InvalidInput(problems)
        return cleaned

    # -- queries ----------------------------------------------------------------
    def documents(self, case_id: str) -> list[DocumentState]:
        """The case's documents, oldest first."""
        return _in_order(self._case(case_id))

    def overview(self, case_id: str) -> DocumentsOverview:
        """The documents, the checklist and the cross-checks, from one reading of the case."""
        state = self._case(case_id)
        return DocumentsOverview(_in_order(state), self._checklist(state), self._findings(state))

    def document(self, case_id: str, document_id: str) -> DocumentState:
        doc = self._case(case_id).documents.get(document_id)
        if doc is None:
            raise NotFound("The document is no longer on the case.")
        return doc

    def page_image(self, digest: str) -> Image.Image:
        data = self._store.blob(digest)
        if data is None:
            raise NotFound("This page's picture is not on this workstation yet.")
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            return image.copy()

    def page_words(self, digest: str) -> PageWords:
        data = self._store.blob(digest)
        if data is None:
            raise NotFound("This page's words are not on this workstation yet.")
        raw = json.loads(data)
        words = tuple(
            Word(text, conf, Box(left, top, w, h), line)
            for text, conf, left, top, w, h, line in raw["words"]
        )
        return PageWords(raw["width"], raw["height"], words)

    def checklist(self, case_id: str) -> list[ChecklistItem]:
        return self._checklist(self._case(case_id))

    def findings(self, case_id: str) -> list[Finding]:
        return self._findings(self._case(case_id))

    def _checklist(self, state: CaseState) -> list[ChecklistItem]:
        product = state.value("product") or "personal"
        return checklist(checklist_config(), product, facts(state))

    def _findings(self, state: CaseState) -> list[Finding]:
        return cross_checks(
            checklist_config().rules,
            applicant(state),
            facts(state),
            today=self._profile.clock().date(),
        )

    def _case(self, case_id: str) -> CaseState:
        self._profile.require(Action.CASE_VIEW)
        state = self._store.case(case_id)
        if state is None:
            raise NotFound(f"There is no case {case_id}.")
        return state


def _in_order(state: CaseState) -> list[DocumentState]:
    return sorted(state.documents.values(), key=lambda d: d.attached_at)


def _ready(path: Path, now: float, settle_seconds: float) -> bool:
    if path.name.startswith(".") or path.suffix.lower() in (".part", ".tmp", ".refused"):
        return False
    try:
        info = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and now - info.st_mtime >= settle_seconds
