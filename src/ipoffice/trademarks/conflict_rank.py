"""The last stages of a conflict search: a cheap score to narrow, then the full comparison.

Split from `conflicts` to keep each module short; `conflicts.search_conflicts` is the entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from ipoffice.trademarks.aspects import Aspect
from ipoffice.trademarks.conflict_index import classes_of
from ipoffice.trademarks.conflict_model import (
    CLASS_ONLY,
    GROUNDS,
    MIN_SCORE,
    Conflict,
    ConflictQuery,
    ImageLookup,
    Pool,
    compare_candidate,
    goods_aspect,
    image_aspect_from_hash,
    image_evidence,
)
from ipoffice.trademarks.images import HASH_ZERO_AT, ImageFeatures, compare_images
from ipoffice.trademarks.models import MARK_STATUSES
from ipoffice.trademarks.similarity_model import SIMILAR_AT

# The edit ratios count a little less than a shared whole-mark key: two marks of two common
# characters each are often 50% alike by edit ratio and nothing else.
FUZZY_FACTOR = 0.9


def cheap_scores(pool: Pool, query: ConflictQuery, limit: int) -> None:
    """Keep the `limit` best candidates by key score (and every image match), then score them
    by the strongest of key overlap, shared whole-mark key, edit ratios and image distance."""
    base = np.maximum(pool.key, pool.strong)
    if len(pool.rows) > limit:
        best = np.argpartition(-base, limit - 1)[:limit]
        keep = np.union1d(best, np.flatnonzero(pool.distance >= 0))
        pool.take(keep)
        base = base[keep]
    cheap = base.copy()
    prepared = query.prepared
    if prepared is not None and len(pool.rows):
        ix = pool.index
        rows = pool.rows.tolist()
        norms = [ix.norms[r] for r in rows]
        cheap = np.maximum(cheap, FUZZY_FACTOR * _ratios(prepared.norm, norms))
        if prepared.sound:
            sounds = [ix.sounds[r] for r in rows]
            cheap = np.maximum(cheap, FUZZY_FACTOR * _ratios(prepared.sound, sounds))
    images = pool.distance >= 0
    if images.any():
        hash_scores = np.maximum(0.0, 1.0 - pool.distance[images] / HASH_ZERO_AT)
        cheap[images] = np.maximum(cheap[images], [image_evidence(s) for s in hash_scores])
    pool.cheap = cheap


def _ratios(query: str, texts: list[str]) -> NDArray[np.float64]:
    scores = process.cdist([query], texts, scorer=fuzz.ratio, workers=1)[0] / 100.0
    empty = np.fromiter((not t for t in texts), np.bool_, len(texts))
    scores[empty] = 0.0
    return np.asarray(scores, dtype=np.float64)


def rank(
    pools: Sequence[Pool], query: ConflictQuery, size: int, image_lookup: ImageLookup | None
) -> list[Conflict]:
    """Compare the `size` best candidates in full and return the best `query.top`."""
    chosen = sorted(
        ((float(c), p, j) for p, pool in enumerate(pools) for j, c in enumerate(pool.cheap)),
        key=lambda item: -item[0],
    )[:size]
    features: dict[int, ImageFeatures] = {}
    if image_lookup is not None and query.image is not None:
        wanted = [
            int(pools[p].index.ids[pools[p].rows[j]])
            for _c, p, j in chosen
            if pools[p].distance[j] >= 0
        ]
        features = image_lookup(wanted) if wanted else {}
    found = [_conflict(pools[p], j, query, features) for _c, p, j in chosen]
    hits = [c for c in found if c is not None]
    hits.sort(key=_ranking)
    return hits[: query.top]


def _ranking(c: Conflict) -> tuple[float, float, float, date, str]:
    """Score first; among equal scores (one decisive aspect saturates it) the mark alike in
    more respects, then in its text, ranks higher: an identical mark before one containing it."""
    overall, text = c.aspects.get("overall"), c.aspects.get("text")
    return (
        -c.score,
        -(overall.score if overall else 0.0),
        -(text.score if text else 0.0),
        c.priority_date or c.filing_date,
        c.number,
    )


def _conflict(
    pool: Pool, j: int, query: ConflictQuery, features: dict[int, ImageFeatures]
) -> Conflict | None:
    ix, row = pool.index, int(pool.rows[j])
    mark_id, text = int(ix.ids[row]), ix.texts[row]
    comparison = compare_candidate(query, ix.mark_text(row))
    aspects: dict[str, Aspect] = dict(comparison.aspects) if comparison else {}
    score = comparison.score if comparison else 0.0
    decisive = comparison.decisive if comparison else ()
    explanation = (comparison.explanation_zh, comparison.explanation_en) if comparison else ("", "")
    distance = int(pool.distance[j])
    if distance >= 0:
        stored = features.get(mark_id)
        image = (
            compare_images(query.image, stored)
            if query.image is not None and stored is not None
            else image_aspect_from_hash(distance)
        )
        aspects["image"] = image
        if image_evidence(image.score) > score:
            score, decisive = image_evidence(image.score), ("image",)
            explanation = (image.explanation_zh, image.explanation_en)
    if score < MIN_SCORE:
        return None
    goods = goods_aspect(ix, row, int(pool.relation[j]), query)
    aspects["goods"] = goods
    filed = date.fromordinal(int(ix.filed[row]))
    effective = date.fromordinal(int(ix.effective[row]))
    same_day = query.on is not None and effective == query.on
    status = MARK_STATUSES[int(ix.status[row])]
    ground = _ground(int(pool.relation[j]), status, same_day)
    zh = f"{explanation[0]}；{goods.explanation_zh}；{GROUNDS[ground][0]}".lstrip("；")
    en = f"{explanation[1]}; {goods.explanation_en}; {GROUNDS[ground][1]}".lstrip("; ")
    return Conflict(
        mark_id=mark_id,
        number=ix.numbers[row],
        text=text,
        score=score,
        similar=score >= SIMILAR_AT,
        ground=ground,
        comparison=comparison,
        aspects=aspects,
        classes=classes_of(int(ix.classes[row])),
        groups=ix.group_codes(row),
        filing_date=filed,
        priority_date=effective if effective != filed else None,
        status=status,
        well_known=bool(ix.well_known[row]),
        same_day=same_day,
        decisive=tuple(decisive),
        explanation_zh=zh,
        explanation_en=en,
    )


def _ground(relation: int, status: str, same_day: bool) -> str:
    if relation > CLASS_ONLY:  # dissimilar goods: only a registered well-known mark is here
        return "art13"
    if same_day:
        return "art31_same_day"
    return "art30" if status in ("registered", "preliminarily_approved") else "art31"
