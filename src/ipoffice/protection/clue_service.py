"""Actions on transferred clues: send, transfer a screening clue, acknowledge, handle, answer,
pass on, withdraw.

Each `do_*` function checks who may act (the clue's sending or current receiving desk, through
`clue_workflow.authorize`), applies the change, appends the timeline event, writes the audit
record and flushes; the caller owns the transaction. A clue made from a screening clue keeps
the screening record in step: `transferred` when sent, `received` when acknowledged, `closed`
when answered, back to `draft` when withdrawn (so it can be sent elsewhere).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ipoffice.core import audit
from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.concurrency import check_version, flush_or_conflict
from ipoffice.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ipoffice.core.identifiers import validate_uscc
from ipoffice.core.identity import Principal
from ipoffice.db.base import utcnow
from ipoffice.protection.clue_models import ProtectionClue, ProtectionClueEvent
from ipoffice.protection.clue_queries import (
    NATIONAL_ROLES,
    desk_of,
    sides_of,
    visible_clue,
)
from ipoffice.protection.clue_rules import (
    CATEGORIES,
    DEPARTMENTS,
    NATIONAL_DESK,
    due_date,
    receiver_code,
)
from ipoffice.protection.clue_schemas import ClueSend, Feedback, PassOn, VersionedNote, Withdrawal
from ipoffice.protection.clue_workflow import INITIAL_STATUS, ClueStatus, Transition, authorize
from ipoffice.screening.models import Clue as ScreeningClue

ENTITY = "protection_clue"
# The status a screening clue takes when its transferred clue reaches each status.
SCREENING_STATUS = {
    ClueStatus.SENT: "transferred",
    ClueStatus.ACKNOWLEDGED: "received",
    ClueStatus.ANSWERED: "closed",
    ClueStatus.WITHDRAWN: "draft",
}


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def _acting_desk(actor: Principal) -> str:
    desk = desk_of(actor)
    if desk is None:
        raise PermissionDenied(
            "sending a clue needs an enforcement officer with a region, an examiner or an "
            "administrator",
            field="region_code",
        )
    return desk


def _existing(session: Session, key: str | None) -> ProtectionClue | None:
    if key is None:
        return None
    return session.scalar(select(ProtectionClue).where(ProtectionClue.dedupe_key == key))


def _create(
    session: Session, *, actor: Principal, desk: str, key: str | None, fields: dict[str, Any]
) -> tuple[ProtectionClue, bool]:
    """Insert a clue with its `sent` event, or return the first one with the same key."""
    existing = _existing(session, key)
    if existing is not None:
        return existing, False
    try:
        with session.begin_nested():
            clue = ProtectionClue(
                **fields,
                sender_region=desk,
                sent_by=actor.user_id,
                status=INITIAL_STATUS.value,
                hops=1,
                dedupe_key=key,
            )
            session.add(clue)
            session.flush()
    except IntegrityError:
        # A concurrent duplicate won the race on the unique key: answer with its clue.
        winner = _existing(session, key)
        if winner is None:
            raise
        return winner, False
    clue.events.append(
        ProtectionClueEvent(
            code="sent",
            occurred_on=clue.sent_on,
            actor_id=actor.user_id,
            actor_desk=desk,
            from_region=desk,
            to_region=clue.receiver_region,
            to_department=clue.receiver_department,
            due_date=clue.due_date,
        )
    )
    session.flush()
    audit.record(
        session, actor=actor.actor, action="send_clue", entity=ENTITY, entity_id=clue.id,
        payload={**fields, "sender_region": desk, "deduplicated_by": key},
    )  # fmt: skip
    return clue, True


def _subject_uscc(value: str | None) -> str | None:
    return validate_uscc(value, field="subject_uscc") if value else None


def do_send_clue(
    session: Session,
    *,
    actor: Principal,
    data: ClueSend,
    on: date,
    calendar: WorkingDayCalendar,
    idempotency_key: str | None = None,
) -> tuple[ProtectionClue, bool]:
    """Send a clue to another region's bureau or department; returns (clue, created). The same
    source reference sent again to the same receiver (or the same Idempotency-Key) returns the
    first clue."""
    desk = _acting_desk(actor)
    receiver = receiver_code(data.receiver_region)
    if receiver == desk and data.receiver_department == "ip_office":
        raise InvalidInput("a bureau cannot send a clue to itself", field="receiver_region")
    uscc = _subject_uscc(data.subject_uscc)
    days, due = due_date(on, data.due_working_days, calendar=calendar)
    key = None
    if data.source_ref:
        key = _digest(desk, data.source_kind, data.source_ref, receiver, data.receiver_department)
    elif idempotency_key:
        key = _digest("idempotency-key", actor.user_id, idempotency_key)
    fields = {
        **data.model_dump(exclude={"due_working_days", "receiver_region", "subject_uscc"}),
        "subject_uscc": uscc,
        "receiver_region": receiver,
        "due_working_days": days,
        "due_date": due,
        "sent_on": on,
    }
    return _create(session, actor=actor, desk=desk, key=key, fields=fields)


def _screening_clue(session: Session, screening_clue_id: int) -> ScreeningClue:
    clue = session.get(ScreeningClue, screening_clue_id)
    if clue is None:
        raise NotFound(f"no screening clue with id {screening_clue_id}", field="screening_clue_id")
    return clue


def do_transfer_screening_clue(
    session: Session,
    *,
    actor: Principal,
    screening_clue_id: int,
    on: date,
    calendar: WorkingDayCalendar,
    receiver_region: str | None = None,
    receiver_department: str = "ip_office",
    category: str = "abnormal_patent_filing",
    due_working_days: int | None = None,
) -> tuple[ProtectionClue, bool]:
    """Send a screening clue draft from the national desk to the bureau of its division (or
    `receiver_region`). A repeated transfer to the same receiver returns the first clue; a
    clue already transferred elsewhere is a conflict."""
    if not actor.has_any(NATIONAL_ROLES):
        raise PermissionDenied("screening clues are transferred by examiners or administrators")
    if category not in CATEGORIES:
        raise InvalidInput(f"unknown clue category {category!r}", field="category")
    if receiver_department not in DEPARTMENTS:
        raise InvalidInput(
            f"unknown department {receiver_department!r}", field="receiver_department"
        )
    draft = _screening_clue(session, screening_clue_id)
    receiver = receiver_code(receiver_region or draft.division_code)
    source_ref = f"screening-clue:{draft.id}"
    key = _digest(NATIONAL_DESK, "screening", source_ref, receiver, receiver_department)
    existing = _existing(session, key)
    if existing is not None:
        return existing, False
    if draft.status != "draft":
        raise Conflict(
            f"screening clue {draft.id} is {draft.status}: only a draft can be transferred",
            field="screening_clue_id",
            code="already_transferred",
        )
    days, due = due_date(on, due_working_days, calendar=calendar)
    fields = {
        "source_kind": "screening",
        "source_ref": source_ref,
        "screening_clue_id": draft.id,
        "category": category,
        "subject_name": draft.subject_name,
        "subject_uscc": draft.subject_uscc,
        "summary": draft.summary,
        "receiver_region": receiver,
        "receiver_department": receiver_department,
        "due_working_days": days,
        "due_date": due,
        "sent_on": on,
    }
    clue, created = _create(session, actor=actor, desk=NATIONAL_DESK, key=key, fields=fields)
    if created:
        _sync_screening(session, clue, ClueStatus.SENT)
        flush_or_conflict(session, f"screening clue {draft.id}")
    return clue, created


def _sync_screening(session: Session, clue: ProtectionClue, status: ClueStatus) -> None:
    value = SCREENING_STATUS.get(status)
    if clue.screening_clue_id is None or value is None:
        return
    draft = _screening_clue(session, clue.screening_clue_id)
    draft.status = value
    if status == ClueStatus.SENT:
        draft.transferred_at = utcnow()
    elif status == ClueStatus.WITHDRAWN:
        draft.transferred_at = None


def _begin(
    session: Session,
    actor: Principal,
    clue_id: int,
    expected_version: int,
    target: ClueStatus,
) -> tuple[ProtectionClue, Transition, ClueStatus]:
    clue = visible_clue(session, actor, clue_id)
    current = ClueStatus(clue.status)
    transition = authorize(current, target, sides=sides_of(actor, clue))
    check_version(clue.version, expected_version, f"clue {clue_id}")
    return clue, transition, current


def _finish(
    session: Session,
    actor: Principal,
    clue: ProtectionClue,
    transition: Transition,
    current: ClueStatus,
    target: ClueStatus,
    *,
    on: date,
    payload: dict[str, Any],
    **event: Any,
) -> ProtectionClue:
    clue.status = target.value
    clue.events.append(
        ProtectionClueEvent(
            code=transition.event,
            occurred_on=on,
            actor_id=actor.user_id,
            actor_desk=desk_of(actor),
            **event,
        )
    )
    _sync_screening(session, clue, target)
    flush_or_conflict(session, f"clue {clue.id}")
    audit.record(
        session,
        actor=actor.actor,
        action=f"clue_{transition.event}",
        entity=ENTITY,
        entity_id=clue.id,
        payload={"from": current.value, "to": target.value, "on": on, **payload},
    )
    return clue


def do_acknowledge_clue(
    session: Session, *, actor: Principal, clue_id: int, request: VersionedNote, on: date
) -> ProtectionClue:
    """The receiving desk signs for the clue."""
    target = ClueStatus.ACKNOWLEDGED
    clue, transition, current = _begin(session, actor, clue_id, request.expected_version, target)
    return _finish(
        session, actor, clue, transition, current, target, on=on,
        payload={"note": request.note}, note=request.note,
    )  # fmt: skip


def do_start_handling_clue(
    session: Session, *, actor: Principal, clue_id: int, request: VersionedNote, on: date
) -> ProtectionClue:
    """The receiving desk starts handling (checking, investigating) the clue."""
    target = ClueStatus.HANDLING
    clue, transition, current = _begin(session, actor, clue_id, request.expected_version, target)
    return _finish(
        session, actor, clue, transition, current, target, on=on,
        payload={"note": request.note}, note=request.note,
    )  # fmt: skip


def do_answer_clue(
    session: Session, *, actor: Principal, clue_id: int, request: Feedback, on: date
) -> ProtectionClue:
    """The receiving desk answers with the outcome and its text; the clue is closed."""
    target = ClueStatus.ANSWERED
    clue, transition, current = _begin(session, actor, clue_id, request.expected_version, target)
    if request.outcome != "case_opened" and request.case_reference:
        raise InvalidInput(
            "a case reference is given only when a case was opened", field="case_reference"
        )
    clue.outcome = request.outcome
    clue.feedback = request.text
    clue.case_reference = request.case_reference
    clue.closed_at = utcnow()
    payload = request.model_dump(exclude={"expected_version"})
    return _finish(
        session, actor, clue, transition, current, target, on=on, payload=payload,
        outcome=request.outcome, note=request.text,
    )  # fmt: skip


def do_pass_on_clue(
    session: Session,
    *,
    actor: Principal,
    clue_id: int,
    request: PassOn,
    on: date,
    calendar: WorkingDayCalendar,
) -> ProtectionClue:
    """The receiving desk passes the clue on to a third region (or one of its departments);
    the new receiver must acknowledge it again, within the new due date."""
    target = ClueStatus.SENT
    clue, transition, current = _begin(session, actor, clue_id, request.expected_version, target)
    receiver = receiver_code(request.receiver_region)
    if (receiver, request.receiver_department) == (clue.receiver_region, clue.receiver_department):
        raise InvalidInput("the clue is already with this receiver", field="receiver_region")
    days, due = due_date(on, request.due_working_days, calendar=calendar)
    source = clue.receiver_region
    clue.receiver_region = receiver
    clue.receiver_department = request.receiver_department
    clue.due_working_days = days
    clue.due_date = due
    clue.hops += 1
    payload = {"from_region": source, "to_region": receiver, "due_date": due, "note": request.note}
    return _finish(
        session, actor, clue, transition, current, target, on=on, payload=payload,
        from_region=source, to_region=receiver, to_department=request.receiver_department,
        due_date=due, outcome="passed_on", note=request.note,
    )  # fmt: skip


def do_withdraw_clue(
    session: Session, *, actor: Principal, clue_id: int, request: Withdrawal, on: date
) -> ProtectionClue:
    """The sending desk takes the clue back before it is answered; its source may be sent
    again (the duplicate key is released)."""
    target = ClueStatus.WITHDRAWN
    clue, transition, current = _begin(session, actor, clue_id, request.expected_version, target)
    clue.dedupe_key = None
    clue.closed_at = utcnow()
    return _finish(
        session, actor, clue, transition, current, target, on=on,
        payload={"reason": request.reason}, note=request.reason,
    )  # fmt: skip
