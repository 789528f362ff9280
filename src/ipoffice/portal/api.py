"""Public API: health and the status inquiry anyone may make."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
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


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request, _: Principal | None = public()) -> HTMLResponse:
    """Interactive API documentation, served from vendored files (no internet needed)."""
    return get_swagger_ui_html(
        openapi_url=str(request.app.openapi_url),
        title="ipoffice API",
        swagger_js_url="/static/swagger-ui-bundle-5.35.0.js",
        swagger_css_url="/static/swagger-ui-5.35.0.css",
        swagger_favicon_url="/static/favicon.svg",
    )


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
