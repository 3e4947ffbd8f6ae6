"""RiskAssessed: what a risk model made of a case, and the case's risk as it stands.

The event records the model (id, version, kind, champion or challenger), the
inputs it was given, the feature values it saw, and what it said: PD, score,
grade and up to four reasons. Events hold no floats, so numbers travel as
decimal text. A later change to the applicant or the loan makes the case's
standing assessment stale until it is scored again.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

_FEATURE = r"^[a-z][a-z0-9_]{0,39}$"


def _four_places(value: float) -> str:
    return f"{value:.4f}"


def _two_places(value: float) -> str:
    return f"{value:.2f}"


Probability = Annotated[float, Field(ge=0, le=1), PlainSerializer(_four_places, return_type=str)]
Value = Annotated[float, Field(ge=-1e12, le=1e12), PlainSerializer(_four_places, return_type=str)]
Points = Annotated[float, Field(ge=-1e6, le=1e6), PlainSerializer(_two_places, return_type=str)]
Grade = Literal["A", "B", "C", "D", "E"]
Role = Literal["champion", "challenger"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


class ReasonRecord(_Model):
    feature: str = Field(pattern=_FEATURE)
    #: score points the applicant would gain were this feature at its reference
    points: Points


class RiskAssessed(_Model):
    model_id: str = Field(min_length=1, max_length=80)
    version: str = Field(min_length=1, max_length=40)
    kind: str = Field(min_length=1, max_length=20)
    role: Role
    inputs: dict[Annotated[str, Field(pattern=_FEATURE)], str | None] = Field(max_length=60)
    features: dict[Annotated[str, Field(pattern=_FEATURE)], Value] = Field(max_length=60)
    pd: Probability
    score: Points
    grade: Grade
    reasons: list[ReasonRecord] = Field(max_length=4)


class GradeOverridden(_Model):
    """A supervisor set the grade the decision rests on, and wrote why."""

    model_grade: Grade
    grade: Grade
    justification: str = Field(min_length=20, max_length=1000)


class Override(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    grade: Grade
    justification: str
    at: str
    actor: str


class RiskState(BaseModel):
    """The latest assessment by one model, as the case shows it."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    model_id: str
    version: str
    kind: str
    pd: Probability
    score: Points
    grade: Grade
    reasons: tuple[ReasonRecord, ...]
    at: str
    actor: str
    #: the applicant or the loan changed after this assessment
    stale: bool = False
    #: the grade a supervisor set instead of the model's, with the reason
    override: Override | None = None

    @property
    def decision_grade(self) -> Grade:
        """The grade the policy rules and the route read: the override's, else the model's."""
        return self.override.grade if self.override is not None else self.grade

    @property
    def authority_grade(self) -> Grade:
        """The grade the authority matrix reads: the worse of the model's and the override's.

        An override never widens anyone's authority.
        """
        return max(self.grade, self.decision_grade)


def assessed(payload: dict[str, Any], *, at: str, actor: str) -> tuple[Role, RiskState]:
    event = RiskAssessed.model_validate(payload)
    return event.role, RiskState(
        model_id=event.model_id,
        version=event.version,
        kind=event.kind,
        pd=event.pd,
        score=event.score,
        grade=event.grade,
        reasons=tuple(event.reasons),
        at=at,
        actor=actor,
    )


def overridden(state: RiskState, payload: dict[str, Any], *, at: str, actor: str) -> RiskState:
    event = GradeOverridden.model_validate(payload)
    if event.model_grade != state.grade:
        raise ValueError("the override names another model grade than the case's")
    override = Override(grade=event.grade, justification=event.justification, at=at, actor=actor)
    return state.model_copy(update={"override": override})
