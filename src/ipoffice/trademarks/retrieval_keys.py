"""Short keys of a mark for inverted indexes: find candidates without comparing every mark.

A conflict search indexes every registered mark under these keys and, for a new mark, compares
only the marks that share at least one key (then ranks them with `compare_texts`). Each family
of keys catches one way marks are alike:

- `char`, `bigram`: Han characters and character bigrams (shared words);
- `masked`: the Han text with one character replaced by `?` (`康?傅`): any mark differing in a
  single character, however it differs (homophone, look-alike, anything else);
- `pinyin_bigram`, `pinyin_masked`: toneless syllable bigrams (`kang_shi`) and the syllables
  with one masked (`kang ? fu`): homophones written with other characters;
- `pinyin_folded`: the whole pinyin with confusable sounds merged (`zh`->`z`, `ing`->`in` ...);
- `metaphone`: Metaphone keys of Latin words, of the Latin words joined, and of the pinyin read
  as Latin (`华为` and `Huawei` share `HW`);
- `four_corner`: four-corner codes of the Han characters (look-alike characters often share one);
- `distinctive`: the mark without generic words (`华为旗舰店` -> `华为`);
- `concept`: the meanings of `equivalents` (`苹果` and `Apple` share `apple`).

Keys of different families never collide: a family is a separate index (or a prefix).
"""

from __future__ import annotations

from ipoffice.trademarks.containment import distinctive_part
from ipoffice.trademarks.equivalents import readings
from ipoffice.trademarks.generic_words import GENERIC_LATIN
from ipoffice.trademarks.mark_text import NO_FOUR_CORNER, MarkText, latin_metaphone
from ipoffice.trademarks.pinyin_keys import fold

# Masked keys are made for marks up to this many characters or syllables (a longer mark is
# found by its bigrams: it shares many of them with a near copy).
MAX_MASKED = 8


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _masked(units: tuple[str, ...] | str, join: str) -> list[str]:
    if not 2 <= len(units) <= MAX_MASKED:
        return []
    parts = list(units)
    return [join.join([*parts[:i], "?", *parts[i + 1 :]]) for i in range(len(parts))]


def _bigrams(units: tuple[str, ...] | str, join: str) -> list[str]:
    if len(units) == 1:
        return [units[0]]
    return [join.join((units[i], units[i + 1])) for i in range(len(units) - 1)]


def retrieval_keys(m: MarkText) -> dict[str, list[str]]:
    """The keys of one mark by family (see the module docstring); lists without repeats."""
    han, pinyin = m.han, tuple(s for s in m.pinyin if s != "?")
    # Generic words (`store`) would make huge buckets: only the distinctive words are keyed.
    words = [w for w in m.latin if w not in GENERIC_LATIN] or list(m.latin)
    metaphones = [latin_metaphone(w) for w in words if w.isascii()]
    if len(words) > 1 and all(w.isascii() for w in words):
        metaphones.append(latin_metaphone("".join(words)))
    metaphones.append(m.pinyin_metaphone)
    concepts, _ = readings(m)
    return {
        "char": _unique(list(han)),
        "bigram": _unique(_bigrams(han, "")) if han else [],
        "masked": _unique(_masked(han, "")),
        "pinyin_bigram": _unique(_bigrams(pinyin, "_")) if pinyin else [],
        "pinyin_masked": _unique(_masked(pinyin, " ")),
        "pinyin_folded": _unique(["".join(fold(s) for s in pinyin)]) if pinyin else [],
        "metaphone": _unique(metaphones),
        "four_corner": _unique([c for c in m.four_corner if c != NO_FOUR_CORNER]),
        "distinctive": _unique([distinctive_part(m).text]),
        "concept": _unique([r.concept for r in concepts]),
    }
