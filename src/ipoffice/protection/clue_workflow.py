"""Statuses of a transferred clue and the allowed transitions, as data.

A clue has two sides: the desk that sent it (a region's bureau, or the national office for
screening clues) and the desk that holds it now (the current receiving region). Each transition
names the side that may make it and the event it writes to the clue's timeline. The table is
tested pair by pair: every listed pair is allowed for its side and refused for the other, every
pair not listed is refused.

Passing a clue on is the receiver's move from `acknowledged` or `handling` back to `sent`, now
addressed to a third region; the earlier hops stay in the chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ipoffice.core.errors import Conflict, PermissionDenied


class ClueStatus(StrEnum):
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    HANDLING = "handling"
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"


class Side(StrEnum):
    SENDER = "sender"
    RECEIVER = "receiver"


@dataclass(frozen=True)
class Transition:
    side: Side
    event: str


SENDER = Side.SENDER
RECEIVER = Side.RECEIVER

TRANSITIONS: dict[tuple[ClueStatus, ClueStatus], Transition] = {
    (ClueStatus.SENT, ClueStatus.ACKNOWLEDGED): Transition(RECEIVER, "acknowledged"),
    (ClueStatus.ACKNOWLEDGED, ClueStatus.HANDLING): Transition(RECEIVER, "handling_started"),
    # Feedback may come straight after acknowledging (e.g. "not within our competence").
    (ClueStatus.ACKNOWLEDGED, ClueStatus.ANSWERED): Transition(RECEIVER, "answered"),
    (ClueStatus.HANDLING, ClueStatus.ANSWERED): Transition(RECEIVER, "answered"),
    # A receiver passes a clue on only after signing for it, so the chain shows who had it.
    (ClueStatus.ACKNOWLEDGED, ClueStatus.SENT): Transition(RECEIVER, "passed_on"),
    (ClueStatus.HANDLING, ClueStatus.SENT): Transition(RECEIVER, "passed_on"),
    (ClueStatus.SENT, ClueStatus.WITHDRAWN): Transition(SENDER, "withdrawn"),
    (ClueStatus.ACKNOWLEDGED, ClueStatus.WITHDRAWN): Transition(SENDER, "withdrawn"),
    (ClueStatus.HANDLING, ClueStatus.WITHDRAWN): Transition(SENDER, "withdrawn"),
}

INITIAL_STATUS = ClueStatus.SENT
OPEN_STATUSES = frozenset({ClueStatus.SENT, ClueStatus.ACKNOWLEDGED, ClueStatus.HANDLING})
FINAL_STATUSES = frozenset({ClueStatus.ANSWERED, ClueStatus.WITHDRAWN})

STATUS_LABELS: dict[ClueStatus, tuple[str, str]] = {
    ClueStatus.SENT: ("待签收", "Awaiting acknowledgement"),
    ClueStatus.ACKNOWLEDGED: ("已签收", "Acknowledged"),
    ClueStatus.HANDLING: ("办理中", "Being handled"),
    ClueStatus.ANSWERED: ("已反馈", "Answered"),
    ClueStatus.WITHDRAWN: ("已撤回", "Withdrawn"),
}

EVENT_LABELS: dict[str, tuple[str, str]] = {
    "sent": ("移交线索", "Clue sent"),
    "acknowledged": ("签收", "Acknowledged"),
    "handling_started": ("开始办理", "Handling started"),
    "answered": ("反馈办理结果", "Feedback given"),
    "passed_on": ("转交他处", "Passed on"),
    "withdrawn": ("撤回", "Withdrawn by the sender"),
}


def transition_for(current: ClueStatus, target: ClueStatus) -> Transition | None:
    return TRANSITIONS.get((current, target))


def next_statuses(current: ClueStatus) -> list[ClueStatus]:
    return [to for (frm, to) in TRANSITIONS if frm == current]


def authorize(current: ClueStatus, target: ClueStatus, *, sides: frozenset[Side]) -> Transition:
    """The transition if a desk on `sides` may make it; Conflict or PermissionDenied otherwise."""
    transition = transition_for(current, target)
    if transition is None:
        allowed = ", ".join(s.value for s in next_statuses(current)) or "none (final)"
        raise Conflict(
            f"a clue cannot go from {current.value} to {target.value}; allowed next: {allowed}",
            field="status",
            code="transition_not_allowed",
        )
    if transition.side not in sides:
        who = "sending" if transition.side == SENDER else "current receiving"
        raise PermissionDenied(
            f"only the {who} desk of this clue may move it to {target.value}", field="status"
        )
    return transition
