"""Credit register API: officers list subjects, extend listings, review repair applications and
remove listings on revocation; examiners read the register and the measures in force against a
subject; a listed subject's own account applies for credit repair; anyone reads the public list.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from ipoffice.core.clock import office_today
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.parties.models import Party
from ipoffice.protection import credit_queries as queries
from ipoffice.protection import credit_service as service
from ipoffice.protection.credit_schemas import (
    ExtensionCreate,
    ListingCreate,
    MeasureView,
    PublicEntry,
    RecordRead,
    RepairCreate,
    RepairRead,
    RepairReview,
    Revocation,
)
from ipoffice.protection.credit_workflow import CreditStatus
from ipoffice.web.access import DbSession, allow, public

router = APIRouter(prefix="/api/v1/protection/credit", tags=["protection: credit"])

OFFICERS = (Role.ENFORCEMENT_OFFICER, Role.ADMINISTRATOR)
READERS = (*OFFICERS, Role.EXAMINER)
SUBJECTS = (Role.APPLICANT, Role.AGENT)
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0)]
IdPath = Annotated[int, Path(ge=1)]
Search = Annotated[str, Query(max_length=100)]
OnDate = Annotated[date | None, Query(description="The date asked about; today if empty")]


class RecordPage(BaseModel):
    total: int
    items: list[RecordRead]


class PublicPage(BaseModel):
    on: date
    total: int
    items: list[PublicEntry]


@router.get("", response_model=RecordPage)
def list_records(
    session: DbSession,
    _: Principal = allow(*READERS),
    status: CreditStatus | None = None,
    category: Annotated[str | None, Query(max_length=48)] = None,
    q: Search = "",
    on: OnDate = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> RecordPage:
    """The register, newest first; `status` is the status on `on` (`expired` included)."""
    day = on or office_today()
    rows, total = queries.list_register(
        session, on=day, status=status, category=category, q=q, limit=limit, offset=offset
    )
    return RecordPage(total=total, items=[queries.record_read(r, day) for r in rows])


@router.post("", response_model=RecordRead, status_code=201)
def list_entity(
    data: ListingCreate, session: DbSession, principal: Principal = allow(*OFFICERS)
) -> RecordRead:
    """List a subject on a decision (`basis_*`): directly, or by deciding a screening proposal
    (`proposal_id`). The same subject and item already listed is `409 already_listed`."""
    today = office_today()
    record = service.do_list_entity(session, actor=principal, data=data, on=today)
    return queries.record_read(record, today)


@router.get("/public", response_model=PublicPage)
def public_list(
    session: DbSession,
    _: Principal | None = public(),
    q: Search = "",
    on: OnDate = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> PublicPage:
    """The public list of dishonest subjects on a date: name or credit code search."""
    day = on or office_today()
    rows, total = queries.public_list(session, on=day, q=q, limit=limit, offset=offset)
    return PublicPage(on=day, total=total, items=[queries.public_entry(r, day) for r in rows])


@router.get("/measures", response_model=list[MeasureView])
def measures(
    session: DbSession,
    _: Principal = allow(*READERS),
    uscc: Annotated[str | None, Query(max_length=40)] = None,
    name: Annotated[str | None, Query(max_length=300)] = None,
    on: OnDate = None,
) -> list[MeasureView]:
    """The measures in force against a subject (credit code or exact name) on a date, each with
    the record it follows from and its source. An empty list: no measure applies."""
    return queries.credit_measures(session, uscc=uscc, name=name, on=on or office_today())


@router.get("/mine", response_model=list[RecordRead])
def my_records(session: DbSession, principal: Principal = allow(*SUBJECTS)) -> list[RecordRead]:
    """The records about the caller's own party, any status."""
    party = session.get(Party, principal.party_id) if principal.party_id is not None else None
    if party is None:
        return []
    today = office_today()
    return [queries.record_read(r, today) for r in queries.records_of_party(session, party)]


@router.get("/{record_id}", response_model=RecordRead)
def read_record(
    record_id: IdPath, session: DbSession, _: Principal = allow(*READERS), on: OnDate = None
) -> RecordRead:
    return queries.record_read(queries.get_record(session, record_id), on or office_today())


@router.post("/{record_id}/extensions", response_model=RecordRead)
def extend_listing(
    record_id: IdPath,
    data: ExtensionCreate,
    session: DbSession,
    principal: Principal = allow(*OFFICERS),
) -> RecordRead:
    """A repeat offence during the listing extends it, at most 3 years from its start."""
    today = office_today()
    record = service.do_extend_listing(
        session, actor=principal, record_id=record_id, data=data, on=today
    )
    return queries.record_read(record, today)


@router.post("/{record_id}/repairs", response_model=RepairRead, status_code=201)
def apply_repair(
    record_id: IdPath,
    data: RepairCreate,
    session: DbSession,
    principal: Principal = allow(*SUBJECTS, *OFFICERS),
) -> RepairRead:
    """Apply for credit repair: the subject's own account, or an officer recording an
    application received on paper. Not before the waiting time (`409 too_early`)."""
    repair = service.do_apply_repair(
        session, actor=principal, record_id=record_id, data=data, on=office_today()
    )
    return RepairRead.model_validate(repair)


@router.post("/{record_id}/repairs/{repair_id}/review", response_model=RepairRead)
def review_repair(
    record_id: IdPath,
    repair_id: IdPath,
    data: RepairReview,
    session: DbSession,
    principal: Principal = allow(*OFFICERS),
) -> RepairRead:
    """Approve (the record leaves the public list today) or refuse, with reasons; by an officer
    other than the one who listed the subject."""
    repair = service.do_review_repair(
        session,
        actor=principal,
        record_id=record_id,
        repair_id=repair_id,
        data=data,
        on=office_today(),
    )
    return RepairRead.model_validate(repair)


@router.post("/{record_id}/revocation", response_model=RecordRead)
def remove_on_revocation(
    record_id: IdPath,
    data: Revocation,
    session: DbSession,
    principal: Principal = allow(*OFFICERS),
) -> RecordRead:
    """The decision the listing rests on was revoked: the record leaves the public list from
    `revoked_on` and stays in the register."""
    today = office_today()
    record = service.do_remove_on_revocation(
        session, actor=principal, record_id=record_id, data=data, on=today
    )
    return queries.record_read(record, today)
