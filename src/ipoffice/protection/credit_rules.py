"""The IP credit rules as data: the seven items of dishonest conduct, how long a listing lasts and
how far a repeat offence extends it, when credit repair may be applied for, and the measures
taken against a listed subject. Each entry carries its source and dates of effect.

Source: 国家知识产权局知识产权信用管理规定 (CNIPA IP credit management rules), in force
2022-01-24. Sources marked "verify" come from secondary material (RULES.md, the 2021 draft, a
local rule) and must be checked against the text in force before a decision relies on them.

How a listing period is counted (`listing_period`): the period of `months` starts on the day of
the listing; following the Civil Code Art. 201-202 (a period counted in months or years does not
count its first day and ends on the corresponding day of the last month, or the last day of that
month when it has no such day), a 1-year listing decided on 2026-03-01 ends on 2027-03-01, which
is the last day the subject is on the list. The end is not moved off a holiday: that rule
(Civil Code Art. 203) is for time limits within which a party must act, and a listing is the
duration of a measure, not such a limit (verify). Because of this, and unlike
`ipoffice.core.periods`, these periods need no working-day calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from ipoffice.core.calendar import add_months
from ipoffice.core.errors import InvalidInput

__all__ = [
    "CONDUCT_ITEMS",
    "CREDIT_RULES_SOURCE",
    "LISTING_RULES",
    "MEASURES",
    "REPAIR_RULES",
    "ConductItem",
    "ListingRule",
    "Measure",
    "RepairRule",
    "conduct_item",
    "extended_end",
    "listing_period",
    "listing_rule",
    "measures_in_force",
    "repair_rule",
]

CREDIT_RULES_SOURCE = "国家知识产权局知识产权信用管理规定, in force 2022-01-24"
IN_FORCE = date(2022, 1, 24)


@dataclass(frozen=True)
class _Dated:
    effective_from: date
    effective_to: date | None

    def in_force_on(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


_T = TypeVar("_T", bound=_Dated)


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


def _item(code: str, number: int, zh: str, en: str, note: str = "") -> ConductItem:
    return ConductItem(
        code=code,
        item=number,
        title_zh=zh,
        title_en=en,
        # Listed for 1 year; a repeat offence extends it (`LISTING_RULES`).
        listing_months=12,
        source=f"{CREDIT_RULES_SOURCE}; item ({number}); listing duration: verify article",
        effective_from=IN_FORCE,
        note=note,
    )


CONDUCT_ITEMS: tuple[ConductItem, ...] = (
    _item(
        "abnormal_patent_application",
        1,
        "不以保护创新为目的的非正常专利申请行为",
        "Abnormal patent applications not aimed at protecting innovation",
        "an abnormal filing corrected promptly with its consequences removed may be exempted; "
        "credit repair may be applied for (verify)",
    ),
    _item(
        "malicious_trademark_application",
        2,
        "不以使用为目的的恶意商标注册申请行为",
        "Malicious trademark applications not intended for use",
    ),
    _item(
        "illegal_agency_conduct",
        3,
        "违反法律、行政法规和规章规定，从事专利、商标代理并受到国家知识产权局行政处罚",
        "Illegal patent or trademark agency conduct punished by CNIPA",
    ),
    _item(
        "false_materials",
        4,
        "提交虚假材料、隐瞒重要事实申请行政确认",
        "False materials or concealed facts in an application for administrative confirmation",
    ),
    _item(
        "credit_commitment_breach",
        5,
        "适用信用承诺被认定承诺不实或未履行承诺",
        "Credit commitment found untrue or not honoured",
    ),
    _item(
        "evading_penalties",
        6,
        "对已生效的行政处罚决定、行政裁决等有履行能力但拒不履行、逃避执行",
        "Refusing or evading effective administrative penalties or rulings while able to comply",
    ),
    _item(
        "other_catalogued_conduct",
        7,
        "其他被列入知识产权领域公共信用信息具体条目且应被认定为失信的行为",
        "Other conduct in the public credit information catalogue of the IP field",
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
    """The listing period decided on `start`: (start, end), `end` the last day on the list, the
    same day `listing_months` later (the last day of the month when that month has no such
    day); see the module docstring for how this is counted."""
    if not item.in_force_on(start):
        raise InvalidInput(
            f"conduct item {item.code} is not in force on {start.isoformat()}", field="start"
        )
    return start, add_months(start, item.listing_months)


@dataclass(frozen=True)
class ListingRule(_Dated):
    """How a repeat offence during a listing extends it, and the longest a listing may last."""

    extension_months: int
    max_months: int
    source: str
    note: str = ""


LISTING_RULES: tuple[ListingRule, ...] = (
    ListingRule(
        effective_from=IN_FORCE,
        effective_to=None,
        extension_months=12,
        max_months=36,
        source=f"{CREDIT_RULES_SOURCE}; extension by 1 year per repeat offence: verify article",
        note="a repeat offence during the listing extends it; at most 3 years in total",
    ),
)


@dataclass(frozen=True)
class RepairRule(_Dated):
    """How long after the start of a listing credit repair may be applied for."""

    waiting_months: int
    source: str
    note: str = ""


REPAIR_RULES: tuple[RepairRule, ...] = (
    RepairRule(
        effective_from=IN_FORCE,
        effective_to=None,
        # Kept as data so an office replaces it with the rule that binds it, by date.
        waiting_months=6,
        source=f"{CREDIT_RULES_SOURCE}; 6-month waiting time from a local rule and the 2021 "
        "draft: verify",
        note="an officer other than the one who listed reviews the application",
    ),
)


def _in_force(rows: tuple[_T, ...], on: date, what: str) -> _T:
    for row in rows:
        if row.in_force_on(on):
            return row
    raise InvalidInput(f"no {what} rule is in force on {on.isoformat()}", field="on")


def listing_rule(on: date) -> ListingRule:
    return _in_force(LISTING_RULES, on, "listing")


def repair_rule(on: date) -> RepairRule:
    return _in_force(REPAIR_RULES, on, "credit repair")


def extended_end(start: date, current_end: date, rule: ListingRule) -> date:
    """The end after one more extension: `extension_months` beyond the current end, never
    beyond `max_months` from the start."""
    return min(add_months(current_end, rule.extension_months), add_months(start, rule.max_months))


@dataclass(frozen=True)
class Measure(_Dated):
    """A measure taken against a listed subject."""

    code: str
    title_zh: str
    title_en: str
    source: str


def _measure(code: str, zh: str, en: str) -> Measure:
    return Measure(
        effective_from=IN_FORCE,
        effective_to=None,
        code=code,
        title_zh=zh,
        title_en=en,
        source=f"{CREDIT_RULES_SOURCE}; measures against dishonest subjects: verify article",
    )


MEASURES: tuple[Measure, ...] = (
    _measure(
        "fee_reduction_review",
        "从严审批专利费用减缴请求",
        "Stricter review of patent fee reduction requests",
    ),
    _measure(
        "priority_examination_review",
        "从严审批专利、商标优先审查请求",
        "Stricter review of priority examination requests for patents and trademarks",
    ),
    _measure(
        "state_funded_projects_review",
        "从严审批国家知识产权局财政资金项目",
        "Stricter review of projects funded by CNIPA's state budget",
    ),
    _measure(
        "no_awards",
        "不得参评国家知识产权局评优评先",
        "Not eligible for CNIPA awards and honours",
    ),
    _measure(
        "no_demonstration_status",
        "不得参评知识产权示范企业和优势企业",
        "Not eligible for IP demonstration or advantage enterprise status",
    ),
    _measure(
        "more_inspections",
        "列为重点监管对象，提高检查频次",
        "Closer supervision: more frequent inspections",
    ),
)


def measures_in_force(on: date) -> list[Measure]:
    return [m for m in MEASURES if m.in_force_on(on)]
