"""The projection rows the events make: one definition for the store and the audit.

``Transaction`` writes these rows; ``app.security.audit`` rebuilds them from
the events and holds them against what is stored.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from app.domain import canonical
from app.domain import case as case_domain
from app.domain.case import CaseState, CaseSummary
from app.domain.events import ApprovalLimit, Event, EventType, PasswordSet, UserAdded, UserUpdated


def name_key(name: str | None) -> str | None:
    """The form of a name that search compares: NFKC, case-folded, no spaces."""
    if name is None:
        return None
    return unicodedata.normalize("NFKC", name).casefold().replace(" ", "")


def case_row(state: CaseState) -> dict[str, Any]:
    """The ``cases`` row of ``state`` (every column but ``case_id``)."""
    summary = CaseSummary.of(state)
    return {
        "case_no": state.case_no,
        "status": state.status.value,
        "full_name": summary.full_name,
        "name_key": name_key(summary.full_name),
        "id_number": summary.id_number,
        "amount": summary.amount,
        "currency": summary.currency,
        "product": summary.product,
        "opened_at": state.opened_at,
        "updated_at": state.updated_at,
        "version": state.version,
        "head": state.head,
        "state": canonical.encode(case_domain.snapshot(state)),
        "conflicts": len(state.conflicts),
    }


def limits_text(limits: Iterable[ApprovalLimit]) -> str:
    return canonical.encode([limit.model_dump(mode="json") for limit in limits]).decode("utf-8")


def new_user_row(added: UserAdded) -> dict[str, Any]:
    """The ``users`` row of a new user (every column but ``user_id``)."""
    return {
        "username": added.username,
        "display_name": added.display_name,
        "roles": ",".join(sorted(added.roles)),
        "active": 1,
        "limits": limits_text(added.limits),
        "public_key": None,
        "tier": added.tier,
    }


def user_change(event: Event) -> dict[str, Any]:
    """The ``users`` columns a ``UserUpdated`` or ``PasswordSet`` event changes."""
    if event.type is EventType.PASSWORD_SET:
        return {"public_key": PasswordSet.model_validate(event.payload).public_key}
    change = UserUpdated.model_validate(event.payload)
    values: dict[str, Any] = {}
    if change.display_name is not None:
        values["display_name"] = change.display_name
    if change.roles is not None:
        values["roles"] = ",".join(sorted(change.roles))
    if change.limits is not None:
        values["limits"] = limits_text(change.limits)
    if change.tier is not None:
        values["tier"] = change.tier
    if change.active is not None:
        values["active"] = int(change.active)
    return values
