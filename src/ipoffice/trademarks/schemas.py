"""Request and response shapes of the trademark register."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MarkKind = Literal["word", "figurative", "combined"]
MarkStatus = Literal[
    "filed",
    "preliminarily_approved",
    "registered",
    "refused",
    "withdrawn",
    "invalidated",
    "revoked",
    "expired",
]
MAX_GOODS_LINES = 300


class GoodsLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # A class number (9), a similar group (0907) or an item (090719, C090146).
    code: str = Field(min_length=1, max_length=12)
    # The goods as named in the filing; default: the table's name of the code.
    name: str | None = Field(default=None, max_length=200)


class MarkCreate(BaseModel):
    """A mark entered in the register. Applicants and agents file marks dated today with
    status `filed`; office staff may also enter existing register records (number, status,
    dates)."""

    model_config = ConfigDict(extra="forbid")

    kind: MarkKind
    text: str = Field(default="", max_length=200)
    text_language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    applicant_id: int | None = Field(default=None, ge=1)
    applicant_name: str | None = Field(default=None, max_length=300)
    goods: list[GoodsLineIn] = Field(min_length=1, max_length=MAX_GOODS_LINES)
    priority_date: date | None = None
    # The trademark application filed on the platform this mark belongs to.
    application_number: str | None = Field(default=None, max_length=40)
    # Office staff only:
    number: str | None = Field(default=None, max_length=40)
    filing_date: date | None = None
    status: MarkStatus = "filed"
    registration_date: date | None = None


class GoodsLineRead(BaseModel):
    class_number: int
    group_code: str | None
    item_code: str | None
    name: str
    edition: str | None


class MarkImageRead(BaseModel):
    sha256: str
    format: str
    width: int
    height: int
    byte_size: int
    phash: str
    dhash: str
    whash: str
    keypoint_count: int


class MarkRead(BaseModel):
    id: int
    number: str
    kind: MarkKind
    text: str
    scripts: list[str]
    text_language: str | None
    applicant_name: str
    applicant_id: int | None
    filing_date: date
    priority_date: date | None
    status: MarkStatus
    registration_date: date | None
    well_known: bool
    well_known_basis: str | None
    well_known_on: date | None
    application_id: int | None
    goods: list[GoodsLineRead]
    goods_edition: str | None
    image: MarkImageRead | None
    version: int


class MarkPage(BaseModel):
    total: int
    items: list[MarkRead]


class WellKnownRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The recognition decision, e.g. "商评字[2025]第0001号 驰名商标认定".
    basis: str = Field(min_length=2, max_length=300)
    recognized_on: date
    expected_version: int = Field(ge=1)


class GoodsItemRead(BaseModel):
    code: str
    name: str
    group_code: str
    group_name: str
    class_number: int


class GoodsLookup(BaseModel):
    edition: str | None
    # Set when no table is loaded: the platform works at class level only.
    notice_zh: str | None = None
    notice_en: str | None = None
    items: list[GoodsItemRead]
