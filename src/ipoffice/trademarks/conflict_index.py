"""Inverted indexes of the trademark register: conflict candidates without comparing all pairs.

Every mark's `retrieval_keys` (characters, bigrams, masked text, pinyin bigrams and masked
pinyin, confusable-folded pinyin, Metaphone, four-corner codes, distinctive part, meanings) are
hashed to 64 bits (BLAKE2b of `family \\x1f key`, so families never collide) and held as
postings in numpy arrays: the sorted unique key hashes, their offsets, and the mark rows of
each key in one int32 array. A query looks its keys up with `searchsorted` and adds the
IDF-weighted family weight of every shared key; no Python dict of lists exists at any size.

Figurative marks are found by their 64-bit pHash with multi-index hashing: the hash is cut into
four 16-bit bands, each band sorted with its rows. Two hashes within Hamming distance `d` agree
within `d // 4` bits in at least one band (pigeonhole), so probing each band with every value
within that radius and checking the full distance finds every image within `d`.

What a conflict filter needs (dates, classes, similar groups, status, well-known flag,
applicant) is held beside the postings, one array per field, so candidates are filtered
without the database. The index is saved as one `.npy` file per array plus `meta.json`.
"""

from __future__ import annotations

import json
import math
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ipoffice.trademarks.conflict_keys import (
    FAMILIES,
    MARK_FIELDS,
    PreparedText,
    decode_mark,
    encode_mark,
    key_hash,
    prepare_all,
    prepare_text,
)
from ipoffice.trademarks.mark_text import MarkText
from ipoffice.trademarks.models import MARK_STATUSES

__all__ = [
    "FAMILIES", "ConflictIndex", "IndexRecord", "PreparedText", "decode_mark", "encode_mark",
    "key_hash", "prepare_all", "prepare_text",
]  # fmt: skip

FORMAT = 1
# How much a shared key of each family says (times the key's IDF). Whole-mark keys (the
# distinctive part, the folded pinyin, a meaning) say most; single characters and four-corner
# codes least, because they are shared by many unrelated marks.
FAMILY_WEIGHTS: dict[str, float] = {
    "distinctive": 3.0,
    "pinyin_folded": 2.5,
    "concept": 2.0,
    "masked": 1.5,
    "pinyin_masked": 1.2,
    "bigram": 1.0,
    "metaphone": 1.0,
    "pinyin_bigram": 0.8,
    "char": 0.4,
    "four_corner": 0.3,
}
assert tuple(FAMILY_WEIGHTS) == FAMILIES
_FAMILY_WEIGHT = np.array([FAMILY_WEIGHTS[f] for f in FAMILIES], dtype=np.float64)
# A key shared by more marks than this is skipped at query time: it would cost more to read
# than it tells (its IDF is low), and the marks it would bring share other keys too.
MAX_POSTINGS = 25_000
# Single characters and four-corner codes are weak alone and common: their lists are read only
# while short (a look-alike character is found by the masked-text keys anyway).
FAMILY_MAX_POSTINGS = {"char": 4_000, "four_corner": 4_000}
_CAPS = np.array([FAMILY_MAX_POSTINGS.get(f, MAX_POSTINGS) for f in FAMILIES], dtype=np.int64)
IMAGE_BANDS = 4
STATUS_CODE = {status: code for code, status in enumerate(MARK_STATUSES)}


@dataclass(frozen=True, slots=True)
class IndexRecord:
    """What the index keeps of one mark."""

    id: int
    number: str
    text: str
    filing_date: date
    priority_date: date | None
    classes: frozenset[int]
    groups: frozenset[str]  # similar groups of its goods (`0907`)
    coarse_classes: frozenset[int]  # classes with a goods line not placed in a group
    status: str
    well_known: bool
    applicant_id: int | None
    phash: str | None  # 16 hex digits

    @property
    def effective_on(self) -> date:
        """The date that counts for priority between filings (Trademark Law Art. 31, 25)."""
        return self.priority_date or self.filing_date


class Strings:
    """Many short strings as one UTF-8 blob and offsets."""

    def __init__(self, blob: bytes, offsets: NDArray[np.int64]) -> None:
        self.blob, self.offsets = blob, offsets

    @classmethod
    def of(cls, values: Iterable[str]) -> Strings:
        encoded = [v.encode() for v in values]
        lengths = np.fromiter((len(e) for e in encoded), np.int64, len(encoded))
        return cls(b"".join(encoded), np.concatenate(([0], np.cumsum(lengths))).astype(np.int64))

    def __getitem__(self, i: int) -> str:
        return self.blob[self.offsets[i] : self.offsets[i + 1]].decode()

    def __len__(self) -> int:
        return len(self.offsets) - 1


