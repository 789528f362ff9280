"""What a copier does to the text it takes, for the planted cases: synonyms swapped from the
table of `synonyms`, clauses and sentences reordered, numbers changed, sentences picked."""

from __future__ import annotations

import random
import re

from ipoffice.screening.synonyms import SYNONYMS_EN, SYNONYMS_ZH
from ipoffice.text.analyze import sentences


def swap_synonyms(text: str, lang: str, rng: random.Random) -> str:
    groups = SYNONYMS_ZH if lang == "zh" else SYNONYMS_EN
    other = {word: [w for w in group if w != word] for group in groups for word in group}
    words = sorted(other, key=lambda w: (-len(w), w))
    if lang == "zh":
        pattern = re.compile("|".join(map(re.escape, words)))
    else:
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)

    def swap(match: re.Match[str]) -> str:
        found = match.group()
        new = rng.choice(other[found.lower()])
        return new.capitalize() if found[:1].isupper() else new

    return pattern.sub(swap, text)


def _reorder(text: str, lang: str, rng: random.Random) -> str:
    """The comma clauses of each sentence (and `;` clause) rotated or reversed, and the
    sentences shuffled; punctuation between sentences is kept, so each stays a sentence."""
    comma = "，" if lang == "zh" else ", "
    out = []
    for sentence in sentences(text):
        end = len(sentence.rstrip("。.;；!?！？"))
        body, stop = sentence[:end], sentence[end:] or ("。" if lang == "zh" else ".")
        parts = [p for p in body.split(comma) if p]
        if len(parts) >= 2:
            parts = parts[1:] + parts[:1] if rng.random() < 0.5 else parts[::-1]
        joined = comma.join(parts)
        out.append((joined[:1].upper() + joined[1:] if lang == "en" else joined) + stop)
    rng.shuffle(out)
    return ("" if lang == "zh" else " ").join(out)


def _renumber(text: str, rng: random.Random) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 9)), text)


def transform(text: str, kind: str, lang: str, rng: random.Random) -> str:
    if kind == "synonym":
        return swap_synonyms(text, lang, rng)
    if kind == "reordered":
        return _reorder(text, lang, rng)
    if kind == "numbers":
        return _renumber(text, rng)
    return text


def some(text: str, share: float, rng: random.Random, lang: str) -> str:
    """A share of the sentences of `text`, in order."""
    found = sentences(text)
    keep = sorted(rng.sample(range(len(found)), max(1, round(len(found) * share))))
    return ("" if lang == "zh" else " ").join(found[i] for i in keep)


def join(lang: str, *parts: str) -> str:
    return ("" if lang == "zh" else " ").join(p for p in parts if p)
