"""The six signals of the claims-quality detector (see `claims_quality` for what each means).

Each signal reads the claims of one application (`Claim`, from either pass of the detector) and
returns its strength in [0, 1] (0.5 at its threshold) with its evidence, or (0.0, {}).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Any

from ipoffice.screening.claims_lexicons import (
    BRAND,
    BRAND_NEEDS,
    COMMON_SENSE,
    COMMON_SENSE_NEEDS,
    COMPOSITION,
    DEGRADED,
    DEGRADED_EN_PARTS,
    DIMENSION,
    NEGATION,
    NOT_DEVICE,
    OPENING,
    PRIOR_ART,
    RANGE_AFTER,
    RANGE_BEFORE,
    SENTENCE_END,
    SLOT,
    TRIVIAL,
    folded,
    mentions,
)
from ipoffice.screening.claims_reading import (
    MAX_TEXT_CHARS,
    Application,
    Claim,
    ClaimsModel,
    terms,
)

PILE_MIN = 4  # trivial dependent claims: real sets have one or two ("is made of plastic")
PILE_SHARE = 0.3  # ... and this share of the dependent claims
REPEAT_MIN = 3  # near-identical dependent claims of one tree: two can be a genuine pair
REPEAT_WINDOW = 6  # each dependent claim is compared with the next 6 (alternatives are listed
# one after another); a linear cost
STACK_MIN = 2  # unsupported elements in one independent claim (one can be a new component)
# An element is unsupported when less than this share of its terms occurs anywhere else in the
# application: generic words ("layer", "signal", "数据") are shared even by unrelated fields.
STACK_SUPPORT = 0.25
MAX_PIECES = 40  # pieces of one claim compared pairwise
STACK_ELEMENTS = 6  # ... of at least this many elements (short claims vary too much)
NARROW_MIN = 6  # exact dimensions in one device claim: a simple device needs two or three
LONG_Z = 4.0  # independent claim length (log characters) z-score that counts as extreme
LONG_NARROW_MIN = 3  # exact dimensions that, with an extremely long claim, count as narrowing
TRIVIAL_MAX_CHARS = 160  # a dependent claim's added text longer than this adds more than a
# trivial feature
EXAMPLES = 5
SNIPPET = 240

# Alternatives that each start with a fixed character let the engine skip to those characters.
_PIECES = {"zh": re.compile(r"[;；\n，,]"), "en": re.compile(r";|\n|,\s*and\s+")}
_PREAMBLE_END = re.compile(r"compris|consist|includ|包括|其特征在于|,|，|:|：")
# Matched on a claim's folded text (see `fold`).
_COMPOSITION = folded(COMPOSITION)
_DIMENSION = folded(DIMENSION)
_NOT_DEVICE = folded(NOT_DEVICE)
_OPENING = folded(OPENING)

Signal = tuple[float, dict[str, Any]]


def _roots(claims: list[Claim]) -> dict[int, int]:
    parent = {c.number: c.parent for c in claims}
    roots: dict[int, int] = {}
    for c in claims:
        node, seen = c.number, 0
        while parent.get(node) is not None and seen < len(claims):
            node = parent[node] or node
            seen += 1
        roots[c.number] = node
    return roots


def _snippet(claim: Claim) -> dict[str, Any]:
    return {"claim": claim.number, "text": claim.text[:SNIPPET]}


def score(strengths: Iterable[float]) -> float:
    """The signals combined: 1 - prod(1 - s)."""
    remaining = 1.0
    for s in strengths:
        remaining *= 1.0 - s
    return 1.0 - remaining


def signals(
    claims: list[Claim], app: Application, enough: float | None = None
) -> dict[str, Signal]:
    """The signals that fired, by name. With `enough`, only until their score reaches it: the
    first pass needs no more to send an application on. Stacked is tried first there, as the
    signal the first pass finds most. (Each signal only lowers 1 - score, so the score of all
    would reach `enough` too.)"""
    lang, doc = app.lang, app.doc
    prose = "\n".join([c.text for c in claims]) + "\n" + doc.abstract[:MAX_TEXT_CHARS]
    tests: dict[str, Callable[[], Signal]] = {
        "piled_up": lambda: piled(claims, lang),
        "repeated": lambda: repeated(claims, lang),
        "stacked": lambda: stacked(claims, app),
        "narrowed": lambda: narrowed(claims, lang, app.model),
        "degraded": lambda: degraded(prose, lang),
        "common_sense": lambda: common_sense(prose + "\n" + doc.description[:MAX_TEXT_CHARS]),
    }
    found: dict[str, Signal] = {}
    for name in ("stacked", *(n for n in tests if n != "stacked")):
        value = tests[name]()
        if value[0] > 0:
            found[name] = value
            strengths = (found[n][0] for n in tests if n in found)
            if enough is not None and score(strengths) >= enough:
                break
    return {name: found[name] for name in tests if name in found}  # in the order of `tests`


# --- piled up and repeated ---------------------------------------------------------------------


def piled(claims: list[Claim], lang: str) -> Signal:
    dependents = [c for c in claims if c.parent is not None]
    trivial = []
    for c in dependents:
        if len(c.added) > TRIVIAL_MAX_CHARS:
            continue
        kinds = [kind for kind, rx in TRIVIAL[lang].items() if rx.search(c.added)]
        if kinds:
            trivial.append((c, kinds))
    count = len(trivial)
    if count < PILE_MIN or count < PILE_SHARE * len(dependents):
        return 0.0, {}
    details = {
        "trivial_dependent_claims": count,
        "dependent_claims": len(dependents),
        "claims": [_snippet(c) | {"features": kinds} for c, kinds in trivial[:EXAMPLES]],
    }
    return min(1.0, 0.5 * count / PILE_MIN), details


def _near(a: str, b: str, lang: str) -> bool:
    if a == b:
        return True
    x, y = (list(a), list(b)) if lang == "zh" else (a.lower().split(), b.lower().split())
    prefix = _common(x, y)
    suffix = _common(x[prefix:][::-1], y[prefix:][::-1])
    slot = max(len(x), len(y)) - prefix - suffix
    return slot <= SLOT[lang] and prefix + suffix >= 0.6 * max(len(x), len(y))


def _common(a: list[str], b: list[str]) -> int:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return size


def repeated(claims: list[Claim], lang: str) -> Signal:
    roots = _roots(claims)
    dependents = [c for c in claims if c.parent is not None and c.added]
    group = {c.number: c.number for c in dependents}

    def find(n: int) -> int:
        while group[n] != n:
            group[n] = group[group[n]]
            n = group[n]
        return n

    for i, c in enumerate(dependents):
        for d in dependents[i + 1 : i + 1 + REPEAT_WINDOW]:
            if roots[c.number] == roots[d.number] and _near(c.added, d.added, lang):
                group[find(d.number)] = find(c.number)
    members: dict[int, list[Claim]] = {}
    for c in dependents:
        members.setdefault(find(c.number), []).append(c)
    largest = max(members.values(), key=len, default=[])
    if len(largest) < REPEAT_MIN:
        return 0.0, {}
    details = {
        "near_identical_claims": len(largest),
        "claims": [_snippet(c) for c in largest[:EXAMPLES]],
    }
    return min(1.0, 0.5 * len(largest) / REPEAT_MIN), details


# --- stacked -----------------------------------------------------------------------------------


def _most_pieces(body: str, lang: str) -> int:
    """At most how many `_pieces` `body` has: one more than its separator characters (counted
    much faster than the body is cut)."""
    return 1 + sum(map(body.count, ";；\n，," if lang == "zh" else ";\n,"))


def _pieces(body: str, lang: str) -> list[str]:
    return [p for p in map(str.strip, _PIECES["zh" if lang == "zh" else "en"].split(body)) if p]


def _unsupported(pieces: list[str], support: set[str], app: Application) -> list[str]:
    """The pieces outside the claim's main body: pieces are linked when the lighter shares at
    least `STACK_SUPPORT` of its term weight (IDF when fitted) with the other, and to the rest
    of the application likewise; the pieces of groups linked neither to the rest of the
    application nor to the largest group are unsupported - a second subject stacked on."""
    found = [terms(p, app.lang) for p in pieces[:MAX_PIECES]]
    size = len(found)
    group = list(range(size + 1))  # the last node is the rest of the application

    def find(n: int) -> int:
        while group[n] != n:
            group[n] = group[group[n]]
            n = group[n]
        return n

    weight = app.weigher(set().union(*found))
    weights = [weight(t) for t in found]
    small = [len(t) < 3 for t in found]  # too short to judge: part of the main body
    # A link inside one group changes nothing: it is not weighed.
    for i in range(size):
        root = find(i)
        if root != find(size) and (
            small[i] or weight(found[i] & support) >= STACK_SUPPORT * weights[i]
        ):
            group[root] = root = find(size)
        if small[i]:
            continue  # linked to no other piece
        for j in range(i + 1, size):
            if small[j] or found[i].isdisjoint(found[j]) or find(j) == root:
                continue  # nothing shared, or already one group: not linked
            shared = weight(found[i] & found[j])
            if shared > 0 and shared >= STACK_SUPPORT * min(weights[i], weights[j]):
                group[find(j)] = root
    members: dict[int, list[int]] = {}
    for i in range(size):
        members.setdefault(find(i), []).append(i)
    main = {find(size), max(members, key=lambda g: (len(members[g]), -g), default=-1)}
    return [pieces[i][:SNIPPET] for i in range(size) if find(i) not in main]


def _unsupported_once(pieces: list[str], support: set[str], app: Application) -> list[str]:
    """`_unsupported`, once for pieces and support met again in the application."""
    known = app.weighed.get(tuple(pieces))
    if known is None or known[0] != support:
        known = (support, _unsupported(pieces, support, app))
        app.weighed[tuple(pieces)] = known
    return list(known[1])


def stacked(claims: list[Claim], app: Application) -> Signal:
    """Independent claims whose elements (cut at semicolons; Chinese also at commas) share too
    little with everything else the application says."""
    lang = app.lang
    worst: tuple[int, Claim | None, list[str], int] = (0, None, [], 0)
    candidates = []
    for c in claims:
        if c.parent is not None or _COMPOSITION.search(c.folded[:150]):
            continue
        opening = _OPENING.search(c.folded)
        head, body = (c.text[: opening.start()], c.text[opening.end() :]) if opening else ("", "")
        if _most_pieces(body, lang) < STACK_ELEMENTS:
            continue
        pieces = _pieces(body, lang)
        if len(pieces) >= STACK_ELEMENTS:
            candidates.append((c, head, pieces))
    if not candidates:
        return 0.0, {}
    claim_terms: dict[int, set[str]] = {}  # found when needed: a lone candidate needs not its own

    def terms_of(claim: Claim) -> set[str]:
        if claim.number not in claim_terms:
            claim_terms[claim.number] = terms(claim.text, lang)
        return claim_terms[claim.number]

    for c, head, pieces in candidates:
        support = app.context_terms | terms(head, lang)
        support = support.union(*(terms_of(d) for d in claims if d.number != c.number))
        unsupported = _unsupported_once(pieces, support, app)
        if len(unsupported) > worst[0]:
            worst = (len(unsupported), c, unsupported, len(pieces))
    count, claim, unsupported, size = worst
    if count < STACK_MIN or claim is None:
        return 0.0, {}
    details = {"claim": claim.number, "elements": size, "unsupported_elements": unsupported}
    return min(1.0, 0.5 * count / STACK_MIN), details


# --- narrowed ----------------------------------------------------------------------------------


def _exact_values(claim: Claim) -> list[str]:
    text = claim.text
    values = []
    for m in _DIMENSION.finditer(claim.folded):
        before, after = text[max(0, m.start() - 20) : m.start()], text[m.end() : m.end() + 12]
        if not RANGE_BEFORE.search(before) and not RANGE_AFTER.search(after):
            values.append(text[m.start() : m.end()])
    return values


def _brands(text: str) -> list[str]:
    if not mentions(text, BRAND_NEEDS):
        return []
    return [m.group(0) for m in BRAND.finditer(text)]


def narrowed(claims: list[Claim], lang: str, model: ClaimsModel | None) -> Signal:
    best: Signal = (0.0, {})
    for c in claims:
        if c.parent is not None:
            continue
        end = _PREAMBLE_END.search(c.text)
        preamble = c.folded[: min(end.start() if end else len(c.text), 150)]
        if _NOT_DEVICE.search(preamble):
            continue
        values = _exact_values(c)
        brands = _brands(c.text)
        weight = len(values) + 2 * len(brands)
        z = None
        if model is not None and lang in model.length:
            median, scale = model.length[lang]
            z = (math.log(len(c.text) + 1) - median) / scale
        strength = 0.0
        if weight >= NARROW_MIN:
            strength = min(1.0, 0.5 * weight / NARROW_MIN)
        elif z is not None and z >= LONG_Z and weight >= LONG_NARROW_MIN:
            strength = 0.5
        if strength > best[0]:
            details: dict[str, Any] = {
                "claim": c.number,
                "exact_dimensions": values[:20],
                "brand_or_model": brands[:EXAMPLES],
                "claim_chars": len(c.text),
            }
            if z is not None:
                details["length_z"] = round(z, 2)
            best = (strength, details)
    return best


# --- degraded and against common sense ---------------------------------------------------------


def _lowered(text: str) -> str:
    """`text` lower-cased, or as it is when lower-casing would shift the offsets."""
    low = text.lower()
    return low if len(low) == len(text) else text


def degraded(text: str, lang: str) -> Signal:
    low = _lowered(text)
    if lang == "en" and not any(w in low and p.search(low) for w, p in DEGRADED_EN_PARTS):
        return 0.0, {}  # (the Chinese pattern is fast enough alone)
    passages = []
    for m in DEGRADED[lang].finditer(low):
        before = SENTENCE_END.split(text[max(0, m.start() - 100) : m.start()])[-1]
        if NEGATION[lang].search(before) or PRIOR_ART.search(before):
            continue
        start = max(0, m.start() - 80)
        passages.append(text[start : m.end() + 80].strip())
    if not passages:
        return 0.0, {}
    strength = min(1.0, 0.5 + 0.25 * (len(passages) - 1))
    return strength, {"statements": len(passages), "passages": passages[:EXAMPLES]}


def common_sense(text: str) -> Signal:
    low = _lowered(text)
    if not mentions(low, COMMON_SENSE_NEEDS):
        return 0.0, {}
    found = list(COMMON_SENSE.finditer(low))
    if not found:
        return 0.0, {}
    passages = [text[max(0, m.start() - 80) : m.end() + 80].strip() for m in found]
    return 0.75, {"statements": len(found), "passages": passages[:EXAMPLES]}
