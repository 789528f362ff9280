"""Order No. 77 Art. 3(1), second half: applications essentially formed by simply combining
features or elements of different inventions.

Features. An application's features are the elements of its claims (`parse_claims(...,
strict=False)`): the elements of each independent claim and what each dependent claim adds.
Elements are cut further at commas and semicolons into fragments of at least
`MIN_FEATURE_SIZE` (a smaller piece joins its neighbour): `parse_claims` cuts a body at
semicolons, or at commas when it has none, so the same feature may be one element in one
application and part of a longer one in another; fragments are the same in both. Each becomes
a set of terms by `synonyms.analyse` (synonyms undone, numbers and drafting words out).

Matching. A feature is found in an earlier document when a feature of that document has a
Jaccard similarity of at least `FEATURE_JACCARD` with it. Candidates come from MinHash banding
(`similar_sets`: values computed in `prepare`, `BANDS` bands of `ROWS` rows, one sort per band
over the batch), thinned by the MinHash estimate and verified on the exact sets. A band key
shared by more than `MAX_BUCKET` features is stock claim language and pairs nothing. A feature
similar to features of `COMMON_FEATURE_DOCS` documents or more, or whose keys are all crowded,
is commonplace ("a memory coupled to the processor"): neither evidence of combination nor a new
feature, it is left out.

Decision. When one earlier document covers `DUPLICATE_SHARE` of the features, the application
is a duplicate, a matter for the near-duplicate detector, and nothing is reported here. Else a
greedy set cover credits each feature found to one source (the source covering most features,
weighted by size, then the next). A simple combination has at least `COVERED_SHARE` of its
features found, (nearly) nothing new, with two or more sources each credited with at least
`MIN_SOURCE_SHARE`. Score: the covered share.

Sources are the earlier applications of the batch and the documents of the reference corpus
given to the constructor, with the date order, same-day tie rule (the smaller id is the
earlier) and family exclusion of `similar_sets`. Evidence from `detect`: the covered share, the
share of the best single source, the sources, for each feature the source feature it matches
(claim, element and fragment numbers), and the new features; `explain` adds the texts.
`related` holds the batch sources; reference sources are named in the evidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from ipoffice.core.errors import InvalidInput
from ipoffice.patents.claims import parse_claims
from ipoffice.patents.document import PatentDocument
from ipoffice.screening.detector import Findings, ScreeningContext
from ipoffice.screening.findings import Finding
from ipoffice.screening.similar_sets import (
    Matches,
    Member,
    ReferenceCorpus,
    SetFeatures,
    date_field,
    greedy_cover,
    order_of,
    set_arrays,
)
from ipoffice.screening.synonyms import pieces

# 0.6: a feature reworded by a few words (3 of 4 terms, 6 of 9) still matches; two features of
# one field that merely share their nouns do not.
FEATURE_JACCARD = 0.6
# Three content words (six Chinese bigrams): "a processor", "所述通孔为圆形" are too common to
# show where a feature was taken from.
MIN_FEATURE_SIZE = 3.0
# Fewer traceable features cannot make a combination of two inventions.
MIN_FEATURES = 3
# One source covering 85 % is a duplicate (near_duplicates.py), not a combination.
DUPLICATE_SHARE = 0.85
# Each source contributes a substantial part: a fifth of the features.
MIN_SOURCE_SHARE = 0.2
# Nearly nothing new: at most a fifth of the features comes from no earlier document.
COVERED_SHARE = 0.8
# 6 bands of 3 rows of the 18 MinHash values: a feature pair at Jaccard 0.6 is a candidate with
# p ~ 0.77, at 0.8 with p ~ 0.98, identical sets (the usual copy) always. Two rows would find
# more of the borderline pairs but pair short features sharing two common words by the million.
BANDS, ROWS = 6, 3
# The estimate has a standard error of about 0.115 at 0.6: two errors of margin.
ESTIMATE_MARGIN = 0.25
# A band key shared by more features than this is stock claim language and pairs nothing.
MAX_BUCKET = 64
# A feature found in this many other documents is commonplace in the field ("a memory coupled
# to the processor"): neither evidence of combination nor new.
COMMON_FEATURE_DOCS = 25
# Features kept per application (a claim set of 100 elements is already exceptional).
MAX_FEATURES = 150
# Matched features listed in one finding.
MAX_LISTED = 40


@dataclass(frozen=True, slots=True)
class Feature:
    claim: int
    element: int  # position among the claim's elements, from 0
    part: int  # position of the fragment within the element, from 0
    text: str
    terms: tuple[int, ...]  # distinct term ids, sorted
    size: float


def fragments(element: str) -> list[tuple[str, frozenset[int], float]]:
    """An element's fragments (`synonyms.pieces` of MIN_FEATURE_SIZE): (text, terms, size)."""
    return [(t, frozenset(a.terms), a.size) for t, a in pieces(element, MIN_FEATURE_SIZE)]


