"""Working days on the Chinese official calendar, and calendar-month arithmetic.

Legal deadlines are counted on the official calendar published each year by the State Council
General Office (国务院办公厅关于部分节假日安排的通知): statutory public holidays are days off even
on a weekday, and make-up working days (调休) are working days even on a Saturday or Sunday.
Monday-Friday is not a substitute.

Where the answer for a year comes from, in order:

1. the override table given to `WorkingDayCalendar` (`YearSchedule` values, for example loaded
   from JSON files with `load_overrides`), then
2. the `chinese-calendar` package (import name `chinese_calendar`), which ships the official
   schedules for a fixed range of years (1.11.0 covers 2004-2026) and raises
   `NotImplementedError` for any other year.

A date in a year neither knows raises `CalendarNotCovered`; nothing ever falls back to
Monday-Friday, because a guessed calendar silently produces wrong legal deadlines.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import chinese_calendar

from ipoffice.core.errors import CalendarNotCovered, InvalidInput

__all__ = [
    "PROJECT_OVERRIDES",
    "WorkingDayCalendar",
    "YearSchedule",
    "add_months",
    "default_calendar",
    "load_overrides",
    "load_year_schedule",
]

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5
_SCHEDULE_KEYS = frozenset({"year", "source", "holidays", "makeup_workdays"})


def _require_date(value: object, what: str) -> date:
    """Accept a plain `date` only: a `datetime` never compares equal to a `date`."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidInput(
            f"{what} must be a date (not a datetime), got {type(value).__name__}: {value!r}",
            field=what,
        )
    return value


def _schedule_problems(
    year: int, holidays: Iterable[date], makeup_workdays: Iterable[date]
) -> list[str]:
    """Everything wrong with a year's schedule, as human-readable sentences."""
    problems: list[str] = []
    holiday_set = set(holidays)
    makeup_set = set(makeup_workdays)
    for label, days in (("holidays", holiday_set), ("makeup_workdays", makeup_set)):
        for d in sorted(days):
            if d.year != year:
                problems.append(f"{label} lists {d.isoformat()}, which is not in year {year}")
    for d in sorted(makeup_set):
        if d.weekday() < _SATURDAY:
            problems.append(
                f"makeup_workdays lists {d.isoformat()}, a {d.strftime('%A')}; a make-up working "
                "day (调休) is always a Saturday or Sunday"
            )
    for d in sorted(holiday_set & makeup_set):
        problems.append(f"{d.isoformat()} is listed both in holidays and in makeup_workdays")
    return problems


@dataclass(frozen=True)
class YearSchedule:
    """The official holiday schedule of one year.

    `holidays`: days off (a weekday listed here is not a working day; weekend days may be listed
    too, as the notice does). `makeup_workdays`: Saturdays/Sundays that are working days (调休).
    `source`: the legal document, e.g. "国务院办公厅关于2027年部分节假日安排的通知 (国办发明电...)".
    """

    year: int
    holidays: frozenset[date]
    makeup_workdays: frozenset[date]
    source: str

    def __post_init__(self) -> None:
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise InvalidInput(f"YearSchedule.year must be an int, got {self.year!r}", field="year")
        if not isinstance(self.source, str) or not self.source.strip():
            raise InvalidInput(
                f"YearSchedule for {self.year} needs a source (the official notice it comes from)",
                field="source",
            )
        for label, days in (("holidays", self.holidays), ("makeup_workdays", self.makeup_workdays)):
            if not isinstance(days, frozenset):
                raise InvalidInput(
                    f"YearSchedule.{label} for {self.year} must be a frozenset of dates",
                    field=label,
                )
            for d in days:
                _require_date(d, label)
        problems = _schedule_problems(self.year, self.holidays, self.makeup_workdays)
        if problems:
            raise InvalidInput(
                f"YearSchedule for {self.year} is invalid: " + "; ".join(problems),
                field="year_schedule",
            )

    def is_working_day(self, d: date) -> bool:
        if d.year != self.year:
            raise InvalidInput(
                f"{d.isoformat()} is not in year {self.year} of this schedule", field="date"
            )
        if d in self.makeup_workdays:
            return True
        return d.weekday() < _SATURDAY and d not in self.holidays


