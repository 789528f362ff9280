"""Compare two word marks as a Chinese examiner would (Trademark Law Art. 30).

    from ipoffice.trademarks.similarity import analyse_mark, compare_texts, compare_marks
    compare_marks("康师傅", "康帅傅").similar  # True: pinyin and glyph

Aspects (each an `Aspect` with a Chinese and English explanation and its evidence):

- `text`: edit measures on the normalised text (`text_similarity`);
- `containment`: one mark inside the other, the rest generic (`containment`);
- `pinyin`: sound of the Chinese parts (`pinyin_keys`), when both have Han characters;
- `glyph`: shape of the Chinese characters (`glyphs`), when both have Han characters;
- `sound`: English phonetics of Latin words, and pinyin against Latin (`phonetics`), when
  Latin words are involved;
- `meaning`: translations and synonyms (`equivalents`), when a link is found;
- `overall`: the overall impression, the mean of the two strongest aspects above.

They combine by `similarity_model.DEFAULT_MODEL` (a maximum over thresholded aspects, as
practice reads "alike in form, sound or meaning"); the explanation names the decisive aspects.
A score is an aid to the examiner, never a decision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ipoffice.core.errors import InvalidInput
from ipoffice.trademarks.aspects import Aspect
from ipoffice.trademarks.containment import containment_aspect
from ipoffice.trademarks.equivalents import meaning_aspect
from ipoffice.trademarks.glyphs import glyph_aspect
from ipoffice.trademarks.mark_text import MarkText, analyse_mark
from ipoffice.trademarks.phonetics import sound_aspect
from ipoffice.trademarks.pinyin_keys import pinyin_aspect
from ipoffice.trademarks.retrieval_keys import retrieval_keys
from ipoffice.trademarks.similarity_model import (
    DEFAULT_MODEL,
    MARK_ASPECTS,
    SIMILAR_AT,
    SimilarityModel,
)
from ipoffice.trademarks.text_similarity import text_aspect

if TYPE_CHECKING:
    from ipoffice.trademarks.goods_table import GoodsTable

__all__ = [
    "Comparison", "MarkText", "analyse_mark", "compare_marks", "compare_texts",
    "compare_with_goods", "retrieval_keys",
]  # fmt: skip

ASPECT_LABELS: dict[str, tuple[str, str]] = {
    "text": ("文字构成", "text"),
    "containment": ("包含关系", "containment"),
    "pinyin": ("拼音读音", "pinyin sound"),
    "glyph": ("字形", "character shape"),
    "sound": ("外文读音", "Latin sound"),
    "meaning": ("含义", "meaning"),
    "overall": ("整体印象", "overall impression"),
    "goods": ("商品/服务", "goods/services"),
}

_MEASURES: tuple[Callable[[MarkText, MarkText], Aspect | None], ...] = (
    text_aspect, containment_aspect, pinyin_aspect, glyph_aspect, sound_aspect, meaning_aspect,
)  # fmt: skip


@dataclass(frozen=True)
class Comparison:
    """The judgement on two marks: `score` in [0, 1], `similar`, and every aspect behind it."""

    score: float
    similar: bool
    aspects: dict[str, Aspect]
    decisive: tuple[str, ...]
    explanation_zh: str
    explanation_en: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "similar": self.similar,
            "decisive": list(self.decisive),
            "explanation_zh": self.explanation_zh,
            "explanation_en": self.explanation_en,
            "aspects": {name: aspect.as_dict() for name, aspect in self.aspects.items()},
        }


def mark_aspects(a: MarkText, b: MarkText) -> dict[str, Aspect]:
    """Every applicable aspect of two analysed marks, `overall` included."""
    aspects: dict[str, Aspect] = {}
    for measure in _MEASURES:
        aspect = measure(a, b)
        if aspect is not None:
            aspects[aspect.name] = aspect
    aspects["overall"] = _overall(aspects)
    return aspects


def _overall(aspects: dict[str, Aspect]) -> Aspect:
    ranked = sorted(((aspects[n].score, n) for n in MARK_ASPECTS if n in aspects), reverse=True)[:2]
    score = sum(s for s, _ in ranked) / 2 if len(ranked) == 2 else ranked[0][0] / 2
    names = [n for _, n in ranked]
    zh_names = "、".join(ASPECT_LABELS[n][0] for n in names)
    en_names = " and ".join(ASPECT_LABELS[n][1] for n in names)
    return Aspect(
        "overall",
        score,
        f"最强的两个方面（{zh_names}）平均相似度 {score:.0%}",
        f"the two strongest aspects ({en_names}) are {score:.0%} alike on average",
        {"from": names},
    )


def judge(aspects: dict[str, Aspect], model: SimilarityModel = DEFAULT_MODEL) -> Comparison:
    """Combine aspects into a `Comparison` by `model` (see `similarity_model`)."""
    strength = {name: model.evidence(name, a.score) for name, a in aspects.items()}
    score = max(strength.values(), default=0.0)
    similar = score >= SIMILAR_AT
    if similar:
        decisive = tuple(
            sorted((n for n, s in strength.items() if s >= SIMILAR_AT), key=lambda n: -strength[n])
        )
    else:
        decisive = (max(strength, key=lambda n: strength[n]),) if strength else ()
    return Comparison(score, similar, aspects, decisive, *_explain(similar, decisive, aspects))


def _explain(
    similar: bool, decisive: tuple[str, ...], aspects: dict[str, Aspect]
) -> tuple[str, str]:
    zh = "；".join(f"{ASPECT_LABELS[n][0]}：{aspects[n].explanation_zh}" for n in decisive)
    en = "; ".join(f"{ASPECT_LABELS[n][1]}: {aspects[n].explanation_en}" for n in decisive)
    if similar:
        return f"近似。{zh}", f"Similar. {en}"
    return (
        f"不近似：没有任何方面达到近似标准（最接近的是{zh}）",
        f"Not similar: no aspect reaches its threshold (the closest is {en})",
    )


def compare_texts(
    a: MarkText, b: MarkText, *, model: SimilarityModel = DEFAULT_MODEL
) -> Comparison:
    """Compare two analysed marks (analyse each once with `analyse_mark`, compare often)."""
    return judge(mark_aspects(a, b), model)


def compare_marks(a: str, b: str, *, model: SimilarityModel = DEFAULT_MODEL) -> Comparison:
    """Analyse and compare two marks given as text (errors name `mark_a` / `mark_b`)."""
    return compare_texts(
        analyse_mark(a, field="mark_a"), analyse_mark(b, field="mark_b"), model=model
    )


def check_goods_sides(goods_a: list[str], goods_b: list[str]) -> None:
    """`InvalidInput` when goods codes are given for one mark only."""
    if bool(goods_a) != bool(goods_b):
        field = "goods_b" if goods_a else "goods_a"
        raise InvalidInput(
            "give goods or services codes for both marks, or for neither", field=field
        )


def goods_aspect(goods_a: list[str], goods_b: list[str], *, table: GoodsTable | None) -> Aspect:
    """The goods aspect of `goods_table.goods_relation` on the similar-goods table `table`
    (None: no table loaded, class level only); unknown codes name their side's field."""
    from ipoffice.trademarks.goods_table import goods_relation, place_all

    check_goods_sides(goods_a, goods_b)
    for field, codes in (("goods_a", goods_a), ("goods_b", goods_b)):
        try:
            place_all(codes, table)
        except InvalidInput as exc:
            raise InvalidInput(exc.message, field=field) from exc
    return goods_relation(goods_a, goods_b, table=table)


def compare_with_goods(
    mark_a: str,
    mark_b: str,
    goods_a: list[str] | None = None,
    goods_b: list[str] | None = None,
    *,
    table: GoodsTable | None = None,
    model: SimilarityModel = DEFAULT_MODEL,
) -> Comparison:
    """`compare_marks`, plus the goods aspect when codes are given for both marks.

    The goods aspect is shown beside the marks' aspects and does not change the marks'
    score: Art. 30 asks two questions (similar marks, similar goods), answered apart. `table`
    is the similar-goods table to place the codes in (`goods_table.table_for(session)`).
    """
    check_goods_sides(list(goods_a or []), list(goods_b or []))
    result = compare_marks(mark_a, mark_b, model=model)
    if not goods_a and not goods_b:
        return result
    goods = goods_aspect(list(goods_a or []), list(goods_b or []), table=table)
    return Comparison(
        result.score,
        result.similar,
        {**result.aspects, "goods": goods},
        result.decisive,
        f"{result.explanation_zh}。商品/服务：{goods.explanation_zh}",
        f"{result.explanation_en}. Goods/services: {goods.explanation_en}",
    )
