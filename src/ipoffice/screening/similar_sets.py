"""Similar term sets across a whole batch, found without comparing all pairs.

Shared by the copying and combination detectors, whose units (sentences, claim features) are
sets of term ids (`synonyms.analyse`):

- `unit_minhashes` gives each set `PERMUTATIONS` MinHash values (multiply-shift hashing of the
  32-bit term ids), for the whole batch at once in `detect`: vectorised over millions of terms
  it costs less than the per-application arrays `prepare` would otherwise send and keep.
- `similar_pairs` bands the values (`bands` bands of `rows` rows). Per band, the band keys of all
  sets are sorted once and sets sharing a key are paired: the cost is a sort per band, never a
  comparison of all pairs. A key shared by more than `max_bucket` sets is a stock phrase of the
  field and pairs nothing (it would pair thousands of unrelated sets); a set whose every key is
  such is reported as `saturated`.
- `estimates` gives the share of equal MinHash values of each pair, an unbiased estimate of
  their Jaccard similarity, to drop the many chance pairs before the exact check.

`match_members` runs these over the reference documents and the batch together, verifies the
survivors on the exact sets (`exact_jaccard`, vectorised) and turns each similar pair into "this
unit of the later document is found in that unit of the earlier one". An application's prior art
is what has an earlier prior-art date (`order_of`: priority date, else filing date); on the same
day the smaller id is the earlier, so that of two same-day copies exactly one is the source; an
undated application comes after every dated one, an undated reference document before all.
Documents of one family (same `family_id`) are never each other's source. A unit similar to
units of `standard` or more other documents is common stock of the field and counts neither way.
`greedy_cover` then credits an application's matched units to as few sources as possible.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from ipoffice.core.arrays import distinct
from ipoffice.core.compact_pickle import CompactPickle
from ipoffice.patents.document import PatentDocument

SEED = 77
PERMUTATIONS = 18
# Terms hashed at a time: (PERMUTATIONS, terms) 32-bit hashes, about 75 MB.
HASH_CHUNK = 1_000_000
# Pairs whose estimates are computed at a time: bounds the memory at about 100 MB.
ESTIMATE_CHUNK = 2_000_000
# Pairs verified on their exact sets at a time: about 100 MB for units of 20 terms.
VERIFY_CHUNK = 250_000
# Pairs of units of at most this many terms are compared term by term, in a table of the first
# width that holds both (a width x width table per pair); longer ones by sorting their terms.
WIDTHS = (4, 8, 12, 16, 24, 32, 48, 64)
# Runs of members up to this size are paired a size at a time (`pairs_in_runs`).
GROUPED_RUN = 64
# Table cells compared at a time (bytes): bounds the memory of a block.
TABLE_CELLS = 1 << 26

# Threads for the blocks of `detect`: numpy releases the interpreter lock in its sorts,
# comparisons and indexing, and the workers of `prepare` are done by then.
THREADS = os.cpu_count() or 1

UNDATED = date.max.toordinal() + 1  # an undated application comes after all dated ones
PRIOR = -1  # an undated reference document comes before all applications

Minima = npt.NDArray[np.uint32]
Pairs = npt.NDArray[np.int64]


def _constants() -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    rng = np.random.default_rng(SEED)
    top = np.uint64(1 << 62)
    odd = rng.integers(1, top, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    add = rng.integers(0, top, size=PERMUTATIONS, dtype=np.uint64)
    mix = rng.integers(1, top, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    return odd, add, mix


_ODD, _ADD, _MIX = _constants()
_SHIFT = np.uint64(32)

Result = TypeVar("Result")


def in_threads(work: Callable[[int], Result], items: Sequence[int]) -> list[Result]:
    """`work` of each item, in the items' order, on up to `THREADS` threads."""
    if THREADS <= 1 or len(items) <= 1:
        return [work(item) for item in items]
    with ThreadPoolExecutor(min(THREADS, len(items))) as pool:
        return list(pool.map(work, items))


