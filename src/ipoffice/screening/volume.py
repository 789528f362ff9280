"""Order No. 77 Art. 3(5): an applicant filing in volume without real R&D activity.

Each application is counted for every entity among its applicants (names resolved with
`ScreeningContext.entity_of`, so two spellings of one company are one series) in the calendar
month of its filing date, or of its priority or publication date when the filing date is missing.
Applications with none of the three dates, or dated after `context.as_of`, are counted for their
applicant but not placed in time; the evidence says how many.

The observation window runs from the earliest month known (the batch, or a `FilingHistory` of
earlier counts from the office's store) to the month of `as_of`; months inside it without a
filing count as zero. A month of an entity is a *burst* when all of these hold (the first three
are the own-history test of `ipoffice.screening.bursts`, where their thresholds are):

1. at least `MIN_BURST_COUNT` applications (small numbers are never volume);
2. at least `OWN_FACTOR` times the entity's own baseline, the mean over the up to
   `BASELINE_MONTHS` earlier months of the window (earlier burst months left out, so a two-month
   flood does not raise its own baseline), floored at `BASELINE_FLOOR`;
3. a Poisson upper tail probability of the count under that baseline of at most `OWN_P_MAX`;
4. at least `PEER_FACTOR` times the 99th percentile of the monthly counts of the entity's peers,
   the entities of the same size class (by their median monthly count over the window, which a
   burst of a month or two does not move).

A big company filing 300 a month steadily fails (2) and (3); a tiny firm going from 0-2 to 80
in one month passes all four. A flood spread over a quarter to stay under the monthly minimum
(`先后提交`) is caught by the same tests on three-month windows that hold no burst month
(`MIN_QUARTER_COUNT`, three times the baseline, the peers' percentile of three-month sums).

Three signs that the filings in a burst do not come from real research raise the score and are
shown: fields spread over unrelated IPC sections with no dominant subclass, one inventor named
on very many applications (`INVENTOR_MONTHLY_MAX` a month), and a share of utility models far
above what invention work would give. Every application of the entity in a burst gets a finding.

`detect` is linear in the batch (a dictionary pass, a sort of counts per size class, and a few
windows per month an entity filed in).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ipoffice.core.compact_pickle import CompactPickle
from ipoffice.patents.document import PatentDocument
from ipoffice.screening.bursts import (
    BASELINE_FLOOR,
    OWN_FACTOR,
    QUARTER_MONTHS,
    FilingHistory,
    OwnBurst,
    entities_of,
    filing_month,
    ipc_subclass,
    month_index,
    month_label,
    own_bursts,
    parse_month,
    person_key,
    series,
)
from ipoffice.screening.detector import Findings, ScreeningContext
from ipoffice.screening.findings import Finding

BEHAVIOUR = "volume_without_capacity"

# Twice the 99th percentile of the peers' months: above what one in a hundred peer months reaches.
PEER_FACTOR = 2.0
PEER_QUANTILE = 0.99
_PEER_KEY = {1: "p99_monthly", QUARTER_MONTHS: "p99_quarterly"}
# Size classes by median monthly count, about doubling: a firm filing one a month is compared
# with firms filing one or two, not with firms filing four (whose quarters reach 30 and more).
SIZE_BOUNDS = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0)
# One person named on 20 or more applications in one month cannot have done the work for each.
INVENTOR_MONTHLY_MAX = 20
# No subclass above 35 % and three or more IPC sections: no coherent line of research.
MAX_TOP_SUBCLASS_SHARE = 0.35
MIN_SECTIONS = 3
# 70 % utility models: the cheap, unexamined kind dominates (CN average is about 60 %).
UTILITY_HEAVY_SHARE = 0.7
# Evidence lists: at most this many related ids, series months, inventors and subclasses.
MAX_RELATED = 50
MAX_LISTED = 10


def _quantile(nonzero_sorted: list[int], zeros: int, q: float) -> float:
    size = len(nonzero_sorted) + zeros
    if size == 0:
        return 0.0
    rank = min(size - 1, math.ceil(q * size) - 1)
    return 0.0 if rank < zeros else float(nonzero_sorted[rank - zeros])


@dataclass(frozen=True, slots=True)
class VolumeFeatures(CompactPickle):
    entities: tuple[str, ...]
    month: int | None
    date_source: str
    kind: str
    subclasses: tuple[str, ...]
    inventors: tuple[str, ...]


@dataclass
class _Entity:
    ids: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    counts: Counter[int] = field(default_factory=Counter)
    undated: int = 0
    median: float = 0.0


def size_class(median: float) -> int:
    return sum(median >= bound for bound in SIZE_BOUNDS)


def _class_label(index: int) -> str:
    edges = (0.0, *SIZE_BOUNDS)
    if index == len(SIZE_BOUNDS):
        return f"median >= {SIZE_BOUNDS[-1]:g} a month"
    return f"median {edges[index]:g}-{edges[index + 1]:g} a month"


class VolumeBurstDetector:
    """Bursts of filings far above an entity's own history and its peers' (Art. 3(5))."""

    behaviour = BEHAVIOUR
    name = "volume_burst"

    def __init__(self, history: FilingHistory | None = None) -> None:
        self.history = history

    def prepare(self, doc: PatentDocument, context: ScreeningContext) -> VolumeFeatures:
        month, source = filing_month(doc, context.as_of)
        subclasses = dict.fromkeys(s for s in map(ipc_subclass, doc.ipc) if s)
        return VolumeFeatures(
            entities=entities_of(doc, context),
            month=month,
            date_source=source,
            kind=doc.kind,
            subclasses=tuple(subclasses),
            inventors=tuple(dict.fromkeys(k for k in map(person_key, doc.inventors) if k)),
        )

    def detect(
        self, prepared: Sequence[tuple[str, VolumeFeatures]], context: ScreeningContext
    ) -> Findings:
        entities: dict[str, _Entity] = defaultdict(_Entity)
        features = dict(prepared)
        for doc_id, item in prepared:
            for entity in item.entities:
                if item.month is None:
                    entities[entity].undated += 1
                else:
                    entities[entity].ids[item.month].append(doc_id)
                    entities[entity].counts[item.month] += 1
        end = month_index(context.as_of)
        start = min((m for e in entities.values() for m in e.counts), default=end)
        if self.history is not None:
            start = min(start, parse_month(self.history.start))
            for entity, months in self.history.counts.items():
                if entity in entities:  # only entities in the batch can have findings
                    entities[entity].counts.update({parse_month(k): v for k, v in months.items()})
        candidates = {name: own_bursts(entities[name].counts, start, end) for name in entities}
        peers = self._peers(entities, candidates, start, end)
        findings: Findings = {}
        for name in sorted(entities):
            record = entities[name]
            peer = peers[size_class(record.median)]
            bursts = [
                b
                for b in candidates[name]
                if any(m in record.ids for m in b.months)
                and b.count >= PEER_FACTOR * max(peer[_PEER_KEY[len(b.months)]], 1)
            ]
            for burst in bursts:
                self._report(name, record, burst, bursts, peers, features, (start, end), findings)
        for found in findings.values():
            found.sort(key=lambda f: (-f.score, f.evidence["entity"], f.evidence["period"]["from"]))
        return {doc_id: findings[doc_id] for doc_id in sorted(findings)}

    @staticmethod
    def _peers(
        entities: dict[str, _Entity], candidates: dict[str, list[OwnBurst]], start: int, end: int
    ) -> list[dict[str, Any]]:
        """Per size class: members, median month, 99th percentiles of months and quarters. The
        members' own candidate bursts are left out, so a class's percentile is what its normal
        months reach, not what its flooders do."""
        months = end - start + 1
        classes = len(SIZE_BOUNDS) + 1
        by_class: list[list[int]] = [[] for _ in range(classes)]
        quarters: list[list[int]] = [[] for _ in range(classes)]
        zero_months = [0] * classes
        zero_quarters = [0] * classes
        members = [0] * classes
        for name, entity in entities.items():
            active = sorted(m for m, c in entity.counts.items() if c and start <= m <= end)
            # Only the months with filings are listed: the window's other months are zeros.
            nonzero = sorted(entity.counts[m] for m in active)
            entity.median = _quantile(nonzero, months - len(nonzero), 0.5)
            index = size_class(entity.median)
            members[index] += 1
            left_out = {m for b in candidates[name] for m in b.months}
            normal = [entity.counts[m] for m in active if m not in left_out]
            by_class[index].extend(normal)
            zero_months[index] += months - len(left_out) - len(normal)
            ends: range | list[int] = range(start + QUARTER_MONTHS - 1, end + 1)
            if left_out:
                ends = [
                    e for e in ends if left_out.isdisjoint(range(e - QUARTER_MONTHS + 1, e + 1))
                ]
            near = {m + k for m in active for k in range(QUARTER_MONTHS)}
            sums = [
                sum(entity.counts.get(e - k, 0) for k in range(QUARTER_MONTHS))
                for e in sorted(near.intersection(ends))
            ]
            quarters[index].extend(sums)
            zero_quarters[index] += len(ends) - len(sums)
        out = []
        for index, values in enumerate(by_class):
            values.sort()
            sums = sorted(quarters[index])
            out.append(
                {
                    "size_class": _class_label(index),
                    "entities": members[index],
                    "median_monthly": _quantile(values, zero_months[index], 0.5),
                    "p99_monthly": _quantile(values, zero_months[index], PEER_QUANTILE),
                    "p99_quarterly": _quantile(sums, zero_quarters[index], PEER_QUANTILE),
                }
            )
        return out

    @staticmethod
    def _report(
        name: str,
        entity: _Entity,
        burst: OwnBurst,
        bursts: list[OwnBurst],
        peers: list[dict[str, Any]],
        features: Mapping[str, VolumeFeatures],
        window: tuple[int, int],
        findings: Findings,
    ) -> None:
        ids = sorted(i for m in burst.months for i in entity.ids.get(m, ()))
        items = [features[i] for i in ids]
        fields, incoherent = _field_spread(items)
        inventors, overloaded = _inventor_load(items, len(burst.months))
        kinds = Counter(item.kind for item in items)
        utility_heavy = kinds["utility_model"] >= UTILITY_HEAVY_SHARE * len(items)
        ratio = burst.count / (len(burst.months) * max(burst.baseline, BASELINE_FLOOR))
        magnitude = min(1.0, math.log10(ratio / OWN_FACTOR) / 2)
        score = 0.45 + 0.25 * magnitude + 0.1 * (incoherent + overloaded + utility_heavy)
        signals = ["burst"] + [
            s
            for s, on in (
                ("incoherent_fields", incoherent),
                ("inventor_overload", overloaded),
                ("utility_model_heavy", utility_heavy),
            )
            if on
        ]
        evidence: dict[str, Any] = {
            "entity": name,
            "period": {
                "from": month_label(burst.first),
                "to": month_label(burst.month),
                "months": len(burst.months),
            },
            "applications_in_period": burst.count,
            "batch_applications_in_period": len(ids),
            "monthly_series": series(entity.counts, *window),
            "baseline": {
                "mean_monthly": round(burst.baseline, 3),
                "months": burst.baseline_months,
                "floor": BASELINE_FLOOR,
            },
            "ratio_to_baseline": round(ratio, 2),
            "poisson_tail_probability": burst.tail,
            "bursts": [
                {"from": month_label(b.first), "to": month_label(b.month), "applications": b.count}
                for b in bursts
            ],
            "peers": peers[size_class(entity.median)] | {"entity_median_monthly": entity.median},
            "undated_applications": entity.undated,
            "undated_note": "applications without a date, or dated after as_of, are counted "
            "for the entity but not placed in any month",
            "inventors": inventors,
            "fields": fields,
            "kinds": dict(sorted(kinds.items())),
            "signals": signals,
            "applications_total": len(ids),
            "applications_listed": min(len(ids), MAX_RELATED + 1),
        }
        for doc_id in ids:
            related = tuple(i for i in ids if i != doc_id)[:MAX_RELATED]
            findings.setdefault(doc_id, []).append(
                Finding(BEHAVIOUR, min(1.0, score), evidence, related)
            )


def _field_spread(items: list[VolumeFeatures]) -> tuple[dict[str, Any], bool]:
    main = Counter(item.subclasses[0] for item in items if item.subclasses)
    classified = sum(main.values())
    top_share = main.most_common(1)[0][1] / classified if classified else 0.0
    sections = {s[0] for s in main}
    incoherent = classified > 0 and top_share < MAX_TOP_SUBCLASS_SHARE
    incoherent = incoherent and len(sections) >= MIN_SECTIONS
    return {
        "main_subclasses": dict(sorted(main.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_LISTED]),
        "distinct_subclasses": len(main),
        "distinct_sections": len(sections),
        "top_subclass_share": round(top_share, 3),
        "unclassified": len(items) - classified,
    }, incoherent


def _inventor_load(items: list[VolumeFeatures], months: int) -> tuple[dict[str, Any], bool]:
    per_person = Counter(person for item in items for person in item.inventors)
    top = sorted(per_person.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_LISTED]
    overloaded = bool(top) and top[0][1] >= INVENTOR_MONTHLY_MAX * months
    return {
        "distinct": len(per_person),
        "top": [{"name": n, "applications": c} for n, c in top],
        "without_inventor": sum(1 for item in items if not item.inventors),
        "monthly_max_per_inventor": INVENTOR_MONTHLY_MAX,
    }, overloaded
