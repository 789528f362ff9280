"""Actions on applications: filing, status changes, public inquiry.

Each `do_*` function checks permission, applies the change, writes the timeline event and the
audit record, and flushes; the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ipoffice.applications.deadlines import running_deadlines
from ipoffice.applications.models import Application, ApplicationEvent
from ipoffice.applications.schemas import (
    ApplicationCreate,
    ApplicationRead,
    EventRead,
    PublicStatus,
)
from ipoffice.applications.workflow import (
    EVENT_LABELS,
    FINAL_STATUSES,
    INITIAL_STATUS,
    KIND_LABELS,
    PATENT_TYPE_DIGIT,
    SETS_DECISION,
    SETS_PUBLICATION,
    STATUS_LABELS,
    Kind,
    Status,
    authorize_transition,
    is_title_public,
    plain_next_statuses,
)
from ipoffice.core import audit
from ipoffice.core.calendar import WorkingDayCalendar, add_months
from ipoffice.core.concurrency import check_version, flush_or_conflict
from ipoffice.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ipoffice.core.identifiers import (
    format_trademark_number,
    make_patent_number,
    parse_application_number,
    parse_patent_number,
)
from ipoffice.core.identity import Principal
from ipoffice.core.models import NumberSequence
from ipoffice.core.roles import Role
from ipoffice.parties.models import Party

STAFF_VIEWERS = frozenset({Role.EXAMINER, Role.ADMINISTRATOR})

# Priority may be claimed within 12 months for inventions and utility models, 6 months for
# designs (Patent Law 2020 Art. 29) and trademarks (Trademark Law Art. 25).
PRIORITY_MONTHS: dict[Kind, int] = {
    Kind.INVENTION: 12,
    Kind.UTILITY_MODEL: 12,
    Kind.DESIGN: 6,
    Kind.TRADEMARK: 6,
}


def next_serial(session: Session, series: str) -> int:
    """Atomically take the next serial of a number series (safe under concurrent filings)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(NumberSequence).values(series=series, last=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[NumberSequence.series], set_={"last": NumberSequence.last + 1}
    ).returning(NumberSequence.last)
    return int(session.execute(stmt).scalar_one())


def display_number(kind: str, canonical: str) -> str:
    if kind == Kind.TRADEMARK:
        return format_trademark_number(int(canonical))
    return parse_patent_number(canonical).display


def _allocate_number(session: Session, kind: Kind, filing_date: date) -> str:
    if kind == Kind.TRADEMARK:
        return str(next_serial(session, "trademark"))
    type_digit = PATENT_TYPE_DIGIT[kind]
    serial = next_serial(session, f"patent:{filing_date.year}:{type_digit}")
    return make_patent_number(filing_date.year, type_digit, serial).canonical


def _submission_digest(user_id: int | None, key: str) -> str:
    return hashlib.sha256(f"{user_id}:{key}".encode()).hexdigest()


def _resolve_parties(
    session: Session, principal: Principal | None, data: ApplicationCreate
) -> tuple[int, int | None]:
    """(applicant_id, agency_id) for this filing, checked against who is filing."""
    if principal is None:
        if data.applicant_id is None:
            raise InvalidInput("applicant_id is required", field="applicant_id")
        return data.applicant_id, None
    if Role.APPLICANT in principal.roles and data.applicant_id in (None, principal.party_id):
        if principal.party_id is None:
            raise InvalidInput("this applicant account is not linked to a party", field="user")
        return principal.party_id, None
    if Role.AGENT in principal.roles:
        if data.applicant_id is None:
            raise InvalidInput("an agent must name the applicant_id", field="applicant_id")
        applicant = session.get(Party, data.applicant_id)
        if applicant is None or applicant.is_agency:
            raise InvalidInput(f"no applicant with id {data.applicant_id}", field="applicant_id")
        return applicant.id, principal.party_id
    raise PermissionDenied("an applicant may file only in its own name", field="applicant_id")


