"""Claims: splitting a block, numbering, dependencies in every usual phrasing, and elements, on
hand-written Chinese and English claim sets and on real US claims and Chinese abstracts."""

from __future__ import annotations

import re

import pytest

from ipoffice.core.errors import InvalidInput
from ipoffice.patents.claims import ParsedClaim, parse_claims, split_claims
from tests import shared_data


@pytest.fixture(scope="module")
def us_claims() -> dict[str, str]:
    return shared_data.us_claims()


@pytest.fixture(scope="module")
def cn_abstracts() -> dict[str, str]:
    return shared_data.cn_abstracts()


@pytest.fixture(scope="module")
def biopat() -> dict[str, str]:
    return shared_data.biopat_texts()


def _one(text: str, lang: str | None = None) -> ParsedClaim:
    [claim] = parse_claims([text], lang)  # type: ignore[arg-type]
    return claim


def _deps(*claims: str) -> list[tuple[int, ...]]:
    return [claim.depends_on for claim in parse_claims(list(claims))]


# --- hand-written Chinese claim sets ----------------------------------------------------------

METHOD_ZH = """权利要求书
1、一种基于深度学习的锂电池健康状态估计方法，其特征在于，包括以下步骤：
步骤S1，采集锂电池在充电过程中的电压、电流和温度数据；
步骤S2，对所述数据进行归一化处理（采用最小-最大归一化，得到[0，1]区间的数据），构建训练样本集；
步骤S3，将所述训练样本集输入卷积神经网络模型进行训练，得到健康状态估计模型；
步骤S4，利用所述健康状态估计模型估计待测锂电池的健康状态。
2、根据权利要求1所述的方法，其特征在于，所述步骤S1中的采样频率为1Hz。
3、如权利要求1或2所述的方法，其中，所述卷积神经网络模型包括三个卷积层和两个全连接层。
4、根据权利要求1至3中任一项所述的方法，其特征在于，所述步骤S2还包括：剔除异常数据；以及对缺失数据进行线性插值。
5、权利要求1-3任一所述的方法，所述温度数据由设置在电池表面的热电偶采集。
"""

DEVICE_ZH = [
    "1．一种电动车充电桩用散热装置，包括箱体（1），其特征在于：所述箱体（1）的顶部设置有散热"
    "风扇（2），所述箱体（1）的侧壁开设有通风孔（3），所述通风孔（3）内安装有防尘网（4）。",
    "2．根据权利要求1所述的散热装置，其特征在于：所述防尘网（4）为不锈钢材质。",
    "3．根据权利要求1所述的散热装置，还包括温度传感器（5）和控制器（6），所述温度传感器（5）"
    "与所述控制器（6）电连接。",
    "4．根据权利要求3所述的散热装置，所述散热风扇（2）为轴流风扇，所述控制器（6）根据所述温度"
    "传感器（5）的检测值控制所述散热风扇（2）的转速。",
    "5．根据前述任一项权利要求所述的散热装置，其中所述箱体（1）的底部设置有万向轮。",
]


def test_chinese_method_claims_split_and_parse() -> None:
    texts = split_claims(METHOD_ZH)
    assert len(texts) == 5
    assert texts[0].startswith("1、一种基于深度学习的锂电池健康状态估计方法")
    assert texts[0].endswith("估计待测锂电池的健康状态。")
    assert texts[4] == "5、权利要求1-3任一所述的方法，所述温度数据由设置在电池表面的热电偶采集。"
    claims = parse_claims(texts)
    assert [c.number for c in claims] == [1, 2, 3, 4, 5]
    assert [c.depends_on for c in claims] == [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3)]
    assert [c.is_independent for c in claims] == [True, False, False, False, False]
    assert claims[1].text == "根据权利要求1所述的方法，其特征在于，所述步骤S1中的采样频率为1Hz。"
    assert claims[0].elements == (
        "采集锂电池在充电过程中的电压、电流和温度数据",
        # The comma inside the brackets does not split; the one outside does not either,
        # because the steps are separated by semicolons.
        "对所述数据进行归一化处理（采用最小-最大归一化，得到[0，1]区间的数据），构建训练样本集",
        "将所述训练样本集输入卷积神经网络模型进行训练，得到健康状态估计模型",
        "利用所述健康状态估计模型估计待测锂电池的健康状态",
    )
    assert claims[1].elements == ("所述步骤S1中的采样频率为1Hz",)
    assert claims[2].elements == ("所述卷积神经网络模型包括三个卷积层和两个全连接层",)
    assert claims[3].elements == ("所述步骤S2还包括：剔除异常数据", "对缺失数据进行线性插值")
    assert claims[4].elements == ("所述温度数据由设置在电池表面的热电偶采集",)
    assert all(c.problems == () for c in claims)


