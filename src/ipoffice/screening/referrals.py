"""What may follow a confirmed finding: a clue for a local bureau and a credit-record proposal.

Both are drafted by a person from findings a person confirmed, never from open or dismissed
ones. A clue is only a draft now (its transfer to the bureau comes later); a credit record is
only `proposed` (the decision and the listing period of `ipoffice.screening.credit` are a later,
separate step). Each write is audited; the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipoffice.core import audit
from ipoffice.core.divisions import division_name, validate_division_code
from ipoffice.core.errors import Conflict, NotFound
from ipoffice.core.identifiers import validate_uscc
from ipoffice.core.identity import Principal
from ipoffice.protection.credit_models import CreditListing
from ipoffice.protection.credit_queries import status_on
from ipoffice.protection.credit_workflow import LISTED
from ipoffice.screening.credit import conduct_item
from ipoffice.screening.models import (
    Clue,
    CreditRecord,
    ScreeningFinding,
    clue_findings,
    credit_findings,
)
from ipoffice.screening.schemas import ClueCreate, ClueRead, CreditProposal, CreditRead
from ipoffice.screening.service import REVIEWERS

# Credit records that still stand: a second proposal for the same subject and conduct is refused.
STANDING_CREDIT = ("proposed", "in_effect")


def _confirmed(session: Session, ids: Sequence[int]) -> list[ScreeningFinding]:
    rows = session.scalars(
        select(ScreeningFinding).where(ScreeningFinding.id.in_(ids)).order_by(ScreeningFinding.id)
    ).all()
    missing = sorted(set(ids) - {f.id for f in rows})
    if missing:
        raise NotFound(f"no screening finding with id {missing}", field="finding_ids")
    unconfirmed = [f"{f.id} ({f.status})" for f in rows if f.status != "confirmed"]
    if unconfirmed:
        raise Conflict(
            "only confirmed findings can be the basis; not confirmed: " + ", ".join(unconfirmed),
            field="finding_ids",
            code="finding_not_confirmed",
        )
    return list(rows)


def _uscc(value: str | None) -> str | None:
    return validate_uscc(value, field="subject_uscc") if value else None


def create_clue(session: Session, *, principal: Principal, data: ClueCreate) -> Clue:
    """A draft clue for the bureau of `division_code`, from confirmed findings."""
    principal.require_any(REVIEWERS, "drafting a clue")
    uscc = _uscc(data.subject_uscc)
    division = validate_division_code(data.division_code, field="division_code")
    findings = _confirmed(session, data.finding_ids)
    clue = Clue(
        subject_name=data.subject_name,
        subject_uscc=uscc,
        division_code=division,
        summary=data.summary,
        status="draft",
        created_by=principal.user_id,
        findings=findings,
    )
    session.add(clue)
    session.flush()
    audit.record(
        session,
        actor=principal.actor,
        action="create_clue",
        entity="screening_clue",
        entity_id=clue.id,
        payload={
            **data.model_dump(),
            "subject_uscc": uscc,
            "division_code": division,
            "status": clue.status,
        },
    )
    return clue


def _still_stands(session: Session, record: CreditRecord, on: date) -> bool:
    """A proposal stands until decided; a decided one while its listing in the register is in
    effect on `on` (a listing that expired, was repaired or revoked leaves room for a new one)."""
    if record.status == "proposed":
        return True
    listing = session.scalar(
        select(CreditListing).where(CreditListing.screening_proposal_id == record.id)
    )
    if listing is None:
        return True  # decided outside the register: keep refusing a second proposal
    status = status_on(listing, on)
    return status is None or status in LISTED  # None: the listing starts later


def propose_credit_record(
    session: Session, *, principal: Principal, data: CreditProposal, on: date
) -> CreditRecord:
    """Propose listing a subject for dishonest conduct, from confirmed findings. The record
    stays `proposed`: the decision and the listing period are a later, separate step."""
    principal.require_any(REVIEWERS, "proposing a credit record")
    item = conduct_item(data.conduct, on)
    uscc = _uscc(data.subject_uscc)
    findings = _confirmed(session, data.finding_ids)
    same_subject = CreditRecord.subject_name == data.subject_name
    if uscc is not None:
        same_subject = same_subject | (CreditRecord.subject_uscc == uscc)
    candidates = session.scalars(
        select(CreditRecord)
        .where(
            same_subject,
            CreditRecord.conduct == item.code,
            CreditRecord.status.in_(STANDING_CREDIT),
        )
        .order_by(CreditRecord.id)
    ).all()
    standing = next((r.id for r in candidates if _still_stands(session, r, on)), None)
    if standing is not None:
        raise Conflict(
            f"credit record {standing} for this subject and conduct already stands; "
            "add to it instead of proposing another",
            field="subject_name",
            code="already_proposed",
        )
    record = CreditRecord(
        subject_name=data.subject_name,
        subject_uscc=uscc,
        subject_type=data.subject_type,
        conduct=item.code,
        note=(data.note or "").strip() or None,
        status="proposed",
        proposed_by=principal.user_id,
        findings=findings,
    )
    session.add(record)
    session.flush()
    audit.record(
        session,
        actor=principal.actor,
        action="propose_credit_record",
        entity="screening_credit_record",
        entity_id=record.id,
        payload={**data.model_dump(), "subject_uscc": uscc, "source": item.source},
    )
    return record


def get_clue(session: Session, clue_id: int) -> Clue:
    clue = session.get(Clue, clue_id)
    if clue is None:
        raise NotFound(f"no clue with id {clue_id}", field="clue_id")
    return clue


def get_credit_record(session: Session, record_id: int) -> CreditRecord:
    record = session.get(CreditRecord, record_id)
    if record is None:
        raise NotFound(f"no credit record with id {record_id}", field="record_id")
    return record


def clues_citing(session: Session, finding_id: int) -> list[Clue]:
    stmt = select(Clue).join(clue_findings).where(clue_findings.c.finding_id == finding_id)
    return list(session.scalars(stmt.order_by(Clue.id)).all())


def credit_records_citing(session: Session, finding_id: int) -> list[CreditRecord]:
    stmt = select(CreditRecord).join(credit_findings)
    stmt = stmt.where(credit_findings.c.finding_id == finding_id)
    return list(session.scalars(stmt.order_by(CreditRecord.id)).all())


def list_clues(session: Session, *, limit: int = 50, offset: int = 0) -> tuple[list[Clue], int]:
    total = int(session.scalar(select(func.count()).select_from(Clue)) or 0)
    rows = session.scalars(select(Clue).order_by(Clue.id.desc()).limit(limit).offset(offset))
    return list(rows.all()), total


def list_credit_records(
    session: Session, *, limit: int = 50, offset: int = 0
) -> tuple[list[CreditRecord], int]:
    total = int(session.scalar(select(func.count()).select_from(CreditRecord)) or 0)
    stmt = select(CreditRecord).order_by(CreditRecord.id.desc()).limit(limit).offset(offset)
    return list(session.scalars(stmt).all()), total


def clue_read(clue: Clue) -> ClueRead:
    return ClueRead(
        id=clue.id,
        subject_name=clue.subject_name,
        subject_uscc=clue.subject_uscc,
        division_code=clue.division_code,
        division_name_zh=division_name(clue.division_code, "zh"),
        division_name_en=division_name(clue.division_code, "en"),
        summary=clue.summary,
        status=clue.status,
        created_by=clue.created_by,
        created_at=clue.created_at,
        transferred_at=clue.transferred_at,
        finding_ids=[f.id for f in clue.findings],
        version=clue.version,
    )


def credit_read(record: CreditRecord) -> CreditRead:
    item = conduct_item(record.conduct)
    return CreditRead(
        id=record.id,
        subject_name=record.subject_name,
        subject_uscc=record.subject_uscc,
        subject_type=record.subject_type,
        conduct=record.conduct,
        conduct_item=item.item,
        conduct_title_zh=item.title_zh,
        conduct_title_en=item.title_en,
        conduct_source=item.source,
        listing_months=item.listing_months,
        note=record.note,
        status=record.status,
        proposed_by=record.proposed_by,
        proposed_at=record.proposed_at,
        decided_by=record.decided_by,
        decided_at=record.decided_at,
        listing_start=record.listing_start,
        listing_end=record.listing_end,
        finding_ids=[f.id for f in record.findings],
        version=record.version,
    )
