"""Pinyin syllables: initials and finals, confusable sounds, syllable similarity, Latin spellings.

Confusable sounds are data. They are the mergers of regional Mandarin that make two syllables
sound alike to a large part of the public, as taught in Putonghua proficiency training
(普通话水平测试, 国家普通话水平测试大纲) and applied in trademark examination when judging
读音近似 (商标审查审理指南, 2021, part on word marks: 读音相同或者相近):

- initials: z/zh, c/ch, s/sh (平翘舌不分), n/l (鼻边音不分), f/h, r/l;
- finals: in/ing, en/eng, an/ang, ian/iang, uan/uang (前后鼻音不分).

`fold` maps each syllable to one representative of its confusable class; it is a retrieval key
(two syllables with the same fold may sound alike), while `syllable_similarity` grades a pair.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata

from ipoffice.trademarks.alignment import align
from ipoffice.trademarks.aspects import Aspect
from ipoffice.trademarks.mark_text import MarkText

# Longest first, so that `zh` is read before `z`. `y` and `w` are written initials of pinyin.
INITIALS: tuple[str, ...] = (
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
    "r", "z", "c", "s", "y", "w",
)  # fmt: skip

CONFUSABLE_INITIALS: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (("z", "zh"), ("c", "ch"), ("s", "sh"), ("n", "l"), ("f", "h"), ("r", "l"))
)
CONFUSABLE_FINALS: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in (("in", "ing"), ("en", "eng"), ("an", "ang"), ("ian", "iang"), ("uan", "uang"))
)
# Representatives for `fold`: n, l and r share one (a key may over-collect; scoring is exact).
_FOLD_INITIAL = {"zh": "z", "ch": "c", "sh": "s", "n": "l", "r": "l", "f": "h"}
_FOLD_FINAL = {"ing": "in", "eng": "en", "ang": "an", "iang": "ian", "uang": "uan"}

# Similarity of two syllables by how they differ (data; see `syllable_similarity`).
SYLLABLE_SIMILARITY: dict[str, float] = {
    "same": 1.0,  # same syllable, same tone: 同音
    "other_tone": 0.9,  # same syllable, other tone: 音同调不同
    "confusable": 0.75,  # differs only by confusable initials or finals (zh/z, in/ing ...)
    "confusable_other_tone": 0.7,
    "same_final": 0.4,  # rhymes (shi/chi, kang/tang): heard as near in a short mark
    "same_initial": 0.3,  # alliterates (shi/shuai)
    "different": 0.0,
}

_SYLLABLE = re.compile(r"([a-z]+?)([1-5]?)$")
_LOCK = threading.Lock()


@functools.lru_cache(maxsize=8192)
def split_syllable(syllable: str) -> tuple[str, str, str]:
    """(initial, final, tone) of a pinyin syllable: `shuai4` -> (`sh`, `uai`, `4`)."""
    match = _SYLLABLE.match(syllable)
    if match is None:
        return "", syllable, ""
    body, tone = match.groups()
    for initial in INITIALS:
        if body.startswith(initial) and len(body) > len(initial):
            return initial, body[len(initial) :], tone
    return "", body, tone


@functools.lru_cache(maxsize=8192)
def fold(syllable: str) -> str:
    """The toneless representative of a syllable's confusable class: `zheng4` -> `zen`."""
    initial, final, _ = split_syllable(syllable)
    return _FOLD_INITIAL.get(initial, initial) + _FOLD_FINAL.get(final, final)


def _near(a: str, b: str, confusable: frozenset[frozenset[str]]) -> bool:
    return a == b or frozenset((a, b)) in confusable


def relation(a: str, b: str) -> str:
    """How two syllables (toned or not) differ: a key of `SYLLABLE_SIMILARITY`."""
    if a == b:
        return "same"
    if "?" in (a, b):
        return "different"
    ia, fa, ta = split_syllable(a)
    ib, fb, tb = split_syllable(b)
    same_tone = ta == tb or not ta or not tb
    if ia == ib and fa == fb:
        return "same" if same_tone else "other_tone"
    if _near(ia, ib, CONFUSABLE_INITIALS) and _near(fa, fb, CONFUSABLE_FINALS):
        return "confusable" if same_tone else "confusable_other_tone"
    if fa == fb:
        return "same_final"
    if ia == ib and ia:
        return "same_initial"
    return "different"