def test_chinese_device_claims_with_dependents() -> None:
    claims = parse_claims(DEVICE_ZH)
    assert [c.number for c in claims] == [1, 2, 3, 4, 5]
    assert [c.depends_on for c in claims] == [(), (1,), (1,), (3,), (1, 2, 3, 4)]
    # Two-part form: the feature in the preamble part ("包括箱体（1）") is an element too.
    assert claims[0].elements == (
        "箱体（1）",
        "所述箱体（1）的顶部设置有散热风扇（2）",
        "所述箱体（1）的侧壁开设有通风孔（3）",
        "所述通风孔（3）内安装有防尘网（4）",
    )
    assert claims[1].elements == ("所述防尘网（4）为不锈钢材质",)
    assert claims[2].elements == (
        "温度传感器（5）和控制器（6）",
        "所述温度传感器（5）与所述控制器（6）电连接",
    )
    # No transitional word: what follows "所述的散热装置，" is added.
    assert claims[3].elements == (
        "所述散热风扇（2）为轴流风扇",
        "所述控制器（6）根据所述温度传感器（5）的检测值控制所述散热风扇（2）的转速",
    )
    assert claims[4].elements == ("所述箱体（1）的底部设置有万向轮",)


def test_chinese_step_labels_are_removed() -> None:
    claim = _one(
        "一种数据处理方法，包括：S1、获取原始数据；S2：清洗所述原始数据；步骤3）建立模型；"
        "（4）输出结果；①保存日志"
    )
    assert claim.elements == (
        "获取原始数据",
        "清洗所述原始数据",
        "建立模型",
        "输出结果",
        "保存日志",
    )


def test_chinese_claim_without_structure_is_one_element() -> None:
    assert _one("一种式（I）所示的化合物或其药学上可接受的盐。").elements == (
        "一种式（I）所示的化合物或其药学上可接受的盐",
    )


def test_traditional_chinese_claims() -> None:
    claims = parse_claims(
        ["一種裝置，包括殼體。", "根據權利要求1所述的裝置，其特徵在於，殼體為圓形。"]
    )
    assert claims[1].depends_on == (1,)
    assert claims[1].elements == ("殼體為圓形",)


# --- hand-written English claim set -----------------------------------------------------------

CLAIMS_EN = """What is claimed is:
1. A method of treating cancer, comprising: (a) administering a compound to a subject; and (b) \
measuring a level of a biomarker, e.g. PD-L1, as shown in FIG. 2.
2. The method according to claim 1, wherein the compound is administered at 2.5 mg/kg.
3. The method as claimed in claim 1 or 2, wherein the subject is a human.
4. The method of any one of claims 1 to 3, further comprising: monitoring the subject; and \
adjusting the dose.
5. The method of claims 1-3, wherein the biomarker is PD-L1.
6. The method as in claim 2, wherein the level is measured in blood.
7. The method of any preceding claim, performed daily.
8. A kit comprising the compound of claim 1 and instructions.
"""


