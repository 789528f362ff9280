"""The word lists and patterns of the claims-quality signals (data; see `claims_quality`).

Some patterns that run over whole texts have a cheap necessary condition beside them (`Needs`):
the words they cannot match without. A signal runs such a pattern only on the texts that meet
the condition, so most applications cost a few substring tests instead of a regular-expression
scan of every character. When a pattern changes, its needs must change with it.
"""

from __future__ import annotations

import re

# What a pattern needs to match: it matches only a text that, for one row, contains a word of
# each of the row's sets ("reduce" and "efficiency"; "perpetual").
Needs = tuple[tuple[tuple[str, ...], ...], ...]


def mentions(text: str, needs: Needs) -> bool:
    """Whether `text` meets one row of `needs` (see `Needs`)."""
    contains = text.__contains__  # mapped over the words: no Python frame per word
    return any(all(any(map(contains, words)) for words in row) for row in needs)


def any_word(english: str, chinese: str) -> str:
    """A pattern of any of the `english` words (whole words) or `chinese` words (anywhere), "|"
    between words. Each alternative starts with its word ("kit(?<!\\wkit)\\b", not
    "\\b(?:kit)\\b"): the engine can then skip to the words' first characters."""
    whole = [rf"{word}(?<!\w{word})\b" for word in english.split("|")]
    return "|".join([*whole, *chinese.split("|")])


def fold(text: str) -> str:
    """`text` lower-cased as IGNORECASE compares it with lower-case ASCII words ("İ" and "ı" as
    "i", "ſ" as "s"), each character in its place: a pattern of lower-case words finds in it,
    without IGNORECASE and several times faster, what it finds in `text` with IGNORECASE."""
    return text.replace("İ", "i").lower().replace("ı", "i").replace("ſ", "s")


