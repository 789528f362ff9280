"""Order No. 77 Art. 3(4): inventions against technical common sense, or claims that are
degraded (变劣), piled up (堆砌) or unnecessarily narrowed (非必要缩限保护范围).

Signals, each with a strength in [0, 1] (0.5 at its threshold), combined as 1 - prod(1 - s):

- **piled_up**: `PILE_MIN` or more dependent claims (and at least `PILE_SHARE` of them) that
  each add only a trivial, non-technical feature: a colour, a decoration or pattern, a shape,
  a bare material choice, a place of use, packaging (the lexicons below, with reasons);
- **repeated**: `REPEAT_MIN` or more dependent claims of one claim tree that are identical or
  differ in one short slot ("wherein the shell is red" / "... is blue" / "... is green");
- **stacked**: an independent claim with `STACK_MIN` or more elements that share no content term
  with the rest of the application (title, abstract, description, the other elements and
  claims): features drawn from unrelated fields and piled into one claim;
- **narrowed**: an independent claim of a device with `NARROW_MIN` or more exact dimensions
  (a value with a unit of length, mass or angle, not a range or a limit) or brand and model
  specifics; an independent claim far longer than the corpus's (`LONG_Z`, when fitted) needs
  fewer of them;
- **degraded**: claims or abstract saying the change makes things worse or removes a function
  (降低效率, 增加成本, 去掉……功能, "reduces efficiency", "less durable"), unless negated or said
  of the prior art;
- **common_sense**: perpetual motion, efficiency above 100 %, energy from nothing.

Cost: a first pass runs only regular expressions over the claims (cut to `MAX_CLAIMS` claims of
`MAX_CLAIM_CHARS`); `parse_claims(..., strict=False)` runs only on the applications where the
first pass finds a candidate, and gives the claim numbers, trees and elements of the evidence.
Evidence: which signals fired, the claims concerned (number and text), counts and figures.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ipoffice.core.errors import InvalidInput
from ipoffice.patents.claims import ParsedClaim, parse_claims
from ipoffice.patents.document import PatentDocument
from ipoffice.screening.claims_lexicons import (
    BRAND,
    COMMON_SENSE,
    COMPOSITION,
    DEGRADED_EN,
    DEGRADED_ZH,
    DIMENSION,
    NEGATION_EN,
    NEGATION_ZH,
    NOT_DEVICE,
    PRIOR_ART,
    RANGE_AFTER,
    RANGE_BEFORE,
    TRIVIAL_EN,
    TRIVIAL_ZH,
    fold,
)
from ipoffice.screening.claims_reading import (
    MAX_TEXT_CHARS,
    Application,
    Claim,
    ClaimsModel,
    claim,
    terms,
)
from ipoffice.screening.claims_signals import (
    EXAMPLES,
    LONG_NARROW_MIN,
    LONG_Z,
    MAX_PIECES,
    NARROW_MIN,
    PILE_MIN,
    PILE_SHARE,
    REPEAT_MIN,
    REPEAT_WINDOW,
    SNIPPET,
    STACK_ELEMENTS,
    STACK_MIN,
    STACK_SUPPORT,
    TRIVIAL_MAX_CHARS,
    score,
    signals,
)
from ipoffice.screening.detector import Findings, ScreeningContext
from ipoffice.screening.findings import Finding
from ipoffice.text.normalize import detect_language

# The thresholds, lexicons and model of the signals live beside them (claims_signals,
# claims_lexicons) and are named here too.
__all__ = [
    "BRAND",
    "COMMON_SENSE",
    "COMPOSITION",
    "DEFAULT_THRESHOLD",
    "DEGRADED_EN",
    "DEGRADED_ZH",
    "DIMENSION",
    "EXAMPLES",
    "LONG_NARROW_MIN",
    "LONG_Z",
    "MAX_CLAIMS",
    "MAX_CLAIM_CHARS",
    "MAX_PIECES",
    "MAX_TEXT_CHARS",
    "MIN_FIT",
    "NARROW_MIN",
    "NEGATION_EN",
    "NEGATION_ZH",
    "NOT_DEVICE",
    "PILE_MIN",
    "PILE_SHARE",
    "PREFILTER",
    "PRIOR_ART",
    "RANGE_AFTER",
    "RANGE_BEFORE",
    "REPEAT_MIN",
    "REPEAT_WINDOW",
    "SNIPPET",
    "STACK_ELEMENTS",
    "STACK_MIN",
    "STACK_SUPPORT",
    "TRIVIAL_EN",
    "TRIVIAL_MAX_CHARS",
    "TRIVIAL_ZH",
    "ClaimsFeatures",
    "ClaimsModel",
    "ClaimsQualityDetector",
]

DEFAULT_THRESHOLD = 0.5  # one signal at its threshold is enough to report
MAX_CLAIMS = 150  # claims read; beyond, a claim set is judged on its first 150
MAX_CLAIM_CHARS = 3000  # characters read of each claim
# The first pass (regular expressions only) sends an application to the second (parse_claims)
# from this share of the threshold: its cruder elements and references must not lose cases.
PREFILTER = 0.5
MIN_FIT = 20  # independent claims of a language needed for its length distribution

_LABEL = re.compile(
    r"\s*(?:[\[【]\s*(?:claim|权利要求)\s*\d+\s*[\]】]|\d+\s*[.．、)])", re.IGNORECASE
)
_REFERENCE = re.compile(r"(?:claims?|权利要求|權利要求)\s*(\d+)")  # on folded text
_ADDED = re.compile(
    r"\b(?:wherein|characteri[sz]ed in that|further compris\w*|in which)\b|其特征在于|其中|还包括",
    re.IGNORECASE,
)


def _language(doc: PatentDocument) -> str:
    sample = (doc.claims[0] if doc.claims else doc.abstract)[:500]
    return detect_language(sample) if sample.strip() else doc.lang


def _claim_texts(doc: PatentDocument) -> list[str]:
    return [c[:MAX_CLAIM_CHARS] for c in doc.claims[:MAX_CLAIMS] if c.strip()]


def _quick(claims: list[str]) -> list[Claim]:
    """Claims read with regular expressions only: the first pass."""
    out = []
    for number, text in enumerate(claims, start=1):
        low = fold(text)
        label = _LABEL.match(text)
        found = _REFERENCE.search(low, label.end() if label else 0, 200)
        parent = int(found.group(1)) if found and int(found.group(1)) < number else None
        if parent is not None and found is not None:
            added = _ADDED.search(text, found.end())
            body = text[added.end() if added else found.end() :]
            out.append(Claim(number, text, parent, body.strip(" ,，:："), low))
        else:
            out.append(Claim(number, text, None, "", low))
    return out


def _parsed(claims: list[str], lang: str) -> list[Claim]:
    """The claims read by `parse_claims`: the second pass. None when a claim number is beyond
    any real claim set."""
    try:
        parsed = parse_claims(
            claims, "zh" if lang == "zh" else "en", strict=False, independent_elements=False
        )
    except InvalidInput:
        return []
    return _from_parsed(parsed)


def _from_parsed(parsed: list[ParsedClaim]) -> list[Claim]:
    return [
        claim(
            c.number,
            c.text,
            c.depends_on[0] if c.depends_on else None,
            "；".join(c.elements) if c.depends_on else "",
        )
        for c in parsed
    ]


# --- the detector ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimsFeatures:
    """The strengths of the signals that fired, and the evidence when the score reaches the
    threshold."""

    signals: dict[str, float]
    score: float
    evidence: dict[str, Any] | None


class ClaimsQualityDetector:
    """See the module docstring. `fit` (optional) gives the corpus length of independent claims
    for the `LONG_Z` test."""

    behaviour = "degraded_or_padded"
    name = "claims_quality"

    def __init__(
        self, threshold: float = DEFAULT_THRESHOLD, *, model: ClaimsModel | None = None
    ) -> None:
        self.threshold = threshold
        self.model = model

    def fit(self, documents: Iterable[PatentDocument]) -> ClaimsModel:
        lengths: dict[str, list[float]] = {}
        frequency: dict[str, int] = {}
        count: dict[str, int] = {}
        for doc in documents:
            claims = _claim_texts(doc)
            lang = _language(doc)
            count[lang] = count.get(lang, 0) + 1
            text = "\n".join(claims) + "\n" + doc.title + "\n" + doc.abstract[:MAX_TEXT_CHARS]
            for term in terms(text, lang):
                frequency[term] = frequency.get(term, 0) + 1
            for c in _quick(claims):
                if c.parent is None:
                    lengths.setdefault(lang, []).append(math.log(len(c.text) + 1))
        out: dict[str, tuple[float, float]] = {}
        for lang, values in sorted(lengths.items()):
            if len(values) >= MIN_FIT:
                ordered = sorted(values)
                median = ordered[len(ordered) // 2]
                mad = sorted(abs(v - median) for v in ordered)[len(ordered) // 2]
                out[lang] = (median, max(1.4826 * mad, 0.05))
        return ClaimsModel(out, dict(sorted(frequency.items())), dict(sorted(count.items())))

    def _model(self, context: ScreeningContext) -> ClaimsModel | None:
        found = context.models.get(self.name)
        return found if isinstance(found, ClaimsModel) else self.model

    def prepare(self, doc: PatentDocument, context: ScreeningContext) -> ClaimsFeatures:
        claims = _claim_texts(doc)
        lang = _language(doc)
        app = Application(doc, lang, self._model(context))
        quick = _quick(claims)
        enough = self.threshold * PREFILTER
        if score(s for s, _ in signals(quick, app, enough).values()) < enough:
            return ClaimsFeatures({}, 0.0, None)
        found = signals(_parsed(claims, lang) or quick, app)  # no parse: keep the first pass
        total = score(s for s, _ in found.values())
        strengths = {name: round(s, 4) for name, (s, _) in sorted(found.items())}
        if total < self.threshold:
            return ClaimsFeatures(strengths, total, None)
        evidence: dict[str, Any] = {
            "signals": sorted(found),
            "strengths": strengths,
            "claims_read": len(claims),
            "language": lang,
        }
        evidence.update({name: details for name, (_, details) in sorted(found.items())})
        return ClaimsFeatures(strengths, total, evidence)

    def detect(self, prepared: Sequence[tuple[str, Any]], context: ScreeningContext) -> Findings:
        findings: Findings = {}
        for app_id, features in prepared:
            if features.evidence is not None and features.score >= self.threshold:
                findings[app_id] = [Finding(self.behaviour, features.score, features.evidence)]
        return dict(sorted(findings.items()))
