"""Sound of Latin words (English phonetics), and of Chinese marks against Latin marks.

- **Latin against Latin**: the marks' Latin words, joined, are compared by their Metaphone and
  NYSIIS keys (Jaro-Winkler similarity of the keys, so a key differing in its last sound still
  scores) and their Soundex codes (share of equal positions); the score is the mean of the three.
  `Apple` / `Appel`: same Metaphone `APL`.
- **Chinese against Latin** (`华为` / `Huawei`, `康师傅` / `Kangshifu`): the Latin word is read as
  pinyin syllables where it can be (`huawei` -> hua wei) and aligned syllable by syllable with
  the Chinese mark's pinyin (toneless, confusable sounds graded as in `pinyin_keys`). A Latin
  word that is not pinyin is compared as Latin (above) with the pinyin written as one word.
  Two Latin words that both read as pinyin (romanised Chinese names) are
  compared as pinyin too: short Metaphone keys of pinyin words are alike too easily.

Both sides' Latin words are first stripped of generic words (`Huawei Store` is compared as
`huawei`). Pairs of purely Chinese marks have no sound aspect here: the pinyin aspect hears them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from ipoffice.trademarks.alignment import align
from ipoffice.trademarks.aspects import Aspect
from ipoffice.trademarks.generic_words import GENERIC_LATIN
from ipoffice.trademarks.mark_text import MarkText
from ipoffice.trademarks.pinyin_keys import latin_as_pinyin, syllable_similarity

# A Latin word shorter than this says too little for a phonetic key to mean anything.
MIN_LETTERS = 2


@functools.lru_cache(maxsize=1)
def _jellyfish() -> tuple[
    Callable[[str], str], Callable[[str], str], Callable[[str], str], Callable[[str, str], float]
]:
    import jellyfish

    return (
        jellyfish.metaphone,
        jellyfish.nysiis,
        jellyfish.soundex,
        jellyfish.jaro_winkler_similarity,
    )


def _spoken_latin(mark: MarkText) -> str:
    words = [w for w in mark.latin if w.isascii() and w.isalpha()]
    distinctive = [w for w in words if w not in GENERIC_LATIN] or words
    return "".join(distinctive)


@functools.lru_cache(maxsize=65536)
def latin_sound_similarity(a: str, b: str) -> tuple[float, dict[str, object]]:
    """Similarity in [0, 1] of two Latin strings by Metaphone, NYSIIS and Soundex."""
    metaphone, nysiis, soundex, jaro_winkler = _jellyfish()
    ma, mb = metaphone(a), metaphone(b)
    na, nb = nysiis(a), nysiis(b)
    sa, sb = soundex(a), soundex(b)
    m_sim = jaro_winkler(ma, mb) if ma and mb else float(ma == mb)
    n_sim = jaro_winkler(na, nb) if na and nb else float(na == nb)
    s_sim = sum(x == y for x, y in zip(sa, sb, strict=False)) / max(len(sa), len(sb), 1)
    score = (m_sim + n_sim + s_sim) / 3
    evidence: dict[str, object] = {
        "metaphone": [ma, mb], "nysiis": [na, nb], "soundex": [sa, sb],
    }  # fmt: skip
    return score, evidence


def _han_against_latin(han: MarkText, latin: str) -> tuple[float, dict[str, object]]:
    spoken = "".join(s for s in han.pinyin if s != "?")
    key_score, evidence = latin_sound_similarity(spoken, latin)
    evidence = {**evidence, "pinyin": spoken, "latin": latin, "key_score": round(key_score, 4)}
    syllables = latin_as_pinyin(latin)
    if syllables is None:
        return key_score, evidence
    # A Latin word that reads as pinyin is a romanised Chinese name: compare it as pinyin,
    # syllable by syllable (short Metaphone keys of two pinyin words are alike too easily).
    alignment = align(han.pinyin, syllables, syllable_similarity)
    evidence["latin_as_pinyin"] = list(syllables)
    evidence["syllable_score"] = round(alignment.score, 4)
    return alignment.score, evidence


def _latin_against_latin(a: str, b: str) -> tuple[float, dict[str, object]]:
    score, evidence = latin_sound_similarity(a, b)
    evidence = {**evidence, "compared": [a, b], "pairing": "latin-latin"}
    sa, sb = latin_as_pinyin(a), latin_as_pinyin(b)
    if sa is not None and sb is not None:  # two romanised Chinese names: read as pinyin
        alignment = align(sa, sb, syllable_similarity)
        evidence.update(
            latin_as_pinyin=[list(sa), list(sb)], key_score=round(score, 4),
            syllable_score=round(alignment.score, 4),
        )  # fmt: skip
        score = alignment.score
    return score, evidence


def sound_aspect(a: MarkText, b: MarkText) -> Aspect | None:
    """The English-phonetics aspect, or None when neither pairing applies (see the docstring)."""
    latin_a, latin_b = _spoken_latin(a), _spoken_latin(b)
    if len(latin_a) >= MIN_LETTERS and len(latin_b) >= MIN_LETTERS:
        score, evidence = _latin_against_latin(latin_a, latin_b)
        metaphone = _jellyfish()[0]
        ma, mb = metaphone(latin_a), metaphone(latin_b)
        return Aspect(
            "sound",
            score,
            f"外文读音（Metaphone {ma}/{mb}）相似度 {score:.0%}",
            f"Latin words sound {score:.0%} alike (Metaphone {ma}/{mb})",
            evidence,
        )
    pairs = []
    if a.han and len(latin_b) >= MIN_LETTERS:
        pairs.append((a, latin_b, "han-latin"))
    if b.han and len(latin_a) >= MIN_LETTERS:
        pairs.append((b, latin_a, "latin-han"))
    if not pairs:
        return None
    best: tuple[float, dict[str, object]] | None = None
    for han, latin, pairing in pairs:
        score, evidence = _han_against_latin(han, latin)
        if best is None or score > best[0]:
            best = (score, {**evidence, "pairing": pairing})
    assert best is not None
    score, evidence = best
    return Aspect(
        "sound",
        score,
        f"中文拼音“{evidence['pinyin']}”与外文“{evidence['latin']}”读音相似度 {score:.0%}",
        f"pinyin '{evidence['pinyin']}' and Latin '{evidence['latin']}' sound {score:.0%} alike",
        evidence,
    )
