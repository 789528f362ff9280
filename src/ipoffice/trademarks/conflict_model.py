"""The shapes of a conflict search: the query, a conflict found, the grounds, and the aspects
built from what the index holds (goods, image hash). See `conflicts` for the search itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ipoffice.trademarks.aspects import Aspect
from ipoffice.trademarks.conflict_index import (
    STATUS_CODE,
    ConflictIndex,
    PreparedText,
    classes_of,
)
from ipoffice.trademarks.goods_table import SCORES as GOODS_SCORES
from ipoffice.trademarks.images import HASH_ZERO_AT, ImageFeatures
from ipoffice.trademarks.mark_text import MarkText
from ipoffice.trademarks.similarity import Comparison, compare_texts
from ipoffice.trademarks.similarity_model import SIMILAR_AT

DEFAULT_TOP = 20
MAX_TOP = 200
MAX_GOODS = 300
# pHash distance for image candidates: 10 of 64 bits (hash score 0.55) finds rescaled and
# recoloured copies; rotated or cropped logos need keypoints and are not found by the index.
IMAGE_MAX_DISTANCE = 10
# An image aspect at this score makes the marks similar (images.py: "highly similar").
IMAGE_SIMILAR_AT = 0.75
# Candidates kept per index after the key score, before the cheap fuzzy score.
CANDIDATE_POOL = 300
# Re-ranked marks below this final score are not reported: nothing in them is alike.
MIN_SCORE = 0.2
# Marks that can block a later filing. Refused, withdrawn, invalidated, revoked and expired
# marks are left out (Art. 50's one-year bar after revocation or expiry needs the date the
# registration ended, which the register does not hold).
LIVE_STATUSES = ("filed", "preliminarily_approved", "registered")
_LIVE = np.array([STATUS_CODE[s] for s in LIVE_STATUSES], dtype=np.uint8)
_REGISTERED = STATUS_CODE["registered"]
# Strength of the strongest whole-mark key a candidate shares (a cheap-score floor).
_FAMILY_STRENGTH = {"distinctive": 0.9, "pinyin_folded": 0.85, "concept": 0.8}

GROUNDS: dict[str, tuple[str, str]] = {
    "art30": (
        "商标法第三十条：与他人在同一种或者类似商品上已经注册的或者初步审定的商标相同或者近似",
        "Trademark Law Art. 30: identical or similar to another's mark registered or "
        "preliminarily approved for identical or similar goods",
    ),
    "art31": (
        "商标法第三十一条：他人在先申请（申请日或优先权日在先）的相同或者近似商标",
        "Trademark Law Art. 31: another's identical or similar mark applied for earlier "
        "(filing or priority date)",
    ),
    "art31_same_day": (
        "商标法第三十一条：同一天申请，初步审定使用在先的商标；需双方提交使用证据，不自动判定",
        "Trademark Law Art. 31: filed on the same day; the mark used first is approved. Flagged "
        "for evidence of use, not decided",
    ),
    "art13": (
        "商标法第十三条第三款：复制、摹仿或者翻译他人已经在中国注册的驰名商标（不相同或者"
        "不相类似商品）",
        "Trademark Law Art. 13(3): copies, imitates or translates another's well-known mark "
        "registered in China (dissimilar goods)",
    ),
}

# Goods relation of a candidate to the query, by code.
NOT_GIVEN, SAME_GROUP, CLASS_ONLY, SAME_CLASS, OTHER_CLASS = range(5)
_RELATION_NAMES = ("not_given", "same_group", "class_only", "same_class", "different_class")


@dataclass(frozen=True)
class ConflictQuery:
    """A checked query: the mark's analysis, its goods, its date and what to leave out."""

    text: str
    mark: MarkText | None
    prepared: PreparedText | None
    classes: frozenset[int] = frozenset()
    groups: frozenset[str] = frozenset()
    coarse_classes: frozenset[int] = frozenset()  # classes with goods not placed in a group
    table_edition: str | None = None
    on: date | None = None
    top: int = DEFAULT_TOP
    phash: str | None = None
    image: ImageFeatures | None = None
    exclude_ids: frozenset[int] = frozenset()
    applicant_id: int | None = None

    @property
    def goods_given(self) -> bool:
        return bool(self.classes)


