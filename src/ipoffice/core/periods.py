"""Legal periods as data, and the deadlines they give on the official working-day calendar.

Each `PeriodRule` is one version of a period: a rule id may have several versions with
non-overlapping effective ranges when the law changed on a date. `compute_deadline` picks the
version in force, counts the period and, for calendar-day and month periods, applies the
holiday rule `PERIOD_END_ON_NON_WORKING_DAY` (itself data, with its source).

Sources marked "verify" have not been checked against the text in force; check them before
relying on them in a decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal, get_args

from ipoffice.core.calendar import WorkingDayCalendar, add_months
from ipoffice.core.errors import InvalidInput

__all__ = [
    "KNOWN_GAPS",
    "PERIOD_END_ON_NON_WORKING_DAY",
    "RULES",
    "Deadline",
    "NonWorkingDayEndRule",
    "PeriodRule",
    "PeriodUnit",
    "compute_deadline",
    "rule_in_force",
    "rule_versions",
    "validate_rules",
]

PeriodUnit = Literal["days", "working_days", "months"]
_UNITS: frozenset[str] = frozenset(get_args(PeriodUnit))


@dataclass(frozen=True)
class PeriodRule:
    """One version of a legal period: `amount` `unit`s, in force from/to the given dates."""

    id: str
    title_zh: str
    title_en: str
    amount: int
    unit: PeriodUnit
    source: str
    effective_from: date
    effective_to: date | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise InvalidInput("a period rule needs an id", field="id")
        if not self.source.strip():
            raise InvalidInput(f"period rule {self.id} needs a source", field="source")
        if self.unit not in _UNITS:
            raise InvalidInput(
                f"period rule {self.id}: unit must be one of {sorted(_UNITS)}, got {self.unit!r}",
                field="unit",
            )
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount < 1:
            raise InvalidInput(
                f"period rule {self.id}: amount must be a positive int, got {self.amount!r}",
                field="amount",
            )
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise InvalidInput(
                f"period rule {self.id}: effective_to {self.effective_to.isoformat()} is before "
                f"effective_from {self.effective_from.isoformat()}",
                field="effective_to",
            )

    def in_force_on(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class NonWorkingDayEndRule:
    """The general rule moving the end of a period off a statutory holiday."""

    id: str
    text_zh: str
    text_en: str
    applies_to_units: frozenset[PeriodUnit]
    source: str


# Chinese law: the day a period starts is not counted; a period in months ends on the
# corresponding day of the last month (the last day of that month if it has no such day); a
# period whose last day is a statutory holiday (法定休假日, which includes rest days) ends on the
# first working day after it. A make-up working day (调休) is a working day, so a period ending on
# it is not extended. Periods counted in working days always end on a working day already.
PERIOD_END_ON_NON_WORKING_DAY = NonWorkingDayEndRule(
    id="general.period_end_on_non_working_day",
    text_zh="期限届满日是法定休假日的，以休假日后的第一个工作日为期限届满日。",
    text_en=(
        "A period whose last day is a statutory holiday or rest day ends on the first working day "
        "after it."
    ),
    applies_to_units=frozenset({"days", "months"}),
    source=(
        "专利法实施细则 (Implementing Regulations of the Patent Law) Rule 5; "
        "民事诉讼法 (Civil Procedure Law), article on 期间; verify article numbers"
    ),
)

_DISPUTE_2025 = "专利纠纷行政裁决和调解办法 (2025), in force 2025-02-01; verify article"
_ENFORCEMENT_2015 = "专利行政执法办法 (2015), in force 2015-07-01; verify article"
_GUIDELINES = "专利审查指南 (Guidelines for Patent Examination) Part II Ch. 8; verify"
_TM_REVISED = "check against the revised Trademark Law in force 2027-01-01"

RULES: tuple[PeriodRule, ...] = (
    PeriodRule(
        id="patent.office_action.first_response",
        title_zh="第一次审查意见通知书答复期限",
        title_en="Response to the first office action",
        amount=4,
        unit="months",
        source=_GUIDELINES,
        effective_from=date(2010, 2, 1),
        note="verify against the Guidelines in force",
    ),
    PeriodRule(
        id="patent.office_action.later_response",
        title_zh="再次审查意见通知书答复期限",
        title_en="Response to a later office action",
        amount=2,
        unit="months",
        source=_GUIDELINES,
        effective_from=date(2010, 2, 1),
        note="verify against the Guidelines in force",
    ),
    PeriodRule(
        id="patent.dispute.acceptance_decision",
        title_zh="专利侵权纠纷处理请求受理决定",
        title_en="Decision whether to accept a request to handle a patent dispute",
        amount=5,
        unit="working_days",
        source=_DISPUTE_2025,
        effective_from=date(2025, 2, 1),
        note="verify article",
    ),
    PeriodRule(
        id="patent.dispute.service_on_respondent",
        title_zh="请求书副本送达被请求人",
        title_en="Service of the request on the respondent",
        amount=5,
        unit="working_days",
        source=_DISPUTE_2025,
        effective_from=date(2025, 2, 1),
        note="verify article",
    ),
    PeriodRule(
        id="patent.dispute.answer",
        title_zh="被请求人提交答辩书",
        title_en="Respondent's answer",
        amount=15,
        unit="days",
        source=_DISPUTE_2025,
        effective_from=date(2025, 2, 1),
        note="verify article",
    ),
    PeriodRule(
        id="patent.dispute.closure",
        title_zh="专利侵权纠纷案件结案期限",
        title_en="Closure of a patent dispute case",
        amount=3,
        unit="months",
        source=_ENFORCEMENT_2015,
        effective_from=date(2015, 7, 1),
        effective_to=date(2025, 1, 31),
        note="superseded by 专利纠纷行政裁决和调解办法 on 2025-02-01; verify article",
    ),
    PeriodRule(
        id="patent.dispute.closure",
        title_zh="专利侵权纠纷案件结案期限",
        title_en="Closure of a patent dispute case",
        amount=3,
        unit="months",
        source=_DISPUTE_2025,
        effective_from=date(2025, 2, 1),
        note="verify article",
    ),
    PeriodRule(
        id="patent.dispute.closure_extension",
        title_zh="专利侵权纠纷案件结案期限延长",
        title_en="Extension of the closure period of a patent dispute case",
        amount=1,
        unit="months",
        source=_ENFORCEMENT_2015,
        effective_from=date(2015, 7, 1),
        effective_to=date(2025, 1, 31),
        note="superseded by 专利纠纷行政裁决和调解办法 on 2025-02-01; verify article",
    ),
    PeriodRule(
        id="patent.dispute.closure_extension",
        title_zh="专利侵权纠纷案件结案期限延长",
        title_en="Extension of the closure period of a patent dispute case",
        amount=2,
        unit="months",
        source=_DISPUTE_2025,
        effective_from=date(2025, 2, 1),
        note="verify article",
    ),
    PeriodRule(
        id="patent.dispute.appeal",
        title_zh="不服处理决定向人民法院起诉",
        title_en="Action in court against the dispute decision",
        amount=15,
        unit="days",
        source="Patent Law Art. 65",
        effective_from=date(2021, 6, 1),
        note=(
            "effective_from is the entry into force of the 2020 revision, whose numbering gives "
            "Art. 65; the 15-day period existed before under another article number; verify"
        ),
    ),
    PeriodRule(
        id="trademark.preliminary_examination",
        title_zh="商标注册申请初步审定期限",
        title_en="Preliminary examination of a trademark application",
        amount=9,
        unit="months",
        source="Trademark Law 2019 Art. 28",
        effective_from=date(2019, 11, 1),
    ),
    PeriodRule(
        id="trademark.opposition",
        title_zh="商标异议期",
        title_en="Trademark opposition period",
        amount=3,
        unit="months",
        source="Trademark Law 2019 Art. 33",
        effective_from=date(2019, 11, 1),
        effective_to=date(2026, 12, 31),
    ),
    PeriodRule(
        id="trademark.opposition",
        title_zh="商标异议期",
        title_en="Trademark opposition period",
        amount=2,
        unit="months",
        source="Trademark Law (revised 2026)",
        effective_from=date(2027, 1, 1),
        note="revised Trademark Law adopted 2026-06-26; verify",
    ),
    # Trademark review and opposition periods (trademarks/examination_periods.py). The revised
    # Trademark Law in force 2027-01-01 may renumber or change them: each note says so.
    PeriodRule(
        id="trademark.refusal_review.request",
        title_zh="驳回复审申请期限",
        title_en="Request for review of a refusal",
        amount=15,
        unit="days",
        source="Trademark Law 2019 Art. 34",
        effective_from=date(2019, 11, 1),
        note=_TM_REVISED,
    ),
    PeriodRule(
        id="trademark.refusal_review.decision",
        title_zh="驳回复审审理期限",
        title_en="Decision on a review of a refusal",
        amount=9,
        unit="months",
        source="Trademark Law 2019 Art. 34",
        effective_from=date(2019, 11, 1),
        note=_TM_REVISED,
    ),
    PeriodRule(
        id="trademark.refusal_review.extension",
        title_zh="驳回复审审理期限延长",
        title_en="Extension of the decision period of a refusal review (with approval)",
        amount=3,
        unit="months",
        source="Trademark Law 2019 Art. 34",
        effective_from=date(2019, 11, 1),
        note=_TM_REVISED,
    ),
    PeriodRule(
        id="trademark.opposition.answer",
        title_zh="被异议人答辩期限",
        title_en="Opposed applicant's answer to an opposition",
        amount=30,
        unit="days",
        source="商标法实施条例 (Implementing Regulations of the Trademark Law, 2014) Art. 27",
        effective_from=date(2014, 5, 1),
        note="counted from receipt of the copy of the opposition; verify article",
    ),
    PeriodRule(
        id="trademark.opposition.decision",
        title_zh="异议审查决定期限",
        title_en="Decision on an opposition",
        amount=12,
        unit="months",
        source="Trademark Law 2019 Art. 35",
        effective_from=date(2019, 11, 1),
        note="counted from the end of the opposition period; " + _TM_REVISED,
    ),
    PeriodRule(
        id="trademark.opposition.extension",
        title_zh="异议审查决定期限延长",
        title_en="Extension of the opposition decision period (with approval)",
        amount=6,
        unit="months",
        source="Trademark Law 2019 Art. 35",
        effective_from=date(2019, 11, 1),
        note=_TM_REVISED,
    ),
    PeriodRule(
        id="trademark.non_registration_review.request",
        title_zh="不予注册复审申请期限",
        title_en="Request for review of a decision not to register",
        amount=15,
        unit="days",
        source="Trademark Law 2019 Art. 35",
        effective_from=date(2019, 11, 1),
        note=_TM_REVISED,
    ),
    PeriodRule(
        id="trademark.non_registration_review.decision",
        title_zh="不予注册复审审理期限",
        title_en="Decision on a review of a decision not to register",
        amount=12,
        unit="months",
        source="Trademark Law 2019 Art. 35",
        effective_from=date(2019, 11, 1),
        note=_TM_REVISED,
    ),
    PeriodRule(
        id="trademark.non_registration_review.extension",
        title_zh="不予注册复审审理期限延长",
        title_en="Extension of the decision period of a non-registration review (with approval)",
        amount=6,
        unit="months",
        source="Trademark Law 2019 Art. 35",
        effective_from=date(2019, 11, 1),
        note=_TM_REVISED,
    ),
    PeriodRule(
        id="patent.pledge.registration",
        title_zh="专利权质押登记审查",
        title_en="Examination of a patent pledge registration",
        amount=7,
        unit="working_days",
        source="专利权质押登记办法; verify",
        effective_from=date(2021, 11, 15),
        note="effective_from and article to verify",
    ),
    # Patent dispute cases accepted before 2025-02-01 follow the 2015 Measures throughout.
    PeriodRule(
        id="patent.dispute.acceptance_decision",
        title_zh="专利侵权纠纷处理请求受理决定",
        title_en="Decision whether to accept a request to handle a patent dispute",
        amount=5,
        unit="working_days",
        source=_ENFORCEMENT_2015,
        effective_from=date(2015, 7, 1),
        effective_to=date(2025, 1, 31),
        note="2015 Measures Art. 13 as understood; superseded on 2025-02-01; verify article",
    ),
    PeriodRule(
        id="patent.dispute.service_on_respondent",
        title_zh="请求书副本送达被请求人",
        title_en="Service of the request on the respondent",
        amount=5,
        unit="working_days",
        source=_ENFORCEMENT_2015,
        effective_from=date(2015, 7, 1),
        effective_to=date(2025, 1, 31),
        note="2015 Measures Art. 14 as understood; superseded on 2025-02-01; verify article",
    ),
    PeriodRule(
        id="patent.dispute.answer",
        title_zh="被请求人提交答辩书",
        title_en="Respondent's answer",
        amount=15,
        unit="days",
        source=_ENFORCEMENT_2015,
        effective_from=date(2015, 7, 1),
        effective_to=date(2025, 1, 31),
        note="2015 Measures Art. 14 as understood; superseded on 2025-02-01; verify article",
    ),
)

# Periods of time in which a rule id deliberately has no version in force:
# (rule id, first day of the gap, last day of the gap, why). Anything else between two versions
# is an error reported by validate_rules.
KNOWN_GAPS: tuple[tuple[str, date, date, str], ...] = ()


def rule_versions(rule_id: str, rules: Iterable[PeriodRule] = RULES) -> tuple[PeriodRule, ...]:
    """All versions of `rule_id`, oldest first."""
    return tuple(sorted((r for r in rules if r.id == rule_id), key=lambda r: r.effective_from))


def validate_rules(
    rules: Iterable[PeriodRule] = RULES,
    gaps: Iterable[tuple[str, date, date, str]] = KNOWN_GAPS,
) -> list[str]:
    """Problems in a rule table: overlaps, undeclared gaps, an open-ended version before another."""
    all_rules = tuple(rules)
    declared = {(rule_id, first, last) for rule_id, first, last, _ in gaps}
    problems: list[str] = []
    for rule_id in sorted({r.id for r in all_rules}):
        versions = rule_versions(rule_id, all_rules)
        for earlier, later in zip(versions, versions[1:], strict=False):
            if earlier.effective_to is None:
                problems.append(
                    f"{rule_id}: version from {earlier.effective_from.isoformat()} has no "
                    f"effective_to but a later version starts {later.effective_from.isoformat()}"
                )
                continue
            if later.effective_from <= earlier.effective_to:
                problems.append(
                    f"{rule_id}: version from {earlier.effective_from.isoformat()} (to "
                    f"{earlier.effective_to.isoformat()}) overlaps the version from "
                    f"{later.effective_from.isoformat()}"
                )
                continue
            gap_first = earlier.effective_to + timedelta(days=1)
            gap_last = later.effective_from - timedelta(days=1)
            if gap_first <= gap_last and (rule_id, gap_first, gap_last) not in declared:
                problems.append(
                    f"{rule_id}: no version in force from {gap_first.isoformat()} to "
                    f"{gap_last.isoformat()} and the gap is not declared in KNOWN_GAPS"
                )
    return problems


def rule_in_force(rule_id: str, on: date) -> PeriodRule:
    """The version of `rule_id` in force on `on`."""
    if isinstance(on, datetime) or not isinstance(on, date):
        raise InvalidInput(f"'on' must be a date, got {on!r}", field="on")
    versions = rule_versions(rule_id)
    if not versions:
        raise InvalidInput(f"unknown period rule {rule_id!r}", field="rule_id")
    for version in versions:
        if version.in_force_on(on):
            return version
    first = versions[0]
    if on < first.effective_from:
        raise InvalidInput(
            f"period rule {rule_id!r} has no version before {first.effective_from.isoformat()}; "
            f"{on.isoformat()} is earlier",
            field="on",
        )
    raise InvalidInput(f"period rule {rule_id!r} has no version in force on {on.isoformat()}")


@dataclass(frozen=True)
class Deadline:
    """A computed deadline. `extended_from`: the raw end date, when it was not a working day and
    the deadline moved to the next working day; otherwise None."""

    rule: PeriodRule
    start: date
    due: date
    extended_from: date | None


def compute_deadline(
    rule_id: str, start: date, *, on: date | None = None, calendar: WorkingDayCalendar
) -> Deadline:
    """The deadline of `rule_id` for a period starting on `start` (the start day is not counted).

    The version applied is the one in force on `on` (default: `start`).
    """
    if isinstance(start, datetime) or not isinstance(start, date):
        raise InvalidInput(f"start must be a date, got {start!r}", field="start")
    rule = rule_in_force(rule_id, start if on is None else on)
    if rule.unit == "working_days":
        raw_end = calendar.add_working_days(start, rule.amount)
    elif rule.unit == "days":
        raw_end = start + timedelta(days=rule.amount)
    else:
        raw_end = add_months(start, rule.amount)
    if rule.unit not in PERIOD_END_ON_NON_WORKING_DAY.applies_to_units:
        return Deadline(rule=rule, start=start, due=raw_end, extended_from=None)
    due = calendar.on_or_after_working_day(raw_end)
    return Deadline(
        rule=rule, start=start, due=due, extended_from=raw_end if due != raw_end else None
    )
