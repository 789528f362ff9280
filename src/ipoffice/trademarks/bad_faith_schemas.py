"""Shapes of the bad-faith screening at the boundary: what examiners send (checked strictly)
and what an assessment or a live profile looks like."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator


def _stripped(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValueError("must not be empty")
    return value


def _optional(value: str | None) -> str | None:
    return " ".join((value or "").split()) or None


Name = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_stripped)]
Reason = Annotated[str, Field(min_length=2, max_length=4000), AfterValidator(_stripped)]
Reference = Annotated[str | None, Field(default=None, max_length=300), AfterValidator(_optional)]
ApplicantKey = Annotated[str, Field(min_length=3, max_length=320)]
Version = Annotated[int, Field(ge=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AssignmentCreate(_Strict):
    """An assignment approved (Art. 42) or an offer to sell the mark seen on a given day."""

    kind: Literal["assignment", "offer"]
    assignor: Name
    assignee: Annotated[str, Field(default="", max_length=300)] = ""
    dated_on: date
    reference: Reference = None

    @model_validator(mode="after")
    def _assignee(self) -> AssignmentCreate:
        self.assignee = " ".join(self.assignee.split())
        if self.kind == "assignment" and not self.assignee:
            raise ValueError("an assignment names its assignee")
        return self


class UseEvidenceCreate(_Strict):
    used_from: date
    used_to: date
    description: Reason
    reference: Reference = None

    @model_validator(mode="after")
    def _period(self) -> UseEvidenceCreate:
        if self.used_to < self.used_from:
            raise ValueError("used_to is before used_from")
        return self


class ScopeSet(_Strict):
    """An applicant's business scope as Nice classes, from its licence or a statement."""

    applicant: ApplicantKey
    classes: list[Annotated[int, Field(ge=1, le=45)]] = Field(min_length=1, max_length=45)
    description: Reason
    source: Name
    # The version of the scope on record; none when recording the first one.
    expected_version: Version | None = None

    @model_validator(mode="after")
    def _unique(self) -> ScopeSet:
        if len(set(self.classes)) != len(self.classes):
            raise ValueError("a class is listed twice")
        return self


class AssessApplicant(_Strict):
    applicant: ApplicantKey


class DecisionCreate(_Strict):
    decision: Literal["confirm", "dismiss"]
    reason: Reason
    expected_version: Version


class ReopenRequest(_Strict):
    reason: Reason
    expected_version: Version


class CreditProposalCreate(_Strict):
    note: Annotated[str | None, Field(default=None, max_length=2000)] = None
    expected_version: Version


class RuleRead(BaseModel):
    id: str
    title_zh: str
    title_en: str
    elements: list[str]
    consequences_zh: list[str]
    consequences_en: list[str]
    source: str
    effective_from: date
    effective_to: date | None


class AssessmentRead(BaseModel):
    id: int
    scope: str
    mark_number: str | None
    mark_text: str | None
    applicant: str
    applicant_name: str
    party_id: int | None
    reference_date: date
    assessed_on: date
    rule: RuleRead
    risk: str
    explanation_zh: str
    explanation_en: str
    profile: dict[str, Any]
    signals: list[dict[str, Any]]
    status: str
    decision_reason: str | None
    decided_by: int | None
    decided_at: datetime | None
    credit_proposal_id: int | None
    created_at: datetime
    version: int


class AssessmentPage(BaseModel):
    total: int
    items: list[AssessmentRead]


class ProfileRead(BaseModel):
    """A live profile: the signals as they stand, not stored (assess to put it in the queue)."""

    applicant: str
    applicant_name: str
    reference_date: date
    assessed_on: date
    rule: RuleRead
    risk: str
    explanation_zh: str
    explanation_en: str
    profile: dict[str, Any]
    signals: list[dict[str, Any]]


class AssignmentRead(BaseModel):
    id: int
    mark_number: str
    kind: str
    assignor: str
    assignee: str
    dated_on: date
    reference: str | None


class UseEvidenceRead(BaseModel):
    id: int
    mark_number: str
    used_from: date
    used_to: date
    description: str
    reference: str | None


class ScopeRead(BaseModel):
    applicant: str
    applicant_name: str
    classes: list[int]
    description: str
    source: str
    version: int