def claim_features(doc: PatentDocument) -> list[Feature]:
    """The traceable features of an application's claims, in claim order, each once."""
    claims = [c for c in doc.claims if isinstance(c, str) and c.strip()]
    if not claims:
        return []
    try:
        parsed = parse_claims(claims, None, strict=False)
    except InvalidInput:
        return []
    features: list[Feature] = []
    seen: set[tuple[int, ...]] = set()
    for claim in parsed:
        for position, element in enumerate(claim.elements):
            for part, (text, found, size) in enumerate(fragments(element)):
                terms = tuple(sorted(found))
                if terms in seen:
                    continue
                seen.add(terms)
                features.append(Feature(claim.number, position, part, text, terms, size))
                if len(features) >= MAX_FEATURES:
                    return features
    return features


@dataclass(frozen=True, eq=False)
class CombinationFeatures(SetFeatures):
    claims: npt.NDArray[np.int16]  # claim number of each feature
    elements: npt.NDArray[np.int16]  # element position within the claim, from 0
    parts: npt.NDArray[np.int16]  # fragment position within the element, from 0


def features_of(doc: PatentDocument, *, reference: bool = False) -> CombinationFeatures:
    found = claim_features(doc)
    terms, offsets = set_arrays([f.terms for f in found])
    return CombinationFeatures(
        order=order_of(doc, reference=reference),
        family=doc.family_id or None,
        applicants=tuple(a for a in doc.applicants if isinstance(a, str) and a.strip()),
        terms=terms,
        offsets=offsets,
        sizes=np.array([f.size for f in found], dtype=np.float32),
        claims=np.array([min(f.claim, 32767) for f in found], dtype=np.int16),
        elements=np.array([min(f.element, 32767) for f in found], dtype=np.int16),
        parts=np.array([min(f.part, 32767) for f in found], dtype=np.int16),
    )


