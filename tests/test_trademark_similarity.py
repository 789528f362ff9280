"""Word-mark similarity: normalisation, each aspect, the combined judgement, retrieval keys."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipoffice.core.errors import InvalidInput
from ipoffice.trademarks import glyphs
from ipoffice.trademarks.alignment import align
from ipoffice.trademarks.containment import containment_aspect, distinctive_part
from ipoffice.trademarks.equivalents import meaning_aspect
from ipoffice.trademarks.glyphs import glyph_aspect
from ipoffice.trademarks.mark_text import MAX_MARK_CHARS, analyse_mark
from ipoffice.trademarks.phonetics import sound_aspect
from ipoffice.trademarks.pinyin_keys import (
    fold,
    latin_as_pinyin,
    pinyin_aspect,
    relation,
    split_syllable,
    syllable_similarity,
)
from ipoffice.trademarks.retrieval_keys import retrieval_keys
from ipoffice.trademarks.similarity import compare_marks, compare_texts
from ipoffice.trademarks.similarity_model import DEFAULT_MODEL, SimilarityModel

# --- normalisation --------------------------------------------------------------------------


def test_traditional_width_case_punctuation_and_spacing_are_normalised() -> None:
    assert analyse_mark("華為").text == "华为"
    assert analyse_mark("ＡＰＰＬＥ　Ｓｔｏｒｅ").latin == ("apple", "store")
    assert analyse_mark("Apple-Store!").text == "applestore"
    assert analyse_mark(" 康 师 傅 ").text == "康师傅"
    assert analyse_mark("Café").latin == ("cafe",)


def test_mixed_scripts_are_split_into_han_and_latin_parts() -> None:
    mark = analyse_mark("华为Huawei P60")
    assert mark.tokens == ("华为", "huawei", "p60")
    assert mark.han == "华为" and mark.latin == ("huawei", "p60")
    assert mark.pinyin == ("hua", "wei")


def test_emoji_and_symbols_are_stripped_and_reported() -> None:
    mark = analyse_mark("苹果🍎™")
    assert mark.text == "苹果"
    assert "🍎" in mark.removed and "™" in mark.removed
    result = compare_marks("苹果🍎", "苹果")
    assert "🍎" in result.aspects["text"].explanation_zh


@pytest.mark.parametrize("bad", ["", "   ", "🍎🍏", "！？。、", "©®"])
def test_a_mark_empty_after_normalisation_is_an_error_naming_the_input(bad: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        analyse_mark(bad, field="mark_a")
    assert caught.value.field == "mark_a"
    assert repr(bad) in caught.value.message


def test_over_long_and_non_text_marks_are_refused() -> None:
    analyse_mark("长" * MAX_MARK_CHARS)
    with pytest.raises(InvalidInput, match="at most 100"):
        analyse_mark("长" * (MAX_MARK_CHARS + 1))
    with pytest.raises(InvalidInput, match="must be a string"):
        analyse_mark(b"\xe5\x8d\x8e\xe4\xb8\xba")  # type: ignore[arg-type]


def test_pinyin_and_four_corner_fields() -> None:
    mark = analyse_mark("康师傅")
    assert mark.pinyin_toned == ("kang1", "shi1", "fu4")
    assert mark.pinyin == ("kang", "shi", "fu")
    assert analyse_mark("德").four_corner == ("24231",)
    assert analyse_mark("己").four_corner == analyse_mark("已").four_corner == ("17717",)
    # Heteronyms take the reading of their phrase, else the most common one.
    assert analyse_mark("工商银行").pinyin[-1] == "hang"
    assert analyse_mark("行走").pinyin[0] == "xing"
    assert analyse_mark("华为").pinyin_metaphone == analyse_mark("Huawei").latin_metaphone[0]


# --- alignment and syllables ------------------------------------------------------------------


def test_alignment_scores_gaps_and_partial_matches() -> None:
    same = align("abc", "abc", lambda x, y: float(x == y))
    assert same.score == 1.0
    gap = align("abc", "abxc", lambda x, y: float(x == y))
    assert gap.score == pytest.approx(0.75)
    assert (None, 2, 0.0) in gap.pairs
    near = align("ab", "ac", lambda x, y: 1.0 if x == y else 0.5)
    assert near.score == pytest.approx(0.75)
    assert align("", "", lambda x, y: 1.0).score == 1.0
    assert align("a", "", lambda x, y: 1.0).score == 0.0


def test_syllables_split_fold_and_grade() -> None:
    assert split_syllable("shuai4") == ("sh", "uai", "4")
    assert split_syllable("an1") == ("", "an", "1")
    assert fold("zheng4") == fold("zen1") == "zen"
    assert fold("liang2") == fold("nian2") == "lian"
    assert relation("dao4", "dao4") == "same"
    assert relation("dao4", "dao3") == "other_tone"
    for a, b in [("zhi1", "zi1"), ("chi1", "ci1"), ("shi1", "si1"), ("nan2", "lan2"),
                 ("fu2", "hu2"), ("ri4", "li4"), ("xin1", "xing1"), ("chen2", "cheng2"),
                 ("fan1", "fang1"), ("xian1", "xiang1"), ("huan2", "huang2")]:  # fmt: skip
        assert relation(a, b) == "confusable", (a, b)
    assert relation("shi1", "shuai4") == "same_initial"
    assert relation("ma1", "ba1") == "same_final"
    assert relation("ma1", "ke1") == "different"
    assert syllable_similarity("dao4", "dao4") > syllable_similarity("zhi1", "zi1") > 0.5
    assert syllable_similarity("ma1", "ke1") == 0.0


def test_latin_words_read_as_pinyin() -> None:
    assert latin_as_pinyin("huawei") == ("hua", "wei")
    assert latin_as_pinyin("Kangshifu") == ("kang", "shi", "fu")
    assert latin_as_pinyin("xian") == ("xian",)  # the fewest syllables
    assert latin_as_pinyin("apple") is None
    assert latin_as_pinyin("p60") is None


# --- aspects --------------------------------------------------------------------------------


def test_homophones_score_full_marks_on_pinyin() -> None:
    aspect = pinyin_aspect(analyse_mark("稻香村"), analyse_mark("道香村"))
    assert aspect is not None and aspect.score == 1.0
    assert aspect.evidence["same_with_tones"] is True
    toneless = pinyin_aspect(analyse_mark("华为"), analyse_mark("化为"))
    assert toneless is not None and toneless.evidence["same_without_tones"] is True
    assert 0.9 <= toneless.score < 1.0
    confusable = pinyin_aspect(analyse_mark("长城"), analyse_mark("长陈"))
    assert confusable is not None and "cheng" in confusable.explanation_en
    assert pinyin_aspect(analyse_mark("Apple"), analyse_mark("苹果")) is None


@pytest.mark.parametrize(
    ("mark", "imitation", "control"),
    [("康师傅", "康帅傅", "康米傅"), ("雪碧", "雷碧", "金碧"),
     ("奥利奥", "粤利粤", "金利金"), ("大白兔", "大白免", "大白米")],
)  # fmt: skip
def test_look_alike_characters_score_high_on_glyph(mark: str, imitation: str, control: str) -> None:
    a = analyse_mark(mark)
    alike = glyph_aspect(a, analyse_mark(imitation))
    unlike = glyph_aspect(a, analyse_mark(control))
    assert alike is not None and unlike is not None
    assert alike.score >= 0.55
    assert alike.score > unlike.score + 0.1, (alike.score, unlike.score)
    assert alike.evidence["method"] == "shape+four_corner"


@pytest.fixture
def no_font() -> Iterator[None]:
    glyphs.use_font(Path("/nonexistent/font.ttc"))
    yield
    glyphs.use_font(glyphs.FONT_PATH)


def test_without_the_font_glyphs_fall_back_to_four_corner_codes_and_say_so(no_font: None) -> None:
    aspect = glyph_aspect(analyse_mark("己"), analyse_mark("已"))
    assert aspect is not None and aspect.score == 1.0  # same four-corner code 17717
    assert aspect.evidence["method"] == "four_corner"
    assert "four-corner codes only" in aspect.explanation_en
    assert "四角号码" in aspect.explanation_zh


def test_containment_with_generic_words() -> None:
    shop = containment_aspect(analyse_mark("华为"), analyse_mark("华为旗舰店"))
    assert shop.score >= 0.9 and shop.evidence["generic_b"] == ["旗舰店"]
    store = containment_aspect(analyse_mark("Apple"), analyse_mark("Apple Store"))
    assert store.score >= 0.9
    forms = containment_aspect(analyse_mark("华为科技"), analyse_mark("华为集团有限公司"))
    assert forms.score >= 0.9
    inside = containment_aspect(analyse_mark("华为"), analyse_mark("华为云天"))
    assert 0.6 < inside.score < 0.9 and inside.evidence["case"] == "inside"
    assert containment_aspect(analyse_mark("华"), analyse_mark("华联")).score == 0.0
    assert containment_aspect(analyse_mark("apple"), analyse_mark("pineapple")).score == 0.0
    assert distinctive_part(analyse_mark("科技")).text == "科技"  # all generic: kept whole


def test_sound_of_latin_words_and_of_pinyin_against_latin() -> None:
    huawei = sound_aspect(analyse_mark("华为"), analyse_mark("Huawei"))
    assert huawei is not None and huawei.score >= 0.95
    assert huawei.evidence["latin_as_pinyin"] == ["hua", "wei"]
    appel = sound_aspect(analyse_mark("Apple"), analyse_mark("Appel"))
    google = sound_aspect(analyse_mark("Apple"), analyse_mark("Google"))
    assert appel is not None and google is not None
    assert appel.score > 0.9 > google.score
    assert sound_aspect(analyse_mark("康师傅"), analyse_mark("康帅傅")) is None


@pytest.mark.parametrize(
    ("zh", "en"), [("苹果", "Apple"), ("熊猫", "Panda"), ("皇冠", "Crown"), ("长城", "Great Wall"),
                   ("金星", "Gold Star"), ("大白兔", "Big White Rabbit")],
)  # fmt: skip
def test_translations_are_similar_in_meaning(zh: str, en: str) -> None:
    aspect = meaning_aspect(analyse_mark(zh), analyse_mark(en))
    assert aspect is not None and aspect.score >= 0.9, aspect
    assert compare_marks(zh, en).similar


def test_meaning_speaks_only_for_a_translation_or_synonym() -> None:
    assert meaning_aspect(analyse_mark("苹果"), analyse_mark("苹果")) is None
    assert meaning_aspect(analyse_mark("华为"), analyse_mark("Apple")) is None
    synonym = meaning_aspect(analyse_mark("金"), analyse_mark("黄金"))
    assert synonym is not None and synonym.score == 1.0
    partial = meaning_aspect(analyse_mark("苹果乐园"), analyse_mark("Apple"))
    assert partial is not None and 0.4 < partial.score < 1.0


# --- combined judgement ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "decisive"),
    [("康师傅", "康帅傅", "glyph"), ("稻香村", "道香村", "pinyin"), ("華為", "华为", "text"),
     ("华为", "华为旗舰店", "containment"), ("Apple", "Apple Store", "containment"),
     ("华为", "Huawei", "sound"), ("苹果", "Apple", "meaning"), ("大白兔", "大白免", "glyph")],
)  # fmt: skip
def test_similar_pairs_and_their_decisive_aspect(a: str, b: str, decisive: str) -> None:
    result = compare_marks(a, b)
    assert result.similar, result.explanation_en
    assert 0.5 <= result.score <= 1.0
    assert decisive in result.decisive, result.decisive
    assert result.explanation_zh.startswith("近似")


@pytest.mark.parametrize(
    ("a", "b"), [("华为", "小米"), ("华为", "华联"), ("华为", "花园"), ("Apple", "Google"),
                 ("康师傅", "统一"), ("苹果", "Orange")],
)  # fmt: skip
def test_dissimilar_pairs(a: str, b: str) -> None:
    result = compare_marks(a, b)
    assert not result.similar, result.explanation_en
    assert 0.0 <= result.score < 0.5
    assert len(result.decisive) == 1 and result.explanation_en.startswith("Not similar")


def test_comparison_is_symmetric_in_its_judgement() -> None:
    for a, b in [("康师傅", "康帅傅"), ("华为", "华为旗舰店"), ("苹果", "Apple"), ("华为", "小米")]:
        ab, ba = compare_marks(a, b), compare_marks(b, a)
        assert ab.similar == ba.similar
        assert ab.score == pytest.approx(ba.score, abs=1e-9)


def test_as_dict_is_json_with_every_aspect() -> None:
    data = json.loads(json.dumps(compare_marks("康师傅", "康帅傅").as_dict(), ensure_ascii=False))
    assert set(data) >= {"score", "similar", "aspects"}
    assert {"text", "containment", "pinyin", "glyph", "overall"} <= set(data["aspects"])
    for aspect in data["aspects"].values():
        assert set(aspect) == {"score", "explanation_zh", "explanation_en", "evidence"}
        assert 0.0 <= aspect["score"] <= 1.0


def test_the_model_maps_each_threshold_to_one_half() -> None:
    model = SimilarityModel({"pinyin": 0.8}, "test")
    assert model.evidence("pinyin", 0.8) == pytest.approx(0.5)
    assert model.evidence("pinyin", 1.0) == pytest.approx(1.0)
    assert model.evidence("pinyin", 0.4) == pytest.approx(0.25)
    assert model.evidence("glyph", 1.0) == 0.0  # no threshold: never decides alone
    with pytest.raises(ValueError, match="unknown aspect"):
        SimilarityModel({"colour": 0.5}, "test")
    with pytest.raises(ValueError, match="outside"):
        SimilarityModel({"text": 0.0}, "test")
    strict = SimilarityModel({"text": 1.0}, "test")
    a, b = analyse_mark("康师傅"), analyse_mark("康帅傅")
    assert not compare_texts(a, b, model=strict).similar
    assert compare_texts(a, b, model=DEFAULT_MODEL).similar


# --- retrieval keys -------------------------------------------------------------------------


def _candidates(query: str, register: list[str]) -> set[str]:
    index: dict[tuple[str, str], set[str]] = {}
    for mark in register:
        for family, keys in retrieval_keys(analyse_mark(mark)).items():
            for key in keys:
                index.setdefault((family, key), set()).add(mark)
    found: set[str] = set()
    for family, keys in retrieval_keys(analyse_mark(query)).items():
        if family in ("char", "four_corner"):  # too broad alone for a register
            continue
        for key in keys:
            found |= index.get((family, key), set())
    return found


def test_retrieval_keys_find_imitations_without_comparing_everything() -> None:
    register = ["康帅傅", "道香村", "华为旗舰店", "Huawei", "Apple", "统一", "娃哈哈", "小米",
                "康乐", "百度", "雷碧", "Great Wall"]  # fmt: skip
    assert _candidates("康师傅", register) == {"康帅傅"}
    assert "道香村" in _candidates("稻香村", register)
    assert {"华为旗舰店", "Huawei"} <= _candidates("华为", register)
    assert "Apple" in _candidates("苹果", register)
    assert "雷碧" in _candidates("雪碧", register)
    assert "Great Wall" in _candidates("长城", register)
    assert "统一" not in _candidates("康师傅", register)


def test_retrieval_key_families() -> None:
    keys = retrieval_keys(analyse_mark("康师傅"))
    assert keys["masked"] == ["?师傅", "康?傅", "康师?"]
    assert keys["pinyin_bigram"] == ["kang_shi", "shi_fu"]
    assert keys["pinyin_folded"] == ["kansihu"]
    assert keys["four_corner"] == ["00299", "21027", "23242"]
    latin = retrieval_keys(analyse_mark("Apple Store"))
    assert latin["metaphone"] == ["APL"]  # generic words are not keyed
    assert latin["distinctive"] == ["apple"] and latin["concept"] == ["apple"]
