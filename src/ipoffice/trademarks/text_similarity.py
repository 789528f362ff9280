"""The text aspect: the two marks' normalised strings compared by edit measures.

- Indel similarity (rapidfuzz `ratio`: twice the common subsequence over the total length);
- normalised Levenshtein similarity (substitutions count once);
- character-set overlap (Jaccard of the sets of characters), which ignores order;
- for marks with Latin words: Jaro-Winkler of the Latin parts (prefix-weighted, the way a
  reader takes in a word) and a token-set ratio of the words (order and repetition ignored).

The score is the mean of the first two and of the best Latin measure when both marks are Latin
only, else of the first three: every measure's figure is in the evidence.
"""

from __future__ import annotations

import functools
from typing import Any

from ipoffice.trademarks.aspects import Aspect
from ipoffice.trademarks.mark_text import MarkText


@functools.lru_cache(maxsize=1)
def _rapidfuzz() -> Any:
    import rapidfuzz

    return rapidfuzz


def text_aspect(a: MarkText, b: MarkText) -> Aspect:
    rf = _rapidfuzz()
    ratio = rf.fuzz.ratio(a.text, b.text) / 100.0
    levenshtein = rf.distance.Levenshtein.normalized_similarity(a.text, b.text)
    set_a, set_b = set(a.text), set(b.text)
    jaccard = len(set_a & set_b) / len(set_a | set_b)
    evidence: dict[str, Any] = {
        "compared": [a.text, b.text], "ratio": round(ratio, 4),
        "levenshtein": round(levenshtein, 4), "character_jaccard": round(jaccard, 4),
    }  # fmt: skip
    measures = [ratio, levenshtein]
    latin_best = 0.0
    if a.latin and b.latin:
        jaro = rf.distance.JaroWinkler.normalized_similarity(a.latin_text, b.latin_text)
        tokens = rf.fuzz.token_set_ratio(" ".join(a.latin), " ".join(b.latin)) / 100.0
        evidence["jaro_winkler"] = round(jaro, 4)
        evidence["token_set"] = round(tokens, 4)
        latin_best = max(jaro, tokens)
    latin_only = not a.han and not b.han and a.latin and b.latin
    measures.append(latin_best if latin_only else jaccard)
    score = min(1.0, max(0.0, sum(measures) / len(measures)))
    if a.text == b.text:
        zh, en = "规范化后文字相同", "the same text once normalised"
    else:
        zh = f"文字构成相似度 {score:.0%}（编辑距离相似度 {levenshtein:.0%}）"
        en = f"text {score:.0%} alike (edit-distance similarity {levenshtein:.0%})"
    removed = a.removed + b.removed
    if removed:
        zh += f"；已去除符号 {removed}"
        en += f"; symbols removed: {removed}"
        evidence["removed_symbols"] = [a.removed, b.removed]
    return Aspect("text", score, zh, en, evidence)
