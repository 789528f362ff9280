"""Text analysis, ranking and highlighting of the typical-case library.

Cases and queries go through the project's analysis (`ipoffice.text`): normalisation (width,
case, traditional to simplified), jieba segmentation with the sub-words of long words, English
stemming. So `专利侵权` finds `专利侵权纠纷` (both give 专利 + 侵权) and "infringing" finds
"infringement" (both stem to `infring`), in either language's fields.

Every term a case has is stored once in `search_terms` (" a b c "), so the database narrows the
candidates with one `LIKE '% term %'` per query term (all terms must occur); the candidates are
ranked here with BM25 over the stored field-weighted term frequencies. At the library's size
(hundreds to a few thousand cases) this needs no index service.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ipoffice.core.errors import InvalidInput
from ipoffice.text.analyze import is_han_term, tokens
from ipoffice.text.normalize import HAN_CLASS, normalize

MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 20
# Field weights: a word in the title says more about a case than one in its full text.
WEIGHTS = {"title": 3, "tags": 2, "summary": 2, "body": 1}
BM25_K1 = 1.2
BM25_B = 0.75

_HAN_PIECE = re.compile(f"[{HAN_CLASS}]+")
_PIECE = re.compile(f"[{HAN_CLASS}]+|(?:(?![{HAN_CLASS}])[^\\W_])+(?:\\.\\d+)*")


@dataclass(frozen=True)
class Segment:
    text: str
    match: bool


def case_terms(fields: Mapping[str, Iterable[str | None]]) -> tuple[str, dict[str, int], int]:
    """(search_terms, weights, length) of a case from its texts by field (`WEIGHTS` keys)."""
    weights: Counter[str] = Counter()
    for field, texts in fields.items():
        weight = WEIGHTS[field]
        for text in texts:
            if text:
                for term in tokens(text):
                    weights[term] += weight
    length = sum(weights.values())
    terms = sorted(weights)
    return (" " + " ".join(terms) + " ") if terms else " ", dict(weights), length


def query_terms(query: str) -> list[str]:
    """The distinct terms of a query, in order; clear errors for empty or over-long queries."""
    text = query.strip()
    if not text:
        raise InvalidInput("the query is empty: type one or more words", field="q")
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidInput(
            f"the query has {len(text)} characters; at most {MAX_QUERY_CHARS} are allowed",
            field="q",
        )
    terms = list(dict.fromkeys(tokens(text)))
    if not terms:
        raise InvalidInput(
            "the query has no searchable words (only punctuation or common words)", field="q"
        )
    return terms[:MAX_QUERY_TERMS]


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"% {escaped} %"


def idf(total: int, containing: int) -> float:
    return math.log(1 + (total - containing + 0.5) / (containing + 0.5))


def bm25(
    weights: Mapping[str, int],
    length: int,
    terms: Iterable[str],
    idfs: Mapping[str, float],
    avg_length: float,
) -> float:
    norm = BM25_K1 * (1 - BM25_B + BM25_B * max(length, 1) / (avg_length or 1.0))
    score = 0.0
    for term in terms:
        tf = float(weights.get(term, 0))
        if tf:
            score += idfs.get(term, 0.0) * tf * (BM25_K1 + 1) / (tf + norm)
    return score


def _spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    wanted = list(terms)
    han = [t for t in wanted if is_han_term(t)]
    latin = {t for t in wanted if not is_han_term(t)}
    spans: list[tuple[int, int]] = []
    for piece in _PIECE.finditer(text):
        word = piece.group()
        if _HAN_PIECE.fullmatch(word):
            folded = normalize(word)
            if len(folded) != len(word):  # positions would not line up; leave it plain
                continue
            for term in han:
                at = folded.find(term)
                while at >= 0:
                    spans.append((piece.start() + at, piece.start() + at + len(term)))
                    at = folded.find(term, at + 1)
        elif latin and latin.intersection(tokens(word)):
            spans.append(piece.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: Iterable[str]) -> list[Segment]:
    """`text` cut into segments, the parts matching a query term marked."""
    segments: list[Segment] = []
    cursor = 0
    for start, end in _spans(text, terms):
        if start > cursor:
            segments.append(Segment(text[cursor:start], False))
        segments.append(Segment(text[start:end], True))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:], False))
    return segments


def snippet(texts: Iterable[str | None], terms: list[str], width: int = 140) -> list[Segment]:
    """A window of the first text with a match (else the start of the first text), marked."""
    present = [t for t in texts if t]
    if not present:
        return []
    chosen, first = present[0], 0
    for text in present:
        spans = _spans(text, terms) if terms else []
        if spans:
            chosen, first = text, spans[0][0]
            break
    start = max(0, first - width // 3) if len(chosen) > width else 0
    end = min(len(chosen), start + width)
    window = chosen[start:end]
    segments = highlight(window, terms) if terms else [Segment(window, False)]
    if start > 0:
        segments.insert(0, Segment("…", False))
    if end < len(chosen):
        segments.append(Segment("…", False))
    return segments
