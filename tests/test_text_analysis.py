"""Normalisation, language detection, index terms and passages of Chinese, English and mixed
patent text, on hand-written examples and on real titles, abstracts and claims."""

from __future__ import annotations

import csv
import random
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from ipoffice.core.errors import InvalidInput
from ipoffice.text import analyze
from ipoffice.text.analyze import (
    PATENT_STOPWORDS_EN,
    PATENT_STOPWORDS_ZH,
    analyzed,
    sentences,
    tokens,
)
from ipoffice.text.normalize import (
    _INVISIBLE,
    ZH_SHARE_THRESHOLD,
    _simplified,
    detect_language,
    has_han,
    normalize,
)
from tests import shared_data
from tests.shared_data import shared as _data


@pytest.fixture(scope="module")
def cn_titles() -> list[str]:
    with _data("cn_ipc/cn_titles_ipc_dev.csv").open(encoding="utf-8-sig", newline="") as f:
        return [row["title"] for row in csv.DictReader(f)]


@pytest.fixture(scope="module")
def cn_abstracts() -> dict[str, str]:
    return shared_data.cn_abstracts()


@pytest.fixture(scope="module")
def us_claims() -> dict[str, str]:
    return shared_data.us_claims()


@pytest.fixture(scope="module")
def biopat() -> dict[str, str]:
    return shared_data.biopat_texts()


# --- normalize ------------------------------------------------------------------------------


def test_full_width_ascii_becomes_half_width_and_lower_case() -> None:
    assert normalize("ＡＢＣ１２３ Ｔｅｓｔ") == "abc123 test"
    assert normalize("ＬｉＦｅＰＯ４") == "lifepo4"


def test_full_width_punctuation_becomes_ascii_but_ideographic_stops_stay() -> None:
    assert normalize("甲，乙；丙：丁（戊）！？") == "甲,乙;丙:丁(戊)!?"
    # No ASCII twin: "。" would turn "1。2" into the decimal "1.2".
    assert normalize("1。2、3") == "1。2、3"


def test_compatibility_characters_become_plain() -> None:
    assert normalize("CO₂ 5m² ﬁlter ①") == "co2 5m2 filter 1"
    assert normalize("150℃") == "150°c"


def test_traditional_becomes_simplified() -> None:
    assert normalize("一種電動汽車的驅動電機") == "一种电动汽车的驱动电机"
    assert normalize("權利要求1所述的裝置，其特徵在於") == "权利要求1所述的装置,其特征在于"
    # Phrase-aware: "乾燥" is "干燥", "乾坤" keeps its "乾".
    assert normalize("乾燥 乾坤") == "干燥 乾坤"


def test_real_title_with_traditional_character(cn_titles: list[str]) -> None:
    title = "一种计算机大数据用防盜警报装置"
    assert title in cn_titles
    assert normalize(title) == "一种计算机大数据用防盗警报装置"


def test_whitespace_collapses_and_controls_go() -> None:
    assert normalize("  a\t\n b\u3000\u3000c \r\n") == "a b c"
    assert normalize("ab\x00c\u200bd\ufeffe\u00adf\x07") == "abcdef"
    assert normalize("\x1c") == ""


def test_normalize_is_idempotent_on_real_text(
    cn_titles: list[str], cn_abstracts: dict[str, str], us_claims: dict[str, str]
) -> None:
    texts = [*cn_titles, *cn_abstracts.values(), *us_claims.values()]
    assert len(texts) > 6000
    for text in texts:
        once = normalize(text)
        assert normalize(once) == once, text


def test_normalize_is_idempotent_on_awkward_characters() -> None:
    # Lower-casing "İ" before a combining mark, OpenCC's phrase-by-phrase conversion ("於倫"),
    # compatibility forms, invisible characters between a letter and its accent.
    for text in ("İ̭", "於倫", "Ⅻ ㎏ ㍿ Ω", "e\u200b\u0301", "ǅ Ǆ ẞ", "ｶﾞ"):
        once = normalize(text)
        assert normalize(once) == once
    pool = [chr(c) for c in range(0x20, 0x250)]
    pool += [chr(c) for c in range(0x300, 0x370)]
    pool += [chr(c) for c in range(0x2100, 0x2200)]
    pool += [chr(c) for c in range(0x3300, 0x3400)]
    pool += [chr(c) for c in range(0xFF00, 0xFFEF)]
    pool += list("電動汽車驅體發髮乾燥著臺灣後裡麵隻鍾錶幹於為權利要求書特徵倫\u200b\ufeff\t\n")
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 16)))
        once = normalize(text)
        assert normalize(once) == once, repr(text)


