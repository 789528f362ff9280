"""Conflict search: the earlier marks an application would be refused for (Art. 30, 31, 13).

    query = make_query(text="康帅傅", goods=["3002"], on=date(2026, 3, 1), table=table)
    for hit in search_conflicts([index], query): print(hit.number, hit.score, hit.ground)

The search runs in stages so that no stage compares all pairs:

1. candidates from the inverted indexes (`conflict_index`): marks sharing a retrieval key,
   scored by IDF-weighted key overlap; figurative marks by pHash within `IMAGE_MAX_DISTANCE`;
2. legal filters on arrays: live marks only, earlier by priority or filing date (same-day
   filings kept and flagged: Art. 31 gives the mark to the first user, which the register
   cannot tell), identical or similar goods by the similar group (class level where either
   side has goods not placed in a group), and registered well-known marks on any goods
   (Art. 13(3)); the applicant's own marks are not cited against it;
3. a cheap score (key overlap, edit ratio of the normalised texts and of their sounds, the
   strongest whole-mark key shared) keeps the best few hundred;
4. the best `rerank` are compared in full (`similarity.compare_texts`, `images.compare_images`
   where features are at hand) and ranked by that score, with every aspect and the ground.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ipoffice.core.errors import InvalidInput
from ipoffice.trademarks.conflict_index import ConflictIndex, class_mask, prepare_text
from ipoffice.trademarks.conflict_model import (
    _FAMILY_STRENGTH,
    _LIVE,
    _REGISTERED,
    CANDIDATE_POOL,
    CLASS_ONLY,
    DEFAULT_TOP,
    GROUNDS,
    IMAGE_MAX_DISTANCE,
    MAX_GOODS,
    MAX_TOP,
    NOT_GIVEN,
    OTHER_CLASS,
    SAME_CLASS,
    SAME_GROUP,
    Conflict,
    ConflictQuery,
    ImageLookup,
    Pool,
)
from ipoffice.trademarks.conflict_rank import cheap_scores, rank
from ipoffice.trademarks.goods import parse_goods_code
from ipoffice.trademarks.goods_table import GoodsTable, place_all
from ipoffice.trademarks.images import ImageFeatures
from ipoffice.trademarks.mark_text import analyse_mark

__all__ = [
    "DEFAULT_TOP", "GROUNDS", "MAX_TOP", "Conflict", "ConflictQuery", "check_classes",
    "check_top", "make_query", "search_conflicts",
]  # fmt: skip


def check_top(top: object) -> int:
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_TOP:
        raise InvalidInput(f"top must be a whole number from 1 to {MAX_TOP}", field="top")
    return top


def check_classes(values: Iterable[object]) -> set[int]:
    classes: set[int] = set()
    for value in values:
        code = parse_goods_code(value, field="class")
        if code.level != "class":
            raise InvalidInput(f"{value!r} is not a class number (1-45)", field="class")
        classes.add(code.class_number)
    return classes


def make_query(
    *,
    text: str | None,
    classes: Iterable[object] = (),
    goods: Sequence[object] = (),
    on: date | None = None,
    top: int = DEFAULT_TOP,
    table: GoodsTable | None = None,
    phash: str | None = None,
    image: ImageFeatures | None = None,
    exclude_ids: Iterable[int] = (),
    applicant_id: int | None = None,
) -> ConflictQuery:
    """Check and analyse a query; bad input is an `InvalidInput` naming the field."""
    top = check_top(top)
    if len(goods) > MAX_GOODS:
        raise InvalidInput(f"at most {MAX_GOODS} goods codes", field="goods")
    mark = None
    if text is not None and (text.strip() or phash is None):
        mark = analyse_mark(text, field="text")
    if mark is None and not phash:
        raise InvalidInput("give the word mark (or the image) to search for", field="text")
    class_set = check_classes(classes)
    groups: set[str] = set()
    coarse = set(class_set)
    if goods:
        for placed in place_all(goods, table):
            class_set.add(placed.class_number)
            if placed.group is None:
                coarse.add(placed.class_number)
            else:
                groups.add(placed.group)
    return ConflictQuery(
        text=text or "",
        mark=mark,
        prepared=prepare_text(text) if mark is not None and text else None,
        classes=frozenset(class_set),
        groups=frozenset(groups),
        coarse_classes=frozenset(coarse),
        table_edition=table.edition if table is not None else None,
        on=on,
        top=top,
        phash=phash,
        image=image,
        exclude_ids=frozenset(exclude_ids),
        applicant_id=applicant_id,
    )


def search_conflicts(
    indexes: Sequence[ConflictIndex],
    query: ConflictQuery,
    *,
    rerank: int | None = None,
    image_lookup: ImageLookup | None = None,
) -> list[Conflict]:
    """The earlier marks in conflict with `query`, best first (at most `query.top`).

    `rerank` marks are compared in full (default: `query.top` plus a tenth, at least 5
    more); `image_lookup` gives stored image features by mark id for a full image comparison
    (without it, images are compared by their pHash distance)."""
    pools = [_candidates(ix, query) for ix in indexes]
    for pool in pools:
        _filter(pool, query)
        cheap_scores(pool, query, CANDIDATE_POOL)
    size = rerank if rerank is not None else query.top + max(5, query.top // 10)
    return rank(pools, query, size, image_lookup)


def _candidates(ix: ConflictIndex, query: ConflictQuery) -> Pool:
    rows, key, strong = np.zeros(0, np.int64), np.zeros(0), np.zeros(0)
    if query.prepared is not None:
        prepared = query.prepared
        rows, key, strong = ix.text_candidates(prepared.hashes, prepared.families, _FAMILY_STRENGTH)
    distance = np.full(len(rows), -1, np.int64)
    if query.phash:
        image_rows, distances = ix.image_candidates(query.phash, IMAGE_MAX_DISTANCE)
        extra = ~np.isin(image_rows, rows)
        at = np.searchsorted(rows, image_rows[~extra])
        distance[at] = distances[~extra]
        added = int(extra.sum())
        rows = np.concatenate((rows, image_rows[extra]))
        key = np.concatenate((key, np.zeros(added)))
        strong = np.concatenate((strong, np.zeros(added)))
        distance = np.concatenate((distance, distances[extra]))
    return Pool(ix, rows, key, distance, strong=strong)


def _filter(pool: Pool, query: ConflictQuery) -> None:
    """Keep live, earlier marks of others on similar goods, and registered well-known marks."""
    ix, rows = pool.index, pool.rows
    keep = np.isin(ix.status[rows], _LIVE)
    if query.on is not None:
        keep &= ix.effective[rows] <= query.on.toordinal()
    if query.exclude_ids:
        keep &= ~np.isin(ix.ids[rows], np.fromiter(query.exclude_ids, np.int64))
    if query.applicant_id:
        keep &= ix.applicant[rows] != query.applicant_id
    pool.take(keep)
    pool.relation = _relations(ix, pool.rows, query)
    similar_goods = pool.relation <= CLASS_ONLY
    famous = ix.well_known[pool.rows] & (ix.status[pool.rows] == _REGISTERED)
    pool.take(similar_goods | famous)


def _relations(ix: ConflictIndex, rows: NDArray[np.int64], query: ConflictQuery) -> Any:
    if not query.goods_given:
        return np.full(len(rows), NOT_GIVEN, np.int64)
    wanted = np.uint64(class_mask(query.classes))
    coarse = np.uint64(class_mask(query.coarse_classes))
    shared = ix.classes[rows] & wanted
    relation = np.where(shared != 0, SAME_CLASS, OTHER_CLASS)
    class_level = (shared & (ix.coarse[rows] | coarse)) != 0
    relation = np.where(class_level, CLASS_ONLY, relation)
    return np.where(ix.group_hits(rows, sorted(query.groups)), SAME_GROUP, relation)
