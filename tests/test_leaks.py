"""The final leak scan finds what it is meant to find, and only that."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.validation import id_check_char
from app.logs import mask_numbers
from tests.leaks import scan

BODY = "11010519491231002"
ID_NUMBER = BODY + id_check_char(BODY)
WRONG_CHECK = BODY + ("0" if id_check_char(BODY) != "0" else "1")
KEY = "ab" * 32


@pytest.fixture(autouse=True)
def _remove_planted(tmp_path: Path) -> Iterator[None]:
    # The planted leaks must not fail the scan of the whole run.
    yield
    shutil.rmtree(tmp_path / "t0", ignore_errors=True)


def plant(base: Path, folder: str, text: bytes) -> Path:
    path = base / "t0" / folder / "loandesk.log"
    path.parent.mkdir(parents=True)
    path.write_bytes(text)
    return path


def test_a_whole_id_number_in_a_log_is_found(tmp_path: Path) -> None:
    path = plant(tmp_path, "logs", f'{{"msg": "case for {ID_NUMBER}"}}'.encode())
    assert [(leak.path, leak.what) for leak in scan(tmp_path, [])] == [
        (path, f"ID number {ID_NUMBER[:4]}…")
    ]


def test_masked_numbers_and_invalid_ids_are_not_leaks(tmp_path: Path) -> None:
    text = mask_numbers(f"{ID_NUMBER} 13812345678") + f" {WRONG_CHECK}"
    plant(tmp_path, "logs", text.encode())
    assert scan(tmp_path, []) == []


def test_passwords_and_keys_in_text_or_bytes_are_found(tmp_path: Path) -> None:
    plant(tmp_path, "tmp", b"x" + bytes.fromhex(KEY) + b"y")
    plant(tmp_path, "logs", b"password was hunter2 hunter2")
    found = sorted(leak.what for leak in scan(tmp_path, [KEY, "hunter2 hunter2"]))
    assert found == ["raw key aba…", "secret hun…"]


def test_files_outside_logs_and_temp_folders_are_not_read(tmp_path: Path) -> None:
    # Test inputs (a case file the test itself wrote) are not LoanDesk's output.
    plant(tmp_path, "inputs", ID_NUMBER.encode())
    assert scan(tmp_path, []) == []


def test_a_mobile_number_is_found_but_not_digits_inside_an_identifier(tmp_path: Path) -> None:
    # A device id whose random tail holds eleven digits that look like a mobile number.
    device = "01a23329-cae9-7434-9cb4-b14811038489"
    plant(tmp_path, "logs", f'{{"msg": "profile opened (device {device})"}}'.encode())
    assert scan(tmp_path, []) == []
    shutil.rmtree(tmp_path / "t0")
    path = plant(tmp_path, "logs", b'{"msg": "call back on 13912345678, after five"}')
    assert [(leak.path, leak.what) for leak in scan(tmp_path, [])] == [(path, "mobile number")]
