"""The corpus model of the machine-generated detector (`ipoffice.screening.generated`).

- One table of `2**TABLE_BITS` uint64 entries for character n-grams (orders 1 to `ORDER`) and
  unit n-grams (`UNIT_ORDERS`, in their own hash space): a 16-bit fingerprint, the count, and
  the number of distinct continuations of the n-gram as a context. Where n-grams share a
  bucket the most frequent keeps it, so an unseen n-gram is never mistaken for a seen one.
- `surprisal`: bits per character under interpolated Witten-Bell smoothing; leave-one-out for
  a fitted document (its own counts and the continuations only it has are taken out).
- `unseen_shares`: the share of a text's unit pairs, triples and 6-grams no other text has.
- Topic vectors by random indexing (`TOPIC_DIMS` x `2**TOPIC_BITS` int16): each fitted document
  a random +-1 vector from its id, each term the sum over the documents it occurs in;
  `topic_coherence` compares windows of a text's terms with the rest of it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ipoffice.screening.generated_text import (
    FLAGS,
    FOLD,
    MIX,
    ORDER,
    PRIME,
    TABLE_BITS,
    UNIT_ORDERS,
    TextArrays,
    char_grams,
    read_text,
    runs,
    unit_keys,
)

MAX_FIT_CHARS = 8_000_000  # characters fitted at most: about 1M distinct n-grams, a fit of seconds
# Topic coherence by random indexing: each fitted document gets a random +-1 vector of
# TOPIC_DIMS, a term the sum of the vectors of the documents it occurs in, so terms that occur
# in the same documents point the same way. 32 dimensions x 128K term buckets is 8 MB.
TOPIC_BITS = 16
TOPIC_DIMS = 32
TOPIC_WINDOW = 8  # content terms per window; coherence is each window against the rest


@dataclass(frozen=True)
class Calibration:
    """Median and scale (1.4826 MAD, floored) of each statistic on the corpus, one language."""

    documents: int
    median: dict[str, float]
    scale: dict[str, float]


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


def _lookup(
    table: np.ndarray, keys: np.ndarray, with_types: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Counts and distinct continuations of the n-grams with these keys (0 for those whose
    bucket holds another n-gram)."""
    entries = table[keys >> 16]
    entries *= (entries >> np.uint64(48)).astype(np.int64) == (keys & 0xFFFF)
    counts = (entries & _COUNT).astype(np.float32)
    if not with_types:
        return counts, counts
    return counts, ((entries >> np.uint64(28)) & _TYPES).astype(np.float32)


def _leave_out(
    model: GeneratedModel, grams: np.ndarray, counts: np.ndarray, types: np.ndarray
) -> None:
    """Takes the text's own n-grams out of `counts` (ORDER, n + 1) and, per context, the
    continuations only this text has out of `types`."""
    start = ORDER - 1
    for k in range(ORDER):
        unique, own, index, first = runs(grams[k, start:])
        counts[k, 1:] -= own[index]
        if k == 0:
            continue
        only_here = _lookup(model.table, unique, with_types=False)[0] <= own
        context = grams[k - 1, start - 1 : -1]
        lost = np.sort(context[first[only_here]])
        types[k - 1, :-1] -= np.searchsorted(lost, context, "right")
        types[k - 1, :-1] += np.searchsorted(lost, context, "left")
    np.maximum(counts, 0, out=counts)
    np.maximum(types, 0, out=types)


def surprisal(model: GeneratedModel, grams: np.ndarray, leave_out: bool = False) -> np.ndarray:
    """Bits of each character under interpolated Witten-Bell smoothing,
    P_n(w|h) = (c(hw) + T(h) P_{n-1}(w|h')) / (c(h) + T(h)), P_0 = 1 / alphabet; c(h) is read
    as the count of h as an n-gram, at the position before."""
    start = ORDER - 1
    counts, types = _lookup(model.table, grams[:, start - 1 :])
    total = float(model.total)
    if leave_out:
        _leave_out(model, grams, counts, types)
        total -= grams.shape[1] - start
    seen = float(model.alphabet - 1)
    p = (counts[0, 1:] + seen / model.alphabet) / (max(total, 1.0) + seen)
    context = counts[:-1, :-1]
    distinct = np.maximum(types[:-1, :-1], 1.0)
    denominator = context + distinct
    own_share = np.minimum(counts[1:, 1:], context) / denominator
    lower_share = distinct / denominator
    for k in range(ORDER - 1):
        p = own_share[k] + lower_share[k] * p
    bits: np.ndarray = -np.log2(p.astype(np.float64))
    return bits


def unseen_shares(model: GeneratedModel, unit_grams: np.ndarray, leave_out: bool) -> list[float]:
    """Per unit order, the share of the text's unit n-grams that no other text of the corpus
    has (the first n - 1 units, without a full n-gram, are left out). One look-up for all."""
    keys = [unit_grams[row, n - 1 :] for row, n in enumerate(UNIT_ORDERS)]
    counts = _lookup(model.table, np.concatenate(keys), with_types=False)[0]
    shares = []
    start = 0
    for found in keys:
        part = counts[start : start + len(found)]
        start += len(found)
        if leave_out and len(found):
            _, own, index, _ = runs(found)
            part = part - own[index]
        shares.append(float((part <= 0).sum()) / len(found) if len(found) else 0.0)
    return shares


