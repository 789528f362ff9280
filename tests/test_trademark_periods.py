"""Legal periods of trademark examination and proceedings on real calendar dates: which
version of the opposition period applies, moves off holidays, extensions, and a deadline in a
year without an official calendar shown as a problem rather than guessed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ipoffice.core.calendar import WorkingDayCalendar, YearSchedule
from ipoffice.core.errors import CalendarNotCovered
from ipoffice.core.periods import RULES, compute_deadline, rule_in_force, validate_rules
from ipoffice.trademarks.examination_periods import (
    OPPOSITION,
    OPPOSITION_ANSWER,
    OPPOSITION_DECISION,
    OPPOSITION_EXTENSION,
    REVIEW_RULES,
    deadline_view,
    extended_deadline,
    is_on_time,
    notice_receipt,
    opposition_window,
)

REFUSAL_REQUEST, REFUSAL_DECISION, REFUSAL_EXTENSION = REVIEW_RULES["refusal_review"]
NON_REG_REQUEST, NON_REG_DECISION, NON_REG_EXTENSION = REVIEW_RULES["non_registration_review"]


def _schedule_2027(*extra_holidays: date) -> WorkingDayCalendar:
    """A 2027 schedule for tests only (weekends and New Year's Day, plus what a test adds):
    NOT the official notice, which was not published when these tests were written."""
    schedule = YearSchedule(
        year=2027,
        holidays=frozenset({date(2027, 1, 1), *extra_holidays}),
        makeup_workdays=frozenset(),
        source="test fixture, not the State Council notice",
    )
    return WorkingDayCalendar({2027: schedule})


def test_the_new_rules_are_valid_and_have_their_sources() -> None:
    assert validate_rules() == []
    ids = {r.id for r in RULES}
    for rule_id in (
        OPPOSITION_ANSWER,
        OPPOSITION_DECISION,
        OPPOSITION_EXTENSION,
        REFUSAL_REQUEST,
        REFUSAL_DECISION,
        REFUSAL_EXTENSION,
        NON_REG_REQUEST,
        NON_REG_DECISION,
        NON_REG_EXTENSION,
    ):
        assert rule_id in ids
    assert rule_in_force(REFUSAL_REQUEST, date(2026, 5, 1)).amount == 15
    assert rule_in_force(REFUSAL_DECISION, date(2026, 5, 1)).source.endswith("Art. 34")
    assert rule_in_force(OPPOSITION_DECISION, date(2026, 5, 1)).amount == 12
    assert rule_in_force(OPPOSITION_EXTENSION, date(2026, 5, 1)).amount == 6
    assert rule_in_force(OPPOSITION_ANSWER, date(2026, 5, 1)).amount == 30


def test_announcement_in_2026_keeps_three_months_but_needs_the_2027_calendar(
    cal: WorkingDayCalendar,
) -> None:
    # 2026-10-27 + 3 months = 2027-01-27: chinese-calendar has no 2027 data.
    with pytest.raises(CalendarNotCovered, match="2027-01-27"):
        opposition_window(date(2026, 10, 27), cal)
    view = deadline_view(OPPOSITION, date(2026, 10, 27), cal, today=date(2026, 11, 21))
    assert view.due is None and view.state == "unknown"
    assert view.problem is not None and "2027" in view.problem
    assert view.source == "Trademark Law 2019 Art. 33"
    window = opposition_window(date(2026, 10, 27), _schedule_2027())
    assert window.rule.amount == 3 and window.rule.unit == "months"
    assert window.due == date(2027, 1, 27) and window.extended_from is None


def test_announcement_in_2027_gets_the_revised_two_months(cal: WorkingDayCalendar) -> None:
    with pytest.raises(CalendarNotCovered):
        opposition_window(date(2027, 1, 5), cal)
    window = opposition_window(date(2027, 1, 5), _schedule_2027())
    assert window.rule.amount == 2 and window.rule.source == "Trademark Law (revised 2026)"
    assert window.due == date(2027, 3, 5)  # a Friday


def test_the_announcement_date_chooses_the_version_not_the_end_date() -> None:
    # Announced the last day of the 2019 law: 3 months, although they end under the new law.
    window = opposition_window(date(2026, 12, 31), _schedule_2027())
    assert window.rule.amount == 3 and window.due == date(2027, 3, 31)
    assert opposition_window(date(2027, 1, 1), _schedule_2027()).due == date(2027, 3, 1)


def test_an_end_on_a_holiday_moves_to_the_next_working_day_of_the_supplied_calendar() -> None:
    # With a (test) schedule making 2027-01-27 a day off, the period ends the next working day.
    window = opposition_window(date(2026, 10, 27), _schedule_2027(date(2027, 1, 27)))
    assert window.due == date(2027, 1, 28) and window.extended_from == date(2027, 1, 27)


def test_on_time_is_known_before_the_unmoved_end_without_any_calendar(
    cal: WorkingDayCalendar,
) -> None:
    assert is_on_time(OPPOSITION, date(2026, 10, 27), date(2027, 1, 27), cal)
    with pytest.raises(CalendarNotCovered):
        is_on_time(OPPOSITION, date(2026, 10, 27), date(2027, 1, 28), cal)
    assert not is_on_time(OPPOSITION, date(2026, 10, 27), date(2027, 1, 28), _schedule_2027())
    moved = _schedule_2027(date(2027, 1, 27))
    assert is_on_time(OPPOSITION, date(2026, 10, 27), date(2027, 1, 28), moved)


def test_review_request_ending_on_national_day_moves(cal: WorkingDayCalendar) -> None:
    # Notice received 2026-09-16: 15 days end 2026-10-01, National Day; next working day 10-08.
    deadline = compute_deadline(REFUSAL_REQUEST, date(2026, 9, 16), calendar=cal)
    assert deadline.due == date(2026, 10, 8) and deadline.extended_from == date(2026, 10, 1)
    assert is_on_time(REFUSAL_REQUEST, date(2026, 9, 16), date(2026, 10, 8), cal)
    assert not is_on_time(REFUSAL_REQUEST, date(2026, 9, 16), date(2026, 10, 9), cal)


def test_an_unrecorded_notice_is_deemed_received_fifteen_days_after_dispatch() -> None:
    assert notice_receipt(date(2026, 9, 1), None) == (date(2026, 9, 16), True)
    assert notice_receipt(date(2026, 9, 1), date(2026, 9, 4)) == (date(2026, 9, 4), False)


def test_refusal_review_decision_and_its_extension(cal: WorkingDayCalendar) -> None:
    # Request received 2025-06-01: 9 months end Sunday 2026-03-01 -> Monday 03-02.
    base = compute_deadline(REFUSAL_DECISION, date(2025, 6, 1), calendar=cal)
    assert base.due == date(2026, 3, 2) and base.extended_from == date(2026, 3, 1)
    # Extended by 3 months: one period of 12 months, 2026-06-01 (a Monday).
    extended = extended_deadline(REFUSAL_DECISION, REFUSAL_EXTENSION, date(2025, 6, 1), cal)
    assert extended.due == date(2026, 6, 1) and extended.extended_from is None
    assert extended.rule.id == REFUSAL_EXTENSION
    view = deadline_view(
        REFUSAL_DECISION,
        date(2025, 6, 1),
        cal,
        today=date(2026, 5, 20),
        extension_id=REFUSAL_EXTENSION,
    )
    assert view.due == date(2026, 6, 1) and view.extended_by == "3 months"
    assert view.state == "soon" and view.days_left == 12
    assert view.source == "Trademark Law 2019 Art. 34; Trademark Law 2019 Art. 34"


def test_opposition_decision_and_its_extension(cal: WorkingDayCalendar) -> None:
    # Announced 2024-07-03: opposition period ends 2024-10-03 (National Day) -> 10-08.
    window = opposition_window(date(2024, 7, 3), cal)
    assert window.due == date(2024, 10, 8)
    # Decision within 12 months of that end: 2025-10-08 is a holiday (National Day and
    # Mid-Autumn 2025), so 2025-10-09.
    decision = compute_deadline(OPPOSITION_DECISION, window.due, calendar=cal)
    assert decision.due == date(2025, 10, 9) and decision.extended_from == date(2025, 10, 8)
    extended = extended_deadline(OPPOSITION_DECISION, OPPOSITION_EXTENSION, window.due, cal)
    assert extended.due == date(2026, 4, 8)
    overdue = deadline_view(OPPOSITION_DECISION, window.due, cal, today=date(2025, 10, 10))
    assert overdue.state == "overdue" and overdue.days_left == -1


def test_non_registration_review_periods(cal: WorkingDayCalendar) -> None:
    assert rule_in_force(NON_REG_DECISION, date(2026, 1, 5)).amount == 12
    extended = extended_deadline(NON_REG_DECISION, NON_REG_EXTENSION, date(2025, 1, 6), cal)
    assert extended.due == date(2026, 7, 6)


def test_answer_period_ending_in_spring_festival(cal: WorkingDayCalendar) -> None:
    # Served 2026-01-20: 30 days end 2026-02-19, inside the Spring Festival holiday.
    deadline = compute_deadline(OPPOSITION_ANSWER, date(2026, 1, 20), calendar=cal)
    assert deadline.due == date(2026, 2, 24) and deadline.extended_from == date(2026, 2, 19)
    view = deadline_view(
        OPPOSITION_ANSWER, date(2026, 1, 20), cal, today=date(2026, 3, 1), party_period=True
    )
    assert view.state == "ended"  # a party's period running out is not the office overdue


def test_every_day_of_a_month_gives_a_working_day_due(cal: WorkingDayCalendar) -> None:
    start = date(2025, 12, 1)
    for offset in range(31):
        due = compute_deadline(REFUSAL_REQUEST, start + timedelta(days=offset), calendar=cal).due
        assert cal.is_working_day(due)
