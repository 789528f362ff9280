"""Applicant-name resolution: the names under which one organisation files resolve to one entity.

Screening for abnormal patent filings (CNIPA Order No. 77) counts most signals per applicant, so
the same organisation written in different ways (`华為技術有限公司`, `华为技术有限公司`,
`ＨＵＡＷＥＩ TECHNOLOGIES CO., LTD.`, `Huawei Technologies Co Ltd`) must count as one applicant,
while different organisations with similar names (`华为技术有限公司` and `华为终端有限公司`,
`Samsung Electronics` and `Samsung SDI`) must not. A false merge wrongly piles one applicant's
filings onto another; a missed merge lets an applicant split its filings across spellings. The
rules below lean towards not merging when in doubt.

`name_key(name)` (in `name_keys`) gives a normalised comparison key; its rules are listed, in the
order they run, in the comments of `_key_text` and `_strip` there.

`resolve(names, threshold=...)` clusters names into entities, in four stages over the distinct
names (each distinct string is processed once, however often it occurs):

1. Each name gets its key and its *core*: the key's words without function words (`of`, `and`,
   `de`, ...), without trailing generic words (`group`, `holdings`, `international`,
   `industries`, `集团`, `控股`), plurals folded (`machines` -> `machine`). Equal cores merge,
   so equal keys merge.
2. Cores equal once their spaces are removed merge (`EastmanKodak` / `Eastman Kodak`).
3. Typos: a blocking scheme proposes candidate pairs and `_similar` decides. Multi-word cores
   are blocked on their rarest words (prefix filtering: two cores of n words differing in at most
   d words share one of each other's d + 1 rarest words), one-word cores on their one-deletion
   neighbourhood (two words one edit apart share a deletion variant), and blocks larger than
   `_BLOCK_ALL_PAIRS` are compared only with their `_WINDOW` nearest neighbours in sorted order
   (forwards and backwards), so the number of comparisons grows linearly, never all pairs.
   `_similar` accepts two cores with the same number of words that differ in at most 1-3 words
   (by length), where each differing word is a typo of its partner (see `_typo_distance`), and
   whose character-weighted similarity is at least `threshold`. A whole-string ratio is not
   used: it puts `... Secretary of the Navy` and `... Secretary of the Army` above 0.95.
4. Acronyms: a one-word core of 3-6 letters (`IBM`) joins the one entity whose core words have
   those initials (`International Business Machines`); when two or more entities have them,
   nothing merges.

Entity ids are the cluster's most frequent original name, ties broken by the shortest, then by
code-point order. They depend only on the multiset of names given, not on their order, so the
same input always gives the same ids; a later run on more data can pick another spelling of
the same cluster when that spelling has become the most frequent.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations, permutations

from rapidfuzz.distance import OSA

from ipoffice.core.errors import InvalidInput
from ipoffice.screening.name_keys import (
    MAX_KEY_CHARS,
    MIN_TYPO_WORD,
    has_brand_word,
    key_or_none,
    name_key,
    typo_budget,
)
from ipoffice.screening.name_vocabulary import (
    CJK_GENERIC_TAIL,
    COMMON_WORDS,
    CORE_PHRASES,
    FUNCTION_WORDS,
    GENERIC_SUFFIXES,
    MAX_CORE_PHRASE,
    NOSPACE,
    PLACES,
)

# Minimum character-weighted similarity for a typo merge (stage 3). Chosen on one half of the
# entities of the benchmark file (docs/performance.md, "Applicant resolution") and reported
# on the other half.
DEFAULT_THRESHOLD = 0.9

# Blocks up to this size compare all their pairs; larger blocks use the sorted neighbourhood.
_BLOCK_ALL_PAIRS = 50
_WINDOW = 8
_ACRONYM_LENGTHS = range(3, 7)


@dataclass(frozen=True, slots=True)
class Resolution:
    """One input name and the entity it resolves to (the entity's representative name)."""

    name: str
    entity: str


# --- the core and the comparison ---------------------------------------------------------------


def _core(key: str) -> tuple[str, ...]:
    words = _canonical_phrases(key.split())
    tokens = [w for w in words if w not in FUNCTION_WORDS]
    if all(len(t) == 1 for t in tokens):
        tokens = words  # `AT&T` is `at and t`, not `t`
    while len(tokens) > 1 and tokens[-1] in GENERIC_SUFFIXES and has_brand_word(tokens[:-1]):
        tokens.pop()
    match = CJK_GENERIC_TAIL.search(tokens[-1])
    if match:
        rest = tokens[-1][: match.start()]
        if len(rest) >= 2:
            tokens[-1] = rest
        elif not rest and len(tokens) > 1:
            tokens.pop()
    return tuple(tokens)


def _canonical_phrases(words: list[str]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(words):
        for size in range(min(MAX_CORE_PHRASE, len(words) - index), 0, -1):
            target = CORE_PHRASES.get(tuple(words[index : index + size]))
            if target is not None:
                out.extend(target)
                index += size
                break
        else:
            out.append(words[index])
            index += 1
    return out or words


def _fold_plural(word: str) -> str:
    if len(word) < MIN_TYPO_WORD or not word.isascii() or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@functools.cache
def _common_folded() -> frozenset[str]:
    places = {w for place in PLACES for w in place}
    return frozenset(_fold_plural(w) for w in COMMON_WORDS | places)


def _max_diff(words: int) -> int:
    """How many words of a core of this many words may be misspelt."""
    if words <= 4:
        return 1
    return 2 if words <= 8 else 3


def _typable(word: str) -> bool:
    return len(word) >= MIN_TYPO_WORD - 1 and word.isalpha() and not NOSPACE.search(word)


def _typo_distance(a: str, b: str) -> int | None:
    """Edits between two words when one can be a misspelling of the other, else None.

    Both must be words of letters (no digits: `3M` / `3N` are different) outside Chinese and
    Japanese (one character changes the name), the longer of at least `MIN_TYPO_WORD` letters
    and the shorter of at least one less (`kdak` / `kodak`), not both common words (`electric` /
    `electronic`), within `typo_budget` edits (OSA distance, so a swap of two neighbours is one
    edit).
    """
    if not (_typable(a) and _typable(b)):
        return None
    common = _common_folded()
    if _fold_plural(a) in common and _fold_plural(b) in common:
        return None
    budget = typo_budget(max(len(a), len(b)))
    if abs(len(a) - len(b)) > budget:
        return None
    distance = OSA.distance(a, b, score_cutoff=budget)
    return distance if distance <= budget else None


def _similar(
    a: tuple[str, ...],
    b: tuple[str, ...],
    threshold: float,
    spelling_a: dict[str, str],
    spelling_b: dict[str, str],
) -> bool:
    """Whether cores `a` and `b` (plurals folded) name one organisation despite typos.

    `spelling_*` give each folded word as written: a typo is measured on both forms and the
    closer counts (`busines` folds to `busine`, two edits from `business`, one as written).
    """
    if len(a) != len(b):
        return False
    only_a = Counter(a)
    only_b = Counter(b)
    only_a.subtract(b)
    only_b.subtract(a)
    left = sorted(only_a.elements())
    right = sorted(only_b.elements())
    if not left:
        return True  # the same words in another order
    if len(left) > _max_diff(len(a)) or (len(a) > 1 and len(left) == len(a)):
        return False
    best = -1.0
    for partners in permutations(right):
        score = 0.0
        for x, y in zip(left, partners, strict=True):
            similarity = max(_typo_similarity(x, y), _typo_similarity(spelling_a[x], spelling_b[y]))
            if similarity < 0:
                break
            score += (len(x) + len(y)) * similarity
        else:
            best = max(best, score)
    if best < 0:
        return False
    total = sum(map(len, a)) + sum(map(len, b))
    differing = sum(map(len, left)) + sum(map(len, right))
    return (total - differing + best) / total >= threshold


def _typo_similarity(a: str, b: str) -> float:
    """1 - edits / longer length when `b` can be a misspelling of `a`, else -1."""
    distance = _typo_distance(a, b)
    return -1.0 if distance is None else 1 - distance / max(len(a), len(b))


# --- clustering --------------------------------------------------------------------------------


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            # The smaller index becomes the root: the result does not depend on the order of
            # the unions.
            if root_b < root_a:
                root_a, root_b = root_b, root_a
            self.parent[root_b] = root_a


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _block_pairs(members: list[int], texts: list[str]) -> Iterator[tuple[int, int]]:
    if len(members) <= _BLOCK_ALL_PAIRS:
        yield from combinations(members, 2)
        return
    for reverse in (False, True):
        order = sorted(members, key=(lambda u: texts[u][::-1]) if reverse else texts.__getitem__)
        for i, a in enumerate(order):
            for b in order[i + 1 : i + 1 + _WINDOW]:
                yield a, b


def _first_shared(a: tuple[str, ...], b: tuple[str, ...]) -> str | None:
    shared = set(b)
    return next((t for t in a if t in shared), None)


def _candidate_pairs(cores: list[tuple[str, ...]]) -> Iterator[tuple[int, int]]:
    frequency = Counter(t for core in cores for t in set(core))
    texts = [" ".join(core) for core in cores]
    prefixes: list[tuple[str, ...]] = []
    blocks: defaultdict[tuple[int, str], list[int]] = defaultdict(list)
    for unit, core in enumerate(cores):
        if not any(_typable(t) for t in core):
            prefixes.append(())  # only exact matches possible: stages 1 and 2 did them
            continue
        if len(core) == 1:
            prefixes.append(())
            for variant in _deletions(core[0]):
                blocks[(1, variant)].append(unit)
            continue
        rarest = sorted(set(core), key=lambda t: (frequency[t], t))
        prefix = tuple(rarest[: _max_diff(len(core)) + 1])
        prefixes.append(prefix)
        for token in prefix:
            blocks[(len(core), token)].append(unit)
    for (size, token), members in blocks.items():
        for a, b in _block_pairs(members, texts):
            # A pair sharing several prefix words is looked at in the block of the first only.
            if size == 1 or _first_shared(prefixes[a], prefixes[b]) == token:
                yield a, b


def _acronym_pairs(cores: list[tuple[str, ...]], groups: _UnionFind) -> list[tuple[int, int]]:
    by_initials: defaultdict[str, set[int]] = defaultdict(set)
    acronyms: list[int] = []
    for unit, core in enumerate(cores):
        if not all(t.isascii() and t.isalpha() for t in core):
            continue
        if len(core) == 1 and len(core[0]) in _ACRONYM_LENGTHS:
            acronyms.append(unit)
        elif len(core) in _ACRONYM_LENGTHS:
            by_initials["".join(t[0] for t in core)].add(groups.find(unit))
    pairs = []
    for unit in acronyms:
        roots = by_initials.get(cores[unit][0], set())
        if len(roots) == 1:
            pairs.append((unit, next(iter(roots))))
    return pairs


def _clusters(keys: list[str], threshold: float) -> list[int]:
    """Cluster number (a unit index) for each key."""
    unit_of_core: dict[tuple[str, ...], int] = {}
    spellings: list[dict[str, str]] = []  # per unit: folded word -> as written (smallest)
    key_unit = []
    for key in keys:
        written = _core(key)
        core = tuple(map(_fold_plural, written))
        unit = unit_of_core.setdefault(core, len(spellings))
        if unit == len(spellings):
            spellings.append({})
        spelling = spellings[unit]
        for folded, word in zip(core, written, strict=True):
            current = spelling.get(folded)
            if current is None or word < current:
                spelling[folded] = word
        key_unit.append(unit)
    cores = list(unit_of_core)
    groups = _UnionFind(len(cores))
    compact: dict[str, int] = {}
    for unit, core in enumerate(cores):
        groups.union(unit, compact.setdefault("".join(core), unit))
    for a, b in _candidate_pairs(cores):
        if groups.find(a) != groups.find(b) and _similar(
            cores[a], cores[b], threshold, spellings[a], spellings[b]
        ):
            groups.union(a, b)
    for a, b in _acronym_pairs(cores, groups):
        groups.union(a, b)
    return [groups.find(unit) for unit in key_unit]


def resolve(names: Iterable[str], *, threshold: float = DEFAULT_THRESHOLD) -> list[Resolution]:
    """Resolve each name to its entity; one `Resolution` per input name, in input order.

    `threshold` (0 < threshold <= 1) is the minimum character-weighted similarity for merging
    names that differ by typos; exact, legal-form, generic-suffix and acronym merges do not
    depend on it. Raises `InvalidInput` naming the position (`names[3]`) of the first name that
    is not a string or is empty or only whitespace.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise InvalidInput("threshold must be a number", field="threshold")
    if not 0 < threshold <= 1:  # also false for NaN
        raise InvalidInput("threshold must be a number above 0 and at most 1", field="threshold")
    mentions = list(names)
    counts: dict[str, int] = {}
    keys: list[str] = []
    for position, name in enumerate(mentions):
        if not isinstance(name, str):
            raise InvalidInput(
                f"names[{position}] must be a string, not {type(name).__name__}",
                field=f"names[{position}]",
            )
        if name in counts:
            counts[name] += 1
            continue
        key = key_or_none(name)
        if key is None:
            raise InvalidInput(
                f"names[{position}] is empty or only whitespace", field=f"names[{position}]"
            )
        counts[name] = 1
        keys.append(key)
    distinct = list(counts)
    cluster = _clusters(keys, threshold)
    best: dict[int, str] = {}
    for name, group in zip(distinct, cluster, strict=True):
        current = best.get(group)
        if current is None or _rank(name, counts) < _rank(current, counts):
            best[group] = name
    resolved = {
        name: Resolution(name, best[group]) for name, group in zip(distinct, cluster, strict=True)
    }
    return [resolved[name] for name in mentions]


def _rank(name: str, counts: dict[str, int]) -> tuple[int, int, str]:
    return (-counts[name], len(name), name)


@functools.lru_cache(maxsize=200_000)
def party_key(name: str) -> str:
    """`name_key`, or the name stripped when it has none: how a party is counted when it is not
    in a batch's resolved map. Cached, as the same names recur across a batch (a key costs
    about 50 µs)."""
    try:
        return name_key(name)
    except InvalidInput:
        return name.strip()


__all__ = ["DEFAULT_THRESHOLD", "MAX_KEY_CHARS", "Resolution", "name_key", "party_key", "resolve"]
