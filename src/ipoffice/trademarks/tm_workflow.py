"""Trademark proceedings (opposition, review of a refusal, review of a non-registration) as
data: kinds, statuses, the allowed status transitions with who may make them, the decision
outcomes, what an outcome does to the application, and the opposition grounds.

Who may act is a role plus a side: the office (examiners), the requester (the opposer, or the
applicant asking for a review) or the respondent (the opposed applicant). The table is tested
pair by pair: every listed pair is allowed for its roles and side only, every other pair is
refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ipoffice.applications.workflow import Status
from ipoffice.core.errors import Conflict, PermissionDenied
from ipoffice.core.roles import Role


class ProceedingKind(StrEnum):
    OPPOSITION = "opposition"  # 商标异议 (Trademark Law Art. 33, 35)
    REFUSAL_REVIEW = "refusal_review"  # 驳回复审 (Art. 34)
    NON_REGISTRATION_REVIEW = "non_registration_review"  # 不予注册复审 (Art. 35 para. 3)


class ProceedingStatus(StrEnum):
    FILED = "filed"
    SERVED = "served"
    ANSWERED = "answered"
    REQUESTED = "requested"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"
    NOT_ACCEPTED = "not_accepted"


class Side(StrEnum):
    OFFICE = "office"
    REQUESTER = "requester"
    RESPONDENT = "respondent"


class Outcome(StrEnum):
    REGISTRATION_APPROVED = "registration_approved"  # 准予注册
    REGISTRATION_REFUSED = "registration_refused"  # 不予注册
    REGISTRATION_PARTLY_REFUSED = "registration_partly_refused"  # 部分不予注册
    UPHELD = "upheld"  # 维持原决定 / 驳回复审申请
    REVERSED = "reversed"  # 撤销原决定


REVIEW_KINDS = frozenset({ProceedingKind.REFUSAL_REVIEW, ProceedingKind.NON_REGISTRATION_REVIEW})
INITIAL_STATUS: dict[ProceedingKind, ProceedingStatus] = {
    ProceedingKind.OPPOSITION: ProceedingStatus.FILED,
    ProceedingKind.REFUSAL_REVIEW: ProceedingStatus.REQUESTED,
    ProceedingKind.NON_REGISTRATION_REVIEW: ProceedingStatus.REQUESTED,
}
CLOSED_STATUSES = frozenset(
    {ProceedingStatus.DECIDED, ProceedingStatus.WITHDRAWN, ProceedingStatus.NOT_ACCEPTED}
)
OPEN_STATUSES = frozenset(ProceedingStatus) - CLOSED_STATUSES

OUTCOMES: dict[ProceedingKind, tuple[Outcome, ...]] = {
    ProceedingKind.OPPOSITION: (
        Outcome.REGISTRATION_APPROVED,
        Outcome.REGISTRATION_REFUSED,
        Outcome.REGISTRATION_PARTLY_REFUSED,
    ),
    ProceedingKind.REFUSAL_REVIEW: (Outcome.UPHELD, Outcome.REVERSED),
    ProceedingKind.NON_REGISTRATION_REVIEW: (Outcome.UPHELD, Outcome.REVERSED),
}


@dataclass(frozen=True)
class ProceedingTransition:
    roles: frozenset[Role]
    side: Side
    # Timeline event written on the application, and whether the public sees it.
    event: str
    public: bool


EXAMINER = frozenset({Role.EXAMINER})
FILER = frozenset({Role.APPLICANT, Role.AGENT})

_S = ProceedingStatus


def _office(event: str, *, public: bool = True) -> ProceedingTransition:
    return ProceedingTransition(EXAMINER, Side.OFFICE, event, public)


def _review_table() -> dict[tuple[ProceedingStatus, ProceedingStatus], ProceedingTransition]:
    return {
        (_S.REQUESTED, _S.DECIDED): _office("review_decided"),
        (_S.REQUESTED, _S.NOT_ACCEPTED): _office("review_not_accepted"),
        (_S.REQUESTED, _S.WITHDRAWN): ProceedingTransition(
            FILER, Side.REQUESTER, "review_withdrawn", True
        ),
    }


_OPPOSITION_WITHDRAWN = ProceedingTransition(FILER, Side.REQUESTER, "opposition_withdrawn", True)

TRANSITIONS: dict[
    ProceedingKind, dict[tuple[ProceedingStatus, ProceedingStatus], ProceedingTransition]
] = {
    ProceedingKind.OPPOSITION: {
        # Serving the opposition on the opposed applicant starts its 30-day answer period.
        (_S.FILED, _S.SERVED): _office("opposition_served", public=False),
        (_S.FILED, _S.NOT_ACCEPTED): _office("opposition_not_accepted"),
        (_S.FILED, _S.WITHDRAWN): _OPPOSITION_WITHDRAWN,
        (_S.SERVED, _S.ANSWERED): ProceedingTransition(
            FILER, Side.RESPONDENT, "opposition_answered", False
        ),
        (_S.SERVED, _S.DECIDED): _office("opposition_decided"),
        (_S.SERVED, _S.WITHDRAWN): _OPPOSITION_WITHDRAWN,
        (_S.ANSWERED, _S.DECIDED): _office("opposition_decided"),
        (_S.ANSWERED, _S.WITHDRAWN): _OPPOSITION_WITHDRAWN,
    },
    ProceedingKind.REFUSAL_REVIEW: _review_table(),
    ProceedingKind.NON_REGISTRATION_REVIEW: _review_table(),
}


def next_statuses(kind: ProceedingKind, current: ProceedingStatus) -> list[ProceedingStatus]:
    return [to for (frm, to) in TRANSITIONS[kind] if frm == current]


def authorize_proceeding(
    kind: ProceedingKind,
    current: ProceedingStatus,
    target: ProceedingStatus,
    *,
    roles: frozenset[Role],
    sides: frozenset[Side],
) -> ProceedingTransition:
    """The transition if these roles, acting on these sides, may make it."""
    transition = TRANSITIONS[kind].get((current, target))
    if transition is None:
        allowed = ", ".join(s.value for s in next_statuses(kind, current)) or "none (closed)"
        raise Conflict(
            f"a {kind.value} cannot go from {current.value} to {target.value}; "
            f"allowed next: {allowed}",
            field="status",
            code="transition_not_allowed",
        )
    if not roles & transition.roles:
        raise PermissionDenied(
            f"this step of a {kind.value} needs one of the roles "
            f"{', '.join(sorted(r.value for r in transition.roles))}"
        )
    if transition.side is not Side.OFFICE and transition.side not in sides:
        who = "the opposer" if kind is ProceedingKind.OPPOSITION else "the applicant"
        if transition.side is Side.RESPONDENT:
            who = "the opposed applicant or its agent"
        raise PermissionDenied(f"only {who} may do this", field="proceeding")
    return transition


@dataclass(frozen=True)
class ApplicationEffect:
    """What a decision does to the application when the decided refusal (or the opposed
    announcement) covers all its goods: the status it must be in, the status it moves to, and
    the public timeline event."""

    from_status: Status
    to_status: Status
    event: str


# (kind, outcome) -> effect. Outcomes not listed leave the application's status alone: an
# approved opposition leaves registration to its own step (the opposition period must be over
# and no other opposition open), an upheld review keeps the refusal.
APPLICATION_EFFECTS: dict[tuple[ProceedingKind, Outcome], ApplicationEffect] = {
    (ProceedingKind.OPPOSITION, Outcome.REGISTRATION_REFUSED): ApplicationEffect(
        Status.PRELIMINARY_APPROVAL, Status.REFUSED, "registration_refused"
    ),
    # Art. 34: the refusal is set aside and the mark goes back to the office, which announces
    # its preliminary approval (a new announcement with its own opposition period).
    (ProceedingKind.REFUSAL_REVIEW, Outcome.REVERSED): ApplicationEffect(
        Status.REFUSED, Status.SUBSTANTIVE_EXAMINATION, "review_reversed"
    ),
    # Art. 35 para. 3-4: a non-registration set aside on review ends in registration.
    (ProceedingKind.NON_REGISTRATION_REVIEW, Outcome.REVERSED): ApplicationEffect(
        Status.REFUSED, Status.REGISTERED, "registered"
    ),
}


@dataclass(frozen=True)
class Ground:
    """An opposition ground. `relative`: only an earlier right holder or an interested party
    may raise it; the others any person may raise (Trademark Law 2019 Art. 33)."""

    code: str
    article: str
    relative: bool
    title_zh: str
    title_en: str


OPPOSITION_GROUNDS: tuple[Ground, ...] = (
    Ground(
        "art4",
        "Art. 4",
        False,
        "不以使用为目的的恶意注册申请",
        "Bad-faith filing not intended for use",
    ),
    Ground(
        "art10", "Art. 10", False, "不得作为商标使用的标志", "Sign that may not be used as a mark"
    ),
    Ground("art11", "Art. 11", False, "缺乏显著特征", "Lack of distinctiveness"),
    Ground("art12", "Art. 12", False, "功能性三维标志", "Functional three-dimensional shape"),
    Ground(
        "art19.4",
        "Art. 19(4)",
        False,
        "代理机构超范围申请",
        "Agency filing outside its agency business",
    ),
    Ground(
        "art13.2",
        "Art. 13(2)",
        True,
        "复制摹仿未注册驰名商标",
        "Copy of an unregistered well-known mark",
    ),
    Ground(
        "art13.3",
        "Art. 13(3)",
        True,
        "复制摹仿已注册驰名商标",
        "Copy of a registered well-known mark",
    ),
    Ground(
        "art15",
        "Art. 15",
        True,
        "代理人、代表人抢注或特定关系人抢注",
        "Filing by an agent, representative or related party",
    ),
    Ground(
        "art16.1", "Art. 16(1)", True, "误导公众的地理标志", "Misleading geographical indication"
    ),
    Ground(
        "art30", "Art. 30", True, "与在先商标相同或近似", "Identical or similar to an earlier mark"
    ),
    Ground("art31", "Art. 31", True, "申请在后", "Later of competing filings"),
    Ground(
        "art32",
        "Art. 32",
        True,
        "损害在先权利或抢注有影响商标",
        "Prejudice to a prior right or pre-emptive filing of a used mark",
    ),
)
GROUNDS_BY_CODE: dict[str, Ground] = {g.code: g for g in OPPOSITION_GROUNDS}
