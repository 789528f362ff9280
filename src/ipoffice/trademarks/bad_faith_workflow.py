"""Statuses of a bad-faith assessment and who may move it, as data.

An assessment is `open` until an examiner confirms or dismisses it (a person's decision: the
screening never decides); assessing the same subject again supersedes an open one; an
administrator may reopen a decision (not one a credit proposal already rests on; see
`bad_faith.do_reopen_assessment`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ipoffice.core.errors import Conflict, PermissionDenied
from ipoffice.core.roles import Role


class AssessmentStatus(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    SUPERSEDED = "superseded"


@dataclass(frozen=True)
class Transition:
    roles: frozenset[Role]
    event: str


_S = AssessmentStatus
EXAMINERS = frozenset({Role.EXAMINER})
ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})
# Who may run a screening, record assignments, use evidence and business scopes, and draft a
# credit proposal from a confirmed finding.
STAFF = frozenset({Role.EXAMINER, Role.ADMINISTRATOR})

TRANSITIONS: dict[tuple[AssessmentStatus, AssessmentStatus], Transition] = {
    (_S.OPEN, _S.CONFIRMED): Transition(EXAMINERS, "bad_faith_confirmed"),
    (_S.OPEN, _S.DISMISSED): Transition(EXAMINERS, "bad_faith_dismissed"),
    (_S.OPEN, _S.SUPERSEDED): Transition(STAFF, "bad_faith_superseded"),
    (_S.CONFIRMED, _S.OPEN): Transition(ADMINISTRATORS, "bad_faith_reopened"),
    (_S.DISMISSED, _S.OPEN): Transition(ADMINISTRATORS, "bad_faith_reopened"),
}

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "open": ("待审查", "open"),
    "confirmed": ("已确认", "confirmed"),
    "dismissed": ("已排除", "dismissed"),
    "superseded": ("已被新评估取代", "superseded"),
}


def authorize_transition(
    current: AssessmentStatus, target: AssessmentStatus, *, roles: frozenset[Role]
) -> Transition:
    """The transition if these roles may make it; `Conflict` or `PermissionDenied`."""
    transition = TRANSITIONS.get((current, target))
    if transition is None:
        allowed = ", ".join(to.value for (frm, to) in TRANSITIONS if frm == current) or "none"
        raise Conflict(
            f"a bad-faith assessment cannot go from {current.value} to {target.value}; "
            f"allowed next: {allowed}",
            field="status",
            code="transition_not_allowed",
        )
    if not roles & transition.roles:
        names = ", ".join(sorted(r.value for r in transition.roles))
        raise PermissionDenied(
            f"moving a bad-faith assessment to {target.value} needs one of the roles {names}"
        )
    return transition
