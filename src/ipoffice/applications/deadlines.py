"""The legal deadlines running on an application, computed from the period rules."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from ipoffice.applications.models import Application
from ipoffice.applications.workflow import Kind, Status
from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.errors import CalendarNotCovered
from ipoffice.core.periods import compute_deadline, rule_in_force


class DeadlineView(BaseModel):
    rule_id: str
    label_zh: str
    label_en: str
    start: date
    due: date | None
    moved_from: date | None
    source: str
    problem: str | None = None


# (kind, status) -> (rule id, which date starts it).
RUNNING: dict[tuple[Kind, Status], tuple[str, str]] = {
    (Kind.TRADEMARK, Status.FILED): ("trademark.preliminary_examination", "filing_date"),
    (Kind.TRADEMARK, Status.FORMALITY_EXAMINATION): (
        "trademark.preliminary_examination",
        "filing_date",
    ),
    (Kind.TRADEMARK, Status.SUBSTANTIVE_EXAMINATION): (
        "trademark.preliminary_examination",
        "filing_date",
    ),
    (Kind.TRADEMARK, Status.PRELIMINARY_APPROVAL): ("trademark.opposition", "publication_date"),
}


def running_deadlines(application: Application, calendar: WorkingDayCalendar) -> list[DeadlineView]:
    """Deadlines in force for the application's current status; a deadline that falls in a
    year without an official calendar is shown with the problem instead of a guessed date."""
    key = (Kind(application.kind), Status(application.status))
    if key not in RUNNING:
        return []
    rule_id, start_field = RUNNING[key]
    start: date | None = getattr(application, start_field)
    if start is None:
        return []
    rule = rule_in_force(rule_id, start)
    view = DeadlineView(
        rule_id=rule.id,
        label_zh=rule.title_zh,
        label_en=rule.title_en,
        start=start,
        due=None,
        moved_from=None,
        source=rule.source,
    )
    try:
        deadline = compute_deadline(rule_id, start, calendar=calendar)
    except CalendarNotCovered as exc:
        return [view.model_copy(update={"problem": exc.message})]
    return [view.model_copy(update={"due": deadline.due, "moved_from": deadline.extended_from})]
