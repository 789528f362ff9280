"""Statuses of a typical case and who may move it, as data (tested pair by pair).

Officers draft a case and publish it; a published case can be taken down (unpublished) and
published again. A case is edited only while it is not published, so what the public reads is
always what was published.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ipoffice.core.errors import Conflict, PermissionDenied
from ipoffice.core.roles import Role


class CaseStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"


@dataclass(frozen=True)
class Transition:
    roles: frozenset[Role]
    event: str


EDITORS = frozenset({Role.ENFORCEMENT_OFFICER, Role.ADMINISTRATOR})

TRANSITIONS: dict[tuple[CaseStatus, CaseStatus], Transition] = {
    (CaseStatus.DRAFT, CaseStatus.PUBLISHED): Transition(EDITORS, "published"),
    (CaseStatus.PUBLISHED, CaseStatus.UNPUBLISHED): Transition(EDITORS, "unpublished"),
    (CaseStatus.UNPUBLISHED, CaseStatus.PUBLISHED): Transition(EDITORS, "published"),
}

EDITABLE = frozenset({CaseStatus.DRAFT, CaseStatus.UNPUBLISHED})

STATUS_LABELS: dict[CaseStatus, tuple[str, str]] = {
    CaseStatus.DRAFT: ("草稿", "Draft"),
    CaseStatus.PUBLISHED: ("已发布", "Published"),
    CaseStatus.UNPUBLISHED: ("已撤下", "Unpublished"),
}


def next_statuses(current: CaseStatus) -> list[CaseStatus]:
    return [to for (frm, to) in TRANSITIONS if frm == current]


def authorize(current: CaseStatus, target: CaseStatus, *, roles: frozenset[Role]) -> Transition:
    """The transition if these roles may make it; Conflict or PermissionDenied otherwise."""
    transition = TRANSITIONS.get((current, target))
    if transition is None:
        allowed = ", ".join(s.value for s in next_statuses(current)) or "none"
        raise Conflict(
            f"a typical case cannot go from {current.value} to {target.value}; "
            f"allowed next: {allowed}",
            field="status",
            code="transition_not_allowed",
        )
    if not roles & transition.roles:
        raise PermissionDenied(
            "this needs one of the roles: " + ", ".join(sorted(r.value for r in transition.roles)),
            field="status",
        )
    return transition
