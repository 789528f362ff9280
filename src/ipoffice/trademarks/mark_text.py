"""A word mark as the similarity measures see it: normalised, split by script, with its keys.

`analyse_mark` is run once per mark (a register of a million marks keeps the results), so the
per-comparison work in `ipoffice.trademarks.similarity` only reads precomputed fields.

Normalisation, in order:

1. `ipoffice.text.normalize.normalize`: invisible characters removed, NFKC (full-width letters
   and digits become half-width), lower case, traditional to simplified Chinese (OpenCC t2s),
   spacing collapsed.
2. Every character is then sorted by its Unicode category. Han characters, letters of any
   script and digits are the mark; Latin letters with diacritics lose them (`café` -> `cafe`).
   Spaces and punctuation separate words and are dropped (a mark is read, not punctuated).
   Symbols (emoji, `©®™`, currency and mathematical signs, dingbats) are not words: they are
   stripped (before step 1, which would spell `™` out as `tm`) and kept in `MarkText.removed`
   so the explanation can say so. A figurative element is compared as an image, not here.
3. A mark with nothing left (empty, only punctuation, only emoji) is an error naming the input.

The mark is cut into tokens: each run of Han characters is one token, each word of other
letters and digits another (`华为Huawei P60` -> `华为`, `huawei`, `p60`).
"""

from __future__ import annotations

import functools
import sys
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ipoffice.core.errors import InvalidInput
from ipoffice.text.normalize import normalize, require_text

# A word mark longer than this is not a mark but a sentence; the register's longest Chinese
# marks are around 30 characters.
MAX_MARK_CHARS = 100

# Four-corner code of a character the table does not know (rare characters).
NO_FOUR_CORNER = ""

_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class MarkText:
    """The analysed form of one word mark; every field is derived from the text alone."""

    text: str  # normalised, without spaces: the string edit measures compare
    tokens: tuple[str, ...]  # Han runs and other words, in order
    han: str  # the Han characters, in order
    latin: tuple[str, ...]  # the non-Han words (Latin letters and digits, other scripts)
    pinyin_toned: tuple[str, ...]  # one syllable per Han character, tone digit 1-5 (5: neutral)
    pinyin: tuple[str, ...]  # the same without tones
    four_corner: tuple[str, ...]  # five-digit code per Han character, NO_FOUR_CORNER if unknown
    latin_metaphone: tuple[str, ...]  # Metaphone key per ASCII Latin word ("" for others)
    pinyin_metaphone: str  # Metaphone key of the pinyin written as one Latin word
    removed: str = ""  # symbols stripped from the input (emoji, ©, ™ ...)

    @property
    def latin_text(self) -> str:
        """The non-Han words joined without spaces (`apple store` -> `applestore`)."""
        return "".join(self.latin)

    @property
    def has_han(self) -> bool:
        return bool(self.han)


def _category_kind(char: str) -> str:
    """`han`, `word` (letters, digits, marks inside words), `separator` or `symbol`."""
    if (
        "\u3400" <= char <= "\u9fff"
        or "\uf900" <= char <= "\ufaff"
        or char >= "\U00020000"
        or char == "\u3007"  # 〇, the Han zero
    ):
        return "han" if unicodedata.category(char)[0] in "LN" else "symbol"
    category = unicodedata.category(char)
    if category[0] in "LN":
        return "word"
    if category[0] == "M":
        return "mark"
    if category[0] in "PZC":
        return "separator"
    return "symbol"


def is_han_token(token: str) -> bool:
    """Whether a token of `MarkText.tokens` is a run of Han characters."""
    return _category_kind(token[0]) == "han"


@functools.lru_cache(maxsize=4096)
def _fold_latin(char: str) -> str:
    """A letter without its diacritics when that leaves ASCII (`é` -> `e`), else itself."""
    if char.isascii():
        return char
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base if base.isascii() and base else char


def _split(text: str) -> tuple[list[str], str]:
    """Tokens of normalised text and the symbols removed from it."""
    tokens: list[str] = []
    removed: list[str] = []
    current: list[str] = []
    current_kind = ""
    for char in text:
        kind = _category_kind(char)
        if kind == "mark":  # a combining mark stays with a word, never starts one
            if current and current_kind == "word":
                continue  # diacritics are folded away below; other scripts' marks are noise
            removed.append(char)
            continue
        if kind in ("han", "word") and kind == current_kind:
            current.append(_fold_latin(char) if kind == "word" else char)
            continue
        if current:
            tokens.append("".join(current))
            current = []
        current_kind = kind
        if kind in ("han", "word"):
            current.append(_fold_latin(char) if kind == "word" else char)
        elif kind == "symbol":
            removed.append(char)
    if current:
        tokens.append("".join(current))
    return tokens, "".join(removed)


