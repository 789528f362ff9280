"""Validated input and output shapes of trademark examination and proceedings."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from ipoffice.trademarks.examination_periods import TmDeadline
from ipoffice.trademarks.tm_workflow import GROUNDS_BY_CODE, Outcome

Version = Field(ge=1, description="The version the caller saw; a stale version is refused (409)")


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be blank")
    return value


def _grounds(value: list[str]) -> list[str]:
    unknown = [code for code in value if code not in GROUNDS_BY_CODE]
    if unknown:
        raise ValueError(
            f"unknown ground(s) {', '.join(unknown)}; known: {', '.join(GROUNDS_BY_CODE)}"
        )
    if len(set(value)) != len(value):
        raise ValueError("a ground is listed twice")
    return value


Text = Annotated[str, AfterValidator(_text)]
Grounds = Annotated[list[str], AfterValidator(_grounds)]


class GoodsItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nice_class: int = Field(ge=1, le=45)
    goods: Text = Field(min_length=1, max_length=200)


class AnnouncementCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    issue_number: str = Field(pattern=r"^[0-9]{1,6}$", description="Gazette issue, e.g. 1890")
    announced_on: date
    expected_version: int = Version
    note: str | None = Field(default=None, max_length=2000)


class RefusalCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scope: Literal["whole", "partial"]
    refused_goods: list[GoodsItem] = Field(default_factory=list, max_length=500)
    grounds: Grounds = Field(min_length=1, max_length=12)
    reasons: Text = Field(min_length=1, max_length=20_000)
    decided_on: date
    notice_dispatched_on: date
    expected_version: int = Version

    @model_validator(mode="after")
    def _goods_follow_scope(self) -> RefusalCreate:
        if self.scope == "partial" and not self.refused_goods:
            raise ValueError("a partial refusal names the refused goods (refused_goods)")
        if self.scope == "whole" and self.refused_goods:
            raise ValueError("a whole refusal covers every good: leave refused_goods empty")
        return self


class NoticeReceipt(BaseModel):
    model_config = ConfigDict(extra="forbid")

    received_on: date
    expected_version: int = Version


class RegistrationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expected_version: int = Version


class OppositionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    application_number: str = Field(min_length=1, max_length=40)
    grounds: Grounds = Field(min_length=1, max_length=12)
    statement: Text = Field(min_length=1, max_length=20_000)
    earlier_right: Text | None = Field(
        default=None,
        max_length=500,
        description="The earlier right or interest relied on; required for relative grounds",
    )
    opposer_party_id: int | None = Field(
        default=None, description="Required for agents: the client who opposes"
    )

    @model_validator(mode="after")
    def _relative_grounds_need_a_right(self) -> OppositionCreate:
        relative = [g for g in self.grounds if GROUNDS_BY_CODE[g].relative]
        if relative and not self.earlier_right:
            raise ValueError(
                f"ground(s) {', '.join(relative)} may be raised only by an earlier right holder "
                "or an interested party (Trademark Law Art. 33): describe the right in "
                "earlier_right"
            )
        return self


class ReviewCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refusal_id: int = Field(ge=1)
    statement: Text = Field(min_length=1, max_length=20_000)


class ServiceRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    served_on: date
    expected_version: int = Version


class AnswerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: Text = Field(min_length=1, max_length=20_000)
    expected_version: int = Version


class ExtensionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    approved_on: date
    approval_reference: Text = Field(min_length=1, max_length=200)
    expected_version: int = Version


class DecisionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Outcome
    decided_on: date
    reasons: Text = Field(min_length=1, max_length=20_000)
    goods: list[GoodsItem] = Field(
        default_factory=list, max_length=500, description="Goods refused, for a partial refusal"
    )
    expected_version: int = Version


class CloseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: Text | None = Field(default=None, max_length=2000)
    expected_version: int = Version


class AnnouncementRead(BaseModel):
    id: int
    issue_number: str
    announced_on: date


class RefusalRead(BaseModel):
    id: int
    stage: str
    scope: str
    refused_goods: list[GoodsItem]
    grounds: list[str]
    reasons: str
    decided_on: date
    notice_dispatched_on: date
    notice_received_on: date | None
    version: int


class ProceedingRead(BaseModel):
    id: int
    kind: str
    status: str
    application_number: str
    display_number: str
    mark: str
    filed_on: date
    announced_on: date | None
    refusal_id: int | None
    party_id: int
    grounds: list[str]
    earlier_right: str | None
    statement: str | None = Field(description="Withheld from the opposed side until served")
    served_on: date | None
    answered_on: date | None
    answer: str | None
    extension_approved_on: date | None
    extension_reference: str | None
    decided_on: date | None
    outcome: str | None
    decision_goods: list[GoodsItem]
    decision_note: str | None
    closed_note: str | None
    version: int
    deadlines: list[TmDeadline]
    # What the caller may do next: "serve", "answer", "extend", "decide", "withdraw", ...
    actions: list[str]


class DossierRead(BaseModel):
    number: str
    display_number: str
    mark: str
    status: str
    filing_date: date
    nice_classes: list[int]
    version: int
    announcements: list[AnnouncementRead]
    refusals: list[RefusalRead]
    proceedings: list[ProceedingRead]
    deadlines: list[TmDeadline]
    actions: list[str]
