"""Actions on the credit register: listing a subject (deciding a screening proposal or
directly on a decision), extending a listing for a repeat offence, and removal when the
underlying decision is revoked. Credit repair (`do_apply_repair`, `do_review_repair`) lives in
`credit_repair` and is re-exported here, so callers find every action in one place.

Each `do_*` function checks who is acting, applies the transition of `credit_workflow`, writes
the audit record and flushes; the caller owns the transaction. Dates are given by the caller
(`on`: the office's date of the action), so the rules are tested on fixed dates. Expiry needs no
action: `credit_queries.status_on` reads it from the dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ipoffice.core.concurrency import flush_or_conflict
from ipoffice.core.errors import Conflict, InvalidInput, NotFound
from ipoffice.core.identity import Principal
from ipoffice.db.base import utcnow
from ipoffice.protection.credit_common import (
    audit_action,
    check_version,
    remove_from_list,
)
from ipoffice.protection.credit_models import CreditExtension, CreditListing
from ipoffice.protection.credit_queries import get_record, status_on, subject_key
from ipoffice.protection.credit_repair import do_apply_repair, do_review_repair, get_repair
from ipoffice.protection.credit_rules import (
    ConductItem,
    conduct_item,
    extended_end,
    listing_period,
    listing_rule,
)
from ipoffice.protection.credit_schemas import ExtensionCreate, ListingCreate, Revocation
from ipoffice.protection.credit_subjects import check_identity
from ipoffice.protection.credit_workflow import (
    LIST_ROLES,
    LISTED,
    OFFICERS,
    CreditStatus,
    RepairStatus,
    authorize_repair,
    authorize_transition,
)
from ipoffice.screening.models import CreditRecord as ScreeningProposal

__all__ = [
    "do_apply_repair",
    "do_extend_listing",
    "do_list_entity",
    "do_remove_on_revocation",
    "do_review_repair",
]
# How screening's subject types map onto the register's.
PROPOSAL_SUBJECT_TYPES = {"applicant": "organisation", "agency": "agency", "agent": "person"}


# --- listing --------------------------------------------------------------------------------


def _from_proposal(
    session: Session, data: ListingCreate
) -> tuple[ListingCreate, ScreeningProposal]:
    """The listing's subject and category filled from the proposal it decides."""
    proposal = session.get(ScreeningProposal, data.proposal_id)
    if proposal is None:
        raise NotFound(
            f"no screening credit proposal with id {data.proposal_id}", field="proposal_id"
        )
    if proposal.status != "proposed":
        raise Conflict(
            f"screening credit proposal {proposal.id} is {proposal.status}, not proposed: it was "
            "already decided",
            field="proposal_id",
            code="already_decided",
        )
    if data.category and data.category != proposal.conduct:
        raise InvalidInput(
            f"proposal {proposal.id} is for {proposal.conduct}, not {data.category}",
            field="category",
        )
    filled: dict[str, Any] = {
        "subject_name": data.subject_name or proposal.subject_name,
        "subject_type": data.subject_type or PROPOSAL_SUBJECT_TYPES[proposal.subject_type],
        "category": proposal.conduct,
    }
    if data.id_number is None and proposal.subject_uscc:
        filled |= {"id_type": "uscc", "id_number": proposal.subject_uscc}
    return data.model_copy(update=filled), proposal


def _decide_proposal(
    proposal: ScreeningProposal, principal: Principal, start: date, end: date
) -> None:
    proposal.status = "in_effect"
    proposal.decided_by = principal.user_id
    proposal.decided_at = utcnow()
    proposal.listing_start = start
    proposal.listing_end = end


def _standing(
    session: Session, id_type: str, id_number: str, category: str, on: date
) -> int | None:
    return session.scalar(
        select(CreditListing.id).where(
            CreditListing.id_type == id_type,
            CreditListing.id_number == id_number,
            CreditListing.category == category,
            CreditListing.status.in_([s.value for s in LISTED]),
            CreditListing.end_on >= on,
        )
    )


@dataclass(frozen=True)
class _Listing:
    """A listing request checked: the subject, its identifier, the item and the period."""

    name: str
    subject_type: str
    id_type: str
    id_number: str
    item: ConductItem
    start: date
    end: date


def _checked(session: Session, data: ListingCreate, on: date) -> _Listing:
    if not data.category:
        raise InvalidInput("the category of dishonest conduct is required", field="category")
    start = data.start or on
    item = conduct_item(data.category, start)
    if start > on:
        raise InvalidInput(f"a listing cannot start after today ({on.isoformat()})", field="start")
    if data.basis_date > start:
        raise InvalidInput(
            "the decision is dated after the start of the listing", field="basis_date"
        )
    name = (data.subject_name or "").strip()
    if not name:
        raise InvalidInput("the subject's name is required", field="subject_name")
    if data.subject_type is None:
        raise InvalidInput("the subject type is required", field="subject_type")
    id_type, id_number = check_identity(data.subject_type, data.id_type, data.id_number)
    standing = _standing(session, id_type, id_number, item.code, on)
    if standing is not None:
        raise Conflict(
            f"credit record {standing} already lists this subject for {item.code}; extend it "
            "for a repeat offence instead",
            field="id_number",
            code="already_listed",
        )
    start, end = listing_period(item, start)
    return _Listing(name, data.subject_type, id_type, id_number, item, start, end)


