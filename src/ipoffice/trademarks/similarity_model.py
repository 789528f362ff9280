"""How the aspects of two word marks combine into one judgement (data).

Examination practice (商标审查审理指南, 2021, 文字商标近似的判定) finds word marks similar when
they are alike in characters (字形), sound (读音) *or* meaning (含义), or in the overall
impression (整体外观): one aspect that is alike enough suffices. So the combination is not an
average but a maximum over aspects, each with its own threshold:

    evidence_i = 0.5 * s_i / t_i                          if s_i <  t_i
               = 0.5 + 0.5 * (s_i - t_i) / (1 - t_i)      if s_i >= t_i
    score      = max_i evidence_i          similar  <=>  score >= 0.5

so an aspect at its threshold gives 0.5 and the score stays in [0, 1]. An aspect without a
threshold is shown but never decides alone. `overall` (整体印象) is the mean of the two
strongest mark aspects: two aspects half-alike together can make marks similar.

How the thresholds were chosen: `benchmarks/trademark_quality.py` fits them on its training
half only (seed 30: documented imitation pairs, transformations of real company short names and
of real organisation words, against random and hard negative pairs), by coordinate ascent on F1
over a grid of 0.50 to 1.00 in steps of 0.01 (each aspect may also be "never alone"), taking the
middle of the best plateau; the figures on the test half are in `docs/performance.md`
("Trademark similarity quality"). The script prints the fitted thresholds on every run: copy
them here when the measures or the benchmark change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# The aspects compared from the marks' text; `overall` is computed from them.
MARK_ASPECTS: tuple[str, ...] = ("text", "containment", "pinyin", "glyph", "sound", "meaning")
SIMILAR_AT = 0.5


@dataclass(frozen=True)
class SimilarityModel:
    """Per-aspect thresholds (absent: never decisive alone), with where they came from."""

    thresholds: Mapping[str, float]
    fitted_on: str
    overall_of: tuple[str, ...] = MARK_ASPECTS
    notes: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, value in self.thresholds.items():
            if name not in (*MARK_ASPECTS, "overall") or not 0.0 < value <= 1.0:
                raise ValueError(f"threshold {name}={value}: unknown aspect or outside (0, 1]")

    def evidence(self, name: str, score: float) -> float:
        """How strongly one aspect's score speaks for similarity, 0.5 at its threshold."""
        threshold = self.thresholds.get(name)
        if threshold is None:
            return 0.0
        if score < threshold:
            return SIMILAR_AT * score / threshold
        if threshold >= 1.0:
            return 1.0
        return SIMILAR_AT + (1.0 - SIMILAR_AT) * (score - threshold) / (1.0 - threshold)


DEFAULT_MODEL = SimilarityModel(
    thresholds=MappingProxyType(
        {
            "text": 0.73,
            "containment": 0.73,
            "pinyin": 0.92,
            "glyph": 0.68,
            "sound": 0.78,
            "meaning": 0.84,
            "overall": 0.89,
        }
    ),
    fitted_on="benchmarks/trademark_quality.py training half, seed 30, 1,000 pairs per type",
)
