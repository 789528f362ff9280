"""Order No. 77 Art. 3(1): applications whose content is obviously the same.

Each application's content (claims, abstract, description) becomes a set of shingles: Chinese
character 3-grams and English word 3-grams of the normalised text (stop-words kept, so word
order counts). MinHash signatures (rensa, 128 permutations) go into an LSH index; candidate
pairs are then verified on the exact Jaccard similarity of their shingle sets, so the LSH only
narrows the search and never decides. Evidence: the similarity, the shared share of each side,
whether the applicants are the same, and sentences the two texts share word for word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ipoffice.patents.document import PatentDocument
from ipoffice.screening.findings import Finding
from ipoffice.text.analyze import sentences
from ipoffice.text.normalize import normalize

NUM_PERM = 128
LSH_BANDS = 32  # 32 bands of 4 rows: a pair at Jaccard 0.5 is a candidate with p ~ 0.88
SEED = 77
DEFAULT_THRESHOLD = 0.8
MIN_SHINGLES = 5
MAX_SHARED_SENTENCES = 3

_HAN_RUN = re.compile("[\u3400-\u9fff]+")
_WORD = re.compile(r"[^\W_]+")


def content_of(doc: PatentDocument) -> str:
    return "\n".join([*doc.claims, doc.abstract, doc.description]) or doc.title


def shingles(text: str) -> set[str]:
    """Chinese character 3-grams and English word 3-grams of the normalised text."""
    text = normalize(text)
    out: set[str] = set()
    for run in _HAN_RUN.findall(text):
        out.update(run[i : i + 3] for i in range(max(len(run) - 2, 1)))
    words = _WORD.findall(_HAN_RUN.sub(" ", text))
    out.update(" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 1)) if words)
    return out


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


@dataclass(frozen=True)
class DuplicatePair:
    first: str
    second: str
    similarity: float


def _shared_sentences(a: PatentDocument, b: PatentDocument) -> list[str]:
    theirs = {normalize(s) for s in sentences(content_of(b))}
    shared = [s for s in sentences(content_of(a)) if len(s) > 15 and normalize(s) in theirs]
    return shared[:MAX_SHARED_SENTENCES]


def find_pairs(
    documents: Sequence[PatentDocument], *, threshold: float = DEFAULT_THRESHOLD
) -> list[DuplicatePair]:
    """Pairs of documents whose shingle sets have a Jaccard similarity of at least threshold."""
    import rensa

    sets = [shingles(content_of(doc)) for doc in documents]
    lsh = rensa.RMinHashLSH(threshold=threshold, num_perm=NUM_PERM, num_bands=LSH_BANDS)
    signatures = []
    for position, tokens in enumerate(sets):
        signature = rensa.RMinHash(num_perm=NUM_PERM, seed=SEED)
        if len(tokens) >= MIN_SHINGLES:
            signature.update(sorted(tokens))
            lsh.insert(position, signature)
        signatures.append(signature)
    pairs: list[DuplicatePair] = []
    for position, tokens in enumerate(sets):
        if len(tokens) < MIN_SHINGLES:
            continue
        for other in lsh.query(signatures[position]):
            if other <= position:
                continue
            similarity = jaccard(tokens, sets[other])
            if similarity >= threshold:
                pairs.append(DuplicatePair(documents[position].id, documents[other].id, similarity))
    pairs.sort(key=lambda p: (p.first, p.second))
    return pairs


def near_duplicate_findings(
    documents: Sequence[PatentDocument], *, threshold: float = DEFAULT_THRESHOLD
) -> dict[str, list[Finding]]:
    """Findings per document id: one per other document it nearly duplicates."""
    by_id = {doc.id: doc for doc in documents}
    findings: dict[str, list[Finding]] = {}
    for pair in find_pairs(documents, threshold=threshold):
        a, b = by_id[pair.first], by_id[pair.second]
        same_applicant = bool(set(a.applicants) & set(b.applicants))
        shared = _shared_sentences(a, b)
        for this, other in ((a, b), (b, a)):
            evidence = {
                "similarity": round(pair.similarity, 4),
                "measure": "Jaccard similarity of character/word 3-gram shingles",
                "same_applicant": same_applicant,
                "other_applicants": other.applicants,
                "shared_sentences": shared,
            }
            findings.setdefault(this.id, []).append(
                Finding("duplicate_or_combination", pair.similarity, evidence, (other.id,))
            )
    return findings
