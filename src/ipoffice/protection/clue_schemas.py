"""Shapes of clue transfer: what a sender sends, each action's request, and what is read back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ipoffice.protection.clue_workflow import ClueStatus

SourceKind = Literal[
    "ecommerce_platform",
    "exhibition",
    "region_bureau",
    "market_regulation",
    "customs",
    "court",
    "public_security",
    "public_report",
    "other",
]
Department = Literal[
    "ip_office", "market_regulation", "customs", "court", "public_security", "other"
]
Category = Literal[
    "patent_infringement",
    "patent_counterfeiting",
    "trademark_infringement",
    "geographical_indication",
    "abnormal_patent_filing",
    "malicious_trademark_filing",
    "agency_misconduct",
    "other",
]
FeedbackOutcome = Literal["case_opened", "no_infringement", "not_competent"]
Box = Literal["inbox", "outbox"]


def _stripped(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ClueSend(_Strict):
    """A clue a desk sends to another region's bureau or department."""

    source_kind: SourceKind
    source_ref: str | None = Field(default=None, max_length=200)
    category: Category
    subject_name: str = Field(min_length=1, max_length=300)
    subject_uscc: str | None = Field(default=None, max_length=40)
    summary: str = Field(min_length=1, max_length=8000)
    receiver_region: str = Field(min_length=1, max_length=20)
    receiver_department: Department = "ip_office"
    due_working_days: int | None = Field(default=None, ge=1, le=1000)

    _strip = field_validator("source_ref", "subject_uscc")(_stripped)


class ScreeningTransfer(_Strict):
    """Send a screening clue draft to the bureau of its division (or the region named)."""

    screening_clue_id: int = Field(ge=1)
    receiver_region: str | None = Field(default=None, max_length=20)
    receiver_department: Department = "ip_office"
    category: Category = "abnormal_patent_filing"
    due_working_days: int | None = Field(default=None, ge=1, le=1000)


class VersionedNote(_Strict):
    expected_version: int = Field(ge=1)
    note: str | None = Field(default=None, max_length=4000)

    _strip = field_validator("note")(_stripped)


class Feedback(_Strict):
    expected_version: int = Field(ge=1)
    outcome: FeedbackOutcome
    text: str = Field(min_length=1, max_length=8000)
    case_reference: str | None = Field(default=None, max_length=100)

    _strip = field_validator("case_reference")(_stripped)


class PassOn(_Strict):
    expected_version: int = Field(ge=1)
    receiver_region: str = Field(min_length=1, max_length=20)
    receiver_department: Department = "ip_office"
    due_working_days: int | None = Field(default=None, ge=1, le=1000)
    note: str = Field(min_length=1, max_length=4000)


class Withdrawal(_Strict):
    expected_version: int = Field(ge=1)
    reason: str = Field(min_length=1, max_length=4000)


class EventRead(BaseModel):
    code: str
    label_zh: str
    label_en: str
    at: datetime
    occurred_on: date
    actor_id: int | None
    actor_desk: str | None
    from_region: str | None
    to_region: str | None
    to_department: str | None
    due_date: date | None
    outcome: str | None
    note: str | None


class HopRead(BaseModel):
    """One link of the chain: from which desk to which region, and how it ended."""

    from_region: str
    from_name_zh: str
    from_name_en: str
    to_region: str
    to_name_zh: str
    to_name_en: str
    department: str
    sent_on: date
    due_date: date
    outcome: str | None


class ClueRead(BaseModel):
    id: int
    source_kind: str
    source_ref: str | None
    screening_clue_id: int | None
    category: str
    subject_name: str
    subject_uscc: str | None
    summary: str
    sender_region: str
    sender_name_zh: str
    sender_name_en: str
    sent_on: date
    receiver_region: str
    receiver_name_zh: str
    receiver_name_en: str
    receiver_department: str
    status: ClueStatus
    status_label_zh: str
    status_label_en: str
    due_working_days: int
    due_date: date
    overdue: bool
    hops: int
    outcome: str | None
    feedback: str | None
    case_reference: str | None
    closed_at: datetime | None
    version: int


class ClueDetail(ClueRead):
    chain: list[HopRead]
    timeline: list[EventRead]
    # What the caller may do now (its side of the clue and the clue's status).
    sides: list[str]
    next_statuses: list[ClueStatus]


class BoxCounts(BaseModel):
    total: int
    by_status: dict[str, int]
    overdue: int
    # Clues waiting for this desk (inbox: it holds them open; outbox: open at the receiver).
    open: int


class CluePage(BaseModel):
    box: Box
    desk: str
    total: int
    counts: dict[str, BoxCounts]
    items: list[ClueRead]
