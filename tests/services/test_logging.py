"""The log holds ids, never names or numbers; a filter masks numbers that slip through."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import logs
from app.errors import InvalidInput
from app.logs import ProfileLog
from app.security.keys import KeySource
from app.services.cases import CaseQuery, CaseService
from app.services.profile import Profile
from tests.conftest import PASSWORD
from tests.domain.samples import NAME, applicant

PERSON = applicant(name=NAME, seq=555, phone="13700001111")


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The application log configured into ``tmp_path/logs``; removed afterwards."""
    root = logging.getLogger()
    level = root.level
    path = logs.configure(tmp_path / "logs", level=logging.DEBUG)
    yield path
    for handler in [h for h in root.handlers if isinstance(h, ProfileLog)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def _flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def test_a_run_of_service_calls_logs_no_name_or_number(
    log_file: Path, profile_dir: Path, key_source: KeySource
) -> None:
    profile = Profile.create(
        profile_dir, key_source, admin_username="admin", admin_name="Admin", admin_password=PASSWORD
    )
    try:
        cases = CaseService(profile)
        case_id = cases.open_case(PERSON).case_id
        cases.update_case(case_id, {"full_name": NAME + " II"})
        cases.add_comment(case_id, f"spoke to {NAME}, ID {PERSON['id_number']}")
        assert cases.count(CaseQuery(text=PERSON["id_number"])) == 1
        assert cases.keys(CaseQuery(text="欧阳")) == [case_id]
        with pytest.raises(InvalidInput):
            cases.update_case(case_id, {"phone": "1370000111", "full_name": "\x07" + NAME})
        cases.history(case_id)
    finally:
        profile.close()
    Profile.open(profile_dir, key_source).close()
    logging.getLogger("app.test").info("case %s saved", case_id)
    _flush()

    data = log_file.read_bytes()
    lines = [json.loads(line) for line in data.decode().splitlines()]
    assert any(line["msg"] == "profile created" for line in lines)
    assert any(line["msg"].startswith("profile opened") for line in lines)
    assert any(case_id in line["msg"] for line in lines)
    for secret in ("欧阳", "Ouyang", PERSON["id_number"], "13700001111", "1370000111"):
        assert secret.encode() not in data, secret


def _refuse(number: str) -> None:
    raise ValueError(f"bad id {number}")


def test_numbers_that_reach_the_log_are_masked(log_file: Path) -> None:
    log = logging.getLogger("app.test")
    log.warning("lookup of 11010519491231002X by phone 13912345678")
    try:
        _refuse("11010519491231002x")
    except ValueError:
        log.exception("failed")
    _flush()
    text = log_file.read_text(encoding="utf-8")
    assert "110************02X" in text
    assert "139******78" in text
    assert "110************02x" in text
    assert "11010519491231002" not in text
    assert "13912345678" not in text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("11010519491231002X", "110" + "*" * 12 + "02X"),
        ("id=440305197503090998;", "id=440" + "*" * 13 + "98;"),
        ("13912345678", "139" + "*" * 6 + "78"),
        ("call 13912345678 now", "call 139" + "*" * 6 + "78 now"),
        ("card 6222021234567890123", "card 622" + "*" * 13 + "123"),
    ],
)
def test_mask_numbers_masks_ids_phones_and_cards(text: str, masked: str) -> None:
    assert logs.mask_numbers(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "case LD-ABCD-000123 opened",
        "device 01970000-0000-7000-8000-000000000001",
        "42 events in 1234567 ms",
        "hash 3f2a9e61c0b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2",
    ],
)
def test_mask_numbers_leaves_ids_and_short_numbers_alone(text: str) -> None:
    assert logs.mask_numbers(text) == text
