"""Pages for applications: the list (own for filers, all for the office) and one application."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from ipoffice.applications.service import (
    can_view,
    do_change_status,
    full_record,
    get_by_number,
    list_for,
)
from ipoffice.applications.workflow import KIND_LABELS, STATUS_LABELS, Kind, Status
from ipoffice.core.clock import office_today
from ipoffice.core.errors import DomainError, NotFound
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.protection.credit_web import application_credit_context
from ipoffice.web.access import DbSession, OfficeCalendar, allow
from ipoffice.web.render import render

router = APIRouter(include_in_schema=False)

VIEWERS = (Role.APPLICANT, Role.AGENT, Role.EXAMINER, Role.ADMINISTRATOR)
PAGE_SIZE = 25


@router.get("/applications")
def applications_page(
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(*VIEWERS, page=True),
    status: Status | None = None,
    kind: Kind | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    rows, total = list_for(
        session, principal, status=status, kind=kind, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    context = {
        "rows": [full_record(a, calendar) for a in rows],
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "status": status.value if status else "",
        "kind": kind.value if kind else "",
        "statuses": list(STATUS_LABELS),
        "kinds": list(KIND_LABELS),
    }
    return render(request, "applications.html", context)


@router.get("/applications/{number}")
def application_page(
    number: str,
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(*VIEWERS, page=True),
    changed: bool = False,
) -> Response:
    application = get_by_number(session, number)
    if not can_view(principal, application):
        raise NotFound(f"no application with number {number}", field="number")
    context = {"app": full_record(application, calendar), "changed": changed, "error": None}
    context |= application_credit_context(session, principal, application.applicant_id)
    return render(request, "application.html", context)


@router.post("/applications/{number}/status")
def change_status_form(
    number: str,
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    to_status: Annotated[Status, Form()],
    expected_version: Annotated[int, Form(ge=1)],
    note: Annotated[str, Form(max_length=2000)] = "",
    principal: Principal = allow(Role.APPLICANT, Role.AGENT, Role.EXAMINER, page=True),
) -> Response:
    try:
        application = do_change_status(
            session,
            principal=principal,
            number=number,
            target=to_status,
            expected_version=expected_version,
            on=office_today(),
            note=note.strip() or None,
        )
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        session.rollback()
        current = get_by_number(session, number)
        context = {"app": full_record(current, calendar), "changed": False, "error": exc.message}
        return render(request, "application.html", context, status_code=exc.status_code)
    return RedirectResponse(f"/applications/{application.number}?changed=1", status_code=303)
