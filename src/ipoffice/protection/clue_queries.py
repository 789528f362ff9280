"""Who holds which desk, who may see a clue, and the inbox and outbox of a desk.

A desk is a region's bureau (its enforcement officers, by their account's GB/T 2260 region) or
the national office (examiners and administrators, who send screening clues). A clue is visible
to every desk of its chain and to no one else: anyone else gets 404, so a bureau learns nothing
about clues that never passed through it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from ipoffice.core.errors import InvalidInput, NotFound
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.protection.clue_models import HOP_EVENTS, ProtectionClue, ProtectionClueEvent
from ipoffice.protection.clue_rules import NATIONAL_DESK, desk_name
from ipoffice.protection.clue_schemas import (
    BoxCounts,
    ClueDetail,
    ClueRead,
    EventRead,
    HopRead,
)
from ipoffice.protection.clue_workflow import (
    EVENT_LABELS,
    OPEN_STATUSES,
    STATUS_LABELS,
    ClueStatus,
    Side,
    next_statuses,
    transition_for,
)

NATIONAL_ROLES = frozenset({Role.EXAMINER, Role.ADMINISTRATOR})
OPEN_VALUES = tuple(s.value for s in OPEN_STATUSES)
BOXES = ("inbox", "outbox")


def desk_of(principal: Principal) -> str | None:
    """The desk a user acts for: its region as an enforcement officer, else the national office
    for examiners and administrators; None for everyone else."""
    if Role.ENFORCEMENT_OFFICER in principal.roles and principal.region_code:
        return principal.region_code
    if principal.has_any(NATIONAL_ROLES):
        return NATIONAL_DESK
    return None


def sides_of(principal: Principal, clue: ProtectionClue) -> frozenset[Side]:
    desk = desk_of(principal)
    sides: set[Side] = set()
    if desk is not None and desk == clue.sender_region:
        sides.add(Side.SENDER)
    if Role.ENFORCEMENT_OFFICER in principal.roles and desk == clue.receiver_region:
        sides.add(Side.RECEIVER)
    return frozenset(sides)


def in_chain(clue: ProtectionClue, desk: str | None) -> bool:
    if desk is None:
        return False
    if desk == clue.sender_region:
        return True
    return any(desk in (e.from_region, e.to_region) for e in clue.events if e.code in HOP_EVENTS)


def _not_found(clue_id: int) -> NotFound:
    return NotFound(f"no clue with id {clue_id}", field="clue_id")


def visible_clue(session: Session, principal: Principal, clue_id: int) -> ProtectionClue:
    """The clue if the caller's desk is in its chain; 404 otherwise (whether it exists or not)."""
    clue = session.get(ProtectionClue, clue_id, options=[selectinload(ProtectionClue.events)])
    if clue is None or not in_chain(clue, desk_of(principal)):
        raise _not_found(clue_id)
    return clue


def is_overdue(clue: ProtectionClue, today: date) -> bool:
    return clue.status in OPEN_VALUES and clue.due_date < today


def _hop_ids(column: InstrumentedAttribute[str | None], desk: str) -> Select[int]:
    return select(ProtectionClueEvent.clue_id).where(
        ProtectionClueEvent.code.in_(HOP_EVENTS), column == desk
    )


def _box_query(desk: str, box: str) -> Select[ProtectionClue]:
    if box == "inbox":
        ids = _hop_ids(ProtectionClueEvent.to_region, desk)
        return select(ProtectionClue).where(ProtectionClue.id.in_(ids))
    # A desk shared what it sent first and what it passed on.
    ids = _hop_ids(ProtectionClueEvent.from_region, desk)
    return select(ProtectionClue).where(
        (ProtectionClue.sender_region == desk) | ProtectionClue.id.in_(ids)
    )


def _require_desk(principal: Principal) -> str:
    desk = desk_of(principal)
    if desk is None:
        raise InvalidInput(
            "this account has no desk: an enforcement officer needs a region (GB/T 2260 code) "
            "set by an administrator",
            field="region_code",
        )
    return desk


def list_box(
    session: Session,
    principal: Principal,
    *,
    box: str,
    today: date,
    status: ClueStatus | None = None,
    overdue: bool = False,
    category: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[ProtectionClue], int]:
    """A desk's inbox or outbox, the nearest due date first among open clues, then newest."""
    if box not in BOXES:
        raise InvalidInput(f"box must be one of {', '.join(BOXES)}, not {box!r}", field="box")
    stmt = _box_query(_require_desk(principal), box)
    if status is not None:
        stmt = stmt.where(ProtectionClue.status == status.value)
    if overdue:
        stmt = stmt.where(ProtectionClue.status.in_(OPEN_VALUES), ProtectionClue.due_date < today)
    if category is not None:
        stmt = stmt.where(ProtectionClue.category == category)
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    is_open = ProtectionClue.status.in_(OPEN_VALUES)
    ordered = stmt.order_by(
        is_open.desc(), ProtectionClue.due_date, ProtectionClue.id.desc()
    ).options(selectinload(ProtectionClue.events))
    rows = session.scalars(ordered.limit(limit).offset(offset)).all()
    return list(rows), total


