"""Statuses of a patent dispute case and the allowed transitions, as data.

A case is a request to a local bureau to handle a patent infringement dispute (专利纠纷行政裁决
和调解办法, in force 2025-02-01; 专利行政执法办法 2015 before). The table names who may make each
transition and the timeline event it writes; it is tested pair by pair. Steps that do not change
the status (the respondent's answer, the panel, a hearing, an extension) are listed in `STEPS`
with the statuses in which they may be recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ipoffice.core.errors import Conflict, PermissionDenied
from ipoffice.core.roles import Role


class CaseStatus(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    HANDLING = "handling"
    MEDIATION = "mediation"
    SUSPENDED = "suspended"
    DECIDED = "decided"
    MEDIATED = "mediated"
    WITHDRAWN = "withdrawn"


STATUS_LABELS: dict[CaseStatus, tuple[str, str]] = {
    CaseStatus.RECEIVED: ("已收到请求", "Request received"),
    CaseStatus.ACCEPTED: ("已受理", "Accepted"),
    CaseStatus.REFUSED: ("不予受理", "Not accepted"),
    CaseStatus.HANDLING: ("审理中", "Under adjudication"),
    CaseStatus.MEDIATION: ("调解中", "In mediation"),
    CaseStatus.SUSPENDED: ("中止", "Suspended"),
    CaseStatus.DECIDED: ("已作出裁决", "Decided"),
    CaseStatus.MEDIATED: ("调解结案", "Closed by mediation"),
    CaseStatus.WITHDRAWN: ("撤回请求结案", "Withdrawn"),
}

FINAL_STATUSES = frozenset(
    {CaseStatus.REFUSED, CaseStatus.DECIDED, CaseStatus.MEDIATED, CaseStatus.WITHDRAWN}
)
# Statuses in which the closure period runs (a suspension stops it).
RUNNING_STATUSES = frozenset({CaseStatus.ACCEPTED, CaseStatus.HANDLING, CaseStatus.MEDIATION})

INITIAL_STATUS = CaseStatus.RECEIVED

OFFICER = frozenset({Role.ENFORCEMENT_OFFICER})


@dataclass(frozen=True)
class Transition:
    roles: frozenset[Role]
    event: str


_S = CaseStatus

TRANSITIONS: dict[tuple[CaseStatus, CaseStatus], Transition] = {
    (_S.RECEIVED, _S.ACCEPTED): Transition(OFFICER, "accepted"),
    (_S.RECEIVED, _S.REFUSED): Transition(OFFICER, "refused"),
    (_S.ACCEPTED, _S.HANDLING): Transition(OFFICER, "served"),
    (_S.HANDLING, _S.MEDIATION): Transition(OFFICER, "mediation_started"),
    (_S.MEDIATION, _S.MEDIATED): Transition(OFFICER, "mediation_agreement"),
    (_S.MEDIATION, _S.HANDLING): Transition(OFFICER, "mediation_failed"),
    (_S.HANDLING, _S.DECIDED): Transition(OFFICER, "decided"),
    **{(s, _S.SUSPENDED): Transition(OFFICER, "suspended") for s in RUNNING_STATUSES},
    # A suspended case resumes in the status it was suspended from (the service checks which).
    **{(_S.SUSPENDED, s): Transition(OFFICER, "resumed") for s in RUNNING_STATUSES},
    **{
        (s, _S.WITHDRAWN): Transition(OFFICER, "withdrawn")
        for s in (_S.RECEIVED, *RUNNING_STATUSES, _S.SUSPENDED)
    },
}


@dataclass(frozen=True)
class Step:
    """A recorded step that leaves the status as it is."""

    roles: frozenset[Role]
    statuses: frozenset[CaseStatus]
    event: str


_OPEN_AFTER_ACCEPTANCE = frozenset({_S.ACCEPTED, _S.HANDLING, _S.MEDIATION})

STEPS: dict[str, Step] = {
    "answer": Step(OFFICER, frozenset({_S.HANDLING, _S.MEDIATION}), "answer_received"),
    "panel": Step(OFFICER, _OPEN_AFTER_ACCEPTANCE, "panel_formed"),
    "hearing": Step(OFFICER, frozenset({_S.HANDLING}), "hearing_scheduled"),
    "extension": Step(OFFICER, _OPEN_AFTER_ACCEPTANCE | {_S.SUSPENDED}, "extension_approved"),
    "evidence": Step(
        OFFICER, frozenset({_S.RECEIVED, *_OPEN_AFTER_ACCEPTANCE, _S.SUSPENDED}), "evidence_added"
    ),
    "decision_served": Step(OFFICER, frozenset({_S.DECIDED}), "decision_served"),
}

EVENT_LABELS: dict[str, tuple[str, str]] = {
    "received": ("收到处理请求", "Request received"),
    "accepted": ("立案受理", "Request accepted"),
    "refused": ("不予受理（附理由）", "Request not accepted (with reasons)"),
    "served": ("请求书副本送达被请求人", "Request served on the respondent"),
    "answer_received": ("收到答辩书", "Answer received"),
    "panel_formed": ("组成合议组", "Collegial panel formed"),
    "hearing_scheduled": ("确定口头审理并通知当事人", "Hearing scheduled, parties notified"),
    "mediation_started": ("开始调解", "Mediation started"),
    "mediation_agreement": ("达成调解协议", "Mediation agreement reached"),
    "mediation_failed": ("调解不成，继续裁决", "Mediation failed; adjudication continues"),
    "suspended": ("中止处理", "Handling suspended"),
    "resumed": ("恢复处理", "Handling resumed"),
    "extension_approved": ("批准延长结案期限", "Extension of the closure period approved"),
    "evidence_added": ("收到证据材料", "Evidence received"),
    "decided": ("作出处理决定", "Decision issued"),
    "decision_served": ("处理决定送达当事人", "Decision served on the parties"),
    "withdrawn": ("请求人撤回请求", "Request withdrawn by the requester"),
}


def transition_for(current: CaseStatus, target: CaseStatus) -> Transition | None:
    return TRANSITIONS.get((current, target))


def next_statuses(current: CaseStatus) -> list[CaseStatus]:
    return [to for (frm, to) in TRANSITIONS if frm == current]


def authorize_transition(
    current: CaseStatus, target: CaseStatus, *, roles: frozenset[Role]
) -> Transition:
    """The transition if these roles may make it; Conflict or PermissionDenied otherwise."""
    transition = transition_for(current, target)
    if transition is None:
        allowed = ", ".join(s.value for s in next_statuses(current)) or "none (final)"
        raise Conflict(
            f"a dispute case cannot go from {current.value} to {target.value}; "
            f"allowed next: {allowed}",
            field="status",
            code="transition_not_allowed",
        )
    if not roles & transition.roles:
        raise PermissionDenied(
            f"moving a case to {target.value} needs one of the roles "
            f"{', '.join(sorted(r.value for r in transition.roles))}"
        )
    return transition


def authorize_step(name: str, current: CaseStatus, *, roles: frozenset[Role]) -> Step:
    """The step if it may be recorded now by these roles; Conflict or PermissionDenied."""
    step = STEPS[name]
    if current not in step.statuses:
        allowed = ", ".join(sorted(s.value for s in step.statuses))
        raise Conflict(
            f"'{name}' cannot be recorded on a case that is {current.value}; "
            f"only when it is {allowed}",
            field="status",
            code="step_not_allowed",
        )
    if not roles & step.roles:
        raise PermissionDenied(
            f"recording '{name}' needs one of the roles "
            f"{', '.join(sorted(r.value for r in step.roles))}"
        )
    return step
