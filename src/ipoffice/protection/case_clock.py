"""The legal deadlines of a patent dispute case, from its dates and the period rules.

Pure functions: no database. `case_deadlines(facts, today=..., calendar=...)` gives every
deadline with its rule (id, titles, source), start, due date and state. Rules:

* the version of each period is the one in force on the acceptance date (the receipt date for
  the acceptance decision itself, the service date of the decision for the appeal period): a
  case accepted before 2025-02-01 keeps the 2015 Measures (3 + 1 months), a later one the 2025
  Measures (3 + 2 months), whatever today is;
* the closure period runs from acceptance; an approved extension adds its months to the end of
  the period; each finished suspension adds its calendar days (they add up); the end then moves
  off a non-working day (`PERIOD_END_ON_NON_WORKING_DAY`);
* while a case is suspended its open office deadlines are neither overdue nor due soon;
* a deadline that falls in a year without an official calendar carries the problem, no date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from ipoffice.core.calendar import WorkingDayCalendar, add_months
from ipoffice.core.errors import CalendarNotCovered, DomainError
from ipoffice.core.periods import PERIOD_END_ON_NON_WORKING_DAY, PeriodRule, rule_in_force
from ipoffice.protection.case_workflow import FINAL_STATUSES, CaseStatus

__all__ = [
    "DEFAULT_WINDOW",
    "CaseDeadline",
    "CaseFacts",
    "DeadlineState",
    "Flag",
    "Suspension",
    "case_deadlines",
    "case_flag",
    "closure_overdue",
    "suspended_days",
]

DEFAULT_WINDOW = 5
"""Working days before a due date in which an office deadline counts as due soon."""

DeadlineState = Literal[
    "pending", "due_soon", "overdue", "met", "late", "passed", "ended", "suspended", "problem"
]
Holder = Literal["office", "respondent", "parties"]
Flag = Literal["overdue", "due_soon", "fine", "suspended", "closed", "problem"]


@dataclass(frozen=True)
class Suspension:
    started_on: date
    ended_on: date | None = None


@dataclass(frozen=True)
class CaseFacts:
    """What the clock needs to know about a case."""

    status: CaseStatus
    received_on: date
    accepted_on: date | None = None
    served_on: date | None = None
    answered_on: date | None = None
    closed_on: date | None = None
    extended: bool = False
    suspensions: tuple[Suspension, ...] = ()
    decision_served_on: date | None = None


@dataclass(frozen=True)
class CaseDeadline:
    key: str
    rule_id: str
    title_zh: str
    title_en: str
    source: str
    holder: Holder
    start: date
    due: date | None
    state: DeadlineState
    moved_from: date | None = None
    done_on: date | None = None
    effective_from: date | None = None
    extension_months: int = 0
    suspended_days: int = 0
    paused_since: date | None = None
    problem: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def suspended_days(suspensions: Sequence[Suspension]) -> int:
    """Calendar days of the finished suspensions: each runs from its start to its resumption."""
    return sum((s.ended_on - s.started_on).days for s in suspensions if s.ended_on is not None)


def _open_suspension(facts: CaseFacts) -> Suspension | None:
    return next((s for s in facts.suspensions if s.ended_on is None), None)


def _blank(key: str, rule: PeriodRule, holder: Holder, start: date) -> CaseDeadline:
    return CaseDeadline(
        key=key,
        rule_id=rule.id,
        title_zh=rule.title_zh,
        title_en=rule.title_en,
        source=rule.source,
        holder=holder,
        start=start,
        due=None,
        state="pending",
        effective_from=rule.effective_from,
    )


def _end(raw: date, rule: PeriodRule, calendar: WorkingDayCalendar) -> tuple[date, date | None]:
    """The due date from a raw end: moved off a non-working day for day and month periods."""
    if rule.unit not in PERIOD_END_ON_NON_WORKING_DAY.applies_to_units:
        return raw, None
    due = calendar.on_or_after_working_day(raw)
    return due, raw if due != raw else None


def _raw_end(rule: PeriodRule, start: date, calendar: WorkingDayCalendar) -> date:
    if rule.unit == "working_days":
        return calendar.add_working_days(start, rule.amount)
    if rule.unit == "days":
        return start + timedelta(days=rule.amount)
    return add_months(start, rule.amount)


def _state(
    deadline: CaseDeadline,
    *,
    today: date,
    window: int,
    calendar: WorkingDayCalendar,
    paused: bool,
    closed: bool,
) -> CaseDeadline:
    """Where a computed deadline stands today."""
    due = deadline.due
    assert due is not None
    if deadline.done_on is not None:
        return replace(deadline, state="met" if deadline.done_on <= due else "late")
    if closed:
        return replace(deadline, state="ended")
    if deadline.holder != "office":
        return replace(deadline, state="passed" if today > due else "pending")
    if paused:
        return replace(deadline, state="suspended")
    if today > due:
        return replace(deadline, state="overdue")
    try:
        soon = calendar.working_days_between(today, due) <= window
    except CalendarNotCovered as exc:
        return replace(deadline, state="problem", problem=exc.message)
    return replace(deadline, state="due_soon" if soon else "pending")


def _simple(
    key: str,
    rule_id: str,
    holder: Holder,
    start: date,
    version_on: date,
    done_on: date | None,
    calendar: WorkingDayCalendar,
) -> CaseDeadline:
    """A deadline of one period from `start`, the rule's version chosen on `version_on`."""
    rule = rule_in_force(rule_id, version_on)
    deadline = replace(_blank(key, rule, holder, start), done_on=done_on)
    due, moved_from = _end(_raw_end(rule, start, calendar), rule, calendar)
    return replace(deadline, due=due, moved_from=moved_from)