def unit_minhashes(terms: npt.NDArray[np.uint32], sizes: npt.NDArray[np.int64]) -> Minima:
    """(len(sizes), PERMUTATIONS) MinHash values of units given as consecutive runs of `terms`
    (32-bit term ids) of `sizes` terms, hashed `HASH_CHUNK` terms at a time; an empty unit gets
    the largest values."""
    out = np.full((len(sizes), PERMUTATIONS), np.iinfo(np.uint32).max, dtype=np.uint32)
    ends = np.cumsum(sizes)
    starts = ends - sizes
    filled = np.flatnonzero(sizes > 0)
    filled_ends = ends[filled]
    # Blocks of units of about HASH_CHUNK terms (at least one unit each).
    firsts: list[int] = []
    first = 0
    while first < len(filled):
        firsts.append(first)
        limit = starts[filled[first]] + HASH_CHUNK
        first = max(int(np.searchsorted(filled_ends, limit)), first) + 1
    bounds = [*firsts, len(filled)]

    def block(number: int) -> None:
        units = filled[bounds[number] : bounds[number + 1]]
        low, high = int(starts[units[0]]), int(ends[units[-1]])
        values = terms[low:high].astype(np.uint64)
        # One permutation a row, each a contiguous pass through one reused 64-bit buffer: 2.4x
        # faster than (terms, PERMUTATIONS) products reduced down their columns.
        hashed = np.empty((PERMUTATIONS, high - low), dtype=np.uint32)
        product = np.empty(high - low, dtype=np.uint64)
        for row in range(PERMUTATIONS):
            np.multiply(values, _ODD[row], out=product)
            product += _ADD[row]
            product >>= _SHIFT
            hashed[row] = product
        out[units] = np.minimum.reduceat(hashed, starts[units] - low, axis=1).T

    in_threads(block, range(len(firsts)))
    return out


def _band_keys(minima: Minima, band: int, rows: int) -> npt.NDArray[np.uint64]:
    key = np.full(len(minima), np.uint64(band + 1), dtype=np.uint64)
    for row in range(band * rows, (band + 1) * rows):
        key = (key ^ minima[:, row].astype(np.uint64)) * _MIX[row]
    return key


def pairs_in_runs(
    order: npt.NDArray[np.int64],
    starts: npt.NDArray[np.int64],
    sizes: npt.NDArray[np.int64],
    heads: int | None = None,
) -> Pairs:
    """The pairs of members within each run `order[start:start + size]`, as (i, j), i < j, in
    no particular order: all of them, or with `heads` those whose first member is among the
    run's first `heads`. Runs of up to `GROUPED_RUN` members are paired a size at a time (two
    gathers through the pair pattern of that size: ten times faster than per-pair
    arithmetic); longer ones pair by pair."""
    short = sizes <= GROUPED_RUN
    found = [_pairs_by_size(order, starts[short], sizes[short], heads)]
    found.append(_pairs_one_by_one(order, starts[~short], sizes[~short], heads))
    return np.concatenate(found)


def _pairs_by_size(
    order: npt.NDArray[np.int64],
    starts: npt.NDArray[np.int64],
    sizes: npt.NDArray[np.int64],
    heads: int | None,
) -> Pairs:
    """`pairs_in_runs` of short runs: those of each size through its upper-triangle pattern."""
    found = [np.zeros((0, 2), dtype=np.int64)]
    for size in distinct(sizes).tolist():
        first, second = np.triu_indices(size, 1)
        if heads is not None:
            kept = first < heads
            first, second = first[kept], second[kept]
        members = order[starts[sizes == size, None] + np.arange(size)]
        a, b = members[:, first].ravel(), members[:, second].ravel()
        found.append(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1))
    return np.concatenate(found)


def _pairs_one_by_one(
    order: npt.NDArray[np.int64],
    starts: npt.NDArray[np.int64],
    sizes: npt.NDArray[np.int64],
    heads: int | None,
) -> Pairs:
    leading = sizes if heads is None else np.minimum(sizes, heads)
    total = int(leading.sum())
    if total == 0:
        return np.zeros((0, 2), dtype=np.int64)
    run = np.repeat(np.arange(len(sizes)), leading)
    offset = np.arange(total) - np.repeat(np.cumsum(leading) - leading, leading)
    position = starts[run] + offset
    partners = sizes[run] - offset - 1
    first = np.repeat(position, partners)
    step = np.arange(int(partners.sum())) - np.repeat(np.cumsum(partners) - partners, partners)
    second = first + 1 + step
    a, b = order[first], order[second]
    return np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1)


