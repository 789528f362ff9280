"""Statistics of a text's structure for the machine-generated detector, from the arrays of
`generated_text.read_text`: lexical cohesion (content terms shared between sentences, title
terms found in the body) and templates (sentences sharing one frame of function words and
recurring terms, slots filled with others).
"""

from __future__ import annotations

import numpy as np

from ipoffice.core.arrays import distinct
from ipoffice.screening.generated_text import (
    COHESION_MIN_TERMS,
    COHESION_SENTENCES,
    MIX,
    TextArrays,
)

TEMPLATE_MIN_REPEATS = 3  # sentences sharing one frame before it is a template
TEMPLATE_MIN_TOKENS = 5  # a frame needs this many tokens and slots:
TEMPLATE_MIN_SLOTS = 2  # "the _ is _" alone is ordinary prose
SLOT = -1  # frame token of a run of content units
_FRAME_STEP = np.uint64(0x51ED27)


def cohesion(t: TextArrays) -> tuple[float | None, float | None]:
    """The share of the body's (term, sentence) pairs whose term is in another sentence too,
    and the share of the title's terms found in the body; None where there is too little."""
    if not len(t.terms):
        return None, None
    pairs = t.terms << 20
    pairs |= t.term_sentence
    pairs = distinct(pairs)
    term, sentence = pairs >> 20, pairs & 0xFFFFF
    # Sorted by term: a term recurs when a neighbouring pair has it too.
    same = term[1:] == term[:-1]
    recurs = np.empty(len(pairs), dtype=bool)
    recurs[:1] = False
    recurs[1:] = same
    recurs[:-1] |= same
    in_body = len(pairs)
    body = None
    if t.has_title:
        body = sentence >= 1
        in_body = int(np.count_nonzero(body))
    cohesion = title = None
    if in_body >= COHESION_MIN_TERMS:
        body_sentences = sentence if body is None else sentence[body]
        if np.count_nonzero(np.bincount(body_sentences)) >= COHESION_SENTENCES:
            recurring = recurs if body is None else recurs & body
            cohesion = float(np.count_nonzero(recurring)) / in_body
    in_title = len(pairs) - in_body
    if body is not None and in_title >= 2 and in_body:
        title = float(np.count_nonzero(recurs > body)) / in_title
    return cohesion, title


# --- templates ------------------------------------------------------------------------------


def _recurring(units: np.ndarray, sentence: np.ndarray) -> np.ndarray:
    """Whether each unit occurs in `TEMPLATE_MIN_REPEATS` or more sentences: such content words
    belong to a template's frame ("fixed", "drive"; 装置, 终端), the others fill its slots."""
    pairs = units << 20
    pairs |= sentence
    ids = distinct(pairs)
    ids >>= 20  # sorted: one per (unit, sentence)
    gap = TEMPLATE_MIN_REPEATS - 1
    frequent = ids[gap:][ids[gap:] == ids[:-gap]]
    if not len(frequent):
        return np.zeros(len(units), dtype=bool)
    found: np.ndarray = frequent.take(frequent.searchsorted(units), mode="clip") == units
    return found


def _sentence_frames(
    units: np.ndarray, kept: np.ndarray, first: np.ndarray, differ: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per frame (rows of `kept`) and sentence (its units start at `first`; `differ`: a unit's
    sentence is not the one before), the frame's hash, tokens and slots. A frame keeps the
    `kept` units and makes each run of others one slot (token SLOT). Its hash is the sum over
    its tokens of (token + position * _FRAME_STEP) * MIX modulo 2**64, so with the positions
    of T tokens summing to T (T - 1) / 2 it is (sum of tokens + _FRAME_STEP T (T - 1) / 2) MIX."""
    opens = ~kept  # a unit not kept opens a slot after a kept one or a sentence break
    opens[:, 1:] &= kept[:, :-1] | differ
    slots = np.add.reduceat(opens.astype(np.int64), first, axis=1)
    tokens = np.add.reduceat(kept.astype(np.int64), first, axis=1)
    tokens += slots
    sums = np.add.reduceat((units * kept).view(np.uint64), first, axis=1)
    sums -= slots.view(np.uint64)  # SLOT is 2**64 - 1
    count = tokens.view(np.uint64)
    sums += _FRAME_STEP * ((count * (count - np.uint64(1))) >> np.uint64(1))
    sums *= MIX
    return sums, tokens, slots


def _groups(frames: np.ndarray, numbers: np.ndarray) -> list[list[int]]:
    """The groups of `TEMPLATE_MIN_REPEATS` or more sentences sharing one frame, in the order
    of the frames."""
    shared = np.sort(frames)
    gap = TEMPLATE_MIN_REPEATS - 1
    if not np.count_nonzero(shared[gap:] == shared[:-gap]):
        return []
    by_frame: dict[int, list[int]] = {}
    for frame, number in zip(frames.tolist(), numbers.tolist(), strict=True):
        by_frame.setdefault(frame, []).append(number)
    return [found for _, found in sorted(by_frame.items()) if len(found) >= TEMPLATE_MIN_REPEATS]


def templates(t: TextArrays) -> tuple[float, list[list[int]]]:
    """The share of body sentences (not title, not claims) in a template under either frame
    (function units kept; function units and units recurring in 3+ sentences kept), and the
    groups of 3+ sentences with one frame (sentence numbers), largest first."""
    units, sentence, plain = t.units, t.unit_sentence, t.unit_function
    least = TEMPLATE_MIN_REPEATS * TEMPLATE_MIN_TOKENS  # tokens under a frame
    if len(units) < least:
        return 0.0, []
    differ = sentence[1:] != sentence[:-1]
    starting = np.empty(len(units), dtype=bool)
    starting[0] = True
    starting[1:] = differ
    first = starting.nonzero()[0]
    numbers = sentence[first]
    where = t.starts[numbers]
    low, high = t.claims
    body = (where < low) | (where >= high)
    if t.has_title:
        body &= numbers >= 1
    kept = np.empty((2, len(units)), dtype=bool)
    kept[0] = plain
    np.logical_or(plain, _recurring(units, sentence), out=kept[1])
    frames, tokens, slots = _sentence_frames(units, kept, first, differ)
    body = body & (tokens >= 3)
    eligible = body & (tokens >= TEMPLATE_MIN_TOKENS) & (slots >= TEMPLATE_MIN_SLOTS)
    groups: list[list[int]] = []
    in_body = 0
    for row in range(2):  # in_body: of the last frame
        if int(tokens[row].sum()) < least:
            in_body = 0
            continue
        in_body = int(np.count_nonzero(body[row]))
        if np.count_nonzero(eligible[row]) >= TEMPLATE_MIN_REPEATS:
            found = _groups(frames[row][eligible[row]], numbers[eligible[row]])
            groups += [g for g in found if g not in groups]
    if not groups or not in_body:
        return 0.0, []
    groups.sort(key=lambda g: (-len(g), g[0]))
    members = set().union(*groups)
    return len(members) / in_body, groups
