"""How the claims-quality signals read an application: its claims (`Claim`, from either pass of
the detector), the fitted model (`ClaimsModel`), the application itself (`Application`) and the
content terms of a text (`terms`)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from ipoffice.patents.document import PatentDocument
from ipoffice.screening.claims_lexicons import HAN_PAIR, STOP_EN, TERM_EN, fold

MAX_TEXT_CHARS = 20_000  # characters of abstract and description read for term support


@dataclass(frozen=True)
class Claim:
    """A claim as the signals read it."""

    number: int
    text: str
    parent: int | None  # the claim it refers to (the first, when several)
    added: str  # what a dependent claim adds ("" for an independent claim)
    folded: str  # fold(text), for the patterns of lower-case words


def claim(number: int, text: str, parent: int | None, added: str) -> Claim:
    """The `Claim` of `text`, folded here."""
    return Claim(number, text, parent, added, fold(text))


@dataclass(frozen=True)
class ClaimsModel:
    """Per language, the median and scale (1.4826 MAD) of log independent-claim length; and the
    document frequency of terms, to weight them by IDF."""

    length: dict[str, tuple[float, float]]
    frequency: dict[str, int]
    documents: dict[str, int]

    @cached_property
    def _idf(self) -> dict[str, dict[str, float]]:
        """Per language, the IDF of the terms weighed so far: the model's table, filled as terms
        are met (one logarithm per term instead of one per use)."""
        return {}

    def idf(self, lang: str, terms: set[str]) -> dict[str, float] | None:
        """The IDF table of `lang`, holding at least `terms`; None when `lang` was not fitted."""
        if lang not in self.documents:
            return None
        n = self.documents[lang] + 1
        table = self._idf.setdefault(lang, {})
        for t in terms.difference(table):
            table[t] = math.log(n / (self.frequency.get(t, 0) + 1))
        return table


@dataclass
class Application:
    """One application as the signals read it besides its claims, for both passes of the
    detector: the terms of its text are found once."""

    doc: PatentDocument
    lang: str
    model: ClaimsModel | None
    # The pieces of claims weighed by `stacked`, with their support and what it found: the
    # second pass of the detector reads most claims as the first did (without their number).
    weighed: dict[tuple[str, ...], tuple[set[str], list[str]]] = field(default_factory=dict)

    @cached_property
    def context_terms(self) -> set[str]:
        doc = self.doc
        text = (doc.title, doc.abstract[:MAX_TEXT_CHARS], doc.description[:MAX_TEXT_CHARS])
        return terms(" ".join(text), self.lang)

    def weigher(self, vocabulary: set[str]) -> Callable[[set[str]], float]:
        """How sets of terms of `vocabulary` are weighed: the sum of their IDF when fitted,
        else their number."""
        idf = self.model.idf(self.lang, vocabulary) if self.model is not None else None
        if idf is None:
            return lambda found: float(len(found))
        return lambda found: sum(map(idf.__getitem__, found))


def terms(text: str, lang: str) -> set[str]:
    """The content terms of `text`: Chinese character pairs, or English words cut to 6 letters."""
    if lang == "zh":
        return set(HAN_PAIR.findall(text))
    # Each word once (texts repeat their words), in the order first met.
    words = dict.fromkeys(TERM_EN.findall(text.lower()))
    return {w[:6] for w in words if w not in STOP_EN}
