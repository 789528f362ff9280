"""Application kinds, statuses and the allowed status transitions, as data.

Each transition names who may make it and the timeline event it writes. The table is tested
pair by pair: every listed pair is allowed for its roles and refused for the others, every pair
not listed is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ipoffice.core.errors import Conflict, PermissionDenied
from ipoffice.core.roles import Role


class Kind(StrEnum):
    INVENTION = "invention"
    UTILITY_MODEL = "utility_model"
    DESIGN = "design"
    TRADEMARK = "trademark"


PATENT_KINDS = frozenset({Kind.INVENTION, Kind.UTILITY_MODEL, Kind.DESIGN})

# Type digit of a CNIPA patent application number for each kind filed directly.
PATENT_TYPE_DIGIT: dict[Kind, int] = {Kind.INVENTION: 1, Kind.UTILITY_MODEL: 2, Kind.DESIGN: 3}


class Status(StrEnum):
    FILED = "filed"
    PRELIMINARY_EXAMINATION = "preliminary_examination"
    PUBLISHED = "published"
    SUBSTANTIVE_EXAMINATION = "substantive_examination"
    GRANTED = "granted"
    REJECTED = "rejected"
    FORMALITY_EXAMINATION = "formality_examination"
    PRELIMINARY_APPROVAL = "preliminary_approval"
    REGISTERED = "registered"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    DEEMED_WITHDRAWN = "deemed_withdrawn"


STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.FILED: ("已受理", "Filed"),
    Status.PRELIMINARY_EXAMINATION: ("初步审查", "Preliminary examination"),
    Status.PUBLISHED: ("已公布", "Published"),
    Status.SUBSTANTIVE_EXAMINATION: ("实质审查", "Substantive examination"),
    Status.GRANTED: ("已授权", "Granted"),
    Status.REJECTED: ("已驳回", "Rejected"),
    Status.FORMALITY_EXAMINATION: ("形式审查", "Formality examination"),
    Status.PRELIMINARY_APPROVAL: ("初审公告", "Preliminarily approved and announced"),
    Status.REGISTERED: ("已注册", "Registered"),
    Status.REFUSED: ("已驳回", "Refused"),
    Status.WITHDRAWN: ("已撤回", "Withdrawn"),
    Status.DEEMED_WITHDRAWN: ("视为撤回", "Deemed withdrawn"),
}

KIND_LABELS: dict[Kind, tuple[str, str]] = {
    Kind.INVENTION: ("发明专利", "Invention patent"),
    Kind.UTILITY_MODEL: ("实用新型", "Utility model"),
    Kind.DESIGN: ("外观设计", "Design"),
    Kind.TRADEMARK: ("商标", "Trademark"),
}

FINAL_STATUSES = frozenset(
    {
        Status.GRANTED,
        Status.REJECTED,
        Status.REGISTERED,
        Status.REFUSED,
        Status.WITHDRAWN,
        Status.DEEMED_WITHDRAWN,
    }
)


@dataclass(frozen=True)
class Transition:
    roles: frozenset[Role]
    event: str
    # Whether the applicant side may only make it on its own application.
    owner_only: bool = False
    # Where the transition is made when it must keep a record beside the status (an
    # announcement, a refusal with its notice, the opposition check): the bare status change
    # refuses it and names this place.
    action: str | None = None


EXAMINER = frozenset({Role.EXAMINER})
FILER = frozenset({Role.APPLICANT, Role.AGENT})


def _withdrawals(statuses: list[Status]) -> dict[tuple[Status, Status], Transition]:
    rows: dict[tuple[Status, Status], Transition] = {}
    for status in statuses:
        rows[(status, Status.WITHDRAWN)] = Transition(FILER, "withdrawn", owner_only=True)
    return rows


def _deemed_withdrawals(statuses: list[Status]) -> dict[tuple[Status, Status], Transition]:
    return {
        (status, Status.DEEMED_WITHDRAWN): Transition(EXAMINER, "deemed_withdrawn")
        for status in statuses
    }


_INVENTION_OPEN = [
    Status.FILED,
    Status.PRELIMINARY_EXAMINATION,
    Status.PUBLISHED,
    Status.SUBSTANTIVE_EXAMINATION,
]
_UTILITY_OPEN = [Status.FILED, Status.PRELIMINARY_EXAMINATION]
_TRADEMARK_OPEN = [
    Status.FILED,
    Status.FORMALITY_EXAMINATION,
    Status.SUBSTANTIVE_EXAMINATION,
    Status.PRELIMINARY_APPROVAL,
]

# Trademark steps that keep their own record (trademarks.examination).
_TM_EXAMINATION = "/api/v1/trademark-examination/applications/{number}"
_TM_ANNOUNCEMENT = f"the announcement (POST {_TM_EXAMINATION}/announcement)"
_TM_REFUSAL = f"a refusal with its notice (POST {_TM_EXAMINATION}/refusals)"
_TM_REGISTRATION = f"the registration check (POST {_TM_EXAMINATION}/registration)"

TRANSITIONS: dict[Kind, dict[tuple[Status, Status], Transition]] = {
    Kind.INVENTION: {
        (Status.FILED, Status.PRELIMINARY_EXAMINATION): Transition(EXAMINER, "preliminary_started"),
        (Status.PRELIMINARY_EXAMINATION, Status.PUBLISHED): Transition(EXAMINER, "published"),
        (Status.PRELIMINARY_EXAMINATION, Status.REJECTED): Transition(EXAMINER, "rejected"),
        (Status.PUBLISHED, Status.SUBSTANTIVE_EXAMINATION): Transition(
            EXAMINER, "substantive_started"
        ),
        (Status.SUBSTANTIVE_EXAMINATION, Status.GRANTED): Transition(EXAMINER, "granted"),
        (Status.SUBSTANTIVE_EXAMINATION, Status.REJECTED): Transition(EXAMINER, "rejected"),
        **_withdrawals(_INVENTION_OPEN),
        **_deemed_withdrawals(_INVENTION_OPEN),
    },
    Kind.UTILITY_MODEL: {
        (Status.FILED, Status.PRELIMINARY_EXAMINATION): Transition(EXAMINER, "preliminary_started"),
        (Status.PRELIMINARY_EXAMINATION, Status.GRANTED): Transition(EXAMINER, "granted"),
        (Status.PRELIMINARY_EXAMINATION, Status.REJECTED): Transition(EXAMINER, "rejected"),
        **_withdrawals(_UTILITY_OPEN),
        **_deemed_withdrawals(_UTILITY_OPEN),
    },
    Kind.TRADEMARK: {
        (Status.FILED, Status.FORMALITY_EXAMINATION): Transition(EXAMINER, "formality_started"),
        (Status.FORMALITY_EXAMINATION, Status.SUBSTANTIVE_EXAMINATION): Transition(
            EXAMINER, "substantive_started"
        ),
        (Status.FORMALITY_EXAMINATION, Status.REFUSED): Transition(
            EXAMINER, "refused", action=_TM_REFUSAL
        ),
        (Status.SUBSTANTIVE_EXAMINATION, Status.PRELIMINARY_APPROVAL): Transition(
            EXAMINER, "preliminary_approval", action=_TM_ANNOUNCEMENT
        ),
        (Status.SUBSTANTIVE_EXAMINATION, Status.REFUSED): Transition(
            EXAMINER, "refused", action=_TM_REFUSAL
        ),
        (Status.PRELIMINARY_APPROVAL, Status.REGISTERED): Transition(
            EXAMINER, "registered", action=_TM_REGISTRATION
        ),
        **_withdrawals(_TRADEMARK_OPEN),
    },
}
# Designs follow the utility-model path: preliminary examination, then grant or rejection.
TRANSITIONS[Kind.DESIGN] = dict(TRANSITIONS[Kind.UTILITY_MODEL])

INITIAL_STATUS = Status.FILED

EVENT_LABELS: dict[str, tuple[str, str]] = {
    "filed": ("申请受理", "Application filed"),
    "preliminary_started": ("进入初步审查", "Preliminary examination started"),
    "published": ("申请公布", "Application published"),
    "substantive_started": ("进入实质审查", "Substantive examination started"),
    "granted": ("授权公告", "Patent granted"),
    "rejected": ("驳回", "Application rejected"),
    "formality_started": ("进入形式审查", "Formality examination started"),
    "preliminary_approval": ("初审公告", "Preliminary approval announced"),
    "registered": ("核准注册", "Mark registered"),
    "refused": ("驳回", "Application refused"),
    "withdrawn": ("主动撤回", "Withdrawn by the applicant"),
    "deemed_withdrawn": ("视为撤回", "Deemed withdrawn"),
    # Trademark proceedings (trademarks/tm_workflow.py).
    "partially_refused": ("部分驳回", "Refused for some goods"),
    "opposition_filed": ("商标异议申请", "Opposition filed"),
    "opposition_served": ("异议材料送达被异议人", "Opposition served on the applicant"),
    "opposition_answered": ("被异议人答辩", "Answer to the opposition"),
    "opposition_decided": ("异议决定", "Opposition decided"),
    "opposition_withdrawn": ("异议撤回", "Opposition withdrawn"),
    "opposition_not_accepted": ("异议不予受理", "Opposition not accepted"),
    "registration_refused": ("不予注册", "Registration refused after opposition"),
    "review_requested": ("复审申请", "Review requested"),
    "review_decided": ("复审决定", "Review decided"),
    "review_withdrawn": ("复审撤回", "Review withdrawn"),
    "review_not_accepted": ("复审不予受理", "Review not accepted"),
    "review_reversed": ("复审撤销驳回，重新审查", "Refusal set aside on review"),
    "proceeding_extended": ("审理期限延长", "Decision period extended"),
    "ai_search": (
        "AI辅助检索（审查参考，非审查意见）",
        "AI-assisted search (an aid, not an examination opinion)",
    ),
}

# Statuses whose reaching sets a key date on the application.
# Utility models and designs are published by the grant announcement itself.
SETS_PUBLICATION = frozenset({Status.PUBLISHED, Status.PRELIMINARY_APPROVAL, Status.GRANTED})
SETS_DECISION = frozenset({Status.GRANTED, Status.REGISTERED, Status.REJECTED, Status.REFUSED})


def transition_for(kind: Kind, current: Status, target: Status) -> Transition | None:
    return TRANSITIONS[kind].get((current, target))


def next_statuses(kind: Kind, current: Status) -> list[Status]:
    return [to for (frm, to) in TRANSITIONS[kind] if frm == current]


def plain_next_statuses(kind: Kind, current: Status) -> list[Status]:
    """The next statuses a bare status change may reach (no dedicated action needed)."""
    table = TRANSITIONS[kind]
    return [to for to in next_statuses(kind, current) if table[(current, to)].action is None]


def authorize_transition(
    kind: Kind, current: Status, target: Status, *, roles: frozenset[Role], is_owner: bool
) -> Transition:
    """The transition if these roles may make it; Conflict or PermissionDenied otherwise."""
    transition = transition_for(kind, current, target)
    if transition is None:
        allowed = ", ".join(s.value for s in next_statuses(kind, current)) or "none (final)"
        raise Conflict(
            f"a {kind.value} application cannot go from {current.value} to {target.value}; "
            f"allowed next: {allowed}",
            field="to_status",
            code="transition_not_allowed",
        )
    if not roles & transition.roles:
        raise PermissionDenied(
            f"moving to {target.value} needs one of the roles "
            f"{', '.join(sorted(r.value for r in transition.roles))}"
        )
    if transition.owner_only and not is_owner:
        raise PermissionDenied("only the applicant or its agent may do this")
    return transition


def is_title_public(kind: Kind, status: Status, publication_date_set: bool) -> bool:
    """Patent content stays confidential until published (inventions) or granted (utility
    models, designs) (Patent Law Art. 21, 34, 40); trademark applications are public once filed."""
    if kind == Kind.TRADEMARK:
        return True
    if kind == Kind.INVENTION:
        return publication_date_set or status == Status.GRANTED
    return status == Status.GRANTED
