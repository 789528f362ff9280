"""Validated input and output shapes of applications."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ipoffice.applications.deadlines import DeadlineView
from ipoffice.applications.workflow import Kind, Status


class ApplicationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind
    title: str = Field(min_length=1, max_length=500, description="Title in the filing language")
    title_en: str | None = Field(default=None, max_length=500)
    lang: Literal["zh", "en"] = "zh"
    priority_date: date | None = None
    applicant_id: int | None = Field(
        default=None, description="Required for agents; an applicant files for its own party"
    )
    nice_classes: list[int] | None = Field(
        default=None, description="Trademarks only: Nice classes 1-45"
    )

    @field_validator("title", "title_en")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = " ".join(value.split())
        if not value:
            raise ValueError("must not be blank")
        return value

    @field_validator("nice_classes")
    @classmethod
    def _classes(cls, value: list[int] | None) -> list[int] | None:
        if value is None:
            return None
        bad = [c for c in value if not 1 <= c <= 45]
        if bad:
            raise ValueError(f"Nice classes run from 1 to 45; got {bad}")
        if not value:
            raise ValueError("name at least one Nice class")
        return sorted(set(value))

    @model_validator(mode="after")
    def _kind_rules(self) -> ApplicationCreate:
        if self.kind == Kind.TRADEMARK and not self.nice_classes:
            raise ValueError("a trademark application needs nice_classes")
        if self.kind != Kind.TRADEMARK and self.nice_classes:
            raise ValueError("nice_classes apply to trademark applications only")
        return self


class TransitionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to_status: Status
    expected_version: int = Field(
        ge=1, description="The version the caller saw; a stale version is refused with 409"
    )
    note: str | None = Field(default=None, max_length=2000)


class EventRead(BaseModel):
    date: date
    code: str
    label_zh: str
    label_en: str


class PublicStatus(BaseModel):
    """What anyone may see about an application: no parties, no internal notes."""

    number: str
    display_number: str
    kind: Kind
    kind_label_zh: str
    kind_label_en: str
    title: str | None = Field(description="Withheld (null) while the content is confidential")
    title_en: str | None
    status: Status
    status_label_zh: str
    status_label_en: str
    filing_date: date
    priority_date: date | None
    publication_date: date | None
    decision_date: date | None
    timeline: list[EventRead]
    deadlines: list[DeadlineView] = Field(
        default_factory=list, description="Legal periods running now, with their source"
    )


class ApplicationRead(PublicStatus):
    """The full record, for the applicant side and the office."""

    id: int
    version: int
    applicant_id: int
    agency_id: int | None
    nice_classes: list[int] | None
    lang: str
    next_statuses: list[Status]
