"""Actions of trademark examination on the application: announce the preliminary approval,
refuse (wholly or by goods), record when a refusal notice was received, register.

Each `do_*` checks permission, applies the change, writes the timeline event and the audit
record, and flushes; the caller owns the transaction.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipoffice.applications.models import Application, ApplicationEvent
from ipoffice.applications.service import get_by_number
from ipoffice.applications.workflow import (
    SETS_DECISION,
    Kind,
    Status,
    authorize_transition,
)
from ipoffice.core import audit, concurrency
from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.concurrency import flush_or_conflict
from ipoffice.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.db.base import utcnow
from ipoffice.trademarks.examination_models import (
    TrademarkAnnouncement,
    TrademarkProceeding,
    TrademarkRefusal,
)
from ipoffice.trademarks.examination_periods import OPPOSITION, is_on_time, opposition_window
from ipoffice.trademarks.examination_schemas import (
    AnnouncementCreate,
    GoodsItem,
    NoticeReceipt,
    RefusalCreate,
)
from ipoffice.trademarks.tm_workflow import OPEN_STATUSES, ProceedingKind

# A gazette issue is fixed shortly before it appears: an announcement may be entered for an
# issue up to this many days ahead, not further.
ANNOUNCE_AHEAD_DAYS = 31
EXAMINER_ONLY = frozenset({Role.EXAMINER})


def load_trademark(session: Session, number: str) -> Application:
    """The trademark application with this number (NotFound for any other kind)."""
    application = get_by_number(session, number)
    if application.kind != Kind.TRADEMARK:
        raise NotFound(f"{number.strip()} is not a trademark application", field="number")
    return application


def check_version(application: Application, expected: int) -> None:
    concurrency.check_version(application.version, expected, f"application {application.number}")


def require_examiner(principal: Principal) -> None:
    if not principal.has_any(EXAMINER_ONLY):
        raise PermissionDenied("this needs the examiner role")


def check_date(value: date, *, field: str, today: date, after: date | None = None) -> None:
    """An act's date: not in the future, not before the step it follows."""
    if value > today:
        raise InvalidInput(f"{field} {value} is in the future (today is {today})", field=field)
    if after is not None and value < after:
        raise InvalidInput(f"{field} {value} is before {after}", field=field)


def set_status(
    application: Application,
    target: Status,
    *,
    on: date,
    event: str,
    actor_id: int | None,
    note: str | None = None,
) -> None:
    """Move the application and write its timeline event (public)."""
    application.status = target.value
    if target in SETS_DECISION:
        application.decision_date = on
    add_event(application, event, on=on, actor_id=actor_id, note=note)


def add_event(
    application: Application,
    code: str,
    *,
    on: date,
    actor_id: int | None,
    note: str | None = None,
    public: bool = True,
) -> None:
    application.events.append(
        ApplicationEvent(occurred_on=on, code=code, note=note, public=public, actor_id=actor_id)
    )


def check_goods(application: Application, goods: list[GoodsItem]) -> list[dict[str, Any]]:
    """Refused goods must lie in the classes the application designates."""
    classes = {int(c) for c in (application.nice_classes or "").split(",") if c}
    outside = sorted({g.nice_class for g in goods} - classes)
    if outside:
        raise InvalidInput(
            f"class(es) {', '.join(map(str, outside))} are not designated by application "
            f"{application.number} (classes {', '.join(map(str, sorted(classes)))})",
            field="refused_goods",
        )
    return [g.model_dump() for g in goods]


def latest_announcement(session: Session, application: Application) -> TrademarkAnnouncement | None:
    return session.scalars(
        select(TrademarkAnnouncement)
        .where(TrademarkAnnouncement.application_id == application.id)
        .order_by(TrademarkAnnouncement.announced_on.desc(), TrademarkAnnouncement.id.desc())
        .limit(1)
    ).first()


def announced_on(session: Session, application: Application) -> date | None:
    """The date the current opposition period runs from: the latest announcement, or the
    publication date of an application announced before announcements were recorded."""
    announcement = latest_announcement(session, application)
    if announcement is not None:
        return announcement.announced_on
    return application.publication_date


def do_announce_trademark(
    session: Session, *, principal: Principal, number: str, data: AnnouncementCreate, today: date
) -> TrademarkAnnouncement:
    """Preliminary approval and its announcement in a gazette issue (Art. 28)."""
    application = load_trademark(session, number)
    check_version(application, data.expected_version)
    current = Status(application.status)
    authorize_transition(
        Kind.TRADEMARK,
        current,
        Status.PRELIMINARY_APPROVAL,
        roles=principal.roles,
        is_owner=False,
    )
    if data.announced_on < application.filing_date:
        raise InvalidInput("the announcement precedes the filing date", field="announced_on")
    if data.announced_on > today + timedelta(days=ANNOUNCE_AHEAD_DAYS):
        raise InvalidInput(
            f"announced_on {data.announced_on} is more than {ANNOUNCE_AHEAD_DAYS} days ahead",
            field="announced_on",
        )
    announcement = TrademarkAnnouncement(
        application_id=application.id,
        issue_number=data.issue_number,
        announced_on=data.announced_on,
        created_by=principal.user_id,
    )
    session.add(announcement)
    # A review may bring a refused mark back: its new announcement is its publication.
    application.publication_date = data.announced_on
    set_status(
        application,
        Status.PRELIMINARY_APPROVAL,
        on=data.announced_on,
        event="preliminary_approval",
        actor_id=principal.user_id,
        note=f"第{data.issue_number}期 / issue {data.issue_number}",
    )
    flush_or_conflict(session, f"application {application.number}")
    audit.record(
        session,
        actor=principal.actor,
        action="announce_trademark",
        entity="application",
        entity_id=application.number,
        payload={"from": current.value, **data.model_dump(exclude={"expected_version"})},
    )
    return announcement


