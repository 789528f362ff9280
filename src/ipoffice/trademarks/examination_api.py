"""API of trademark examination and proceedings (opposition, refusal review, review of a
non-registration). Examiners decide; applicants and agents oppose, answer and request reviews."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel
from sqlalchemy.orm import Session

from ipoffice.applications.service import display_number
from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.clock import office_today
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.trademarks import examination, proceedings_actions
from ipoffice.trademarks.examination_models import TrademarkProceeding
from ipoffice.trademarks.examination_periods import TmDeadline
from ipoffice.trademarks.examination_schemas import (
    AnnouncementCreate,
    AnswerCreate,
    CloseRequest,
    DecisionCreate,
    DossierRead,
    ExtensionCreate,
    NoticeReceipt,
    OppositionCreate,
    ProceedingRead,
    RefusalCreate,
    RefusalRead,
    RegistrationRequest,
    ReviewCreate,
    ServiceRecord,
)
from ipoffice.trademarks.examination_views import (
    dossier,
    examination_queue,
    proceeding_read,
)
from ipoffice.trademarks.proceedings import (
    do_file_opposition,
    do_request_review,
    get_proceeding,
    list_proceedings,
)
from ipoffice.trademarks.tm_workflow import ProceedingKind, ProceedingStatus
from ipoffice.web.access import DbSession, OfficeCalendar, allow

router = APIRouter(prefix="/api/v1/trademark-examination", tags=["trademark examination"])

NumberPath = Annotated[str, Path(max_length=40)]
IdPath = Annotated[int, Path(ge=1, le=2**31 - 1)]
VIEWERS = (Role.APPLICANT, Role.AGENT, Role.EXAMINER, Role.ADMINISTRATOR)


class QueueRow(BaseModel):
    number: str
    display_number: str
    mark: str
    status: str
    filing_date: str
    deadline: TmDeadline


class QueuePage(BaseModel):
    total: int
    items: list[QueueRow]


class ProceedingPage(BaseModel):
    total: int
    items: list[ProceedingRead]


def _read(
    session: Session, principal: Principal, proceeding_id: int, calendar: WorkingDayCalendar
) -> ProceedingRead:
    proceeding, application = get_proceeding(session, principal, proceeding_id)
    return proceeding_read(
        principal, proceeding, application, calendar=calendar, today=office_today()
    )


def _after(
    session: Session, principal: Principal, row: TrademarkProceeding, calendar: WorkingDayCalendar
) -> ProceedingRead:
    return _read(session, principal, row.id, calendar)


@router.get("/queue", response_model=QueuePage)
def queue(
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.EXAMINER, Role.ADMINISTRATOR),
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> QueuePage:
    """Trademark applications in examination, nearest 9-month deadline (Art. 28) first."""
    rows, total = examination_queue(
        session, calendar=calendar, today=office_today(), limit=limit, offset=offset
    )
    items = [
        QueueRow(
            number=a.number,
            display_number=display_number(a.kind, a.number),
            mark=a.title,
            status=a.status,
            filing_date=a.filing_date.isoformat(),
            deadline=d,
        )
        for a, d in rows
    ]
    return QueuePage(total=total, items=items)


@router.get("/applications/{number}", response_model=DossierRead)
def read_dossier(
    number: NumberPath,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(*VIEWERS),
) -> DossierRead:
    """A trademark's examination file: announcements, refusals and proceedings the caller may
    see, running deadlines with their legal source, and the caller's possible actions."""
    return dossier(session, principal, number, calendar=calendar, today=office_today())


@router.post("/applications/{number}/announcement", response_model=DossierRead)
def announce(
    number: NumberPath,
    data: AnnouncementCreate,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.EXAMINER),
) -> DossierRead:
    """Preliminary approval, announced in a gazette issue; the opposition period starts."""
    today = office_today()
    examination.do_announce_trademark(
        session, principal=principal, number=number, data=data, today=today
    )
    return dossier(session, principal, number, calendar=calendar, today=today)


@router.post("/applications/{number}/refusals", response_model=RefusalRead, status_code=201)
def refuse(
    number: NumberPath,
    data: RefusalCreate,
    session: DbSession,
    principal: Principal = allow(Role.EXAMINER),
) -> RefusalRead:
    """Refuse the application wholly or for the goods listed."""
    refusal = examination.do_refuse_trademark(
        session, principal=principal, number=number, data=data, today=office_today()
    )
    return RefusalRead.model_validate(refusal, from_attributes=True)


@router.post("/applications/{number}/registration", response_model=DossierRead)
def register(
    number: NumberPath,
    data: RegistrationRequest,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.EXAMINER),
) -> DossierRead:
    """Register the mark: only after its opposition period, with no opposition pending."""
    today = office_today()
    examination.do_register_trademark(
        session,
        principal=principal,
        number=number,
        expected_version=data.expected_version,
        on=today,
        calendar=calendar,
    )
    return dossier(session, principal, number, calendar=calendar, today=today)


