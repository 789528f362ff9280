"""Trademark conflict search over HTTP (Trademark Law Art. 30, 31, 13).

`POST /api/v1/trademarks/search`: a word mark with classes or goods and a date; any logged-in
user (a search before filing is a public service). `GET /api/v1/trademarks/applications/
{number}/conflicts`: the earlier marks in conflict with an application; examiners and
administrators.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, cast

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from ipoffice.core.identity import Principal
from ipoffice.core.roles import FILERS, OFFICE_STAFF, Role
from ipoffice.db.engine import Database
from ipoffice.settings import Settings
from ipoffice.trademarks.conflict_service import application_conflicts, search_register
from ipoffice.trademarks.conflicts import DEFAULT_TOP, MAX_TOP
from ipoffice.trademarks.mark_text import MAX_MARK_CHARS
from ipoffice.web.access import allow

router = APIRouter(prefix="/api/v1/trademarks", tags=["trademarks"])

_CALLERS = tuple(sorted(OFFICE_STAFF | FILERS))
_EXAMINERS = (Role.EXAMINER, Role.ADMINISTRATOR)


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=10 * MAX_MARK_CHARS, description="The word mark")
    classes: list[int] = Field(default_factory=list, max_length=45, description="Nice classes")
    goods: list[str] = Field(
        default_factory=list, max_length=300, description="Class, group or item codes"
    )
    before: date | None = Field(
        default=None, description="The mark's filing (or priority) date: earlier marks only"
    )
    # Checked by the service, which names the field in its own message.
    top: int = Field(default=DEFAULT_TOP, description=f"Results, 1 to {MAX_TOP}")


class ConflictOut(BaseModel):
    number: str
    text: str
    score: float
    similar: bool
    ground: str
    ground_zh: str
    ground_en: str
    explanation_zh: str
    explanation_en: str
    aspects: dict[str, dict[str, Any]]
    decisive: list[str]
    classes: list[int]
    groups: list[str]
    filing_date: date
    priority_date: date | None
    status: str
    well_known: bool
    same_day: bool


class SearchResponse(BaseModel):
    query: dict[str, Any]
    notices: list[dict[str, str]]
    index: dict[str, int]
    conflicts: list[ConflictOut]


def _context(request: Request) -> tuple[Database, Settings]:
    settings = cast(Settings, request.app.state.settings)
    return cast(Database, request.app.state.db), settings


@router.post("/search", response_model=SearchResponse)
def search(
    body: SearchRequest, request: Request, _: Principal = allow(*_CALLERS)
) -> dict[str, Any]:
    """Earlier marks that would conflict with this word mark: similar marks on identical or
    similar goods (Art. 30, 31; same-day filings flagged), registered well-known marks on any
    goods (Art. 13), ranked by similarity, each with its aspects and ground. An aid to the
    examiner, not a decision."""
    db, settings = _context(request)
    with db.session(write=False) as session:
        return search_register(
            session,
            home=settings.home,
            database_url=settings.resolved_database_url,
            text=body.text,
            classes=body.classes,
            goods=body.goods,
            before=body.before,
            top=body.top,
        )


@router.get("/applications/{number}/conflicts", response_model=SearchResponse)
def conflicts(
    number: Annotated[str, Path(max_length=40)],
    request: Request,
    top: Annotated[int, Query()] = DEFAULT_TOP,
    _: Principal = allow(*_EXAMINERS),
) -> dict[str, Any]:
    """The earlier marks in conflict with a trademark application (its mark in the register,
    else its title and classes); the applicant's own marks are not cited."""
    db, settings = _context(request)
    with db.session(write=False) as session:
        return application_conflicts(
            session,
            home=settings.home,
            database_url=settings.resolved_database_url,
            number=number,
            top=top,
        )
