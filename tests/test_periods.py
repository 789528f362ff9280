"""Legal periods: the rule table itself, version selection and deadlines on the 2026 calendar.

Calendar facts (chinese-calendar 1.11.0): 2026-02-15..02-23 off, Sat 02-14 and Sat 02-28 working;
2026-10-01..10-07 off, Sun 09-20 and Sat 10-10 working; Sat 2026-05-09 working, Sun 05-10 off.
"""

from __future__ import annotations

from datetime import date

import pytest

from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.errors import CalendarNotCovered, InvalidInput
from ipoffice.core.periods import (
    KNOWN_GAPS,
    PERIOD_END_ON_NON_WORKING_DAY,
    RULES,
    Deadline,
    PeriodRule,
    compute_deadline,
    rule_in_force,
    rule_versions,
    validate_rules,
)
from tests.test_calendar import SYNTHETIC_2027

# --- the table ----------------------------------------------------------------------------------


def test_rule_versions_do_not_overlap_and_are_contiguous_or_declared_gaps() -> None:
    assert validate_rules(RULES, KNOWN_GAPS) == []
    for rule_id in {r.id for r in RULES}:
        versions = rule_versions(rule_id)
        assert versions[-1].effective_to is None or rule_id in {g[0] for g in KNOWN_GAPS}
        for earlier, later in zip(versions, versions[1:], strict=False):
            assert earlier.effective_to is not None
            assert earlier.effective_to < later.effective_from


def test_every_rule_has_source_and_titles() -> None:
    for rule in RULES:
        assert rule.source.strip(), rule.id
        assert rule.title_zh.strip(), rule.id
        assert rule.title_en.strip(), rule.id
    assert PERIOD_END_ON_NON_WORKING_DAY.source.strip()
    assert PERIOD_END_ON_NON_WORKING_DAY.applies_to_units == frozenset({"days", "months"})


def test_rule_table_contents() -> None:
    table = {(r.id, r.effective_from, r.effective_to, r.amount, r.unit) for r in RULES}
    expected = {
        ("patent.office_action.first_response", date(2010, 2, 1), None, 4, "months"),
        ("patent.office_action.later_response", date(2010, 2, 1), None, 2, "months"),
        ("patent.dispute.acceptance_decision", date(2025, 2, 1), None, 5, "working_days"),
        ("patent.dispute.service_on_respondent", date(2025, 2, 1), None, 5, "working_days"),
        ("patent.dispute.answer", date(2025, 2, 1), None, 15, "days"),
        ("patent.dispute.closure", date(2015, 7, 1), date(2025, 1, 31), 3, "months"),
        ("patent.dispute.closure", date(2025, 2, 1), None, 3, "months"),
        ("patent.dispute.closure_extension", date(2015, 7, 1), date(2025, 1, 31), 1, "months"),
        ("patent.dispute.closure_extension", date(2025, 2, 1), None, 2, "months"),
        ("trademark.preliminary_examination", date(2019, 11, 1), None, 9, "months"),
        ("trademark.opposition", date(2019, 11, 1), date(2026, 12, 31), 3, "months"),
        ("trademark.opposition", date(2027, 1, 1), None, 2, "months"),
    }
    assert expected <= table
    ids = {r.id for r in RULES}
    assert {"patent.dispute.appeal", "patent.pledge.registration"} <= ids
    assert rule_in_force("patent.dispute.appeal", date(2026, 1, 1)).amount == 15
    assert rule_in_force("patent.dispute.appeal", date(2026, 1, 1)).unit == "days"
    assert rule_in_force("patent.pledge.registration", date(2026, 1, 1)).amount == 7
    assert rule_in_force("patent.pledge.registration", date(2026, 1, 1)).unit == "working_days"
    for rule in RULES:
        if "verify" in rule.source:
            assert "verify" in rule.note, rule.id
    new_opposition = rule_in_force("trademark.opposition", date(2027, 1, 1))
    assert new_opposition.note == "revised Trademark Law adopted 2026-06-26; verify"


