"""Monthly figures of patent dispute cases per region, for bureaus, provinces and CNIPA.

For each month and each region of the report's scope: requests received, accepted, refused,
cases closed by decision, by mediation and by withdrawal, cases open at month end, cases past
their closure deadline at month end (the case clock's own rule: suspensions stop the clock,
an extension lengthens it), and the calendar days from acceptance to closure of the cases
closed that month (mean and median; the days a case stood suspended are not counted).

`compute_report` is pure: it takes one `CaseRecord` per case (the dates of the case row, the
approval date of its extension, its suspensions) and rebuilds each case as it stood at every
month end, so a past month reads the same whatever happened since. `case_reports_query`
selects only those columns, for only the cases open at some point of the range.

Regions follow GB/T 2260: the national view has a row per province, a province's a row per
prefecture (its own bureau is the province's code), a prefecture's a row per county (and its
own bureau); every month also has a total row for the scope.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from ipoffice.core.calendar import WorkingDayCalendar, add_months
from ipoffice.core.divisions import division_level
from ipoffice.core.errors import InvalidInput
from ipoffice.protection.case_clock import (
    CaseFacts,
    Suspension,
    closure_overdue,
    suspended_days,
)
from ipoffice.protection.case_workflow import CaseStatus

MAX_MONTHS = 60
"""The longest range one report covers (five years of monthly rows)."""

Level = Literal["national", "province", "prefecture", "county"]
S = CaseStatus
_CLOSED_AS = {
    S.REFUSED: "refused",
    S.DECIDED: "closed_decision",
    S.MEDIATED: "closed_mediation",
    S.WITHDRAWN: "withdrawn",
}


@dataclass(frozen=True)
class CaseRecord:
    """What the report needs of one case."""

    region_code: str
    status: CaseStatus
    received_on: date
    accepted_on: date | None = None
    served_on: date | None = None
    answered_on: date | None = None
    closed_on: date | None = None
    extended_on: date | None = None
    suspensions: tuple[Suspension, ...] = ()


@dataclass
class ReportRow:
    """The figures of one region (or the scope's total: `region_code` None) in one month."""

    month: str
    region_code: str | None
    as_of: date
    partial: bool
    received: int = 0
    accepted: int = 0
    refused: int = 0
    closed_decision: int = 0
    closed_mediation: int = 0
    withdrawn: int = 0
    open_at_end: int = 0
    overdue: int = 0
    overdue_unknown: int = 0
    closure_days: list[int] = field(default_factory=list)

    @property
    def closed(self) -> int:
        return self.closed_decision + self.closed_mediation + self.withdrawn

    @property
    def days_mean(self) -> float | None:
        return round(statistics.fmean(self.closure_days), 1) if self.closure_days else None

    @property
    def days_median(self) -> float | None:
        return float(statistics.median(self.closure_days)) if self.closure_days else None

    def add(self, other: ReportRow) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.closure_days.extend(other.closure_days)


COUNTS = (
    "received",
    "accepted",
    "refused",
    "closed_decision",
    "closed_mediation",
    "withdrawn",
    "open_at_end",
    "overdue",
    "overdue_unknown",
)
_Cell = Callable[[str, int], ReportRow]


@dataclass(frozen=True)
class Report:
    scope: str | None
    level: Level
    months: list[str]
    regions: list[str]
    rows: list[ReportRow]
    """Month by month: each region's row (by code), then the month's total row."""
    today: date

    def totals(self) -> list[ReportRow]:
        return [r for r in self.rows if r.region_code is None]


# --- months and regions -----------------------------------------------------------------------


def parse_month(value: str, *, field: str) -> date:
    """`YYYY-MM` -> the first day of that month."""
    text = value.strip()
    try:
        year, month = text.split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError(text)
        return date(int(year), int(month), 1)
    except ValueError:
        raise InvalidInput(f"{value!r} is not a month (YYYY-MM)", field=field) from None


def month_range(first: str | None, last: str | None, *, today: date) -> tuple[date, date]:
    """The first days of the report's first and last months; by default the 12 months up to
    this one. A month after the current one has no figures yet and is refused."""
    current = today.replace(day=1)
    end = parse_month(last, field="to") if last else current
    start = parse_month(first, field="from") if first else add_months(end, -11)
    if end > current:
        raise InvalidInput(
            f"{end:%Y-%m} has not begun; the last month is {current:%Y-%m}", field="to"
        )
    if start > end:
        raise InvalidInput(f"from ({start:%Y-%m}) is after to ({end:%Y-%m})", field="from")
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    if count > MAX_MONTHS:
        raise InvalidInput(
            f"a report covers at most {MAX_MONTHS} months; {start:%Y-%m} to {end:%Y-%m} is {count}",
            field="from",
        )
    return start, end


def scope_level(scope: str | None) -> Level:
    return "national" if scope is None else division_level(scope)


def in_scope(code: str, scope: str | None) -> bool:
    level = scope_level(scope)
    if scope is None:
        return True
    width = {"province": 2, "prefecture": 4, "county": 6}[level]
    return code[:width] == scope[:width]


def region_group(code: str, scope: str | None) -> str:
    """The row a case's bureau counts in: its province nationally, its prefecture in a
    province (the province's own bureau keeps the province's code), itself below."""
    level = scope_level(scope)
    if level == "national":
        return code[:2] + "0000"
    if level == "province":
        return code[:4] + "00"
    return code


# --- the computation --------------------------------------------------------------------------


def facts_on(record: CaseRecord, day: date) -> CaseFacts:
    """The case as it stood at the end of `day`: later steps, suspensions and the extension
    are not yet known."""

    def known(value: date | None) -> date | None:
        return value if value is not None and value <= day else None

    suspensions = tuple(
        Suspension(s.started_on, known(s.ended_on))
        for s in record.suspensions
        if s.started_on <= day
    )
    closed = known(record.closed_on)
    if closed is not None:
        status = record.status
    elif any(s.ended_on is None for s in suspensions):
        status = S.SUSPENDED
    elif known(record.served_on) is not None:
        status = S.HANDLING
    elif known(record.accepted_on) is not None:
        status = S.ACCEPTED
    else:
        status = S.RECEIVED
    return CaseFacts(
        status=status,
        received_on=record.received_on,
        accepted_on=known(record.accepted_on),
        served_on=known(record.served_on),
        answered_on=known(record.answered_on),
        closed_on=closed,
        extended=known(record.extended_on) is not None,
        suspensions=suspensions,
    )


def closure_days(record: CaseRecord) -> int | None:
    """Calendar days from acceptance to closure less the suspended days, for accepted cases
    closed by decision, mediation or withdrawal."""
    if record.accepted_on is None or record.closed_on is None:
        return None
    if record.status not in (S.DECIDED, S.MEDIATED, S.WITHDRAWN):
        return None
    return (record.closed_on - record.accepted_on).days - suspended_days(record.suspensions)


def _month_key(day: date) -> str:
    return f"{day:%Y-%m}"


def compute_report(
    records: Iterable[CaseRecord],
    *,
    scope: str | None,
    first: date,
    last: date,
    today: date,
    calendar: WorkingDayCalendar,
) -> Report:
    """The report of the months `first`..`last` (first days) over the cases in `scope`."""
    starts = [first]
    while starts[-1] < last:
        starts.append(add_months(starts[-1], 1))
    ends = [min(add_months(s, 1) - timedelta(days=1), today) for s in starts]
    index = {_month_key(s): i for i, s in enumerate(starts)}
    cells: dict[tuple[str, int], ReportRow] = {}

    def cell(region: str, i: int) -> ReportRow:
        if (region, i) not in cells:
            partial = ends[i] < add_months(starts[i], 1) - timedelta(days=1)
            cells[region, i] = ReportRow(_month_key(starts[i]), region, ends[i], partial)
        return cells[region, i]

    for record in records:
        if not in_scope(record.region_code, scope):
            continue
        region = region_group(record.region_code, scope)
        _count_events(record, region, index, cell)
        _count_month_ends(record, region, ends, cell, calendar)
    regions = sorted({region for region, _ in cells})
    rows: list[ReportRow] = []
    for i, start in enumerate(starts):
        month_end = add_months(start, 1) - timedelta(days=1)
        total = ReportRow(_month_key(start), None, ends[i], ends[i] < month_end)
        for region in regions:
            row = cell(region, i)
            rows.append(row)
            total.add(row)
        rows.append(total)
    months = [_month_key(s) for s in starts]
    return Report(scope, scope_level(scope), months, regions, rows, today)


def _count_events(record: CaseRecord, region: str, index: dict[str, int], cell: _Cell) -> None:
    """Received, accepted and closed: each counts in the month it happened."""
    if (i := index.get(_month_key(record.received_on))) is not None:
        cell(region, i).received += 1
    if record.accepted_on and (i := index.get(_month_key(record.accepted_on))) is not None:
        cell(region, i).accepted += 1
    kind = _CLOSED_AS.get(record.status)
    if kind and record.closed_on and (i := index.get(_month_key(record.closed_on))) is not None:
        row = cell(region, i)
        setattr(row, kind, getattr(row, kind) + 1)
        if (days := closure_days(record)) is not None:
            row.closure_days.append(days)


def _count_month_ends(
    record: CaseRecord,
    region: str,
    ends: list[date],
    cell: _Cell,
    calendar: WorkingDayCalendar,
) -> None:
    """Open and overdue at each month end the case was open."""
    for i, end in enumerate(ends):
        if record.received_on > end:
            continue
        if record.closed_on is not None and record.closed_on <= end:
            break
        row = cell(region, i)
        row.open_at_end += 1
        overdue = closure_overdue(facts_on(record, end), on=end, calendar=calendar)
        if overdue is None:
            row.overdue_unknown += 1
        elif overdue:
            row.overdue += 1