def folded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` (lower-case words, IGNORECASE) without IGNORECASE, to match on `fold(text)`."""
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


# --- lexicons (data): what each word list is for ---------------------------------------------

# Trivial, non-technical features: appearance, bare material choice, shape, place of use,
# packaging, and a convenience stated with no feature that gives it ("is easy to clean"). Each
# is a feature a claim may legitimately name once; many dependent claims made only of them pile
# up the claim set without technical content.
TRIVIAL_EN = {
    "colour": r"red|green|blue|yellow|black|white|pink|purple|orange|gr[ae]y|brown|golden|"
    r"silver|colou?r(?:ed|s)?",
    "decoration": r"patterns?|logos?|decorat\w*|ornament\w*|cartoon\w*|printed with|"
    r"trademarks?|slogans?|pictures? of",
    "shape": r"circular|round|square|rectangular|triangular|oval|hexagonal|heart[- ]shaped|"
    r"star[- ]shaped|(?:shape|form) of an? \w+",
    "material": r"made of (?:plastic|wood|metal|stainless steel|steel|glass|rubber|ceramic|"
    r"bamboo|paper|cloth|leather|aluminium|aluminum|copper|iron)",
    "place": r"used (?:in|at|for) (?:a |the )?(?:kitchen|bathroom|living room|bedroom|office|"
    r"home|household|school|hotel|restaurant|garden|car)",
    "packaging": r"packaged|packaging|gift box|sold (?:in|as)",
    # "easy to use" is left out: real claims say it of devices (2 in 2,636 real claim texts).
    "convenience": r"(?:easy|easier) to (?:clean|wash|carry)|easily (?:cleaned|washed|carried)",
}
TRIVIAL_ZH = {
    "colour": r"[红绿蓝黄黑白粉紫橙灰棕金银]色|颜色|彩色",
    "decoration": r"图案|花纹|装饰|卡通|标志|商标|标语|印有",
    "shape": r"(?:圆|方|矩|三角|椭圆|六边|心|星)形|呈\w{1,3}状",
    "material": r"(?:材质|材料)为|(?:采用|由)(?:塑料|木材|金属|不锈钢|玻璃|橡胶|陶瓷|竹子|纸|布|"
    r"皮革|铝|铜|铁)(?:材料|材质)?制成",
    "place": r"用于(?:厨房|卫生间|客厅|卧室|办公室|家庭|学校|酒店|餐厅|花园|汽车)",
    "packaging": r"包装|礼盒|销售",
    "convenience": r"(?:便于|易于|方便)(?:清洗|清洁|携带)",
}
# Degradation: the change is said to make the invention worse or to take a function away.
# One alternative per first word, the word first ("reduc(?<!\\wreduc)", as in `any_word`).
_QUALITY_EN = (
    r"(?:efficiency|accuracy|precision|performance|reliability|safety|service life|lifetime|"
    r"durability)\b"
)
_DEGRADED_EN = (
    *(
        (word, rf"{word}(?<!\w{word})\w* (?:the |its )?(?:\w+ )?" + _QUALITY_EN)
        for word in ("reduc", "lower", "decreas", "impair", "worsen")
    ),
    (
        "increas",
        r"increas(?<!\wincreas)\w* (?:the |its )?"
        r"(?:cost|energy consumption|power consumption|noise|failure rate)\b",
    ),
    ("less", r"less(?<!\wless) (?:efficient|accurate|durable|reliable|safe|stable)\b"),
    ("more", r"more(?<!\wmore) (?:expensive|fragile|easily damaged)\b"),
    ("shorter", r"shorter(?<!\wshorter) (?:service )?life\b"),
    *(
        (word, rf"{word}(?<!\w{word})\w* (?:with )?the \w+(?: \w+)? function")
        for word in ("omit", "remov", "eliminat", "delet", "dispens")
    ),
)
DEGRADED_EN = "|".join(pattern for _, pattern in _DEGRADED_EN)
# Each alternative alone with its first word: a text has a degradation only if it has one of
# the words and that word's alternative finds it. Tested one by one, a substring test and a
# pattern with a fixed start are each a fast scan; the whole pattern is slow to scan.
DEGRADED_EN_PARTS = tuple((word, re.compile(pattern)) for word, pattern in _DEGRADED_EN)
# The Chinese alternatives one per first word ("降低...|减少...", not "(?:降低|减少)..."): each
# then starts with a fixed character, and the engine skips to those characters (ten times
# faster on Chinese text, same matches).
_QUALITY_ZH = "(?:效率|精度|准确率|性能|可靠性|安全性|寿命)"
_NOT_BETTER_ZH = r"(?!提高|提升|改善|增加|增强)[^，。；,;]"
_DEGRADED_ZH = (
    *(
        # "降低了所述基于企业科技信息成果管理系统的工作效率": a named element ("所述……的") may be
        # as long as its name, the words before the quality stay short.
        word + f"了?(?:所述{_NOT_BETTER_ZH}{{0,40}}?的)?{_NOT_BETTER_ZH}{{0,16}}?{_QUALITY_ZH}"
        for word in ("降低", "减少", "减小", "削弱")
    ),
    *(
        word + "(?:降低|下降|变差|缩短)"
        for word in ("效率", "精度", "准确率", "性能", "可靠性", "安全性", "寿命")
    ),
    *(word + "了?(?:成本|能耗|功耗|噪音|噪声|故障率|磨损)" for word in ("增加", "提高", "增大")),
    *(word + "(?:增加|提高|增大)" for word in ("成本", "能耗", "功耗", "噪音", "噪声", "故障率")),
    "更容易损坏",
    "缩短了?使用寿命",
    *(word + r"了?[^，。；,;]{0,12}?功能" for word in ("去掉", "取消", "省略", "删除", "删去")),
)
DEGRADED_ZH = "|".join(_DEGRADED_ZH)
# A degradation is not asserted when it is negated, avoided, a condition the invention reacts
# to ("when the performance drops"), or said of the prior art.
NEGATION_EN = re.compile(
    r"\b(?:not|no|without|avoid\w*|prevent\w*|instead of|rather than|overcom\w*|solv\w*|"
    r"risk of|when|if|whether|detect\w*|monitor\w*|in response to)\b[^.;,]{0,40}$",
    re.IGNORECASE,
)
NEGATION_ZH = re.compile(
    r"(?:不|无需|无须|避免|防止|克服|解决|当|若|如果|检测|感测|监测|判断|响应)[^。；，]{0,15}$"
)
PRIOR_ART = re.compile(
    r"(?:\b(?:conventional\w*|prior art|existing|known|background)\b|现有|传统|以往|已知|背景技术)"
    r"[^.;。；]{0,80}$",
    re.IGNORECASE,
)
# Against technical common sense: machines that make energy from nothing.
COMMON_SENSE = re.compile(
    r"\b(?:perpetual[- ]motion|over[- ]unity|more energy than (?:it )?consumes|"
    r"efficiency\b[^.;]{0,40}?(?<![\d.])(?:1\d{2}|[2-9]\d{2})(?:\.\d+)? ?%)|永动|"
    r"(?:效率|转换率)[^，。；]{0,10}?(?<![\d.])(?:1\d{2}|[2-9]\d{2})(?:\.\d+)?%|无需(?:任何)?能源"
)  # matched on lower-cased text
COMMON_SENSE_NEEDS: Needs = (
    (("%",), ("efficiency", "效率", "转换率")),
    (("perpetual", "over-unity", "over unity", "more energy than", "永动"),),
    (("能源",), ("无需",)),
)
# Exact dimensions: a value with a unit of length, mass or angle, at the scale of a hand-made
# product (micrometres and nanometres are the technical scale of films and optics, not padding).
# Ranges and limits ("between",
# "at least", "5-10 mm", "≤", "以上", "至") are how claims define scope, not narrowing.
# (A digit first, then the character before it: the engine can skip to the digits.)
DIMENSION = re.compile(
    r"\d(?<![\d.]\d)\d*(?:\.\d+)?\s*(?:mm|cm|km|m|inch(?:es)?|in\.|ft|kg|g|lb|°|degrees?|毫米|"
    r"厘米|米|千克|公斤|克|度)(?![a-zA-Z])",
    re.IGNORECASE,
)
RANGE_BEFORE = re.compile(
    r"(?:to|and|between|from|at least|at most|less than|greater than|more than|up to|about|"
    r"approximately|within|over|under|[-–−+~～≤≥<>±]|至|到|不小于|不大于|大于|小于|约)\s*$",
    re.IGNORECASE,
)
RANGE_AFTER = re.compile(
    r"^\s*(?:to|[-–−~～<>≤≥]|至|到|以上|以下|以内|左右|or (?:more|less))", re.IGNORECASE
)
BRAND = re.compile(
    r"[®™]|\b(?:model|type|brand)\s*(?:no\.?\s*)?[A-Z0-9][A-Z0-9-]{2,}\b|manufactured by|"
    r"commercially available from|品牌|型号为?\s*[A-Za-z0-9-]{2,}|[\u4e00-\u9fff]{2,4}牌"
)
BRAND_NEEDS: Needs = (
    (("®", "™", "model", "type", "brand", "manufactured by", "commercially available from"),),
    (("品牌", "型号", "牌"),),
)
# Narrowing is judged on claims to a product (a device, an article): not on methods and uses,
# nor on compositions and biological material, whose numbers are concentrations and sequences.
NOT_DEVICE = re.compile(
    any_word(
        "composition|compound|method|process|use|formulation|polymer|peptide|antibody|nucleic|"
        "cell|organism|material|system|medium",
        "组合物|化合物|方法|用途|配方|材料|系统|介质",
    ),
    re.IGNORECASE,
)
# A composition lists ingredients that need not share terms (a paste of powder, frit, vehicle).
COMPOSITION = re.compile(
    any_word(
        "composition|compound|formulation|paste|mixture|alloy|material|solution|kit",
        "组合物|化合物|配方|混合物|合金|材料|浆料|溶液",
    ),
    re.IGNORECASE,
)
OPENING = re.compile(r"compris\w*|consist\w* of|includ\w*|包括|其特征在于", re.IGNORECASE)
TERM_EN = re.compile(r"[a-z][a-z-]{3,}")
# Words and characters that say nothing about the technology, left out of term support.
STOP_EN = frozenset(
    {
        "said", "wherein", "comprising", "comprises", "further", "claim", "claims", "having",
        "includes", "including", "which", "that", "with", "from", "into", "each", "first",
        "second", "third", "plurality", "least", "more", "than", "thereof", "such", "being",
        "configured", "adapted", "arranged", "provided", "means", "method", "system", "device",
        "apparatus", "according", "portion", "member", "element",
    }
)  # fmt: skip
STOP_ZH = frozenset(
    "所述其特征在于包括设置一种用于以及和与及或的为是在上下内有个该通过根据权利要求中"
)


def _han_except(stop: frozenset[str]) -> str:
    """A character class of the Han characters (U+4E00 to U+9FFF) but those of `stop`."""
    ranges: list[str] = []
    low = 0x4E00
    for high in [*sorted(ord(c) for c in stop), 0xA000]:
        if high > low:
            ranges.append(f"{chr(low)}-{chr(high - 1)}")
        low = high + 1
    return "[" + "".join(ranges) + "]"


# Each pair of adjacent Han characters, neither of them a stop character, overlapping ("发动机"
# gives "发动" and "动机"): found by a lookahead at every position, in one pass.
HAN_PAIR = re.compile("(?=(" + _han_except(STOP_ZH) + "{2}))")

TRIVIAL = {
    "en": {k: re.compile(r"\b(?:" + v + r")\b", re.IGNORECASE) for k, v in TRIVIAL_EN.items()},
    "zh": {k: re.compile(v) for k, v in TRIVIAL_ZH.items()},
}
# Matched on lower-cased text (much faster than IGNORECASE).
DEGRADED = {"en": re.compile(DEGRADED_EN), "zh": re.compile(DEGRADED_ZH)}
NEGATION = {"en": NEGATION_EN, "zh": NEGATION_ZH}
# The one slot near-identical dependent claims differ in: two words, four Chinese characters
# ("the shell is red" / "... is blue", "made of plastic" / "... of stainless steel"); "integrated
# into another apparatus" / "... into a pocket PC" are different claims.
SLOT = {"en": 2, "zh": 4}
SENTENCE_END = re.compile(r"[.;。；!?！？]")
