"""Patent dispute cases: registering a request, finding a case, lists by deadline and month.

Officers work on the cases of their own bureau (`region_code` of the user equals the case's);
anyone else is told the case does not exist, as applications do for strangers. Administrators
may read every bureau's cases but act on none. Functions flush, never commit, and take `today`
and the calendar as arguments so reports and benchmarks call them without a web request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ipoffice.applications.service import next_serial
from ipoffice.core import audit
from ipoffice.core.calendar import WorkingDayCalendar, add_months
from ipoffice.core.clock import office_today
from ipoffice.core.divisions import validate_division_code
from ipoffice.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ipoffice.core.identifiers import parse_patent_number, validate_uscc
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.protection.case_clock import (
    DEFAULT_WINDOW,
    CaseDeadline,
    CaseFacts,
    Flag,
    Suspension,
    case_deadlines,
    case_flag,
)
from ipoffice.protection.case_models import (
    CaseClaim,
    CaseDecision,
    CaseEvent,
    CaseParty,
    DisputeCase,
)
from ipoffice.protection.case_schemas import CaseCreate, PartyIn
from ipoffice.protection.case_workflow import FINAL_STATUSES, INITIAL_STATUS, CaseStatus

READERS = frozenset({Role.ENFORCEMENT_OFFICER, Role.ADMINISTRATOR})
MonthField = Literal["received_on", "accepted_on", "closed_on"]
_MONTH_FIELDS = ("received_on", "accepted_on", "closed_on")


def _submission_digest(user_id: int, key: str) -> str:
    return hashlib.sha256(f"protection-case:{user_id}:{key}".encode()).hexdigest()


def _case_number(session: Session, region: str, received_on: date) -> str:
    serial = next_serial(session, f"protection_case:{received_on.year}:{region}")
    return f"{received_on.year}-{region}-{serial:04d}"


def _officer_region(principal: Principal) -> str:
    if Role.ENFORCEMENT_OFFICER not in principal.roles:
        raise PermissionDenied("registering a dispute case needs the enforcement_officer role")
    if not principal.region_code:
        raise InvalidInput(
            "your account has no bureau region (GB/T 2260 code); ask an administrator to set it",
            field="region_code",
        )
    return validate_division_code(principal.region_code, field="region_code")


def _checked_parties(parties: Sequence[PartyIn]) -> list[CaseParty]:
    rows: list[CaseParty] = []
    for index, party in enumerate(parties):
        where = f"parties[{index}].uscc"
        uscc = None
        if party.kind == "organisation":
            if not party.uscc:
                raise InvalidInput(
                    f"party {index + 1} ({party.name}) is an organisation: give its unified "
                    "social credit code",
                    field=where,
                )
            uscc = validate_uscc(party.uscc, field=where)
        elif party.uscc:
            raise InvalidInput(
                f"party {index + 1} ({party.name}) is a person: a person has no unified social "
                "credit code",
                field=where,
            )
        rows.append(
            CaseParty(
                role=party.role,
                kind=party.kind,
                name=party.name,
                uscc=uscc,
                address=party.address or None,
            )
        )
    roles = {row.role for row in rows}
    if roles != {"requester", "respondent"}:
        missing = sorted({"requester", "respondent"} - roles)
        raise InvalidInput(f"a request needs at least one {missing[0]}", field="parties")
    return rows


def _existing_submission(session: Session, key: str, data: CaseCreate) -> DisputeCase | None:
    existing = session.scalar(select(DisputeCase).where(DisputeCase.submission_key == key))
    if existing is None:
        return None
    canonical = parse_patent_number(data.patent_number, field="patent_number").canonical
    if (existing.patent_number, existing.request_text) != (canonical, data.request_text):
        raise Conflict(
            f"this Idempotency-Key was already used for another case ({existing.number}); "
            "use a new key for a new request",
            field="Idempotency-Key",
        )
    return existing


def do_register_case(
    session: Session,
    *,
    principal: Principal,
    data: CaseCreate,
    today: date | None = None,
    submission_key: str | None = None,
) -> tuple[DisputeCase, bool]:
    """Register a request received by the officer's bureau; returns (case, created)."""
    region = _officer_region(principal)
    today = today or office_today()
    received_on = data.received_on or today
    if received_on > today:
        raise InvalidInput("the request cannot be received after today", field="received_on")
    patent = parse_patent_number(data.patent_number, field="patent_number")
    parties = _checked_parties(data.parties)
    key = _submission_digest(principal.user_id, submission_key) if submission_key else None
    if key is not None and (found := _existing_submission(session, key, data)) is not None:
        return found, False
    try:
        with session.begin_nested():
            case = DisputeCase(
                number=_case_number(session, region, received_on),
                region_code=region,
                status=INITIAL_STATUS.value,
                patent_number=patent.canonical,
                patent_title=data.patent_title or None,
                request_text=data.request_text,
                received_on=received_on,
                handler_id=principal.user_id,
                submission_key=key,
                parties=parties,
                claims=[CaseClaim(claim_number=n) for n in data.claims],
                events=[
                    CaseEvent(occurred_on=received_on, code="received", actor_id=principal.user_id)
                ],
            )
            session.add(case)
            session.flush()
    except IntegrityError:
        # A concurrent retry with the same key won the race: answer with its case.
        found = _existing_submission(session, key, data) if key else None
        if found is None:
            raise
        return found, False
    payload = data.model_dump(exclude={"received_on"})
    audit.record(
        session,
        actor=principal.actor,
        action="register_dispute_case",
        entity="dispute_case",
        entity_id=case.number,
        payload={**payload, "received_on": received_on, "region_code": region},
    )
    return case, True