def box_counts(session: Session, principal: Principal, *, today: date) -> dict[str, BoxCounts]:
    """Per box: clues by status, overdue ones and open ones."""
    desk = _require_desk(principal)
    counts: dict[str, BoxCounts] = {}
    for box in BOXES:
        inner = _box_query(desk, box).subquery()
        rows = session.execute(select(inner.c.status, func.count()).group_by(inner.c.status))
        by_status = {str(s): int(n) for s, n in rows}
        overdue_stmt = select(func.count()).where(
            inner.c.status.in_(OPEN_VALUES), inner.c.due_date < today
        )
        open_stmt = select(func.count()).where(inner.c.status.in_(OPEN_VALUES))
        if box == "inbox":
            # Open in the inbox means held by this desk now, not passed on.
            open_stmt = open_stmt.where(inner.c.receiver_region == desk)
            overdue_stmt = overdue_stmt.where(inner.c.receiver_region == desk)
        counts[box] = BoxCounts(
            total=sum(by_status.values()),
            by_status=by_status,
            overdue=int(session.scalar(overdue_stmt) or 0),
            open=int(session.scalar(open_stmt) or 0),
        )
    return counts


def _names(code: str) -> tuple[str, str]:
    return desk_name(code, "zh"), desk_name(code, "en")


def clue_read(clue: ProtectionClue, today: date) -> ClueRead:
    status = ClueStatus(clue.status)
    sender_zh, sender_en = _names(clue.sender_region)
    receiver_zh, receiver_en = _names(clue.receiver_region)
    return ClueRead(
        id=clue.id,
        source_kind=clue.source_kind,
        source_ref=clue.source_ref,
        screening_clue_id=clue.screening_clue_id,
        category=clue.category,
        subject_name=clue.subject_name,
        subject_uscc=clue.subject_uscc,
        summary=clue.summary,
        sender_region=clue.sender_region,
        sender_name_zh=sender_zh,
        sender_name_en=sender_en,
        sent_on=clue.sent_on,
        receiver_region=clue.receiver_region,
        receiver_name_zh=receiver_zh,
        receiver_name_en=receiver_en,
        receiver_department=clue.receiver_department,
        status=status,
        status_label_zh=STATUS_LABELS[status][0],
        status_label_en=STATUS_LABELS[status][1],
        due_working_days=clue.due_working_days,
        due_date=clue.due_date,
        overdue=is_overdue(clue, today),
        hops=clue.hops,
        outcome=clue.outcome,
        feedback=clue.feedback,
        case_reference=clue.case_reference,
        closed_at=clue.closed_at,
        version=clue.version,
    )


def _chain(clue: ProtectionClue) -> list[HopRead]:
    hops = [e for e in clue.events if e.code in HOP_EVENTS]
    chain: list[HopRead] = []
    for index, hop in enumerate(hops):
        last = index == len(hops) - 1
        outcome = clue.outcome if last else "passed_on"
        src, dst = hop.from_region or clue.sender_region, hop.to_region or clue.receiver_region
        (src_zh, src_en), (dst_zh, dst_en) = _names(src), _names(dst)
        chain.append(
            HopRead(
                from_region=src,
                from_name_zh=src_zh,
                from_name_en=src_en,
                to_region=dst,
                to_name_zh=dst_zh,
                to_name_en=dst_en,
                department=hop.to_department or "ip_office",
                sent_on=hop.occurred_on,
                due_date=hop.due_date or clue.due_date,
                outcome=outcome,
            )
        )
    return chain


def _event_read(event: ProtectionClueEvent) -> EventRead:
    zh, en = EVENT_LABELS.get(event.code, (event.code, event.code))
    return EventRead(
        code=event.code,
        label_zh=zh,
        label_en=en,
        at=event.at,
        occurred_on=event.occurred_on,
        actor_id=event.actor_id,
        actor_desk=event.actor_desk,
        from_region=event.from_region,
        to_region=event.to_region,
        to_department=event.to_department,
        due_date=event.due_date,
        outcome=event.outcome,
        note=event.note,
    )


def clue_detail(clue: ProtectionClue, principal: Principal, today: date) -> ClueDetail:
    sides = sides_of(principal, clue)
    status = ClueStatus(clue.status)
    allowed = [
        to for to in next_statuses(status) if (t := transition_for(status, to)) and t.side in sides
    ]
    return ClueDetail(
        **clue_read(clue, today).model_dump(),
        chain=_chain(clue),
        timeline=[_event_read(e) for e in clue.events],
        sides=sorted(s.value for s in sides),
        next_statuses=allowed,
    )
