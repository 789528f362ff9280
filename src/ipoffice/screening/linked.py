"""Order No. 77 Art. 3(6): filings by linked entities, persons or addresses, dispersed to evade
supervision.

Nominally different applicants (entities resolved with `ScreeningContext.entity_of`) are linked
when their applications share a value that ties them to one business:

- strong links, one is enough: the same normalised address (room included), telephone number or
  e-mail address;
- weak links, which must add up: the same building (address without room and floor), an inventor
  with the same name, the same patent attorney. `LINK_WEIGHTS` gives each value's weight,
  `KIND_CAPS` the most one kind can add up to, and a pair of entities is linked at
  `EDGE_WEIGHT`: two shared inventors, or an inventor and a building, link; a common name alone
  does not, and neither do attorneys, however many are shared (an agency's attorneys serve all
  its clients).

Only what an applicant gives on its own applications counts: on a joint application the
addresses are paired with the applicants by position, and its contacts, inventors and attorneys
are not used (a joint application is an open link, not a dispersed one).

A value shared by more than `HUB_CAP` entities in the batch (a business centre's registration
address, an agency's telephone, a very common name) is a hub: it links nobody and is reported in
the evidence of the clusters it touches. Linked entities are merged with union-find; weak values
are compared pairwise only inside their (capped) groups, so the work grows with the batch, never
with all pairs.

A cluster of `MIN_MEMBERS` or more entities is reported when its filings are *dispersed*: at
least `MIN_CLUSTER_APPS` applications, `MIN_MEMBERS` members with `MIN_MEMBER_APPS` or more each,
none holding more than `MAX_MEMBER_SHARE`; *concentrated in time*: `PERIOD_SHARE` of its dated
applications within `PERIOD_MONTHS` consecutive months, or members that are each active for only
such a period (at least half of them and `MIN_MEMBERS`: shells filing one after another, 先后);
and either *on one topic* (one main IPC
subclass on `TOPIC_SHARE` of the applications and in `MIN_MEMBERS` members, or near-duplicates
between members found by the Art. 3(1) detector, read from `context.earlier`) or *spread over
places* (members in two or more provinces). A corporate group that shares an address and files
steadily all year is linked but not concentrated, and is not reported. A batch shorter than
`PERIOD_MONTHS` is concentrated by construction, and then topic or places decide.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ipoffice.patents.document import PatentDocument
from ipoffice.screening.addresses import address_keys, contact_keys
from ipoffice.screening.bursts import (
    MIN_BURST_COUNT,
    filing_month,
    ipc_subclass,
    month_label,
    person_key,
)
from ipoffice.screening.detector import Findings, ScreeningContext
from ipoffice.screening.findings import Finding

BEHAVIOUR = "dispersed_linked_filings"

# An address, phone or e-mail is one business's; a building, a name or an attorney may be chance.
LINK_WEIGHTS = {
    "address": 1.0,
    "phone": 1.0,
    "email": 1.0,
    "building": 0.5,
    "inventor": 0.5,
    "agent": 0.25,
}
EDGE_WEIGHT = 1.0
# Weak kinds add up to at most this per pair: clients of one agency share all its attorneys.
KIND_CAPS = {"building": 0.5, "inventor": 1.0, "agent": 0.25}
# Rings of shell companies seen in enforcement cases have a handful to a dozen or two members;
# a value shared by more is an institution's (business centre, incubator, agency) and links none.
HUB_CAP = 20
# Three nominally different applicants at least: two are a pair, not a dispersal scheme.
MIN_MEMBERS = 3
MIN_MEMBER_APPS = 2
# 15 applications: below, the cluster's volume is not worth dispersing.
MIN_CLUSTER_APPS = 15
# A member with more than 60 % of the volume is one filer with helpers, not a dispersal.
MAX_MEMBER_SHARE = 0.6
# 70 % of the filings in one quarter: a coordinated campaign, not steady activity.
PERIOD_MONTHS = 3
PERIOD_SHARE = 0.7
# Half of the applications in one main subclass across members: one topic split between names.
TOPIC_SHARE = 0.5
MIN_PLACES = 2
# Evidence lists are capped at these lengths; totals are given beside them.
MAX_RELATED = 50
MAX_LINKS = 10
MAX_HUBS = 10


@dataclass(frozen=True, slots=True)
class LinkedFeatures:
    entities: tuple[str, ...]
    # (entity, kind, key, as written) for every linking value this application gives.
    values: tuple[tuple[str, str, str, str], ...]
    places: tuple[tuple[str, str], ...]  # (entity, province)
    month: int | None
    subclass: str


def _address_values(
    doc: PatentDocument, resolved: list[str]
) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str]]]:
    """Linking values of the addresses; `resolved` holds the entity of each named applicant."""
    owners: list[tuple[str, ...]]
    if len(doc.addresses) == len(resolved):
        owners = [(e,) for e in resolved]
    else:
        single = len(set(resolved)) == 1
        owners = [(resolved[0],) if single else ()] * len(doc.addresses)
    values: list[tuple[str, str, str, str]] = []
    places: list[tuple[str, str]] = []
    for address, who in zip(doc.addresses, owners, strict=True):
        keys = address_keys(address)
        if keys is None:
            continue
        full, building, place = keys
        for entity in who:
            values.append((entity, "address", full, address))
            if building != full:
                values.append((entity, "building", building, address))
            if place:
                places.append((entity, place))
    return values, places


class LinkedEntitiesDetector:
    """Clusters of linked applicants whose filings are dispersed between them (Art. 3(6))."""

    behaviour = BEHAVIOUR
    name = "linked_entities"

    def prepare(self, doc: PatentDocument, context: ScreeningContext) -> LinkedFeatures:
        resolved = [context.entity_of(n) for n in doc.applicants if n.strip()]
        entities = tuple(dict.fromkeys(resolved))
        values, places = _address_values(doc, resolved)
        if len(entities) == 1:
            (entity,) = entities
            for contact in doc.contacts:
                values += [(entity, kind, key, contact) for kind, key in contact_keys(contact)]
            for kind, names in (("inventor", doc.inventors), ("agent", doc.agents)):
                values += [(entity, kind, key, n) for n in names if (key := person_key(n))]
        month, _ = filing_month(doc, context.as_of)
        main = next((s for s in map(ipc_subclass, doc.ipc) if s), "")
        return LinkedFeatures(entities, tuple(dict.fromkeys(values)), tuple(places), month, main)

    def detect(
        self, prepared: Sequence[tuple[str, LinkedFeatures]], context: ScreeningContext
    ) -> Findings:
        graph = _Graph.build(prepared)
        features = dict(prepared)
        findings: Findings = {}
        for members in graph.clusters():
            cluster = _Cluster(graph, members, features, context)
            if cluster.suspicious():
                cluster.report(findings)
        for found in findings.values():
            found.sort(key=lambda f: (-f.score, f.evidence["cluster"]))
        return {doc_id: findings[doc_id] for doc_id in sorted(findings)}


@dataclass
class _Graph:
    names: list[str]
    index: dict[str, int]
    values: dict[tuple[str, str], dict[int, str]]  # (kind, key) -> entity -> as written
    of_entity: list[list[tuple[str, str]]]
    ids: list[list[str]] = field(default_factory=list)
    parent: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, prepared: Sequence[tuple[str, LinkedFeatures]]) -> _Graph:
        names = sorted({e for _, item in prepared for e in item.entities})
        index = {name: i for i, name in enumerate(names)}
        values: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
        ids: list[list[str]] = [[] for _ in names]
        for doc_id, item in prepared:
            for entity in item.entities:
                ids[index[entity]].append(doc_id)
            for entity, kind, key, written in item.values:
                owners = values[(kind, key)]
                e = index[entity]
                owners[e] = min(owners.get(e, written), written)
        of_entity: list[list[tuple[str, str]]] = [[] for _ in names]
        for value in sorted(values):
            for e in values[value]:
                of_entity[e].append(value)
        graph = cls(names, index, dict(values), of_entity, ids, list(range(len(names))))
        graph._link()
        return graph

    def hub(self, value: tuple[str, str]) -> bool:
        return len(self.values[value]) > HUB_CAP

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def _link(self) -> None:
        weights: defaultdict[tuple[int, int, str], float] = defaultdict(float)
        for value, owners in sorted(self.values.items()):
            if len(owners) < 2 or self.hub(value):
                continue
            members = sorted(owners)
            weight = LINK_WEIGHTS[value[0]]
            if weight >= EDGE_WEIGHT:
                for other in members[1:]:
                    self.union(members[0], other)
                continue
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    weights[(a, b, value[0])] += weight
        pairs: defaultdict[tuple[int, int], float] = defaultdict(float)
        for (a, b, kind), total in weights.items():
            pairs[(a, b)] += min(total, KIND_CAPS[kind])
        for (a, b), total in sorted(pairs.items()):
            if total >= EDGE_WEIGHT - 1e-9:
                self.union(a, b)

    def clusters(self) -> list[list[int]]:
        groups: dict[int, list[int]] = defaultdict(list)
        for e in range(len(self.names)):
            groups[self.find(e)].append(e)
        return [m for _, m in sorted(groups.items()) if len(m) >= MIN_MEMBERS]


class _Cluster:
    """One connected group of entities and the figures that decide whether it is reported."""

    def __init__(
        self,
        graph: _Graph,
        members: list[int],
        features: Mapping[str, LinkedFeatures],
        context: ScreeningContext,
    ) -> None:
        self.graph = graph
        self.members = members
        self.names = [graph.names[m] for m in members]
        self.ids = sorted({i for m in members for i in graph.ids[m]})
        self.apps = {graph.names[m]: len(set(graph.ids[m])) for m in members}
        items = [features[i] for i in self.ids]
        self.monthly = Counter(item.month for item in items if item.month is not None)
        self.undated = sum(1 for item in items if item.month is None)
        names = set(self.names)
        self.places: dict[str, set[str]] = defaultdict(set)
        member_subclasses: dict[str, set[str]] = defaultdict(set)
        member_months: dict[str, Counter[int]] = defaultdict(Counter)
        for item in items:
            for entity, place in item.places:
                if entity in names:
                    self.places[entity].add(place)
            for entity in item.entities:
                if entity in names:
                    member_subclasses[entity].add(item.subclass)
                    if item.month is not None:
                        member_months[entity][item.month] += 1
        self.subclasses = Counter(item.subclass for item in items if item.subclass)
        self.top = self.subclasses.most_common(1)[0] if self.subclasses else ("", 0)
        self.top_members = sum(1 for n in self.names if self.top[0] in member_subclasses[n])
        self.member_max_month = max((max(c.values()) for c in member_months.values()), default=0)
        # Members active for a quarter only: shells filing one after another, not a group.
        self.short_lived = sum(
            1
            for c in member_months.values()
            if _peak_window(c)[2] >= PERIOD_SHARE * sum(c.values())
        )
        self.duplicates = _cross_duplicates(self.ids, features, context)
        self.peak = _peak_window(self.monthly)

    def signals(self) -> dict[str, bool]:
        total = len(self.ids)
        active = sum(1 for n in self.apps.values() if n >= MIN_MEMBER_APPS)
        dated = sum(self.monthly.values())
        classified = sum(self.subclasses.values())
        return {
            "dispersed": total >= MIN_CLUSTER_APPS
            and active >= MIN_MEMBERS
            and max(self.apps.values()) <= MAX_MEMBER_SHARE * total,
            "same_period": dated > 0 and self.peak[2] >= PERIOD_SHARE * dated,
            "short_lived_members": self.short_lived >= max(MIN_MEMBERS, len(self.names) / 2),
            "same_topic": (
                classified > 0
                and self.top[1] >= TOPIC_SHARE * classified
                and self.top_members >= MIN_MEMBERS
            )
            or self.duplicates > 0,
            "different_places": len(set().union(*self.places.values())) >= MIN_PLACES,
        }

    def suspicious(self) -> bool:
        s = self.signals()
        timing = s["same_period"] or s["short_lived_members"]
        return s["dispersed"] and timing and (s["same_topic"] or s["different_places"])

    def report(self, findings: Findings) -> None:
        s = self.signals()
        score: float = 0.5 + 0.15 * s["same_topic"] + 0.15 * s["different_places"]
        score += 0.1 * (self.duplicates > 0) + 0.1 * min(
            1.0, len(self.ids) / (4 * MIN_CLUSTER_APPS)
        )
        dated = sum(self.monthly.values())
        first, last, peak = self.peak
        evidence: dict[str, Any] = {
            "cluster": self.names[0],
            "member_count": len(self.names),
            "members": [self._member(m) for m in self.members],
            "applications": len(self.ids),
            "undated_applications": self.undated,
            "largest_member_share": round(max(self.apps.values()) / len(self.ids), 3),
            "largest_member_month": self.member_max_month,
            "short_lived_members": self.short_lived,
            "members_under_volume_threshold": self.member_max_month < MIN_BURST_COUNT,
            "period": {
                "from": month_label(min(self.monthly)) if self.monthly else None,
                "to": month_label(max(self.monthly)) if self.monthly else None,
                "peak_from": month_label(first) if dated else None,
                "peak_to": month_label(last) if dated else None,
                "peak_applications": peak,
                "peak_share": round(peak / dated, 3) if dated else 0.0,
            },
            "monthly": {month_label(m): c for m, c in sorted(self.monthly.items())},
            "top_subclass": {
                "subclass": self.top[0],
                "applications": self.top[1],
                "share": round(self.top[1] / max(1, sum(self.subclasses.values())), 3),
                "members": self.top_members,
            },
            "places": sorted(set().union(*self.places.values())),
            "near_duplicates_across_members": self.duplicates,
            "signals": sorted(k for k, on in s.items() if on),
            "ignored_hubs": self._hubs(),
            "hub_cap": HUB_CAP,
        }
        for doc_id in self.ids:
            related = tuple(i for i in self.ids if i != doc_id)[:MAX_RELATED]
            findings.setdefault(doc_id, []).append(
                Finding(BEHAVIOUR, min(1.0, score), evidence, related)
            )

    def _member(self, member: int) -> dict[str, Any]:
        graph = self.graph
        inside = set(self.members)
        links: list[dict[str, Any]] = []
        for value in graph.of_entity[member]:
            owners = graph.values[value]
            others = sorted(graph.names[o] for o in owners if o in inside and o != member)
            if others and not graph.hub(value):
                kind, key = value
                links.append(
                    {
                        "kind": kind,
                        "value": key,
                        "written": owners[member],
                        "weight": LINK_WEIGHTS[kind],
                        "shared_with": others,
                    }
                )
        links.sort(key=lambda link: (-link["weight"], link["kind"], link["value"]))
        name = graph.names[member]
        return {
            "entity": name,
            "applications": self.apps[name],
            "places": sorted(self.places.get(name, ())),
            "links": links[:MAX_LINKS],
            "links_total": len(links),
        }

    def _hubs(self) -> list[dict[str, Any]]:
        graph = self.graph
        seen = {v for m in self.members for v in graph.of_entity[m] if graph.hub(v)}
        return [
            {"kind": kind, "value": key, "entities": len(graph.values[(kind, key)])}
            for kind, key in sorted(seen)[:MAX_HUBS]
        ]


def _peak_window(monthly: Counter[int]) -> tuple[int, int, int]:
    """(first month, last month, applications) of the busiest `PERIOD_MONTHS` months."""
    best = (0, 0, 0)
    for start in sorted(monthly):
        count = sum(monthly.get(start + k, 0) for k in range(PERIOD_MONTHS))
        if count > best[2]:
            best = (start, start + PERIOD_MONTHS - 1, count)
    return best


def _cross_duplicates(
    ids: list[str], features: Mapping[str, LinkedFeatures], context: ScreeningContext
) -> int:
    """Pairs of the cluster's applications by different members that the Art. 3(1) detector
    found to be near-duplicates."""
    inside = set(ids)
    pairs = set()
    for doc_id in ids:
        for finding in context.earlier.get(doc_id, ()):
            if finding.behaviour != "duplicate_or_combination":
                continue
            for other in finding.related:
                if other in inside and not set(features[doc_id].entities) & set(
                    features[other].entities
                ):
                    pairs.add((min(doc_id, other), max(doc_id, other)))
    return len(pairs)
