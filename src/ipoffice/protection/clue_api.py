"""Clue transfer API. Enforcement officers act for their region's desk; examiners and
administrators for the national desk (screening clues). A clue is visible only to the desks of
its chain (404 for anyone else); a stale `expected_version` is `409 stale_version`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import JSONResponse

from ipoffice.core.clock import office_today
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.protection import clue_service
from ipoffice.protection.clue_models import ProtectionClue
from ipoffice.protection.clue_queries import (
    box_counts,
    clue_detail,
    clue_read,
    desk_of,
    list_box,
    visible_clue,
)
from ipoffice.protection.clue_schemas import (
    Box,
    Category,
    ClueDetail,
    CluePage,
    ClueSend,
    Feedback,
    PassOn,
    ScreeningTransfer,
    VersionedNote,
    Withdrawal,
)
from ipoffice.protection.clue_workflow import ClueStatus
from ipoffice.web.access import DbSession, OfficeCalendar, allow

router = APIRouter(prefix="/api/v1/protection/clues", tags=["protection: clues"])

DESKS = (Role.ENFORCEMENT_OFFICER, Role.EXAMINER, Role.ADMINISTRATOR)
IdPath = Annotated[int, Path(ge=1)]


def _detail(clue: ProtectionClue, principal: Principal) -> ClueDetail:
    return clue_detail(clue, principal, office_today())


def _created(clue: ProtectionClue, principal: Principal, created: bool) -> JSONResponse:
    body = _detail(clue, principal).model_dump(mode="json")
    return JSONResponse(body, status_code=201 if created else 200)


@router.post("", response_model=ClueDetail, status_code=201)
def send_clue(
    data: ClueSend,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(*DESKS),
    idempotency_key: Annotated[str | None, Header(max_length=100)] = None,
) -> JSONResponse:
    """Send a clue to another region's bureau or department. The same `source_ref` sent again
    to the same receiver (or the same `Idempotency-Key`) returns the first clue with 200."""
    clue, created = clue_service.do_send_clue(
        session, actor=principal, data=data, on=office_today(), calendar=calendar,
        idempotency_key=idempotency_key,
    )  # fmt: skip
    return _created(clue, principal, created)


@router.post("/from-screening", response_model=ClueDetail, status_code=201)
def transfer_screening_clue(
    data: ScreeningTransfer,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.EXAMINER, Role.ADMINISTRATOR),
) -> JSONResponse:
    """Transfer a screening clue draft from the national desk; a repeat returns the first."""
    clue, created = clue_service.do_transfer_screening_clue(
        session,
        actor=principal,
        screening_clue_id=data.screening_clue_id,
        receiver_region=data.receiver_region,
        receiver_department=data.receiver_department,
        category=data.category,
        due_working_days=data.due_working_days,
        on=office_today(),
        calendar=calendar,
    )
    return _created(clue, principal, created)


@router.get("", response_model=CluePage)
def list_clues(
    session: DbSession,
    principal: Principal = allow(*DESKS),
    box: Box = "inbox",
    status: ClueStatus | None = None,
    overdue: bool = False,
    category: Category | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> CluePage:
    """The caller's desk's inbox (received) or outbox (sent or passed on), with counts."""
    today = office_today()
    rows, total = list_box(
        session, principal, box=box, today=today, status=status, overdue=overdue,
        category=category, limit=limit, offset=offset,
    )  # fmt: skip
    counts = box_counts(session, principal, today=today)
    return CluePage(
        box=box,
        desk=desk_of(principal) or "",
        total=total,
        counts=counts,
        items=[clue_read(c, today) for c in rows],
    )


@router.get("/{clue_id}", response_model=ClueDetail)
def read_clue(
    clue_id: IdPath, session: DbSession, principal: Principal = allow(*DESKS)
) -> ClueDetail:
    """A clue with its chain and timeline, and what the caller may do next."""
    return _detail(visible_clue(session, principal, clue_id), principal)


@router.post("/{clue_id}/acknowledge", response_model=ClueDetail)
def acknowledge_clue(
    clue_id: IdPath,
    request: VersionedNote,
    session: DbSession,
    principal: Principal = allow(Role.ENFORCEMENT_OFFICER),
) -> ClueDetail:
    clue = clue_service.do_acknowledge_clue(
        session, actor=principal, clue_id=clue_id, request=request, on=office_today()
    )
    return _detail(clue, principal)


@router.post("/{clue_id}/handling", response_model=ClueDetail)
def start_handling_clue(
    clue_id: IdPath,
    request: VersionedNote,
    session: DbSession,
    principal: Principal = allow(Role.ENFORCEMENT_OFFICER),
) -> ClueDetail:
    clue = clue_service.do_start_handling_clue(
        session, actor=principal, clue_id=clue_id, request=request, on=office_today()
    )
    return _detail(clue, principal)


@router.post("/{clue_id}/feedback", response_model=ClueDetail)
def answer_clue(
    clue_id: IdPath,
    request: Feedback,
    session: DbSession,
    principal: Principal = allow(Role.ENFORCEMENT_OFFICER),
) -> ClueDetail:
    """The receiver's answer: case opened, no infringement found or not within competence."""
    clue = clue_service.do_answer_clue(
        session, actor=principal, clue_id=clue_id, request=request, on=office_today()
    )
    return _detail(clue, principal)


@router.post("/{clue_id}/pass-on", response_model=ClueDetail)
def pass_on_clue(
    clue_id: IdPath,
    request: PassOn,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.ENFORCEMENT_OFFICER),
) -> ClueDetail:
    """Pass the clue on to a third region; the chain is kept."""
    clue = clue_service.do_pass_on_clue(
        session, actor=principal, clue_id=clue_id, request=request, on=office_today(),
        calendar=calendar,
    )  # fmt: skip
    return _detail(clue, principal)


@router.post("/{clue_id}/withdraw", response_model=ClueDetail)
def withdraw_clue(
    clue_id: IdPath,
    request: Withdrawal,
    session: DbSession,
    principal: Principal = allow(*DESKS),
) -> ClueDetail:
    """The sender takes back a clue that is not answered yet."""
    clue = clue_service.do_withdraw_clue(
        session, actor=principal, clue_id=clue_id, request=request, on=office_today()
    )
    return _detail(clue, principal)
