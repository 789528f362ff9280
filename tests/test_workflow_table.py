"""The status transition table, pair by pair: listed pairs are allowed for their roles and
refused for every other role; unlisted pairs are refused for everyone."""

from __future__ import annotations

import itertools

import pytest

from ipoffice.applications.workflow import (
    FINAL_STATUSES,
    TRANSITIONS,
    Kind,
    Status,
    authorize_transition,
    is_title_public,
    next_statuses,
)
from ipoffice.core.errors import Conflict, PermissionDenied
from ipoffice.core.roles import Role

ALL_PAIRS = list(itertools.product(Kind, Status, Status))


@pytest.mark.parametrize(("kind", "current", "target"), ALL_PAIRS)
def test_transition_pair(kind: Kind, current: Status, target: Status) -> None:
    transition = TRANSITIONS[kind].get((current, target))
    for role in Role:
        roles = frozenset({role})
        if transition is None:
            with pytest.raises(Conflict, match="cannot go from"):
                authorize_transition(kind, current, target, roles=roles, is_owner=True)
        elif role in transition.roles:
            assert authorize_transition(kind, current, target, roles=roles, is_owner=True)
            if transition.owner_only:
                with pytest.raises(PermissionDenied, match="only the applicant"):
                    authorize_transition(kind, current, target, roles=roles, is_owner=False)
        else:
            with pytest.raises(PermissionDenied, match="needs one of the roles"):
                authorize_transition(kind, current, target, roles=roles, is_owner=True)


def test_final_statuses_have_no_way_out() -> None:
    for kind in Kind:
        for status in FINAL_STATUSES:
            assert next_statuses(kind, status) == []


def test_every_kind_can_reach_a_positive_end() -> None:
    goal = {Kind.TRADEMARK: Status.REGISTERED}
    for kind in Kind:
        reachable, frontier = {Status.FILED}, [Status.FILED]
        while frontier:
            for nxt in next_statuses(kind, frontier.pop()):
                if nxt not in reachable:
                    reachable.add(nxt)
                    frontier.append(nxt)
        assert goal.get(kind, Status.GRANTED) in reachable
        assert Status.WITHDRAWN in reachable


def test_only_inventions_are_published_before_grant() -> None:
    assert next_statuses(Kind.INVENTION, Status.PRELIMINARY_EXAMINATION) == [
        Status.PUBLISHED,
        Status.REJECTED,
        Status.WITHDRAWN,
        Status.DEEMED_WITHDRAWN,
    ]
    assert Status.PUBLISHED not in next_statuses(Kind.UTILITY_MODEL, Status.PRELIMINARY_EXAMINATION)


def test_confidentiality_of_titles() -> None:
    assert not is_title_public(Kind.INVENTION, Status.FILED, False)
    assert is_title_public(Kind.INVENTION, Status.PUBLISHED, True)
    assert not is_title_public(Kind.INVENTION, Status.REJECTED, False)
    assert is_title_public(Kind.INVENTION, Status.REJECTED, True)
    assert not is_title_public(Kind.UTILITY_MODEL, Status.PRELIMINARY_EXAMINATION, False)
    assert is_title_public(Kind.DESIGN, Status.GRANTED, True)
    assert is_title_public(Kind.TRADEMARK, Status.FILED, False)
