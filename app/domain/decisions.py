"""The events of a case's decision, and the message a signature covers.

CaseSubmitted records the pre-screen (each policy rule's outcome and the
routing it proposed); ReviewStarted, a supervisor taking the case;
DecisionSigned, an approval, decline or return signed with the signer's
Ed25519 key over the canonical hash of (case, head, decision, tier,
conditions, reasons, time); CaseAccepted and CaseWithdrawn end it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.domain import canonical

_HEX64 = r"^[0-9a-f]{64}$"
Decision = Literal["approve", "decline", "return"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


class RuleOutcome(_Model):
    code: str = Field(pattern=r"^[a-z][a-z_]{1,39}$")
    outcome: Literal["pass", "fail", "unknown"]


class CaseSubmitted(_Model):
    routing: Literal["approve", "refer", "decline"]
    grade: Literal["A", "B", "C", "D", "E"] | None = None
    rules: list[RuleOutcome] = Field(max_length=20)
    products_version: str = Field(max_length=40)


class ReviewStarted(_Model):
    pass


class DecisionSigned(_Model):
    decision: Decision
    tier: str = Field(min_length=1, max_length=40)
    conditions: list[str] = Field(default_factory=list, max_length=10)
    reasons: list[str] = Field(default_factory=list, max_length=4)
    note: str = Field(default="", max_length=2000)
    #: the case head the signer saw and signed
    signed_head: str = Field(pattern=_HEX64)
    signed_at: str = Field(min_length=20, max_length=30)
    public_key: str = Field(pattern=_HEX64)
    signature: str = Field(pattern=r"^[0-9a-f]{128}$")
    #: this signature completes the approval (False: a second must follow)
    completes: bool
    #: the handwritten signature drawn on screen (a PNG blob), when there was one
    signature_image: str | None = Field(default=None, pattern=_HEX64)


class CaseAccepted(_Model):
    pass


class CaseWithdrawn(_Model):
    reason: str = Field(min_length=1, max_length=500)


def signed_message(case_id: str, payload: dict[str, Any]) -> bytes:
    """The bytes a decision's signature covers: a hash of what was decided on what."""
    covered = {
        "case_id": case_id,
        "case_head": payload["signed_head"],
        "decision": payload["decision"],
        "tier": payload["tier"],
        "conditions": list(payload.get("conditions", [])),
        "reasons": list(payload.get("reasons", [])),
        "signed_at": payload["signed_at"],
        "signature_image": payload.get("signature_image"),
    }
    return canonical.sha256_hex(canonical.encode(covered)).encode("ascii")
