"""Order No. 77 Art. 3(4): degraded, piled-up, stacked and narrowed claims, on claims written
here and on real claims with planted cases."""

from __future__ import annotations

import csv
import json
import random
from datetime import date

import pytest

from ipoffice.patents.document import PatentDocument
from ipoffice.patents.formats.uspto import read_uspto
from ipoffice.screening.claims_quality import MAX_CLAIMS, ClaimsQualityDetector
from ipoffice.screening.detector import Detector, ScreeningContext
from ipoffice.screening.findings import Finding
from ipoffice.screening.planting.text_cases import (
    CLAIMS_KINDS,
    claims_from_abstract,
    claims_quality_cases,
    document_from_text,
)
from tests.shared_data import biopat_texts, cn_abstracts, shared, us_claims

CONTEXT = ScreeningContext(as_of=date(2026, 1, 1))

BASE_EN = (
    "1. A water bottle comprising: a container body defining a liquid chamber; a lid "
    "threadedly engaged with an opening of the container body; a straw extending from the lid "
    "into the liquid chamber; and a valve disposed in the lid to close the straw when the lid "
    "is tilted."
)
BASE_ZH = (
    "1. 一种保温水杯，其特征在于，包括杯体、杯盖和吸管，所述杯盖与所述杯体的开口螺纹连接，"
    "所述吸管从所述杯盖伸入所述杯体内，所述杯盖内设有阀门，所述阀门在所述杯盖倾斜时关闭所述吸管。"
)


def run(
    docs: list[PatentDocument], detector: ClaimsQualityDetector | None = None
) -> dict[str, list[Finding]]:
    detector = detector or ClaimsQualityDetector()
    prepared = [(doc.id, detector.prepare(doc, CONTEXT)) for doc in docs]
    return detector.detect(prepared, CONTEXT)


def doc(doc_id: str, claims: list[str], lang: str = "en", **fields: str) -> PatentDocument:
    return PatentDocument(
        id=doc_id,
        title=fields.get("title", ""),
        lang=lang,  # type: ignore[arg-type]
        abstract=fields.get("abstract", ""),
        claims=claims,
    )


def test_it_is_a_detector() -> None:
    detector: Detector = ClaimsQualityDetector()
    assert detector.behaviour == "degraded_or_padded"


def with_dependents(lang: str, tails: list[str]) -> list[str]:
    """The water bottle's claim 1 and a dependent claim on it for each tail."""
    base, opening = (
        (BASE_ZH, "根据权利要求1所述的保温水杯，其特征在于，")
        if lang == "zh"
        else (BASE_EN, "The water bottle of claim 1, wherein ")
    )
    return [base] + [f"{n}. {opening}{tail}" for n, tail in enumerate(tails, start=2)]


def test_piled_up_trivial_dependent_claims_fire_with_the_claims_named() -> None:
    en = with_dependents(
        "en",
        [
            "the lid is red.",
            "the container body is made of glass.",
            "the water bottle is used in a kitchen.",
            "a cartoon pattern is printed on the container body.",
            "the straw has a circular cross-section.",
        ],
    )
    zh = with_dependents(
        "zh",
        [
            "所述杯盖为蓝色。",
            "所述杯体呈圆形。",
            "所述杯体的表面印有卡通图案。",
            "所述保温水杯采用礼盒包装。",
        ],
    )
    # A convenience stated with nothing that gives it is no technical feature either.
    handy_en = with_dependents(
        "en",
        [
            "the lid is easy to clean.",
            "the straw is easy to clean.",
            "the container body has a circular cross-section.",
            "the water bottle is easily carried.",
        ],
    )
    handy_zh = with_dependents(
        "zh",
        ["所述杯盖便于清洗。", "所述杯体易于清洁。", "所述杯体呈圆形。", "所述保温水杯便于携带。"],
    )
    found = run(
        [
            doc("en", en),
            doc("zh", zh, "zh"),
            doc("handy_en", handy_en),
            doc("handy_zh", handy_zh, "zh"),
            doc("plain", [BASE_EN]),
            doc("z0", [BASE_ZH], "zh"),
        ]
    )
    assert set(found) == {"en", "zh", "handy_en", "handy_zh"}
    for handy in ("handy_en", "handy_zh"):
        piled = found[handy][0].evidence["piled_up"]
        assert piled["trivial_dependent_claims"] == 4
        assert sum("convenience" in c["features"] for c in piled["claims"]) == 3
    evidence = found["en"][0].evidence
    assert "piled_up" in evidence["signals"]
    assert evidence["piled_up"]["trivial_dependent_claims"] == 5
    assert [c["claim"] for c in evidence["piled_up"]["claims"]] == [2, 3, 4, 5, 6]
    assert "colour" in evidence["piled_up"]["claims"][0]["features"]
    json.dumps(evidence)


