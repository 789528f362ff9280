"""Shapes of the typical-case library: an officer's draft, and what officers and the public read."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ipoffice.protection.typical_workflow import CaseStatus

CaseType = Literal[
    "patent_infringement_dispute",
    "patent_counterfeiting",
    "trademark_infringement",
    "trademark_counterfeiting",
    "geographical_indication",
    "abnormal_patent_filing",
    "malicious_trademark_filing",
    "agency_misconduct",
    "ecommerce",
    "other",
]
MIN_YEAR = 1985  # the Patent Law came into force on 1985-04-01
MAX_YEAR = 2100
MAX_TAGS = 20


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


class TypicalCaseWrite(BaseModel):
    """A case as an officer drafts it; Chinese and English texts are each optional, but the
    case needs a title and a summary in at least one language."""

    model_config = ConfigDict(extra="forbid")

    case_type: CaseType
    region_code: str | None = Field(default=None, max_length=20)
    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR)
    title_zh: str | None = Field(default=None, max_length=300)
    title_en: str | None = Field(default=None, max_length=300)
    summary_zh: str | None = Field(default=None, max_length=4000)
    summary_en: str | None = Field(default=None, max_length=4000)
    body_zh: str | None = Field(default=None, max_length=100_000)
    body_en: str | None = Field(default=None, max_length=100_000)
    tags: list[str] = Field(default_factory=list, max_length=MAX_TAGS)
    source_ref: str | None = Field(default=None, max_length=300)

    _blank = field_validator(
        "region_code", "title_zh", "title_en", "summary_zh", "summary_en", "body_zh", "body_en",
        "source_ref",
    )(_blank_to_none)  # fmt: skip

    @field_validator("tags")
    @classmethod
    def _tags(cls, tags: list[str]) -> list[str]:
        cleaned = [t.strip() for t in tags if t.strip()]
        too_long = [t for t in cleaned if len(t) > 40]
        if too_long:
            raise ValueError(f"a tag has at most 40 characters: {too_long[0][:50]!r}")
        return list(dict.fromkeys(cleaned))

    @model_validator(mode="after")
    def _one_language_at_least(self) -> TypicalCaseWrite:
        if not (self.title_zh or self.title_en):
            raise ValueError("a case needs a title in Chinese or in English")
        if not (self.summary_zh or self.summary_en):
            raise ValueError("a case needs a summary in Chinese or in English")
        return self


class StatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expected_version: int = Field(ge=1)
    note: str | None = Field(default=None, max_length=2000)


class TypicalCaseUpdate(TypicalCaseWrite):
    expected_version: int = Field(ge=1)


class TypicalCaseRead(BaseModel):
    """The full case (the public sees published cases only)."""

    id: int
    case_type: str
    case_type_zh: str
    case_type_en: str
    region_code: str | None
    region_name_zh: str | None
    region_name_en: str | None
    year: int
    title_zh: str | None
    title_en: str | None
    summary_zh: str | None
    summary_en: str | None
    body_zh: str | None
    body_en: str | None
    tags: list[str]
    source_ref: str | None
    status: CaseStatus
    published_at: datetime | None
    version: int


class SegmentRead(BaseModel):
    text: str
    match: bool


class SearchHit(BaseModel):
    id: int
    case_type: str
    case_type_zh: str
    case_type_en: str
    region_code: str | None
    region_name: str | None
    year: int
    tags: list[str]
    source_ref: str | None
    # Title and summary in the asked language where present, else the other one.
    lang: Literal["zh", "en"]
    title: list[SegmentRead]
    snippet: list[SegmentRead]
    score: float | None


class SearchPage(BaseModel):
    query: str | None
    terms: list[str]
    total: int
    page: int
    size: int
    pages: int
    items: list[SearchHit]