def test_normalize_skips_only_steps_that_change_nothing() -> None:
    # The full definition, every step applied: the short cuts (ASCII, nothing lowered) must
    # give the same text.
    def every_step(text: str) -> str:
        text = _INVISIBLE.sub("", text)
        text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).lower())
        return " ".join((_simplified(text) if has_han(text) else text).split())

    pool = [chr(c) for c in range(0x00, 0x250)] + [chr(c) for c in range(0x300, 0x370)]
    pool += [chr(c) for c in range(0x2100, 0x2200)] + [chr(c) for c in range(0xFF00, 0xFFEF)]
    pool += list("İ於倫電動汽車ǅẞΣ\u200b")
    rng = random.Random(11)
    texts = ["Plain ASCII\tText  ", "", "ǅ", "İ̭"]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(0, 12))) for _ in range(5000)]
    # ASCII text takes its own path (control characters deleted by translation).
    ascii_pool = [chr(c) for c in range(0x80)]
    texts += [chr(c) + "a" + chr(c) for c in range(0x80)]
    texts += ["".join(rng.choices(ascii_pool, k=rng.randint(0, 12))) for _ in range(2000)]
    for text in texts:
        assert normalize(text) == every_step(text), repr(text)


# --- detect_language ------------------------------------------------------------------------


def test_detect_language_on_real_text(
    cn_titles: list[str], cn_abstracts: dict[str, str], us_claims: dict[str, str]
) -> None:
    assert {detect_language(title) for title in cn_titles} == {"zh"}
    assert {detect_language(text) for text in cn_abstracts.values()} == {"zh"}
    assert {detect_language(text) for text in us_claims.values()} == {"en"}


def test_detect_language_threshold() -> None:
    assert ZH_SHARE_THRESHOLD == 0.1
    assert detect_language("中" + "a" * 9) == "zh"  # exactly 10 %
    assert detect_language("中" + "a" * 10) == "en"  # 9.1 %
    # A Chinese claim that names a compound in Latin letters is Chinese.
    chemical = "一种化合物，其为N-(2-hydroxyethyl)-4-methylbenzenesulfonamide。"
    assert detect_language(chemical) == "zh"
    assert detect_language("The 太极 exercise device of the present disclosure") == "en"
    assert detect_language("") == "en"
    assert detect_language("12345 ；。") == "en"


# --- stopwords ------------------------------------------------------------------------------


def test_stopwords_hold_boilerplate_but_not_technical_words() -> None:
    for word in (
        "comprising", "comprises", "wherein", "said", "thereof", "claim", "according", "method",
        "a", "the", "of", "consisting", "plurality",
    ):  # fmt: skip
        assert word in PATENT_STOPWORDS_EN
    for word in (
        "所述", "其特征在于", "一种", "包括", "根据", "权利要求", "的", "和", "及", "其中",
        "设置", "用于", "方法", "步骤",
    ):  # fmt: skip
        assert word in PATENT_STOPWORDS_ZH
    for word in ("device", "system", "apparatus", "process", "step", "not", "first"):
        assert word not in PATENT_STOPWORDS_EN
    for word in ("装置", "系统", "设备", "第一", "上", "至少", "电池", "泵"):
        assert word not in PATENT_STOPWORDS_ZH


# --- tokens ---------------------------------------------------------------------------------


def test_chinese_claim_boilerplate_goes() -> None:
    text = "根据权利要求1至3中任一项所述的装置，其特征在于，所述壳体设置有通孔"
    assert tokens(text) == ["装置", "壳体", "通孔"]
    # "其特征在于" is dropped whole: its parts "特征", "在于" do not come back.
    assert tokens("权利要求1-3任一所述的方法，其特征是：加热") == ["加热"]
    assert tokens("本实用新型公开了一种电动车充电桩用散热装置") == [
        "电动", "动车", "电动车", "充电", "桩", "散热", "装置", "散热装置",
    ]  # fmt: skip


def test_chinese_search_mode_adds_the_words_inside_long_words() -> None:
    assert tokens("一种锂电池正极材料及其制备方法") == [
        "锂电", "电池", "锂电池", "正极", "材料", "制备",
    ]  # fmt: skip
    # So a query for the short word finds the long one.
    assert set(tokens("电池")) <= set(tokens("锂电池"))


def test_traditional_and_full_width_give_the_same_terms() -> None:
    assert tokens("一種鋰電池正極材料及其製備方法") == tokens("一种锂电池正极材料及其制备方法")
    assert tokens("ＬＥＤ灯") == tokens("LED灯") == ["led", "灯"]