def _load(session: Session, number: str, *, full: bool) -> DisputeCase | None:
    stmt = select(DisputeCase).where(DisputeCase.number == number.strip())
    options = [selectinload(DisputeCase.suspensions), selectinload(DisputeCase.extension)]
    if full:
        options += [
            selectinload(DisputeCase.parties),
            selectinload(DisputeCase.claims),
            selectinload(DisputeCase.events),
            selectinload(DisputeCase.panel),
        ]
    return session.scalar(stmt.options(*options))


def may_read(principal: Principal, case: DisputeCase) -> bool:
    if Role.ADMINISTRATOR in principal.roles:
        return True
    return Role.ENFORCEMENT_OFFICER in principal.roles and principal.region_code == case.region_code


def get_case(
    session: Session, principal: Principal, number: str, *, full: bool = True
) -> DisputeCase:
    """The case if this user may see it; NotFound otherwise (strangers learn nothing)."""
    case = _load(session, number, full=full)
    if case is None or not may_read(principal, case):
        raise NotFound(f"no dispute case with number {number.strip()}", field="number")
    return case


def decision_served_on(session: Session, case_id: int) -> date | None:
    return session.scalar(select(CaseDecision.served_on).where(CaseDecision.case_id == case_id))


def case_facts(case: DisputeCase, *, decision_served: date | None = None) -> CaseFacts:
    return CaseFacts(
        status=CaseStatus(case.status),
        received_on=case.received_on,
        accepted_on=case.accepted_on,
        served_on=case.served_on,
        answered_on=case.answered_on,
        closed_on=case.closed_on,
        extended=case.extension is not None,
        suspensions=tuple(Suspension(s.started_on, s.ended_on) for s in case.suspensions),
        decision_served_on=decision_served,
    )


@dataclass(frozen=True)
class CaseClock:
    case: DisputeCase
    deadlines: list[CaseDeadline]
    flag: Flag


def clock_of(
    case: DisputeCase,
    *,
    today: date,
    calendar: WorkingDayCalendar,
    window: int = DEFAULT_WINDOW,
    decision_served: date | None = None,
) -> CaseClock:
    facts = case_facts(case, decision_served=decision_served)
    rows = case_deadlines(facts, today=today, calendar=calendar, window=window)
    return CaseClock(case, rows, case_flag(facts, rows))


def list_cases(
    session: Session,
    principal: Principal,
    *,
    today: date,
    calendar: WorkingDayCalendar,
    region: str | None = None,
    status: CaseStatus | None = None,
    flag: Flag | None = None,
    window: int = DEFAULT_WINDOW,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[CaseClock], int]:
    """Cases this user may see, most urgent first within a flag filter, newest first otherwise.

    Officers see their own bureau only (another `region` gives an empty list); with `flag`
    ("overdue", "due_soon", ...) only open cases in that state are returned.
    """
    stmt = select(DisputeCase).options(
        selectinload(DisputeCase.suspensions),
        selectinload(DisputeCase.extension),
        selectinload(DisputeCase.parties),
    )
    if Role.ADMINISTRATOR not in principal.roles:
        stmt = stmt.where(DisputeCase.region_code == (principal.region_code or ""))
    if region is not None:
        stmt = stmt.where(DisputeCase.region_code == validate_division_code(region, field="region"))
    if status is not None:
        stmt = stmt.where(DisputeCase.status == status.value)
    if flag is not None:
        stmt = stmt.where(DisputeCase.status.not_in([s.value for s in FINAL_STATUSES]))
    rows = session.scalars(stmt.order_by(DisputeCase.received_on.desc(), DisputeCase.id.desc()))
    clocks = [clock_of(c, today=today, calendar=calendar, window=window) for c in rows]
    if flag is not None:
        clocks = [c for c in clocks if c.flag == flag]
        clocks.sort(key=lambda c: (_first_office_due(c) or date.max, c.case.number))
    return clocks[offset : offset + limit], len(clocks)


def _first_office_due(clock: CaseClock) -> date | None:
    dues = [
        d.due
        for d in clock.deadlines
        if d.holder == "office" and d.due is not None and d.done_on is None
    ]
    return min(dues) if dues else None


def next_office_deadline(clock: CaseClock) -> CaseDeadline | None:
    """The earliest open office deadline of a case (for lists)."""
    open_rows = [
        d
        for d in clock.deadlines
        if d.holder == "office" and d.due is not None and d.state not in ("met", "late", "ended")
    ]
    return min(open_rows, key=lambda d: d.due or date.max, default=None)


def cases_by_month(
    session: Session,
    *,
    region_code: str,
    year: int,
    month: int,
    by: MonthField = "received_on",
) -> list[DisputeCase]:
    """A bureau's cases received (or accepted, or closed) in one month, oldest first."""
    if by not in _MONTH_FIELDS:
        raise InvalidInput(f"by must be one of {', '.join(_MONTH_FIELDS)}", field="by")
    if not 1 <= year <= 9999:
        raise InvalidInput(f"year must be 1-9999, got {year}", field="year")
    if not 1 <= month <= 12:
        raise InvalidInput(f"month must be 1-12, got {month}", field="month")
    region = validate_division_code(region_code, field="region_code")
    column = getattr(DisputeCase, by)
    first = date(year, month, 1)
    stmt = (
        select(DisputeCase)
        .where(DisputeCase.region_code == region)
        .where(column >= first, column < add_months(first, 1))
        .options(selectinload(DisputeCase.suspensions), selectinload(DisputeCase.extension))
        .order_by(column, DisputeCase.id)
    )
    return list(session.scalars(stmt))