def _not_covered(d: date) -> CalendarNotCovered:
    return CalendarNotCovered(
        f"No official working-day calendar for {d.isoformat()}: year {d.year} is neither in the "
        f"override table nor in the data of the installed chinese-calendar package. The official "
        f"holiday schedule for {d.year} (State Council General Office notice) must be added to "
        f"the override table: a YearSchedule(year={d.year}, holidays=..., makeup_workdays=..., "
        f"source=...) in PROJECT_OVERRIDES or passed to default_calendar(extra=...), or a JSON "
        f'file {{"year": {d.year}, "source": ..., "holidays": [...], "makeup_workdays": [...]}} '
        f"read with load_year_schedule / load_overrides.",
        field="date",
    )


def _package_is_workday(d: date) -> bool | None:
    """`chinese_calendar`'s answer, or None when it has no data for the year."""
    try:
        return bool(chinese_calendar.is_workday(d))
    except NotImplementedError:
        return None


class WorkingDayCalendar:
    """Working days on the official calendar: override table first, then `chinese_calendar`."""

    def __init__(self, overrides: Mapping[int, YearSchedule] | None = None) -> None:
        table: dict[int, YearSchedule] = {}
        for year, schedule in (overrides or {}).items():
            if not isinstance(schedule, YearSchedule):
                raise InvalidInput(
                    f"override for {year} must be a YearSchedule, got {type(schedule).__name__}",
                    field="overrides",
                )
            if year != schedule.year:
                raise InvalidInput(
                    f"override table key {year} holds the schedule of year {schedule.year}",
                    field="overrides",
                )
            table[year] = schedule
        self._overrides: Mapping[int, YearSchedule] = table

    @property
    def overrides(self) -> Mapping[int, YearSchedule]:
        return dict(self._overrides)

    def covers(self, year: int) -> bool:
        """Whether working days of `year` are known (override table or package data)."""
        if year in self._overrides:
            return True
        if not 1 <= year <= 9999:
            return False
        return _package_is_workday(date(year, 1, 1)) is not None

    def is_working_day(self, d: date) -> bool:
        d = _require_date(d, "date")
        schedule = self._overrides.get(d.year)
        if schedule is not None:
            return schedule.is_working_day(d)
        answer = _package_is_workday(d)
        if answer is None:
            raise _not_covered(d)
        return answer

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d`."""
        d = _require_date(d, "date")
        day = d + _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def on_or_after_working_day(self, d: date) -> date:
        """`d` itself if it is a working day, else the next working day."""
        d = _require_date(d, "date")
        return d if self.is_working_day(d) else self.next_working_day(d)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` ("within n working days" of `start`).

        The day of `start` is not counted; the count begins the following day. n=0 returns `start`.
        """
        start = _require_date(start, "start")
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise InvalidInput(f"number of working days must be an int >= 0, got {n!r}", field="n")
        day = start
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """How many working days lie in (a, b]: after `a`, up to and including `b`."""
        a = _require_date(a, "a")
        b = _require_date(b, "b")
        if b < a:
            raise InvalidInput(
                f"working_days_between needs a <= b, got a={a.isoformat()}, b={b.isoformat()}",
                field="b",
            )
        count = 0
        day = a + _ONE_DAY
        while day <= b:
            if self.is_working_day(day):
                count += 1
            day += _ONE_DAY
        return count


def add_months(d: date, n: int) -> date:
    """The corresponding day n months later (n may be negative).

    If the target month has no such day, the last day of that month: 2025-01-31 + 1 month is
    2025-02-28, 2024-01-31 + 1 month is 2024-02-29.
    """
    d = _require_date(d, "date")
    if isinstance(n, bool) or not isinstance(n, int):
        raise InvalidInput(f"number of months must be an int, got {n!r}", field="n")
    year, month_index = divmod(d.year * 12 + (d.month - 1) + n, 12)
    month = month_index + 1
    if not 1 <= year <= 9999:
        raise InvalidInput(
            f"{d.isoformat()} plus {n} months is outside the supported years 1-9999", field="n"
        )
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last_day))


def _parse_day_list(path: Path, year: int, key: str, raw: Any) -> frozenset[date]:
    if not isinstance(raw, list):
        raise InvalidInput(
            f"{path}: {key!r} must be a list of ISO dates (YYYY-MM-DD), got {type(raw).__name__}",
            field=key,
        )
    days: set[date] = set()
    for item in raw:
        if not isinstance(item, str):
            raise InvalidInput(
                f"{path}: {key!r} must contain ISO date strings, got {item!r}", field=key
            )
        try:
            day = date.fromisoformat(item)
        except ValueError:
            raise InvalidInput(
                f"{path}: {key!r} contains {item!r}, which is not a date in YYYY-MM-DD form",
                field=key,
            ) from None
        if len(item) != 10:
            raise InvalidInput(
                f"{path}: {key!r} contains {item!r}; write dates as YYYY-MM-DD", field=key
            )
        if day in days:
            raise InvalidInput(f"{path}: {key!r} lists {item} twice", field=key)
        days.add(day)
    return frozenset(days)


def load_year_schedule(path: Path) -> YearSchedule:
    """Read one year's official schedule from a JSON file.

    Format: {"year": 2027, "source": "<official notice>", "holidays": ["2027-01-01", ...],
    "makeup_workdays": ["2027-..."]}. Every error names the file and what is wrong.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{path}: the top level must be a JSON object")
    missing = sorted(_SCHEDULE_KEYS - data.keys())
    if missing:
        raise InvalidInput(f"{path}: missing key(s) {', '.join(missing)}")
    unknown = sorted(str(k) for k in data.keys() - _SCHEDULE_KEYS)
    if unknown:
        raise InvalidInput(
            f"{path}: unknown key(s) {', '.join(unknown)}; allowed: "
            f"{', '.join(sorted(_SCHEDULE_KEYS))}"
        )
    year = data["year"]
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
        raise InvalidInput(f"{path}: 'year' must be an integer year, got {year!r}", field="year")
    source = data["source"]
    if not isinstance(source, str) or not source.strip():
        raise InvalidInput(
            f"{path}: 'source' must name the official notice the schedule comes from",
            field="source",
        )
    holidays = _parse_day_list(path, year, "holidays", data["holidays"])
    makeup = _parse_day_list(path, year, "makeup_workdays", data["makeup_workdays"])
    problems = _schedule_problems(year, holidays, makeup)
    if problems:
        raise InvalidInput(f"{path}: " + "; ".join(problems), field="year_schedule")
    return YearSchedule(year=year, holidays=holidays, makeup_workdays=makeup, source=source)