def test_english_claims_split_and_parse() -> None:
    texts = split_claims(CLAIMS_EN)
    assert len(texts) == 8
    # "FIG. 2." inside claim 1 is not claim 2.
    assert texts[0].endswith("as shown in FIG. 2.")
    assert (
        texts[1]
        == "2. The method according to claim 1, wherein the compound is administered at 2.5 mg/kg."
    )
    claims = parse_claims(texts)
    assert [c.depends_on for c in claims] == [
        (), (1,), (1, 2), (1, 2, 3), (1, 2, 3), (2,), (1, 2, 3, 4, 5, 6), (1,),
    ]  # fmt: skip
    assert [c.elements for c in claims] == [
        (
            "administering a compound to a subject",
            "measuring a level of a biomarker, e.g. PD-L1, as shown in FIG. 2",
        ),
        ("the compound is administered at 2.5 mg/kg",),
        ("the subject is a human",),
        ("monitoring the subject", "adjusting the dose"),
        ("the biomarker is PD-L1",),
        ("the level is measured in blood",),
        ("performed daily",),
        # It names claim 1 inside its body: cut like an independent claim.
        ("the compound of claim 1 and instructions",),
    ]


def test_the_same_block_on_one_line_splits_the_same() -> None:
    flat = " ".join(CLAIMS_EN.split("\n"))
    assert split_claims(flat) == split_claims(CLAIMS_EN)


def test_english_element_separators() -> None:
    assert _one(
        "An apparatus comprising:\na housing;\na lid, wherein the lid is hinged; and\n(iii) a seal."
    ).elements == ("a housing", "a lid", "the lid is hinged", "a seal")
    # No semicolon: ", and" separates.
    assert _one("A kit comprising a buffer, and a column (A, and B).").elements == (
        "a buffer",
        "a column (A, and B)",
    )
    assert _one("A composition consisting of water and salt.").elements == ("water and salt",)
    assert _one("A compound of formula (I).").elements == ("A compound of formula (I)",)
    assert _one("A method consisting of the steps of: a. mixing; b. heating.").elements == (
        "mixing",
        "heating",
    )


# --- numbering --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "number", "text"),
    [
        ("1. A method.", 1, "A method."),
        ("1、一种方法。", 1, "一种方法。"),
        ("1．一种方法。", 1, "一种方法。"),
        ("１．一种方法。", 1, "一种方法。"),
        ("[Claim 1] A method.", 1, "A method."),
        ("【权利要求1】一种方法。", 1, "一种方法。"),
        ("Claim 1: A method.", 1, "A method."),
        ("1) A method.", 1, "A method."),
        ("A method.", 1, "A method."),
        ("2.5 g of a salt.", 1, "2.5 g of a salt."),
        ("1,3-butadiene.", 1, "1,3-butadiene."),
    ],
)
def test_number_labels(raw: str, number: int, text: str) -> None:
    claim = _one(raw)
    assert (claim.number, claim.text) == (number, text)


def test_unnumbered_claims_follow_the_one_before() -> None:
    claims = parse_claims(["3. A method.", "The method of claim 3, hot.", "A device."])
    assert [c.number for c in claims] == [3, 4, 5]
    assert claims[1].depends_on == (3,)


def test_numbers_must_increase() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_claims(["1. A.", "1. B."])
    assert caught.value.message == "claim numbered 1 follows claim 1: numbers must increase"
    assert caught.value.field == "claims"
    claims = parse_claims(["1. A.", "1. B."], strict=False)
    assert [c.number for c in claims] == [1, 2]
    assert claims[1].problems == (
        "claim numbered 1 follows claim 1: numbers must increase; numbered 2",
    )


def test_bad_claim_lists() -> None:
    with pytest.raises(InvalidInput, match="claim 2 is empty"):
        parse_claims(["A method.", "  "])
    with pytest.raises(InvalidInput, match="claim 1 is empty"):
        parse_claims(["1. "])
    with pytest.raises(InvalidInput, match="list"):
        parse_claims("1. A method.")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput) as caught:
        parse_claims(["A method."], "de")  # type: ignore[arg-type]
    assert caught.value.field == "lang"
    with pytest.raises(InvalidInput, match="claim 2 is not text"):
        parse_claims(["A method.", None])  # type: ignore[list-item]
    with pytest.raises(InvalidInput):
        split_claims(None)  # type: ignore[arg-type]
    assert parse_claims([]) == []
    assert split_claims("") == []
    assert split_claims(" \n ") == []
    assert split_claims("A method of heating water.") == ["A method of heating water."]


