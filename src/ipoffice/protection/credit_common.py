"""What every action on the credit register does alike: the version check, the audit record,
and taking a record off the public list (repair or revocation)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ipoffice.core import audit, concurrency
from ipoffice.core.calendar import add_months
from ipoffice.core.errors import Conflict
from ipoffice.core.identity import Principal
from ipoffice.protection.credit_models import CreditListing, CreditRepair
from ipoffice.protection.credit_queries import status_on
from ipoffice.protection.credit_rules import repair_rule
from ipoffice.protection.credit_workflow import CreditStatus, authorize_transition

ENTITY = "credit_record"


def check_version(record: CreditListing | CreditRepair, expected: int, what: str) -> None:
    concurrency.check_version(record.version, expected, f"{what} {record.id}")


def audit_action(
    session: Session, principal: Principal, action: str, entity_id: int, **payload: Any
) -> None:
    audit.record(
        session,
        actor=principal.actor,
        action=action,
        entity=ENTITY,
        entity_id=entity_id,
        payload=payload,
    )


def remove_from_list(
    record: CreditListing, actor: Principal, on: date, target: CreditStatus, reason: str
) -> None:
    """Take a record off the public list from `on` (repair or revocation), keeping it on file."""
    current = status_on(record, on)
    if current is None:
        raise Conflict(f"credit record {record.id} starts after {on.isoformat()}", field="on")
    authorize_transition(current, target, roles=actor.roles)
    if target is CreditStatus.REPAIRED:
        earliest = add_months(record.start_on, repair_rule(record.start_on).waiting_months)
        if on < earliest:
            raise Conflict(
                f"credit repair cannot take effect before {earliest.isoformat()}",
                field="on",
                code="too_early",
            )
    record.status = target.value
    # Revocation of a record that had already left the list keeps the day it left.
    if record.removed_on is None or record.removed_on > on:
        record.removed_on = on
    record.removal_reason = reason
    record.removed_by = actor.user_id
