"""Pages of trademark examination: the examination queue (by the 9-month deadline), the
opposition list, and an application's examination file with its proceedings, running
deadlines and the forms of the actions the caller may take."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.responses import Response

from ipoffice.applications.models import Application
from ipoffice.applications.service import display_number, is_owner
from ipoffice.applications.workflow import EVENT_LABELS
from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.clock import office_today
from ipoffice.core.errors import DomainError, NotFound
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.trademarks import examination
from ipoffice.trademarks.examination_forms import StepForm, form_model, parse_goods, run_step
from ipoffice.trademarks.examination_schemas import (
    AnnouncementCreate,
    NoticeReceipt,
    OppositionCreate,
    RefusalCreate,
    ReviewCreate,
)
from ipoffice.trademarks.examination_views import dossier, examination_queue, proceeding_read
from ipoffice.trademarks.proceedings import do_file_opposition, do_request_review, list_proceedings
from ipoffice.trademarks.tm_workflow import (
    OPPOSITION_GROUNDS,
    OUTCOMES,
    ProceedingKind,
    ProceedingStatus,
)
from ipoffice.web.access import DbSession, OfficeCalendar, allow
from ipoffice.web.render import render

router = APIRouter(include_in_schema=False)

VIEWERS = (Role.APPLICANT, Role.AGENT, Role.EXAMINER, Role.ADMINISTRATOR)
ACTORS = (Role.APPLICANT, Role.AGENT, Role.EXAMINER)
PAGE_SIZE = 25
BASE = "/trademark-examination"
M = TypeVar("M", bound=BaseModel)
STEPS = frozenset({"serve", "answer", "extend", "decide", "withdraw", "not_accept"})
DONE = STEPS | {"announced", "refused", "registered", "receipt", "opposed", "review"}


def _timeline(session: Session, principal: Principal, number: str) -> list[dict[str, Any]]:
    application = examination.load_trademark(session, number)
    inside = principal.has_any(frozenset({Role.EXAMINER, Role.ADMINISTRATOR})) or is_owner(
        principal, application
    )
    rows = []
    for event in application.events:
        if event.public or inside:
            labels = EVENT_LABELS.get(event.code, (event.code, event.code))
            rows.append({"date": event.occurred_on, "labels": labels, "public": event.public})
    return rows


def _dossier_page(
    request: Request,
    session: Session,
    principal: Principal,
    number: str,
    calendar: WorkingDayCalendar,
    *,
    done: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    today = office_today()
    context = {
        "d": dossier(session, principal, number, calendar=calendar, today=today),
        "timeline": _timeline(session, principal, number),
        "grounds": OPPOSITION_GROUNDS,
        "outcomes": {k.value: [o.value for o in v] for k, v in OUTCOMES.items()},
        "today": today,
        "done": done,
        "error": error,
        "is_agent": Role.AGENT in principal.roles,
    }
    return render(request, "trademark_dossier.html", context, status_code=status_code)


def _act(
    request: Request,
    session: Session,
    principal: Principal,
    number: str,
    calendar: WorkingDayCalendar,
    done: str,
    action: Callable[[], object],
) -> Response:
    """Run a form's action; on a domain error show the page again with the message."""
    try:
        action()
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        session.rollback()
        return _dossier_page(
            request,
            session,
            principal,
            number,
            calendar,
            error=exc.message,
            status_code=exc.status_code,
        )
    return RedirectResponse(f"{BASE}/{number}?done={done}", status_code=303)


