"""Shapes of login, token and user requests."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from ipoffice.core.roles import Role


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)
    name: str = Field(default="api", max_length=100, description="What the token is for")


class TokenIssued(BaseModel):
    token: str = Field(description="Send as `Authorization: Bearer <token>`; shown only once")
    expires_at: datetime


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=3, max_length=64)
    display_name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=10, max_length=1024)
    roles: list[Role] = Field(min_length=1)
    party_id: int | None = None
    region_code: str | None = Field(default=None, pattern=r"^\d{6}$")


class UserRead(BaseModel):
    id: int
    username: str
    display_name: str
    roles: list[Role]
    party_id: int | None
    region_code: str | None
    is_active: bool


class AuditStatus(BaseModel):
    ok: bool
    checked: int
    first_bad_seq: int | None
    message: str
