"""Request and answer shapes of the patent dispute case API."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ipoffice.protection.case_workflow import CaseStatus

PartyRole = Literal["requester", "respondent"]
PartyKind = Literal["person", "organisation"]
SuspensionReason = Literal["invalidation_pending", "party_request", "court_case", "other"]
Outcome = Literal["infringement_found", "infringement_not_found", "request_dismissed"]
Submitter = Literal["requester", "respondent", "office"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PartyIn(Strict):
    role: PartyRole
    kind: PartyKind
    name: str = Field(min_length=1, max_length=300)
    uscc: str | None = Field(default=None, max_length=40, description="required for organisations")
    address: str | None = Field(default=None, max_length=500)


class CaseCreate(Strict):
    patent_number: str = Field(min_length=1, max_length=40)
    patent_title: str | None = Field(default=None, max_length=500)
    request_text: str = Field(min_length=1, max_length=20_000)
    claims: list[int] = Field(min_length=1, max_length=200, description="claim numbers alleged")
    parties: list[PartyIn] = Field(min_length=2, max_length=50)
    received_on: date | None = Field(default=None, description="default: today (Beijing)")

    @field_validator("claims")
    @classmethod
    def _claims(cls, value: list[int]) -> list[int]:
        for number in value:
            if not 1 <= number <= 9999:
                raise ValueError(f"claim number {number} is not between 1 and 9999")
        if len(set(value)) != len(value):
            raise ValueError("a claim number is listed twice")
        return sorted(value)


class Action(Strict):
    expected_version: int = Field(ge=1)
    on: date | None = Field(default=None, description="date of the step; default today")
    note: str | None = Field(default=None, max_length=4000)


class RefuseAction(Action):
    reasons: str = Field(min_length=1, max_length=8000)


class PanelAction(Action):
    members: list[str] = Field(min_length=3, max_length=15, description="usernames of officers")
    presiding: str = Field(min_length=1, max_length=64)


class HearingAction(Action):
    hearing_on: date
    time_of_day: str | None = Field(default=None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    place: str = Field(min_length=1, max_length=300)
    notice: str | None = Field(default=None, max_length=4000)


class SuspendAction(Action):
    reason: SuspensionReason


class ExtensionAction(Action):
    reason: str = Field(min_length=1, max_length=4000)


class AgreementAction(Action):
    agreement_text: str = Field(min_length=1, max_length=20_000)


class DecisionAction(Action):
    outcome: Outcome
    findings: str = Field(min_length=1, max_length=50_000)
    reasons: str = Field(min_length=1, max_length=50_000)
    orders: str | None = Field(default=None, max_length=10_000)


class DeadlineRead(BaseModel):
    key: str
    rule_id: str
    title_zh: str
    title_en: str
    source: str
    holder: str
    start: date
    due: date | None
    state: str
    moved_from: date | None
    done_on: date | None
    effective_from: date | None
    extension_months: int
    suspended_days: int
    paused_since: date | None
    problem: str | None
    notes: list[str]


class PartyRead(BaseModel):
    role: str
    kind: str
    name: str
    uscc: str | None
    address: str | None


class EventRead(BaseModel):
    date: date
    code: str
    label_zh: str
    label_en: str
    note: str | None
    actor: str | None


class SuspensionRead(BaseModel):
    reason: str
    note: str | None
    started_on: date
    ended_on: date | None
    days: int | None


class PanelRead(BaseModel):
    username: str
    display_name: str
    presiding: bool


class HearingRead(BaseModel):
    hearing_on: date
    time_of_day: str | None
    place: str
    notified_on: date
    notice: str | None


class MediationRead(BaseModel):
    started_on: date
    ended_on: date | None
    result: str | None
    agreement_text: str | None
    note: str | None


class ExtensionRead(BaseModel):
    approved_on: date
    months: int
    rule_source: str
    reason: str
    approved_by: str


class EvidenceRead(BaseModel):
    id: int
    filename: str
    file_type: str
    media_type: str
    size: int
    sha256: str
    submitted_by: str
    description: str | None
    received_at: str


class DecisionRead(BaseModel):
    issued_on: date
    outcome: str
    served_on: date | None
    document_sha256: str


class CaseSummary(BaseModel):
    number: str
    region_code: str
    status: CaseStatus
    status_label_zh: str
    status_label_en: str
    patent_number: str
    requester: str
    respondent: str
    received_on: date
    accepted_on: date | None
    closed_on: date | None
    flag: str
    next_due: date | None
    next_due_rule: str | None
    version: int


class CaseRead(CaseSummary):
    patent_display: str
    patent_title: str | None
    request_text: str
    served_on: date | None
    answered_on: date | None
    refusal_reasons: str | None
    handler: str
    claims: list[int]
    parties: list[PartyRead]
    deadlines: list[DeadlineRead]
    timeline: list[EventRead]
    suspensions: list[SuspensionRead]
    extension: ExtensionRead | None
    panel: list[PanelRead]
    hearings: list[HearingRead]
    mediations: list[MediationRead]
    evidence: list[EvidenceRead]
    decision: DecisionRead | None
    next_statuses: list[CaseStatus]


class CasePage(BaseModel):
    total: int
    items: list[CaseSummary]