def do_list_entity(
    session: Session, *, actor: Principal, data: ListingCreate, on: date
) -> CreditListing:
    """List a subject for dishonest conduct on the decision `basis_*`, from `start` (default
    `on`) for the item's listing period. With `proposal_id`, this decides that proposal."""
    actor.require_any(LIST_ROLES, "listing a subject")
    proposal = None
    if data.proposal_id is not None:
        data, proposal = _from_proposal(session, data)
    checked = _checked(session, data, on)
    start, end = checked.start, checked.end
    record = CreditListing(
        subject_name=checked.name,
        subject_key=subject_key(checked.name),
        subject_type=checked.subject_type,
        id_type=checked.id_type,
        id_number=checked.id_number,
        category=checked.item.code,
        basis_authority=data.basis_authority,
        basis_document=data.basis_document,
        basis_date=data.basis_date,
        screening_proposal_id=proposal.id if proposal else None,
        dispute_case_id=data.dispute_case_id,
        start_on=start,
        end_on=end,
        status=CreditStatus.IN_EFFECT.value,
        note=data.note,
        listed_by=actor.user_id,
    )
    try:
        with session.begin_nested():
            session.add(record)
            if proposal is not None:
                _decide_proposal(proposal, actor, start, end)
            session.flush()
    except (IntegrityError, StaleDataError) as exc:
        # The same decision submitted twice at once, or the proposal decided meanwhile.
        raise Conflict(
            "this decision was recorded by someone else at the same time; reload the register",
            field="basis_document",
            code="already_listed",
        ) from exc
    audit_action(
        session,
        actor,
        "list_entity",
        record.id,
        **{
            **data.model_dump(),
            "subject_name": checked.name,
            "id_type": checked.id_type,
            "id_number": checked.id_number,
            "start": start,
            "end_on": end,
            "source": checked.item.source,
        },
    )
    return record


def do_extend_listing(
    session: Session, *, actor: Principal, record_id: int, data: ExtensionCreate, on: date
) -> CreditListing:
    """A repeat offence during the listing extends its end (`credit_rules.LISTING_RULES`),
    never beyond the maximum counted from the start."""
    actor.require_any(OFFICERS, "extending a listing")
    record = get_record(session, record_id)
    current = status_on(record, on)
    if current is None:
        raise Conflict(f"credit record {record.id} starts after {on.isoformat()}", field="on")
    transition = authorize_transition(current, CreditStatus.EXTENDED, roles=actor.roles)
    check_version(record, data.expected_version, "credit record")
    if not record.start_on <= data.basis_date <= min(record.end_on, on):
        raise InvalidInput(
            f"the repeat offence must be decided during the listing ({record.start_on} to "
            f"{record.end_on}) and not after today",
            field="basis_date",
        )
    rule = listing_rule(record.start_on)
    new_end = extended_end(record.start_on, record.end_on, rule)
    if new_end <= record.end_on:
        raise Conflict(
            f"credit record {record.id} already ends on {record.end_on}, the longest allowed "
            f"({rule.max_months} months from {record.start_on}); source: {rule.source}",
            field="basis_date",
            code="maximum_reached",
        )
    previous = record.end_on
    record.extensions.append(
        CreditExtension(
            basis_authority=data.basis_authority,
            basis_document=data.basis_document,
            basis_date=data.basis_date,
            decided_on=on,
            previous_end=previous,
            new_end=new_end,
            note=data.note,
            extended_by=actor.user_id,
        )
    )
    record.end_on = new_end
    record.status = CreditStatus.EXTENDED.value
    flush_or_conflict(session, f"credit record {record.id}")
    audit_action(
        session,
        actor,
        transition.event,
        record.id,
        **data.model_dump(),
        previous_end=previous,
        new_end=new_end,
        source=rule.source,
    )
    return record


def do_remove_on_revocation(
    session: Session, *, actor: Principal, record_id: int, data: Revocation, on: date
) -> CreditListing:
    """The decision the listing rests on was revoked: the record leaves the list from the day
    of revocation and stays in the register as `removed_revoked`. A pending repair is closed."""
    actor.require_any(OFFICERS, "removing a listing on revocation")
    record = get_record(session, record_id)
    check_version(record, data.expected_version, "credit record")
    if not record.start_on <= data.revoked_on <= on:
        raise InvalidInput(
            f"the revocation must be dated between the start ({record.start_on}) and today",
            field="revoked_on",
        )
    reason = (
        f"{data.reason} ({data.revoking_authority} {data.revoking_document}, "
        f"{data.revoked_on.isoformat()})"
    )
    remove_from_list(record, actor, data.revoked_on, CreditStatus.REMOVED_REVOKED, reason)
    pending = record.pending_repair_id
    if pending is not None:
        repair = get_repair(record, pending)
        authorize_repair(RepairStatus.PENDING, RepairStatus.REFUSED, roles=actor.roles)
        repair.status = RepairStatus.REFUSED.value
        repair.reviewed_by, repair.reviewed_on = actor.user_id, on
        repair.review_reason = "closed: the record was removed on revocation of its basis"
        record.pending_repair_id = None
    flush_or_conflict(session, f"credit record {record.id}")
    audit_action(
        session,
        actor,
        "removed_on_revocation",
        record.id,
        **data.model_dump(),
        removed_on=record.removed_on,
        closed_repair=pending,
    )
    return record
