"""Parties API: applicants and agencies."""

from __future__ import annotations

from fastapi import APIRouter

from ipoffice.core.errors import NotFound, PermissionDenied
from ipoffice.core.identity import Principal
from ipoffice.core.roles import OFFICE_STAFF, Role
from ipoffice.parties.schemas import PartyCreate, PartyRead
from ipoffice.parties.service import do_create_party, get_party
from ipoffice.web.access import DbSession, allow

router = APIRouter(prefix="/api/v1/parties", tags=["parties"])


@router.post("", response_model=PartyRead, status_code=201)
def create_party(
    data: PartyCreate,
    session: DbSession,
    principal: Principal = allow(Role.ADMINISTRATOR, Role.AGENT),
) -> PartyRead:
    """Register an applicant (agents for their clients) or an agency (administrators)."""
    if data.is_agency and Role.ADMINISTRATOR not in principal.roles:
        raise PermissionDenied("only an administrator registers agencies", field="is_agency")
    return PartyRead.model_validate(do_create_party(session, actor=principal.actor, data=data))


@router.get("/{party_id}", response_model=PartyRead)
def read_party(
    party_id: int,
    session: DbSession,
    principal: Principal = allow(*Role),
) -> PartyRead:
    party = get_party(session, party_id)
    if not principal.has_any(OFFICE_STAFF | {Role.AGENT}) and principal.party_id != party.id:
        raise NotFound(f"no party with id {party_id}", field="party_id")
    return PartyRead.model_validate(party)