def test_near_identical_dependent_claims_fire_but_parallel_claim_trees_do_not() -> None:
    materials = ["plastic", "stainless steel", "glass", "ceramic"]
    repeated = [BASE_EN] + [
        f"{n}. The water bottle of claim 1, wherein the lid is made of {m}."
        for n, m in enumerate(materials, start=2)
    ]
    # The same dependent claim under four different independent claims (a real drafting
    # pattern: method, system, medium, ...) is not repetition.
    parallel = []
    for k in range(4):
        parallel.append(f"{2 * k + 1}. A container of kind {k} comprising a body and a lid.")
        parallel.append(
            f"{2 * k + 2}. The container of claim {2 * k + 1}, wherein the lid seals the body."
        )
    found = run([doc("rep", repeated), doc("par", parallel)])
    assert list(found) == ["rep"]
    assert found["rep"][0].evidence["repeated"]["near_identical_claims"] == 4


def test_elements_from_an_unrelated_field_are_stacked() -> None:
    stacked = BASE_EN.rstrip(".") + (
        "; a convolutional neural network trained on labelled radiographs to classify tumours;"
        " and a blockchain ledger recording each payment transaction between merchants."
    )
    found = run([doc("stk", [stacked], title="Water bottle"), doc("ok", [BASE_EN])])
    assert list(found) == ["stk"]
    unsupported = found["stk"][0].evidence["stacked"]["unsupported_elements"]
    assert any("neural network" in e for e in unsupported)
    assert any("blockchain" in e for e in unsupported)


def test_exact_dimensions_narrow_a_device_claim_but_ranges_and_chemistry_do_not() -> None:
    narrowed = BASE_EN.rstrip(".") + (
        "; wherein the container body has a height of 212.5 mm, a diameter of 71 mm and a wall"
        " thickness of 1.2 mm, the lid has a height of 23 mm, the straw has a length of 190 mm"
        " and a diameter of 6.5 mm, and the valve weighs 4 g."
    )
    ranges = BASE_EN.rstrip(".") + (
        "; wherein the container body has a height of 150 mm to 250 mm, a diameter between 60"
        " mm and 90 mm, a wall thickness of at least 1 mm, and the straw is 5-8 mm wide."
    )
    chemistry = (
        "1. A composition comprising 5 wt% to 10 wt% of a polyol, 0.5 g of sodium chloride, "
        "12 mg of compound A, 3 mg of compound B, 7 g of water, 2 g of ethanol and 1 g of a "
        "surfactant, heated at 60 degrees for 30 minutes."
    )
    found = run([doc("narrow", [narrowed]), doc("range", [ranges]), doc("chem", [chemistry])])
    assert list(found) == ["narrow"]
    values = found["narrow"][0].evidence["narrowed"]["exact_dimensions"]
    assert "212.5 mm" in values and len(values) >= 6


def test_degradation_is_found_unless_negated_or_said_of_the_prior_art() -> None:
    degraded_en = [
        BASE_EN,
        "2. The water bottle of claim 1, wherein the valve is omitted, "
        "which reduces the efficiency of the water bottle.",
    ]
    degraded_zh = [
        BASE_ZH,
        "2. 根据权利要求1所述的保温水杯，其特征在于，去掉所述阀门，增加了成本。",
    ]
    # The element named in full, longer than the words allowed before the quality.
    degraded_named = [
        BASE_ZH,
        "2. 根据权利要求1所述的保温水杯，其特征在于，去掉所述盖体，降低了所述具有双层不锈钢"
        "真空隔热结构的保温水杯的保温效率。",
    ]
    negated = [
        BASE_EN,
        "2. The water bottle of claim 1, wherein the valve closes without "
        "increasing the cost of the water bottle.",
    ]
    prior_art = doc(
        "prior",
        [BASE_ZH],
        "zh",
        abstract="现有技术中的水杯结构复杂，增加成本。本实用新型结构简单。",
    )
    found = run(
        [
            doc("en", degraded_en),
            doc("zh", degraded_zh, "zh"),
            doc("named", degraded_named, "zh"),
            doc("neg", negated),
            prior_art,
        ]
    )
    assert set(found) == {"en", "zh", "named"}
    assert "保温效率" in found["named"][0].evidence["degraded"]["passages"][0]
    assert "去掉所述阀门" in found["zh"][0].evidence["degraded"]["passages"][0]


