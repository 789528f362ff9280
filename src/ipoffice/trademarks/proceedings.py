"""Opening trademark proceedings: oppositions by third parties against an announced mark
(Art. 33) and reviews requested by the applicant against a refusal (Art. 34) or a decision not
to register (Art. 35); who is on which side of a proceeding, and who may see it.

Late and duplicate filings are refused with a message that says why; a duplicate that races a
first submission loses on the unique `dedupe_key` inside a savepoint.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ipoffice.applications.models import Application
from ipoffice.applications.service import STAFF_VIEWERS, is_owner
from ipoffice.applications.workflow import Status
from ipoffice.core import audit
from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.parties.models import Party
from ipoffice.trademarks.examination import (
    add_event,
    latest_announcement,
    load_trademark,
)
from ipoffice.trademarks.examination_models import TrademarkProceeding, TrademarkRefusal
from ipoffice.trademarks.examination_periods import (
    OPPOSITION,
    REVIEW_RULES,
    is_on_time,
    notice_receipt,
    opposition_window,
)
from ipoffice.trademarks.examination_schemas import OppositionCreate, ReviewCreate
from ipoffice.trademarks.tm_workflow import (
    INITIAL_STATUS,
    ProceedingKind,
    ProceedingStatus,
    Side,
)

FILERS = frozenset({Role.APPLICANT, Role.AGENT})


def _requester_party(
    session: Session, principal: Principal, client_party_id: int | None
) -> tuple[int, int | None]:
    """(party, agency) on whose behalf the caller files, checked against who is filing."""
    if Role.AGENT in principal.roles and principal.party_id is not None:
        if client_party_id is None:
            raise InvalidInput("an agent names the client it acts for", field="opposer_party_id")
        client = session.get(Party, client_party_id)
        if client is None or client.is_agency:
            raise InvalidInput(f"no party with id {client_party_id}", field="opposer_party_id")
        return client.id, principal.party_id
    if Role.APPLICANT in principal.roles and principal.party_id is not None:
        if client_party_id not in (None, principal.party_id):
            raise PermissionDenied(
                "an applicant files only in its own name", field="opposer_party_id"
            )
        return principal.party_id, None
    raise PermissionDenied("this account is not linked to a party; it cannot file")


def _check_not_duplicate(session: Session, key: str, what: str) -> None:
    existing = session.scalar(
        select(TrademarkProceeding).where(TrademarkProceeding.dedupe_key == key)
    )
    if existing is not None:
        raise Conflict(
            f"{what} was already filed on {existing.filed_on} (proceeding {existing.id}, "
            f"{existing.status}); a second one is not accepted",
            code="duplicate_proceeding",
        )


def _insert(session: Session, proceeding: TrademarkProceeding, what: str) -> None:
    try:
        with session.begin_nested():
            session.add(proceeding)
            session.flush()
    except IntegrityError:
        _check_not_duplicate(session, proceeding.dedupe_key, what)
        raise


def do_file_opposition(
    session: Session,
    *,
    principal: Principal,
    data: OppositionCreate,
    today: date,
    calendar: WorkingDayCalendar,
) -> TrademarkProceeding:
    """An opposition against a preliminarily approved mark, within its opposition period."""
    application = load_trademark(session, data.application_number)
    if application.status != Status.PRELIMINARY_APPROVAL:
        raise Conflict(
            f"application {application.number} is {application.status}: only a mark "
            "preliminarily approved and announced can be opposed",
            field="application_number",
            code="not_opposable",
        )
    party_id, agency_id = _requester_party(session, principal, data.opposer_party_id)
    if party_id == application.applicant_id:
        raise InvalidInput("an applicant cannot oppose its own mark", field="opposer_party_id")
    if agency_id is not None and agency_id == application.agency_id:
        raise PermissionDenied(
            "the agency representing the applicant cannot oppose the same mark",
            field="opposer_party_id",
        )
    announcement = latest_announcement(session, application)
    start = announcement.announced_on if announcement else application.publication_date
    if start is None or today < start:
        raise Conflict(
            f"application {application.number} is not announced yet; oppositions are "
            "accepted from the announcement date",
            code="not_opposable",
        )
    if not is_on_time(OPPOSITION, start, today, calendar):
        due = opposition_window(start, calendar).due
        raise Conflict(
            f"the opposition period of application {application.number} (announced {start}) "
            f"ended on {due}; an opposition filed on {today} is late (Trademark Law Art. 33)",
            code="late_filing",
        )
    key = f"opposition:{application.id}:{start.isoformat()}:{party_id}"
    what = f"an opposition by this party against application {application.number}"
    _check_not_duplicate(session, key, what)
    proceeding = TrademarkProceeding(
        kind=ProceedingKind.OPPOSITION.value,
        status=INITIAL_STATUS[ProceedingKind.OPPOSITION].value,
        application_id=application.id,
        announcement_id=announcement.id if announcement else None,
        announced_on=start,
        party_id=party_id,
        agency_id=agency_id,
        filed_by_id=principal.user_id,
        filed_on=today,
        grounds=data.grounds,
        earlier_right=data.earlier_right,
        statement=data.statement,
        dedupe_key=key,
    )
    _insert(session, proceeding, what)
    add_event(application, "opposition_filed", on=today, actor_id=principal.user_id)
    session.flush()
    audit.record(
        session,
        actor=principal.actor,
        action="file_opposition",
        entity="trademark_proceeding",
        entity_id=proceeding.id,
        payload={**data.model_dump(), "party_id": party_id, "filed_on": today},
    )
    return proceeding


def do_request_review(
    session: Session,
    *,
    principal: Principal,
    data: ReviewCreate,
    today: date,
    calendar: WorkingDayCalendar,
) -> TrademarkProceeding:
    """The applicant's request for review of a refusal notice, within 15 days of receiving
    it (a notice whose receipt is not recorded is deemed received 15 days after dispatch)."""
    if not principal.has_any(FILERS):
        raise PermissionDenied("a review is requested by the applicant or its agent")
    refusal = session.get(TrademarkRefusal, data.refusal_id)
    application = session.get(Application, refusal.application_id) if refusal else None
    if refusal is None or application is None or not is_owner(principal, application):
        raise NotFound(f"no refusal with id {data.refusal_id}", field="refusal_id")
    kind = (
        ProceedingKind.REFUSAL_REVIEW
        if refusal.stage == "examination"
        else ProceedingKind.NON_REGISTRATION_REVIEW
    )
    if refusal.scope == "whole" and application.status != Status.REFUSED:
        raise Conflict(
            f"application {application.number} is {application.status}, not refused",
            code="not_reviewable",
        )
    received, _deemed = notice_receipt(refusal.notice_dispatched_on, refusal.notice_received_on)
    request_rule = REVIEW_RULES[kind.value][0]
    if today < refusal.notice_dispatched_on:
        raise Conflict("the refusal notice has not been sent yet", code="not_reviewable")
    if not is_on_time(request_rule, received, today, calendar):
        raise Conflict(
            f"the review period of refusal {refusal.id} (notice received {received}) has "
            f"ended; a request on {today} is late (Trademark Law Art. "
            f"{34 if kind is ProceedingKind.REFUSAL_REVIEW else 35})",
            code="late_filing",
        )
    key = f"review:{refusal.id}"
    what = f"a review of refusal {refusal.id}"
    _check_not_duplicate(session, key, what)
    proceeding = TrademarkProceeding(
        kind=kind.value,
        status=INITIAL_STATUS[kind].value,
        application_id=application.id,
        refusal_id=refusal.id,
        party_id=application.applicant_id,
        agency_id=principal.party_id if Role.AGENT in principal.roles else None,
        filed_by_id=principal.user_id,
        filed_on=today,
        grounds=[],
        statement=data.statement,
        dedupe_key=key,
    )
    _insert(session, proceeding, what)
    add_event(application, "review_requested", on=today, actor_id=principal.user_id)
    session.flush()
    audit.record(
        session,
        actor=principal.actor,
        action="request_review",
        entity="trademark_proceeding",
        entity_id=proceeding.id,
        payload={**data.model_dump(), "kind": kind.value, "filed_on": today},
    )
    return proceeding


def sides_of(
    principal: Principal, proceeding: TrademarkProceeding, application: Application
) -> frozenset[Side]:
    """On which side of the proceeding the caller stands (none for a stranger)."""
    sides: set[Side] = set()
    if principal.has_any(frozenset({Role.EXAMINER})):
        sides.add(Side.OFFICE)
    party = principal.party_id
    if (party is not None and party in (proceeding.party_id, proceeding.agency_id)) or (
        proceeding.filed_by_id == principal.user_id
    ):
        sides.add(Side.REQUESTER)
    if proceeding.kind == ProceedingKind.OPPOSITION and is_owner(principal, application):
        sides.add(Side.RESPONDENT)
    return frozenset(sides)


def can_see(
    principal: Principal, proceeding: TrademarkProceeding, application: Application
) -> bool:
    return principal.has_any(STAFF_VIEWERS) or bool(sides_of(principal, proceeding, application))


def get_proceeding(
    session: Session, principal: Principal, proceeding_id: int
) -> tuple[TrademarkProceeding, Application]:
    """The proceeding and its application; NotFound for those the caller may not see."""
    proceeding = session.get(TrademarkProceeding, proceeding_id)
    application = session.get(Application, proceeding.application_id) if proceeding else None
    if proceeding is None or application is None or not can_see(principal, proceeding, application):
        raise NotFound(f"no proceeding with id {proceeding_id}", field="proceeding_id")
    return proceeding, application


def _visible(
    stmt: Select[TrademarkProceeding], principal: Principal
) -> Select[TrademarkProceeding]:
    if principal.has_any(STAFF_VIEWERS):
        return stmt
    party = principal.party_id
    own = TrademarkProceeding.filed_by_id == principal.user_id
    if party is None:
        return stmt.where(own)
    against = TrademarkProceeding.application_id.in_(
        select(Application.id).where(
            (Application.applicant_id == party) | (Application.agency_id == party)
        )
    )
    return stmt.where(
        own
        | (TrademarkProceeding.party_id == party)
        | (TrademarkProceeding.agency_id == party)
        | ((TrademarkProceeding.kind == ProceedingKind.OPPOSITION.value) & against)
    )


def list_proceedings(
    session: Session,
    principal: Principal,
    *,
    kind: ProceedingKind | None = None,
    status: ProceedingStatus | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[TrademarkProceeding], int]:
    """Proceedings the caller may see, oldest filing first (the order they are handled)."""
    stmt = _visible(select(TrademarkProceeding), principal)
    if kind is not None:
        stmt = stmt.where(TrademarkProceeding.kind == kind.value)
    if status is not None:
        stmt = stmt.where(TrademarkProceeding.status == status.value)
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    rows = session.scalars(
        stmt.order_by(TrademarkProceeding.filed_on, TrademarkProceeding.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total
