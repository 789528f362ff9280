"""Order No. 77 Art. 3(2): copying, simple substitution and patchwork of prior art.

An application copies prior art when a large share of its sentences is made of sentences of
earlier documents, word for word or rephrased by simple substitution. Unlike the whole-document
near-duplicates of `near_duplicates`, what counts here is the share of the application that is
others' sentences, possibly rephrased, possibly taken from several sources.

Units. The abstract and the first `MAX_DESCRIPTION_CHARS` of the description are cut into
sentences (`text.analyze.sentences`), the claims into pieces at commas and semicolons
(`synonyms.pieces`: the same features whatever punctuation separates them).
Each becomes terms by `synonyms.analyse`, which undoes synonym swaps, sets numbers and reference
signs aside and drops drafting boilerplate. A unit counts when it has at least `MIN_UNIT_SIZE`
of content and is not a standard sentence (`synonyms.is_boilerplate`); identical units within
one application count once.

Matching. A unit matches a unit of an earlier document when the Jaccard similarity of their term
sets reaches `UNIT_JACCARD`. Sets ignore order, so reordered clauses and words match as they
are; synonyms and numbers were undone before. Candidates come from MinHash banding
(`similar_sets`: values computed in `prepare`, `BANDS` bands of `ROWS` rows, one sort per band
over the batch, no pairs of applications compared), are thinned by the MinHash estimate and
verified on the exact sets. A band key shared by more than `MAX_BUCKET` units is a stock phrase
and pairs nothing; a unit similar to units of `STANDARD_SENTENCE_DOCS` documents or more, or
whose keys are all such, is a standard sentence of the field and does not count at all.

Sources. Earlier applications of the batch and the documents of a reference corpus given to the
constructor (prepared once there). "Earlier" compares the prior-art date (priority date, else
filing date); on the same day the smaller id is the earlier, so that of two same-day copies
exactly one is the source. An undated application comes after every dated one; an undated
reference document before every application. Members of the same patent family are never
sources of each other.

Decision. A greedy set cover picks the source covering most of the application's content, then
the next, while one still adds at least `MIN_SOURCE_SHARE`; the copied share is what the chosen
sources cover (weighted by unit size). The application is flagged at `COPIED_SHARE` with at
least `MIN_COPIED_UNITS` copied units; two or more chosen sources make it a patchwork. Score:
the copied share.

Evidence from `detect`: the copied share, the sources (share, units, reference corpus or batch,
same applicant) and per copied unit where it is and where it comes from. `explain`, given the
texts, adds each pair of sentences and the kind of match: verbatim, synonym_substituted,
reordered, numbers_changed or edited (words added or dropped), with every change found.
`related` holds the batch sources (the pipeline looks them up in the batch); reference sources
are named in the evidence.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

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
from ipoffice.screening.synonyms import (
    Analysed,
    analyse,
    is_boilerplate,
    match_changes,
    match_kind,
    pieces,
)
from ipoffice.text.analyze import sentences

# Two units are the same sentence at 0.7: a 10-term sentence with two words swapped for
# non-synonyms or one clause added still matches, two related sentences of one field rarely do.
UNIT_JACCARD = 0.7
# 6 bands of 3 rows: a unit pair at Jaccard 0.7 is a candidate with p ~ 0.92, at 0.9 with
# p > 0.99, at 0.3 with p ~ 0.15 (the exact check removes those).
BANDS, ROWS = 6, 3
# The estimate from 18 MinHash values has a standard error of about 0.11 at 0.7, 0.09 at 0.8:
# pairs down to 0.55 go to the exact check (a pair at 0.8 passes with p > 0.99; copies, at 1.0,
# always do), and the exact check stays a small share of the cost.
ESTIMATE_MARGIN = 0.15
# Five content words (ten Chinese bigrams): shorter sentences ("the housing is made of steel")
# recur in unrelated applications and prove nothing.
MIN_UNIT_SIZE = 5.0
# Units kept per application: claims and abstract come first and fit easily; beyond this only
# description sentences are lost.
MAX_UNITS = 200
# Description read per application: the background and summary, where copied text sits; it
# also bounds the cost of `prepare` on a 200-page description.
MAX_DESCRIPTION_CHARS = 20_000
# A band key shared by more units than this is a stock phrase: it pairs nothing (and would
# pair thousands of units).
MAX_BUCKET = 64
# A sentence found in this many other documents is a standard sentence of the field.
STANDARD_SENTENCE_DOCS = 25
# Half the application taken from earlier documents: well beyond the background sentences and
# definitions normal applications share with their field.
COPIED_SHARE = 0.5
# And at least three sentences: a short application sharing two sentences is not a copy.
MIN_COPIED_UNITS = 3
# A source must contribute a tenth of the application: scattered single sentences from many
# documents are the vocabulary of the field, not a patchwork.
MIN_SOURCE_SHARE = 0.1
# Copied passages listed in one finding.
MAX_PASSAGES = 30

ABSTRACT, DESCRIPTION = 0, -1  # `parts` codes; a claim is its position from 1


@dataclass(frozen=True, slots=True)
class Unit:
    part: int  # claim position from 1, ABSTRACT or DESCRIPTION
    text: str
    analysed: Analysed
    terms: tuple[int, ...]  # distinct term ids, sorted


def where(part: int) -> str:
    return "abstract" if part == ABSTRACT else "description" if part < 0 else f"claim {part}"


def _passages(text: str, *, claim: bool) -> Iterator[tuple[str, Analysed]]:
    """Sentences (claims: their pieces, see `synonyms.pieces`) that are no standard sentence,
    analysed as they are asked for (`content_units` stops at `MAX_UNITS`)."""
    # A standard sentence's phrase is found in the whole text too: most texts have none.
    standard = is_boilerplate(text)
    for sentence in sentences(text):
        if standard and is_boilerplate(sentence):
            continue
        if claim:
            yield from pieces(sentence, MIN_UNIT_SIZE)
        else:
            yield sentence, analyse(sentence)


def content_units(doc: PatentDocument) -> list[Unit]:
    """The units of an application that count (see the module docstring), in a fixed order."""
    parts = [(n, text) for n, text in enumerate(doc.claims, start=1)]
    parts += [(ABSTRACT, doc.abstract), (DESCRIPTION, doc.description[:MAX_DESCRIPTION_CHARS])]
    units: list[Unit] = []
    seen: set[tuple[int, ...]] = set()
    for part, text in parts:
        if not isinstance(text, str) or not text.strip():
            continue
        for sentence, analysed in _passages(text, claim=part > 0):
            if analysed.size < MIN_UNIT_SIZE:
                continue
            key = tuple(sorted(set(analysed.terms)))
            if key in seen:
                continue
            seen.add(key)
            units.append(Unit(part, sentence, analysed, key))
            if len(units) >= MAX_UNITS:
                return units
    return units


@dataclass(frozen=True, eq=False)
class CopyFeatures(SetFeatures):
    parts: npt.NDArray[np.int16]  # where each unit is: `where`


def features_of(doc: PatentDocument, *, reference: bool = False) -> CopyFeatures:
    units = content_units(doc)
    terms, offsets = set_arrays([u.terms for u in units])
    return CopyFeatures(
        order=order_of(doc, reference=reference),
        family=doc.family_id or None,
        applicants=tuple(a for a in doc.applicants if isinstance(a, str) and a.strip()),
        terms=terms,
        offsets=offsets,
        sizes=np.array([u.analysed.size for u in units], dtype=np.float32),
        parts=np.array([u.part for u in units], dtype=np.int16),
    )


class PriorArtCopyingDetector:
    """Applications largely made of earlier documents' sentences (see the module docstring).

    `reference`: prior-art documents besides the batch (published applications, grants,
    literature), prepared once here.
    """

    behaviour = "fabricated_or_copied"
    name = "prior_art_copying"

    def __init__(self, reference: Sequence[PatentDocument] = ()) -> None:
        self._reference = ReferenceCorpus(reference, features_of)

    def prepare(self, doc: PatentDocument, context: ScreeningContext) -> CopyFeatures:
        return features_of(doc)

    def detect(self, prepared: Sequence[tuple[str, Any]], context: ScreeningContext) -> Findings:
        members, matches = self._reference.match_batch(
            prepared,
            CopyFeatures,
            bands=BANDS,
            rows=ROWS,
            max_bucket=MAX_BUCKET,
            threshold=UNIT_JACCARD,
            margin=ESTIMATE_MARGIN,
            standard=STANDARD_SENTENCE_DOCS,
            min_covered=COPIED_SHARE,
        )
        findings: Findings = {}
        for app in sorted(matches.covers):
            finding = self._decide(members, app, matches, context.entity_of)
            if finding is not None:
                findings[members[app].id] = [finding]
        return dict(sorted(findings.items()))

    def _decide(
        self, members: list[Member], app: int, matches: Matches, entity: Any
    ) -> Finding | None:
        features = members[app].features
        assert isinstance(features, CopyFeatures)
        common = matches.common.get(app, set())
        sizes = features.sizes.tolist()
        content = sum(size for unit, size in enumerate(sizes) if unit not in common)
        covers = matches.covers[app]
        # What any source covers bounds what the greedy cover credits: most applications with
        # a unit found somewhere stop here.
        found = set().union(*covers.values())
        if len(found) < MIN_COPIED_UNITS or sum(sizes[u] for u in found) < COPIED_SHARE * content:
            return None
        keys = {s: (members[s].features.order, members[s].id) for s in covers}
        chosen = greedy_cover(covers, sizes, keys, MIN_SOURCE_SHARE * content)
        copied_units = sum(len(units) for _, units in chosen)
        copied = sum(sizes[u] for _, units in chosen for u in units)
        share = min(copied / content, 1.0) if content > 0 else 0.0
        if share < COPIED_SHARE or copied_units < MIN_COPIED_UNITS:
            return None
        mine = {entity(name) for name in features.applicants}
        sources: list[dict[str, Any]] = []
        passages: list[dict[str, Any]] = []
        for slot, units in chosen:
            source = members[slot]
            assert isinstance(source.features, CopyFeatures)
            theirs = {entity(name) for name in source.features.applicants}
            sources.append(
                {
                    "id": source.id,
                    "share": round(sum(sizes[u] for u in units) / content, 4),
                    "units": len(units),
                    "reference": source.reference,
                    "same_applicant": bool(mine & theirs),
                    **date_field(source.features.order),
                }
            )
            for unit in units:
                similarity, theirs_unit = covers[slot][unit]
                passages.append(
                    {
                        "unit": unit,
                        "where": where(int(features.parts[unit])),
                        "source": source.id,
                        "source_unit": theirs_unit,
                        "source_where": where(int(source.features.parts[theirs_unit])),
                        "similarity": round(similarity, 4),
                    }
                )
        passages.sort(key=lambda p: int(p["unit"]))
        evidence: dict[str, Any] = {
            "copied_share": round(share, 4),
            "measure": (
                "share of the content (weighted by sentence size) made of sentences of earlier "
                f"documents, Jaccard >= {UNIT_JACCARD} on synonym-normalised term sets"
            ),
            "content_units": features.count - len(common),
            "copied_units": copied_units,
            "patchwork": len(chosen) >= 2,
            "sources": sources,
            "passages": passages[:MAX_PASSAGES],
            "passages_omitted": max(len(passages) - MAX_PASSAGES, 0),
        }
        related = tuple(sorted(members[s].id for s, _ in chosen if not members[s].reference))
        return Finding(self.behaviour, share, evidence, related)

    def explain(
        self, finding: Finding, doc: PatentDocument, related: Mapping[str, PatentDocument]
    ) -> Finding:
        """The finding with each pair of sentences and the kind of match filled in."""
        mine = content_units(doc)
        units: dict[str, list[Unit]] = {}
        passages = []
        # The furthest source unit copied so far, per source: a passage taken from before it
        # was moved (clauses or sentences put in another order).
        furthest: dict[str, int] = {}
        for passage in finding.evidence.get("passages", []):
            source_id = str(passage["source"])
            if source_id not in units:
                source = related.get(source_id) or self._reference.documents.get(source_id)
                units[source_id] = content_units(source) if source is not None else []
            theirs = units[source_id]
            unit, theirs_unit = int(passage["unit"]), int(passage["source_unit"])
            if unit >= len(mine) or theirs_unit >= len(theirs):
                passages.append(passage)  # the text changed since `detect`: keep the locators
                continue
            changes = match_changes(mine[unit].analysed, theirs[theirs_unit].analysed)
            if theirs_unit < furthest.get(source_id, -1) and "reordered" not in changes:
                changes.insert(0, "reordered")
            furthest[source_id] = max(furthest.get(source_id, -1), theirs_unit)
            passages.append(
                {
                    **passage,
                    "sentence": mine[unit].text,
                    "source_sentence": theirs[theirs_unit].text,
                    "kind": match_kind(changes),
                    "changes": changes,
                }
            )
        kinds: dict[str, int] = {}
        for passage in passages:
            if "kind" in passage:
                kinds[passage["kind"]] = kinds.get(passage["kind"], 0) + 1
        evidence = {**finding.evidence, "passages": passages, "kinds": dict(sorted(kinds.items()))}
        return replace(finding, evidence=evidence)
