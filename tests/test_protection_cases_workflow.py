"""The dispute-case transition table, pair by pair: listed pairs are allowed for their roles
and refused for every other role; unlisted pairs are refused for everyone. Steps likewise."""

from __future__ import annotations

import itertools

import pytest

from ipoffice.core.errors import Conflict, PermissionDenied
from ipoffice.core.roles import Role
from ipoffice.protection.case_workflow import (
    EVENT_LABELS,
    FINAL_STATUSES,
    STATUS_LABELS,
    STEPS,
    TRANSITIONS,
    CaseStatus,
    authorize_step,
    authorize_transition,
    next_statuses,
)


@pytest.mark.parametrize(("current", "target"), list(itertools.product(CaseStatus, CaseStatus)))
def test_transition_pair(current: CaseStatus, target: CaseStatus) -> None:
    transition = TRANSITIONS.get((current, target))
    for role in Role:
        roles = frozenset({role})
        if transition is None:
            with pytest.raises(Conflict, match="cannot go from") as exc:
                authorize_transition(current, target, roles=roles)
            assert exc.value.code == "transition_not_allowed"
        elif role in transition.roles:
            assert authorize_transition(current, target, roles=roles) is transition
        else:
            with pytest.raises(PermissionDenied, match="needs one of the roles"):
                authorize_transition(current, target, roles=roles)


@pytest.mark.parametrize(("name", "status"), list(itertools.product(STEPS, CaseStatus)))
def test_step_in_status(name: str, status: CaseStatus) -> None:
    step = STEPS[name]
    for role in Role:
        roles = frozenset({role})
        if status not in step.statuses:
            with pytest.raises(Conflict, match="cannot be recorded"):
                authorize_step(name, status, roles=roles)
        elif role in step.roles:
            assert authorize_step(name, status, roles=roles) is step
        else:
            with pytest.raises(PermissionDenied):
                authorize_step(name, status, roles=roles)


def test_the_table_reads_as_the_procedure() -> None:
    for status in FINAL_STATUSES:
        assert next_statuses(status) == []
    reachable, frontier = {CaseStatus.RECEIVED}, [CaseStatus.RECEIVED]
    while frontier:
        for nxt in next_statuses(frontier.pop()):
            if nxt not in reachable:
                reachable.add(nxt)
                frontier.append(nxt)
    assert reachable == set(CaseStatus)
    # Only enforcement officers move cases; administrators read them.
    assert all(t.roles == frozenset({Role.ENFORCEMENT_OFFICER}) for t in TRANSITIONS.values())
    # A suspended case can go back to each status it may be suspended from, and no further.
    suspended_from = {frm for (frm, to) in TRANSITIONS if to == CaseStatus.SUSPENDED}
    resumed_to = {to for (frm, to) in TRANSITIONS if frm == CaseStatus.SUSPENDED}
    assert resumed_to == suspended_from | {CaseStatus.WITHDRAWN}
    for status in CaseStatus:
        assert STATUS_LABELS[status][0] and STATUS_LABELS[status][1]
    events = {t.event for t in TRANSITIONS.values()} | {s.event for s in STEPS.values()}
    assert events | {"received"} <= set(EVENT_LABELS)
