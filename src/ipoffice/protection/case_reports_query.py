"""Reading a dispute-case report from the database: who may see which region, and the
columns the pure computation of `case_reports` needs, for only the cases open in the range.

Two queries (cases with their extension date, and their suspensions), each limited by a range
on the region code and by the dates, so the index on (region_code, received_on) serves both
SQLite and PostgreSQL; no ORM objects are built.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from ipoffice.core.calendar import WorkingDayCalendar, add_months
from ipoffice.core.divisions import validate_division_code
from ipoffice.core.errors import PermissionDenied
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.protection.case_clock import Suspension
from ipoffice.protection.case_models import CaseExtension, CaseSuspension, DisputeCase
from ipoffice.protection.case_reports import (
    CaseRecord,
    Report,
    compute_report,
    in_scope,
    month_range,
    scope_level,
)
from ipoffice.protection.case_workflow import CaseStatus

_WIDTH = {"province": 2, "prefecture": 4, "county": 6}


def report_scope(principal: Principal, region: str | None) -> str | None:
    """The scope this user may read: administrators any region (default national), officers
    their own region and the divisions within it (default their own)."""
    wanted = validate_division_code(region, field="region") if region else None
    if Role.ADMINISTRATOR in principal.roles:
        return wanted
    own = principal.region_code
    if Role.ENFORCEMENT_OFFICER not in principal.roles or not own:
        raise PermissionDenied("reports are for enforcement officers with a bureau region")
    own = validate_division_code(own, field="region_code")
    if wanted is None:
        return own
    if not in_scope(wanted, own):
        raise PermissionDenied(
            f"your bureau is {own}: reports cover your region and the divisions within it, "
            f"not {wanted}"
        )
    return wanted


def _filters(scope: str | None, start: date, end: date) -> list[ColumnElement[bool]]:
    """Cases of the scope open at some point of [start, end]."""
    clauses = [
        DisputeCase.received_on <= end,
        or_(DisputeCase.closed_on.is_(None), DisputeCase.closed_on >= start),
    ]
    if scope is not None:
        prefix = scope[: _WIDTH[scope_level(scope)]]
        clauses += [
            DisputeCase.region_code >= prefix.ljust(6, "0"),
            DisputeCase.region_code <= prefix.ljust(6, "9"),
        ]
    return clauses


def load_records(
    session: Session, *, scope: str | None, first: date, last: date
) -> list[CaseRecord]:
    """One record per case of the scope open at some point of the months `first`..`last`."""
    end = add_months(last, 1) - timedelta(days=1)
    where = _filters(scope, first, end)
    suspensions: dict[int, list[Suspension]] = defaultdict(list)
    stops = (
        select(CaseSuspension.case_id, CaseSuspension.started_on, CaseSuspension.ended_on)
        .join(DisputeCase, DisputeCase.id == CaseSuspension.case_id)
        .where(*where)
        .order_by(CaseSuspension.case_id, CaseSuspension.started_on)
    )
    for case_id, started, ended in session.execute(stops):
        suspensions[case_id].append(Suspension(started, ended))
    cases = (
        select(
            DisputeCase.id,
            DisputeCase.region_code,
            DisputeCase.status,
            DisputeCase.received_on,
            DisputeCase.accepted_on,
            DisputeCase.served_on,
            DisputeCase.answered_on,
            DisputeCase.closed_on,
            CaseExtension.approved_on,
        )
        .outerjoin(CaseExtension, CaseExtension.case_id == DisputeCase.id)
        .where(*where)
        .order_by(DisputeCase.id)
    )
    return [
        CaseRecord(
            region_code=row.region_code,
            status=CaseStatus(row.status),
            received_on=row.received_on,
            accepted_on=row.accepted_on,
            served_on=row.served_on,
            answered_on=row.answered_on,
            closed_on=row.closed_on,
            extended_on=row.approved_on,
            suspensions=tuple(suspensions.get(row.id, ())),
        )
        for row in session.execute(cases)
    ]


def case_report(
    session: Session,
    principal: Principal,
    *,
    region: str | None,
    first: str | None,
    last: str | None,
    today: date,
    calendar: WorkingDayCalendar,
) -> Report:
    """The report this user asked for: scope checked, months parsed, figures computed."""
    scope = report_scope(principal, region)
    start, end = month_range(first, last, today=today)
    records = load_records(session, scope=scope, first=start, last=end)
    return compute_report(
        records, scope=scope, first=start, last=end, today=today, calendar=calendar
    )
