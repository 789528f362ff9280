"""Working days on the official calendar, checked against real 2026 dates.

Facts used below, as reported by chinese-calendar 1.11.0 and consistent with the 2026 notice:
- Spring Festival 2026: days off Sun 2026-02-15 to Mon 2026-02-23; make-up working days
  Sat 2026-02-14 and Sat 2026-02-28.
- Mid-autumn 2026: days off Fri 2026-09-25 to Sun 2026-09-27.
- National Day 2026: days off Thu 2026-10-01 to Wed 2026-10-07; make-up working days
  Sun 2026-09-20 and Sat 2026-10-10.
- The package has data for 2004-2026 only.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from ipoffice.core.calendar import (
    PROJECT_OVERRIDES,
    WorkingDayCalendar,
    YearSchedule,
    add_months,
    default_calendar,
    load_overrides,
    load_year_schedule,
)
from ipoffice.core.errors import CalendarNotCovered, InvalidInput

# TEST DATA: a synthetic 2027 schedule, NOT the official 2027 holiday arrangement.
# Fri 2027-01-01 is a day off, Sat 2027-01-09 is a make-up working day.
SYNTHETIC_2027 = YearSchedule(
    year=2027,
    holidays=frozenset({date(2027, 1, 1)}),
    makeup_workdays=frozenset({date(2027, 1, 9)}),
    source="TEST DATA - synthetic, not an official notice",
)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# --- Spring Festival 2026 ---------------------------------------------------------------------


def test_spring_festival_2026_days(cal: WorkingDayCalendar) -> None:
    working = [d for d in _days(date(2026, 2, 9), date(2026, 3, 2)) if cal.is_working_day(d)]
    assert working == [
        date(2026, 2, 9),
        date(2026, 2, 10),
        date(2026, 2, 11),
        date(2026, 2, 12),
        date(2026, 2, 13),
        date(2026, 2, 14),  # Saturday, make-up working day
        date(2026, 2, 24),
        date(2026, 2, 25),
        date(2026, 2, 26),
        date(2026, 2, 27),
        date(2026, 2, 28),  # Saturday, make-up working day
        date(2026, 3, 2),
    ]


def test_add_working_days_across_spring_festival(cal: WorkingDayCalendar) -> None:
    start = date(2026, 2, 13)  # Friday
    # 1 = Sat 02-14 (make-up), then 02-15..02-23 off, 2..5 = 02-24..02-27
    assert cal.add_working_days(start, 0) == start
    assert cal.add_working_days(start, 1) == date(2026, 2, 14)
    assert cal.add_working_days(start, 2) == date(2026, 2, 24)
    assert cal.add_working_days(start, 5) == date(2026, 2, 27)
    assert cal.add_working_days(start, 6) == date(2026, 2, 28)
    assert cal.add_working_days(start, 7) == date(2026, 3, 2)


def test_next_and_on_or_after_around_spring_festival(cal: WorkingDayCalendar) -> None:
    assert cal.next_working_day(date(2026, 2, 13)) == date(2026, 2, 14)
    assert cal.next_working_day(date(2026, 2, 14)) == date(2026, 2, 24)
    assert cal.on_or_after_working_day(date(2026, 2, 14)) == date(2026, 2, 14)
    assert cal.on_or_after_working_day(date(2026, 2, 15)) == date(2026, 2, 24)
    assert cal.on_or_after_working_day(date(2026, 2, 23)) == date(2026, 2, 24)


def test_working_days_between_spring_festival(cal: WorkingDayCalendar) -> None:
    # (02-13, 02-28]: 02-14, 02-24, 02-25, 02-26, 02-27, 02-28
    assert cal.working_days_between(date(2026, 2, 13), date(2026, 2, 28)) == 6
    assert cal.working_days_between(date(2026, 2, 14), date(2026, 2, 23)) == 0
    assert cal.working_days_between(date(2026, 2, 13), date(2026, 2, 13)) == 0
    with pytest.raises(InvalidInput):
        cal.working_days_between(date(2026, 2, 28), date(2026, 2, 13))


# --- Mid-autumn and National Day 2026 --------------------------------------------------------


def test_national_day_2026_days(cal: WorkingDayCalendar) -> None:
    working = [d for d in _days(date(2026, 9, 19), date(2026, 10, 12)) if cal.is_working_day(d)]
    assert working == [
        date(2026, 9, 20),  # Sunday, make-up working day
        date(2026, 9, 21),
        date(2026, 9, 22),
        date(2026, 9, 23),
        date(2026, 9, 24),
        # 09-25..09-27 Mid-autumn
        date(2026, 9, 28),
        date(2026, 9, 29),
        date(2026, 9, 30),
        # 10-01..10-07 National Day
        date(2026, 10, 8),
        date(2026, 10, 9),
        date(2026, 10, 10),  # Saturday, make-up working day
        date(2026, 10, 12),
    ]


def test_add_working_days_across_national_day(cal: WorkingDayCalendar) -> None:
    start = date(2026, 9, 30)
    assert cal.add_working_days(start, 1) == date(2026, 10, 8)
    assert cal.add_working_days(start, 3) == date(2026, 10, 10)
    assert cal.add_working_days(start, 4) == date(2026, 10, 12)
    assert cal.working_days_between(start, date(2026, 10, 12)) == 4
    assert cal.next_working_day(date(2026, 9, 24)) == date(2026, 9, 28)


# --- coverage ----------------------------------------------------------------------------------


def test_covers(cal: WorkingDayCalendar) -> None:
    assert cal.covers(2004)
    assert cal.covers(2026)
    assert not cal.covers(2003)
    assert not cal.covers(2027)


def test_2027_not_covered_names_date_and_year(cal: WorkingDayCalendar) -> None:
    with pytest.raises(CalendarNotCovered) as info:
        cal.is_working_day(date(2027, 1, 4))
    message = info.value.message
    assert "2027-01-04" in message
    assert "year 2027" in message
    assert "YearSchedule" in message
    assert "override table" in message
    assert info.value.code == "calendar_not_covered"


def test_counting_into_2027_raises(cal: WorkingDayCalendar) -> None:
    start = date(2026, 12, 30)  # Wednesday
    assert cal.add_working_days(start, 1) == date(2026, 12, 31)
    with pytest.raises(CalendarNotCovered, match="2027"):
        cal.add_working_days(start, 2)


def test_2027_with_synthetic_override() -> None:
    cal = WorkingDayCalendar({2027: SYNTHETIC_2027})
    assert cal.covers(2027)
    assert not cal.is_working_day(date(2027, 1, 1))  # listed holiday, a Friday
    assert not cal.is_working_day(date(2027, 1, 2))  # Saturday
    assert cal.is_working_day(date(2027, 1, 4))  # Monday
    assert cal.is_working_day(date(2027, 1, 9))  # listed make-up Saturday
    assert not cal.is_working_day(date(2027, 1, 10))  # Sunday
    # 2026 still comes from the package
    assert not cal.is_working_day(date(2026, 2, 16))
    assert cal.next_working_day(date(2026, 12, 31)) == date(2027, 1, 4)
    assert cal.add_working_days(date(2026, 12, 31), 6) == date(2027, 1, 9)
    assert cal.working_days_between(date(2026, 12, 30), date(2027, 1, 10)) == 7
    with pytest.raises(CalendarNotCovered, match="2028"):
        cal.is_working_day(date(2028, 1, 3))


def test_override_wins_over_package() -> None:
    # TEST DATA: a deliberately wrong 2026 schedule with no holidays, to show precedence.
    plain_2026 = YearSchedule(2026, frozenset(), frozenset(), "TEST DATA - synthetic")
    cal = WorkingDayCalendar({2026: plain_2026})
    assert cal.is_working_day(date(2026, 2, 16))
    assert not cal.is_working_day(date(2026, 2, 14))


def test_override_key_must_match_year() -> None:
    with pytest.raises(InvalidInput, match="2028"):
        WorkingDayCalendar({2028: SYNTHETIC_2027})


def test_default_calendar_merges_extra() -> None:
    assert default_calendar({2027: SYNTHETIC_2027}).covers(2027)
    plain_2026 = YearSchedule(2026, frozenset(), frozenset(), "TEST DATA - synthetic")
    assert default_calendar({2026: plain_2026}).is_working_day(date(2026, 2, 16))
    assert not default_calendar().is_working_day(date(2026, 2, 16))


def test_project_overrides_are_consistent() -> None:
    for year, schedule in PROJECT_OVERRIDES.items():
        assert schedule.year == year
        assert schedule.source.strip()


def test_rejects_datetime_and_negative_n(cal: WorkingDayCalendar) -> None:
    with pytest.raises(InvalidInput):
        cal.is_working_day(datetime(2026, 2, 16, 9, 0))  # noqa: DTZ001
    with pytest.raises(InvalidInput):
        cal.add_working_days(date(2026, 2, 13), -1)


# --- YearSchedule validation --------------------------------------------------------------------


def test_year_schedule_rejects_weekday_makeup() -> None:
    with pytest.raises(InvalidInput, match=r"2027-01-04.*Monday"):
        YearSchedule(2027, frozenset(), frozenset({date(2027, 1, 4)}), "TEST DATA")


def test_year_schedule_rejects_date_in_both_lists() -> None:
    day = date(2027, 1, 9)
    with pytest.raises(InvalidInput, match="both"):
        YearSchedule(2027, frozenset({day}), frozenset({day}), "TEST DATA")


def test_year_schedule_rejects_other_year_and_empty_source() -> None:
    with pytest.raises(InvalidInput, match="not in year 2027"):
        YearSchedule(2027, frozenset({date(2026, 12, 31)}), frozenset(), "TEST DATA")
    with pytest.raises(InvalidInput, match="source"):
        YearSchedule(2027, frozenset(), frozenset(), " ")


# --- JSON files ---------------------------------------------------------------------------------


def _write(path: Path, payload: object) -> Path:
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


_VALID = {
    "year": 2027,
    "source": "TEST DATA - synthetic, not an official notice",
    "holidays": ["2027-01-01"],
    "makeup_workdays": ["2027-01-09"],
}


def test_load_year_schedule(tmp_path: Path) -> None:
    schedule = load_year_schedule(_write(tmp_path / "2027.json", _VALID))
    assert schedule == SYNTHETIC_2027


def test_load_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"year": 2027,', encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        load_year_schedule(path)
    assert str(path) in info.value.message
    assert "not valid JSON" in info.value.message


def test_load_missing_keys(tmp_path: Path) -> None:
    path = _write(tmp_path / "2027.json", {"year": 2027, "holidays": []})
    with pytest.raises(InvalidInput) as info:
        load_year_schedule(path)
    assert info.value.message == f"{path}: missing key(s) makeup_workdays, source"


def test_load_wrong_year_in_date(tmp_path: Path) -> None:
    path = _write(tmp_path / "2027.json", {**_VALID, "holidays": ["2027-01-01", "2026-12-31"]})
    with pytest.raises(InvalidInput) as info:
        load_year_schedule(path)
    assert info.value.message == (f"{path}: holidays lists 2026-12-31, which is not in year 2027")


def test_load_weekday_makeup(tmp_path: Path) -> None:
    path = _write(tmp_path / "2027.json", {**_VALID, "makeup_workdays": ["2027-01-04"]})
    with pytest.raises(InvalidInput) as info:
        load_year_schedule(path)
    assert str(path) in info.value.message
    assert "2027-01-04, a Monday" in info.value.message


def test_load_date_in_both_lists(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "2027.json",
        {**_VALID, "holidays": ["2027-01-01", "2027-01-09"], "makeup_workdays": ["2027-01-09"]},
    )
    with pytest.raises(InvalidInput) as info:
        load_year_schedule(path)
    assert info.value.message == (
        f"{path}: 2027-01-09 is listed both in holidays and in makeup_workdays"
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"holidays": ["2027-02-30"]}, "'2027-02-30', which is not a date"),
        ({"holidays": "2027-01-01"}, "'holidays' must be a list"),
        ({"year": "2027"}, "'year' must be an integer"),
        ({"source": ""}, "'source' must name the official notice"),
        ({"extra": 1}, "unknown key(s) extra"),
    ],
)
def test_load_other_errors(tmp_path: Path, change: dict[str, object], expected: str) -> None:
    path = _write(tmp_path / "2027.json", {**_VALID, **change})
    with pytest.raises(InvalidInput) as info:
        load_year_schedule(path)
    assert info.value.message.startswith(f"{path}: ")
    assert expected in info.value.message


def test_load_top_level_not_object(tmp_path: Path) -> None:
    path = _write(tmp_path / "2027.json", [1, 2])
    with pytest.raises(InvalidInput, match="top level must be a JSON object"):
        load_year_schedule(path)


def test_load_overrides(tmp_path: Path) -> None:
    assert load_overrides(tmp_path / "does-not-exist") == {}
    _write(tmp_path / "2027.json", _VALID)
    _write(tmp_path / "2028.json", {**_VALID, "year": 2028, "holidays": [], "makeup_workdays": []})
    (tmp_path / "README.txt").write_text("not a schedule", encoding="utf-8")
    table = load_overrides(tmp_path)
    assert sorted(table) == [2027, 2028]
    assert table[2027] == SYNTHETIC_2027
    cal = default_calendar(table)
    assert cal.next_working_day(date(2026, 12, 31)) == date(2027, 1, 4)


def test_load_overrides_duplicate_year(tmp_path: Path) -> None:
    _write(tmp_path / "a.json", _VALID)
    _write(tmp_path / "b.json", _VALID)
    with pytest.raises(InvalidInput) as info:
        load_overrides(tmp_path)
    assert info.value.message == (
        f"{tmp_path / 'b.json'}: year 2027 is already defined in {tmp_path / 'a.json'}"
    )


# --- add_months ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 8, 31), 1, date(2025, 9, 30)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 1, 31), -13, date(2024, 12, 31)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2026, 5, 17), 0, date(2026, 5, 17)),
        (date(2026, 5, 17), 24, date(2028, 5, 17)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_add_months_out_of_range() -> None:
    with pytest.raises(InvalidInput):
        add_months(date(9999, 12, 1), 1)
