"""Containment: one mark inside the other, and the distinctive parts compared.

A mark is cut into units (each Han character, each other word) and the generic words of
`ipoffice.trademarks.generic_words` are stripped from its ends; what remains is its
distinctive part. Then, by decreasing strength:

- the two distinctive parts are equal (`华为` / `华为旗舰店`, `华为科技` / `华为集团`);
- one mark's distinctive part lies whole inside the other (`华为` / `华为云天`): in practice a
  prior mark taken whole is often still recognised, less so the more is added;
- otherwise the aspect does not speak (score 0).

A distinctive part shorter than two Han characters or three Latin letters is too short to be
recognised inside another mark and is not looked for.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ipoffice.trademarks.aspects import Aspect
from ipoffice.trademarks.generic_words import GENERIC_HAN, GENERIC_LATIN, GENERIC_NOTE
from ipoffice.trademarks.mark_text import MarkText, is_han_token

# Scores of the containment cases (data). The share term lowers the score of a short part
# inside a long mark: `华为` in a six-character mark is less recognisable than in a three.
SAME_DISTINCTIVE = 0.95
INSIDE_BASE = 0.6
INSIDE_SHARE_WEIGHT = 0.3
MIN_HAN_UNITS = 2
MIN_LATIN_LETTERS = 3
GENERIC_HAN_SET = frozenset(GENERIC_HAN)
LONGEST_HAN = max(len(w) for w in GENERIC_HAN)


@dataclass(frozen=True, slots=True)
class Distinctive:
    units: tuple[str, ...]  # Han characters and other words, in order
    generic: tuple[str, ...]  # generic words stripped from the ends
    all_generic: bool  # the mark is nothing but generic words (kept whole)

    @property
    def text(self) -> str:
        return "".join(self.units)


def _units(tokens: tuple[str, ...]) -> list[tuple[str, bool]]:
    """(unit, is_han) for each Han character and each other word."""
    out: list[tuple[str, bool]] = []
    for token in tokens:
        if is_han_token(token):
            out.extend((char, True) for char in token)
        else:
            out.append((token, False))
    return out


def _strip_end(units: list[tuple[str, bool]], at_start: bool) -> str | None:
    """Remove one generic word (the longest) from the start or the end of `units`."""
    edge, is_han = units[0] if at_start else units[-1]
    if not is_han:
        if edge in GENERIC_LATIN:
            del units[0 if at_start else -1]
            return edge
        return None
    # The Han run at that end, up to the longest generic word; a word must leave one unit.
    window = units[:LONGEST_HAN] if at_start else units[-LONGEST_HAN:][::-1]
    size = 0
    for _, han in window:
        if not han:
            break
        size += 1
    size = min(size, len(units) - 1)
    for length in range(size, 0, -1):
        part = units[:length] if at_start else units[-length:]
        word = "".join(u for u, _ in part)
        if word in GENERIC_HAN_SET:
            if at_start:
                del units[:length]
            else:
                del units[-length:]
            return word
    return None


@functools.lru_cache(maxsize=65536)
def distinctive_part(mark: MarkText) -> Distinctive:
    """The mark without generic words at its ends (see the module docstring)."""
    units = _units(mark.tokens)
    generic: list[str] = []
    for at_start in (False, True):
        while len(units) > 1:
            word = _strip_end(units, at_start)
            if word is None:
                break
            generic.append(word)
    all_generic = bool(generic) and len(units) == 1 and _is_generic_unit(units[0][0])
    return Distinctive(tuple(u for u, _ in units), tuple(generic), all_generic)


def _is_generic_unit(unit: str) -> bool:
    return unit in GENERIC_LATIN or unit in GENERIC_NOTE


def _long_enough(units: tuple[str, ...]) -> bool:
    han = sum(1 for u in units if is_han_token(u))
    letters = sum(len(u) for u in units if u.isascii())
    return han >= MIN_HAN_UNITS or letters >= MIN_LATIN_LETTERS or (han >= 1 and letters >= 1)


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    size = len(short)
    return any(long[i : i + size] == short for i in range(len(long) - size + 1))


def _explain(kind: str, da: Distinctive, db: Distinctive, share: float) -> tuple[str, str]:
    generic = [*da.generic, *db.generic]
    notes = sorted({GENERIC_NOTE[w] for w in generic})
    gz = "、".join(generic)
    if kind == "same":
        return (
            f"显著部分相同（{da.text}），其余为缺乏显著性的通用词（{gz}）",
            f"same distinctive part ({da.text}); the rest is generic ({', '.join(generic)}: "
            f"{'; '.join(notes)})",
        )
    if kind == "inside":
        short, long = (da, db) if len(da.text) <= len(db.text) else (db, da)
        return (
            f"“{short.text}”完整包含于“{long.text}”中（占 {share:.0%}），另有其他文字",
            f"'{short.text}' lies whole inside '{long.text}' ({share:.0%} of it), with other "
            "words added",
        )
    return ("两商标互不包含", "neither mark contains the other's distinctive part")


def containment_aspect(a: MarkText, b: MarkText) -> Aspect:
    """Whether one mark's distinctive part is, or lies inside, the other's."""
    da, db = distinctive_part(a), distinctive_part(b)
    evidence: dict[str, object] = {
        "distinctive_a": da.text, "distinctive_b": db.text,
        "generic_a": list(da.generic), "generic_b": list(db.generic),
    }  # fmt: skip
    kind, score, share = "none", 0.0, 0.0
    if da.units == db.units and not (da.all_generic or db.all_generic):
        kind, score, share = "same", SAME_DISTINCTIVE, 1.0
        if a.text == b.text:
            score = 1.0
    else:
        short, long = (da, db) if len(da.text) <= len(db.text) else (db, da)
        if not short.all_generic and _long_enough(short.units) and _inside(short.units, long.units):
            share = len(short.text) / len(long.text)
            kind, score = "inside", INSIDE_BASE + INSIDE_SHARE_WEIGHT * share
    zh, en = _explain(kind, da, db, share)
    evidence["case"] = kind
    return Aspect("containment", score, zh, en, evidence)
