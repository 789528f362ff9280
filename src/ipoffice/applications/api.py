"""Applications API for applicants, agents and examiners."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from ipoffice.applications.schemas import ApplicationCreate, ApplicationRead, TransitionRequest
from ipoffice.applications.service import (
    can_view,
    do_change_status,
    do_file_application,
    full_record,
    get_by_number,
    list_for,
)
from ipoffice.applications.workflow import Kind, Status
from ipoffice.core.clock import office_today
from ipoffice.core.errors import NotFound
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.web.access import DbSession, OfficeCalendar, allow

router = APIRouter(prefix="/api/v1/applications", tags=["applications"])

NumberPath = Annotated[str, Path(max_length=40)]


class ApplicationPage(BaseModel):
    total: int
    items: list[ApplicationRead]


@router.get("", response_model=ApplicationPage)
def list_applications(
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.APPLICANT, Role.AGENT, Role.EXAMINER, Role.ADMINISTRATOR),
    status: Status | None = None,
    kind: Kind | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ApplicationPage:
    """Applications the caller may see: its own (applicant side) or all (office)."""
    rows, total = list_for(session, principal, status=status, kind=kind, limit=limit, offset=offset)
    return ApplicationPage(total=total, items=[full_record(a, calendar) for a in rows])


@router.post("", response_model=ApplicationRead, status_code=201)
def file_application(
    data: ApplicationCreate,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.APPLICANT, Role.AGENT),
    idempotency_key: Annotated[str | None, Header(max_length=100)] = None,
) -> JSONResponse:
    """File an application. Send an `Idempotency-Key` header to make retries safe: the same
    key returns the first result (200) instead of filing again."""
    application, created = do_file_application(
        session,
        actor=principal.actor,
        principal=principal,
        data=data,
        filing_date=office_today(),
        submission_key=idempotency_key,
    )
    body = full_record(application, calendar).model_dump(mode="json")
    return JSONResponse(body, status_code=201 if created else 200)


@router.get("/{number}", response_model=ApplicationRead)
def read_application(
    number: NumberPath,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.APPLICANT, Role.AGENT, Role.EXAMINER, Role.ADMINISTRATOR),
) -> ApplicationRead:
    application = get_by_number(session, number)
    if not can_view(principal, application):
        # Not 403: whether someone else's application exists is not the caller's business.
        raise NotFound(f"no application with number {number.strip()}", field="number")
    return full_record(application, calendar)


@router.post("/{number}/transitions", response_model=ApplicationRead)
def change_status(
    number: NumberPath,
    request: TransitionRequest,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.APPLICANT, Role.AGENT, Role.EXAMINER),
) -> ApplicationRead:
    """Move an application to its next status; `expected_version` guards against lost updates."""
    application = do_change_status(
        session,
        principal=principal,
        number=number,
        target=request.to_status,
        expected_version=request.expected_version,
        on=office_today(),
        note=request.note,
    )
    return full_record(application, calendar)
