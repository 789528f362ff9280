"""Actions on parties."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipoffice.core import audit
from ipoffice.core.errors import Conflict, NotFound
from ipoffice.parties.models import Party
from ipoffice.parties.schemas import PartyCreate


def do_create_party(session: Session, *, actor: audit.Actor, data: PartyCreate) -> Party:
    """Register an applicant or agency; a unified social credit code may be used once."""
    if data.uscc and session.scalar(select(Party.id).where(Party.uscc == data.uscc)) is not None:
        raise Conflict(
            f"a party with unified social credit code {data.uscc} already exists", field="uscc"
        )
    party = Party(**data.model_dump())
    session.add(party)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create_party",
        entity="party",
        entity_id=party.id,
        payload=data.model_dump(),
    )
    return party


def get_party(session: Session, party_id: int) -> Party:
    party = session.get(Party, party_id)
    if party is None:
        raise NotFound(f"no party with id {party_id}", field="party_id")
    return party
