"""Credit repair: the listed subject (its own applicant or agent account, or an officer
recording a paper application) applies once the waiting time has passed; an officer other than
the one who listed approves (the record leaves the public list that day) or refuses, with
reasons. Each action is audited; the caller owns the transaction."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ipoffice.core.calendar import add_months
from ipoffice.core.concurrency import flush_or_conflict
from ipoffice.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ipoffice.core.identity import Principal
from ipoffice.parties.models import Party
from ipoffice.protection.credit_common import (
    audit_action,
    check_version,
    remove_from_list,
)
from ipoffice.protection.credit_models import CreditListing, CreditRepair
from ipoffice.protection.credit_queries import get_record, party_matches, status_on
from ipoffice.protection.credit_rules import repair_rule
from ipoffice.protection.credit_schemas import RepairCreate, RepairReview
from ipoffice.protection.credit_workflow import (
    LISTED,
    OFFICERS,
    REPAIR_APPLICANTS,
    SUBJECT_SIDE,
    CreditStatus,
    RepairStatus,
    authorize_repair,
)


def _check_applicant(session: Session, actor: Principal, record: CreditListing) -> bool:
    """True when the applicant is the subject's own account, False for an officer on paper."""
    if not actor.has_any(SUBJECT_SIDE):
        return False
    party = session.get(Party, actor.party_id) if actor.party_id is not None else None
    if party is None or not party_matches(party, record):
        raise PermissionDenied(
            f"credit record {record.id} is not about your party; only its subject may apply",
            field="record_id",
        )
    return True


def do_apply_repair(
    session: Session, *, actor: Principal, record_id: int, data: RepairCreate, on: date
) -> CreditRepair:
    """A credit repair application, by the subject's own account or recorded by an officer
    from paper; not before the waiting time from the start (`credit_rules.REPAIR_RULES`)."""
    actor.require_any(REPAIR_APPLICANTS, "applying for credit repair")
    record = get_record(session, record_id)
    own = _check_applicant(session, actor, record)
    current = status_on(record, on)
    if current not in LISTED:
        state = current.value if current else "not yet started"
        raise Conflict(
            f"credit record {record.id} is {state} on {on.isoformat()}: only a listed subject "
            "can apply for repair",
            field="record_id",
            code="not_listed",
        )
    check_version(record, data.expected_version, "credit record")
    if record.pending_repair_id is not None:
        raise Conflict(
            f"repair application {record.pending_repair_id} is still pending for this record",
            field="record_id",
            code="repair_pending",
        )
    rule = repair_rule(record.start_on)
    earliest = add_months(record.start_on, rule.waiting_months)
    if on < earliest:
        raise Conflict(
            f"credit repair may be applied for from {earliest.isoformat()} ({rule.waiting_months} "
            f"months after the listing started on {record.start_on}); source: {rule.source}",
            field="on",
            code="too_early",
        )
    repair = CreditRepair(
        statement=data.statement,
        evidence_reference=(data.evidence_reference or "").strip() or None,
        applied_on=on,
        applied_by=actor.user_id,
        on_paper=not own,
        status=RepairStatus.PENDING.value,
    )
    record.repairs.append(repair)
    flush_or_conflict(session, f"credit record {record.id}")
    record.pending_repair_id = repair.id
    flush_or_conflict(session, f"credit record {record.id}")
    audit_action(
        session,
        actor,
        "apply_credit_repair",
        record.id,
        repair_id=repair.id,
        on=on,
        on_paper=repair.on_paper,
        statement=data.statement,
        evidence_reference=repair.evidence_reference,
    )
    return repair


def get_repair(record: CreditListing, repair_id: int) -> CreditRepair:
    for repair in record.repairs:
        if repair.id == repair_id:
            return repair
    raise NotFound(
        f"credit record {record.id} has no repair application {repair_id}", field="repair_id"
    )


def do_review_repair(
    session: Session,
    *,
    actor: Principal,
    record_id: int,
    repair_id: int,
    data: RepairReview,
    on: date,
) -> CreditRepair:
    """Approve (the record leaves the list on `on`) or refuse a pending repair application,
    with reasons; the reviewer must not be the officer who listed the subject."""
    actor.require_any(OFFICERS, "reviewing a repair application")
    record = get_record(session, record_id)
    repair = get_repair(record, repair_id)
    target = RepairStatus.APPROVED if data.decision == "approve" else RepairStatus.REFUSED
    transition = authorize_repair(RepairStatus(repair.status), target, roles=actor.roles)
    check_version(repair, data.expected_version, "repair application")
    if actor.user_id == record.listed_by:
        raise PermissionDenied(
            "the officer who listed the subject cannot review its repair; another officer must",
            field="reviewer",
        )
    if on < repair.applied_on:
        raise InvalidInput("the review is dated before the application", field="on")
    repair.status = target.value
    repair.reviewed_by = actor.user_id
    repair.reviewed_on = on
    repair.review_reason = data.reason
    record.pending_repair_id = None
    if target is RepairStatus.APPROVED:
        remove_from_list(
            record, actor, on, CreditStatus.REPAIRED, f"credit repair approved: {data.reason}"
        )
    flush_or_conflict(session, f"repair application {repair.id}")
    audit_action(
        session,
        actor,
        transition.event,
        record.id,
        repair_id=repair.id,
        decision=data.decision,
        reason=data.reason,
        on=on,
    )
    return repair