def test_validate_rules_detects_overlap_and_gap() -> None:
    def version(start: date, end: date | None) -> PeriodRule:
        return PeriodRule("x", "x", "x", 1, "days", "TEST DATA", start, end)

    overlapping = [version(date(2020, 1, 1), date(2020, 6, 30)), version(date(2020, 6, 1), None)]
    assert validate_rules(overlapping, ()) == [
        "x: version from 2020-01-01 (to 2020-06-30) overlaps the version from 2020-06-01"
    ]
    gapped = [version(date(2020, 1, 1), date(2020, 5, 31)), version(date(2020, 7, 1), None)]
    assert validate_rules(gapped, ()) == [
        "x: no version in force from 2020-06-01 to 2020-06-30 and the gap is not declared in "
        "KNOWN_GAPS"
    ]
    declared = [("x", date(2020, 6, 1), date(2020, 6, 30), "TEST DATA: law suspended")]
    assert validate_rules(gapped, declared) == []
    open_ended = [version(date(2020, 1, 1), None), version(date(2021, 1, 1), None)]
    assert validate_rules(open_ended, ()) == [
        "x: version from 2020-01-01 has no effective_to but a later version starts 2021-01-01"
    ]


def test_period_rule_validation() -> None:
    with pytest.raises(InvalidInput, match="source"):
        PeriodRule("x", "x", "x", 1, "days", "", date(2020, 1, 1))
    with pytest.raises(InvalidInput, match="amount"):
        PeriodRule("x", "x", "x", 0, "days", "s", date(2020, 1, 1))
    with pytest.raises(InvalidInput, match="effective_to"):
        PeriodRule("x", "x", "x", 1, "days", "s", date(2020, 1, 1), date(2019, 12, 31))


# --- version selection --------------------------------------------------------------------------


def test_rule_in_force_opposition_both_sides() -> None:
    assert rule_in_force("trademark.opposition", date(2026, 12, 31)).amount == 3
    assert rule_in_force("trademark.opposition", date(2027, 1, 1)).amount == 2


def test_rule_in_force_closure_extension_both_sides() -> None:
    assert rule_in_force("patent.dispute.closure_extension", date(2025, 1, 31)).amount == 1
    assert rule_in_force("patent.dispute.closure_extension", date(2025, 2, 1)).amount == 2


def test_rule_in_force_errors() -> None:
    with pytest.raises(InvalidInput, match="unknown period rule 'no.such.rule'"):
        rule_in_force("no.such.rule", date(2026, 1, 1))
    with pytest.raises(InvalidInput, match="no version before 2019-11-01"):
        rule_in_force("trademark.opposition", date(2019, 10, 31))
    with pytest.raises(InvalidInput, match="no version before 2015-07-01"):
        rule_in_force("patent.dispute.closure", date(2015, 6, 30))


# --- deadlines ----------------------------------------------------------------------------------


def test_opposition_version_chosen_by_on(cal: WorkingDayCalendar) -> None:
    start = date(2026, 3, 10)
    old = compute_deadline("trademark.opposition", start, on=date(2026, 12, 31), calendar=cal)
    assert old.rule.amount == 3
    assert old.due == date(2026, 6, 10)  # Wednesday, working day
    assert old.extended_from is None
    new = compute_deadline("trademark.opposition", start, on=date(2027, 1, 1), calendar=cal)
    assert new.rule.amount == 2
    # 2026-05-10 is a Sunday (the day after the 05-09 make-up Saturday) -> Monday 05-11
    assert new == Deadline(
        rule=new.rule, start=start, due=date(2026, 5, 11), extended_from=date(2026, 5, 10)
    )


def test_opposition_in_2027_needs_the_2027_calendar(cal: WorkingDayCalendar) -> None:
    with pytest.raises(CalendarNotCovered, match="2027"):
        compute_deadline("trademark.opposition", date(2027, 1, 4), calendar=cal)
    with_2027 = WorkingDayCalendar({2027: SYNTHETIC_2027})
    deadline = compute_deadline("trademark.opposition", date(2027, 1, 4), calendar=with_2027)
    assert deadline.rule.amount == 2
    assert deadline.due == date(2027, 3, 4)  # Thursday
    assert deadline.extended_from is None


