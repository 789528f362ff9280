"""Pages of clue transfer: a desk's inbox and outbox (status colours, overdue marks, counts),
sending a clue, transferring screening drafts (national desk), and a clue's page with its
chain, timeline and the forms of the moves the viewer may make. Errors come back next to
their field; the services decide who may do what."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.clock import office_today
from ipoffice.core.divisions import PROVINCES
from ipoffice.core.errors import DomainError, InvalidInput
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.protection import clue_service
from ipoffice.protection.clue_queries import (
    box_counts,
    clue_detail,
    clue_read,
    desk_of,
    list_box,
    visible_clue,
)
from ipoffice.protection.clue_rules import (
    CATEGORIES,
    DEPARTMENTS,
    FEEDBACK_OUTCOMES,
    NATIONAL_DESK,
    OUTCOMES,
    SOURCE_KINDS,
    desk_name,
    handling_period,
)
from ipoffice.protection.clue_schemas import ClueSend, Feedback, PassOn, VersionedNote, Withdrawal
from ipoffice.protection.clue_workflow import STATUS_LABELS, ClueStatus
from ipoffice.screening.models import Clue as ScreeningClue
from ipoffice.web.access import DbSession, OfficeCalendar, allow
from ipoffice.web.forms import validated
from ipoffice.web.i18n import language
from ipoffice.web.render import render

router = APIRouter(include_in_schema=False)

DESKS = (Role.ENFORCEMENT_OFFICER, Role.EXAMINER, Role.ADMINISTRATOR)
PAGE_SIZE = 25
ACTIONS: dict[str, type[BaseModel]] = {
    "acknowledge": VersionedNote,
    "handling": VersionedNote,
    "feedback": Feedback,
    "pass_on": PassOn,
    "withdraw": Withdrawal,
}


def _days(value: str) -> int | str | None:
    """An optional whole number typed in a form (left as text for the schema to refuse)."""
    value = value.strip()
    return int(value) if value.isdigit() else (value or None)


def _vocabularies() -> dict[str, Any]:
    period = handling_period(office_today())
    return {
        "source_kinds": {k: v for k, v in SOURCE_KINDS.items() if k != "screening"},
        "all_source_kinds": SOURCE_KINDS,
        "categories": CATEGORIES,
        "departments": DEPARTMENTS,
        "outcomes": OUTCOMES,
        "feedback_outcomes": FEEDBACK_OUTCOMES,
        "statuses": STATUS_LABELS,
        "provinces": sorted(PROVINCES.items()),
        "period": period,
    }


def _drafts(session: Session, principal: Principal) -> list[ScreeningClue]:
    """Screening clue drafts waiting for the national desk to transfer them."""
    if desk_of(principal) != NATIONAL_DESK:
        return []
    stmt = select(ScreeningClue).where(ScreeningClue.status == "draft")
    return list(session.scalars(stmt.order_by(ScreeningClue.id.desc()).limit(50)).all())


def _box_page(
    request: Request,
    session: Session,
    principal: Principal,
    *,
    box: str,
    status: str,
    overdue: bool,
    page: int,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    today = office_today()
    chosen = ClueStatus(status) if status in {s.value for s in ClueStatus} else None
    rows, total = list_box(
        session, principal, box=box, today=today, status=chosen, overdue=overdue,
        limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
    )  # fmt: skip
    desk = desk_of(principal) or ""
    context = {
        **_vocabularies(),
        "box": box,
        "status": chosen.value if chosen else "",
        "overdue": overdue,
        "rows": [clue_read(c, today) for c in rows],
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "counts": box_counts(session, principal, today=today),
        "desk": desk,
        "desk_name": desk_name(desk, language(request)) if desk else "",
        "drafts": _drafts(session, principal),
        "errors": errors or {},
    }
    return render(request, "protection_clues.html", context, status_code=status_code)


@router.get("/protection/clues")
def clues_page(
    request: Request,
    session: DbSession,
    principal: Principal = allow(*DESKS, page=True),
    box: Annotated[str, Query(max_length=8)] = "inbox",
    status: Annotated[str, Query(max_length=16)] = "",
    overdue: bool = False,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    box = box if box in ("inbox", "outbox") else "inbox"
    return _box_page(
        request, session, principal, box=box, status=status, overdue=overdue, page=page
    )


@router.post("/protection/clues/from-screening")
def transfer_form(
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    screening_clue_id: Annotated[int, Form(ge=1)],
    receiver_region: Annotated[str, Form(max_length=20)] = "",
    due_working_days: Annotated[str, Form(max_length=10)] = "",
    principal: Principal = allow(Role.EXAMINER, Role.ADMINISTRATOR, page=True),
) -> Response:
    try:
        days = _days(due_working_days)
        if isinstance(days, str):
            raise InvalidInput("the handling period is a whole number", field="due_working_days")
        clue, _created = clue_service.do_transfer_screening_clue(
            session, actor=principal, screening_clue_id=screening_clue_id,
            receiver_region=receiver_region.strip() or None, due_working_days=days,
            on=office_today(), calendar=calendar,
        )  # fmt: skip
    except DomainError as exc:
        session.rollback()
        errors = {f"draft-{screening_clue_id}": exc.message}
        return _box_page(
            request, session, principal, box="outbox", status="", overdue=False, page=1,
            errors=errors, status_code=exc.status_code,
        )  # fmt: skip
    return RedirectResponse(f"/protection/clues/{clue.id}?done=sent", status_code=303)


def _send_page(
    request: Request,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    context = {**_vocabularies(), "values": values or {}, "errors": errors or {}}
    return render(request, "protection_clue_new.html", context, status_code=status_code)


@router.get("/protection/clues/new")
def new_clue_page(request: Request, _: Principal = allow(*DESKS, page=True)) -> Response:
    return _send_page(request)


@router.post("/protection/clues/new")
def send_form(
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    source_kind: Annotated[str, Form(max_length=40)] = "",
    source_ref: Annotated[str, Form(max_length=400)] = "",
    category: Annotated[str, Form(max_length=40)] = "",
    subject_name: Annotated[str, Form(max_length=600)] = "",
    subject_uscc: Annotated[str, Form(max_length=40)] = "",
    summary: Annotated[str, Form(max_length=16_000)] = "",
    receiver_region: Annotated[str, Form(max_length=20)] = "",
    receiver_department: Annotated[str, Form(max_length=40)] = "ip_office",
    due_working_days: Annotated[str, Form(max_length=10)] = "",
    principal: Principal = allow(*DESKS, page=True),
) -> Response:
    values = {
        "source_kind": source_kind, "source_ref": source_ref, "category": category,
        "subject_name": subject_name, "subject_uscc": subject_uscc, "summary": summary,
        "receiver_region": receiver_region, "receiver_department": receiver_department,
        "due_working_days": due_working_days,
    }  # fmt: skip
    try:
        data = validated(
            ClueSend,
            {**values, "source_ref": source_ref or None, "subject_uscc": subject_uscc or None,
             "due_working_days": _days(due_working_days)},
        )  # fmt: skip
        clue, _created = clue_service.do_send_clue(
            session, actor=principal, data=data, on=office_today(), calendar=calendar
        )
    except DomainError as exc:
        session.rollback()
        return _send_page(
            request, values, {exc.field or "form": exc.message}, status_code=exc.status_code
        )
    return RedirectResponse(f"/protection/clues/{clue.id}?done=sent", status_code=303)


def _clue_page(
    request: Request,
    session: Session,
    principal: Principal,
    clue_id: int,
    *,
    notice: str = "",
    errors: dict[str, dict[str, str]] | None = None,
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    clue = visible_clue(session, principal, clue_id)
    context = {
        **_vocabularies(),
        "c": clue_detail(clue, principal, office_today()),
        "notice": notice,
        "errors": errors or {},
        "values": values or {},
    }
    return render(request, "protection_clue.html", context, status_code=status_code)


@router.get("/protection/clues/{clue_id}")
def clue_page(
    clue_id: int,
    request: Request,
    session: DbSession,
    principal: Principal = allow(*DESKS, page=True),
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    notice = done if done in (*ACTIONS, "sent") else ""
    return _clue_page(request, session, principal, clue_id, notice=notice)


def _do(
    session: Session,
    principal: Principal,
    clue_id: int,
    action: str,
    request: Any,
    calendar: WorkingDayCalendar,
) -> None:
    today = office_today()
    common: dict[str, Any] = {"actor": principal, "clue_id": clue_id, "request": request}
    if action == "acknowledge":
        clue_service.do_acknowledge_clue(session, **common, on=today)
    elif action == "handling":
        clue_service.do_start_handling_clue(session, **common, on=today)
    elif action == "feedback":
        clue_service.do_answer_clue(session, **common, on=today)
    elif action == "pass_on":
        clue_service.do_pass_on_clue(session, **common, on=today, calendar=calendar)
    else:
        clue_service.do_withdraw_clue(session, **common, on=today)


@router.post("/protection/clues/{clue_id}")
def action_form(
    clue_id: int,
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    action: Annotated[str, Form(max_length=20)],
    expected_version: Annotated[int, Form(ge=1)],
    note: Annotated[str, Form(max_length=8000)] = "",
    outcome: Annotated[str, Form(max_length=40)] = "",
    text: Annotated[str, Form(max_length=16_000)] = "",
    case_reference: Annotated[str, Form(max_length=200)] = "",
    receiver_region: Annotated[str, Form(max_length=20)] = "",
    receiver_department: Annotated[str, Form(max_length=40)] = "ip_office",
    due_working_days: Annotated[str, Form(max_length=10)] = "",
    reason: Annotated[str, Form(max_length=8000)] = "",
    principal: Principal = allow(*DESKS, page=True),
) -> Response:
    if action not in ACTIONS:
        raise InvalidInput(f"unknown action {action!r}", field="action")
    forms: dict[str, dict[str, Any]] = {
        "acknowledge": {"note": note or None},
        "handling": {"note": note or None},
        "feedback": {"outcome": outcome, "text": text, "case_reference": case_reference or None},
        "pass_on": {"receiver_region": receiver_region, "receiver_department": receiver_department,
                    "due_working_days": _days(due_working_days), "note": note},
        "withdraw": {"reason": reason},
    }  # fmt: skip
    fields = forms[action]
    try:
        data = validated(ACTIONS[action], {"expected_version": expected_version, **fields})
        _do(session, principal, clue_id, action, data, calendar)
    except DomainError as exc:
        if exc.status_code == 404:
            raise
        session.rollback()
        values = {k: v for k, v in fields.items() if isinstance(v, str)}
        return _clue_page(
            request, session, principal, clue_id, values=values,
            errors={action: {exc.field or "form": exc.message}}, status_code=exc.status_code,
        )  # fmt: skip
    return RedirectResponse(f"/protection/clues/{clue_id}?done={action}", status_code=303)
