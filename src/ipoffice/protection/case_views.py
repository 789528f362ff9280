"""A dispute case as the API and the pages show it: summary for lists, full record for one."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.identifiers import parse_patent_number
from ipoffice.core.models import User
from ipoffice.protection.case_clock import DEFAULT_WINDOW
from ipoffice.protection.case_models import (
    CaseDecision,
    CaseHearing,
    CaseMediation,
    DisputeCase,
    EvidenceFile,
)
from ipoffice.protection.case_schemas import (
    CaseRead,
    CaseSummary,
    DeadlineRead,
    DecisionRead,
    EventRead,
    EvidenceRead,
    ExtensionRead,
    HearingRead,
    MediationRead,
    PanelRead,
    PartyRead,
    SuspensionRead,
)
from ipoffice.protection.case_service import CaseClock, clock_of, next_office_deadline
from ipoffice.protection.case_workflow import (
    EVENT_LABELS,
    FINAL_STATUSES,
    STATUS_LABELS,
    CaseStatus,
    next_statuses,
)


def _names(case: DisputeCase, role: str) -> str:
    return "、".join(p.name for p in case.parties if p.role == role)


def case_summary(clock: CaseClock) -> CaseSummary:
    case = clock.case
    status = CaseStatus(case.status)
    upcoming = next_office_deadline(clock)
    return CaseSummary(
        number=case.number,
        region_code=case.region_code,
        status=status,
        status_label_zh=STATUS_LABELS[status][0],
        status_label_en=STATUS_LABELS[status][1],
        patent_number=case.patent_number,
        requester=_names(case, "requester"),
        respondent=_names(case, "respondent"),
        received_on=case.received_on,
        accepted_on=case.accepted_on,
        closed_on=case.closed_on,
        flag=clock.flag,
        next_due=upcoming.due if upcoming else None,
        next_due_rule=upcoming.rule_id if upcoming else None,
        version=case.version,
    )


def _users(session: Session, ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))}


def case_read(
    session: Session,
    case: DisputeCase,
    *,
    today: date,
    calendar: WorkingDayCalendar,
    window: int = DEFAULT_WINDOW,
) -> CaseRead:
    """The full record of a case with its deadlines on `today`."""
    decision = session.scalar(select(CaseDecision).where(CaseDecision.case_id == case.id))
    clock = clock_of(
        case,
        today=today,
        calendar=calendar,
        window=window,
        decision_served=decision.served_on if decision else None,
    )
    hearings = session.scalars(
        select(CaseHearing).where(CaseHearing.case_id == case.id).order_by(CaseHearing.hearing_on)
    ).all()
    mediations = session.scalars(
        select(CaseMediation).where(CaseMediation.case_id == case.id).order_by(CaseMediation.id)
    ).all()
    evidence = session.scalars(
        select(EvidenceFile).where(EvidenceFile.case_id == case.id).order_by(EvidenceFile.id)
    ).all()
    user_ids = {case.handler_id, *(m.user_id for m in case.panel)}
    user_ids |= {e.actor_id for e in case.events if e.actor_id is not None}
    if case.extension is not None:
        user_ids.add(case.extension.approved_by)
    users = _users(session, user_ids)
    status = CaseStatus(case.status)
    return CaseRead(
        **case_summary(clock).model_dump(),
        patent_display=parse_patent_number(case.patent_number).display,
        patent_title=case.patent_title,
        request_text=case.request_text,
        served_on=case.served_on,
        answered_on=case.answered_on,
        refusal_reasons=case.refusal_reasons,
        handler=users[case.handler_id].display_name,
        claims=[c.claim_number for c in case.claims],
        parties=[
            PartyRead(role=p.role, kind=p.kind, name=p.name, uscc=p.uscc, address=p.address)
            for p in case.parties
        ],
        deadlines=[DeadlineRead(**{**asdict(d), "notes": list(d.notes)}) for d in clock.deadlines],
        timeline=[
            EventRead(
                date=e.occurred_on,
                code=e.code,
                label_zh=EVENT_LABELS.get(e.code, (e.code, e.code))[0],
                label_en=EVENT_LABELS.get(e.code, (e.code, e.code))[1],
                note=e.note,
                actor=users[e.actor_id].display_name if e.actor_id in users else None,
            )
            for e in case.events
        ],
        suspensions=[
            SuspensionRead(
                reason=s.reason,
                note=s.note,
                started_on=s.started_on,
                ended_on=s.ended_on,
                days=(s.ended_on - s.started_on).days if s.ended_on else None,
            )
            for s in case.suspensions
        ],
        extension=ExtensionRead(
            approved_on=case.extension.approved_on,
            months=case.extension.months,
            rule_source=case.extension.rule_source,
            reason=case.extension.reason,
            approved_by=users[case.extension.approved_by].display_name,
        )
        if case.extension
        else None,
        panel=[
            PanelRead(
                username=users[m.user_id].username,
                display_name=users[m.user_id].display_name,
                presiding=m.presiding,
            )
            for m in sorted(case.panel, key=lambda m: (not m.presiding, m.id))
        ],
        hearings=[
            HearingRead(
                hearing_on=h.hearing_on,
                time_of_day=h.time_of_day,
                place=h.place,
                notified_on=h.notified_on,
                notice=h.notice,
            )
            for h in hearings
        ],
        mediations=[
            MediationRead(
                started_on=m.started_on,
                ended_on=m.ended_on,
                result=m.result,
                agreement_text=m.agreement_text,
                note=m.note,
            )
            for m in mediations
        ],
        evidence=[
            EvidenceRead(
                id=f.id,
                filename=f.filename,
                file_type=f.file_type,
                media_type=f.media_type,
                size=f.size,
                sha256=f.sha256,
                submitted_by=f.submitted_by,
                description=f.description,
                received_at=f.received_at.isoformat(timespec="seconds"),
            )
            for f in evidence
        ],
        decision=DecisionRead(
            issued_on=decision.issued_on,
            outcome=decision.outcome,
            served_on=decision.served_on,
            document_sha256=decision.document_sha256,
        )
        if decision
        else None,
        next_statuses=[] if status in FINAL_STATUSES else next_statuses(status),
    )