def _closure_raw_end(
    facts: CaseFacts, accepted_on: date
) -> tuple[PeriodRule, date, int, list[str]]:
    """The closure rule, its end before suspensions and moving, extension months and notes."""
    rule = rule_in_force("patent.dispute.closure", accepted_on)
    raw = add_months(accepted_on, rule.amount)
    months = 0
    notes: list[str] = []
    if facts.extended:
        extension = rule_in_force("patent.dispute.closure_extension", accepted_on)
        months = extension.amount
        raw = add_months(raw, months)
        notes.append(f"extension +{months} months ({extension.id}: {extension.source})")
    return rule, raw, months, notes


def _closure(facts: CaseFacts, accepted_on: date, calendar: WorkingDayCalendar) -> CaseDeadline:
    rule, raw, months, notes = _closure_raw_end(facts, accepted_on)
    days = suspended_days(facts.suspensions)
    deadline = replace(
        _blank("closure", rule, "office", accepted_on),
        extension_months=months,
        suspended_days=days,
        done_on=facts.closed_on if facts.status in FINAL_STATUSES else None,
        notes=tuple(notes),
    )
    paused = _open_suspension(facts)
    if paused is not None:
        # The clock stands still: the due date is known only on resumption.
        return replace(deadline, paused_since=paused.started_on, state="suspended")
    due, moved_from = _end(raw + timedelta(days=days), rule, calendar)
    return replace(deadline, due=due, moved_from=moved_from)


def _problem(key: str, rule_id: str, holder: Holder, start: date, exc: DomainError) -> CaseDeadline:
    return CaseDeadline(
        key=key,
        rule_id=rule_id,
        title_zh=rule_id,
        title_en=rule_id,
        source="",
        holder=holder,
        start=start,
        due=None,
        state="problem",
        problem=exc.message,
    )


def _with_rule_titles(deadline: CaseDeadline, version_on: date) -> CaseDeadline:
    """A problem deadline keeps the rule's titles and source when the rule itself is known."""
    try:
        rule = rule_in_force(deadline.rule_id, version_on)
    except DomainError:
        return deadline
    return replace(
        deadline,
        title_zh=rule.title_zh,
        title_en=rule.title_en,
        source=rule.source,
        effective_from=rule.effective_from,
    )


