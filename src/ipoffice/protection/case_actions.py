"""Actions on a patent dispute case: each checks who acts and on which case, applies the step
of the workflow table, writes the timeline event and the audit record, and flushes.

Only enforcement officers of the case's bureau act (others get 404 for the case, or 403 for the
step). Every action takes `expected_version` (a stale one is `409 stale_version`) and the date
`on` of the step, which may not be in the future nor before the case's last event.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipoffice.core import audit
from ipoffice.core.clock import office_today
from ipoffice.core.concurrency import check_version, flush_or_conflict
from ipoffice.core.errors import Conflict, InvalidInput, NotFound
from ipoffice.core.identity import Principal
from ipoffice.db.base import utcnow
from ipoffice.protection.case_models import (
    CaseEvent,
    CaseMediation,
    CaseSuspension,
    DisputeCase,
)
from ipoffice.protection.case_service import get_case
from ipoffice.protection.case_workflow import (
    CaseStatus,
    authorize_step,
    authorize_transition,
)

S = CaseStatus


def acting_case(
    session: Session, principal: Principal, number: str, expected_version: int
) -> DisputeCase:
    """The case an officer of its bureau may act on, at the version the caller saw."""
    case = get_case(session, principal, number)
    if principal.region_code != case.region_code:
        # Administrators read every bureau's cases but act on none.
        raise NotFound(f"no dispute case with number {number.strip()} in your bureau")
    check_version(case.version, expected_version, f"case {case.number}")
    return case


def check_date(case: DisputeCase, on: date, today: date | None, field: str = "on") -> date:
    """A step's date: not after today, not before the case's last recorded event."""
    if on > (today or office_today()):
        raise InvalidInput(f"{on.isoformat()} is in the future", field=field)
    last = max((e.occurred_on for e in case.events), default=case.received_on)
    if on < last:
        raise InvalidInput(
            f"{on.isoformat()} is before the case's last recorded step ({last.isoformat()})",
            field=field,
        )
    return on


def finish(
    session: Session,
    *,
    principal: Principal,
    case: DisputeCase,
    event: str,
    on: date,
    note: str | None,
    action: str,
    payload: dict[str, Any],
) -> DisputeCase:
    """Write the timeline event, flush (refusing a racing update) and record the audit entry."""
    # Touching the row makes every step bump the case's version, not only status changes.
    case.updated_at = utcnow()
    case.events.append(CaseEvent(occurred_on=on, code=event, note=note, actor_id=principal.user_id))
    number = case.number
    flush_or_conflict(session, f"case {number}")
    audit.record(
        session,
        actor=principal.actor,
        action=action,
        entity="dispute_case",
        entity_id=number,
        payload={"on": on, "note": note, "status": case.status, **payload},
    )
    return case


def move_case(
    session: Session,
    principal: Principal,
    case: DisputeCase,
    target: CaseStatus,
    *,
    on: date,
    note: str | None,
    action: str,
    payload: dict[str, Any] | None = None,
) -> DisputeCase:
    current = CaseStatus(case.status)
    transition = authorize_transition(current, target, roles=principal.roles)
    case.status = target.value
    return finish(
        session,
        principal=principal,
        case=case,
        event=transition.event,
        on=on,
        note=note,
        action=action,
        payload={"from": current.value, **(payload or {})},
    )


def do_accept_case(
    session: Session,
    *,
    principal: Principal,
    number: str,
    expected_version: int,
    on: date,
    note: str | None = None,
    today: date | None = None,
) -> DisputeCase:
    """Accept the request (立案): the service and closure periods start."""
    case = acting_case(session, principal, number, expected_version)
    authorize_transition(CaseStatus(case.status), S.ACCEPTED, roles=principal.roles)
    case.accepted_on = check_date(case, on, today)
    return move_case(session, principal, case, S.ACCEPTED, on=on, note=note, action="accept_case")


def do_refuse_case(
    session: Session,
    *,
    principal: Principal,
    number: str,
    expected_version: int,
    on: date,
    reasons: str,
    today: date | None = None,
) -> DisputeCase:
    """Refuse to accept the request, with written reasons (the case ends)."""
    case = acting_case(session, principal, number, expected_version)
    authorize_transition(CaseStatus(case.status), S.REFUSED, roles=principal.roles)
    if not reasons.strip():
        raise InvalidInput("a refusal needs written reasons", field="reasons")
    case.closed_on = check_date(case, on, today)
    case.refusal_reasons = reasons.strip()
    return move_case(
        session,
        principal,
        case,
        S.REFUSED,
        on=on,
        note=None,
        action="refuse_case",
        payload={"reasons": case.refusal_reasons},
    )


def do_record_service(
    session: Session,
    *,
    principal: Principal,
    number: str,
    expected_version: int,
    on: date,
    note: str | None = None,
    today: date | None = None,
) -> DisputeCase:
    """The request was served on the respondent: the answer period starts."""
    case = acting_case(session, principal, number, expected_version)
    authorize_transition(CaseStatus(case.status), S.HANDLING, roles=principal.roles)
    case.served_on = check_date(case, on, today)
    return move_case(session, principal, case, S.HANDLING, on=on, note=note, action="serve_request")


def do_record_answer(
    session: Session,
    *,
    principal: Principal,
    number: str,
    expected_version: int,
    on: date,
    note: str | None = None,
    today: date | None = None,
) -> DisputeCase:
    """The respondent's answer was received."""
    case = acting_case(session, principal, number, expected_version)
    step = authorize_step("answer", CaseStatus(case.status), roles=principal.roles)
    if case.answered_on is not None:
        raise Conflict(
            f"the answer was already recorded on {case.answered_on.isoformat()}",
            field="on",
            code="already_recorded",
        )
    case.answered_on = check_date(case, on, today)
    return finish(
        session,
        principal=principal,
        case=case,
        event=step.event,
        on=on,
        note=note,
        action="record_answer",
        payload={},
    )


