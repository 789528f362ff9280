"""Passage scoring: which sentences of a hit are shown, and which query terms they matched."""

from __future__ import annotations

from ipoffice.patents.document import PatentDocument
from ipoffice.search.passages import QueryTerms, best_passages
from ipoffice.text.analyze import tokens


def test_chinese_terms_match_by_substring_after_normalisation() -> None:
    query = QueryTerms(set(tokens("锂电池的隔膜")))
    # Traditional characters and full-width digits are normalised before matching.
    words, matched = query.match("本發明的鋰電池包括隔膜和正極。")
    assert set(matched) >= {"锂电池", "电池", "隔膜"}
    assert words > 0


def test_english_terms_match_by_stem_and_claim_references_do_not() -> None:
    query = QueryTerms(set(tokens("heating elements of claim 3")))
    _, matched = query.match("The heater has a heating element according to claim 3.")
    assert set(matched) == {"heat", "element"}
    assert query.match("A valve and a pump.")[1] == ()


def test_the_short_exact_passage_wins_and_unmatched_passages_are_not_shown() -> None:
    doc = PatentDocument(
        id="CN1",
        title="散热装置",
        lang="zh",
        abstract=(
            "本实用新型公开了一种充电桩用散热装置，包括壳体、风扇、导热板、温度传感器和控制器，"
            "所述控制器根据温度控制风扇转速。所述导热板贴合电池模组并通过螺栓固定在壳体底部的安装座上。"
        ),
        claims=[
            "1.一种散热装置，其特征在于，包括导热板。",
            "2.根据权利要求1所述的装置，包括外壳。",
        ],
    )
    passages = best_passages(doc, QueryTerms(set(tokens("导热板"))))
    assert passages[0].text == "1.一种散热装置，其特征在于，包括导热板。"
    assert [set(p.matched) for p in passages] == [set(tokens("导热板"))] * 3
    assert "2.根据权利要求1所述的装置，包括外壳。" not in [p.text for p in passages]
    assert best_passages(doc, QueryTerms(set(tokens("neural network")))) == []