class SimpleCombinationDetector:
    """Applications whose claim features all come from two or more earlier documents.

    `reference`: prior-art documents besides the batch, prepared once here.
    """

    behaviour = "duplicate_or_combination"
    name = "simple_combination"

    def __init__(self, reference: Sequence[PatentDocument] = ()) -> None:
        self._reference = ReferenceCorpus(reference, features_of)

    def prepare(self, doc: PatentDocument, context: ScreeningContext) -> CombinationFeatures:
        return features_of(doc)

    def detect(self, prepared: Sequence[tuple[str, Any]], context: ScreeningContext) -> Findings:
        members, matches = self._reference.match_batch(
            prepared,
            CombinationFeatures,
            bands=BANDS,
            rows=ROWS,
            max_bucket=MAX_BUCKET,
            threshold=FEATURE_JACCARD,
            margin=ESTIMATE_MARGIN,
            standard=COMMON_FEATURE_DOCS,
            min_covered=COVERED_SHARE,
        )
        findings: Findings = {}
        for app in sorted(matches.covers):
            finding = self._judge(members, app, matches, context.entity_of)
            if finding is not None:
                findings[members[app].id] = [finding]
        return dict(sorted(findings.items()))

    def _judge(
        self, members: list[Member], app: int, matches: Matches, entity: Any
    ) -> Finding | None:
        common = matches.common.get(app, set())
        sizes = members[app].features.sizes.tolist()
        counted = [f for f in range(len(sizes)) if f not in common]
        covers = matches.covers[app]
        if len(counted) < MIN_FEATURES:
            return None
        total = sum(sizes[f] for f in counted)
        # What any source covers bounds what the greedy cover credits: most applications with
        # a feature found somewhere stop here.
        if sum(sizes[f] for f in set().union(*covers.values())) < COVERED_SHARE * total:
            return None
        best_single = max(sum(sizes[f] for f in found) for found in covers.values()) / total
        if best_single >= DUPLICATE_SHARE:
            return None
        keys = {s: (members[s].features.order, members[s].id) for s in covers}
        # Every feature found is credited to one source; the combination needs two sources
        # that each bring a substantial part.
        chosen = greedy_cover(covers, sizes, keys, 0.0)
        covered = sum(sizes[f] for _, taken in chosen for f in taken) / total
        substantial = [t for _, t in chosen if sum(sizes[f] for f in t) >= MIN_SOURCE_SHARE * total]
        if len(substantial) < 2 or covered < COVERED_SHARE:
            return None
        return self._finding(members, app, counted, chosen, covers, covered, best_single, entity)

    def _finding(
        self,
        members: list[Member],
        app: int,
        counted: list[int],
        chosen: list[tuple[int, list[int]]],
        covers: dict[int, dict[int, tuple[float, int]]],
        covered: float,
        best_single: float,
        entity: Any,
    ) -> Finding:
        me = members[app].features
        assert isinstance(me, CombinationFeatures)
        sizes = me.sizes.tolist()
        total = sum(sizes[f] for f in counted)
        mine = {entity(name) for name in me.applicants}
        sources: list[dict[str, Any]] = []
        matched: list[dict[str, Any]] = []
        for number, taken in chosen:
            source = members[number]
            assert isinstance(source.features, CombinationFeatures)
            theirs = {entity(name) for name in source.features.applicants}
            sources.append(
                {
                    "id": source.id,
                    "share": round(sum(sizes[f] for f in taken) / total, 4),
                    "features": len(taken),
                    "reference": source.reference,
                    "same_applicant": bool(mine & theirs),
                    **date_field(source.features.order),
                }
            )
            for feature in taken:
                similarity, other = covers[number][feature]
                matched.append(
                    {
                        "feature": feature,
                        "claim": int(me.claims[feature]),
                        "element": int(me.elements[feature]) + 1,
                        "part": int(me.parts[feature]) + 1,
                        "source": source.id,
                        "source_feature": other,
                        "source_claim": int(source.features.claims[other]),
                        "source_element": int(source.features.elements[other]) + 1,
                        "source_part": int(source.features.parts[other]) + 1,
                        "similarity": round(similarity, 4),
                    }
                )
        matched.sort(key=lambda m: int(m["feature"]))
        taken_all = {f for _, taken in chosen for f in taken}
        new = [
            {
                "feature": f,
                "claim": int(me.claims[f]),
                "element": int(me.elements[f]) + 1,
                "part": int(me.parts[f]) + 1,
            }
            for f in counted
            if f not in taken_all
        ]
        evidence: dict[str, Any] = {
            "covered_share": round(covered, 4),
            "best_single_source_share": round(best_single, 4),
            "measure": (
                "share of the claim features (weighted by size) found in earlier documents, "
                f"Jaccard >= {FEATURE_JACCARD} on synonym-normalised term sets"
            ),
            "features": len(counted),
            "sources": sources,
            "matched": matched[:MAX_LISTED],
            "matched_omitted": max(len(matched) - MAX_LISTED, 0),
            "new_features": new[:MAX_LISTED],
        }
        related = tuple(sorted(members[n].id for n, _ in chosen if not members[n].reference))
        return Finding(self.behaviour, min(covered, 1.0), evidence, related)

    def explain(
        self, finding: Finding, doc: PatentDocument, related: Mapping[str, PatentDocument]
    ) -> Finding:
        """The finding with the texts of the matched, source and new features filled in."""
        mine = claim_features(doc)
        theirs: dict[str, list[Feature]] = {}

        def text(features: list[Feature], position: int) -> str | None:
            return features[position].text if position < len(features) else None

        matched = []
        for item in finding.evidence.get("matched", []):
            source_id = str(item["source"])
            if source_id not in theirs:
                source = related.get(source_id) or self._reference.documents.get(source_id)
                theirs[source_id] = claim_features(source) if source is not None else []
            extra = {
                "text": text(mine, int(item["feature"])),
                "source_text": text(theirs[source_id], int(item["source_feature"])),
            }
            matched.append({**item, **{k: v for k, v in extra.items() if v is not None}})
        new = []
        for item in finding.evidence.get("new_features", []):
            found = text(mine, int(item["feature"]))
            new.append({**item, "text": found} if found is not None else item)
        evidence = {**finding.evidence, "matched": matched, "new_features": new}
        return replace(finding, evidence=evidence)
