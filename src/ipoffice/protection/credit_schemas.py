"""Shapes of the credit register at the boundary: what officers and subjects send (checked
strictly) and what the register, the public list and the measures look like."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

SubjectType = Literal["organisation", "person", "agency"]
IdType = Literal["uscc", "resident_id", "passport", "other"]
Decision = Literal["approve", "refuse"]


def _stripped(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    return value


def _optional(value: str | None) -> str | None:
    return (value or "").strip() or None


Text = Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(_stripped)]
OptionalText = Annotated[
    str | None, Field(default=None, max_length=4000), AfterValidator(_optional)
]
Authority = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_stripped)]
Document = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_stripped)]
Version = Annotated[int, Field(ge=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Basis(_Strict):
    """The decision a listing or an extension rests on."""

    basis_authority: Authority
    basis_document: Document
    basis_date: date


class ListingCreate(Basis):
    """List a subject: from a screening proposal (`proposal_id`; the subject and category come
    from it unless given) or directly (subject and category required)."""

    proposal_id: int | None = Field(default=None, ge=1)
    dispute_case_id: int | None = Field(default=None, ge=1)
    subject_name: Annotated[str | None, Field(default=None, max_length=300)] = None
    subject_type: SubjectType | None = None
    id_type: IdType | None = None
    id_number: Annotated[str | None, Field(default=None, max_length=64)] = None
    category: Annotated[str | None, Field(default=None, max_length=48)] = None
    start: date | None = Field(
        default=None, description="The first day on the list; today if empty"
    )
    note: OptionalText = None


class ExtensionCreate(Basis):
    """A repeat offence during the listing, decided by `basis_*`."""

    expected_version: Version
    note: OptionalText = None


class RepairCreate(_Strict):
    statement: Text
    evidence_reference: Annotated[str | None, Field(default=None, max_length=500)] = None
    expected_version: Version


class RepairReview(_Strict):
    decision: Decision
    reason: Text
    expected_version: Version = Field(description="The repair application's version")


class Revocation(_Strict):
    """The decision the listing rests on was revoked."""

    revoking_authority: Authority
    revoking_document: Document
    revoked_on: date
    reason: Text
    expected_version: Version


class ExtensionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    basis_authority: str
    basis_document: str
    basis_date: date
    decided_on: date
    previous_end: date
    new_end: date
    note: str | None
    extended_by: int | None


class RepairRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    record_id: int
    statement: str
    evidence_reference: str | None
    applied_on: date
    applied_by: int | None
    on_paper: bool
    status: str
    reviewed_by: int | None
    reviewed_on: date | None
    review_reason: str | None
    version: int


class CategoryView(BaseModel):
    category: str
    category_item: int
    category_title_zh: str
    category_title_en: str
    category_source: str


class RecordRead(CategoryView):
    """A register record as officers see it; `status` is the status on `as_of`."""

    id: int
    subject_name: str
    subject_type: str
    id_type: str
    id_number: str
    basis_authority: str
    basis_document: str
    basis_date: date
    screening_proposal_id: int | None
    dispute_case_id: int | None
    start_on: date
    end_on: date
    max_end_on: date
    repair_from: date
    stored_status: str
    status: str
    as_of: date
    published: bool
    note: str | None
    listed_by: int | None
    listed_at: datetime
    removed_on: date | None
    removal_reason: str | None
    removed_by: int | None
    pending_repair_id: int | None
    extensions: list[ExtensionRead]
    repairs: list[RepairRead]
    version: int


class PublicEntry(CategoryView):
    """A record on the public list: a person's identity number is masked."""

    id: int
    subject_name: str
    subject_type: str
    id_type: str
    id_shown: str
    basis_authority: str
    basis_document: str
    basis_date: date
    start_on: date
    end_on: date
    status: str


class MeasureView(BaseModel):
    """A measure in force against a listed subject on a date, with the record it follows from
    and its source: what fee-reduction and priority-examination reviews check."""

    measure: str
    title_zh: str
    title_en: str
    source: str
    record_id: int
    subject_name: str
    id_type: str
    id_number: str
    category: str
    category_title_zh: str
    category_title_en: str
    basis_authority: str
    basis_document: str
    start_on: date
    end_on: date
    on: date
