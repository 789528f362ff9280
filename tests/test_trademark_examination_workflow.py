"""The proceedings' transition tables pair by pair: every listed pair is allowed for its roles
on its side only, every other pair is refused for everyone; outcomes and their effects."""

from __future__ import annotations

import itertools
import re
from typing import get_args

import pytest

from ipoffice.applications.workflow import EVENT_LABELS, Status
from ipoffice.core.errors import Conflict, PermissionDenied
from ipoffice.core.roles import Role
from ipoffice.trademarks.tm_workflow import (
    APPLICATION_EFFECTS,
    CLOSED_STATUSES,
    GROUNDS_BY_CODE,
    INITIAL_STATUS,
    OPPOSITION_GROUNDS,
    OUTCOMES,
    TRANSITIONS,
    Outcome,
    ProceedingKind,
    ProceedingStatus,
    Side,
    authorize_proceeding,
    next_statuses,
)

ALL_PAIRS = list(itertools.product(ProceedingKind, ProceedingStatus, ProceedingStatus))
SIDE_SETS = [frozenset(), *(frozenset({s}) for s in Side), frozenset(Side)]


@pytest.mark.parametrize(("kind", "current", "target"), ALL_PAIRS)
def test_transition_pair(
    kind: ProceedingKind, current: ProceedingStatus, target: ProceedingStatus
) -> None:
    transition = TRANSITIONS[kind].get((current, target))
    for role, sides in itertools.product(Role, SIDE_SETS):
        roles = frozenset({role})
        if transition is None:
            with pytest.raises(Conflict, match="cannot go from"):
                authorize_proceeding(kind, current, target, roles=roles, sides=sides)
            continue
        allowed_role = role in transition.roles
        allowed_side = transition.side is Side.OFFICE or transition.side in sides
        if allowed_role and allowed_side:
            assert authorize_proceeding(kind, current, target, roles=roles, sides=sides)
        elif not allowed_role:
            with pytest.raises(PermissionDenied, match="needs one of the roles"):
                authorize_proceeding(kind, current, target, roles=roles, sides=sides)
        else:
            with pytest.raises(PermissionDenied, match="only"):
                authorize_proceeding(kind, current, target, roles=roles, sides=sides)


def test_who_does_what() -> None:
    opposition = TRANSITIONS[ProceedingKind.OPPOSITION]
    answer = opposition[(ProceedingStatus.SERVED, ProceedingStatus.ANSWERED)]
    assert answer.side is Side.RESPONDENT and answer.roles == {Role.APPLICANT, Role.AGENT}
    for kind in ProceedingKind:
        for (_frm, to), transition in TRANSITIONS[kind].items():
            if to in (ProceedingStatus.DECIDED, ProceedingStatus.NOT_ACCEPTED):
                assert transition.roles == {Role.EXAMINER} and transition.side is Side.OFFICE
            if to is ProceedingStatus.WITHDRAWN:
                assert transition.side is Side.REQUESTER
            assert transition.event in EVENT_LABELS


def test_closed_statuses_have_no_way_out_and_every_kind_can_be_decided() -> None:
    for kind in ProceedingKind:
        for status in CLOSED_STATUSES:
            assert next_statuses(kind, status) == []
        reachable, frontier = {INITIAL_STATUS[kind]}, [INITIAL_STATUS[kind]]
        while frontier:
            for nxt in next_statuses(kind, frontier.pop()):
                if nxt not in reachable:
                    reachable.add(nxt)
                    frontier.append(nxt)
        assert ProceedingStatus.DECIDED in reachable


def test_outcome_effects_on_the_application() -> None:
    effects = {
        (k.value, o.value): (e.from_status, e.to_status)
        for (k, o), e in APPLICATION_EFFECTS.items()
    }
    assert effects == {
        ("opposition", "registration_refused"): (Status.PRELIMINARY_APPROVAL, Status.REFUSED),
        ("refusal_review", "reversed"): (Status.REFUSED, Status.SUBSTANTIVE_EXAMINATION),
        ("non_registration_review", "reversed"): (Status.REFUSED, Status.REGISTERED),
    }
    for (kind, outcome), effect in APPLICATION_EFFECTS.items():
        assert outcome in OUTCOMES[kind]
        assert effect.event in EVENT_LABELS


def test_grounds_are_data_with_their_article() -> None:
    assert len(GROUNDS_BY_CODE) == len(OPPOSITION_GROUNDS)
    absolute = {g.code for g in OPPOSITION_GROUNDS if not g.relative}
    assert absolute == {"art4", "art10", "art11", "art12", "art19.4"}
    assert GROUNDS_BY_CODE["art30"].relative and GROUNDS_BY_CODE["art30"].article == "Art. 30"


def test_every_label_the_pages_use_exists() -> None:
    from pathlib import Path

    from ipoffice.trademarks.examination_periods import DeadlineState
    from ipoffice.trademarks.examination_web import DONE
    from ipoffice.web.i18n import MESSAGES

    folder = Path(__file__).parents[1] / "src" / "ipoffice" / "web" / "templates"
    used: set[str] = set()
    mine = ("trademark_deadlines", "trademark_dossier", "trademark_queue", "trademark_oppositions")
    for template in (folder / f"{name}.html" for name in mine):
        used |= set(re.findall(r"t\('([a-z_.]+)'\)", template.read_text(encoding="utf-8")))
    families = {
        "tmx.kind.": [k.value for k in ProceedingKind],
        "tmx.pstatus.": [s.value for s in ProceedingStatus],
        "tmx.outcome.": [o.value for o in Outcome],
        "tmx.state.": list(get_args(DeadlineState)),
        "tmx.done.": sorted(DONE),
        "tmx.scope.": ["whole", "partial"],
        "tmx.stage.": ["examination", "opposition"],
        "tmx.": ["withdraw", "not_accept"],
    }
    used |= {prefix + value for prefix, values in families.items() for value in values}
    missing = sorted(key for key in used if key not in MESSAGES)
    assert missing == []
