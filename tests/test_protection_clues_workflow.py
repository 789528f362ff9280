"""The clue transition table, pair by pair: each listed pair is allowed for its side and refused
for the other side and for no side at all; every pair not listed is refused for everyone. The
handling-period rule data is checked here too."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.errors import Conflict, InvalidInput, PermissionDenied
from ipoffice.protection.clue_rules import (
    FEEDBACK_OUTCOMES,
    HANDLING_PERIODS,
    NATIONAL_DESK,
    OUTCOMES,
    desk_name,
    due_date,
    handling_period,
    receiver_code,
)
from ipoffice.protection.clue_workflow import (
    EVENT_LABELS,
    FINAL_STATUSES,
    INITIAL_STATUS,
    STATUS_LABELS,
    TRANSITIONS,
    ClueStatus,
    Side,
    authorize,
    next_statuses,
)

SIDE_SETS = [frozenset(), frozenset({Side.SENDER}), frozenset({Side.RECEIVER})]


@pytest.mark.parametrize(("current", "target"), list(itertools.product(ClueStatus, ClueStatus)))
def test_transition_pair(current: ClueStatus, target: ClueStatus) -> None:
    transition = TRANSITIONS.get((current, target))
    for sides in SIDE_SETS:
        if transition is None:
            with pytest.raises(Conflict, match="cannot go from"):
                authorize(current, target, sides=sides)
        elif transition.side in sides:
            assert authorize(current, target, sides=sides) is transition
        else:
            with pytest.raises(PermissionDenied, match="desk of this clue"):
                authorize(current, target, sides=sides)
    # A desk that is both sender and receiver (another department of its own region).
    both = frozenset({Side.SENDER, Side.RECEIVER})
    if transition is not None:
        assert authorize(current, target, sides=both) is transition


def test_final_statuses_have_no_way_out_and_every_open_one_can_end() -> None:
    for status in FINAL_STATUSES:
        assert next_statuses(status) == []
    for status in set(ClueStatus) - FINAL_STATUSES:
        assert ClueStatus.WITHDRAWN in next_statuses(status)
    assert INITIAL_STATUS == ClueStatus.SENT
    assert ClueStatus.ANSWERED not in next_statuses(ClueStatus.SENT)  # acknowledge first


def test_every_status_and_event_has_both_labels() -> None:
    assert set(STATUS_LABELS) == set(ClueStatus)
    assert {t.event for t in TRANSITIONS.values()} | {"sent"} == set(EVENT_LABELS)
    assert all(zh and en for zh, en in [*STATUS_LABELS.values(), *EVENT_LABELS.values()])
    assert set(FEEDBACK_OUTCOMES) == set(OUTCOMES) - {"passed_on"}


def test_handling_period_is_data_with_a_source() -> None:
    for period in HANDLING_PERIODS:
        assert period.source.strip() and "office practice" in period.source
        assert period.minimum <= period.default <= period.maximum
    with pytest.raises(InvalidInput, match="no handling period"):
        handling_period(date(2020, 6, 1))
    cal = WorkingDayCalendar()
    # National Day 2025: 1-8 October off, 28 September and 11 October worked.
    assert due_date(date(2025, 9, 30), 5, calendar=cal) == (5, date(2025, 10, 14))


def test_the_national_desk_sends_but_is_never_a_receiver() -> None:
    assert desk_name(NATIONAL_DESK, "en").startswith("CNIPA")
    assert desk_name("330100", "zh") == "浙江省 (330100)"
    with pytest.raises(InvalidInput, match="province-level"):
        receiver_code(NATIONAL_DESK)


def test_the_handling_periods_are_documented() -> None:
    rules = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text("utf-8")
    section = rules.split("## Clue transfer", 1)[1]
    for period in HANDLING_PERIODS:
        assert f"{period.minimum} to {period.maximum} working days" in section
        assert f"{period.default} by default" in section
        assert period.effective_from.isoformat() in section
