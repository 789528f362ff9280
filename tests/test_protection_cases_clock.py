"""Deadlines of patent dispute cases on real calendar dates (the official 2025-2026 calendars
of the chinese-calendar package): holidays, make-up working days, the 2015 and 2025 Measures,
extensions and suspensions."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.protection.case_clock import (
    CaseDeadline,
    CaseFacts,
    Suspension,
    case_deadlines,
    case_flag,
    suspended_days,
)
from ipoffice.protection.case_workflow import CaseStatus

S = CaseStatus


def _by_key(rows: list[CaseDeadline]) -> dict[str, CaseDeadline]:
    return {row.key: row for row in rows}


def _nth_workday_after(start: date, n: int) -> date:
    """Independent count with chinese_calendar itself."""
    day = start
    while n:
        day += timedelta(days=1)
        if chinese_calendar.is_workday(day):
            n -= 1
    return day


def test_acceptance_skips_spring_festival_2026(cal: WorkingDayCalendar) -> None:
    facts = CaseFacts(status=S.RECEIVED, received_on=date(2026, 2, 13))
    acceptance = _by_key(case_deadlines(facts, today=date(2026, 2, 13), calendar=cal))["acceptance"]
    # Saturday 14 February is a make-up working day; 15-23 February are the holiday.
    assert chinese_calendar.is_workday(date(2026, 2, 14))
    assert acceptance.due == date(2026, 2, 27) == _nth_workday_after(date(2026, 2, 13), 5)
    assert acceptance.rule_id == "patent.dispute.acceptance_decision"
    assert acceptance.effective_from == date(2025, 2, 1)
    assert "专利纠纷行政裁决和调解办法" in acceptance.source
    # A 5-working-day period is due soon from its first day under the default window.
    assert acceptance.state == "due_soon"
    # On 23 February (holiday) 4 working days remain: outside a 3-day window, inside 4.
    rows = case_deadlines(facts, today=date(2026, 2, 23), calendar=cal, window=3)
    assert _by_key(rows)["acceptance"].state == "pending"
    rows = case_deadlines(facts, today=date(2026, 2, 23), calendar=cal, window=4)
    assert _by_key(rows)["acceptance"].state == "due_soon"
    late = case_deadlines(facts, today=date(2026, 3, 2), calendar=cal)
    assert _by_key(late)["acceptance"].state == "overdue"
    assert case_flag(facts, late) == "overdue"


def test_due_soon_window_counts_working_days(cal: WorkingDayCalendar) -> None:
    facts = CaseFacts(status=S.RECEIVED, received_on=date(2026, 2, 13))
    # From 12 February to the due date 27 February there are 6 working days (13, 14, 24-27).
    assert cal.working_days_between(date(2026, 2, 12), date(2026, 2, 27)) == 6
    rows = case_deadlines(facts, today=date(2026, 2, 13), calendar=cal, window=5)
    assert _by_key(rows)["acceptance"].state == "due_soon"  # 5 working days left
    rows = case_deadlines(facts, today=date(2026, 2, 13), calendar=cal, window=4)
    assert _by_key(rows)["acceptance"].state == "pending"
    assert case_flag(facts, rows) == "fine"
    rows = case_deadlines(facts, today=date(2026, 2, 27), calendar=cal, window=0)
    assert _by_key(rows)["acceptance"].state == "due_soon"  # the due day itself


def test_service_and_answer_periods(cal: WorkingDayCalendar) -> None:
    facts = CaseFacts(
        status=S.HANDLING,
        received_on=date(2026, 9, 24),
        accepted_on=date(2026, 9, 29),
        served_on=date(2026, 9, 30),
    )
    rows = _by_key(case_deadlines(facts, today=date(2026, 10, 9), calendar=cal))
    assert rows["acceptance"].state == "met"
    # 5 working days after 29 September: 30 September, then 8, 9, 10 (make-up), 12 October.
    assert rows["service"].due == date(2026, 10, 12) == _nth_workday_after(date(2026, 9, 29), 5)
    assert rows["service"].state == "met" and rows["service"].done_on == date(2026, 9, 30)
    # 15 calendar days from 30 September end on 15 October, a working day.
    assert rows["answer"].due == date(2026, 10, 15)
    assert rows["answer"].holder == "respondent" and rows["answer"].state == "pending"
    later = _by_key(case_deadlines(facts, today=date(2026, 10, 20), calendar=cal))
    assert later["answer"].state == "passed"  # the respondent's period, not the office's


def test_extension_across_national_day_2026(cal: WorkingDayCalendar) -> None:
    accepted = date(2026, 5, 6)
    assert chinese_calendar.is_workday(accepted)
    facts = CaseFacts(status=S.HANDLING, received_on=date(2026, 4, 30), accepted_on=accepted)
    closure = _by_key(case_deadlines(facts, today=accepted, calendar=cal))["closure"]
    assert closure.due == date(2026, 8, 6) and closure.moved_from is None
    extended = CaseFacts(**{**facts.__dict__, "extended": True})
    closure = _by_key(case_deadlines(extended, today=accepted, calendar=cal))["closure"]
    # 3 + 2 months end on 6 October, inside the National Day holiday (1-7 October).
    assert closure.moved_from == date(2026, 10, 6)
    assert closure.due == date(2026, 10, 8)
    assert closure.extension_months == 2
    assert "closure_extension" in closure.notes[0]


@pytest.mark.parametrize(
    ("accepted", "base_due", "extended_due", "months", "source_part"),
    [
        # 2015 Measures: 3 months (20 April 2025 is a Sunday) + 1.
        (date(2025, 1, 20), date(2025, 4, 21), date(2025, 5, 20), 1, "专利行政执法办法"),
        # 2025 Measures: 3 months (5 May 2025 is in the Labour Day holiday) + 2 (5 July: Sat).
        (date(2025, 2, 5), date(2025, 5, 6), date(2025, 7, 7), 2, "专利纠纷行政裁决和调解办法"),
    ],
)
def test_the_version_is_chosen_by_the_acceptance_date(
    cal: WorkingDayCalendar,
    accepted: date,
    base_due: date,
    extended_due: date,
    months: int,
    source_part: str,
) -> None:
    facts = CaseFacts(status=S.HANDLING, received_on=accepted, accepted_on=accepted)
    # Looking from a much later "today" does not change the version applied.
    today = date(2026, 6, 1)
    closure = _by_key(case_deadlines(facts, today=today, calendar=cal))["closure"]
    assert closure.due == base_due
    assert source_part in closure.source
    extended = CaseFacts(**{**facts.__dict__, "extended": True})
    closure = _by_key(case_deadlines(extended, today=today, calendar=cal))["closure"]
    assert closure.due == extended_due
    assert closure.extension_months == months


def test_request_received_under_the_2015_measures(cal: WorkingDayCalendar) -> None:
    facts = CaseFacts(status=S.RECEIVED, received_on=date(2025, 1, 17))
    acceptance = _by_key(case_deadlines(facts, today=date(2025, 1, 17), calendar=cal))["acceptance"]
    assert "专利行政执法办法" in acceptance.source
    assert acceptance.due == _nth_workday_after(date(2025, 1, 17), 5)


def test_one_suspension_of_20_days_and_two_suspensions(cal: WorkingDayCalendar) -> None:
    base = CaseFacts(status=S.HANDLING, received_on=date(2026, 2, 27), accepted_on=date(2026, 3, 2))
    today = date(2026, 5, 1)
    assert _by_key(case_deadlines(base, today=today, calendar=cal))["closure"].due == date(
        2026, 6, 2
    )
    one = (Suspension(date(2026, 4, 1), date(2026, 4, 21)),)
    assert suspended_days(one) == 20
    closure = _by_key(
        case_deadlines(
            CaseFacts(**{**base.__dict__, "suspensions": one}), today=today, calendar=cal
        )
    )["closure"]
    # 2 June + 20 days = 22 June 2026, a Monday after the Dragon Boat holiday (19-21 June).
    assert closure.due == date(2026, 6, 22) and closure.suspended_days == 20
    two = (*one, Suspension(date(2026, 5, 4), date(2026, 5, 14)))
    closure = _by_key(
        case_deadlines(
            CaseFacts(**{**base.__dict__, "suspensions": two}), today=today, calendar=cal
        )
    )["closure"]
    assert closure.suspended_days == 30
    assert closure.due == date(2026, 7, 2)


def test_a_suspended_case_is_neither_overdue_nor_due_soon(cal: WorkingDayCalendar) -> None:
    facts = CaseFacts(
        status=S.SUSPENDED,
        received_on=date(2026, 1, 5),
        accepted_on=date(2026, 1, 6),
        suspensions=(Suspension(date(2026, 3, 2)),),
    )
    rows = case_deadlines(facts, today=date(2026, 9, 1), calendar=cal)
    closure = _by_key(rows)["closure"]
    assert closure.state == "suspended" and closure.due is None
    assert closure.paused_since == date(2026, 3, 2)
    # The service period, never met, is not overdue while the case is suspended either.
    assert _by_key(rows)["service"].state == "suspended"
    assert case_flag(facts, rows) == "suspended"


def test_a_deadline_in_a_year_without_calendar_shows_the_problem(cal: WorkingDayCalendar) -> None:
    facts = CaseFacts(
        status=S.HANDLING, received_on=date(2026, 11, 16), accepted_on=date(2026, 11, 20)
    )
    rows = _by_key(case_deadlines(facts, today=date(2026, 11, 20), calendar=cal))
    closure = rows["closure"]
    assert closure.state == "problem" and closure.due is None
    assert "2027" in (closure.problem or "")
    assert "专利纠纷行政裁决和调解办法" in closure.source  # the rule is still named
    late_request = CaseFacts(status=S.RECEIVED, received_on=date(2026, 12, 28))
    rows = case_deadlines(late_request, today=date(2026, 12, 28), calendar=cal)
    assert rows[0].state == "problem" and "2027" in (rows[0].problem or "")
    assert case_flag(late_request, rows) == "problem"


def test_a_request_before_any_version_shows_the_problem(cal: WorkingDayCalendar) -> None:
    facts = CaseFacts(status=S.RECEIVED, received_on=date(2014, 3, 3))
    rows = case_deadlines(facts, today=date(2014, 3, 3), calendar=cal)
    assert rows[0].state == "problem" and "no version before" in (rows[0].problem or "")


def test_closed_cases_and_the_appeal_period(cal: WorkingDayCalendar) -> None:
    facts = CaseFacts(
        status=S.DECIDED,
        received_on=date(2026, 3, 2),
        accepted_on=date(2026, 3, 3),
        served_on=date(2026, 3, 5),
        answered_on=date(2026, 3, 18),
        closed_on=date(2026, 7, 10),
        decision_served_on=date(2026, 7, 13),
    )
    rows = case_deadlines(facts, today=date(2026, 7, 20), calendar=cal)
    keyed = _by_key(rows)
    assert keyed["closure"].due == date(2026, 6, 3)
    assert keyed["closure"].state == "late"  # closed after the period: shown, not hidden
    assert keyed["answer"].state == "met"
    assert keyed["appeal"].due == date(2026, 7, 28) and keyed["appeal"].holder == "parties"
    assert keyed["appeal"].source == "Patent Law Art. 65"
    assert case_flag(facts, rows) == "closed"
    refused = CaseFacts(status=S.REFUSED, received_on=date(2026, 3, 2), closed_on=date(2026, 3, 4))
    assert (
        _by_key(case_deadlines(refused, today=date(2026, 9, 1), calendar=cal))["acceptance"].state
        == "met"
    )
    withdrawn = CaseFacts(
        status=S.WITHDRAWN, received_on=date(2026, 3, 2), closed_on=date(2026, 3, 3)
    )
    assert case_deadlines(withdrawn, today=date(2026, 9, 1), calendar=cal)[0].state == "ended"
