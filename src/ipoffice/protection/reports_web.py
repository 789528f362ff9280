"""The report page of dispute cases (`/protection/reports`): filters, a chart, the table and a
CSV download of the same rows (`/protection/reports.csv`).

The CSV is UTF-8 with a byte-order mark (Excel opens it as UTF-8) and one header row of
bilingual column names (`收到请求 Received`), so it stays one table for any CSV reader.
"""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from ipoffice.core.clock import office_today
from ipoffice.core.errors import InvalidInput, PermissionDenied
from ipoffice.core.identity import Principal
from ipoffice.protection.case_reports_query import case_report
from ipoffice.protection.reports_api import READERS, ReportRead, report_read
from ipoffice.protection.reports_chart import chart
from ipoffice.web.access import DbSession, OfficeCalendar, allow
from ipoffice.web.render import render

router = APIRouter(include_in_schema=False)

RegionQuery = Annotated[str, Query(max_length=12)]
MonthQuery = Annotated[str, Query(max_length=7)]

# (field of RowRead, Chinese header, English header), in the order of the table and the CSV.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("month", "月份", "Month"),
    ("region_code", "区划代码", "Region code"),
    ("region_name_zh", "辖区", "Region (zh)"),
    ("region_name_en", "辖区（英文）", "Region"),
    ("as_of", "统计截至", "As of"),
    ("received", "收到请求", "Received"),
    ("accepted", "立案受理", "Accepted"),
    ("refused", "不予受理", "Refused"),
    ("closed_decision", "裁决结案", "Closed by decision"),
    ("closed_mediation", "调解结案", "Closed by mediation"),
    ("withdrawn", "撤回结案", "Withdrawn"),
    ("open_at_end", "月末未结", "Open at month end"),
    ("overdue", "月末超期", "Overdue at month end"),
    ("overdue_unknown", "期限无法计算", "Deadline cannot be computed"),
    ("closure_cases", "计算办案天数的案件数", "Cases in closure days"),
    ("closure_days_mean", "平均办案天数", "Mean days to closure"),
    ("closure_days_median", "办案天数中位数", "Median days to closure"),
)


def csv_text(report: ReportRead) -> str:
    """The report's rows as CSV text (without the byte-order mark)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f"{zh} {en}" for _field, zh, en in COLUMNS])
    for row in report.rows:
        values = row.model_dump(mode="json")
        if row.region_code is None:
            values["region_code"] = "total"
        writer.writerow(["" if values[name] is None else values[name] for name, _z, _e in COLUMNS])
    return out.getvalue()


@router.get("/protection/reports")
def report_page(
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(*READERS, page=True),
    region: RegionQuery = "",
    from_month: Annotated[str, Query(alias="from", max_length=7)] = "",
    to_month: Annotated[str, Query(alias="to", max_length=7)] = "",
) -> Response:
    filters = {"region": region.strip(), "from": from_month.strip(), "to": to_month.strip()}
    try:
        report = case_report(
            session,
            principal,
            region=filters["region"] or None,
            first=filters["from"] or None,
            last=filters["to"] or None,
            today=office_today(),
            calendar=calendar,
        )
    except (InvalidInput, PermissionDenied) as exc:
        context: dict[str, Any] = {"error": exc, "filters": filters, "report": None}
        return render(request, "protection_reports.html", context, status_code=exc.status_code)
    read = report_read(report)
    totals = [r for r in report.rows if r.region_code is None]
    shown = {"region": read.scope or "", "from": read.from_month, "to": read.to_month}
    context = {
        "report": read,
        "chart": chart(totals),
        "filters": shown,
        "columns": COLUMNS,
        "error": None,
        "csv_query": "&".join(f"{k}={v}" for k, v in shown.items()),
    }
    return render(request, "protection_reports.html", context)


@router.get("/protection/reports.csv")
def report_csv(
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(*READERS, page=True),
    region: RegionQuery = "",
    from_month: Annotated[str, Query(alias="from", max_length=7)] = "",
    to_month: Annotated[str, Query(alias="to", max_length=7)] = "",
) -> Response:
    report = report_read(
        case_report(
            session,
            principal,
            region=region.strip() or None,
            first=from_month.strip() or None,
            last=to_month.strip() or None,
            today=office_today(),
            calendar=calendar,
        )
    )
    name = f"protection-report-{report.scope or 'national'}-{report.from_month}-{report.to_month}"
    return Response(
        content=("\ufeff" + csv_text(report)).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