def _describe(raw: str) -> str:
    shown = raw if len(raw) <= 40 else raw[:40] + "..."
    return repr(shown)


def normalise_mark(raw: object, *, field: str = "mark") -> tuple[list[str], str]:
    """The tokens of a mark and the symbols stripped from it; `InvalidInput` naming the input
    when it is not a string, too long, or empty once normalised."""
    require_text(raw, field)
    assert isinstance(raw, str)
    if len(raw) > MAX_MARK_CHARS:
        raise InvalidInput(
            f"the mark {_describe(raw)} has {len(raw)} characters; a word mark has at most "
            f"{MAX_MARK_CHARS}",
            field=field,
        )
    # Symbols go before NFKC, which would spell some of them out (`™` -> `TM`, `㈱` -> `(株)`).
    symbols = "".join(c for c in raw if unicodedata.category(c)[0] == "S")
    kept = "".join(c for c in raw if unicodedata.category(c)[0] != "S") if symbols else raw
    tokens, removed = _split(normalize(kept))
    removed = symbols + removed
    if not tokens:
        why = f" (removed symbols: {removed})" if removed else ""
        raise InvalidInput(
            f"the mark {_describe(raw)} has no Chinese character, letter or digit once "
            f"normalised{why}; emoji and symbols are not compared as words",
            field=field,
        )
    return tokens, removed


@functools.lru_cache(maxsize=1)
def _load_pinyin() -> Callable[[str], list[str]]:
    from pypinyin import Style, lazy_pinyin  # loaded on first use, not at import

    def unknown(chars: str) -> list[str]:
        return ["?"] * len(chars)

    def toned(han: str) -> list[str]:
        # Phrase-aware (`银行` -> hang2): where a character has several readings, pypinyin takes
        # the reading of the phrase it is in, else the character's most common reading.
        syllables: list[str] = lazy_pinyin(
            han,
            style=Style.TONE3,
            neutral_tone_with_five=True,
            errors=unknown,  # type: ignore[arg-type]  # pypinyin accepts a list (documented)
        )
        return syllables

    return toned


@functools.lru_cache(maxsize=1)
def _load_four_corner() -> Callable[[str], Any]:
    from four_corner_method import FourCornerMethod  # reads its table on first use

    query: Callable[[str], Any] = FourCornerMethod().query
    return query


@functools.lru_cache(maxsize=1)
def _load_metaphone() -> Callable[[str], str]:
    import jellyfish

    metaphone: Callable[[str], str] = jellyfish.metaphone
    return metaphone


def latin_metaphone(word: str) -> str:
    """The Metaphone key of an ASCII word (`huawei` -> `HW`)."""
    return _tools()[2](word)


def _tools() -> tuple[Callable[[str], list[str]], Callable[[str], Any], Callable[[str], str]]:
    with _LOCK:  # the first load happens once even when threads start together
        return _load_pinyin(), _load_four_corner(), _load_metaphone()


def _han_syllables(han: str, toned: Callable[[str], list[str]]) -> list[str]:
    syllables = toned(han)
    if len(syllables) != len(han):  # never seen; keep one syllable per character regardless
        syllables = [toned(char)[0] for char in han]
    return [sys.intern(s) for s in syllables]


@functools.lru_cache(maxsize=65536)
def _four_corner(char: str) -> str:
    code = _tools()[1](char)
    return sys.intern(code) if isinstance(code, str) and len(code) == 5 else NO_FOUR_CORNER


def analyse_mark(text: str, *, field: str = "mark") -> MarkText:
    """Normalise and analyse one word mark (see the module docstring); `InvalidInput` when the
    mark is not a string, longer than `MAX_MARK_CHARS`, or empty once normalised."""
    tokens, removed = normalise_mark(text, field=field)
    toned, _, metaphone = _tools()
    han = "".join(t for t in tokens if is_han_token(t))
    latin = tuple(t for t in tokens if not is_han_token(t))
    pinyin_toned = tuple(_han_syllables(han, toned)) if han else ()
    pinyin = tuple(sys.intern(s.rstrip("12345")) for s in pinyin_toned)
    spoken = "".join(s for s in pinyin if s != "?")
    return MarkText(
        text="".join(tokens),
        tokens=tuple(tokens),
        han=han,
        latin=latin,
        pinyin_toned=pinyin_toned,
        pinyin=pinyin,
        four_corner=tuple(_four_corner(c) for c in han),
        latin_metaphone=tuple(metaphone(w) if w.isascii() else "" for w in latin),
        pinyin_metaphone=metaphone(spoken) if spoken else "",
        removed=removed,
    )
