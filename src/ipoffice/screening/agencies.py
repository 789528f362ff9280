"""Order No. 77 Art. 3(7): agencies and patent attorneys acting for, inducing or helping abnormal
filings.

The detectors that ran before this one (`context.earlier`, application id -> findings) mark the
applications that show one of the other behaviours. For every agency (its name reduced to the
comparison key of `ipoffice.screening.names.name_key`, so spellings of one agency count as one)
the detector counts its applications in the batch and how many of them are flagged, and compares
that share with the share over all applications filed through an agency:

- the Wilson lower bound (one-sided, `Z`) of the agency's share must be at least `RATE_RATIO`
  times the overall share: the agency's rate is high even allowing for its small numbers;
- the binomial upper tail probability of its flagged count under the overall share must be at
  most `FAMILY_ALPHA` divided by the number of agencies tested (a Bonferroni bound, so the
  thousands of agencies of a national batch do not produce chance hits);
- at least `MIN_APPLICATIONS` applications and `MIN_FLAGGED` flagged ones.

Patent attorneys (`doc.agents`, keyed by agency and name, since names repeat across agencies) are
tested the same way from `MIN_AGENT_APPLICATIONS`. Every application of a flagged agency or
attorney that itself carries an earlier finding gets a finding with the figures; the agency's
monthly volume and its bursts (the own-history test of `ipoffice.screening.volume`) are shown and
add to the score. `agency_rows` gives the same figures for every agency, for a risk score per
agency.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ipoffice.patents.document import PatentDocument
from ipoffice.screening.bursts import (
    filing_month,
    month_index,
    month_label,
    own_bursts,
    person_key,
    series,
)
from ipoffice.screening.detector import Findings, ScreeningContext
from ipoffice.screening.findings import Finding
from ipoffice.screening.names import party_key
from ipoffice.screening.risk import wilson_lower_bound

BEHAVIOUR = "agency_involvement"

# Below 20 applications an agency's share moves by 5 points with each application.
MIN_APPLICATIONS = 20
MIN_AGENT_APPLICATIONS = 10
# Fewer than five flagged applications is an accident of clients, not a practice.
MIN_FLAGGED = 5
# Twice the overall share, at the lower bound: a practice, not noise in the other detectors.
RATE_RATIO = 2.0
# One-sided 99 % normal quantile: a strict bound, because every agency is tested.
Z = 2.326
# Chance of any false agency hit per batch, before the rate test, under the overall share.
FAMILY_ALPHA = 0.01
# A month of the agency's own filings in a burst adds this much to the score.
BURST_BONUS = 0.1
MAX_RELATED = 50


def binomial_tail(successes: int, trials: int, p: float) -> float:
    """P(X >= successes) for X ~ Binomial(trials, p): the first term in log space times the sum
    of the following terms' ratios to it, so nothing underflows before the end."""
    if successes <= 0:
        return 1.0
    if successes > trials or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    first = (
        math.lgamma(trials + 1)
        - math.lgamma(successes + 1)
        - math.lgamma(trials - successes + 1)
        + successes * math.log(p)
        + (trials - successes) * math.log1p(-p)
    )
    odds = p / (1 - p)
    ratio, total = 1.0, 1.0
    for k in range(successes, trials):
        ratio *= (trials - k) / (k + 1) * odds
        total += ratio
        if k + 1 > trials * p and ratio < total * 1e-16:
            break
    return min(1.0, math.exp(first) * total)


@dataclass(frozen=True, slots=True)
class AgencyFeatures:
    agency: str  # comparison key, "" without an agency
    written: str
    agents: tuple[str, ...]
    month: int | None


@dataclass
class _Tally:
    ids: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    behaviours: Counter[str] = field(default_factory=Counter)
    months: Counter[int] = field(default_factory=Counter)
    written: str = ""


@dataclass(frozen=True)
class AgencyRow:
    agency: str
    applications: int
    flagged: int
    rate: float
    lower_bound: float
    tail_probability: float
    # The agency's excess over the overall share, at the lower bound, scaled to 0..1.
    score: float
    significant: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "applications": self.applications,
            "flagged": self.flagged,
            "rate": round(self.rate, 4),
            "lower_bound": round(self.lower_bound, 4),
            "tail_probability": self.tail_probability,
            "score": round(self.score, 4),
            "significant": self.significant,
        }


def _flags(doc_id: str, context: ScreeningContext) -> list[str]:
    found = context.earlier.get(doc_id, ())
    return sorted({f.behaviour for f in found if f.behaviour != BEHAVIOUR})


def _rows(tallies: dict[str, _Tally], overall: float, minimum: int) -> dict[str, AgencyRow]:
    tested = sum(1 for t in tallies.values() if len(t.ids) >= minimum)
    alpha = FAMILY_ALPHA / max(1, tested)
    rows = {}
    for key, tally in tallies.items():
        n, k = len(tally.ids), len(tally.flagged)
        bound = wilson_lower_bound(k, n, Z)
        tail = binomial_tail(k, n, overall)
        significant = (
            n >= minimum
            and k >= MIN_FLAGGED
            and overall > 0
            and bound >= RATE_RATIO * overall
            and tail <= alpha
        )
        score = max(0.0, bound - overall) / (1 - overall) if overall < 1 else 0.0
        rows[key] = AgencyRow(tally.written or key, n, k, k / n, bound, tail, score, significant)
    return rows