def test_perpetual_motion_is_against_common_sense() -> None:
    claims = [BASE_ZH, "2. 根据权利要求1所述的保温水杯，其特征在于，所述阀门构成永动机构。"]
    found = run([doc("pm", claims, "zh")])
    assert found["pm"][0].evidence["signals"] == ["common_sense"]


def test_empty_tiny_and_huge_claim_sets() -> None:
    huge_claim = "1. A device comprising " + "a part, " * 700_000 + "and a base."  # ~5.6 MB
    many = [BASE_EN] + [
        f"{n}. The water bottle of claim 1, wherein the lid is red." for n in range(2, 20_000)
    ]
    numbered = [
        f"[Claim {n}] The water bottle of claim 1, wherein the lid is red."
        for n in (12_345, 12_346, 12_347, 12_348, 12_349)
    ]
    docs = [
        PatentDocument(id="empty", title=""),
        PatentDocument(id="title", title="一种水杯"),
        doc("numbers", [BASE_EN, *numbered]),
        doc("huge", [huge_claim]),
        doc("many", many),
    ]
    detector = ClaimsQualityDetector()
    features = {d.id: detector.prepare(d, CONTEXT) for d in docs}
    assert features["empty"].score == features["title"].score == 0.0
    found = detector.detect(list(features.items()), CONTEXT)
    # 20,000 identical colour claims: judged on the first MAX_CLAIMS, and reported.
    assert "many" in found and found["many"][0].evidence["claims_read"] == MAX_CLAIMS
    # Claim labels beyond any real claim set are not taken for references.
    assert "numbers" in found


def test_same_input_same_findings() -> None:
    claims = [BASE_EN] + [
        f"{n}. The water bottle of claim 1, wherein the lid is {c}."
        for n, c in enumerate(["red", "blue", "green", "black", "white"], start=2)
    ]
    docs = [doc("a", claims), doc("b", [BASE_EN])]
    first = run(docs)
    second = run(list(reversed(docs)))
    assert first == second and list(first) == ["a"]


# --- real data -------------------------------------------------------------------------------


def real_sources() -> list[PatentDocument]:
    english = [doc(f"US{number}", [text]) for number, text in us_claims().items()]
    for path in sorted(shared("uspto").glob("*/*.xml")):
        english += [r.document for r in read_uspto(path) if r.document and r.document.claims]
    chinese = [
        claims_from_abstract(document_from_text(number, text, "zh"))
        for number, text in cn_abstracts().items()
    ]
    with shared("cn_ipc/cn_duplicate_examples.csv").open(encoding="utf-8-sig") as handle:
        rows = [r for r in csv.reader(handle) if len(r) == 3 and r[0] == "专利名称+专利摘要"]
    chinese += [
        claims_from_abstract(document_from_text(f"CND{k}", text, "zh"))
        for k, (_, _, text) in enumerate(rows)
    ]
    biomedical = [
        document_from_text(key, text, "en") for key, text in sorted(biopat_texts().items())
    ]
    return english + chinese + biomedical


@pytest.mark.slow
def test_real_claims_planted_cases_are_found_and_real_ones_are_not() -> None:
    cases = claims_quality_cases(real_sources(), random.Random(77), per_kind=8)
    detector = ClaimsQualityDetector()
    context = ScreeningContext(
        as_of=date(2026, 1, 1), models={detector.name: detector.fit(cases.documents)}
    )
    prepared = [(d.id, detector.prepare(d, context)) for d in cases.documents]
    found = detector.detect(prepared, context)
    normal = [d.id for d in cases.documents if d.id not in cases.abnormal]
    false_positives = [i for i in normal if i in found]
    assert len(false_positives) <= 0.02 * len(normal)
    for kind in CLAIMS_KINDS:
        planted = [i for i, k in cases.kinds.items() if k == kind]
        recall = sum(i in found for i in planted) / len(planted)
        assert recall >= (0.3 if kind == "stacked" else 0.75), (kind, recall)
