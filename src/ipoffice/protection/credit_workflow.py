"""Statuses of a dishonest-entity record and of a credit repair application, and the allowed
transitions, as data.

A record is `in_effect` from its start, `extended` once a repeat offence has extended it,
`repaired` when a repair application was approved, `removed_revoked` when the decision it rests
on was revoked. `expired` is never stored: a record in effect or extended is expired on any day
after its end (see `credit_service.status_on`), so no scheduled job is needed. The pair
`(in_effect | extended, expired)` is in the table for completeness and made by the date only:
no role may make it.

Each transition names who may make it and the audit event it writes; the tables are tested
pair by pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from ipoffice.core.errors import Conflict, PermissionDenied
from ipoffice.core.roles import Role


class CreditStatus(StrEnum):
    IN_EFFECT = "in_effect"
    EXTENDED = "extended"
    REPAIRED = "repaired"
    REMOVED_REVOKED = "removed_revoked"
    EXPIRED = "expired"


# What the `status` column may hold; `expired` is computed from the dates.
STORED_STATUSES: tuple[str, ...] = ("in_effect", "extended", "repaired", "removed_revoked")
# On the public list (between start and end).
LISTED = frozenset({CreditStatus.IN_EFFECT, CreditStatus.EXTENDED})


class RepairStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


REPAIR_STATUSES: tuple[str, ...] = tuple(s.value for s in RepairStatus)

SUBJECT_TYPES: tuple[str, ...] = ("organisation", "person", "agency")
ID_TYPES: tuple[str, ...] = ("uscc", "resident_id", "passport", "other")

# Officers decide listings, extensions, repairs and removals; examiners read the register.
OFFICERS = frozenset({Role.ENFORCEMENT_OFFICER, Role.ADMINISTRATOR})
READERS = frozenset({Role.ENFORCEMENT_OFFICER, Role.ADMINISTRATOR, Role.EXAMINER})
# Who may list a subject (the record's creation, not a pair of the table).
LIST_ROLES = OFFICERS
# Who may file a repair application: the subject's own applicant or agent account (checked
# against the record by `credit_service`), or an officer recording one received on paper.
REPAIR_APPLICANTS = frozenset({Role.APPLICANT, Role.AGENT, *OFFICERS})
SUBJECT_SIDE = frozenset({Role.APPLICANT, Role.AGENT})


@dataclass(frozen=True)
class Transition:
    roles: frozenset[Role]
    event: str
    # Made by the passing of time, never by a person.
    by_date: bool = False


_K = TypeVar("_K", CreditStatus, RepairStatus)
_S = CreditStatus
_R = RepairStatus
_NOBODY: frozenset[Role] = frozenset()

TRANSITIONS: dict[tuple[CreditStatus, CreditStatus], Transition] = {
    (_S.IN_EFFECT, _S.EXTENDED): Transition(OFFICERS, "listing_extended"),
    (_S.EXTENDED, _S.EXTENDED): Transition(OFFICERS, "listing_extended"),
    (_S.IN_EFFECT, _S.REPAIRED): Transition(OFFICERS, "credit_repaired"),
    (_S.EXTENDED, _S.REPAIRED): Transition(OFFICERS, "credit_repaired"),
    # A revoked decision voids the record whatever became of it since.
    (_S.IN_EFFECT, _S.REMOVED_REVOKED): Transition(OFFICERS, "removed_on_revocation"),
    (_S.EXTENDED, _S.REMOVED_REVOKED): Transition(OFFICERS, "removed_on_revocation"),
    (_S.REPAIRED, _S.REMOVED_REVOKED): Transition(OFFICERS, "removed_on_revocation"),
    (_S.EXPIRED, _S.REMOVED_REVOKED): Transition(OFFICERS, "removed_on_revocation"),
    (_S.IN_EFFECT, _S.EXPIRED): Transition(_NOBODY, "listing_expired", by_date=True),
    (_S.EXTENDED, _S.EXPIRED): Transition(_NOBODY, "listing_expired", by_date=True),
}

REPAIR_TRANSITIONS: dict[tuple[RepairStatus, RepairStatus], Transition] = {
    (_R.PENDING, _R.APPROVED): Transition(OFFICERS, "repair_approved"),
    (_R.PENDING, _R.REFUSED): Transition(OFFICERS, "repair_refused"),
}

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "in_effect": ("列入中", "In effect"),
    "extended": ("已延长", "Extended"),
    "repaired": ("已信用修复移出", "Removed after credit repair"),
    "removed_revoked": ("依据撤销移出", "Removed: decision revoked"),
    "expired": ("期满移出", "Expired"),
}

REPAIR_LABELS: dict[str, tuple[str, str]] = {
    "pending": ("待审核", "Pending"),
    "approved": ("已准予修复", "Approved"),
    "refused": ("不予修复", "Refused"),
}


def next_statuses(current: CreditStatus) -> list[CreditStatus]:
    return [to for (frm, to) in TRANSITIONS if frm == current]


def _authorize(
    table: dict[tuple[_K, _K], Transition],
    what: str,
    current: _K,
    target: _K,
    roles: frozenset[Role],
) -> Transition:
    transition = table.get((current, target))
    if transition is None:
        allowed = ", ".join(to.value for (frm, to) in table if frm == current) or "none"
        raise Conflict(
            f"a {what} cannot go from {current.value} to {target.value}; allowed next: {allowed}",
            field="status",
            code="transition_not_allowed",
        )
    if transition.by_date:
        raise PermissionDenied(
            f"a {what} becomes {target.value} by the passing of its end date, not by a person"
        )
    if not roles & transition.roles:
        names = ", ".join(sorted(r.value for r in transition.roles))
        raise PermissionDenied(f"moving a {what} to {target.value} needs one of the roles {names}")
    return transition


def authorize_transition(
    current: CreditStatus, target: CreditStatus, *, roles: frozenset[Role]
) -> Transition:
    """The record transition if these roles may make it; Conflict or PermissionDenied."""
    return _authorize(TRANSITIONS, "credit record", current, target, roles)


def authorize_repair(
    current: RepairStatus, target: RepairStatus, *, roles: frozenset[Role]
) -> Transition:
    """The repair-application transition if these roles may make it."""
    return _authorize(REPAIR_TRANSITIONS, "repair application", current, target, roles)