def test_mixed_text_latin_runs_are_english_words() -> None:
    assert tokens("基于CNN-LSTM的PM2.5预测方法，采用5G模块") == [
        "基于", "cnn", "lstm", "pm2.5", "预测", "采用", "5g", "模块",
    ]  # fmt: skip
    # A real title's compound: locants are numbers, "噁" is simplified to "恶".
    assert tokens("一类3,4-2H-1,3-噁嗪-2-酮化合物") == [
        "3", "4", "2h", "1", "3", "恶嗪", "2", "酮", "化合", "化合物",
    ]  # fmt: skip


def test_english_words_are_stemmed_split_at_hyphens_and_filtered() -> None:
    text = (
        "Ｌｉｔｈｉｕｍ－ion batteries comprising LiFePO4 cathodes, wherein said cathode is coated"
    )
    assert tokens(text) == ["lithium", "ion", "batteri", "lifepo4", "cathod", "cathod", "coat"]
    text = (
        "A method according to claim 1, wherein the compound is "
        "N-(2-hydroxyethyl)-4-methylbenzenesulfonamide at 2.5 mg/kg"
    )
    assert tokens(text) == [
        "compound", "2", "hydroxyethyl", "4", "methylbenzenesulfonamid", "2.5", "mg", "kg",
    ]  # fmt: skip
    # Single Latin letters go ("a", "b", "x"), numbers stay, "FIG." is drawing boilerplate.
    assert tokens("The device of FIG. 1 has a and b parts; i.e. x") == ["devic", "1", "part"]


def test_claim_references_are_not_terms() -> None:
    assert tokens("The method of any one of claims 1 to 4, wherein 5 mg") == ["5", "mg"]
    assert tokens("as claimed in claim 1 or claim 2, heated") == ["heat"]
    assert tokens("如权利要求1或2所述的方法，其中所述步骤S1包括") == ["s1"]


def test_lang_does_not_change_the_terms_and_is_checked() -> None:
    text = "基于CNN的锂电池 state-of-charge estimation"
    assert tokens(text, "zh") == tokens(text, "en") == tokens(text) == tokens(text, None)
    with pytest.raises(InvalidInput) as caught:
        tokens(text, "fr")  # type: ignore[arg-type]
    assert caught.value.field == "lang"


def test_text_must_be_a_string() -> None:
    functions: list[Callable[..., object]] = [
        normalize, detect_language, tokens, analyzed, sentences,
    ]  # fmt: skip
    for function in functions:
        with pytest.raises(InvalidInput) as caught:
            function(None)
        assert caught.value.field == "text"


def test_empty_and_blank_text_have_no_terms() -> None:
    assert tokens("") == []
    assert tokens(" \n\t，。") == []
    assert analyzed("") == ""


def test_analyzed_is_tokens_joined_by_single_spaces() -> None:
    text = "一种锂电池 with a LiFePO4 cathode"
    assert analyzed(text) == "锂电 电池 锂电池 lifepo4 cathod"
    assert analyzed(text).split(" ") == tokens(text)


def test_analyzed_round_trips_through_a_whitespace_tokenizer_on_real_text(
    cn_titles: list[str],
    cn_abstracts: dict[str, str],
    us_claims: dict[str, str],
    biopat: dict[str, str],
) -> None:
    texts = [*cn_titles[:2000], *cn_abstracts.values(), *us_claims.values()]
    texts += list(biopat.values())[:500]
    for text in texts:
        terms = tokens(text)
        assert terms, text
        assert analyzed(text).split() == terms
        assert all(term and not re.search(r"\s", term) for term in terms)


def test_real_abstract_terms(cn_abstracts: dict[str, str]) -> None:
    text = cn_abstracts["CN117151122A"]
    terms = tokens(text)
    assert terms[:12] == [
        "titl", "基于", "自然", "语言", "自然语言", "处理", "银行", "客服", "会话", "问答",
        "处理", "系统",
    ]  # fmt: skip
    for boilerplate in ("所述", "本发明", "发明", "包括", "的", "一种", "方法", "步骤"):
        assert boilerplate not in terms


def test_real_claim_terms(us_claims: dict[str, str]) -> None:
    assert tokens(us_claims["13926213"])[:12] == [
        "integr", "circuit", "perform", "data", "process", "integr", "circuit", "latch",
        "configur", "receiv", "store", "signal",
    ]  # fmt: skip


