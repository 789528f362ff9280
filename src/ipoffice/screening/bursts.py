"""Monthly filing series and their bursts, shared by the volume (Art. 3(5)) and agency
(Art. 3(7)) detectors: the month an application is placed in, comparison keys for people, the
own-history burst test, and the history of earlier counts from the office's store.

An application is placed in the calendar month of its filing date, or of its priority or
publication date when the filing date is missing; with none of them, or dated after the
screening date, it is not placed. A burst of a series is a month (or a quarter holding no
burst month) with at least `MIN_BURST_COUNT` (`MIN_QUARTER_COUNT`) applications, at least
`OWN_FACTOR` times the series' own baseline (the mean of up to `BASELINE_MONTHS` earlier months,
earlier bursts left out, floored at `BASELINE_FLOOR`), with a Poisson upper tail probability
under that baseline of at most `OWN_P_MAX`.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ipoffice.patents.document import PatentDocument
from ipoffice.patents.document import ipc_subclass as _ipc_subclass
from ipoffice.screening.detector import ScreeningContext
from ipoffice.text.normalize import normalize

# Fewer than 20 applications in a month is within what a small firm with a real project can file.
MIN_BURST_COUNT = 20
# A flood spread over a quarter ("先后提交"): 40 in three months is twice a busy small firm's rate.
QUARTER_MONTHS = 3
MIN_QUARTER_COUNT = 40
# The count must be five times the entity's own usual month: steady growth never jumps that much.
OWN_FACTOR = 5.0
# The baseline looks back a year: it spans seasonal filing and still follows real growth.
BASELINE_MONTHS = 12
# At least three earlier months in the window, or there is no own history to judge against.
MIN_BASELINE_MONTHS = 3
# An entity never seen before is taken to file one application every two months, not zero.
BASELINE_FLOOR = 0.5
# Poisson tail bound: with ~10^5 entity-months per year, at most ~0.1 chance events reach it.
OWN_P_MAX = 1e-6
# The evidence shows at most the last three years of a series.
MAX_SERIES_MONTHS = 36

# IPC symbols repeat across applications: their subclass is looked up once.
ipc_subclass = functools.lru_cache(maxsize=1 << 16)(_ipc_subclass)
_PERSON_NOISE = re.compile(r"[\s.·•\-_,，、]+")


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def parse_month(label: str) -> int:
    """`"2024-03"` -> month index; ValueError for anything else."""
    year, _, month = label.partition("-")
    if not (year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        raise ValueError(f"not a month (YYYY-MM): {label!r}")
    return int(year) * 12 + int(month) - 1


def filing_month(doc: PatentDocument, as_of: date) -> tuple[int | None, str]:
    """The month an application is placed in and which date gave it; None when undated or
    dated after `as_of` (a date in the future is a data error, not a filing)."""
    for source, day in (
        ("filing", doc.filing_date),
        ("priority", doc.priority_date),
        ("publication", doc.publication_date),
    ):
        if day is not None:
            return (month_index(day), source) if day <= as_of else (None, "after_as_of")
    return None, "none"


@functools.lru_cache(maxsize=1 << 16)
def person_key(name: str) -> str:
    """An inventor's or agent's name for comparison: width, case, script, spacing, dots. Cached:
    the same people are named on many applications."""
    return _PERSON_NOISE.sub("", normalize(name))


def entities_of(doc: PatentDocument, context: ScreeningContext) -> tuple[str, ...]:
    """The distinct resolved entities among the applicants, in order of appearance."""
    out: dict[str, None] = {}
    for name in doc.applicants:
        if name.strip():
            out.setdefault(context.entity_of(name), None)
    return tuple(out)


def poisson_tail(count: int, mean: float) -> float:
    """P(X >= count) for X ~ Poisson(mean): the first term in log space times the sum of the
    following terms' ratios to it (each the previous times mean / k), so nothing underflows
    before the end (a result below ~1e-308 is 0.0)."""
    if count <= 0:
        return 1.0
    first = count * math.log(mean) - mean - math.lgamma(count + 1)
    ratio, total, k = 1.0, 1.0, count
    while ratio > total * 1e-16 or k <= mean:
        k += 1
        ratio *= mean / k
        total += ratio
    return min(1.0, math.exp(first) * total)


@dataclass(frozen=True)
class FilingHistory:
    """Monthly application counts per entity from before the batch (the office's store), so a
    burst is judged against more than the batch itself. Months from `start` to `end` that an
    entity has no count for are zero, so the history must cover every applicant that filed in
    those months (an office's store does); a partial history makes the others look new. The
    counts are added to the batch's, so they must not include the batch's own applications."""

    counts: Mapping[str, Mapping[str, int]]  # entity -> "YYYY-MM" -> applications
    start: str  # first month covered, "YYYY-MM"
    end: str  # last month covered

    def __post_init__(self) -> None:
        if parse_month(self.start) > parse_month(self.end):
            raise ValueError("history start is after its end")
        for months in self.counts.values():
            for label, count in months.items():
                parse_month(label)
                if count < 0:
                    raise ValueError("a monthly count cannot be negative")

    @classmethod
    def from_names(
        cls,
        counts: Mapping[str, Mapping[str, int]],
        start: str,
        end: str,
        context: ScreeningContext,
    ) -> FilingHistory:
        """History counted per applicant name as written, merged per resolved entity."""
        merged: dict[str, Counter[str]] = defaultdict(Counter)
        for name in sorted(counts):
            merged[context.entity_of(name)].update(counts[name])
        return cls({e: dict(c) for e, c in sorted(merged.items())}, start, end)


@dataclass(frozen=True)
class OwnBurst:
    first: int  # first month of the burst
    month: int  # last month (the same for a one-month burst)
    count: int
    baseline: float  # mean applications a month before it
    baseline_months: int
    tail: float

    @property
    def months(self) -> range:
        return range(self.first, self.month + 1)


def own_bursts(counts: Mapping[int, int], start: int, end: int) -> list[OwnBurst]:
    """Bursts of one series that pass tests 1-3 (count, factor over own baseline, Poisson tail):
    single months first, then quarters (`QUARTER_MONTHS`) holding no burst month, each in
    month order; burst months are left out of later baselines."""
    bursts: list[OwnBurst] = []
    taken: set[int] = set()
    active = {m for m, c in counts.items() if c and start <= m <= end}
    for span, minimum in ((1, MIN_BURST_COUNT), (QUARTER_MONTHS, MIN_QUARTER_COUNT)):
        ends = sorted({m + k for m in active for k in range(span) if m + k <= end})
        for last in ends:
            first = last - span + 1
            window = range(first, last + 1)
            if first < start or taken.intersection(window):
                continue
            count = sum(counts.get(m, 0) for m in window)
            if count < minimum:
                continue
            earlier = [
                m for m in range(max(start, first - BASELINE_MONTHS), first) if m not in taken
            ]
            if len(earlier) < MIN_BASELINE_MONTHS:
                continue
            baseline = sum(counts.get(m, 0) for m in earlier) / len(earlier)
            expected = span * max(baseline, BASELINE_FLOOR)
            if count < OWN_FACTOR * expected:
                continue
            tail = poisson_tail(count, expected)
            if tail <= OWN_P_MAX:
                bursts.append(OwnBurst(first, last, count, baseline, len(earlier), tail))
                taken.update(window)
    return bursts


def series(counts: Mapping[int, int], start: int, end: int) -> dict[str, int]:
    """The monthly series as label -> count, at most the last `MAX_SERIES_MONTHS` months."""
    first = max(start, end - MAX_SERIES_MONTHS + 1)
    return {month_label(m): counts.get(m, 0) for m in range(first, end + 1)}
