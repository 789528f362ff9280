"""The examiner's side of the bad-faith screening: the queue, the decision on an assessment
(confirm or dismiss, with reasons), reopening by an administrator, and the credit-record
proposal (item 2, malicious trademark applications) drafted from a confirmed finding.

The proposal goes to the credit register as a `proposed` record; listing the applicant is a
separate decision there (`protection.credit_service.do_list_entity` with `proposal_id`), taken
by an enforcement officer on a decision document. Nothing here lists anyone.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ipoffice.core import audit
from ipoffice.core.concurrency import check_version, flush_or_conflict
from ipoffice.core.errors import Conflict, NotFound
from ipoffice.core.identity import Principal
from ipoffice.db.base import utcnow
from ipoffice.screening.credit import conduct_item
from ipoffice.screening.models import CreditRecord
from ipoffice.trademarks.applicant_profile_records import require_staff
from ipoffice.trademarks.bad_faith_models import BadFaithAssessment
from ipoffice.trademarks.bad_faith_rules import LAW_RULES_BY_ID, LawRule
from ipoffice.trademarks.bad_faith_schemas import (
    AssessmentRead,
    CreditProposalCreate,
    DecisionCreate,
    ReopenRequest,
    RuleRead,
)
from ipoffice.trademarks.bad_faith_workflow import AssessmentStatus, authorize_transition
from ipoffice.trademarks.models import Mark

CREDIT_CONDUCT = "malicious_trademark_application"
# Proposals that still stand: a second one for the same subject is refused (as in screening).
STANDING_CREDIT = ("proposed", "in_effect")


def get_assessment(session: Session, assessment_id: int) -> BadFaithAssessment:
    row = session.get(BadFaithAssessment, assessment_id)
    if row is None:
        raise NotFound(f"no bad-faith assessment {assessment_id}", field="assessment_id")
    return row


def list_assessments(
    session: Session,
    *,
    status: str | None = "open",
    risk: str | None = None,
    applicant: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[BadFaithAssessment], int]:
    """Assessments riskiest first, then newest (the queue is `status="open"`)."""
    stmt: Select[BadFaithAssessment] = select(BadFaithAssessment)
    if status:
        stmt = stmt.where(BadFaithAssessment.status == status)
    if risk:
        stmt = stmt.where(BadFaithAssessment.risk == risk)
    if applicant:
        stmt = stmt.where(BadFaithAssessment.applicant_key == applicant)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(BadFaithAssessment.risk_rank.desc(), BadFaithAssessment.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), int(total)


def do_decide_assessment(
    session: Session, *, actor: Principal, assessment_id: int, data: DecisionCreate
) -> BadFaithAssessment:
    """The examiner confirms or dismisses the signals, with reasons."""
    row = get_assessment(session, assessment_id)
    target = (
        AssessmentStatus.CONFIRMED if data.decision == "confirm" else AssessmentStatus.DISMISSED
    )
    transition = authorize_transition(AssessmentStatus(row.status), target, roles=actor.roles)
    check_version(row.version, data.expected_version, f"bad-faith assessment {row.id}")
    row.status = target.value
    row.decision_reason = data.reason
    row.decided_by = actor.user_id
    row.decided_at = utcnow()
    flush_or_conflict(session, f"bad-faith assessment {row.id}")
    audit.record(
        session,
        actor=actor.actor,
        action=transition.event,
        entity="trademark_bad_faith_assessment",
        entity_id=row.id,
        payload={"reason": data.reason, "risk": row.risk, "rule": row.rule_id},
    )
    return row


def do_reopen_assessment(
    session: Session, *, actor: Principal, assessment_id: int, data: ReopenRequest
) -> BadFaithAssessment:
    """An administrator undoes a decision; not once a credit proposal rests on it."""
    row = get_assessment(session, assessment_id)
    transition = authorize_transition(
        AssessmentStatus(row.status), AssessmentStatus.OPEN, roles=actor.roles
    )
    check_version(row.version, data.expected_version, f"bad-faith assessment {row.id}")
    if row.credit_proposal_id is not None:
        raise Conflict(
            f"credit proposal {row.credit_proposal_id} rests on assessment {row.id}; it cannot "
            "be reopened",
            field="assessment_id",
            code="cited",
        )
    previous = (row.status, row.decision_reason)
    row.status = AssessmentStatus.OPEN.value
    row.decision_reason = None
    row.decided_by = None
    row.decided_at = None
    flush_or_conflict(session, f"bad-faith assessment {row.id}")
    audit.record(
        session,
        actor=actor.actor,
        action=transition.event,
        entity="trademark_bad_faith_assessment",
        entity_id=row.id,
        payload={"reason": data.reason, "previous": list(previous)},
    )
    return row


def _refuse_standing(session: Session, name: str, uscc: str | None) -> None:
    """A proposal or listing for this applicant and item that still stands is not repeated."""
    same = CreditRecord.subject_name == name
    if uscc:
        same = same | (CreditRecord.subject_uscc == uscc)
    standing = session.scalar(
        select(CreditRecord.id).where(
            same, CreditRecord.conduct == CREDIT_CONDUCT, CreditRecord.status.in_(STANDING_CREDIT)
        )
    )
    if standing is not None:
        raise Conflict(
            f"credit record {standing} for this applicant and conduct already stands",
            field="assessment_id",
            code="already_proposed",
        )


def do_propose_credit(
    session: Session,
    *,
    actor: Principal,
    assessment_id: int,
    data: CreditProposalCreate,
    on: date,
) -> CreditRecord:
    """Propose a credit record, item (2) malicious trademark applications, for the applicant of
    a confirmed assessment. The record stays `proposed` for the credit register to decide."""
    require_staff(actor, "proposing a credit record")
    row = get_assessment(session, assessment_id)
    check_version(row.version, data.expected_version, f"bad-faith assessment {row.id}")
    if row.status != AssessmentStatus.CONFIRMED.value:
        raise Conflict(
            f"assessment {row.id} is {row.status}: only a confirmed finding can be the basis",
            field="assessment_id",
            code="finding_not_confirmed",
        )
    if row.credit_proposal_id is not None:
        raise Conflict(
            f"assessment {row.id} already has credit proposal {row.credit_proposal_id}",
            field="assessment_id",
            code="already_proposed",
        )
    item = conduct_item(CREDIT_CONDUCT, on)
    uscc = (row.profile.get("applicant") or {}).get("uscc")
    _refuse_standing(session, row.applicant_name, uscc)
    note = f"bad-faith assessment {row.id} ({row.rule_id}, risk {row.risk}): {row.decision_reason}"
    if data.note and data.note.strip():
        note += f"; {data.note.strip()}"
    record = CreditRecord(
        subject_name=row.applicant_name,
        subject_uscc=uscc,
        subject_type="applicant",
        conduct=item.code,
        note=note[:4000],
        status="proposed",
        proposed_by=actor.user_id,
    )
    session.add(record)
    session.flush()
    row.credit_proposal_id = record.id
    flush_or_conflict(session, f"bad-faith assessment {row.id}")
    audit.record(
        session,
        actor=actor.actor,
        action="propose_credit_record",
        entity="screening_credit_record",
        entity_id=record.id,
        payload={"assessment_id": row.id, "conduct": item.code, "source": item.source,
                 "subject": row.applicant_name, "uscc": uscc, "note": data.note},
    )  # fmt: skip
    return record


def rule_read(rule: LawRule) -> RuleRead:
    return RuleRead(
        id=rule.id,
        title_zh=rule.title_zh,
        title_en=rule.title_en,
        elements=list(rule.elements),
        consequences_zh=list(rule.consequences_zh),
        consequences_en=list(rule.consequences_en),
        source=rule.source,
        effective_from=rule.effective_from,
        effective_to=rule.effective_to,
    )


def assessment_read(session: Session, row: BadFaithAssessment) -> AssessmentRead:
    mark = session.get(Mark, row.mark_id) if row.mark_id is not None else None
    risk = row.profile.get("risk", {})
    return AssessmentRead(
        id=row.id,
        scope=row.scope,
        mark_number=mark.number if mark else None,
        mark_text=mark.text if mark else None,
        applicant=row.applicant_key,
        applicant_name=row.applicant_name,
        party_id=row.party_id,
        reference_date=row.reference_date,
        assessed_on=row.assessed_on,
        rule=rule_read(LAW_RULES_BY_ID[row.rule_id]),
        risk=row.risk,
        explanation_zh=str(risk.get("explanation_zh", "")),
        explanation_en=str(risk.get("explanation_en", "")),
        profile=row.profile,
        signals=row.signals,
        status=row.status,
        decision_reason=row.decision_reason,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        credit_proposal_id=row.credit_proposal_id,
        created_at=row.created_at,
        version=row.version,
    )
