"""What a bug or a bad batch must not do: leak values into messages, half-write, reuse numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError

from app.domain.events import EventType
from app.domain.money import Money
from app.errors import InvalidInput
from app.security.keys import KeySource
from app.services.cases import CaseQuery, CaseService
from app.services.profile import Profile
from tests.domain.samples import NAME, applicant


def test_a_database_error_message_carries_no_row_values(profile: Profile) -> None:
    case_id = CaseService(profile).open_case(applicant()).case_id
    (opened, *_rest) = profile.store.case_events(case_id)
    with pytest.raises(IntegrityError) as caught, profile.store.writing() as tx:
        tx.append(opened)  # the same event twice: a bug, not the user's doing
    message = str(caught.value)
    assert "UNIQUE constraint failed" in message
    assert NAME not in message
    assert opened.id not in message


def test_a_validation_error_message_carries_no_input() -> None:
    secret = "110105194912310021-secret"
    with pytest.raises(ValidationError) as caught:
        Money.model_validate({"amount": secret})
    assert secret not in str(caught.value)


def test_key_source_repr_hides_the_key() -> None:
    key = "ab" * 32
    assert key not in repr(KeySource(hex_key=key))


def test_an_explicit_key_file_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOANDESK_KEY", "cd" * 32)
    chosen = KeySource.from_environment(key_file=Path("/k"))
    assert chosen.hex_key is None
    assert str(chosen.key_file) == "/k"


def test_a_batch_with_one_bad_case_writes_none(profile: Profile) -> None:
    service = CaseService(profile)
    good, bad = applicant(seq=1), applicant(seq=2)
    bad["requested_amount"] = "-1"
    events_before = len(list(profile.store.all_events()))
    with pytest.raises(InvalidInput) as caught:
        service.open_cases([good, bad])
    assert "case[1].requested_amount" in caught.value.problems
    assert service.count(CaseQuery()) == 0
    assert len(list(profile.store.all_events())) == events_before
    assert len(service.open_cases([good, applicant(seq=3)])) == 2
    assert service.count(CaseQuery()) == 2


def test_case_numbers_go_on_past_999999(profile: Profile) -> None:
    service = CaseService(profile)
    first = service.get(service.open_case().case_id).case_no
    prefix = first.rpartition("-")[0]
    with profile.store.writing() as tx:
        profile.emit(
            tx,
            EventType.CASE_OPENED,
            {"case_no": f"{prefix}-999999"},
            case_id="01a22400-0000-7000-8000-000000000001",
        )
    numbers = [service.get(service.open_case().case_id).case_no for _ in range(2)]
    assert numbers == [f"{prefix}-1000000", f"{prefix}-1000001"]