def open_mediation(session: Session, case: DisputeCase) -> CaseMediation | None:
    return session.scalar(
        select(CaseMediation).where(
            CaseMediation.case_id == case.id, CaseMediation.ended_on.is_(None)
        )
    )


def do_suspend_case(
    session: Session,
    *,
    principal: Principal,
    number: str,
    expected_version: int,
    on: date,
    reason: str,
    note: str | None = None,
    today: date | None = None,
) -> DisputeCase:
    """Suspend handling (e.g. invalidation pending at CNIPA): the closure clock stops."""
    case = acting_case(session, principal, number, expected_version)
    current = CaseStatus(case.status)
    authorize_transition(current, S.SUSPENDED, roles=principal.roles)
    check_date(case, on, today)
    case.resume_status = current.value
    case.suspensions.append(
        CaseSuspension(reason=reason, note=note, started_on=on, started_by=principal.user_id)
    )
    return move_case(
        session,
        principal,
        case,
        S.SUSPENDED,
        on=on,
        note=note,
        action="suspend_case",
        payload={"reason": reason},
    )


def do_resume_case(
    session: Session,
    *,
    principal: Principal,
    number: str,
    expected_version: int,
    on: date,
    note: str | None = None,
    today: date | None = None,
) -> DisputeCase:
    """Resume handling: the closure period moves by the suspended calendar days."""
    case = acting_case(session, principal, number, expected_version)
    if case.status != S.SUSPENDED or case.resume_status is None:
        authorize_transition(CaseStatus(case.status), S.HANDLING, roles=principal.roles)
    target = CaseStatus(case.resume_status or S.HANDLING)
    authorize_transition(S.SUSPENDED, target, roles=principal.roles)
    check_date(case, on, today)
    _close_suspension(case, on, principal)
    case.resume_status = None
    return move_case(session, principal, case, target, on=on, note=note, action="resume_case")


def _close_suspension(case: DisputeCase, on: date, principal: Principal) -> None:
    for suspension in case.suspensions:
        if suspension.ended_on is None:
            suspension.ended_on = on
            suspension.ended_by = principal.user_id


def do_withdraw_case(
    session: Session,
    *,
    principal: Principal,
    number: str,
    expected_version: int,
    on: date,
    note: str | None = None,
    today: date | None = None,
) -> DisputeCase:
    """The requester withdrew the request: the case ends."""
    case = acting_case(session, principal, number, expected_version)
    authorize_transition(CaseStatus(case.status), S.WITHDRAWN, roles=principal.roles)
    case.closed_on = check_date(case, on, today)
    _close_suspension(case, on, principal)
    case.resume_status = None
    mediation = open_mediation(session, case)
    if mediation is not None:
        mediation.ended_on = on
    return move_case(
        session, principal, case, S.WITHDRAWN, on=on, note=note, action="withdraw_case"
    )
