"""Scanning through SANE's scanimage, against SANE's own virtual test scanner."""

from __future__ import annotations

import pytest

from app.services.scanner import ScanFailed, scan_page, scanner_available
from ocr.load import open_document


@pytest.mark.usefixtures("sane_test_backend")
def test_a_scanned_page_comes_back_as_a_picture_intake_accepts() -> None:
    assert scanner_available()
    data = scan_page(resolution=150, device="test:0")
    document = open_document(data, name="scan.png")
    assert document.media_type == "image/png"
    assert document.page_count == 1
    assert document.pages[0].render(150).mode == "L"


@pytest.mark.usefixtures("sane_test_backend")
def test_a_missing_scanner_is_said_in_words() -> None:
    with pytest.raises(ScanFailed, match="could not scan"):
        scan_page(device="nosuchscanner:0")


def test_without_scanimage_there_is_no_scanner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    assert not scanner_available()
    with pytest.raises(ScanFailed, match="scanimage"):
        scan_page()