@dataclass
class _Stats:
    agencies: dict[str, _Tally]
    agents: dict[str, _Tally]
    flags: dict[str, list[str]]
    overall: float
    agency_rows: dict[str, AgencyRow]
    agent_rows: dict[str, AgencyRow]

    @classmethod
    def compute(
        cls, prepared: Sequence[tuple[str, AgencyFeatures]], context: ScreeningContext
    ) -> _Stats:
        agencies: dict[str, _Tally] = defaultdict(_Tally)
        agents: dict[str, _Tally] = defaultdict(_Tally)
        flags: dict[str, list[str]] = {}
        for doc_id, item in prepared:
            if not item.agency:
                continue
            flags[doc_id] = _flags(doc_id, context)
            keyed = [(agencies, item.agency, item.written)]
            keyed += [
                (agents, f"{item.agency} / {a}", f"{item.written} / {a}") for a in item.agents
            ]
            for table, key, written in keyed:
                tally = table[key]
                tally.written = min(tally.written, written) if tally.written else written
                tally.ids.append(doc_id)
                if item.month is not None:
                    tally.months[item.month] += 1
                if flags[doc_id]:
                    tally.flagged.append(doc_id)
                    tally.behaviours.update(flags[doc_id])
        total = len(flags)
        overall = sum(1 for f in flags.values() if f) / total if total else 0.0
        return cls(
            dict(agencies),
            dict(agents),
            flags,
            overall,
            _rows(agencies, overall, MIN_APPLICATIONS),
            _rows(agents, overall, MIN_AGENT_APPLICATIONS),
        )


def agency_rows(
    prepared: Sequence[tuple[str, AgencyFeatures]], context: ScreeningContext
) -> list[AgencyRow]:
    """One row per agency in the batch (applications, flagged, rate, bound, score), highest
    score first, ties by agency."""
    stats = _Stats.compute(prepared, context)
    return sorted(stats.agency_rows.values(), key=lambda r: (-r.score, r.agency))


class AgencyRateDetector:
    """Agencies and attorneys whose share of flagged applications is far above the overall."""

    behaviour = BEHAVIOUR
    name = "agency_rate"

    def prepare(self, doc: PatentDocument, context: ScreeningContext) -> AgencyFeatures:
        written = (doc.agency or "").strip()
        month, _ = filing_month(doc, context.as_of)
        agents = tuple(sorted({k for k in map(person_key, doc.agents) if k}))
        return AgencyFeatures(party_key(written) if written else "", written, agents, month)

    def detect(
        self, prepared: Sequence[tuple[str, AgencyFeatures]], context: ScreeningContext
    ) -> Findings:
        stats = _Stats.compute(prepared, context)
        features = dict(prepared)
        end = month_index(context.as_of)
        start = min((f.month for _, f in prepared if f.month is not None), default=end)
        evidence_of: dict[str, dict[str, Any]] = {}
        findings: Findings = {}
        for doc_id, item in prepared:
            own = stats.flags.get(doc_id)
            if not own:
                continue
            row = stats.agency_rows[item.agency]
            agent_keys = [f"{item.agency} / {a}" for a in features[doc_id].agents]
            agent_rows = [(k, stats.agent_rows[k]) for k in agent_keys]
            flagged_agents = [(k, r) for k, r in agent_rows if r.significant]
            if not (row.significant or flagged_agents):
                continue
            if item.agency not in evidence_of:
                evidence_of[item.agency] = _agency_evidence(stats, item.agency, (start, end))
            agency_part = evidence_of[item.agency]
            excess = max([row.score] + [r.score for _, r in flagged_agents])
            score = 0.5 + 0.5 * excess + (BURST_BONUS if agency_part["bursts"] else 0.0)
            pool = (
                stats.agencies[item.agency].flagged
                if row.significant
                else sorted({i for k, _ in flagged_agents for i in stats.agents[k].flagged})
            )
            evidence = {
                "agency": agency_part,
                "agency_flagged": row.significant,
                "agents": [_figures(r, stats.agents[k]) for k, r in flagged_agents],
                "own_behaviours": own,
            }
            related = tuple(i for i in sorted(pool) if i != doc_id)[:MAX_RELATED]
            findings[doc_id] = [Finding(BEHAVIOUR, min(1.0, score), evidence, related)]
        return {doc_id: findings[doc_id] for doc_id in sorted(findings)}


def _figures(row: AgencyRow, tally: _Tally) -> dict[str, Any]:
    return row.as_dict() | {
        "behaviours": dict(sorted(tally.behaviours.items())),
        "flagged_applications_total": len(tally.flagged),
    }


def _agency_evidence(stats: _Stats, key: str, window: tuple[int, int]) -> dict[str, Any]:
    tally = stats.agencies[key]
    bursts = own_bursts(tally.months, *window)
    return _figures(stats.agency_rows[key], tally) | {
        "overall_rate": round(stats.overall, 4),
        "rate_ratio_required": RATE_RATIO,
        "monthly_series": series(tally.months, *window),
        "bursts": [
            {"from": month_label(b.first), "to": month_label(b.month), "applications": b.count}
            for b in bursts
        ],
        "undated_applications": len(tally.ids) - sum(tally.months.values()),
    }