def _merge(keys: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    unique, _, index, _ = runs(keys)
    return unique, np.bincount(index, weights=counts, minlength=len(unique)).astype(np.int64)


def count_corpus(texts: Iterable[str]) -> tuple[np.ndarray, int, int]:
    """The table of a corpus (see `GeneratedModel`), its characters and alphabet size. Where
    n-grams share a bucket, the most frequent keeps it."""
    size = 1 << TABLE_BITS
    found: list[np.ndarray] = []
    links: list[np.ndarray] = []
    keys, counts = np.zeros(0, np.int64), np.zeros(0, np.int64)
    merged_links = np.zeros(0, np.int64)
    alphabet: set[int] = set()
    total = pending = 0
    start = ORDER - 1

    def flush() -> None:
        nonlocal keys, counts, merged_links, pending
        if found:
            chunk, per_key = _merge(np.concatenate(found), np.ones(sum(map(len, found))))
            keys, counts = _merge(np.concatenate((keys, chunk)), np.concatenate((counts, per_key)))
            merged_links = np.unique(np.concatenate((merged_links, *links)))
            found.clear()
            links.clear()
        pending = 0

    for text in texts:
        raw = np.minimum(
            np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32), 0xFFFF
        )
        cp, flags = FOLD[raw], FLAGS[raw]
        alphabet.update(np.unique(cp).tolist())
        grams = char_grams(cp)
        units = unit_keys(cp, flags, grams)
        found.append(grams[:, start:].ravel())
        found.extend(units[row, n - 1 :] for row, n in enumerate(UNIT_ORDERS))
        # (n-gram, bucket of its context): distinct pairs count each context's continuations
        links.append(
            ((grams[1:, start:] << TABLE_BITS) | (grams[:-1, start - 1 : -1] >> 16)).ravel()
        )
        total += len(cp)
        pending += len(cp)
        if pending >= 500_000:
            flush()
    flush()
    types = np.bincount(merged_links & (size - 1), minlength=size)
    buckets = keys >> 16
    order = np.lexsort((keys, -counts, buckets))  # per bucket: most frequent, then lowest key
    winner = order[np.concatenate(([True], np.diff(buckets[order]) != 0))] if len(keys) else order
    table = np.zeros(size, dtype=np.uint64)
    table[buckets[winner]] = (
        ((keys[winner] & 0xFFFF).astype(np.uint64) << np.uint64(48))
        | (np.minimum(types[buckets[winner]], int(_TYPES)).astype(np.uint64) << np.uint64(28))
        | np.minimum(counts[winner], int(_COUNT)).astype(np.uint64)
    )
    return table, total, len(alphabet) + 1


def _document_vector(doc_id: str) -> np.ndarray:
    """The random +-1 vector of a fitted document, from its id."""
    seed = np.uint64(zlib.crc32(doc_id.encode("utf-8", "surrogatepass")))
    mixed = (seed + np.arange(TOPIC_DIMS, dtype=np.uint64) * PRIME) * MIX
    vector: np.ndarray = ((mixed >> np.uint64(63)).astype(np.int32) * 2 - 1).astype(np.int32)
    return vector


def _topic_terms(t: TextArrays) -> np.ndarray:
    body = t.terms[t.term_sentence >= int(t.has_title)]
    buckets: np.ndarray = body >> (TABLE_BITS + 16 - TOPIC_BITS)
    return buckets


def topic_coherence(model: GeneratedModel, t: TextArrays, fitted_id: str | None) -> float | None:
    """Mean cosine between each window of `TOPIC_WINDOW` body terms and the rest of the body,
    terms weighted by IDF; with `fitted_id`, the document's own vector is left out."""
    terms = _topic_terms(t)
    windows = len(terms) // TOPIC_WINDOW
    if windows < 3:
        return None
    terms = terms[: windows * TOPIC_WINDOW]
    vectors = model.topics[terms].astype(np.float64)
    frequency = model.frequency[terms].astype(np.float64)
    if fitted_id is not None:
        vectors -= _document_vector(fitted_id)
        frequency -= 1
    norms = np.linalg.norm(vectors, axis=1)
    weight = np.where(
        (frequency > 0) & (norms > 0), np.log((model.documents + 1) / (frequency + 1)), 0.0
    )
    summed = (
        (vectors * (weight / np.maximum(norms, 1e-9))[:, None])
        .reshape(windows, TOPIC_WINDOW, TOPIC_DIMS)
        .sum(axis=1)
    )
    rest = summed.sum(axis=0) - summed
    scale = np.linalg.norm(summed, axis=1) * np.linalg.norm(rest, axis=1)
    cosines = (summed * rest).sum(axis=1) / np.maximum(scale, 1e-9)
    return float(cosines.mean())


def topic_vectors(
    chosen: Sequence[tuple[str, str, tuple[int, int], bool]],
) -> tuple[np.ndarray, np.ndarray]:
    size = 1 << TOPIC_BITS
    topics = np.zeros((size, TOPIC_DIMS), dtype=np.int32)
    frequency = np.zeros(size, dtype=np.int64)
    for doc_id, text, claims, has_title in chosen:
        terms = np.unique(_topic_terms(read_text(text, claims, has_title)))
        topics[terms] += _document_vector(doc_id)
        frequency[terms] += 1
    clipped = np.clip(topics, -(2**15) + 1, 2**15 - 1).astype(np.int16)
    return clipped, frequency.astype(np.uint32)
