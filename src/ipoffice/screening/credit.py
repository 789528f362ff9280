"""Dishonest-conduct items of the IP credit rules, as data with their source and dates of effect.

A credit record proposed from screening findings names one `ConductItem`. Only item (1),
"abnormal patent application", follows from Order No. 77 screening; the other items of the
rules (malicious trademark filings, illegal agency conduct, ...) come from other procedures and
are added here when the platform handles them.

A record proposed now carries no listing period: the period starts when the decision is taken
(`listing_period`), which is a later, separate human step. Sources marked "verify" have not been
checked against the text in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ipoffice.core.calendar import add_months
from ipoffice.core.errors import InvalidInput

__all__ = ["CONDUCT_ITEMS", "CREDIT_RULES_SOURCE", "ConductItem", "conduct_item", "listing_period"]

CREDIT_RULES_SOURCE = "国家知识产权局知识产权信用管理规定, in force 2022-01-24"


@dataclass(frozen=True)
class ConductItem:
    """One item of the list of dishonest conduct, with how long a listing for it lasts."""

    code: str
    item: int  # the item's number in the rules' list
    title_zh: str
    title_en: str
    listing_months: int
    source: str
    effective_from: date
    effective_to: date | None = None
    note: str = ""

    def in_force_on(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


CONDUCT_ITEMS: tuple[ConductItem, ...] = (
    ConductItem(
        code="abnormal_patent_application",
        item=1,
        title_zh="不以保护创新为目的的非正常专利申请行为",
        title_en="Abnormal patent applications not aimed at protecting innovation",
        # Listed for 1 year; extended (up to 3 years) only by a new decision on a new offence.
        listing_months=12,
        source=f"{CREDIT_RULES_SOURCE}; listing duration: verify article",
        effective_from=date(2022, 1, 24),
        note=(
            "an abnormal filing corrected promptly with its consequences removed may be "
            "exempted; credit repair may be applied for (verify)"
        ),
    ),
)


def conduct_item(code: str, on: date | None = None) -> ConductItem:
    """The item with this code (in force on `on`, when given)."""
    for item in CONDUCT_ITEMS:
        if item.code == code and (on is None or item.in_force_on(on)):
            return item
    known = ", ".join(sorted({i.code for i in CONDUCT_ITEMS}))
    when = f" in force on {on.isoformat()}" if on else ""
    raise InvalidInput(f"unknown conduct {code!r}{when}; known: {known}", field="conduct")


def listing_period(item: ConductItem, start: date) -> tuple[date, date]:
    """The listing period decided on `start`: [start, end), end the same day `listing_months`
    later (the last day of the month when that month has no such day)."""
    if not item.in_force_on(start):
        raise InvalidInput(
            f"conduct item {item.code} is not in force on {start.isoformat()}", field="start"
        )
    return start, add_months(start, item.listing_months)
