"""Public API: health and the status inquiry anyone may make."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from sqlalchemy import text

from ipoffice.applications.schemas import PublicStatus
from ipoffice.applications.service import get_by_number, public_status
from ipoffice.core.identity import Principal
from ipoffice.web.access import DbSession, OfficeCalendar, public

router = APIRouter(tags=["public"])

NumberPath = Annotated[
    str,
    Path(
        max_length=40,
        description="Application number in any written form, e.g. `202310123456.6`, "
        "`2023 1 0123456.6`, `CN202310123456.6`, or a trademark number",
    ),
]


@router.get("/healthz")
def health(session: DbSession, _: Principal | None = public()) -> dict[str, str]:
    session.execute(text("SELECT 1"))
    return {"status": "ok"}


@router.get(
    "/api/v1/applications/{number}/status",
    response_model=PublicStatus,
    responses={404: {"description": "No such application"}, 422: {"description": "Malformed"}},
)
def application_status(
    number: NumberPath,
    session: DbSession,
    calendar: OfficeCalendar,
    _: Principal | None = public(),
) -> PublicStatus:
    """Public status of an application: number, title once public, type, status, key dates
    and the public timeline."""
    return public_status(get_by_number(session, number), calendar)