def similar_pairs(
    minima: Minima, *, bands: int, rows: int, max_bucket: int, min_estimate: float = 0.0
) -> tuple[Pairs, npt.NDArray[np.bool_]]:
    """Candidate pairs (i < j, sorted, each once) sharing a band key held by at most
    `max_bucket` sets and estimated at `min_estimate` or more, and for each set whether all its
    keys are held by more. Pairs are thinned band by band, so memory follows the survivors."""
    n = len(minima)

    def band(number: int) -> tuple[Pairs, npt.NDArray[np.int64]]:
        """The band's candidate pairs, and the sets whose key in it is crowded."""
        keys = _band_keys(minima, number, rows)
        order = np.argsort(keys, kind="stable").astype(np.int64)
        ordered = keys[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]).astype(np.int64)
        sizes = np.diff(np.r_[starts, n]).astype(np.int64)
        big = sizes > max_bucket
        keep = (sizes >= 2) & ~big
        pairs = pairs_in_runs(order, starts[keep], sizes[keep])
        if min_estimate > 0 and len(pairs):
            pairs = pairs[estimates(minima, pairs) >= min_estimate]
        return pairs, order[np.repeat(big, sizes)]

    found: list[Pairs] = []
    crowded = np.zeros(n, dtype=np.int64)
    for pairs, crowded_sets in in_threads(band, range(bands)):
        found.append(pairs)
        crowded[crowded_sets] += 1
    pairs = np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)
    if len(pairs):
        codes = distinct(pairs[:, 0] * n + pairs[:, 1])
        pairs = np.stack([codes // n, codes % n], axis=1)
    return pairs, crowded == bands


def estimates(minima: Minima, pairs: Pairs) -> npt.NDArray[np.float64]:
    """Estimated Jaccard similarity of each pair: the share of equal MinHash values."""
    out = np.empty(len(pairs), dtype=np.float64)
    for start in range(0, len(pairs), ESTIMATE_CHUNK):
        block = pairs[start : start + ESTIMATE_CHUNK]
        equal = minima.take(block[:, 0], axis=0) == minima.take(block[:, 1], axis=0)
        # Counted as bytes (a mean of booleans goes through float64): the same shares, 1.8x.
        counts = np.add.reduce(equal.view(np.uint8), axis=1, dtype=np.uint8)
        np.divide(counts, minima.shape[1], out=out[start : start + len(block)])
    return out


def order_of(doc: PatentDocument, *, reference: bool) -> int:
    """The prior-art date as an ordinal; UNDATED for an undated application, PRIOR for an
    undated reference document."""
    found = doc.prior_art_date
    if found is None:
        return PRIOR if reference else UNDATED
    return found.toordinal()


def date_field(order: int) -> dict[str, str]:
    """{"date": ISO date} for evidence, empty when the document is undated."""
    return {"date": date.fromordinal(order).isoformat()} if 0 < order < UNDATED else {}


def ranks(keys: Sequence[tuple[int, str]]) -> npt.NDArray[np.int64]:
    """Each item's position in (date, id) order: a source must rank below its copy."""
    order = sorted(range(len(keys)), key=keys.__getitem__)
    out = np.empty(len(keys), dtype=np.int64)
    out[order] = np.arange(len(keys))
    return out


@dataclass(frozen=True, eq=False)
class SetFeatures(CompactPickle):
    """What `prepare` keeps of an application: its units as term sets."""

    order: int  # `order_of`
    family: str | None
    applicants: tuple[str, ...]  # as written; resolved in `detect`
    terms: npt.NDArray[np.uint32]  # each unit's distinct term ids, concatenated
    offsets: npt.NDArray[np.int64]  # unit i is terms[offsets[i]:offsets[i + 1]]
    sizes: npt.NDArray[np.float32]  # content size of each unit

    @property
    def count(self) -> int:
        return len(self.sizes)


def set_arrays(sets: Sequence[Sequence[int]]) -> tuple[Any, Any]:
    """(terms, offsets) of sorted distinct term-id sets, for `SetFeatures`."""
    sizes = [len(s) for s in sets]
    terms = np.fromiter(chain.from_iterable(sets), dtype=np.uint32, count=sum(sizes))
    offsets = np.cumsum([0, *sizes], dtype=np.int64)
    return terms, offsets


@dataclass(frozen=True)
class Member:
    id: str
    features: SetFeatures
    reference: bool


# application -> source -> {unit of the application: (similarity, unit of the source)}
Covers = dict[int, dict[int, dict[int, tuple[float, int]]]]


@dataclass
class Matches:
    covers: Covers
    # Per member, the units that are common stock: similar to units of `standard` or more
    # other documents, or with every band key crowded. They count neither way.
    common: dict[int, set[int]]


class ReferenceCorpus:
    """Prior-art documents besides the batch, prepared once: by id (first of each id kept, for
    `explain`) and as members to match against."""

    def __init__(
        self,
        documents: Sequence[PatentDocument],
        features_of: Callable[..., SetFeatures],
    ) -> None:
        self.documents: dict[str, PatentDocument] = {}
        for doc in documents:
            self.documents.setdefault(doc.id, doc)
        self.members = [
            Member(doc.id, features_of(doc, reference=True), True)
            for doc in self.documents.values()
        ]

    def match_batch(
        self, prepared: Sequence[tuple[str, Any]], kind: type[SetFeatures], **settings: Any
    ) -> tuple[list[Member], Matches]:
        """The reference and the batch's features of `kind` as members, and their matches
        (`settings` as for `match_members`)."""
        members = self.members + [Member(i, f, False) for i, f in prepared if isinstance(f, kind)]
        return members, match_members(members, **settings)


def match_members(
    members: Sequence[Member],
    *,
    bands: int,
    rows: int,
    max_bucket: int,
    threshold: float,
    margin: float,
    standard: int,
    min_covered: float = 0.0,
) -> Matches:
    """Units of batch members similar (Jaccard >= threshold) to units of earlier members.
    Covers are listed only for members whose matched units make up `min_covered` or more of the
    size of their units that are not common: the least a detector needs (it decides on the
    exact sums; this bound, computed for all at once, keeps a small slack)."""
    counts = np.array([m.features.count for m in members], dtype=np.int64)
    if not len(members) or counts.sum() == 0:
        return Matches({}, {})
    terms = np.concatenate([m.features.terms for m in members])
    # Each member's units are consecutive runs of its terms: unit u starts after all before.
    offsets = np.concatenate([m.features.offsets for m in members])
    # The steps between one member's last offset and the next member's first are no unit.
    sizes = np.delete(np.diff(offsets), np.cumsum(counts + 1)[:-1] - 1).astype(np.int64)
    minima = unit_minhashes(terms, sizes)
    owner = np.repeat(np.arange(len(members)), counts)
    local = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    pairs, crowded = similar_pairs(
        minima, bands=bands, rows=rows, max_bucket=max_bucket, min_estimate=threshold - margin
    )
    reference = np.array([m.reference for m in members], dtype=bool)
    a, b = owner[pairs[:, 0]], owner[pairs[:, 1]]
    pairs = pairs[(a != b) & ~(reference[a] & reference[b])]
    close, similarity = _verify(members, pairs, owner, terms, sizes, threshold)
    common = crowded | (_partner_documents(close, owner) >= standard)
    # Each close pair directed from the copy (the later document) to its source.
    rank = ranks([(m.features.order, m.id) for m in members])
    first_later = rank[owner[close[:, 0]]] > rank[owner[close[:, 1]]]
    copy = np.where(first_later, close[:, 0], close[:, 1])
    source = np.where(first_later, close[:, 1], close[:, 0])
    # A reference document is never a copy; a common unit counts neither way.
    kept = ~reference[owner[copy]] & ~common[copy]
    if min_covered > 0:
        unit_sizes = np.concatenate([m.features.sizes for m in members]).astype(np.float64)
        kept &= _covered_enough(copy, kept, owner, unit_sizes, common, min_covered, len(members))
    covers: Covers = {}
    directed = zip(
        owner[copy[kept]].tolist(),
        local[copy[kept]].tolist(),
        owner[source[kept]].tolist(),
        local[source[kept]].tolist(),
        similarity[kept].tolist(),
        strict=True,
    )
    for app, unit, source_member, source_unit, value in directed:
        found = covers.setdefault(app, {}).setdefault(source_member, {})
        if value > found.get(unit, (0.0, 0))[0]:
            found[unit] = (value, source_unit)
    # The common units of the members with covers: the only ones the detectors look at.
    with_covers = np.zeros(len(members), dtype=bool)
    with_covers[list(covers)] = True
    listed = np.flatnonzero(common & with_covers[owner])
    common_units: dict[int, set[int]] = {}
    for app, unit in zip(owner[listed].tolist(), local[listed].tolist(), strict=True):
        common_units.setdefault(app, set()).add(unit)
    return Matches(covers, common_units)


def _covered_enough(
    copy: npt.NDArray[np.int64],
    kept: npt.NDArray[np.bool_],
    owner: npt.NDArray[np.int64],
    unit_sizes: npt.NDArray[np.float64],
    common: npt.NDArray[np.bool_],
    min_covered: float,
    members: int,
) -> npt.NDArray[np.bool_]:
    """Whether the copy unit of each close pair belongs to a member whose distinct kept copy
    units weigh `min_covered` or more of its units that are not common (less 1e-9 of slack for
    the order of summation)."""
    matched = distinct(copy[kept])
    covered = np.bincount(owner[matched], unit_sizes[matched], minlength=members)
    content = np.bincount(owner, np.where(common, 0.0, unit_sizes), minlength=members)
    enough = covered >= min_covered * content - 1e-9
    found: npt.NDArray[np.bool_] = enough[owner[copy]]
    return found


def _verify(
    members: Sequence[Member],
    pairs: Pairs,
    owner: npt.NDArray[np.int64],
    terms: npt.NDArray[np.uint32],
    sizes: npt.NDArray[np.int64],
    threshold: float,
) -> tuple[Pairs, npt.NDArray[np.float64]]:
    """The candidate pairs that reach `threshold` on the exact sets, with their similarity;
    `owner`: the member of each unit; `terms`, `sizes`: the units (see `exact_jaccard`)."""
    first_owner, second_owner = owner[pairs[:, 0]], owner[pairs[:, 1]]
    ids = _codes([m.id for m in members])
    families = _codes([m.features.family for m in members])
    # The same document twice (a reference document filed again), or one family: a family
    # shares its text by design.
    keep = ids[first_owner] != ids[second_owner]
    keep &= (families[first_owner] < 0) | (families[first_owner] != families[second_owner])
    pairs = pairs[keep]
    similarity = exact_jaccard(terms, sizes, pairs)
    close = similarity >= threshold
    return pairs[close], similarity[close]


def _partner_documents(close: Pairs, owner: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """For each unit, the number of other documents (any date) with a unit close to it."""
    documents = int(owner[-1]) + 1
    units = np.concatenate([close[:, 0], close[:, 1]])
    others = np.concatenate([owner[close[:, 1]], owner[close[:, 0]]])
    linked = distinct(units * documents + others) // documents
    return np.bincount(linked, minlength=len(owner))


def _codes(values: Sequence[str | None]) -> npt.NDArray[np.int64]:
    """An integer per value, equal for equal values; -1 for None."""
    seen: dict[str, int] = {}
    return np.array(
        [-1 if v is None else seen.setdefault(v, len(seen)) for v in values], dtype=np.int64
    )


def exact_jaccard(
    terms: npt.NDArray[np.uint32], sizes: npt.NDArray[np.int64], pairs: Pairs
) -> npt.NDArray[np.float64]:
    """The exact Jaccard similarity of the term sets of each pair of units, the units being
    consecutive runs of `terms` of `sizes` distinct terms; computed a block of pairs at a
    time."""
    starts = np.cumsum(sizes) - sizes
    out = np.zeros(len(pairs), dtype=np.float64)

    def block(start: int) -> None:
        part = pairs[start : start + VERIFY_CHUNK]
        shared = _shared_counts(terms, starts, sizes, part)
        union = sizes[part[:, 0]] + sizes[part[:, 1]] - shared
        out[start : start + len(part)] = np.where(union > 0, shared / np.maximum(union, 1), 0.0)

    in_threads(block, range(0, len(pairs), VERIFY_CHUNK))
    return out


def _shared_counts(
    terms: npt.NDArray[Any],
    starts: npt.NDArray[np.int64],
    sizes: npt.NDArray[np.int64],
    pairs: Pairs,
) -> npt.NDArray[np.int64]:
    """|A & B| of each pair of units: by comparing every term of one with every term of the
    other in a table of the pair's width (`WIDTHS`: most features and sentences are short, and
    an 8 x 8 table is a quarter of a 16 x 16 one), the longest by sorting."""
    shared = np.zeros(len(pairs), dtype=np.int64)
    widest = np.maximum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    narrower = 0
    for width in WIDTHS:
        chosen = np.flatnonzero((widest > narrower) & (widest <= width))
        narrower = width
        step = max(TABLE_CELLS // (width * width), 1)
        for start in range(0, len(chosen), step):
            rows = chosen[start : start + step]
            one = _padded(terms, starts, sizes, pairs[rows, 0], width, -1)
            other = _padded(terms, starts, sizes, pairs[rows, 1], width, -2)
            equal = (one[:, :, None] == other[:, None, :]).reshape(len(rows), width * width)
            # A term of one side equals at most one of the other: counts fit a byte.
            shared[rows] = np.add.reduce(equal.view(np.uint8), axis=1, dtype=np.uint8)
    longest = np.flatnonzero(widest > narrower)
    if len(longest):
        shared[longest] = _shared_by_sorting(terms, starts, sizes, pairs[longest])
    return shared


def _padded(
    terms: npt.NDArray[Any],
    starts: npt.NDArray[np.int64],
    sizes: npt.NDArray[np.int64],
    units: npt.NDArray[np.int64],
    width: int,
    filler: int,
) -> npt.NDArray[np.int64]:
    """The terms of each unit in a row of `width`, the rest of the row `filler` (negative:
    never a term, and different on the two sides so fillers never match)."""
    column = np.arange(width, dtype=np.int64)
    position = starts[units, None] + column
    np.minimum(position, max(len(terms) - 1, 0), out=position)
    values: npt.NDArray[np.int64] = terms.take(position).astype(np.int64)
    np.putmask(values, column >= sizes[units, None], filler)
    return values


def _shared_by_sorting(
    terms: npt.NDArray[Any],
    starts: npt.NDArray[np.int64],
    sizes: npt.NDArray[np.int64],
    pairs: Pairs,
) -> npt.NDArray[np.int64]:
    """|A & B| of each pair: the terms of both sides tagged with their pair and sorted; a term
    in both is two equal neighbours (each unit's terms are distinct)."""
    tagged = []
    for side in (0, 1):
        units = pairs[:, side]
        length = sizes[units]
        pair = np.repeat(np.arange(len(pairs), dtype=np.uint64), length)
        step = np.arange(int(length.sum())) - np.repeat(np.cumsum(length) - length, length)
        position = np.repeat(starts[units], length) + step
        tagged.append(pair << np.uint64(32) | terms[position].astype(np.uint64))
    keys = np.sort(np.concatenate(tagged))
    same = keys[1:] == keys[:-1]
    return np.bincount((keys[1:][same] >> np.uint64(32)).astype(np.int64), minlength=len(pairs))


def greedy_cover(
    covers: dict[int, dict[int, tuple[float, int]]],
    sizes: Sequence[float],
    keys: Mapping[int, tuple[int, str]],
    min_gain: float,
) -> list[tuple[int, list[int]]]:
    """Sources in the order a greedy set cover picks them, each with the units it is credited
    with: most uncovered size first, the earlier source on a tie, while one adds `min_gain`."""
    remaining = {unit for units in covers.values() for unit in units}
    chosen: list[tuple[int, list[int]]] = []
    while remaining:
        gain, _, source = min(
            (-sum(sizes[u] for u in units if u in remaining), keys[source], source)
            for source, units in covers.items()
        )
        if -gain < min_gain or gain == 0:
            break
        taken = sorted(u for u in covers[source] if u in remaining)
        chosen.append((source, taken))
        remaining.difference_update(taken)
    return chosen