# --- dependencies -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("The method according to claim 3, wherein x.", (3,)),
        ("The method as claimed in claim 1 or 2, wherein x.", (1, 2)),
        ("The method of any one of claims 1 to 4, wherein x.", (1, 2, 3, 4)),
        ("The method of claims 1-3, wherein x.", (1, 2, 3)),
        ("The method of claims 1–3, wherein x.", (1, 2, 3)),
        ("The method as in claim 2, wherein x.", (2,)),
        ("The method of claim 1, 2 or 4, wherein x.", (1, 2, 4)),
        ("The method of claim 1 or claim 3, wherein x.", (1, 3)),
        ("The method of any of claims 2 through 4 and 1, wherein x.", (1, 2, 3, 4)),
        ("The method of any preceding claim, wherein x.", (1, 2, 3, 4)),
        ("The method of the preceding claim, wherein x.", (4,)),
        ("根据权利要求1所述的方法，其特征在于，x。", (1,)),
        ("如权利要求1或2所述的方法，其特征在于，x。", (1, 2)),
        ("根据权利要求1至3中任一项所述的方法，其特征在于，x。", (1, 2, 3)),
        ("权利要求1-3任一所述的方法，其特征在于，x。", (1, 2, 3)),
        ("根据权利要求２～４中任一项所述的方法，x。", (2, 3, 4)),
        ("根据权利要求1、2或4所述的方法，x。", (1, 2, 4)),
        ("根据前述任一项权利要求所述的方法，x。", (1, 2, 3, 4)),
    ],
)
def test_dependency_phrasings(phrase: str, expected: tuple[int, ...]) -> None:
    claims = parse_claims(["A method.", "A method.", "A method.", "A method.", phrase])
    assert claims[4].depends_on == expected
    assert not claims[4].is_independent


def test_reference_to_a_missing_claim() -> None:
    claims = [
        "A method.",
        "The method of claim 1.",
        "The method of claim 2.",
        "The method of claim 7.",
    ]
    with pytest.raises(InvalidInput) as caught:
        parse_claims(claims)
    assert caught.value.message == "claim 4 refers to claim 7, which does not exist"
    assert caught.value.field == "claims"
    parsed = parse_claims(claims, strict=False)
    assert [c.depends_on for c in parsed] == [(), (1,), (2,), ()]
    assert parsed[3].problems == ("claim 4 refers to claim 7, which does not exist",)
    assert [c.problems for c in parsed[:3]] == [(), (), ()]


def test_reference_to_a_later_claim_or_itself() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_claims(["A method.", "The method of claim 3.", "A device."])
    assert caught.value.message == "claim 2 refers to claim 3, a later claim"
    with pytest.raises(InvalidInput) as caught:
        parse_claims(["A method.", "The method of claim 2."])
    assert caught.value.message == "claim 2 refers to itself"
    with pytest.raises(InvalidInput) as caught:
        parse_claims(["The method of any preceding claim."])
    assert caught.value.message == "claim 1 refers to preceding claims, but it is the first claim"


def test_lenient_parsing_keeps_the_good_references() -> None:
    parsed = parse_claims(
        ["一种装置。", "根据权利要求1或5所述的装置，其特征在于，所述装置为红色。"], strict=False
    )
    assert parsed[1].depends_on == (1,)
    assert parsed[1].problems == ("claim 2 refers to claim 5, which does not exist",)
    assert parsed[1].elements == ("所述装置为红色",)
    # The reference range is checked claim by claim.
    parsed = parse_claims(["A.", "B.", "The method of claims 1 to 4."], strict=False)
    assert parsed[2].depends_on == (1, 2)
    assert parsed[2].problems == (
        "claim 3 refers to itself",
        "claim 3 refers to claim 4, which does not exist",
    )


def test_missing_claims_in_a_range_are_one_problem() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_claims(["A method.", "A method.", "The method of claims 1 to 9."])
    assert caught.value.message == "claim 3 refers to itself"
    parsed = parse_claims(["A.", "B.", "The method of claims 1, 2 or 4 to 9."], strict=False)
    assert parsed[2].depends_on == (1, 2)
    assert parsed[2].problems == ("claim 3 refers to claims 4 to 9, which do not exist",)