def do_file_application(
    session: Session,
    *,
    actor: audit.Actor,
    principal: Principal | None,
    data: ApplicationCreate,
    filing_date: date,
    submission_key: str | None = None,
) -> tuple[Application, bool]:
    """File an application; returns (application, created). A repeated submission with the
    same key returns the first application instead of filing twice."""
    applicant_id, agency_id = _resolve_parties(session, principal, data)
    if session.get(Party, applicant_id) is None:
        raise InvalidInput(f"no applicant with id {applicant_id}", field="applicant_id")
    if data.priority_date is not None:
        months = PRIORITY_MONTHS[data.kind]
        if data.priority_date > filing_date:
            raise InvalidInput("priority date is after the filing date", field="priority_date")
        if add_months(data.priority_date, months) < filing_date:
            raise InvalidInput(
                f"priority may be claimed within {months} months; "
                f"{data.priority_date} is too early for a filing on {filing_date}",
                field="priority_date",
            )
    key = _submission_digest(actor.id, submission_key) if submission_key else None
    if key is not None:
        existing = _existing_submission(session, key, data, applicant_id)
        if existing is not None:
            return existing, False
    try:
        with session.begin_nested():
            application = Application(
                number=_allocate_number(session, data.kind, filing_date),
                kind=data.kind.value,
                title=data.title,
                title_en=data.title_en,
                lang=data.lang,
                status=INITIAL_STATUS.value,
                filing_date=filing_date,
                priority_date=data.priority_date,
                applicant_id=applicant_id,
                agency_id=agency_id,
                filed_by_id=actor.id,
                nice_classes=",".join(map(str, data.nice_classes)) if data.nice_classes else None,
                submission_key=key,
            )
            session.add(application)
            session.flush()
    except IntegrityError:
        # A concurrent request with the same key won the race; answer with its result.
        if key is None:
            raise
        existing = _existing_submission(session, key, data, applicant_id)
        if existing is None:
            raise
        return existing, False
    session.add(
        ApplicationEvent(
            application_id=application.id, occurred_on=filing_date, code="filed", actor_id=actor.id
        )
    )
    audit.record(
        session,
        actor=actor,
        action="file_application",
        entity="application",
        entity_id=application.number,
        payload={**data.model_dump(), "applicant_id": applicant_id, "filing_date": filing_date},
    )
    session.flush()
    return application, True


def _existing_submission(
    session: Session, key: str, data: ApplicationCreate, applicant_id: int
) -> Application | None:
    existing = session.scalar(select(Application).where(Application.submission_key == key))
    if existing is None:
        return None
    if (existing.kind, existing.title, existing.applicant_id) != (
        data.kind.value,
        data.title,
        applicant_id,
    ):
        raise Conflict(
            "this Idempotency-Key was already used for a different application "
            f"({existing.number}); use a new key for a new filing",
            field="Idempotency-Key",
        )
    return existing


def get_by_number(session: Session, number_text: str, *, lock: bool = False) -> Application:
    """The application with this number in any written form; clear errors otherwise."""
    _family, canonical = parse_application_number(number_text, field="number")
    stmt: Select[tuple[Application]] = select(Application).where(Application.number == canonical)
    stmt = stmt.options(selectinload(Application.events))
    application = session.scalar(stmt)
    if application is None:
        raise NotFound(f"no application with number {number_text.strip()}", field="number")
    return application


def is_owner(principal: Principal, application: Application) -> bool:
    """The applicant itself, its agency, or the user who filed it."""
    if principal.party_id is None:
        return application.filed_by_id == principal.user_id
    return principal.party_id in (application.applicant_id, application.agency_id) or (
        application.filed_by_id == principal.user_id
    )


def can_view(principal: Principal, application: Application) -> bool:
    return principal.has_any(STAFF_VIEWERS) or is_owner(principal, application)