@router.post("/refusals/{refusal_id}/receipt", response_model=RefusalRead)
def record_receipt(
    refusal_id: IdPath,
    data: NoticeReceipt,
    session: DbSession,
    principal: Principal = allow(Role.EXAMINER),
) -> RefusalRead:
    """Record when the applicant received the refusal notice (the review period runs from it)."""
    refusal = examination.do_record_notice_receipt(
        session, principal=principal, refusal_id=refusal_id, data=data, today=office_today()
    )
    return RefusalRead.model_validate(refusal, from_attributes=True)


@router.post("/oppositions", response_model=ProceedingRead, status_code=201)
def file_opposition(
    data: OppositionCreate,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.APPLICANT, Role.AGENT),
) -> ProceedingRead:
    """Oppose an announced mark within its opposition period (Art. 33)."""
    row = do_file_opposition(
        session, principal=principal, data=data, today=office_today(), calendar=calendar
    )
    return _after(session, principal, row, calendar)


@router.post("/reviews", response_model=ProceedingRead, status_code=201)
def request_review(
    data: ReviewCreate,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.APPLICANT, Role.AGENT),
) -> ProceedingRead:
    """Request review of a refusal (Art. 34) or of a non-registration (Art. 35)."""
    row = do_request_review(
        session, principal=principal, data=data, today=office_today(), calendar=calendar
    )
    return _after(session, principal, row, calendar)


@router.get("/proceedings", response_model=ProceedingPage)
def proceedings(
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(*VIEWERS),
    kind: ProceedingKind | None = None,
    status: ProceedingStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> ProceedingPage:
    """Proceedings the caller may see (all for the office), oldest filing first."""
    rows, total = list_proceedings(
        session, principal, kind=kind, status=status, limit=limit, offset=offset
    )
    return ProceedingPage(
        total=total, items=[_after(session, principal, row, calendar) for row in rows]
    )


@router.get("/proceedings/{proceeding_id}", response_model=ProceedingRead)
def read_proceeding(
    proceeding_id: IdPath,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(*VIEWERS),
) -> ProceedingRead:
    return _read(session, principal, proceeding_id, calendar)


@router.post("/proceedings/{proceeding_id}/service", response_model=ProceedingRead)
def serve(
    proceeding_id: IdPath,
    data: ServiceRecord,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.EXAMINER),
) -> ProceedingRead:
    """Record service of the opposition on the opposed applicant (its answer period starts)."""
    row = proceedings_actions.do_serve_opposition(
        session, principal=principal, proceeding_id=proceeding_id, data=data, today=office_today()
    )
    return _after(session, principal, row, calendar)


@router.post("/proceedings/{proceeding_id}/answer", response_model=ProceedingRead)
def answer(
    proceeding_id: IdPath,
    data: AnswerCreate,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.APPLICANT, Role.AGENT),
) -> ProceedingRead:
    """The opposed applicant's answer, within 30 days of service."""
    row = proceedings_actions.do_answer_opposition(
        session,
        principal=principal,
        proceeding_id=proceeding_id,
        data=data,
        today=office_today(),
        calendar=calendar,
    )
    return _after(session, principal, row, calendar)


@router.post("/proceedings/{proceeding_id}/extension", response_model=ProceedingRead)
def extend(
    proceeding_id: IdPath,
    data: ExtensionCreate,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.EXAMINER),
) -> ProceedingRead:
    """Record the approved extension of the decision period."""
    row = proceedings_actions.do_extend_proceeding(
        session,
        principal=principal,
        proceeding_id=proceeding_id,
        data=data,
        today=office_today(),
        calendar=calendar,
    )
    return _after(session, principal, row, calendar)


@router.post("/proceedings/{proceeding_id}/decision", response_model=ProceedingRead)
def decide(
    proceeding_id: IdPath,
    data: DecisionCreate,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.EXAMINER),
) -> ProceedingRead:
    """Decide the proceeding; the decision applies to the application."""
    row = proceedings_actions.do_decide_proceeding(
        session,
        principal=principal,
        proceeding_id=proceeding_id,
        data=data,
        today=office_today(),
        calendar=calendar,
    )
    return _after(session, principal, row, calendar)


@router.post("/proceedings/{proceeding_id}/withdrawal", response_model=ProceedingRead)
def withdraw(
    proceeding_id: IdPath,
    data: CloseRequest,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.APPLICANT, Role.AGENT),
) -> ProceedingRead:
    """Withdrawal by the opposer or by the applicant who asked for the review."""
    row = proceedings_actions.do_close_proceeding(
        session,
        principal=principal,
        proceeding_id=proceeding_id,
        target=ProceedingStatus.WITHDRAWN,
        data=data,
        today=office_today(),
    )
    return _after(session, principal, row, calendar)


@router.post("/proceedings/{proceeding_id}/non-acceptance", response_model=ProceedingRead)
def not_accept(
    proceeding_id: IdPath,
    data: CloseRequest,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(Role.EXAMINER),
) -> ProceedingRead:
    """The office does not accept the proceeding (reasons in `note`)."""
    row = proceedings_actions.do_close_proceeding(
        session,
        principal=principal,
        proceeding_id=proceeding_id,
        target=ProceedingStatus.NOT_ACCEPTED,
        data=data,
        today=office_today(),
    )
    return _after(session, principal, row, calendar)