def _plan(facts: CaseFacts) -> list[tuple[str, str, Holder, date, date, date | None]]:
    """(key, rule id, holder, start, version date, done on) of each deadline that has started."""
    refused = facts.status == CaseStatus.REFUSED
    plan: list[tuple[str, str, Holder, date, date, date | None]] = [
        (
            "acceptance",
            "patent.dispute.acceptance_decision",
            "office",
            facts.received_on,
            facts.received_on,
            facts.accepted_on or (facts.closed_on if refused else None),
        )
    ]
    accepted = facts.accepted_on
    if accepted is not None:
        plan.append(
            (
                "service",
                "patent.dispute.service_on_respondent",
                "office",
                accepted,
                accepted,
                facts.served_on,
            )
        )
        if facts.served_on is not None:
            answer = facts.answered_on
            plan.append(
                ("answer", "patent.dispute.answer", "respondent", facts.served_on, accepted, answer)
            )
        plan.append(("closure", "patent.dispute.closure", "office", accepted, accepted, None))
    if facts.decision_served_on is not None:
        served = facts.decision_served_on
        plan.append(("appeal", "patent.dispute.appeal", "parties", served, served, None))
    return plan


def case_deadlines(
    facts: CaseFacts,
    *,
    today: date,
    calendar: WorkingDayCalendar,
    window: int = DEFAULT_WINDOW,
) -> list[CaseDeadline]:
    """Every deadline of the case that has started, with its state on `today`."""
    paused = facts.status == CaseStatus.SUSPENDED or _open_suspension(facts) is not None
    closed = facts.status in FINAL_STATUSES
    rows: list[CaseDeadline] = []
    for key, rule_id, holder, start, version_on, done_on in _plan(facts):
        try:
            if key == "closure":
                deadline = _closure(facts, start, calendar)
            else:
                deadline = _simple(key, rule_id, holder, start, version_on, done_on, calendar)
        except DomainError as exc:
            problem = _problem(key, rule_id, holder, start, exc)
            rows.append(_with_rule_titles(problem, version_on))
            continue
        if deadline.due is None:  # a suspended closure period
            if deadline.done_on is not None:
                deadline = replace(deadline, state="met")
            rows.append(deadline)
            continue
        rows.append(
            _state(
                deadline,
                today=today,
                window=window,
                calendar=calendar,
                paused=paused,
                closed=closed,
            )
        )
    return rows


def case_flag(facts: CaseFacts, deadlines: Sequence[CaseDeadline]) -> Flag:
    """One word for a case in a list: closed, suspended, problem, overdue, due soon or fine."""
    if facts.status in FINAL_STATUSES:
        return "closed"
    if facts.status == CaseStatus.SUSPENDED:
        return "suspended"
    office = [d for d in deadlines if d.holder == "office"]
    if any(d.state == "overdue" for d in office):
        return "overdue"
    if any(d.state == "problem" for d in office):
        return "problem"
    if any(d.state == "due_soon" for d in office):
        return "due_soon"
    return "fine"


def closure_overdue(facts: CaseFacts, *, on: date, calendar: WorkingDayCalendar) -> bool | None:
    """Whether an open case is past its closure deadline on `on` (reports ask this of many
    cases and month ends): the same due date and state as `case_deadlines`, suspensions
    respected. None when it cannot be told: the due date falls in a year without an official
    calendar and `on` is after the unmoved end (a due date only moves later, so a day on or
    before the unmoved end is never overdue and needs no calendar)."""
    accepted = facts.accepted_on
    if accepted is None or facts.status in FINAL_STATUSES:
        return False
    if facts.status == CaseStatus.SUSPENDED or _open_suspension(facts) is not None:
        return False
    try:
        _rule, raw, _months, _notes = _closure_raw_end(facts, accepted)
    except DomainError:
        return None
    if on <= raw + timedelta(days=suspended_days(facts.suspensions)):
        return False
    try:
        deadline = _closure(facts, accepted, calendar)
    except DomainError:
        return None
    return deadline.due is not None and on > deadline.due
