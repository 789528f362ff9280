"""What the conflict index keeps of a mark's text: hashed retrieval keys, the normalised text
and its sound for a cheap fuzzy score, and the analysis itself (`encode_mark`), so the full
comparison of a candidate needs no second `analyse_mark`."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, fields
from multiprocessing import get_context
from typing import Any

from ipoffice.core.errors import InvalidInput
from ipoffice.trademarks.mark_text import MarkText, analyse_mark
from ipoffice.trademarks.retrieval_keys import retrieval_keys

# The key families of `retrieval_keys`, in the order their codes are stored.
FAMILIES = (
    "distinctive", "pinyin_folded", "concept", "masked", "pinyin_masked", "bigram", "metaphone",
    "pinyin_bigram", "char", "four_corner",
)  # fmt: skip
PREPARE_CHUNK = 4000


@dataclass(frozen=True, slots=True)
class PreparedText:
    """A mark's text analysed for the index: key hashes with their family codes, and the
    normalised text and its sound (toneless pinyin and Latin words) for a cheap fuzzy score."""

    hashes: tuple[int, ...]
    families: tuple[int, ...]
    norm: str
    sound: str
    analysed: str  # `encode_mark` of the analysis: re-ranking needs no second analysis


# The analysis is stored field by field; an index written for other fields is rebuilt.
MARK_FIELDS = tuple(f.name for f in fields(MarkText))
_FIELD_SEP, _ITEM_SEP = "\x1e", "\x1f"


def encode_mark(mark: MarkText) -> str:
    """The fields of `mark` as one string (`decode_mark` reverses it)."""
    parts: list[str] = []
    for name in MARK_FIELDS:
        value = getattr(mark, name)
        if isinstance(value, tuple):
            parts.append(f"t{len(value)}{_ITEM_SEP}{_ITEM_SEP.join(value)}")
        else:
            parts.append(f"s{value}")
    return _FIELD_SEP.join(parts)


def decode_mark(encoded: str) -> MarkText:
    values: dict[str, Any] = {}
    for name, part in zip(MARK_FIELDS, encoded.split(_FIELD_SEP), strict=True):
        if part[0] == "t":
            count, _, items = part[1:].partition(_ITEM_SEP)
            values[name] = tuple(items.split(_ITEM_SEP)) if int(count) else ()
        else:
            values[name] = part[1:]
    return MarkText(**values)


def key_hash(family: str, key: str) -> int:
    digest = hashlib.blake2b(f"{family}\x1f{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def prepare_text(text: str) -> PreparedText | None:
    """The keys of a word element; None when there is none (a purely figurative mark, or
    only symbols)."""
    if not text.strip():
        return None
    try:
        mark = analyse_mark(text)
    except InvalidInput:
        return None
    hashes: list[int] = []
    families: list[int] = []
    for code, family in enumerate(FAMILIES):
        for key in retrieval_keys(mark).get(family, ()):
            hashes.append(key_hash(family, key))
            families.append(code)
    sound = "".join(s for s in mark.pinyin if s != "?") + mark.latin_text
    return PreparedText(tuple(hashes), tuple(families), mark.text, sound, encode_mark(mark))


def _prepare_chunk(texts: list[str]) -> list[PreparedText | None]:
    return [prepare_text(t) for t in texts]


def prepare_all(texts: Sequence[str], *, workers: int = 1) -> list[PreparedText | None]:
    """`prepare_text` of every text, in order; in `workers` spawned processes when > 1."""
    if workers <= 1 or len(texts) < 2 * PREPARE_CHUNK:
        return _prepare_chunk(list(texts))
    chunks = [list(texts[i : i + PREPARE_CHUNK]) for i in range(0, len(texts), PREPARE_CHUNK)]
    out: list[PreparedText | None] = []
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        for part in pool.map(_prepare_chunk, chunks):
            out.extend(part)
    return out
