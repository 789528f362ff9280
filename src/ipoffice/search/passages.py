"""The passages of a document that best match a query: the evidence shown beside a hit."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ipoffice.patents.document import PatentDocument
from ipoffice.text.analyze import sentences, tokens

# Long descriptions are cut: the first sentences carry the field and the summary.
MAX_DESCRIPTION_SENTENCES = 400


@dataclass(frozen=True)
class Passage:
    field: str
    text: str
    score: float
    matched: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "field": self.field,
            "text": self.text,
            "score": round(self.score, 4),
            "matched": list(self.matched),
        }


def candidate_passages(doc: PatentDocument) -> list[tuple[str, str]]:
    """(field, text) units a passage can be: each claim whole, sentences elsewhere."""
    units: list[tuple[str, str]] = [("title", doc.title)]
    units += [("abstract", s) for s in sentences(doc.abstract)]
    units += [("claims", claim) for claim in doc.claims]
    units += [("description", s) for s in sentences(doc.description)[:MAX_DESCRIPTION_SENTENCES]]
    return [(f, t.strip()) for f, t in units if t and t.strip()]


def score_passage(passage_terms: list[str], query_terms: set[str]) -> tuple[float, tuple[str, ...]]:
    """Distinct query terms matched, damped by passage length so short exact passages win."""
    if not passage_terms:
        return 0.0, ()
    matched = tuple(sorted(query_terms.intersection(passage_terms)))
    if not matched:
        return 0.0, ()
    return len(matched) / (1.0 + math.log(len(passage_terms))), matched


def best_passages(doc: PatentDocument, query_terms: set[str], *, limit: int = 3) -> list[Passage]:
    scored = []
    for field, text in candidate_passages(doc):
        score, matched = score_passage(tokens(text, doc.lang), query_terms)
        if score > 0:
            scored.append(Passage(field, text, score, matched))
    scored.sort(key=lambda p: -p.score)
    return scored[:limit]
