"""Validated input and output shapes of parties."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ipoffice.core.divisions import validate_division_code
from ipoffice.core.errors import InvalidInput
from ipoffice.core.identifiers import validate_uscc


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


class PartyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["person", "organisation"]
    name_zh: str | None = Field(default=None, max_length=200)
    name_en: str | None = Field(default=None, max_length=300)
    uscc: str | None = Field(default=None, description="Unified social credit code (GB 32100)")
    region_code: str | None = Field(default=None, description="GB/T 2260 division code")
    country: str = Field(default="CN", min_length=2, max_length=2)
    address: str | None = Field(default=None, max_length=400)
    is_agency: bool = False

    @field_validator("name_zh", "name_en", "address")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return _clean(value)

    @field_validator("uscc")
    @classmethod
    def _uscc(cls, value: str | None) -> str | None:
        value = _clean(value)
        if value is None:
            return None
        try:
            return validate_uscc(value)
        except InvalidInput as exc:
            raise ValueError(exc.message) from exc

    @field_validator("region_code")
    @classmethod
    def _region(cls, value: str | None) -> str | None:
        value = _clean(value)
        if value is None:
            return None
        try:
            return validate_division_code(value)
        except InvalidInput as exc:
            raise ValueError(exc.message) from exc

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if not value.isalpha():
            raise ValueError("country must be a two-letter ISO 3166 code")
        return value.upper()

    @model_validator(mode="after")
    def _rules(self) -> PartyCreate:
        if not self.name_zh and not self.name_en:
            raise ValueError("a party needs a Chinese or an English name")
        if self.uscc and self.kind == "person":
            raise ValueError(
                "a unified social credit code belongs to an organisation, not a person"
            )
        if self.is_agency and self.kind != "organisation":
            raise ValueError("an agency must be an organisation")
        return self


class PartyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    is_agency: bool
    name_zh: str | None
    name_en: str | None
    uscc: str | None
    region_code: str | None
    country: str
    address: str | None
