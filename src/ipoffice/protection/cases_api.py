"""Patent dispute case API for enforcement officers (their bureau's cases) and administrators
(read only, every bureau)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import JSONResponse

from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.clock import office_today
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.protection import case_actions as actions
from ipoffice.protection import case_proceedings as proceedings
from ipoffice.protection import decision as decisions
from ipoffice.protection.case_models import DisputeCase
from ipoffice.protection.case_schemas import (
    Action,
    AgreementAction,
    CaseCreate,
    CasePage,
    CaseRead,
    DecisionAction,
    ExtensionAction,
    HearingAction,
    PanelAction,
    RefuseAction,
    SuspendAction,
)
from ipoffice.protection.case_service import do_register_case, get_case, list_cases
from ipoffice.protection.case_views import case_read, case_summary
from ipoffice.protection.case_workflow import CaseStatus
from ipoffice.web.access import DbSession, OfficeCalendar, allow

PREFIX = "/api/v1/protection/cases"
router = APIRouter(prefix=PREFIX, tags=["protection: dispute cases"])

OFFICER = Role.ENFORCEMENT_OFFICER
READERS = (Role.ENFORCEMENT_OFFICER, Role.ADMINISTRATOR)
NumberPath = Annotated[str, Path(max_length=40)]
FlagQuery = Literal["overdue", "due_soon", "fine", "suspended", "problem"]


def _read(session: DbSession, case: DisputeCase, calendar: WorkingDayCalendar) -> CaseRead:
    return case_read(session, case, today=office_today(), calendar=calendar)


@router.get("", response_model=CasePage)
def list_dispute_cases(
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(*READERS),
    status: CaseStatus | None = None,
    region: Annotated[str | None, Query(max_length=12)] = None,
    flag: FlagQuery | None = None,
    window: Annotated[int, Query(ge=0, le=60)] = 5,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> CasePage:
    """Cases of the caller's bureau (administrators: all, or `region`); `flag=overdue` or
    `due_soon` (within `window` working days) lists open cases by their deadlines."""
    rows, total = list_cases(
        session,
        principal,
        today=office_today(),
        calendar=calendar,
        region=region,
        status=status,
        flag=flag,
        window=window,
        limit=limit,
        offset=offset,
    )
    return CasePage(total=total, items=[case_summary(c) for c in rows])


@router.post("", response_model=CaseRead, status_code=201)
def register_dispute_case(
    data: CaseCreate,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(OFFICER),
    idempotency_key: Annotated[str | None, Header(max_length=100)] = None,
) -> JSONResponse:
    """Register a request received by the officer's bureau. A retry with the same
    `Idempotency-Key` returns the first case with 200."""
    case, created = do_register_case(
        session, principal=principal, data=data, submission_key=idempotency_key
    )
    body = _read(session, case, calendar).model_dump(mode="json")
    return JSONResponse(body, status_code=201 if created else 200)


@router.get("/{number}", response_model=CaseRead)
def read_dispute_case(
    number: NumberPath,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(*READERS),
    window: Annotated[int, Query(ge=0, le=60)] = 5,
) -> CaseRead:
    case = get_case(session, principal, number)
    return case_read(session, case, today=office_today(), calendar=calendar, window=window)


def _on(value: date | None) -> date:
    return value or office_today()


@router.post("/{number}/accept", response_model=CaseRead)
def accept(
    number: NumberPath,
    body: Action,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(OFFICER),
) -> CaseRead:
    """Accept the request (within 5 working days of receipt)."""
    case = actions.do_accept_case(
        session,
        principal=principal,
        number=number,
        expected_version=body.expected_version,
        on=_on(body.on),
        note=body.note,
    )
    return _read(session, case, calendar)


@router.post("/{number}/refuse", response_model=CaseRead)
def refuse(
    number: NumberPath,
    body: RefuseAction,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(OFFICER),
) -> CaseRead:
    """Refuse to accept the request, with written reasons."""
    case = actions.do_refuse_case(
        session,
        principal=principal,
        number=number,
        expected_version=body.expected_version,
        on=_on(body.on),
        reasons=body.reasons,
    )
    return _read(session, case, calendar)


@router.post("/{number}/serve", response_model=CaseRead)
def serve(
    number: NumberPath,
    body: Action,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(OFFICER),
) -> CaseRead:
    """Record service of the request on the respondent (the answer period starts)."""
    case = actions.do_record_service(
        session,
        principal=principal,
        number=number,
        expected_version=body.expected_version,
        on=_on(body.on),
        note=body.note,
    )
    return _read(session, case, calendar)


@router.post("/{number}/answer", response_model=CaseRead)
def answer(
    number: NumberPath,
    body: Action,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(OFFICER),
) -> CaseRead:
    case = actions.do_record_answer(
        session,
        principal=principal,
        number=number,
        expected_version=body.expected_version,
        on=_on(body.on),
        note=body.note,
    )
    return _read(session, case, calendar)


@router.post("/{number}/panel", response_model=CaseRead)
def form_panel(
    number: NumberPath,
    body: PanelAction,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(OFFICER),
) -> CaseRead:
    """Form the collegial panel: 3 or more officers of the bureau, an odd number."""
    case = proceedings.do_form_panel(
        session,
        principal=principal,
        number=number,
        expected_version=body.expected_version,
        on=_on(body.on),
        members=body.members,
        presiding=body.presiding,
        note=body.note,
    )
    return _read(session, case, calendar)


@router.post("/{number}/hearings", response_model=CaseRead)
def schedule_hearing(
    number: NumberPath,
    body: HearingAction,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(OFFICER),
) -> CaseRead:
    """Schedule a hearing; `on` is the day the parties were notified."""
    case = proceedings.do_schedule_hearing(
        session,
        principal=principal,
        number=number,
        expected_version=body.expected_version,
        on=_on(body.on),
        hearing_on=body.hearing_on,
        place=body.place,
        time_of_day=body.time_of_day,
        notice=body.notice,
        note=body.note,
    )
    return _read(session, case, calendar)


@router.post("/{number}/mediation", response_model=CaseRead)
def start_mediation(
    number: NumberPath,
    body: Action,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(OFFICER),
) -> CaseRead:
    case = proceedings.do_start_mediation(
        session,
        principal=principal,
        number=number,
        expected_version=body.expected_version,
        on=_on(body.on),
        note=body.note,
    )
    return _read(session, case, calendar)


@router.post("/{number}/mediation/agreement", response_model=CaseRead)
def mediation_agreement(
    number: NumberPath,
    body: AgreementAction,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(OFFICER),
) -> CaseRead:
    """The parties agreed: the case closes by mediation with the agreement text."""
    case = proceedings.do_end_mediation(
        session,
        principal=principal,
        number=number,
        expected_version=body.expected_version,
        on=_on(body.on),
        agreement_text=body.agreement_text,
        note=body.note,
    )
    return _read(session, case, calendar)


@router.post("/{number}/mediation/failed", response_model=CaseRead)
def mediation_failed(
    number: NumberPath,
    body: Action,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(OFFICER),
) -> CaseRead:
    """No agreement: adjudication continues."""
    case = proceedings.do_end_mediation(
        session,
        principal=principal,
        number=number,
        expected_version=body.expected_version,
        on=_on(body.on),
        agreement_text=None,
        note=body.note,
    )
    return _read(session, case, calendar)


@router.post("/{number}/suspend", response_model=CaseRead)
def suspend(
    number: NumberPath,
    body: SuspendAction,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(OFFICER),
) -> CaseRead:
    case = actions.do_suspend_case(
        session,
        principal=principal,
        number=number,
        expected_version=body.expected_version,
        on=_on(body.on),
        reason=body.reason,
        note=body.note,
    )
    return _read(session, case, calendar)


@router.post("/{number}/resume", response_model=CaseRead)
def resume(
    number: NumberPath,
    body: Action,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(OFFICER),
) -> CaseRead:
    case = actions.do_resume_case(
        session,
        principal=principal,
        number=number,
        expected_version=body.expected_version,
        on=_on(body.on),
        note=body.note,
    )
    return _read(session, case, calendar)


@router.post("/{number}/extension", response_model=CaseRead)
def approve_extension(
    number: NumberPath,
    body: ExtensionAction,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(OFFICER),
) -> CaseRead:
    """Approve the one extension of the closure period (an officer not handling the case)."""
    case = proceedings.do_approve_extension(
        session,
        principal=principal,
        number=number,
        expected_version=body.expected_version,
        on=_on(body.on),
        reason=body.reason,
        calendar=calendar,
        note=body.note,
    )
    return _read(session, case, calendar)


@router.post("/{number}/withdraw", response_model=CaseRead)
def withdraw(
    number: NumberPath,
    body: Action,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(OFFICER),
) -> CaseRead:
    """The requester withdrew the request: the case ends."""
    case = actions.do_withdraw_case(
        session,
        principal=principal,
        number=number,
        expected_version=body.expected_version,
        on=_on(body.on),
        note=body.note,
    )
    return _read(session, case, calendar)


@router.post("/{number}/decision", response_model=CaseRead)
def issue_decision(
    number: NumberPath,
    body: DecisionAction,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(OFFICER),
) -> CaseRead:
    """Issue the panel's decision; the document is generated and kept as issued."""
    case = decisions.do_issue_decision(
        session,
        principal=principal,
        number=number,
        expected_version=body.expected_version,
        on=_on(body.on),
        outcome=body.outcome,
        findings=body.findings,
        reasons=body.reasons,
        orders=body.orders,
    )
    return _read(session, case, calendar)


@router.post("/{number}/decision/served", response_model=CaseRead)
def decision_served(
    number: NumberPath,
    body: Action,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(OFFICER),
) -> CaseRead:
    """The decision was served on the parties: the 15-day period to sue starts."""
    case = decisions.do_record_decision_service(
        session,
        principal=principal,
        number=number,
        expected_version=body.expected_version,
        on=_on(body.on),
        note=body.note,
    )
    return _read(session, case, calendar)
