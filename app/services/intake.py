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
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from PIL import Image

from app.domain.case import CaseState
from app.domain.checklist import ChecklistConfig, ChecklistItem, checklist, parse_checklists
from app.domain.crosscheck import Finding, cross_checks
from app.domain.docevents import DocumentState
from app.domain.documents import DocumentFacts
from app.domain.events import EventType
from app.domain.ids import new_id
from app.domain.roles import Action
from app.domain.validation import FieldProblem, check_id_number, check_text
from app.errors import InvalidInput, NotFound, UserError
from app.services.changes import CaseOpChanges
from app.services.profile import Profile
from ocr.checks import uscc_valid
from ocr.errors import DocumentError, ReadCancelled
from ocr.extract import extract
from ocr.load import Document, open_document
from ocr.pipeline import ReadPage, read_document
from ocr.tesseract import engine
from ocr.types import Box, DocKind, Extraction, PageText, ReadOptions, TextSource, Word

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
_DATE_FIELDS = frozenset(
    {"date_of_birth", "valid_from", "expiry_date", "period_start", "period_end"}
    | {"established_on", "bill_date"}
)
_AMOUNT_FIELDS = frozenset(
    {"gross_pay", "net_pay", "average_monthly_inflow", "average_monthly_outflow"}
    | {"average_balance", "salary_credit", "registered_capital", "amount_due"}
)


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
                    "name": _file_name(name),
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
        try:
            return open_document(data, name=_file_name(name))
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
                    "image": tx.put_blob(_jpeg(page.image), "image/jpeg"),
                    "words": tx.put_blob(_words_blob(page.text), "application/json"),
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
                _extracted_payload(reading, pages),
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
            self._profile.emit(
                tx,
                EventType.FIELDS_CONFIRMED,
                {
                    "document_id": document_id,
                    "kind": (kind or doc.kind or DocKind.OTHER).value,
                    "values": cleaned,
                    "changes": changes,
                },
                case_id=case_id,
                parent=state.head,
            )
        return CaseOpChanges(
            case_ids=frozenset({case_id}), case_list=True, case_id=case_id, document_id=document_id
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
        return sorted(self._case(case_id).documents.values(), key=lambda d: d.attached_at)

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
        state = self._case(case_id)
        product = state.value("product") or "personal"
        return checklist(checklist_config(), product, _facts(state))

    def findings(self, case_id: str) -> list[Finding]:
        state = self._case(case_id)
        return cross_checks(
            checklist_config().rules,
            _applicant(state),
            _facts(state),
            today=self._profile.clock().date(),
        )

    def _case(self, case_id: str) -> CaseState:
        self._profile.require(Action.CASE_VIEW)
        state = self._store.case(case_id)
        if state is None:
            raise NotFound(f"There is no case {case_id}.")
        return state


@cache
def checklist_config() -> ChecklistConfig:
    raw = json.loads(resources.files("resources").joinpath("checklists.json").read_text("utf-8"))
    return parse_checklists(raw)


def clean_value(name: str, raw: str, *, today: date) -> str:
    """A confirmed value in the form fields are stored in, or FieldProblem."""
    text = check_text(raw, max_len=300)
    if not text:
        return ""
    if name == "id_number":
        return check_id_number(text, today=today)
    if name == "credit_code":
        code = text.replace(" ", "").upper()
        if not uscc_valid(code):
            raise FieldProblem("uscc.check", "the credit code's check character does not match")
        return code
    if name in _DATE_FIELDS or (name == "valid_until" and text != "long_term"):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise FieldProblem("date.format", "write the date as YYYY-MM-DD") from None
    if name in _AMOUNT_FIELDS:
        try:
            amount = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise FieldProblem(
                "amount.format", "write the amount as digits, e.g. 12500.00"
            ) from None
        if not amount.is_finite() or amount < 0:
            raise FieldProblem("amount.format", "write the amount as digits, e.g. 12500.00")
        return f"{amount.quantize(Decimal('0.01'))}"
    return text


def _ready(path: Path, now: float, settle_seconds: float) -> bool:
    if path.name.startswith(".") or path.suffix.lower() in (".part", ".tmp", ".refused"):
        return False
    try:
        info = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and now - info.st_mtime >= settle_seconds


def _file_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base[:255] or "document"


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("L" if image.mode in ("1", "L") else "RGB").save(
        buffer, format="JPEG", quality=82, optimize=True
    )
    return buffer.getvalue()


def _words_blob(text: PageText) -> bytes:
    rows = [
        [w.text, round(w.confidence, 3), *(round(v, 5) for v in _box(w.box)), w.line]
        for w in text.words
    ]
    body = {"width": text.width, "height": text.height, "words": rows}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _box(box: Box) -> tuple[float, float, float, float]:
    return (box.left, box.top, box.width, box.height)


def _extracted_payload(reading: Reading, pages: list[dict[str, Any]]) -> dict[str, Any]:
    extraction = reading.extraction
    return {
        "document_id": reading.document_id,
        "engine": reading.engine,
        "kind": extraction.kind.value,
        "kind_confidence": round(extraction.kind_confidence, 4),
        "pages": pages,
        "fields": [
            {
                "name": f.name,
                "value": f.value[:500],
                "confidence": round(f.confidence, 4),
                "page": f.page,
                "box": None if f.box is None else [round(v, 5) for v in _box(f.box)],
                "problems": [{"code": p.code, "message": p.message[:300]} for p in f.problems],
            }
            for f in extraction.fields
        ],
        "months": [
            {
                "month": m.month,
                "inflow": m.inflow,
                "outflow": m.outflow,
                "average_balance": m.average_balance,
                "salary": m.salary,
            }
            for m in extraction.months
        ],
    }


def _facts(state: CaseState) -> list[DocumentFacts]:
    return [
        DocumentFacts(
            document_id=doc.document_id,
            kind=doc.kind,
            fields=doc.values(),
            confirmed=doc.status == "confirmed",
            name=doc.name,
        )
        for doc in state.documents.values()
        if doc.kind is not None
    ]


def _applicant(state: CaseState) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in ("full_name", "id_number", "date_of_birth", "product"):
        value = state.value(name)
        if isinstance(value, str) and value:
            out[name] = value
    income = state.value("monthly_income")
    if isinstance(income, dict) and income.get("amount"):
        out["monthly_income"] = str(income["amount"])
        out["monthly_income_currency"] = str(income.get("currency") or "CNY")
    return out