def class_mask(classes: Iterable[int]) -> int:
    """Classes 1-45 as bits 0-44 of an integer."""
    mask = 0
    for number in classes:
        mask |= 1 << (number - 1)
    return mask


def classes_of(mask: int) -> list[int]:
    return [bit + 1 for bit in range(45) if mask >> bit & 1]


def group_number(code: str) -> int:
    return int(code)


def _day(value: date) -> int:
    return value.toordinal()


_ARRAYS = (
    "ids", "effective", "filed", "classes", "coarse", "group_off", "groups", "status",
    "well_known", "applicant", "phash", "has_image", "keys", "key_family", "key_off", "post",
    "weight_total", "band_vals", "band_rows",
)  # fmt: skip
_STRINGS = ("numbers", "texts", "norms", "sounds", "analysed")


class ConflictIndex:
    """The arrays of one index (see the module docstring); built, saved and loaded whole."""

    ids: NDArray[np.int64]
    effective: NDArray[np.int32]  # ordinal of priority date, else filing date
    filed: NDArray[np.int32]
    classes: NDArray[np.uint64]
    coarse: NDArray[np.uint64]
    group_off: NDArray[np.int64]
    groups: NDArray[np.uint16]
    status: NDArray[np.uint8]
    well_known: NDArray[np.bool_]
    applicant: NDArray[np.int64]  # 0: none
    phash: NDArray[np.uint64]
    has_image: NDArray[np.bool_]
    keys: NDArray[np.uint64]
    key_family: NDArray[np.uint8]
    key_off: NDArray[np.int64]
    post: NDArray[np.int32]
    weight_total: NDArray[np.float32]
    band_vals: NDArray[np.uint16]  # (4, marks with an image), each row sorted
    band_rows: NDArray[np.int32]
    numbers: Strings
    texts: Strings
    norms: Strings
    sounds: Strings
    analysed: Strings

    def __init__(self, arrays: dict[str, Any], meta: dict[str, Any]) -> None:
        for name in (*_ARRAYS, *_STRINGS):
            setattr(self, name, arrays[name])
        self.meta = meta

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        arrays = sum(int(getattr(self, name).nbytes) for name in _ARRAYS)
        strings = sum(len(s.blob) + s.offsets.nbytes for s in (self._strings()))
        return arrays + strings

    def _strings(self) -> list[Strings]:
        return [getattr(self, name) for name in _STRINGS]

    # --- building --------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        records: Sequence[IndexRecord],
        *,
        prepared: Sequence[PreparedText | None] | None = None,
        workers: int = 1,
        meta: dict[str, Any] | None = None,
    ) -> ConflictIndex:
        """The index of `records` (in the order given; ids should ascend)."""
        if prepared is None:
            prepared = prepare_all([r.text for r in records], workers=workers)
        arrays: dict[str, Any] = _record_arrays(records)
        arrays.update(_postings(prepared, len(records)))
        arrays.update(_bands(arrays["phash"], arrays["has_image"]))
        arrays["norms"] = Strings.of(p.norm if p else "" for p in prepared)
        arrays["sounds"] = Strings.of(p.sound if p else "" for p in prepared)
        arrays["analysed"] = Strings.of(p.analysed if p else "" for p in prepared)
        about = {"format": FORMAT, "mark_fields": list(MARK_FIELDS), "marks": len(records)}
        return cls(arrays, {**about, **(meta or {})})

    # --- storage ---------------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        """Write to `directory` whole: a sibling is written, then swapped in by renames."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        fresh = directory.with_name(directory.name + ".new")
        old = directory.with_name(directory.name + ".old")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        for name in _ARRAYS:
            np.save(fresh / f"{name}.npy", getattr(self, name), allow_pickle=False)
        for name in _STRINGS:
            strings: Strings = getattr(self, name)
            (fresh / f"{name}.bin").write_bytes(strings.blob)
            np.save(fresh / f"{name}.off.npy", strings.offsets, allow_pickle=False)
        (fresh / "meta.json").write_text(json.dumps(self.meta, default=str), encoding="utf-8")
        shutil.rmtree(old, ignore_errors=True)
        if directory.exists():
            os.replace(directory, old)
        os.replace(fresh, directory)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> ConflictIndex | None:
        """The saved index, or None when there is none or it is of another format."""
        try:
            meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT or meta.get("mark_fields") != list(MARK_FIELDS):
                return None
            arrays: dict[str, Any] = {
                name: np.load(directory / f"{name}.npy", allow_pickle=False) for name in _ARRAYS
            }
            for name in _STRINGS:
                offsets = np.load(directory / f"{name}.off.npy", allow_pickle=False)
                arrays[name] = Strings((directory / f"{name}.bin").read_bytes(), offsets)
        except (OSError, ValueError):
            return None
        return cls(arrays, meta)

    # --- queries ---------------------------------------------------------------------------

    def text_candidates(
        self,
        hashes: Sequence[int],
        families: Sequence[int],
        strengths: dict[str, float] | None = None,
    ) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
        """Rows sharing at least one key with the query; their key score in [0, 1] (the
        IDF-weighted shared keys over the geometric mean of both marks' key weights); and the
        largest `strengths[family]` of the families they share a key of."""
        n = len(self)
        empty = (np.zeros(0, np.int64), np.zeros(0), np.zeros(0))
        if n == 0 or not hashes:
            return empty
        strong_of = strengths or {}
        strong: list[tuple[NDArray[np.int32], float]] = []
        query = np.array(hashes, dtype=np.uint64)
        where = np.searchsorted(self.keys, query)
        found = where < len(self.keys)
        found[found] = self.keys[where[found]] == query[found]
        rows: list[NDArray[np.int32]] = []
        weights: list[NDArray[np.float64]] = []
        query_weight = 0.0
        for i, family in enumerate(families):
            df = int(self.key_off[where[i] + 1] - self.key_off[where[i]]) if found[i] else 0
            weight = _FAMILY_WEIGHT[family] * math.log1p(n / max(df, 1))
            query_weight += weight
            if 0 < df <= _CAPS[family]:
                start = int(self.key_off[where[i]])
                rows.append(self.post[start : start + df])
                weights.append(np.full(df, weight))
                if FAMILIES[family] in strong_of:
                    strong.append((rows[-1], strong_of[FAMILIES[family]]))
        if not rows:
            return empty
        unique, shared = _accumulate(np.concatenate(rows), np.concatenate(weights), n)
        norm = np.sqrt(query_weight * self.weight_total[unique].astype(np.float64))
        best = np.zeros(len(unique))
        for found_rows, value in strong:
            np.maximum.at(best, np.searchsorted(unique, found_rows), value)
        score = np.minimum(shared / np.maximum(norm, 1e-9), 1.0)
        return unique.astype(np.int64), score, best

    def image_candidates(
        self, phash: str, max_distance: int
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Rows whose pHash is within `max_distance` bits of `phash`, with their distances."""
        if self.band_vals.shape[1] == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        value = int(phash, 16)
        masks = _masks(max_distance // IMAGE_BANDS)
        found: list[NDArray[np.int32]] = []
        for band in range(IMAGE_BANDS):
            probes = np.unique((value >> (16 * band) & 0xFFFF) ^ masks).astype(np.uint16)
            sorted_vals = self.band_vals[band]
            lo = np.searchsorted(sorted_vals, probes, "left")
            hi = np.searchsorted(sorted_vals, probes, "right")
            found.extend(self.band_rows[band][a:b] for a, b in zip(lo, hi, strict=True) if b > a)
        if not found:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        rows = np.unique(np.concatenate(found)).astype(np.int64)
        distances = np.bitwise_count(self.phash[rows] ^ np.uint64(value)).astype(np.int64)
        keep = distances <= max_distance
        return rows[keep], distances[keep]

    def group_hits(self, rows: NDArray[np.int64], groups: Sequence[str]) -> NDArray[np.bool_]:
        """Per row: whether the mark has goods in one of `groups`."""
        if not groups or len(rows) == 0:
            return np.zeros(len(rows), np.bool_)
        starts, ends = self.group_off[rows], self.group_off[rows + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(len(rows), np.bool_)
        before = np.repeat(np.cumsum(lengths) - lengths, lengths)
        flat = np.arange(total) - before + np.repeat(starts, lengths)
        wanted = np.array(sorted(group_number(g) for g in groups), dtype=np.uint16)
        hit = np.isin(self.groups[flat], wanted)
        owner = np.repeat(np.arange(len(rows)), lengths)
        return np.bincount(owner, weights=hit, minlength=len(rows)) > 0

    def mark_text(self, row: int) -> MarkText | None:
        """The stored analysis of a row's word element (None: it has none)."""
        encoded = self.analysed[row]
        return decode_mark(encoded) if encoded else None

    def group_codes(self, row: int) -> list[str]:
        start, end = int(self.group_off[row]), int(self.group_off[row + 1])
        return [f"{int(g):04d}" for g in self.groups[start:end]]

    def row_of(self, mark_id: int) -> int | None:
        """The row of a mark id (ids ascend), or None."""
        where = int(np.searchsorted(self.ids, mark_id))
        if where < len(self.ids) and int(self.ids[where]) == mark_id:
            return where
        return None


def _accumulate(
    rows: NDArray[np.int32], weights: NDArray[np.float64], n: int
) -> tuple[NDArray[np.int32], NDArray[np.float64]]:
    """The distinct rows (ascending) and the sum of their weights. Sorting is cheaper for few
    postings; past n/32 of them one pass over an array of all n rows is."""
    if len(rows) * 32 < n:
        unique, inverse = np.unique(rows, return_inverse=True)
        return unique, np.asarray(np.bincount(inverse, weights=weights), dtype=np.float64)
    totals = np.asarray(np.bincount(rows, weights=weights, minlength=n), dtype=np.float64)
    unique = np.flatnonzero(totals).astype(np.int32)
    return unique, totals[unique]


def _masks(radius: int) -> NDArray[np.int64]:
    values = np.arange(1 << 16, dtype=np.int64)
    return values[np.bitwise_count(values) <= radius]


def _record_arrays(records: Sequence[IndexRecord]) -> dict[str, Any]:
    n = len(records)
    group_lists = [sorted(group_number(g) for g in r.groups) for r in records]
    lengths = np.fromiter((len(g) for g in group_lists), np.int64, n)
    return {
        "ids": np.fromiter((r.id for r in records), np.int64, n),
        "effective": np.fromiter((_day(r.effective_on) for r in records), np.int32, n),
        "filed": np.fromiter((_day(r.filing_date) for r in records), np.int32, n),
        "classes": np.fromiter((class_mask(r.classes) for r in records), np.uint64, n),
        "coarse": np.fromiter((class_mask(r.coarse_classes) for r in records), np.uint64, n),
        "group_off": np.concatenate(([0], np.cumsum(lengths))).astype(np.int64),
        "groups": np.fromiter((g for gs in group_lists for g in gs), np.uint16, int(lengths.sum())),
        "status": np.fromiter((STATUS_CODE[r.status] for r in records), np.uint8, n),
        "well_known": np.fromiter((r.well_known for r in records), np.bool_, n),
        "applicant": np.fromiter((r.applicant_id or 0 for r in records), np.int64, n),
        "phash": np.fromiter((int(r.phash, 16) if r.phash else 0 for r in records), np.uint64, n),
        "has_image": np.fromiter((r.phash is not None for r in records), np.bool_, n),
        "numbers": Strings.of(r.number for r in records),
        "texts": Strings.of(r.text for r in records),
    }


def _postings(prepared: Sequence[PreparedText | None], n: int) -> dict[str, Any]:
    counts = np.fromiter((len(p.hashes) if p else 0 for p in prepared), np.int64, n)
    total = int(counts.sum())
    hashes = np.fromiter((h for p in prepared if p for h in p.hashes), np.uint64, total)
    families = np.fromiter((f for p in prepared if p for f in p.families), np.uint8, total)
    rows = np.repeat(np.arange(n, dtype=np.int32), counts)
    order = np.argsort(hashes, kind="stable")  # stable: rows ascend within a key
    hashes, families, rows = hashes[order], families[order], rows[order]
    keys, first, df = np.unique(hashes, return_index=True, return_counts=True)
    key_family = families[first]
    key_weight = _FAMILY_WEIGHT[key_family] * np.log1p(n / np.maximum(df, 1))
    weight_total = np.bincount(rows, weights=np.repeat(key_weight, df), minlength=n)
    return {
        "keys": keys.astype(np.uint64),
        "key_family": key_family.astype(np.uint8),
        "key_off": np.concatenate(([0], np.cumsum(df))).astype(np.int64),
        "post": rows.astype(np.int32),
        "weight_total": weight_total.astype(np.float32),
    }


def _bands(phash: NDArray[np.uint64], has_image: NDArray[np.bool_]) -> dict[str, Any]:
    rows = np.flatnonzero(has_image).astype(np.int32)
    vals = np.zeros((IMAGE_BANDS, len(rows)), np.uint16)
    band_rows = np.zeros((IMAGE_BANDS, len(rows)), np.int32)
    for band in range(IMAGE_BANDS):
        values = ((phash[rows] >> np.uint64(16 * band)) & np.uint64(0xFFFF)).astype(np.uint16)
        order = np.argsort(values, kind="stable")
        vals[band], band_rows[band] = values[order], rows[order]
    return {"band_vals": vals, "band_rows": band_rows}
