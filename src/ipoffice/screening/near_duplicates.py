"""Order No. 77 Art. 3(1): applications whose content is obviously the same.

Each application's content (title, claims, abstract, description) becomes a set of shingles: Chinese
character 3-grams and English word 3-grams of the normalised text (stop-words kept, so word
order counts). `prepare` reduces the set to a MinHash signature (rensa, 128 permutations: 512
bytes an application, so a million fit in memory). `detect` bands the signatures (32 bands of
4 rows; a pair at Jaccard 0.5 becomes a candidate with p ~ 0.88, at 0.8 with p > 0.999) by
sorting each band's keys, never by comparing all pairs, and keeps candidates whose estimated
similarity is near the threshold. `explain` then computes the exact Jaccard similarity of the
shingle sets from the texts and drops what falls below the threshold, so the LSH only narrows
the search and never decides. Evidence: the similarity to each near-duplicate, whether it has
the same applicant, the size of its group of near-duplicates, and sentences the two texts share
word for word.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ipoffice.core.arrays import distinct
from ipoffice.patents.document import PatentDocument
from ipoffice.screening.detector import Findings, ScreeningContext
from ipoffice.screening.findings import Finding
from ipoffice.screening.similar_sets import pairs_in_runs
from ipoffice.text.analyze import sentences
from ipoffice.text.normalize import normalize

NUM_PERM = 128
BANDS, ROWS = 32, 4
SEED = 77
DEFAULT_THRESHOLD = 0.8
# A MinHash estimate from 128 permutations has a standard error of about 0.035 at J = 0.8;
# candidates down to 0.1 below the threshold go to the exact check so none is lost.
ESTIMATE_MARGIN = 0.1
MIN_SHINGLES = 5
# Fewer distinct characters and words than this and a text is not compared at all.
MIN_UNITS = 3
MAX_SHARED_SENTENCES = 3
# Related applications named in one finding; a cluster of 5,000 copies is reported by count.
MAX_RELATED = 50
# Members of one LSH bucket linked pairwise; beyond, each is linked to the first ones only
# (all are then still found through them, and the pair count stays linear).
MAX_BUCKET_PAIRS = 64

_HAN_RUN = re.compile("[\u3400-\u9fff]+")
_WORD = re.compile(r"[^\W_]+")
# `_WORD` in normalised (lower-case) ASCII text: every other character made a space, then a
# split at spaces (a third of the cost of finding them with the expression `[a-z0-9]+`).
_ASCII_NOT_WORD = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not ("a" <= c <= "z" or "0" <= c <= "9")}
)


def ascii_words(text: str) -> list[str]:
    """The runs of `[a-z0-9]` of an ASCII text, in order."""
    return text.translate(_ASCII_NOT_WORD).split()


def content_of(doc: PatentDocument) -> str:
    """Title, claims, abstract and description: everything the application discloses."""
    parts = [doc.title, *doc.claims, doc.abstract, doc.description]
    return "\n".join(part for part in parts if part and part.strip())


def shingles(text: str) -> set[str]:
    """Chinese character 3-grams and English word 3-grams of the normalised text; a text too
    short for `MIN_SHINGLES` of them (a title alone) gives its characters and words instead, so
    that two short texts are still compared, word by word."""
    text = normalize(text)
    if text.isascii():
        han: list[str] = []
        words = ascii_words(text)
    else:
        han = _HAN_RUN.findall(text)
        words = _WORD.findall(_HAN_RUN.sub(" ", text))
    out: set[str] = set()
    for run in han:
        out.update([run[i : i + 3] for i in range(len(run) - 2)] if len(run) > 3 else (run[:3],))
    if len(words) >= 3:
        out.update(map(" ".join, zip(words, words[1:], words[2:], strict=False)))
    elif words:
        out.add(" ".join(words))
    if len(out) >= MIN_SHINGLES:
        return out
    return {char for run in han for char in run} | set(words)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def signature(tokens: set[str]) -> np.ndarray:
    import rensa

    minhash = rensa.RMinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update(list(tokens))  # the minimum of each permutation: any order
    return np.asarray(minhash.digest(), dtype=np.uint32)


@dataclass(frozen=True)
class DuplicateFeatures:
    signature: np.ndarray | None  # None when the text is too short to compare
    applicants: tuple[str, ...]  # resolved entities


def candidate_pairs(signatures: np.ndarray) -> np.ndarray:
    """(i, j) rows, i < j, of signatures sharing a band, each pair once, sorted. In a band's
    bucket of more than `MAX_BUCKET_PAIRS`, each is paired with the first ones only (by row)."""
    found: list[np.ndarray] = []
    n = len(signatures)
    for band in range(BANDS):
        block = signatures[:, band * ROWS : (band + 1) * ROWS].astype(np.uint64)
        # The band's values two by two in 64-bit keys: rows equal in all of them share a bucket.
        keys = [block[:, r] << np.uint64(32) | block[:, r + 1] for r in range(0, ROWS - 1, 2)]
        keys += [block[:, ROWS - 1]] if ROWS % 2 else []
        order = np.lexsort(keys[::-1])  # stable: a bucket's rows stay in row order
        ordered = [key[order] for key in keys]
        opens = np.zeros(n, dtype=bool)  # where a bucket starts
        opens[:1] = True
        for key in ordered:
            opens[1:] |= key[1:] != key[:-1]
        starts = np.flatnonzero(opens)
        sizes = np.diff(np.r_[starts, n])
        shared = sizes > 1
        found.append(pairs_in_runs(order, starts[shared], sizes[shared], MAX_BUCKET_PAIRS))
    pairs = np.concatenate(found)
    if not len(pairs):
        return np.empty((0, 2), dtype=np.int64)
    codes = distinct(pairs[:, 0] * n + pairs[:, 1])
    return np.stack([codes // n, codes % n], axis=1)


class NearDuplicateDetector:
    behaviour = "duplicate_or_combination"
    name = "near_duplicates"

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold

    def prepare(self, doc: PatentDocument, context: ScreeningContext) -> DuplicateFeatures:
        tokens = shingles(content_of(doc))
        entities = tuple(sorted({context.entity_of(a) for a in doc.applicants if a.strip()}))
        if len(tokens) < MIN_UNITS:
            return DuplicateFeatures(None, entities)
        return DuplicateFeatures(signature(tokens), entities)

    def detect(self, prepared: Sequence[tuple[str, Any]], context: ScreeningContext) -> Findings:
        rows = [(i, f) for i, (_, f) in enumerate(prepared) if f.signature is not None]
        if len(rows) < 2:
            return {}
        positions = np.array([i for i, _ in rows])
        signatures = np.stack([f.signature for _, f in rows])
        pairs = candidate_pairs(signatures)
        estimates = (signatures[pairs[:, 0]] == signatures[pairs[:, 1]]).mean(axis=1)
        keep = estimates >= self.threshold - ESTIMATE_MARGIN
        neighbours: dict[int, list[tuple[float, int]]] = {}
        for (a, b), estimate in zip(pairs[keep], estimates[keep], strict=True):
            first, second = int(positions[a]), int(positions[b])
            neighbours.setdefault(first, []).append((-float(estimate), second))
            neighbours.setdefault(second, []).append((-float(estimate), first))
        groups = _group_sizes(neighbours)
        findings: Findings = {}
        for position in sorted(neighbours):
            app_id, features = prepared[position]
            ranked = sorted(neighbours[position])
            related = tuple(prepared[other][0] for _, other in ranked[:MAX_RELATED])
            same = [
                prepared[other][0]
                for _, other in ranked[:MAX_RELATED]
                if set(features.applicants) & set(prepared[other][1].applicants)
            ]
            evidence = {
                "estimated_similarity": round(-ranked[0][0], 4),
                "group_size": groups[position],
                "same_applicant": sorted(same),
            }
            findings[app_id] = [Finding(self.behaviour, -ranked[0][0], evidence, related)]
        return findings

    def explain(
        self, finding: Finding, doc: PatentDocument, related: Mapping[str, PatentDocument]
    ) -> Finding | None:
        """The exact similarities and the shared sentences; None when none reaches the
        threshold (the estimate was too generous)."""
        mine = shingles(content_of(doc))
        scored = []
        for other_id in finding.related:
            other = related[other_id]
            similarity = jaccard(mine, shingles(content_of(other)))
            if similarity >= self.threshold:
                scored.append((-similarity, other_id))
        if not scored:
            return None
        scored.sort()
        closest = related[scored[0][1]]
        same = set(finding.evidence["same_applicant"])
        evidence = {
            "similarity": round(-scored[0][0], 4),
            "measure": "Jaccard similarity of character/word 3-gram shingles",
            "near_duplicates": [
                {"id": other_id, "similarity": round(-s, 4), "same_applicant": other_id in same}
                for s, other_id in scored
            ],
            "group_size": finding.evidence["group_size"],
            "same_applicant": any(other_id in same for _, other_id in scored),
            "other_applicants": closest.applicants,
            "shared_sentences": shared_sentences(doc, closest),
        }
        ids = tuple(other_id for _, other_id in scored)
        return Finding(self.behaviour, -scored[0][0], evidence, ids, finding.detector)


def _group_sizes(neighbours: Mapping[int, list[tuple[float, int]]]) -> dict[int, int]:
    """Size of each application's group: the applications linked to it through candidate pairs
    (a cluster of copies is reported whole even where buckets were linked star-wise)."""
    parent = {node: node for node in neighbours}

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for node, links in neighbours.items():
        for _, other in links:
            a, b = find(node), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    sizes: dict[int, int] = {}
    for node in neighbours:
        root = find(node)
        sizes[root] = sizes.get(root, 0) + 1
    return {node: sizes[find(node)] for node in neighbours}


def shared_sentences(a: PatentDocument, b: PatentDocument) -> list[str]:
    theirs = {normalize(s) for s in sentences(content_of(b))}
    shared = [s for s in sentences(content_of(a)) if len(s) > 15 and normalize(s) in theirs]
    return shared[:MAX_SHARED_SENTENCES]