def do_refuse_trademark(
    session: Session, *, principal: Principal, number: str, data: RefusalCreate, today: date
) -> TrademarkRefusal:
    """Refuse the application wholly, or for some goods (the rest may go on to approval)."""
    application = load_trademark(session, number)
    check_version(application, data.expected_version)
    require_examiner(principal)
    current = Status(application.status)
    if data.scope == "whole":
        authorize_transition(
            Kind.TRADEMARK, current, Status.REFUSED, roles=principal.roles, is_owner=False
        )
    elif current != Status.SUBSTANTIVE_EXAMINATION:
        raise Conflict(
            f"a partial refusal is made in substantive examination; application "
            f"{application.number} is {current.value}",
            field="scope",
            code="transition_not_allowed",
        )
    check_date(data.decided_on, field="decided_on", today=today, after=application.filing_date)
    check_date(
        data.notice_dispatched_on, field="notice_dispatched_on", today=today, after=data.decided_on
    )
    refusal = TrademarkRefusal(
        application_id=application.id,
        stage="examination",
        scope=data.scope,
        refused_goods=check_goods(application, data.refused_goods),
        grounds=data.grounds,
        reasons=data.reasons,
        decided_on=data.decided_on,
        notice_dispatched_on=data.notice_dispatched_on,
        created_by=principal.user_id,
    )
    session.add(refusal)
    if data.scope == "whole":
        set_status(
            application,
            Status.REFUSED,
            on=data.decided_on,
            event="refused",
            actor_id=principal.user_id,
        )
    else:
        application.updated_at = utcnow()  # a new version: others' forms are now stale
        add_event(application, "partially_refused", on=data.decided_on, actor_id=principal.user_id)
    flush_or_conflict(session, f"application {application.number}")
    audit.record(
        session,
        actor=principal.actor,
        action="refuse_trademark",
        entity="application",
        entity_id=application.number,
        payload={"refusal_id": refusal.id, **data.model_dump(exclude={"expected_version"})},
    )
    return refusal


def do_record_notice_receipt(
    session: Session, *, principal: Principal, refusal_id: int, data: NoticeReceipt, today: date
) -> TrademarkRefusal:
    """Record when the applicant received a refusal notice: the review period runs from it."""
    require_examiner(principal)
    refusal = session.get(TrademarkRefusal, refusal_id)
    if refusal is None:
        raise NotFound(f"no refusal with id {refusal_id}", field="refusal_id")
    if refusal.version != data.expected_version:
        raise Conflict(
            f"refusal {refusal_id} is at version {refusal.version}, you sent "
            f"{data.expected_version}; reload and try again",
            field="expected_version",
            code="stale_version",
        )
    if refusal.notice_received_on is not None:
        raise Conflict(
            f"the receipt of refusal {refusal_id} is already recorded "
            f"({refusal.notice_received_on})",
            field="received_on",
        )
    check_date(
        data.received_on, field="received_on", today=today, after=refusal.notice_dispatched_on
    )
    refusal.notice_received_on = data.received_on
    flush_or_conflict(session, f"refusal {refusal_id}")
    audit.record(
        session,
        actor=principal.actor,
        action="record_refusal_receipt",
        entity="trademark_refusal",
        entity_id=refusal_id,
        payload={"received_on": data.received_on},
    )
    return refusal


def do_register_trademark(
    session: Session,
    *,
    principal: Principal,
    number: str,
    expected_version: int,
    on: date,
    calendar: WorkingDayCalendar,
) -> Application:
    """Register a preliminarily approved mark once its opposition period is over and no
    opposition is pending (Art. 33: "公告期满无异议的，予以核准注册")."""
    application = load_trademark(session, number)
    check_version(application, expected_version)
    authorize_transition(
        Kind.TRADEMARK,
        Status(application.status),
        Status.REGISTERED,
        roles=principal.roles,
        is_owner=False,
    )
    start = announced_on(session, application)
    if start is None:
        raise Conflict(f"application {application.number} has no announcement date")
    if is_on_time(OPPOSITION, start, on, calendar):
        due = opposition_window(start, calendar).due
        raise Conflict(
            f"the opposition period of application {application.number} runs until {due}; "
            "it can be registered from the next day",
            field="on",
            code="opposition_period_running",
        )
    pending = session.scalars(
        select(TrademarkProceeding.id).where(
            TrademarkProceeding.application_id == application.id,
            TrademarkProceeding.kind == ProceedingKind.OPPOSITION.value,
            TrademarkProceeding.status.in_([s.value for s in OPEN_STATUSES]),
        )
    ).all()
    if pending:
        raise Conflict(
            f"opposition(s) {', '.join(map(str, pending))} against application "
            f"{application.number} are not decided yet",
            code="opposition_pending",
        )
    set_status(
        application, Status.REGISTERED, on=on, event="registered", actor_id=principal.user_id
    )
    flush_or_conflict(session, f"application {application.number}")
    audit.record(
        session,
        actor=principal.actor,
        action="register_trademark",
        entity="application",
        entity_id=application.number,
        payload={"on": on, "announced_on": start},
    )
    return application