@router.get(BASE)
def queue_page(
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.EXAMINER, Role.ADMINISTRATOR, page=True),
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    today = office_today()
    rows, total = examination_queue(
        session, calendar=calendar, today=today, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    items = [
        {"number": a.number, "display": display_number(a.kind, a.number), "mark": a.title,
         "status": a.status, "filing_date": a.filing_date, "deadline": d}
        for a, d in rows
    ]  # fmt: skip
    context = {
        "rows": items,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "today": today,
    }
    return render(request, "trademark_queue.html", context)


@router.get(f"{BASE}/oppositions")
def oppositions_page(
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.EXAMINER, Role.ADMINISTRATOR, page=True),
    status: ProceedingStatus | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    today = office_today()
    rows, total = list_proceedings(
        session,
        principal,
        kind=ProceedingKind.OPPOSITION,
        status=status,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    items = []
    for row in rows:
        application = session.get(Application, row.application_id)
        assert application is not None
        items.append(proceeding_read(principal, row, application, calendar=calendar, today=today))
    context = {
        "rows": items,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "status": status.value if status else "",
        "statuses": ["filed", "served", "answered", "decided", "withdrawn", "not_accepted"],
    }
    return render(request, "trademark_oppositions.html", context)


@router.get(BASE + "/{number}")
def dossier_page(
    number: str,
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(*VIEWERS, page=True),
    done: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    known = done if done in DONE else ""  # a notice only for the actions this page knows
    return _dossier_page(request, session, principal, number, calendar, done=known)


@router.post(BASE + "/{number}/announce")
def announce_form(
    number: str,
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    issue_number: Annotated[str, Form(max_length=20)],
    announced_on: Annotated[date, Form()],
    expected_version: Annotated[int, Form(ge=1)],
    principal: Principal = allow(Role.EXAMINER, page=True),
) -> Response:
    def action() -> object:
        data = form_model(
            AnnouncementCreate,
            issue_number=issue_number.strip(),
            announced_on=announced_on,
            expected_version=expected_version,
        )
        return examination.do_announce_trademark(
            session, principal=principal, number=number, data=data, today=office_today()
        )

    return _act(request, session, principal, number, calendar, "announced", action)


@router.post(BASE + "/{number}/refuse")
def refuse_form(
    number: str,
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    scope: Annotated[str, Form(max_length=10)],
    reasons: Annotated[str, Form(max_length=20_000)],
    decided_on: Annotated[date, Form()],
    notice_dispatched_on: Annotated[date, Form()],
    expected_version: Annotated[int, Form(ge=1)],
    grounds: Annotated[list[str] | None, Form(max_length=12)] = None,
    goods: Annotated[str, Form(max_length=20_000)] = "",
    principal: Principal = allow(Role.EXAMINER, page=True),
) -> Response:
    def action() -> object:
        data = form_model(
            RefusalCreate,
            scope=scope,
            refused_goods=parse_goods(goods),
            grounds=grounds or [],
            reasons=reasons,
            decided_on=decided_on,
            notice_dispatched_on=notice_dispatched_on,
            expected_version=expected_version,
        )
        return examination.do_refuse_trademark(
            session, principal=principal, number=number, data=data, today=office_today()
        )

    return _act(request, session, principal, number, calendar, "refused", action)


@router.post(BASE + "/{number}/register")
def register_form(
    number: str,
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    expected_version: Annotated[int, Form(ge=1)],
    principal: Principal = allow(Role.EXAMINER, page=True),
) -> Response:
    def action() -> object:
        return examination.do_register_trademark(
            session,
            principal=principal,
            number=number,
            expected_version=expected_version,
            on=office_today(),
            calendar=calendar,
        )

    return _act(request, session, principal, number, calendar, "registered", action)


@router.post(BASE + "/{number}/refusals/{refusal_id}/receipt")
def receipt_form(
    number: str,
    refusal_id: int,
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    received_on: Annotated[date, Form()],
    expected_version: Annotated[int, Form(ge=1)],
    principal: Principal = allow(Role.EXAMINER, page=True),
) -> Response:
    def action() -> object:
        data = form_model(NoticeReceipt, received_on=received_on, expected_version=expected_version)
        return examination.do_record_notice_receipt(
            session, principal=principal, refusal_id=refusal_id, data=data, today=office_today()
        )

    return _act(request, session, principal, number, calendar, "receipt", action)


@router.post(BASE + "/{number}/oppose")
def oppose_form(
    number: str,
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    statement: Annotated[str, Form(max_length=20_000)],
    grounds: Annotated[list[str] | None, Form(max_length=12)] = None,
    earlier_right: Annotated[str, Form(max_length=500)] = "",
    opposer_party_id: Annotated[int | None, Form(ge=1)] = None,
    principal: Principal = allow(Role.APPLICANT, Role.AGENT, page=True),
) -> Response:
    def action() -> object:
        data = form_model(
            OppositionCreate,
            application_number=number,
            grounds=grounds or [],
            statement=statement,
            earlier_right=earlier_right.strip() or None,
            opposer_party_id=opposer_party_id,
        )
        return do_file_opposition(
            session, principal=principal, data=data, today=office_today(), calendar=calendar
        )

    return _act(request, session, principal, number, calendar, "opposed", action)


@router.post(BASE + "/{number}/review")
def review_form(
    number: str,
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    refusal_id: Annotated[int, Form(ge=1)],
    statement: Annotated[str, Form(max_length=20_000)],
    principal: Principal = allow(Role.APPLICANT, Role.AGENT, page=True),
) -> Response:
    def action() -> object:
        data = form_model(ReviewCreate, refusal_id=refusal_id, statement=statement)
        return do_request_review(
            session, principal=principal, data=data, today=office_today(), calendar=calendar
        )

    return _act(request, session, principal, number, calendar, "review", action)


@router.post(BASE + "/{number}/proceedings/{proceeding_id}/{step}")
def step_form(
    number: str,
    proceeding_id: int,
    step: str,
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    form: Annotated[StepForm, Form()],
    principal: Principal = allow(*ACTORS, page=True),
) -> Response:
    """One form route for every step; who may take which step is checked by the service."""
    return _act(
        request,
        session,
        principal,
        number,
        calendar,
        step if step in STEPS else "",
        lambda: run_step(
            session, principal, proceeding_id, step, form, calendar=calendar, today=office_today()
        ),
    )
