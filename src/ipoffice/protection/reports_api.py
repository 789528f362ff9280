"""Dispute-case reports as JSON: `/api/v1/protection/reports?region=&from=&to=`.

Enforcement officers read their own region and the divisions within it, administrators any
region or the whole country. `report_read` is also what the report page and its CSV show.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from ipoffice.core.clock import office_today
from ipoffice.core.divisions import division_name
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.protection.case_reports import Report, ReportRow
from ipoffice.protection.case_reports_query import case_report
from ipoffice.web.access import DbSession, OfficeCalendar, allow

router = APIRouter(prefix="/api/v1/protection/reports", tags=["protection: reports"])
READERS = (Role.ENFORCEMENT_OFFICER, Role.ADMINISTRATOR)

NATIONAL = ("全国", "Nationwide")
TOTAL = ("合计", "Total")
NOTES = {
    "closure_days": (
        "Calendar days from acceptance to closure of the accepted cases closed that month by "
        "decision, mediation or withdrawal; the days a case stood suspended are not counted."
    ),
    "overdue": (
        "Open cases past their closure deadline at month end, as the case clock counts it: "
        "an extension lengthens the period, a suspension stops it, a suspended case is not "
        "overdue."
    ),
    "overdue_unknown": (
        "Open cases whose closure deadline falls in a year without an official working-day "
        "calendar and could already have passed: not guessed, counted here."
    ),
    "partial": "The current month is counted up to today (as_of), not to its end.",
}


class RowRead(BaseModel):
    month: str
    region_code: str | None
    region_name_zh: str
    region_name_en: str
    as_of: date
    partial: bool
    received: int
    accepted: int
    refused: int
    closed_decision: int
    closed_mediation: int
    withdrawn: int
    closed: int
    open_at_end: int
    overdue: int
    overdue_unknown: int
    closure_cases: int
    closure_days_mean: float | None
    closure_days_median: float | None


class RegionRead(BaseModel):
    code: str
    name_zh: str
    name_en: str


class ReportRead(BaseModel):
    scope: str | None
    scope_name_zh: str
    scope_name_en: str
    level: str
    from_month: str
    to_month: str
    today: date
    regions: list[RegionRead]
    rows: list[RowRead]
    notes: dict[str, str]


def region_names(code: str | None, *, national: tuple[str, str] = TOTAL) -> tuple[str, str]:
    if code is None:
        return national
    return division_name(code, "zh"), division_name(code, "en")


def row_read(row: ReportRow) -> RowRead:
    zh, en = region_names(row.region_code)
    return RowRead(
        month=row.month,
        region_code=row.region_code,
        region_name_zh=zh,
        region_name_en=en,
        as_of=row.as_of,
        partial=row.partial,
        received=row.received,
        accepted=row.accepted,
        refused=row.refused,
        closed_decision=row.closed_decision,
        closed_mediation=row.closed_mediation,
        withdrawn=row.withdrawn,
        closed=row.closed,
        open_at_end=row.open_at_end,
        overdue=row.overdue,
        overdue_unknown=row.overdue_unknown,
        closure_cases=len(row.closure_days),
        closure_days_mean=row.days_mean,
        closure_days_median=row.days_median,
    )


def report_read(report: Report) -> ReportRead:
    zh, en = region_names(report.scope, national=NATIONAL)
    return ReportRead(
        scope=report.scope,
        scope_name_zh=zh,
        scope_name_en=en,
        level=report.level,
        from_month=report.months[0],
        to_month=report.months[-1],
        today=report.today,
        regions=[
            RegionRead(code=c, name_zh=region_names(c)[0], name_en=region_names(c)[1])
            for c in report.regions
        ],
        rows=[row_read(r) for r in report.rows],
        notes=NOTES,
    )


@router.get("", response_model=ReportRead)
def dispute_case_report(
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(*READERS),
    region: Annotated[str | None, Query(max_length=12)] = None,
    from_month: Annotated[str | None, Query(alias="from", max_length=7)] = None,
    to_month: Annotated[str | None, Query(alias="to", max_length=7)] = None,
) -> ReportRead:
    """Monthly figures per region (default: the caller's region, or nationwide for
    administrators; the 12 months up to this one), with a total row per month."""
    report = case_report(
        session,
        principal,
        region=region or None,
        first=from_month or None,
        last=to_month or None,
        today=office_today(),
        calendar=calendar,
    )
    return report_read(report)
