"""Dispute-case reports computed from hand-built cases, the figures worked out by hand below.

Province 440000 (Guangdong), January to March 2026, today 2026-03-15 (March counts to today):

A 440300 accepted 2025-09-03, open: closure due 2025-12-03, overdue at every month end.
B 440300 accepted 2025-10-13, extension (+2 months, 2025 Measures) approved 2025-12-20: due
  2026-03-13 (a Friday), so not overdue at the end of January or February, overdue on 03-15.
C 440300 accepted 2025-10-16, suspended 2025-11-01 to 2026-01-10 (70 days): due 2026-01-16 + 70
  days = 2026-03-27; decided 2026-03-10: 145 days from acceptance less 70 = 75 days.
D 440100 accepted 2025-08-04, suspended since 2025-10-01: open, never overdue (clock stopped).
E 440100 received 2026-01-05, refused 2026-01-08.
F 440100 received 2026-01-20, accepted 01-22, mediated 02-25: 34 days.
G 441900 received 2026-02-02, accepted 02-03, withdrawn 02-20: 17 days.
H 440305 (a county of Shenzhen: counts in 440300) received 2026-03-02, not accepted: open, its
  acceptance is late but the closure period has not started, so it is not overdue.
I 440300 closed 2025-12-01, before the range: counts nowhere. J 330100: outside the province.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.errors import InvalidInput
from ipoffice.protection.case_clock import Suspension, case_deadlines, closure_overdue
from ipoffice.protection.case_reports import (
    CaseRecord,
    Report,
    ReportRow,
    compute_report,
    facts_on,
    month_range,
)
from ipoffice.protection.case_workflow import CaseStatus

S = CaseStatus
TODAY = date(2026, 3, 15)
JAN, MAR = date(2026, 1, 1), date(2026, 3, 1)

A = CaseRecord("440300", S.HANDLING, date(2025, 9, 1), date(2025, 9, 3), date(2025, 9, 8))
B = CaseRecord(
    "440300",
    S.HANDLING,
    date(2025, 10, 10),
    date(2025, 10, 13),
    date(2025, 10, 20),
    extended_on=date(2025, 12, 20),
)
C = CaseRecord(
    "440300",
    S.DECIDED,
    date(2025, 10, 15),
    date(2025, 10, 16),
    date(2025, 10, 20),
    closed_on=date(2026, 3, 10),
    suspensions=(Suspension(date(2025, 11, 1), date(2026, 1, 10)),),
)
D = CaseRecord(
    "440100",
    S.SUSPENDED,
    date(2025, 8, 1),
    date(2025, 8, 4),
    date(2025, 8, 8),
    suspensions=(Suspension(date(2025, 10, 1)),),
)
E = CaseRecord("440100", S.REFUSED, date(2026, 1, 5), closed_on=date(2026, 1, 8))
F = CaseRecord(
    "440100", S.MEDIATED, date(2026, 1, 20), date(2026, 1, 22), closed_on=date(2026, 2, 25)
)
G = CaseRecord(
    "441900", S.WITHDRAWN, date(2026, 2, 2), date(2026, 2, 3), closed_on=date(2026, 2, 20)
)
H = CaseRecord("440305", S.RECEIVED, date(2026, 3, 2))
I = CaseRecord(  # noqa: E741 - the cases are named A to J
    "440300", S.DECIDED, date(2025, 5, 6), date(2025, 5, 8), closed_on=date(2025, 12, 1)
)
J = CaseRecord("330100", S.RECEIVED, date(2026, 1, 10))
CASES = [A, B, C, D, E, F, G, H, I, J]

COLUMNS = [
    "received",
    "accepted",
    "refused",
    "closed_decision",
    "closed_mediation",
    "withdrawn",
    "open_at_end",
    "overdue",
]
# (month, region) -> the figures of COLUMNS, then the closure days of the cases closed.
EXPECTED: dict[tuple[str, str | None], tuple[list[int], list[int]]] = {
    ("2026-01", "440100"): ([2, 1, 1, 0, 0, 0, 2, 0], []),
    ("2026-01", "440300"): ([0, 0, 0, 0, 0, 0, 3, 1], []),
    ("2026-01", "441900"): ([0, 0, 0, 0, 0, 0, 0, 0], []),
    ("2026-01", None): ([2, 1, 1, 0, 0, 0, 5, 1], []),
    ("2026-02", "440100"): ([0, 0, 0, 0, 1, 0, 1, 0], [34]),
    ("2026-02", "440300"): ([0, 0, 0, 0, 0, 0, 3, 1], []),
    ("2026-02", "441900"): ([1, 1, 0, 0, 0, 1, 0, 0], [17]),
    ("2026-02", None): ([1, 1, 0, 0, 1, 1, 4, 1], [34, 17]),
    ("2026-03", "440100"): ([0, 0, 0, 0, 0, 0, 1, 0], []),
    ("2026-03", "440300"): ([1, 0, 0, 1, 0, 0, 3, 2], [75]),
    ("2026-03", "441900"): ([0, 0, 0, 0, 0, 0, 0, 0], []),
    ("2026-03", None): ([1, 0, 0, 1, 0, 0, 4, 2], [75]),
}


def _report(cal: WorkingDayCalendar, scope: str | None = "440000") -> Report:
    return compute_report(CASES, scope=scope, first=JAN, last=MAR, today=TODAY, calendar=cal)


def _figures(row: ReportRow) -> tuple[list[int], list[int]]:
    return [getattr(row, c) for c in COLUMNS], sorted(row.closure_days)


def test_province_report_matches_the_hand_count(cal: WorkingDayCalendar) -> None:
    report = _report(cal)
    assert report.level == "province" and report.regions == ["440100", "440300", "441900"]
    assert report.months == ["2026-01", "2026-02", "2026-03"]
    assert [(r.month, r.region_code) for r in report.rows] == list(EXPECTED)
    for row in report.rows:
        figures, days = EXPECTED[row.month, row.region_code]
        assert _figures(row) == (figures, sorted(days)), (row.month, row.region_code)
        assert row.overdue_unknown == 0
    totals = report.totals()
    assert [t.as_of for t in totals] == [date(2026, 1, 31), date(2026, 2, 28), TODAY]
    assert [t.partial for t in totals] == [False, False, True]
    february, march = totals[1], totals[2]
    assert february.closed == 2 and (february.days_mean, february.days_median) == (25.5, 25.5)
    assert (march.days_mean, march.days_median) == (75.0, 75.0)
    assert totals[0].days_mean is None and totals[0].days_median is None


def test_national_and_prefecture_views_group_by_the_next_level(cal: WorkingDayCalendar) -> None:
    national = _report(cal, None)
    assert national.level == "national" and national.regions == ["330000", "440000"]
    january = {r.region_code: r for r in national.rows if r.month == "2026-01"}
    assert (january["330000"].received, january["330000"].open_at_end) == (1, 1)
    assert _figures(january["440000"])[0] == EXPECTED["2026-01", None][0]
    assert january[None].received == 3
    shenzhen = _report(cal, "440300")
    assert shenzhen.level == "prefecture" and shenzhen.regions == ["440300", "440305"]
    march = {r.region_code: r for r in shenzhen.rows if r.month == "2026-03"}
    assert (march["440305"].received, march["440305"].open_at_end) == (1, 1)
    assert (march["440300"].open_at_end, march["440300"].overdue) == (2, 2)
    county = _report(cal, "440305")
    assert county.level == "county" and county.regions == ["440305"]


def test_the_case_is_rebuilt_as_it_stood_at_each_month_end() -> None:
    during = facts_on(C, date(2025, 12, 31))
    assert during.status == S.SUSPENDED and during.suspensions == (Suspension(date(2025, 11, 1)),)
    after = facts_on(C, date(2026, 1, 31))
    assert after.status == S.HANDLING and after.suspensions == C.suspensions
    assert after.closed_on is None
    assert facts_on(C, date(2026, 3, 10)).status == S.DECIDED
    assert not facts_on(B, date(2025, 12, 19)).extended and facts_on(B, date(2025, 12, 20)).extended
    assert facts_on(H, date(2026, 3, 2)).status == S.RECEIVED


def test_extension_and_suspension_change_the_overdue_count(cal: WorkingDayCalendar) -> None:
    unextended = CaseRecord(B.region_code, B.status, B.received_on, B.accepted_on, B.served_on)
    report = compute_report(
        [unextended], scope="440300", first=JAN, last=JAN, today=TODAY, calendar=cal
    )
    assert report.totals()[0].overdue == 1  # due 2026-01-13 without the extension
    unsuspended = CaseRecord(C.region_code, S.HANDLING, C.received_on, C.accepted_on)
    report = compute_report(
        [unsuspended], scope="440300", first=JAN, last=JAN, today=TODAY, calendar=cal
    )
    assert report.totals()[0].overdue == 1  # due 2026-01-16 without the suspension


def test_a_deadline_in_a_year_without_calendar_is_not_guessed(cal: WorkingDayCalendar) -> None:
    assert not cal.covers(2035)
    late = CaseRecord("440300", S.HANDLING, date(2034, 10, 10), date(2034, 10, 16))
    report = compute_report(
        [late],
        scope="440300",
        first=date(2034, 12, 1),
        last=date(2035, 1, 1),
        today=date(2035, 2, 10),
        calendar=cal,
    )
    december, january = report.totals()
    # Before the unmoved end (2035-01-16) nothing is overdue, calendar or not.
    assert (december.overdue, december.overdue_unknown) == (0, 0)
    assert (january.overdue, january.overdue_unknown, january.open_at_end) == (0, 1, 1)


def test_month_range_defaults_and_bad_input() -> None:
    assert month_range(None, None, today=TODAY) == (date(2025, 4, 1), MAR)
    assert month_range("2026-01", "2026-02", today=TODAY) == (JAN, date(2026, 2, 1))
    assert month_range(" 2021-04", None, today=TODAY) == (date(2021, 4, 1), MAR)
    for first, last, field in (
        ("2026-13", None, "from"),
        ("26-01", None, "from"),
        ("2026/01", None, "from"),
        ("二〇二六-01", None, "from"),
        (None, "2026-04", "to"),
        ("2026-03", "2026-02", "from"),
        ("2021-02", "2026-03", "from"),
    ):
        with pytest.raises(InvalidInput) as caught:
            month_range(first, last, today=TODAY)
        assert caught.value.field == field, (first, last)


def test_closure_overdue_agrees_with_the_case_clock(cal: WorkingDayCalendar) -> None:
    """The report's question gives the clock's answer on every day around the due dates."""
    seen = set()
    for record in (A, B, C, D, F):
        day = record.accepted_on or record.received_on
        while day <= date(2026, 4, 30):
            facts = facts_on(record, day)
            rows = case_deadlines(facts, today=day, calendar=cal)
            closure = next((d for d in rows if d.key == "closure"), None)
            expected = closure is not None and closure.state == "overdue"
            assert closure_overdue(facts, on=day, calendar=cal) is expected, (record, day)
            seen.add(expected)
            day += timedelta(days=1)
    assert seen == {True, False}
