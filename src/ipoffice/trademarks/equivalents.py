"""Meaning (含义): marks linked by a translation or a synonym of the same word.

Each mark's distinctive part (generic words removed, see `containment`) is read as concepts of
the table in `equivalents_data`: Han text by forward maximum matching (longest table word
first), Latin words one by one or as phrases (`great wall`, also written `greatwall`). Two
marks share a concept when they name it, in either language or with different words (`苹果` /
`Apple`, `金` / `黄金`). The score is the share of both marks' units (Han characters, other
words) covered by shared concepts. The aspect speaks only when at least one shared concept is
named differently in the two marks: the same word in both is the text aspect's business.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from ipoffice.trademarks.aspects import Aspect
from ipoffice.trademarks.containment import distinctive_part
from ipoffice.trademarks.equivalents_data import EQUIVALENTS_TEXT
from ipoffice.trademarks.mark_text import MarkText, is_han_token

MAX_HAN_WORD = 4
MAX_LATIN_PHRASE = 3

_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Table:
    han: dict[str, frozenset[str]]  # Chinese word -> concepts (first English word of a line)
    latin: dict[str, frozenset[str]]  # English word or phrase (spaced and joined) -> concepts


@dataclass(frozen=True, slots=True)
class Reading:
    concept: str
    surface: str  # the words of the mark that name it
    units: int  # how many units of the mark they cover


@functools.lru_cache(maxsize=1)
def _load_table() -> Table:
    han: dict[str, set[str]] = {}
    english_concepts: dict[str, set[str]] = {}
    for line in EQUIVALENTS_TEXT.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        zh, _, en = line.partition("=")
        words = [w.strip().lower() for w in en.split(",") if w.strip()]
        concept = words[0]
        han.setdefault(zh.strip(), set()).add(concept)
        for word in words:
            english_concepts.setdefault(word, set()).add(concept)
    latin: dict[str, set[str]] = {}
    for word, concepts in english_concepts.items():
        latin.setdefault(word, set()).update(concepts)
        latin.setdefault(word.replace(" ", ""), set()).update(concepts)
    return Table(
        {k: frozenset(v) for k, v in han.items()}, {k: frozenset(v) for k, v in latin.items()}
    )


def equivalents_table() -> Table:
    with _LOCK:
        return _load_table()


def _read_han(text: str, table: Table, out: list[Reading]) -> None:
    i = 0
    while i < len(text):
        for size in range(min(MAX_HAN_WORD, len(text) - i), 0, -1):
            word = text[i : i + size]
            concepts = table.han.get(word)
            if concepts:
                out.extend(Reading(c, word, size) for c in concepts)
                i += size
                break
        else:
            i += 1


def _latin_concepts(phrase: str, table: Table) -> frozenset[str]:
    found = table.latin.get(phrase)
    if found is None and phrase.endswith("s") and len(phrase) > 3:
        found = table.latin.get(phrase[:-1])  # plural: apples, stars
    return found or frozenset()


def _read_latin(words: list[str], table: Table, out: list[Reading]) -> None:
    i = 0
    while i < len(words):
        for size in range(min(MAX_LATIN_PHRASE, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + size])
            concepts = _latin_concepts(phrase, table)
            if concepts:
                out.extend(Reading(c, phrase, size) for c in concepts)
                i += size
                break
        else:
            i += 1


@functools.lru_cache(maxsize=65536)
def readings(mark: MarkText) -> tuple[tuple[Reading, ...], int]:
    """The concepts a mark's distinctive part names, and how many units that part has."""
    table = equivalents_table()
    units = distinctive_part(mark).units
    out: list[Reading] = []
    han_run: list[str] = []
    latin_run: list[str] = []
    for unit in units:
        if is_han_token(unit):
            if latin_run:
                _read_latin(latin_run, table, out)
                latin_run = []
            han_run.append(unit)
        else:
            if han_run:
                _read_han("".join(han_run), table, out)
                han_run = []
            latin_run.append(unit)
    _read_han("".join(han_run), table, out)
    _read_latin(latin_run, table, out)
    return tuple(out), len(units)


def _covered(items: Iterable[Reading], shared: set[str]) -> int:
    seen: set[str] = set()
    total = 0
    for item in items:
        if item.concept in shared and item.surface not in seen:
            seen.add(item.surface)
            total += item.units
    return total


def meaning_aspect(a: MarkText, b: MarkText) -> Aspect | None:
    """The meaning aspect, or None when no translation or synonym links the marks."""
    read_a, size_a = readings(a)
    read_b, size_b = readings(b)
    surfaces_a: dict[str, set[str]] = {}
    surfaces_b: dict[str, set[str]] = {}
    for item in read_a:
        surfaces_a.setdefault(item.concept, set()).add(item.surface)
    for item in read_b:
        surfaces_b.setdefault(item.concept, set()).add(item.surface)
    shared = set(surfaces_a) & set(surfaces_b)
    linked = sorted(c for c in shared if surfaces_a[c] != surfaces_b[c])
    if not linked:
        return None
    covered = _covered(read_a, shared) + _covered(read_b, shared)
    score = min(1.0, covered / max(1, size_a + size_b))
    pairs = [{"concept": c, "a": sorted(surfaces_a[c]), "b": sorted(surfaces_b[c])} for c in linked]
    shown_zh = "；".join(f"{'/'.join(p['a'])} ↔ {'/'.join(p['b'])}" for p in pairs)
    return Aspect(
        "meaning",
        score,
        f"含义相同或相近（互为译文或同义）：{shown_zh}；共同含义覆盖两商标 {score:.0%}",
        f"same or close meaning (translation or synonym): {shown_zh}; shared meanings cover "
        f"{score:.0%} of both marks",
        {"links": pairs, "covered_units": covered, "units": size_a + size_b},
    )
