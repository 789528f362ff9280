"""One aspect of a comparison of two marks (text, pinyin, glyph, sound, meaning, image, goods).

Every similarity measure of the trademark domain returns `Aspect`s, so a combined judgement can
show the examiner, aspect by aspect, why two marks were found similar or not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Aspect:
    """`score` in [0, 1]; `evidence` holds the figures behind it (JSON-serialisable)."""

    name: str
    score: float
    explanation_zh: str
    explanation_en: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"aspect {self.name}: score {self.score} is outside [0, 1]")

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "explanation_zh": self.explanation_zh,
            "explanation_en": self.explanation_en,
            "evidence": self.evidence,
        }
