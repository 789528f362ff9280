"""Public pages: the home page (per role) and the status inquiry, which works on a phone."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from ipoffice.applications.service import get_by_number, public_status
from ipoffice.core.errors import DomainError
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.web.access import DbSession, OfficeCalendar, public
from ipoffice.web.render import render

router = APIRouter(include_in_schema=False)

# What each role can use today: only pages that exist are listed.
HOME_LINKS: dict[Role, list[tuple[str, str]]] = {
    Role.APPLICANT: [("home.my_applications", "/applications")],
    Role.AGENT: [("home.my_applications", "/applications")],
    Role.EXAMINER: [("home.workbench", "/workbench"), ("home.examination_queue", "/applications")],
    Role.ENFORCEMENT_OFFICER: [],
    Role.ZONE_EVALUATOR: [],
    Role.ADMINISTRATOR: [
        ("home.workbench", "/workbench"),
        ("home.examination_queue", "/applications"),
        ("home.users", "/admin/users"),
        ("home.audit", "/admin/audit"),
    ],
}


def links_for(principal: Principal | None) -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = [("nav.inquiry", "/inquiry")]
    if principal is None:
        return links
    for role in sorted(principal.roles):
        for link in HOME_LINKS[role]:
            if link not in links:
                links.append(link)
    return links


@router.get("/")
def home(request: Request, principal: Principal | None = public(page=True)) -> Response:
    return render(request, "home.html", {"links": links_for(principal)})


@router.get("/inquiry")
def inquiry(
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    number: Annotated[str | None, Query(max_length=40)] = None,
    _: Principal | None = public(page=True),
) -> Response:
    """The inquiry form; with `number`, the result below it (only the result for htmx)."""
    result = error = None
    status = 200
    if number is not None and number.strip():
        try:
            result = public_status(get_by_number(session, number), calendar)
        except DomainError as exc:
            error, status = exc, exc.status_code
    partial = request.headers.get("hx-request") == "true"
    template = "inquiry_result.html" if partial else "inquiry.html"
    context = {"number": number or "", "result": result, "error": error}
    # htmx swaps only successful responses, so the partial answers 200 with the message.
    return render(request, template, context, status_code=200 if partial else status)