@functools.lru_cache(maxsize=65536)
def syllable_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two pinyin syllables, toned (`kang1`) or toneless (`kang`)."""
    return SYLLABLE_SIMILARITY[relation(a, b)]


@functools.lru_cache(maxsize=1)
def _load_inventory() -> frozenset[str]:
    from pypinyin.pinyin_dict import pinyin_dict  # the readings of every character

    syllables: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            plain = unicodedata.normalize("NFD", reading.replace("ü", "v"))
            base = "".join(c for c in plain if not unicodedata.combining(c))
            if base.isascii() and base.isalpha():
                syllables.add(base)
    # Interjection readings (`hm`, `ng`, `m`) are syllables of the dictionary but not of names.
    return frozenset(s for s in syllables if len(s) > 1 or s in {"a", "e", "o"})


def syllable_inventory() -> frozenset[str]:
    """Every toneless pinyin syllable (about 410), `ü` written `v` as pypinyin writes it."""
    with _LOCK:
        return _load_inventory()


@functools.lru_cache(maxsize=65536)
def latin_as_pinyin(word: str) -> tuple[str, ...] | None:
    """A Latin word read as toneless pinyin syllables (`kangshifu` -> kang shi fu), preferring
    the fewest syllables; None when it cannot be read as pinyin (`apple`)."""
    word = word.lower().replace("ü", "v")
    if not word.isascii() or not word.isalpha() or len(word) > 60:
        return None
    inventory = syllable_inventory()
    size = len(word)
    best: list[tuple[str, ...] | None] = [None] * (size + 1)
    best[0] = ()
    for end in range(1, size + 1):
        for start in range(max(0, end - 6), end):  # no syllable is longer than 6 letters
            head = best[start]
            if head is None or word[start:end] not in inventory:
                continue
            candidate = (*head, word[start:end])
            current = best[end]
            if current is None or len(candidate) < len(current):
                best[end] = candidate
    return best[size]


def _syllable_pairs(
    a: tuple[str, ...], b: tuple[str, ...], pairs: tuple[tuple[int | None, int | None, float], ...]
) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for i, j, sim in pairs:
        sa = a[i] if i is not None else None
        sb = b[j] if j is not None else None
        kind = relation(sa, sb) if sa is not None and sb is not None else "missing"
        out.append({"a": sa, "b": sb, "relation": kind, "similarity": round(sim, 4)})
    return out


def pinyin_aspect(a: MarkText, b: MarkText) -> Aspect | None:
    """Sound of the Chinese parts by pinyin (None unless both marks have Han characters).

    Syllables are aligned (see `alignment`) with toned syllables, each pair graded by
    `syllable_similarity`; an identical character always counts as the same syllable, whatever
    reading its context gave it.
    """
    if not a.han or not b.han:
        return None
    ta, tb = a.pinyin_toned, b.pinyin_toned

    def similar(x: tuple[str, str], y: tuple[str, str]) -> float:
        return 1.0 if x[0] == y[0] else syllable_similarity(x[1], y[1])

    alignment = align(
        tuple(zip(a.han, ta, strict=True)), tuple(zip(b.han, tb, strict=True)), similar
    )
    pairs = _syllable_pairs(ta, tb, alignment.pairs)
    toneless_same = a.pinyin == b.pinyin
    toned_same = a.pinyin_toned == b.pinyin_toned
    confusables = [p for p in pairs if str(p["relation"]).startswith("confusable")]
    if toned_same:
        zh, en = "拼音完全相同（同音）", "identical pinyin with tones (homophones)"
    elif toneless_same:
        zh, en = "拼音相同、声调不同", "same pinyin, different tones"
    else:
        zh = f"拼音逐音节比对相似度 {alignment.score:.0%}"
        en = f"pinyin {alignment.score:.0%} alike syllable by syllable"
        if confusables:
            zh += "，含易混读音（" + "、".join(f"{p['a']}/{p['b']}" for p in confusables) + "）"
            en += (
                ", with confusable sounds ("
                + ", ".join(f"{p['a']}/{p['b']}" for p in confusables)
                + ")"
            )
    evidence: dict[str, object] = {
        "pinyin_a": " ".join(a.pinyin_toned), "pinyin_b": " ".join(b.pinyin_toned),
        "same_with_tones": toned_same, "same_without_tones": toneless_same,
        "syllables": pairs,
    }  # fmt: skip
    return Aspect("pinyin", alignment.score, zh, en, evidence)