@dataclass(frozen=True)
class Conflict:
    """One earlier mark found: its score, judgement, ground and every aspect behind it."""

    mark_id: int
    number: str
    text: str
    score: float
    similar: bool
    ground: str
    comparison: Comparison | None
    aspects: dict[str, Aspect]
    classes: list[int]
    groups: list[str]
    filing_date: date
    priority_date: date | None
    status: str
    well_known: bool
    same_day: bool
    decisive: tuple[str, ...] = ()
    explanation_zh: str = ""
    explanation_en: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "text": self.text,
            "score": round(self.score, 4),
            "similar": self.similar,
            "ground": self.ground,
            "ground_zh": GROUNDS[self.ground][0],
            "ground_en": GROUNDS[self.ground][1],
            "explanation_zh": self.explanation_zh,
            "explanation_en": self.explanation_en,
            "aspects": {name: a.as_dict() for name, a in self.aspects.items()},
            "decisive": list(self.decisive),
            "classes": self.classes,
            "groups": self.groups,
            "filing_date": self.filing_date.isoformat(),
            "priority_date": self.priority_date.isoformat() if self.priority_date else None,
            "status": self.status,
            "well_known": self.well_known,
            "same_day": self.same_day,
        }


@dataclass
class Pool:
    """Candidates of one index, as parallel arrays."""

    index: ConflictIndex
    rows: NDArray[np.int64]
    key: NDArray[np.float64]
    distance: NDArray[np.int64]  # pHash distance, -1 without an image match
    strong: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    relation: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    cheap: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))

    def take(self, keep: NDArray[np.bool_] | NDArray[np.int64]) -> None:
        self.rows, self.key, self.distance = self.rows[keep], self.key[keep], self.distance[keep]
        self.strong = self.strong[keep]
        if len(self.relation):
            self.relation = self.relation[keep]
        if len(self.cheap):
            self.cheap = self.cheap[keep]


ImageLookup = Callable[[Sequence[int]], dict[int, ImageFeatures]]


def relation_name(code: int) -> str:
    return _RELATION_NAMES[code]


def goods_aspect(ix: ConflictIndex, row: int, relation: int, query: ConflictQuery) -> Aspect:
    """The goods aspect of a candidate, from what the index holds of its goods."""
    name = _RELATION_NAMES[relation]
    classes = sorted(set(classes_of(int(ix.classes[row]))) & query.classes)
    groups = sorted(set(ix.group_codes(row)) & query.groups)
    joined = "、".join(map(str, classes))
    texts = {
        "not_given": ("查询未指定商品/服务，所有类别都列出", "no goods given: every class listed"),
        "same_group": (
            f"同属类似群 {'、'.join(groups)}：按《类似商品和服务区分表》构成类似商品",
            f"same similar group {', '.join(groups)}: similar goods by the table",
        ),
        "class_only": (
            f"同属第 {joined} 类，但有一方的商品未归入类似群，只能按类别判断",
            f"same class {', '.join(map(str, classes))}, but one side's goods are not placed "
            "in a similar group: compared by class only",
        ),
        "same_class": (
            f"同属第 {joined} 类但不在同一类似群",
            f"same class {', '.join(map(str, classes))} but different similar groups",
        ),
        "different_class": ("指定商品/服务属于不同类别", "the goods are in different classes"),
    }
    zh, en = texts[name]
    if query.table_edition is None and query.goods_given:
        zh += "（未加载类似商品和服务区分表：查询的商品按类别比较）"
        en += " (no similar-goods table loaded: the query's goods were compared by class)"
    score = 0.0 if name == "not_given" else GOODS_SCORES[name]
    evidence = {"relation": name, "classes": classes, "groups": groups,
                "table_edition": query.table_edition}  # fmt: skip
    return Aspect("goods", score, zh, en, evidence)


def image_aspect_from_hash(distance: int) -> Aspect:
    """The image aspect from the pHash distance alone (no stored keypoints at hand)."""
    score = max(0.0, 1.0 - distance / HASH_ZERO_AT)
    return Aspect(
        "image",
        score,
        f"图形感知哈希距离 {distance}/64（仅按哈希比较）",
        f"image perceptual-hash distance {distance}/64 (compared by hash only)",
        {"hash_distances": {"phash": distance}, "decided_by": "hashes"},
    )


def image_evidence(score: float) -> float:
    """An image aspect's score on the scale of `Comparison.score` (0.5 at IMAGE_SIMILAR_AT)."""
    if score < IMAGE_SIMILAR_AT:
        return SIMILAR_AT * score / IMAGE_SIMILAR_AT
    return SIMILAR_AT + (1 - SIMILAR_AT) * (score - IMAGE_SIMILAR_AT) / (1 - IMAGE_SIMILAR_AT)


def compare_candidate(query: ConflictQuery, other: MarkText | None) -> Comparison | None:
    """`compare_texts` of the query and a candidate (None when either has no words)."""
    if query.mark is None or other is None:
        return None
    return compare_texts(query.mark, other)
