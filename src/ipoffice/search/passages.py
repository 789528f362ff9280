"""The passages of a document that best match a query: the evidence shown beside a hit.

A hit shows up to three passages, so every sentence of up to ten documents is scored per query.
Segmenting each Chinese sentence with jieba would cost about a millisecond a document, more than
the index lookups; Chinese query terms are therefore found by substring in the normalised text,
which is also how the workbench highlights them. Latin terms are compared as stems.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from ipoffice.patents.document import PatentDocument
from ipoffice.text.analyze import is_han_term, latin_terms_and_han_runs, sentences

# Long descriptions are cut: the first sentences carry the field and the summary.
MAX_DESCRIPTION_SENTENCES = 400
# Average length of a segmented Chinese word in patent text, used to count a passage's words
# for the length damping without segmenting it.
HAN_CHARS_PER_WORD = 1.7


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


class QueryTerms:
    """A query's terms, prepared once for matching many passages."""

    def __init__(self, terms: set[str]) -> None:
        self.latin = frozenset(t for t in terms if not is_han_term(t))
        by_first: dict[str, list[str]] = defaultdict(list)
        for term in terms:
            if is_han_term(term):
                by_first[term[0]].append(term)
        self.han_by_first = dict(by_first)

    def match(self, text: str) -> tuple[int, tuple[str, ...]]:
        """(approximate word count, query terms found) of one passage."""
        latin, han_runs = latin_terms_and_han_runs(text)
        matched = set(self.latin.intersection(latin))
        han_chars = 0
        if han_runs:
            han = "|".join(han_runs)  # a term never spans two runs
            han_chars = len(han) - len(han_runs) + 1
            for first in self.han_by_first.keys() & set(han):
                matched.update(t for t in self.han_by_first[first] if t in han)
        words = len(latin) + math.ceil(han_chars / HAN_CHARS_PER_WORD)
        return words, tuple(sorted(matched))


def candidate_passages(doc: PatentDocument) -> list[tuple[str, str]]:
    """(field, text) units a passage can be: each claim whole, sentences elsewhere."""
    units: list[tuple[str, str]] = [("title", doc.title)]
    units += [("abstract", s) for s in sentences(doc.abstract)]
    units += [("claims", claim) for claim in doc.claims]
    units += [("description", s) for s in sentences(doc.description)[:MAX_DESCRIPTION_SENTENCES]]
    return [(f, t.strip()) for f, t in units if t and t.strip()]


def score_passage(words: int, matched: tuple[str, ...]) -> float:
    """Distinct query terms matched, damped by passage length so short exact passages win."""
    if not matched or words <= 0:
        return 0.0
    return len(matched) / (1.0 + math.log(words))


def best_passages(doc: PatentDocument, query: QueryTerms, *, limit: int = 3) -> list[Passage]:
    """The best `limit` passages of `doc`; `query` is prepared once for all of a query's hits."""
    scored = []
    for field, text in candidate_passages(doc):
        words, matched = query.match(text)
        score = score_passage(words, matched)
        if score > 0:
            scored.append(Passage(field, text, score, matched))
    scored.sort(key=lambda p: -p.score)
    return scored[:limit]