def test_closure_extension_version_by_start(cal: WorkingDayCalendar) -> None:
    before = compute_deadline("patent.dispute.closure_extension", date(2025, 1, 31), calendar=cal)
    assert before.rule.amount == 1
    assert before.rule.source.startswith("专利行政执法办法")
    assert before.due == date(2025, 2, 28)  # Friday, working day
    assert before.extended_from is None
    after = compute_deadline("patent.dispute.closure_extension", date(2025, 2, 1), calendar=cal)
    assert after.rule.amount == 2
    assert after.due == date(2025, 4, 1)  # Tuesday
    assert after.extended_from is None


def test_days_period_ending_in_spring_festival_is_extended(cal: WorkingDayCalendar) -> None:
    deadline = compute_deadline("patent.dispute.answer", date(2026, 2, 3), calendar=cal)
    assert deadline.due == date(2026, 2, 24)
    assert deadline.extended_from == date(2026, 2, 18)


def test_days_period_ending_on_makeup_saturday_is_not_extended(cal: WorkingDayCalendar) -> None:
    deadline = compute_deadline("patent.dispute.answer", date(2026, 1, 30), calendar=cal)
    assert deadline.due == date(2026, 2, 14)
    assert deadline.extended_from is None


def test_appeal_ending_on_national_day(cal: WorkingDayCalendar) -> None:
    extended = compute_deadline("patent.dispute.appeal", date(2026, 9, 16), calendar=cal)
    assert extended.due == date(2026, 10, 8)
    assert extended.extended_from == date(2026, 10, 1)
    on_makeup = compute_deadline("patent.dispute.appeal", date(2026, 9, 25), calendar=cal)
    assert on_makeup.due == date(2026, 10, 10)
    assert on_makeup.extended_from is None


def test_months_period_ending_in_spring_festival(cal: WorkingDayCalendar) -> None:
    first = compute_deadline(
        "patent.office_action.first_response", date(2025, 10, 17), calendar=cal
    )
    assert first.due == date(2026, 2, 24)
    assert first.extended_from == date(2026, 2, 17)
    # 2025-10-31 + 4 months = 2026-02-28, a make-up working Saturday
    month_end = compute_deadline(
        "patent.office_action.first_response", date(2025, 10, 31), calendar=cal
    )
    assert month_end.due == date(2026, 2, 28)
    assert month_end.extended_from is None
    later = compute_deadline(
        "patent.office_action.later_response", date(2025, 12, 20), calendar=cal
    )
    assert later.due == date(2026, 2, 24)
    assert later.extended_from == date(2026, 2, 20)


def test_working_days_periods(cal: WorkingDayCalendar) -> None:
    acceptance = compute_deadline(
        "patent.dispute.acceptance_decision", date(2026, 2, 13), calendar=cal
    )
    assert acceptance.due == date(2026, 2, 27)
    assert acceptance.extended_from is None
    service = compute_deadline(
        "patent.dispute.service_on_respondent", date(2026, 9, 30), calendar=cal
    )
    # 1..5 = 10-08, 10-09, 10-10 (Sat, make-up), 10-12, 10-13
    assert service.due == date(2026, 10, 13)
    pledge = compute_deadline("patent.pledge.registration", date(2026, 9, 28), calendar=cal)
    # 09-29, 09-30, 10-08, 10-09, 10-10 (Sat, make-up), 10-12, 10-13
    assert pledge.due == date(2026, 10, 13)
    assert pledge.extended_from is None


def test_compute_deadline_errors(cal: WorkingDayCalendar) -> None:
    with pytest.raises(InvalidInput, match="unknown period rule"):
        compute_deadline("no.such.rule", date(2026, 1, 5), calendar=cal)
    with pytest.raises(InvalidInput, match="no version before 2021-06-01"):
        compute_deadline("patent.dispute.appeal", date(2021, 5, 31), calendar=cal)