def test_segmenter_and_converter_load_lazily_once_and_quietly(tmp_path: Path) -> None:
    # A fresh interpreter with an empty temporary directory, so that jieba builds its
    # dictionary cache: nothing may reach stderr, and importing loads nothing.
    script = (
        "import sys\n"
        "import ipoffice.text.analyze as analyze\n"
        "assert not {'jieba', 'opencc', 'snowballstemmer'} & set(sys.modules)\n"
        "assert analyze.tokens('一種鋰電池 batteries') == ['锂电', '电池', '锂电池', 'batteri']\n"
        "assert {'jieba', 'opencc', 'snowballstemmer'} <= set(sys.modules)\n"
    )
    result = subprocess.run(  # noqa: S603 - a fixed script run by this interpreter
        [sys.executable, "-W", "error", "-c", script],
        capture_output=True,
        text=True,
        env={"TMPDIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == ""
    assert analyze._segmenter() is analyze._segmenter()


# --- sentences ------------------------------------------------------------------------------


def test_english_sentences_respect_abbreviations_and_decimals() -> None:
    text = (
        "As shown in FIG. 1, the device has a housing. The housing is made of steel, e.g. "
        "stainless steel; see U.S. Pat. No. 5,123,456. It weighs 1.5 kg! Does it? Yes, i.e. it "
        "does. J. Smith agrees."
    )
    assert sentences(text) == [
        "As shown in FIG. 1, the device has a housing.",
        "The housing is made of steel, e.g. stainless steel;",
        "see U.S. Pat. No. 5,123,456.",
        "It weighs 1.5 kg!",
        "Does it?",
        "Yes, i.e. it does.",
        "J. Smith agrees.",
    ]


def test_english_period_needs_a_sentence_start_after_it() -> None:
    assert sentences("heated to 37 C. then cooled. Then dried") == [
        "heated to 37 C. then cooled.",
        "Then dried",
    ]
    assert sentences("1. A method comprising steps. 2. The method of claim 1.") == [
        "1. A method comprising steps.",
        "2. The method of claim 1.",
    ]


def test_chinese_sentences() -> None:
    text = (
        "本发明涉及人工智能技术领域。所述方法包括以下步骤：获取数据；处理数据！"
        "是否可行？\n第二行“引用。”结束"
    )
    assert sentences(text) == [
        "本发明涉及人工智能技术领域。",
        "所述方法包括以下步骤：获取数据；",
        "处理数据！",
        "是否可行？",
        "第二行“引用。”",
        "结束",
    ]
    # An ASCII terminator right before Chinese text ends a sentence too.
    assert sentences("数据处理.所述装置;完成") == ["数据处理.", "所述装置;", "完成"]


def test_line_breaks_split_and_blank_text_has_no_passages() -> None:
    assert sentences("first line\r\nsecond line\n\n  third") == [
        "first line",
        "second line",
        "third",
    ]
    assert sentences("") == []
    assert sentences(" \n ") == []


def test_real_abstract_sentences(cn_abstracts: dict[str, str]) -> None:
    text = cn_abstracts["CN117707585A"]
    passages = sentences(text)
    assert len(passages) == 5
    assert passages[2] == (
        "所述设备端接收所述软件升级数据包，并对软件升级数据包进行安全校验，"
        "安全校验通过后进行软件升级。"
    )
    assert passages[3] == "该系统和存储介质与该方法相对应。"


def test_real_english_sentences(biopat: dict[str, str]) -> None:
    passages = sentences(biopat["11267803-c0"])
    assert passages[0] == "Carbocyclic prolinamide derivatives."
    # "(e.g., delaying ...)" does not end the sentence.
    assert passages[1].startswith("This invention is directed to novel carbocyclic prolinamide")
    assert passages[1].endswith(
        "of age-related macular degeneration (AMD) and related diseases of the eye."
    )
    assert len(passages) == 7


def test_passages_lose_no_text(
    cn_abstracts: dict[str, str], us_claims: dict[str, str], biopat: dict[str, str]
) -> None:
    texts = [*cn_abstracts.values(), *us_claims.values(), *list(biopat.values())[:500]]
    for text in texts:
        passages = sentences(text)
        assert all(passage == passage.strip() and passage for passage in passages)
        assert re.sub(r"\s", "", "".join(passages)) == re.sub(r"\s", "", text)


def test_the_compiled_stemmer_gives_the_snowball_stems() -> None:
    # PyStemmer (C) is installed for speed; its stems must be those of the pure-Python Snowball
    # English stemmer the indexes were built with.
    from snowballstemmer.english_stemmer import EnglishStemmer

    from ipoffice.text.analyze import _stem

    words = [
        "connected",
        "connecting",
        "connection",
        "fastened",
        "fastening",
        "generously",
        "running",
        "runs",
        "ran",
        "apparatuses",
        "batteries",
        "happily",
        "relational",
        "conditional",
        "valency",
        "hopefulness",
        "electrically",
        "sensibility",
        "communicated",
        "arranged",
        "dying",
        "lying",
        "skies",
        "news",
        "inning",
        "outing",
        "canning",
        "herrings",
        "earring",
        "proceed",
        "exceed",
        "succeed",
        "andes",
        "atlas",
        "cosmos",
        "bias",
    ]
    reference = EnglishStemmer()
    assert [_stem(w) for w in words] == [reference.stemWord(w) for w in words]
