"""Enrolment codes are one-time, expire and are kept hashed; revoked and unknown tokens get 401."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import create_engine, select, update
from sqlalchemy.pool import NullPool

from server.db import devices, enrolment_codes
from tests.domain.builders import Device
from tests.server.conftest import Branch
from tests.server.process import cli, cli_ok


def _enrol(branch: Branch, code: str, name: str, device_id: str | None = None) -> httpx.Response:
    body = {"code": code, "device_id": device_id or Device().device, "name": name}
    return httpx.post(f"{branch.url}/v1/enrol", json=body)


def _all_values(url: str) -> list[str]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            rows = [*conn.execute(select(devices)), *conn.execute(select(enrolment_codes))]
    finally:
        engine.dispose()
    return [str(value) for row in rows for value in row]


def test_a_code_enrols_one_device_once(branch: Branch) -> None:
    code = branch.code("front desk")
    first = _enrol(branch, code, "front desk")
    assert first.status_code == 200, first.text
    token = first.json()["token"]

    second = _enrol(branch, code, "front desk")
    assert second.status_code == 403
    assert second.json()["detail"] == (
        "This enrolment code was used already; each code enrols one device once."
    )
    pulled = httpx.get(f"{branch.url}/v1/events", headers={"Authorization": f"Bearer {token}"})
    assert pulled.status_code == 200
    # Typed by hand: lower case, spaces for dashes, still the same code (and still used).
    retyped = _enrol(branch, code.lower().replace("-", " "), "front desk")
    assert "used already" in retyped.json()["detail"]


def test_neither_the_code_nor_the_token_is_stored(branch: Branch) -> None:
    code = branch.code("front desk")
    token = _enrol(branch, code, "front desk").json()["token"]
    stored = _all_values(branch.database_url)
    assert stored, "the rows were read"
    assert not any(token in value or code.replace("-", "") in value for value in stored)


def test_a_refused_enrolment_leaves_the_code_unused(branch: Branch) -> None:
    code = branch.code("front desk")
    wrong_name = _enrol(branch, code, "back office")
    assert wrong_name.status_code == 403
    assert "issued for the device named 'front desk'" in wrong_name.json()["detail"]

    taken = Device().device
    assert _enrol(branch, branch.code("other"), "other", taken).status_code == 200
    clash = _enrol(branch, code, "front desk", taken)
    assert clash.status_code == 409
    assert clash.json()["detail"] == (
        f"The device {taken} is already enrolled; a device is enrolled once."
    )
    assert _enrol(branch, code, "front desk").status_code == 200


def test_unknown_malformed_and_expired_codes_are_refused(branch: Branch) -> None:
    unknown = _enrol(branch, "AAAAA-BBBBB-CCCCC-DDDDD", "front desk")
    assert unknown.status_code == 403
    assert "not known to this server" in unknown.json()["detail"]
    malformed = _enrol(branch, "12345", "front desk")
    assert malformed.status_code == 403
    assert "20 letters and digits" in malformed.json()["detail"]

    code = branch.code("front desk")
    engine = create_engine(branch.database_url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(
                update(enrolment_codes).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
    finally:
        engine.dispose()
    expired = _enrol(branch, code, "front desk")
    assert expired.status_code == 403
    assert "has expired" in expired.json()["detail"]


def test_enrolment_refuses_a_bad_device_id_or_name(branch: Branch) -> None:
    code = branch.code("desk")
    not_uuid7 = _enrol(branch, code, "desk", "4f1c2f4e-8d5c-4b7a-9a57-1d2e3f405060")
    assert not_uuid7.status_code == 422
    assert "UUIDv7" in not_uuid7.json()["detail"]
    control = _enrol(branch, code, "desk\x00")
    assert control.status_code == 422
    assert "printable" in control.json()["detail"]
    assert _enrol(branch, code, "desk").status_code == 200


def test_a_revoked_device_is_refused_and_the_others_go_on(branch: Branch) -> None:
    front, back = branch.enrol("front"), branch.enrol("back")
    front.acks(front.make(1))
    cli_ok("devices", "revoke", "--data", str(branch.data), front.device_id)

    for response in (front.push(front.make(1)), front.client.get("/v1/events")):
        assert response.status_code == 401
        assert response.json()["detail"].startswith("This device was revoked on ")
        assert response.headers["www-authenticate"] == "Bearer"
    assert back.client.get("/v1/events").status_code == 200
    listing = cli_ok("devices", "list", "--data", str(branch.data)).splitlines()
    states = {line.split()[0]: line for line in listing}
    assert "revoked" in states[front.device_id]
    assert "active" in states[back.device_id]


def test_unknown_and_missing_tokens_get_401_with_a_sentence(branch: Branch) -> None:
    url = f"{branch.url}/v1/events"
    cases = {
        "no header": {},
        "unknown": {"Authorization": "Bearer not-a-token-of-this-server"},
        "other scheme": {"Authorization": "Basic dXNlcjpwYXNz"},
        "no token": {"Authorization": "Bearer"},
    }
    for what, headers in cases.items():
        response = httpx.get(url, headers=headers)
        assert response.status_code == 401, what
        assert response.json()["detail"].endswith("."), what


def test_revoking_an_unknown_device_says_so(branch: Branch) -> None:
    result = cli("devices", "revoke", "--data", str(branch.data), Device().device)
    assert result.returncode == 1
    assert "is enrolled here" in result.stderr