def test_a_numbered_reference_after_shangshu_is_not_all_preceding_claims() -> None:
    claims = parse_claims(
        ["一种装置。", "一种装置。", "根据上述权利要求2所述的装置，其中x为红色。"]
    )
    assert claims[2].depends_on == (2,)


def test_parsed_claim_is_frozen() -> None:
    claim = _one("A method.")
    with pytest.raises(AttributeError):
        claim.number = 2  # type: ignore[misc]


# --- real claims ------------------------------------------------------------------------------


def test_real_us_claims_exact_elements(us_claims: dict[str, str]) -> None:
    assert _one(us_claims["13696208"]).elements == (
        "a first access point and a second access point",
        "a user equipment device operable to wirelessly communicate with the first access point "
        "using a first set of radio resources and to wirelessly communicate with the second "
        "access point using a second set of radio resources",
        "the user equipment device is further operable to use the first and second sets of radio "
        "resources to communicate cooperation data to the first and second access points to "
        "mitigate interference",
    )
    assert _one(us_claims["13926213"]).elements == (
        "a latch configured to receive and to store a signal value",
        "an error detector configured to detect errors in operation of said integrated circuit "
        "by detecting a late arriving transition in said signal value received by said latch",
        "error-repair circuitry configured to repair errors in operation of said integrated "
        "circuit",
    )
    # "consisting of the steps of:" is the transition; "consisting essentially of" inside an
    # element is not.
    elements = _one(us_claims["13978867"]).elements
    assert elements[:3] == (
        "receiving, by a processor, health promotion data",
        "processing, by the processor, the health promotion data to identify at least one "
        "preselected behavior change methodology",
        "generating, by the processor, a corresponding instruction to initiate the identified at "
        "least one behavior change methodology",
    )
    assert len(elements) == 5
    assert elements[4] == (
        "the ingestion event generating the health promotion data is facilitated via an "
        "ingestible device"
    )


def test_real_us_claim_with_an_earlier_transition_in_the_preamble(
    us_claims: dict[str, str],
) -> None:
    # "...including a conductor marking arrangement, comprising: (a) a connector body ...": the
    # body starts at the colon, not at the preamble's "including".
    elements = _one(us_claims["13983966"]).elements
    assert elements[0].startswith("a connector body (1)")
    assert all("marking arrangement, comprising" not in element for element in elements)


def test_real_us_claims_all_parse(us_claims: dict[str, str]) -> None:
    assert len(us_claims) >= 50
    counts: list[int] = []
    for number, text in us_claims.items():
        [claim] = parse_claims([text])
        assert claim.number == 1
        # Two of them start with their label "1) ".
        assert claim.text == text.strip().removeprefix("1) ")
        assert claim.is_independent, number
        assert claim.problems == ()
        assert claim.elements, number
        for element in claim.elements:
            assert element and element == element.strip()
            assert element in text, (number, element)
            assert not re.match(r"(?:and|or|wherein)\b|\(?[a-z]\)", element), (number, element)
            assert not element.endswith((";", ".", ",", ":"))
        # The preamble is not an element.
        assert not text.startswith(claim.elements[0]), number
        assert split_claims(text) == [text.strip()]
        counts.append(len(claim.elements))
    # Nearly every real claim has a structured body.
    assert sum(1 for count in counts if count >= 2) / len(counts) > 0.95


def test_real_us_claim_with_its_own_label(us_claims: dict[str, str]) -> None:
    claim = _one(us_claims["14222306"])
    assert claim.text.startswith("A solid-state, ion-conducting battery comprising: a) cathode")
    assert claim.elements == (
        "cathode material or anode material",
        "a solid-state electrolyte (SSE) material comprising a porous region having a plurality "
        "of pores, and a dense region",
        "the cathode material or the anode material is disposed on at least a portion of the "
        "porous region and the dense region is free of the cathode material and the anode "
        "material",
        # "..., and c) a current collector": the labels a), b), c) separate items too.
        "a current collector disposed on at least a portion of the cathode material or the anode "
        "material",
    )


