"""Vocabularies and office rules of clue transfer, as data with their source.

No national rule fixes how many days a bureau has to handle a clue another bureau sends it: the
CNIPA administrative protection work plans of 2021-2025 ask for cross-regional and
cross-departmental transfer of clues with feedback, without a number of days. The handling
period is therefore set by the sender within bounds the office chose (`HANDLING_PERIODS`),
counted in working days on the official calendar. Check the bounds against local rules before
relying on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.divisions import division_name, validate_division_code
from ipoffice.core.errors import InvalidInput

# The national office (CNIPA) sends clues drafted from its screening of filings. It is not a
# GB/T 2260 code (province 10 does not exist), so it can never be given as a receiver.
NATIONAL_DESK = "100000"
NATIONAL_LABEL = ("国家知识产权局", "CNIPA (national office)")

# Where a clue came from. `screening` clues are made by `do_transfer_screening_clue` only.
SOURCE_KINDS: dict[str, tuple[str, str]] = {
    "screening": ("非正常申请筛查", "Screening of filings"),
    "ecommerce_platform": ("电商平台", "E-commerce platform"),
    "exhibition": ("展会", "Exhibition"),
    "region_bureau": ("其他地区知识产权局", "Another region's IP office"),
    "market_regulation": ("市场监管部门", "Market regulation"),
    "customs": ("海关", "Customs"),
    "court": ("人民法院", "Court"),
    "public_security": ("公安机关", "Public security"),
    "public_report": ("举报投诉", "Report or complaint"),
    "other": ("其他", "Other"),
}

# The department of the receiving region a clue is addressed to. The region's enforcement
# officers hold the desk for all of them: they acknowledge and record each department's answer.
DEPARTMENTS: dict[str, tuple[str, str]] = {
    "ip_office": ("知识产权管理部门", "IP office"),
    "market_regulation": ("市场监管部门", "Market regulation"),
    "customs": ("海关", "Customs"),
    "court": ("人民法院", "Court"),
    "public_security": ("公安机关", "Public security"),
    "other": ("其他部门", "Other department"),
}

CATEGORIES: dict[str, tuple[str, str]] = {
    "patent_infringement": ("专利侵权", "Patent infringement"),
    "patent_counterfeiting": ("假冒专利", "Patent counterfeiting"),
    "trademark_infringement": ("商标侵权", "Trademark infringement"),
    "geographical_indication": ("地理标志", "Geographical indication"),
    "abnormal_patent_filing": ("非正常专利申请", "Abnormal patent filing"),
    "malicious_trademark_filing": ("恶意商标注册申请", "Malicious trademark filing"),
    "agency_misconduct": ("代理违法违规", "Agency misconduct"),
    "other": ("其他", "Other"),
}

# Outcomes of a hop. `passed_on` is written by passing the clue on, never given as feedback.
OUTCOMES: dict[str, tuple[str, str]] = {
    "case_opened": ("已立案", "Case opened"),
    "no_infringement": ("未发现侵权或违法行为", "No infringement found"),
    "passed_on": ("已转交他处", "Passed on"),
    "not_competent": ("不属于本部门管辖", "Not within competence"),
}
FEEDBACK_OUTCOMES = ("case_opened", "no_infringement", "not_competent")


@dataclass(frozen=True)
class HandlingPeriod:
    """Bounds of the handling period a sender may set, in working days, with its source."""

    minimum: int
    default: int
    maximum: int
    source: str
    effective_from: date
    effective_to: date | None = None
    note: str = ""

    def in_force_on(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


HANDLING_PERIODS: tuple[HandlingPeriod, ...] = (
    HandlingPeriod(
        minimum=5,
        default=20,
        maximum=60,
        source=(
            "office practice: the CNIPA administrative protection work plans 2021-2025 ask for "
            "clue transfer with feedback but set no period"
        ),
        effective_from=date(2021, 1, 1),
        note="bounds chosen by the office; verify against local rules",
    ),
)


def handling_period(on: date) -> HandlingPeriod:
    for period in HANDLING_PERIODS:
        if period.in_force_on(on):
            return period
    raise InvalidInput(
        f"no handling period for clues is in force on {on.isoformat()}", field="due_working_days"
    )


def due_date(
    on: date, working_days: int | None, *, calendar: WorkingDayCalendar
) -> tuple[int, date]:
    """(working days, due date) for a hop starting on `on`; the start day is not counted."""
    period = handling_period(on)
    days = period.default if working_days is None else working_days
    if not period.minimum <= days <= period.maximum:
        raise InvalidInput(
            f"the handling period must be {period.minimum} to {period.maximum} working days "
            f"({period.source}); got {days}",
            field="due_working_days",
        )
    return days, calendar.add_working_days(on, days)


def receiver_code(code: str, *, field: str = "receiver_region") -> str:
    """A receiving region: a valid GB/T 2260 code (the national desk never receives)."""
    return validate_division_code(code, field=field)


def desk_name(code: str, lang: str = "zh") -> str:
    if code == NATIONAL_DESK:
        return NATIONAL_LABEL[1] if lang == "en" else NATIONAL_LABEL[0]
    return division_name(code, "en" if lang == "en" else "zh")
