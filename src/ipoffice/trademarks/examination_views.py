"""What the pages and the API show of trademark examination: the examination queue ordered
by the 9-month deadline, an application's dossier (announcements, refusals, proceedings,
running deadlines, the caller's possible actions) and proceedings as the caller may see them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipoffice.applications.models import Application
from ipoffice.applications.service import display_number, is_owner
from ipoffice.applications.workflow import Kind, Status
from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.errors import CalendarNotCovered
from ipoffice.core.identity import Principal
from ipoffice.core.periods import rule_in_force
from ipoffice.core.roles import Role
from ipoffice.trademarks.examination import announced_on, load_trademark
from ipoffice.trademarks.examination_models import (
    TrademarkAnnouncement,
    TrademarkProceeding,
    TrademarkRefusal,
)
from ipoffice.trademarks.examination_periods import (
    OPPOSITION,
    OPPOSITION_ANSWER,
    REVIEW_RULES,
    TmDeadline,
    deadline_view,
    notice_receipt,
    unmoved_end,
)
from ipoffice.trademarks.examination_schemas import (
    AnnouncementRead,
    DossierRead,
    GoodsItem,
    ProceedingRead,
    RefusalRead,
)
from ipoffice.trademarks.proceedings import can_see, sides_of
from ipoffice.trademarks.proceedings_actions import decision_period
from ipoffice.trademarks.tm_workflow import (
    OPEN_STATUSES,
    TRANSITIONS,
    ProceedingKind,
    ProceedingStatus,
    Side,
)

IN_EXAMINATION = (Status.FILED, Status.FORMALITY_EXAMINATION, Status.SUBSTANTIVE_EXAMINATION)
EXAMINERS = frozenset({Role.EXAMINER})
FILERS = frozenset({Role.APPLICANT, Role.AGENT})
# Proceeding step -> the action name the pages and the API use for it.
STEP_ACTIONS: dict[ProceedingStatus, str] = {
    ProceedingStatus.SERVED: "serve",
    ProceedingStatus.ANSWERED: "answer",
    ProceedingStatus.DECIDED: "decide",
    ProceedingStatus.WITHDRAWN: "withdraw",
    ProceedingStatus.NOT_ACCEPTED: "not_accept",
}


def _classes(application: Application) -> list[int]:
    return [int(c) for c in (application.nice_classes or "").split(",") if c]


def examination_queue(
    session: Session,
    *,
    calendar: WorkingDayCalendar,
    today: date,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[tuple[Application, TmDeadline]], int]:
    """Trademark applications in examination, the nearest 9-month deadline first (the filing
    date orders them: the deadline grows with it)."""
    stmt = select(Application).where(
        Application.kind == Kind.TRADEMARK.value,
        Application.status.in_([s.value for s in IN_EXAMINATION]),
    )
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    rows = session.scalars(
        stmt.order_by(Application.filing_date, Application.id).limit(limit).offset(offset)
    ).all()
    return [
        (
            a,
            deadline_view(
                "trademark.preliminary_examination", a.filing_date, calendar, today=today
            ),
        )
        for a in rows
    ], total


def proceeding_deadlines(
    proceeding: TrademarkProceeding, calendar: WorkingDayCalendar, today: date
) -> list[TmDeadline]:
    """The periods running in an open proceeding: the answer, then the decision."""
    if ProceedingStatus(proceeding.status) not in OPEN_STATUSES:
        return []
    rows: list[TmDeadline] = []
    if proceeding.status == ProceedingStatus.SERVED and proceeding.served_on is not None:
        rows.append(
            deadline_view(
                OPPOSITION_ANSWER,
                proceeding.served_on,
                calendar,
                today=today,
                proceeding_id=proceeding.id,
                party_period=True,
            )
        )
    try:
        period = decision_period(proceeding, calendar)
    except CalendarNotCovered as exc:
        # The decision period runs from the end of the opposition period, itself unknown.
        window = deadline_view(OPPOSITION, proceeding.announced_on or today, calendar, today=today)
        return [*rows, window.model_copy(update={"problem": exc.message})]
    extension = period.extension_id if proceeding.extension_approved_on else None
    rows.append(
        deadline_view(
            period.rule_id,
            period.start,
            calendar,
            today=today,
            extension_id=extension,
            proceeding_id=proceeding.id,
        )
    )
    return rows


def proceeding_actions(
    principal: Principal, proceeding: TrademarkProceeding, application: Application
) -> list[str]:
    kind, status = ProceedingKind(proceeding.kind), ProceedingStatus(proceeding.status)
    sides = sides_of(principal, proceeding, application)
    actions = []
    for (frm, to), transition in TRANSITIONS[kind].items():
        if frm != status or not principal.roles & transition.roles:
            continue
        if transition.side is Side.OFFICE or transition.side in sides:
            actions.append(STEP_ACTIONS[to])
    open_ = status in OPEN_STATUSES
    if open_ and principal.has_any(EXAMINERS) and proceeding.extension_approved_on is None:
        actions.append("extend")
    return actions


def proceeding_read(
    principal: Principal,
    proceeding: TrademarkProceeding,
    application: Application,
    *,
    calendar: WorkingDayCalendar,
    today: date,
) -> ProceedingRead:
    sides = sides_of(principal, proceeding, application)
    # The opposed applicant reads the opposition once it is served on it.
    sees_statement = (
        principal.has_any(frozenset({Role.EXAMINER, Role.ADMINISTRATOR}))
        or Side.REQUESTER in sides
        or proceeding.served_on is not None
    )
    return ProceedingRead(
        id=proceeding.id,
        kind=proceeding.kind,
        status=proceeding.status,
        application_number=application.number,
        display_number=display_number(application.kind, application.number),
        mark=application.title,
        filed_on=proceeding.filed_on,
        announced_on=proceeding.announced_on,
        refusal_id=proceeding.refusal_id,
        party_id=proceeding.party_id,
        grounds=list(proceeding.grounds),
        earlier_right=proceeding.earlier_right if sees_statement else None,
        statement=proceeding.statement if sees_statement else None,
        served_on=proceeding.served_on,
        answered_on=proceeding.answered_on,
        answer=proceeding.answer,
        extension_approved_on=proceeding.extension_approved_on,
        extension_reference=proceeding.extension_reference,
        decided_on=proceeding.decided_on,
        outcome=proceeding.outcome,
        decision_goods=[GoodsItem.model_validate(g) for g in proceeding.decision_goods],
        decision_note=proceeding.decision_note,
        closed_note=proceeding.closed_note,
        version=proceeding.version,
        deadlines=proceeding_deadlines(proceeding, calendar, today),
        actions=proceeding_actions(principal, proceeding, application),
    )


def _refusal_read(refusal: TrademarkRefusal) -> RefusalRead:
    return RefusalRead(
        id=refusal.id,
        stage=refusal.stage,
        scope=refusal.scope,
        refused_goods=[GoodsItem.model_validate(g) for g in refusal.refused_goods],
        grounds=list(refusal.grounds),
        reasons=refusal.reasons,
        decided_on=refusal.decided_on,
        notice_dispatched_on=refusal.notice_dispatched_on,
        notice_received_on=refusal.notice_received_on,
        version=refusal.version,
    )


def _review_deadline(
    refusal: TrademarkRefusal, calendar: WorkingDayCalendar, today: date
) -> TmDeadline:
    kind = "refusal_review" if refusal.stage == "examination" else "non_registration_review"
    start, deemed = notice_receipt(refusal.notice_dispatched_on, refusal.notice_received_on)
    view = deadline_view(
        REVIEW_RULES[kind][0], start, calendar, today=today, start_deemed=deemed, party_period=True
    )
    return view.model_copy(update={"refusal_id": refusal.id})


def _application_actions(
    principal: Principal, application: Application, opposition_open: bool
) -> list[str]:
    status = Status(application.status)
    actions: list[str] = []
    if principal.has_any(EXAMINERS):
        if status == Status.SUBSTANTIVE_EXAMINATION:
            actions += ["announce", "refuse", "refuse_partly"]
        if status == Status.FORMALITY_EXAMINATION:
            actions.append("refuse")
        if status == Status.PRELIMINARY_APPROVAL:
            actions.append("register")
    owner = is_owner(principal, application)
    if principal.has_any(FILERS) and not owner and opposition_open:
        actions.append("oppose")
    return actions


def dossier(
    session: Session,
    principal: Principal,
    number: str,
    *,
    calendar: WorkingDayCalendar,
    today: date,
) -> DossierRead:
    """The application's examination file as the caller may see it (trademarks are public
    from filing; proceedings only to their parties and the office)."""
    application = load_trademark(session, number)
    announcements = session.scalars(
        select(TrademarkAnnouncement)
        .where(TrademarkAnnouncement.application_id == application.id)
        .order_by(TrademarkAnnouncement.announced_on, TrademarkAnnouncement.id)
    ).all()
    staff_or_owner = principal.has_any(frozenset({Role.EXAMINER, Role.ADMINISTRATOR})) or is_owner(
        principal, application
    )
    refusals = session.scalars(
        select(TrademarkRefusal)
        .where(TrademarkRefusal.application_id == application.id)
        .order_by(TrademarkRefusal.decided_on, TrademarkRefusal.id)
    ).all()
    proceedings = session.scalars(
        select(TrademarkProceeding)
        .where(TrademarkProceeding.application_id == application.id)
        .order_by(TrademarkProceeding.filed_on, TrademarkProceeding.id)
    ).all()
    deadlines, opposition_open = _running(
        session, application, refusals, proceedings, calendar, today
    )
    return DossierRead(
        number=application.number,
        display_number=display_number(application.kind, application.number),
        mark=application.title,
        status=application.status,
        filing_date=application.filing_date,
        nice_classes=_classes(application),
        version=application.version,
        announcements=[
            AnnouncementRead(id=a.id, issue_number=a.issue_number, announced_on=a.announced_on)
            for a in announcements
        ],
        refusals=[_refusal_read(r) for r in refusals] if staff_or_owner else [],
        proceedings=[
            proceeding_read(principal, p, application, calendar=calendar, today=today)
            for p in proceedings
            if can_see(principal, p, application)
        ],
        deadlines=deadlines
        if staff_or_owner
        else [d for d in deadlines if d.rule_id == OPPOSITION],
        actions=_application_actions(principal, application, opposition_open),
    )


def _running(
    session: Session,
    application: Application,
    refusals: Sequence[TrademarkRefusal],
    proceedings: Sequence[TrademarkProceeding],
    calendar: WorkingDayCalendar,
    today: date,
) -> tuple[list[TmDeadline], bool]:
    """(deadlines running on the file, whether the opposition period is open today)."""
    rows: list[TmDeadline] = []
    status = Status(application.status)
    if status in IN_EXAMINATION:
        rows.append(
            deadline_view(
                "trademark.preliminary_examination", application.filing_date, calendar, today=today
            )
        )
    opposition_open = False
    start = announced_on(session, application) if status == Status.PRELIMINARY_APPROVAL else None
    if start is not None:
        window = deadline_view(OPPOSITION, start, calendar, today=today, party_period=True)
        rows.append(window)
        # Without a calendar the window is known to be open until its unmoved end.
        last = window.due or unmoved_end(rule_in_force(OPPOSITION, start), start)
        opposition_open = start <= today <= last
    reviewed = {p.refusal_id for p in proceedings if p.refusal_id is not None}
    for refusal in refusals:
        if refusal.id in reviewed:
            continue
        if refusal.scope == "whole" and status != Status.REFUSED:
            continue
        view = _review_deadline(refusal, calendar, today)
        if view.state != "ended":
            rows.append(view)
    for proceeding in proceedings:
        rows.extend(proceeding_deadlines(proceeding, calendar, today))
    return rows, opposition_open