def test_real_us_claims_item_labels_and_reference_numerals(us_claims: dict[str, str]) -> None:
    # "(A) ... and (B) ...": labelled items without semicolons; "a) ... and b) ..." inside the
    # second item does not count up from the start of the body and stays.
    assert _one(us_claims["13661515"]).elements == (
        "obtaining a substrate comprising a semiconductor material",
        "contacting at least a portion of a surface of the substrate with an effective amount of "
        "a doping composition comprising a) a solvent and b) an inorganic salt of a phosphor "
        "containing acid dispersed in said solvent",
    )
    # Reference numerals "(1)", "(2)", "(3)" are not item labels.
    elements = _one(us_claims["13988771"]).elements
    assert len(elements) == 2
    assert elements[0].startswith("a core region (1) and a sheath region, the sheath region")
    assert elements[1].startswith("the outer region (3) surrounds the inner region (2)")


def test_real_us_claims_as_one_block(us_claims: dict[str, str]) -> None:
    texts = [text.strip() for text in list(us_claims.values())[:60]]
    block = "\n".join(f"{i}. {text}" for i, text in enumerate(texts, start=1))
    split = split_claims(block)
    assert split == [f"{i}. {text}" for i, text in enumerate(texts, start=1)]
    claims = parse_claims(split)
    assert [c.number for c in claims] == list(range(1, 61))
    assert [c.text for c in claims] == texts
    assert all(c.is_independent for c in claims)


def test_real_biopat_abstract_claim(biopat: dict[str, str]) -> None:
    text = biopat["9260505-c0"]
    claim_text = text[text.index("A method of producing") : text.index(" Methods of producing")]
    assert _one(claim_text).elements == (
        "providing a mutant GPCR of a parent GPCR",
        "the mutant GPCR has increased stability in a particular conformation relative to the "
        "parent GPCR",
        "providing a test compound",
        "determining whether the test compound binds to the mutant GPCR when residing in a "
        "particular conformation",
        "isolating a test compound that binds to the mutant GPCR when residing in the particular "
        "formation",
    )


def test_real_chinese_abstracts_in_claim_style(cn_abstracts: dict[str, str]) -> None:
    abstract = cn_abstracts["CN117707585A"].split("[SEP] ")[-1]
    claim = _one(abstract[: abstract.index("。") + 1])
    assert claim.elements == (
        "远程后台发布软件新版本内容",
        "所述远程后台遍历建立连接的设备端的软件版本号，并与所述软件新版本内容中的版本号进行比对，"
        "当所述设备端的软件版本号小于所述软件新版本内容中的版本号时，生成对应于所述设备端的软件"
        "升级数据包",
        "所述设备端接收所述软件升级数据包，并对软件升级数据包进行安全校验，安全校验通过后进行软件"
        "升级",
    )
    abstract = cn_abstracts["CN117151122A"]
    claim = _one(abstract[abstract.index("所述方法包括") : abstract.index("本发明通过")])
    assert claim.elements == (
        "获取权限数据，基于权限数据获取产品手册数据以及业务流程手册数据",
        "基于产品手册数据以及业务流程手册数据利用自然语言处理技术进行问答回复数据提取处理，"
        "生成问答回复数据",
        "基于问答回复数据进行关系图谱建立，生成标准词语关系图谱",
        "获取业务流程单位时间段数据，基于业务流程单位时间段数据以及标准词语关系图谱实现可视化"
        "文本示例数据推送，进而实现银行客服会话处理",
    )
    abstract = cn_abstracts["CN116560767A"]
    start = abstract.index("本公开实施例")
    claim = _one(abstract[start : abstract.index("。", start) + 1])
    assert claim.elements == (
        "响应于目标展示数据的展示指令，根据预设展示模式确定展示区域中的各候选位置，并根据预设"
        "展示模式以及展示区域中当前展示数据的位置确定展示区域中的参照位置",
        "根据各候选位置与参照位置之间的距离，确定各候选位置的优度值",
        "根据优度值从各候选位置中确定目标位置，并根据目标位置展示目标展示数据",
    )