def load_overrides(directory: Path) -> dict[int, YearSchedule]:
    """Every `*.json` schedule in `directory`, by year. A missing directory gives {}."""
    if not directory.exists():
        return {}
    if not directory.is_dir():
        raise InvalidInput(f"{directory}: expected a directory of year schedule JSON files")
    table: dict[int, YearSchedule] = {}
    origin: dict[int, Path] = {}
    for path in sorted(directory.glob("*.json")):
        schedule = load_year_schedule(path)
        if schedule.year in table:
            raise InvalidInput(
                f"{path}: year {schedule.year} is already defined in {origin[schedule.year]}"
            )
        table[schedule.year] = schedule
        origin[schedule.year] = path
    return table


# The project's own override table: official schedules the installed chinese-calendar does not
# have (or gets wrong). Only data checked against the published State Council General Office
# notice belongs here; it is empty because no later schedule (2027 onwards) has been verified.
#
# How an office adds a year, once the notice (国务院办公厅关于YYYY年部分节假日安排的通知) is out:
#   * here, in code:
#       2027: YearSchedule(year=2027, source="国务院办公厅关于2027年部分节假日安排的通知 (...)",
#                          holidays=frozenset({date(2027, 1, 1), ...}),
#                          makeup_workdays=frozenset({...})),
#   * or without a code change: a JSON file {"year": 2027, "source": "...", "holidays": [...],
#     "makeup_workdays": [...]} read with load_overrides(directory) and passed as
#     default_calendar(extra=...).
# List every day off in "holidays" and every Saturday/Sunday working day in "makeup_workdays".
PROJECT_OVERRIDES: dict[int, YearSchedule] = {}


def default_calendar(extra: Mapping[int, YearSchedule] | None = None) -> WorkingDayCalendar:
    """A calendar with PROJECT_OVERRIDES plus `extra` (an entry in `extra` wins)."""
    merged: dict[int, YearSchedule] = dict(PROJECT_OVERRIDES)
    if extra:
        merged.update(extra)
    return WorkingDayCalendar(merged)
