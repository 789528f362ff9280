"""Align two short sequences (syllables, characters) by a weighted edit distance.

A substitution costs `1 - similarity(a, b)`, an insertion or deletion 1, so the score
`1 - distance / max(len)` is 1 for identical sequences, loses a whole unit for a missing element
and only part of one for a near one (`shi`/`shuai`, `师`/`帅`). The aligned pairs are returned as
evidence of which element was compared with which.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

GAP_COST = 1.0


@dataclass(frozen=True, slots=True)
class Alignment:
    score: float  # 1 - distance / longer length, in [0, 1]
    pairs: tuple[tuple[int | None, int | None, float], ...]  # (index in a, index in b, similarity)


def align(a: Sequence[T], b: Sequence[T], similarity: Callable[[T, T], float]) -> Alignment:
    """The cheapest alignment of `a` and `b` (see the module docstring)."""
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        gaps = [(i, None, 0.0) for i in range(n)] + [(None, j, 0.0) for j in range(m)]
        return Alignment(0.0 if n or m else 1.0, tuple(gaps))
    if n == m and all(x == y for x, y in zip(a, b, strict=True)):
        return Alignment(1.0, tuple((i, i, 1.0) for i in range(n)))
    sims = [[similarity(x, y) for y in b] for x in a]
    # cost[i][j]: cheapest alignment of a[:i] and b[:j]
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        cost[i][0] = i * GAP_COST
    for j in range(1, m + 1):
        cost[0][j] = j * GAP_COST
    for i in range(1, n + 1):
        row, above, sim_row = cost[i], cost[i - 1], sims[i - 1]
        for j in range(1, m + 1):
            row[j] = min(
                above[j - 1] + 1.0 - sim_row[j - 1],
                above[j] + GAP_COST,
                row[j - 1] + GAP_COST,
            )
    pairs: list[tuple[int | None, int | None, float]] = []
    i, j = n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and cost[i][j] == cost[i - 1][j - 1] + 1.0 - sims[i - 1][j - 1]:
            pairs.append((i - 1, j - 1, sims[i - 1][j - 1]))
            i, j = i - 1, j - 1
        elif i > 0 and cost[i][j] == cost[i - 1][j] + GAP_COST:
            pairs.append((i - 1, None, 0.0))
            i -= 1
        else:
            pairs.append((None, j - 1, 0.0))
            j -= 1
    pairs.reverse()
    score = max(0.0, 1.0 - cost[n][m] / max(n, m))
    return Alignment(score, tuple(pairs))
