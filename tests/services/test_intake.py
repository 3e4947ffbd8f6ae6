"""Document intake on a real profile: attach, read with real tesseract, record, confirm.

Bad files are refused in words and change nothing; page pictures and words
live only inside the encrypted database.
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from app.domain.events import EventType
from app.domain.history import FieldChange
from app.errors import InvalidInput
from app.services.cases import CaseService
from app.services.intake import DocumentRefused, IntakeService, ReadCancelled
from app.services.profile import Profile
from ocr.synth import generate
from ocr.types import DocKind
from tests.conftest import sign_in


@pytest.fixture
def intake(clocked: Profile) -> IntakeService:
    sign_in(clocked, "officer.li")
    return IntakeService(clocked)


@pytest.fixture
def case_id(clocked: Profile, intake: IntakeService) -> str:
    return CaseService(clocked).open_case({"product": "personal"}).case_id


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _events(profile: Profile) -> int:
    return len(list(profile.store.all_events()))


def test_a_payslip_pdf_is_attached_read_and_recorded_with_its_fields(
    intake: IntakeService, case_id: str, clocked: Profile
) -> None:
    sample = generate(DocKind.PAYSLIP, "en", seed=3)
    changes = intake.attach(case_id, sample.pdf(), "/scans/payslip.pdf")
    doc = intake.document(case_id, changes.document_id)
    assert (doc.name, doc.status, doc.media_type, doc.page_count) == (
        "payslip.pdf",
        "attached",
        "application/pdf",
        1,
    )
    seen: list[tuple[int, int]] = []
    reading = intake.read(case_id, doc.document_id, progress=lambda d, n: seen.append((d, n)))
    assert seen == [(1, 1)]
    intake.record(reading)
    doc = intake.document(case_id, doc.document_id)
    assert doc.status == "read"
    assert doc.kind is DocKind.PAYSLIP
    # A text layer needs no OCR engine: the reading says so.
    assert doc.engine == "reader 1"
    assert {f.name: f.value for f in doc.fields} == sample.fields
    words = intake.page_words(doc.pages[0].words)
    assert any(w.text in sample.fields["employer"] for w in words.words)
    assert intake.page_image(doc.pages[0].image).size[0] > 500
    last = clocked.store.case_events(case_id)[-1]
    assert last.type is EventType.FIELDS_EXTRACTED


def test_an_id_card_image_is_read_by_ocr_and_keeps_no_plain_copy_on_disk(
    intake: IntakeService, case_id: str, clocked: Profile
) -> None:
    sample = generate(DocKind.ID_CARD_FRONT, "zh", seed=6)
    document_id = intake.attach(case_id, _png(sample.pages[0]), "card.png").document_id
    intake.record(intake.read(case_id, document_id, workers=2))
    doc = intake.document(case_id, document_id)
    assert doc.kind is DocKind.ID_CARD_FRONT
    assert doc.engine is not None
    assert doc.engine.startswith("reader 1; tesseract ")
    values = {f.name: f.value for f in doc.fields}
    assert values["id_number"] == sample.fields["id_number"]
    assert values["date_of_birth"] == sample.fields["date_of_birth"]
    # The database is SQLCipher: neither the number nor the name is in its files.
    clocked.store.close()
    for path in clocked.path.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            assert sample.fields["id_number"].encode() not in raw, path
            assert sample.fields["full_name"].encode("utf-8") not in raw, path


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.7\n1 0 obj <</Type /Catalog", "document.corrupt"),
        (b"", "document.unsupported"),
        (b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml", "document.office"),
    ],
)
def test_a_bad_file_is_refused_in_words_and_changes_nothing(
    intake: IntakeService, case_id: str, clocked: Profile, data: bytes, code: str
) -> None:
    before = (_events(clocked), intake.documents(case_id))
    with pytest.raises(DocumentRefused) as refused:
        intake.attach(case_id, data, "scan.pdf")
    assert refused.value.code == code
    assert "scan.pdf" in str(refused.value)
    assert str(refused.value).endswith(".")
    assert (_events(clocked), intake.documents(case_id)) == before


def test_confirming_records_who_changed_what(
    intake: IntakeService, case_id: str, clocked: Profile
) -> None:
    sample = generate(DocKind.PAYSLIP, "zh", seed=8)
    document_id = intake.attach(case_id, sample.pdf(), "工资单.pdf").document_id
    intake.record(intake.read(case_id, document_id))
    values = dict(sample.fields)
    values["net_pay"] = "1,234.5"
    intake.confirm(case_id, document_id, values)
    doc = intake.document(case_id, document_id)
    assert doc.status == "confirmed"
    assert doc.confirmed["net_pay"] == "1234.50"
    assert doc.confirmed_by == clocked.actor.user_id
    # The confirmation, then the employer filled into the empty application.
    event, filled = clocked.store.case_events(case_id)[-2:]
    assert event.type is EventType.FIELDS_CONFIRMED
    assert filled.type is EventType.APPLICANT_UPDATED
    assert filled.payload["fields"] == {"employer": sample.fields["employer"]}
    assert event.payload["changes"] == [
        {"name": "net_pay", "before": sample.fields["net_pay"], "after": "1234.50"}
    ]
    assert event.actor == clocked.actor.user_id
    entry = CaseService(clocked).history(case_id)[-2]
    assert entry.text == "工资单.pdf"
    assert entry.changes == (FieldChange("net_pay", sample.fields["net_pay"], "1234.50"),)


def test_a_confirmed_id_number_must_pass_its_check_digit(
    intake: IntakeService, case_id: str, clocked: Profile
) -> None:
    sample = generate(DocKind.ID_CARD_FRONT, "zh", seed=2, bad_id_check=True)
    document_id = intake.attach(case_id, sample.pdf(), "card.pdf").document_id
    intake.record(intake.read(case_id, document_id))
    doc = intake.document(case_id, document_id)
    id_field = next(f for f in doc.fields if f.name == "id_number")
    assert "id.check" in {p.code for p in id_field.problems}
    before = _events(clocked)
    with pytest.raises(InvalidInput) as refused:
        intake.confirm(case_id, document_id, doc.values())
    assert [code for code, _ in refused.value.problems["id_number"]] == ["id.check"]
    assert _events(clocked) == before


def test_a_cancelled_reading_leaves_the_document_attached(
    intake: IntakeService, case_id: str
) -> None:
    sample = generate(DocKind.UTILITY_BILL, "en", seed=1)
    document_id = intake.attach(case_id, _png(sample.pages[0]), "bill.png").document_id
    with pytest.raises(ReadCancelled):
        intake.read(case_id, document_id, cancelled=lambda: True)
    assert intake.document(case_id, document_id).status == "attached"


def test_the_checklist_and_cross_checks_follow_the_documents(
    intake: IntakeService, case_id: str, clocked: Profile
) -> None:
    def identity() -> bool:
        return next(
            i for i in intake.checklist(case_id) if i.requirement.id == "identity"
        ).satisfied

    assert not identity()
    front = generate(DocKind.ID_CARD_FRONT, "zh", seed=11)
    back = generate(DocKind.ID_CARD_BACK, "zh", seed=11)
    for sample in (front, back):
        document_id = intake.attach(case_id, sample.pdf(), f"{sample.kind}.pdf").document_id
        intake.record(intake.read(case_id, document_id))
    assert identity()
    CaseService(clocked).update_case(case_id, {"full_name": "欧阳娜娜"})
    findings = intake.findings(case_id)
    assert any(
        f.code == "name.mismatch" and front.fields["full_name"] in f.values for f in findings
    )


def test_the_scan_folder_is_emptied_into_the_case(
    intake: IntakeService, case_id: str, tmp_path: Path
) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    sample = generate(DocKind.PAYSLIP, "en", seed=4)
    (folder / "page1.pdf").write_bytes(sample.pdf())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    (folder / "writing.pdf").write_bytes(sample.pdf())
    (folder / "upload.part").write_bytes(b"partial")
    old = time.time() - 60
    for name in ("page1.pdf", "broken.pdf", "upload.part"):
        os.utime(folder / name, (old, old))
    result = intake.import_folder(case_id, folder)
    assert [intake.document(case_id, c.document_id).name for c in result.attached] == ["page1.pdf"]
    assert [(r.name, r.code) for r in result.refused] == [("broken.pdf", "document.corrupt")]
    assert "broken.pdf" in result.refused[0].message
    assert sorted(p.name for p in folder.iterdir()) == [
        "broken.pdf.refused",
        "upload.part",
        "writing.pdf",
    ]
    # A second pass does not retry the refused file.
    assert intake.import_folder(case_id, folder).refused == []


def test_a_removed_document_leaves_the_case_and_the_checklist_but_not_the_record(
    intake: IntakeService, case_id: str, clocked: Profile
) -> None:
    sample = generate(DocKind.BANK_STATEMENT, "en", seed=6)
    document_id = intake.attach(case_id, sample.pdf(), "someone-else.pdf").document_id
    intake.record(intake.read(case_id, document_id))
    income = next(i for i in intake.checklist(case_id) if i.requirement.id == "income")
    assert income.satisfied
    digest = intake.document(case_id, document_id).sha256
    with pytest.raises(InvalidInput):
        intake.remove(case_id, document_id, "   ")
    intake.remove(case_id, document_id, "another applicant's statement")
    assert intake.documents(case_id) == []
    income = next(i for i in intake.checklist(case_id) if i.requirement.id == "income")
    assert not income.satisfied
    assert clocked.store.blob(digest) == sample.pdf()
    entry = CaseService(clocked).history(case_id)[-1]
    assert entry.type is EventType.DOCUMENT_REMOVED
    assert (entry.text, entry.detail) == ("someone-else.pdf", "another applicant's statement")


def test_a_confirmed_id_card_fills_the_empty_fields_of_the_application(
    intake: IntakeService, case_id: str, clocked: Profile
) -> None:
    cases = CaseService(clocked)
    cases.update_case(case_id, {"address": "上海市徐汇区人民路1号"})  # typed by the officer
    sample = generate(DocKind.ID_CARD_FRONT, "zh", seed=9)
    document_id = intake.attach(case_id, sample.pdf(), "card.pdf").document_id
    intake.record(intake.read(case_id, document_id))
    intake.confirm(case_id, document_id, intake.document(case_id, document_id).values())
    state = cases.get(case_id)
    assert state.value("full_name") == sample.fields["full_name"]
    assert state.value("id_number") == sample.fields["id_number"]
    assert state.value("date_of_birth") == sample.fields["date_of_birth"]
    assert state.value("address") == "上海市徐汇区人民路1号"
    last = clocked.store.case_events(case_id)[-1]
    assert last.type is EventType.APPLICANT_UPDATED
    assert set(last.payload["fields"]) == {"full_name", "id_number", "date_of_birth"}