def do_change_status(
    session: Session,
    *,
    principal: Principal,
    number: str,
    target: Status,
    expected_version: int,
    on: date,
    note: str | None = None,
) -> Application:
    """Move an application along its workflow, refusing stale versions and wrong roles."""
    application = get_by_number(session, number)
    if not can_view(principal, application):
        raise NotFound(f"no application with number {number.strip()}", field="number")
    kind, current = Kind(application.kind), Status(application.status)
    check_version(application.version, expected_version, f"application {application.number}")
    transition = authorize_transition(
        kind, current, target, roles=principal.roles, is_owner=is_owner(principal, application)
    )
    if transition.action is not None:
        raise Conflict(
            f"moving a {kind.value} application from {current.value} to {target.value} is "
            f"done by {transition.action.format(number=application.number)}, which keeps its "
            "record",
            field="to_status",
            code="dedicated_action",
        )
    if on < application.filing_date:
        raise InvalidInput("the date of a status change precedes the filing date", field="on")
    application.status = target.value
    if target in SETS_PUBLICATION and application.publication_date is None:
        application.publication_date = on
    if target in SETS_DECISION:
        application.decision_date = on
    application.events.append(
        ApplicationEvent(
            occurred_on=on, code=transition.event, note=note, actor_id=principal.user_id
        )
    )
    canonical = application.number
    flush_or_conflict(session, f"application {canonical}")
    audit.record(
        session,
        actor=principal.actor,
        action="change_status",
        entity="application",
        entity_id=application.number,
        payload={"from": current.value, "to": target.value, "on": on, "note": note},
    )
    return application


def _timeline(application: Application) -> list[EventRead]:
    rows = []
    for event in application.events:
        if not event.public:
            continue
        zh, en = EVENT_LABELS.get(event.code, (event.code, event.code))
        rows.append(EventRead(date=event.occurred_on, code=event.code, label_zh=zh, label_en=en))
    return rows


def public_status(application: Application, calendar: WorkingDayCalendar) -> PublicStatus:
    kind, status = Kind(application.kind), Status(application.status)
    title_public = is_title_public(kind, status, application.publication_date is not None)
    return PublicStatus(
        number=application.number,
        display_number=display_number(kind, application.number),
        kind=kind,
        kind_label_zh=KIND_LABELS[kind][0],
        kind_label_en=KIND_LABELS[kind][1],
        title=application.title if title_public else None,
        title_en=application.title_en if title_public else None,
        status=status,
        status_label_zh=STATUS_LABELS[status][0],
        status_label_en=STATUS_LABELS[status][1],
        filing_date=application.filing_date,
        priority_date=application.priority_date,
        publication_date=application.publication_date,
        decision_date=application.decision_date,
        timeline=_timeline(application),
        deadlines=running_deadlines(application, calendar),
    )


def full_record(application: Application, calendar: WorkingDayCalendar) -> ApplicationRead:
    kind, status = Kind(application.kind), Status(application.status)
    base = public_status(application, calendar).model_dump()
    base.update(title=application.title, title_en=application.title_en)
    return ApplicationRead(
        **base,
        id=application.id,
        version=application.version,
        applicant_id=application.applicant_id,
        agency_id=application.agency_id,
        nice_classes=[int(c) for c in application.nice_classes.split(",")]
        if application.nice_classes
        else None,
        lang=application.lang,
        next_statuses=[] if status in FINAL_STATUSES else plain_next_statuses(kind, status),
    )


def list_for(
    session: Session,
    principal: Principal,
    *,
    status: Status | None = None,
    kind: Kind | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Application], int]:
    """Applications this user may see, newest first, with the total count."""
    stmt = select(Application)
    if not principal.has_any(STAFF_VIEWERS):
        if principal.party_id is not None:
            stmt = stmt.where(
                (Application.applicant_id == principal.party_id)
                | (Application.agency_id == principal.party_id)
                | (Application.filed_by_id == principal.user_id)
            )
        else:
            stmt = stmt.where(Application.filed_by_id == principal.user_id)
    if status is not None:
        stmt = stmt.where(Application.status == status.value)
    if kind is not None:
        stmt = stmt.where(Application.kind == kind.value)
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    rows = session.scalars(
        stmt.order_by(Application.filing_date.desc(), Application.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total
