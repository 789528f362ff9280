"""The legal periods of trademark examination and proceedings, computed from the period rules
(`core.periods.RULES`) on the official working-day calendar.

Every period here is a calendar period (days or months) whose end moves to the next working
day when it is not one (`PERIOD_END_ON_NON_WORKING_DAY`). A deadline in a year without an
official calendar is shown with the problem, never guessed. Whether an act was on time is
decided without the calendar whenever it can be: an act on or before the unmoved end of the
period is on time whatever the holidays, because moving the end only ever makes it later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel

from ipoffice.core.calendar import WorkingDayCalendar, add_months
from ipoffice.core.errors import CalendarNotCovered, InvalidInput
from ipoffice.core.periods import (
    PERIOD_END_ON_NON_WORKING_DAY,
    Deadline,
    PeriodRule,
    compute_deadline,
    rule_in_force,
)

OPPOSITION = "trademark.opposition"
OPPOSITION_ANSWER = "trademark.opposition.answer"
OPPOSITION_DECISION = "trademark.opposition.decision"
OPPOSITION_EXTENSION = "trademark.opposition.extension"

# Per review kind: (request period, decision period, extension with approval).
REVIEW_RULES: dict[str, tuple[str, str, str]] = {
    "refusal_review": (
        "trademark.refusal_review.request",
        "trademark.refusal_review.decision",
        "trademark.refusal_review.extension",
    ),
    "non_registration_review": (
        "trademark.non_registration_review.request",
        "trademark.non_registration_review.decision",
        "trademark.non_registration_review.extension",
    ),
}


@dataclass(frozen=True)
class DeemedService:
    """A notice whose receipt is not recorded is deemed served this many days after it was
    sent (electronic notices, and posted ones without a legible postmark)."""

    days: int
    source: str


DEEMED_SERVICE = DeemedService(
    days=15,
    source="商标法实施条例 (Implementing Regulations of the Trademark Law, 2014) Art. 10; verify",
)

# "ended": a party's period that ran out (not the office's fault); "overdue": an office
# period that ran out without the act it waits for.
DeadlineState = Literal["overdue", "soon", "running", "ended", "unknown"]
SOON_DAYS = 30


class TmDeadline(BaseModel):
    """A running deadline of a trademark file, with its legal source."""

    rule_id: str
    label_zh: str
    label_en: str
    start: date
    start_deemed: bool = False
    due: date | None
    moved_from: date | None
    source: str
    extended_by: str | None = None
    problem: str | None = None
    proceeding_id: int | None = None
    refusal_id: int | None = None
    state: DeadlineState
    days_left: int | None


def opposition_window(announced_on: date, calendar: WorkingDayCalendar) -> Deadline:
    """The opposition period of an announcement.

    The version of the rule is the one in force on the announcement date (`compute_deadline`
    picks it by `start` when `on` is not given): the period runs "from the date of the
    announcement" (Art. 33), so the law in force when it starts to run sets its length. An
    announcement of 2026-12-20 keeps its 3 months although the revised law (2 months) comes
    into force during the period; one of 2027-01-05 has 2 months.
    """
    return compute_deadline(OPPOSITION, announced_on, calendar=calendar)


def unmoved_end(rule: PeriodRule, start: date, *, extra: int = 0) -> date:
    """The last day of a calendar period before any move off a non-working day."""
    if rule.unit == "days":
        return start + timedelta(days=rule.amount + extra)
    if rule.unit == "months":
        return add_months(start, rule.amount + extra)
    raise InvalidInput(f"period rule {rule.id} is counted in {rule.unit}, not calendar time")


def is_on_time(
    rule_id: str, start: date, when: date, calendar: WorkingDayCalendar, *, on: date | None = None
) -> bool:
    """Whether an act on `when` is within the period; needs the calendar only after the
    unmoved end (CalendarNotCovered if it is then missing)."""
    rule = rule_in_force(rule_id, start if on is None else on)
    if when <= unmoved_end(rule, start):
        return True
    return when <= compute_deadline(rule_id, start, on=on, calendar=calendar).due


def extended_deadline(
    base_id: str, extension_id: str, start: date, calendar: WorkingDayCalendar
) -> Deadline:
    """The end of a period lengthened with approval: one period of base + extension counted
    from the same start (9 + 3 = 12 months), moved off a non-working day only at its end."""
    base = rule_in_force(base_id, start)
    extension = rule_in_force(extension_id, start)
    if base.unit != extension.unit:
        raise InvalidInput(f"{extension_id} is not counted in the unit of {base_id}")
    raw = unmoved_end(base, start, extra=extension.amount)
    if extension.unit not in PERIOD_END_ON_NON_WORKING_DAY.applies_to_units:
        return Deadline(rule=extension, start=start, due=raw, extended_from=None)
    due = calendar.on_or_after_working_day(raw)
    return Deadline(rule=extension, start=start, due=due, extended_from=raw if due != raw else None)


def _state(due: date | None, today: date, party_period: bool) -> tuple[DeadlineState, int | None]:
    if due is None:
        return "unknown", None
    left = (due - today).days
    if left < 0:
        return ("ended" if party_period else "overdue"), left
    return ("soon" if left <= SOON_DAYS else "running"), left


def deadline_view(
    rule_id: str,
    start: date,
    calendar: WorkingDayCalendar,
    *,
    today: date,
    extension_id: str | None = None,
    proceeding_id: int | None = None,
    start_deemed: bool = False,
    party_period: bool = False,
) -> TmDeadline:
    """The deadline for display: the due date, or the calendar problem instead of a guess."""
    rule = rule_in_force(rule_id, start)
    extended_by = None
    if extension_id is not None:
        extension = rule_in_force(extension_id, start)
        extended_by = f"{extension.amount} {extension.unit}"
    try:
        if extension_id is None:
            deadline = compute_deadline(rule_id, start, calendar=calendar)
        else:
            deadline = extended_deadline(rule_id, extension_id, start, calendar)
        due, moved, problem = deadline.due, deadline.extended_from, None
    except CalendarNotCovered as exc:
        due, moved, problem = None, None, exc.message
    state, days_left = _state(due, today, party_period)
    source = rule.source
    if extension_id is not None:
        source = f"{source}; {rule_in_force(extension_id, start).source}"
    return TmDeadline(
        rule_id=rule_id,
        label_zh=rule.title_zh,
        label_en=rule.title_en,
        start=start,
        start_deemed=start_deemed,
        due=due,
        moved_from=moved,
        source=source,
        extended_by=extended_by,
        problem=problem,
        proceeding_id=proceeding_id,
        state=state,
        days_left=days_left,
    )


def notice_receipt(dispatched_on: date, received_on: date | None) -> tuple[date, bool]:
    """(the date a notice counts as received, whether that date is deemed)."""
    if received_on is not None:
        return received_on, False
    return dispatched_on + timedelta(days=DEEMED_SERVICE.days), True
