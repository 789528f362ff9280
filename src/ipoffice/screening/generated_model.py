"""The corpus model of the machine-generated detector (`ipoffice.screening.generated`).

- One table of `2**TABLE_BITS` uint64 entries for character n-grams (orders 1 to `ORDER`) and
  unit n-grams (`UNIT_ORDERS`, in their own hash space): a 16-bit fingerprint, the count, and
  the number of distinct continuations of the n-gram as a context. Where n-grams share a
  bucket the most frequent keeps it, so an unseen n-gram is never mistaken for a seen one.
- `surprisal`: bits per character under interpolated Witten-Bell smoothing; leave-one-out for
  a fitted document (its own counts and the continuations only it has are taken out).
- `unseen_shares`: the share of a text's unit pairs, triples and 6-grams no other text has,
  and of its new triples the share made of two known pairs.
- Topic vectors by random indexing (`TOPIC_DIMS` x `2**TOPIC_BITS` int16): each fitted document
  a random +-1 vector from its id, each term the sum over the documents it occurs in;
  `topic_coherence` compares windows of a text's terms with the rest of it.
"""

from __future__ import annotations

import sys
import zlib
from dataclasses import dataclass

import numpy as np

from ipoffice.core.arrays import distinct
from ipoffice.screening.generated_text import (
    FOLD,
    MIX,
    ORDER,
    PRIME,
    TABLE_BITS,
    UNIT_ORDERS,
    TextArrays,
    code_points,
    hash_rows,
)

MAX_FIT_CHARS = 8_000_000  # characters fitted at most: about 1M distinct n-grams, a fit of seconds
# Topic coherence by random indexing: each fitted document gets a random +-1 vector of
# TOPIC_DIMS, a term the sum of the vectors of the documents it occurs in, so terms that occur
# in the same documents point the same way. 32 dimensions x 128K term buckets is 8 MB.
TOPIC_BITS = 16
TOPIC_DIMS = 32
TOPIC_WINDOW = 8  # content terms per window; coherence is each window against the rest
_CHUNK_CHARS = 500_000  # characters whose n-grams are tallied at once (bounds the memory)


@dataclass(frozen=True)
class Calibration:
    """Median and scale (1.4826 MAD, floored) of each statistic on the corpus, one language."""

    documents: int
    median: dict[str, float]
    scale: dict[str, float]
    # A character's surprisal counts up to this many bits (a high quantile of the corpus's):
    # one rare chemical name or code is a few very surprising characters, salad is surprising
    # at every word.
    surprisal_cap: float


@dataclass(frozen=True)
class GeneratedModel:
    """The n-gram table of a corpus and the corpus distribution of each statistic."""

    # 2**TABLE_BITS uint64 entries: fingerprint (16 bits), distinct continuations of the
    # n-gram as a context (20), count (28); character n-grams and unit n-grams together.
    table: np.ndarray
    total: int  # characters counted
    alphabet: int  # distinct characters seen, plus one for the unseen
    fitted: dict[str, int]  # id -> CRC-32 of the text fitted, for leave-one-out scoring
    calibration: dict[str, Calibration]
    topics: np.ndarray  # (2**TOPIC_BITS, TOPIC_DIMS) int16 term vectors (random indexing)
    frequency: np.ndarray  # (2**TOPIC_BITS,) documents per term
    documents: int  # documents fitted


_COUNT = np.uint64((1 << 28) - 1)
_TYPES = np.uint64((1 << 20) - 1)
_TYPES_SHIFT = np.uint64(28)
_FINGERPRINT_SHIFT = np.uint64(48)
# The 16-bit words of an entry's fingerprint and of a key's fingerprint (its lowest bits)
_ENTRY_WORD, _KEY_WORD = (3, 0) if sys.byteorder == "little" else (0, 3)


def runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Distinct keys (sorted), their counts, each input's index among them, and the first
    position of each. One sort of each key with its position in the bits below it (keys are
    non-negative and leave room for them); a stable argsort, or np.unique, is several times
    slower."""
    size = len(keys)
    bits = max(size - 1, 1).bit_length()
    ordered = keys << bits
    ordered |= np.arange(size)
    ordered.sort()
    order = ordered & ((1 << bits) - 1)
    ordered >>= bits
    new = np.empty(size, dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    run = np.cumsum(new)
    run -= 1
    index = np.empty(size, dtype=np.intp)
    index[order] = run
    first = new.nonzero()[0]
    counts = np.empty(len(first), dtype=np.intp)
    counts[:-1] = first[1:] - first[:-1]
    counts[-1:] = size - first[-1:]
    return ordered[first], counts, index, order[first]


def _entries(table: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """The table entries of the n-grams with these keys (0 where the bucket holds another);
    `keys` contiguous along their last axis."""
    entries: np.ndarray = table.take(keys >> 16)
    same = entries.view(np.uint16)[..., _ENTRY_WORD::4] == keys.view(np.uint16)[..., _KEY_WORD::4]
    np.multiply(entries, same, out=entries, casting="unsafe")
    return entries


# Each n-gram's order (unit n-grams: their row) in the bits above its key, to count the n-grams
# of all orders in one sort.
_KEY_BITS = TABLE_BITS + 16
_ROW_TAGS = (np.arange(max(ORDER, len(UNIT_ORDERS)), dtype=np.int64) << _KEY_BITS)[:, None]


def _leave_out(grams: np.ndarray, counts: np.ndarray, types: np.ndarray) -> None:
    """Takes the text's own n-grams out of `counts` (ORDER, n + 1) and, per context, the
    continuations only this text has out of `types` (ORDER - 1, n + 1). Column 0 is the
    position before the text (a context only). A continuation is counted once, at the context
    of its first occurrence; contexts are told apart by their index among the text's n-grams
    (the one before the text: one more, per order, unless it also occurs in the text)."""
    start = ORDER - 1
    size = grams.shape[1] - start
    unique, own, index, first = runs((grams[:, start:] | _ROW_TAGS[:ORDER]).ravel())
    corpus = counts.ravel().take(first + first // size + 1)  # before its own are taken out
    counts[:, 1:] -= own.take(index).reshape(ORDER, size)
    before = grams[:-1, start - 1] | _ROW_TAGS[: ORDER - 1, 0]
    slot = unique.searchsorted(before)
    known = unique.take(slot, mode="clip") == before
    context = np.empty((ORDER - 1, size), dtype=np.intp)
    context[:, 0] = np.where(known, slot, len(unique) + np.arange(ORDER - 1))
    context[:, 1:] = index.reshape(ORDER, size)[:-1, :-1]
    only_here = corpus <= own
    only_here &= first >= size  # orders 2.. (their contexts: order - 1, one position before)
    lost = np.bincount(
        context.ravel().take(first[only_here] - size), minlength=len(unique) + ORDER - 1
    )
    types[:, :-1] -= lost.take(context)
    np.maximum(counts, 0, out=counts)
    np.maximum(types, 0, out=types)


def surprisal(model: GeneratedModel, grams: np.ndarray, leave_out: bool = False) -> np.ndarray:
    """Bits of each character under interpolated Witten-Bell smoothing,
    P_n(w|h) = (c(hw) + T(h) P_{n-1}(w|h')) / (c(h) + T(h)), P_0 = 1 / alphabet; c(h) is read
    as the count of h as an n-gram, at the position before."""
    start = ORDER - 1
    entries = _entries(model.table, grams[:, start - 1 :])
    counts = (entries & _COUNT).astype(np.float32)  # (ORDER, n + 1)
    types = ((entries[:-1] >> _TYPES_SHIFT) & _TYPES).astype(np.float32)  # contexts only
    total = float(model.total)
    if leave_out:
        _leave_out(grams, counts, types)
        total -= grams.shape[1] - start
    seen = float(model.alphabet - 1)
    p = (counts[0, 1:] + seen / model.alphabet) / (max(total, 1.0) + seen)
    # On the flat arrays (rows of n + 1), so that each operation is one contiguous pass: the
    # context of order k at j (k * width + j) is followed by the n-gram of order k + 1 at
    # j + 1, width + 1 further.
    width = counts.shape[1]
    size = (ORDER - 1) * width - 1
    flat = counts.ravel()
    context = flat[:size]
    distinct = types.ravel()[:size]
    np.maximum(distinct, 1.0, out=distinct)
    denominator = context + distinct
    own_share = np.minimum(flat[width + 1 : width + 1 + size], context)
    own_share /= denominator
    lower_share = np.divide(distinct, denominator, out=distinct)
    for k in range(ORDER - 1):
        row = slice(k * width, k * width + width - 1)
        p *= lower_share[row]
        p += own_share[row]
    bits: np.ndarray = np.log2(p.astype(np.float64))
    np.negative(bits, out=bits)
    return bits


@dataclass(frozen=True)
class Unseen:
    """How familiar a text's unit n-grams are to the corpus (other texts than its own)."""

    pairs: float  # share of its unit pairs no other text has
    triples: float  # ... of its unit triples
    long: float  # ... of its unit 6-grams
    # Of its new triples, the share whose two pairs are both known (None for fewer than
    # `MIN_NEW_TRIPLES`): text chained from the corpus's own pairs makes nearly every new
    # triple of known pairs; in written text a new triple mostly brings a new pair with it.
    chained: float | None


MIN_NEW_TRIPLES = 10


def unseen_shares(model: GeneratedModel, unit_grams: np.ndarray, leave_out: bool) -> Unseen:
    """The shares of `Unseen`; the first n - 1 units, without a full n-gram, are left out.
    One look-up for all."""
    rows = [unit_grams[row, n - 1 :] for row, n in enumerate(UNIT_ORDERS)]
    sizes = [len(found) for found in rows]
    keys = np.concatenate(rows)
    counts = _entries(model.table, keys) & _COUNT
    if leave_out:  # less the text's own (per order)
        tags = np.repeat(_ROW_TAGS[: len(rows), 0], sizes)
        _, own, index, _ = runs(keys | tags)
        unseen = counts.astype(np.float32) - own.take(index) <= 0
    else:
        unseen = counts == 0
    shares = []
    start = 0
    for size in sizes:
        part = unseen[start : start + size]
        start += size
        shares.append(float(np.count_nonzero(part)) / size if size else 0.0)
    # The triple ending at unit i is made of the pairs ending at i - 1 and i (UNIT_ORDERS
    # starts with 2 and 3: pair k ends at unit k + 1, triple k at unit k + 2).
    pair_new, triple_new = unseen[: sizes[0]], unseen[sizes[0] : sizes[0] + sizes[1]]
    new_triples = int(np.count_nonzero(triple_new))
    chained = None
    if new_triples >= MIN_NEW_TRIPLES:
        of_known_pairs = ~(pair_new[:-1] | pair_new[1:])
        of_known_pairs &= triple_new
        chained = float(np.count_nonzero(of_known_pairs)) / new_triples
    return Unseen(shares[0], shares[1], shares[2], chained)


def _sorted_tally(values: np.ndarray, weights: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    if weights is None:
        ordered = np.sort(values)
    else:
        order = np.argsort(values)
        ordered, weights = values[order], weights[order]
    new = np.empty(len(ordered), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    first = new.nonzero()[0]
    if weights is None:
        counts = np.diff(first, append=len(ordered))
    else:
        counts = np.add.reduceat(weights, first) if len(first) else weights[:0]
    return ordered[first], counts


_TALLY_BITS = 20  # slots of a hashed tally: 8 MB, mostly in a CPU cache
_SORTED_TALLY = 1 << 16  # fewer values are sorted instead


def _tally(values: np.ndarray, weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values (in no particular order) and how often each occurs (the sum of their
    weights, integers). The values that keep their slot of a hash table (most of them, in text
    whose n-grams repeat) are counted by slot; the others are sorted (several times slower)."""
    if len(values) < _SORTED_TALLY:
        return _sorted_tally(values, weights)
    slots = ((values.view(np.uint64) * MIX) >> np.uint64(64 - _TALLY_BITS)).view(np.int64)
    holder = np.empty(1 << _TALLY_BITS, dtype=values.dtype)
    holder[slots] = values  # one of the values of each slot keeps it
    owner = holder[slots] == values
    sums = np.bincount(
        slots[owner], None if weights is None else weights[owner], minlength=len(holder)
    )
    held = sums.nonzero()[0]
    others = ~owner
    rest, rest_counts = _sorted_tally(values[others], None if weights is None else weights[others])
    return (
        np.concatenate((holder[held], rest)),
        np.concatenate((sums[held].astype(np.int64), rest_counts)),
    )


class CorpusCounter:
    """Counts the n-grams of a corpus, text by text, into the model's table (`table`), and the
    topic vectors of its documents (`topics`). The n-grams of each chunk of texts are tallied
    (bounding the memory), the tallies merged at the end."""

    def __init__(self) -> None:
        size = 1 << TOPIC_BITS
        self.total = 0
        self._characters = np.zeros(0x10000, dtype=np.int64)  # per folded code point
        # Pending arrays of the current chunk, and tallies (distinct values, counts) of chunks:
        # (n-gram, bucket of its context) pairs of orders 2..ORDER and unit n-grams.
        self._pending: tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]] = ([], [], [])
        self._pending_chars = 0
        self._links: list[tuple[np.ndarray, np.ndarray]] = []
        self._units: list[tuple[np.ndarray, np.ndarray]] = []
        self._topics = np.zeros((size, TOPIC_DIMS), dtype=np.int32)
        self._frequency = np.zeros(size, dtype=np.int64)

    def add(self, doc_id: str, t: TextArrays) -> None:
        """Counts a fitted document's text (read) and adds its vector to its terms'."""
        codes, links, units = self._pending
        start = ORDER - 1
        grams = t.grams
        codes.append(FOLD.take(code_points(t.text), mode="clip"))
        # (n-gram, bucket of its context): the n-grams of orders 2.. are counted from these
        # too, and the distinct pairs count each context's continuations
        links.append(
            ((grams[1:, start:] << TABLE_BITS) | (grams[:-1, start - 1 : -1] >> 16)).ravel()
        )
        units.extend(t.unit_grams[row, n - 1 :] for row, n in enumerate(UNIT_ORDERS))
        self.total += len(t.text)
        self._pending_chars += len(t.text)
        if self._pending_chars >= _CHUNK_CHARS:
            self._flush()
        terms = distinct(_topic_terms(t))
        self._topics[terms] += _document_vector(doc_id)
        self._frequency[terms] += 1

    def _flush(self) -> None:
        codes, links, units = self._pending
        if codes:
            self._characters += np.bincount(np.concatenate(codes), minlength=0x10000)
            self._links.append(_tally(np.concatenate(links)))
            self._units.append(_tally(np.concatenate(units)))
        for pending in self._pending:
            pending.clear()
        self._pending_chars = 0

    @property
    def alphabet(self) -> int:
        """Distinct characters seen, plus one for the unseen."""
        self._flush()
        return int(np.count_nonzero(self._characters)) + 1

    def table(self) -> np.ndarray:
        """The n-gram table (see `GeneratedModel`). Where n-grams share a bucket, the most
        frequent keeps it."""
        self._flush()
        size = 1 << TABLE_BITS
        links, link_counts = _merge(self._links)
        types = np.bincount(links & (size - 1), minlength=size)
        units, unit_counts = _merge(self._units)
        # Order 1: the key of a character n-gram is the hash of its code point.
        characters = self._characters.nonzero()[0]
        keys, counts = _tally(
            np.concatenate((hash_rows(characters, (1,))[0], links >> TABLE_BITS, units)),
            np.concatenate((self._characters[characters], link_counts, unit_counts)),
        )
        order = np.argsort(keys)
        keys, counts = keys[order], counts[order]
        winner = _most_frequent(keys >> 16, counts)
        buckets = keys[winner] >> 16
        table = np.zeros(size, dtype=np.uint64)
        table[buckets] = (
            ((keys[winner] & 0xFFFF).astype(np.uint64) << _FINGERPRINT_SHIFT)
            | (np.minimum(types[buckets], int(_TYPES)).astype(np.uint64) << _TYPES_SHIFT)
            | np.minimum(counts[winner], int(_COUNT)).astype(np.uint64)
        )
        return table

    def topics(self) -> tuple[np.ndarray, np.ndarray]:
        """The term vectors (clipped to int16) and the documents per term."""
        clipped = np.clip(self._topics, -(2**15) + 1, 2**15 - 1).astype(np.int16)
        return clipped, self._frequency.astype(np.uint32)


def _merge(tallies: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    if not tallies:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    values = np.concatenate([v for v, _ in tallies])
    return _tally(values, np.concatenate([c for _, c in tallies]))


def _most_frequent(buckets: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Of keys sorted by key (so by bucket), the index of the one that keeps each bucket: the
    most frequent, then the lowest."""
    if not len(buckets):
        return np.zeros(0, dtype=np.intp)
    first = np.flatnonzero(np.concatenate(([True], buckets[1:] != buckets[:-1])))
    best = np.maximum.reduceat(counts, first)
    candidates = np.flatnonzero(counts == np.repeat(best, np.diff(first, append=len(buckets))))
    held = buckets[candidates]
    winner: np.ndarray = candidates[np.concatenate(([True], held[1:] != held[:-1]))]
    return winner


def _document_vector(doc_id: str) -> np.ndarray:
    """The random +-1 vector of a fitted document, from its id."""
    seed = np.uint64(zlib.crc32(doc_id.encode("utf-8", "surrogatepass")))
    mixed = (seed + np.arange(TOPIC_DIMS, dtype=np.uint64) * PRIME) * MIX
    vector: np.ndarray = ((mixed >> np.uint64(63)).astype(np.int32) * 2 - 1).astype(np.int32)
    return vector


def _topic_terms(t: TextArrays) -> np.ndarray:
    body = t.terms[t.term_sentence >= int(t.has_title)] if t.has_title else t.terms
    buckets: np.ndarray = body >> (TABLE_BITS + 16 - TOPIC_BITS)
    return buckets


def _norms(vectors: np.ndarray) -> np.ndarray:
    """Row norms, as np.linalg.norm(vectors, axis=1) computes them."""
    norms: np.ndarray = np.sqrt(np.add.reduce(vectors * vectors, axis=1))
    return norms


def topic_coherence(model: GeneratedModel, t: TextArrays, fitted_id: str | None) -> float | None:
    """Mean cosine between each window of `TOPIC_WINDOW` body terms and the rest of the body,
    terms weighted by IDF; with `fitted_id`, the document's own vector is left out."""
    terms = _topic_terms(t)
    windows = len(terms) // TOPIC_WINDOW
    if windows < 3:
        return None
    terms = terms[: windows * TOPIC_WINDOW]
    vectors = model.topics.take(terms, axis=0).astype(np.float64)
    frequency = model.frequency.take(terms).astype(np.float64)
    if fitted_id is not None:
        vectors -= _document_vector(fitted_id)
        frequency -= 1
    norms = _norms(vectors)
    # IDF where the term is known (its frequency, and so the ratio, is never negative)
    weight = np.log((model.documents + 1) / (frequency + 1))
    weight *= (frequency > 0) & (norms > 0)
    weight /= np.maximum(norms, 1e-9)
    vectors *= weight[:, None]
    summed = np.add.reduce(vectors.reshape(windows, TOPIC_WINDOW, TOPIC_DIMS), axis=1)
    rest = np.add.reduce(summed, axis=0) - summed
    scale = _norms(summed)
    scale *= _norms(rest)
    summed *= rest
    cosines = np.add.reduce(summed, axis=1)
    cosines /= np.maximum(scale, 1e-9)
    return float(np.add.reduce(cosines)) / windows
