"""Order No. 77 Art. 3(1), second half: simple combinations of features of earlier applications."""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from datetime import date
from typing import Any

from ipoffice.patents.document import PatentDocument
from ipoffice.screening.combination import (
    COVERED_SHARE,
    SimpleCombinationDetector,
    claim_features,
    fragments,
)
from ipoffice.screening.detector import Detector, ScreeningContext
from ipoffice.screening.findings import Finding
from ipoffice.screening.pipeline import DocumentsSource, Screening
from ipoffice.screening.planting.content_cases import (
    load_patentsview_abstracts,
    plant_content_cases,
)
from tests.shared_data import cn_abstracts, shared, us_claims

AS_OF = date(2025, 1, 1)

FRAME = [
    "a carbon fibre frame carrying four arms",
    "a brushless motor mounted at the end of each arm",
    "a lithium polymer battery housed under the frame",
    "a flight controller reading an inertial measurement unit",
]
CAMERA = [
    "a three axis gimbal driven by servo motors",
    "an image sensor recording video at sixty frames per second",
    "a wireless transmitter streaming the video to a ground station",
]
SPRAYER = [
    "a pesticide tank of polyethylene holding twenty litres",
    "a diaphragm pump delivering the pesticide to spray nozzles",
    "a flow meter measuring the delivered volume of pesticide",
    "spray nozzles fixed under each arm by quick release clamps",
]


def claims(preamble: str, elements: list[str], dependent: Sequence[str] = ()) -> list[str]:
    out = [f"1. {preamble} comprising: " + "; ".join(elements) + "."]
    out += [f"{n}. The {preamble[2:]} of claim 1, wherein {e}." for n, e in enumerate(dependent, 2)]
    return out


def app(doc_id: str, day: date | None, claim_list: list[str], **extra: Any) -> PatentDocument:
    return PatentDocument(id=doc_id, title="", filing_date=day, claims=claim_list, **extra)


def plain(value: object) -> bool:
    """Whether evidence holds only str, int, float, bool, list and dict (JSON without null)."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(plain(v) for v in value)
    return isinstance(value, str | int | float | bool)


def screen(
    docs: list[PatentDocument], reference: tuple[PatentDocument, ...] = ()
) -> dict[str, Finding]:
    detector = SimpleCombinationDetector(reference)
    result = Screening([detector], as_of=AS_OF).run(DocumentsSource(docs))
    return {a.id: a.findings[0] for a in result.applications if a.findings}


def sources() -> list[PatentDocument]:
    return [
        app("S1", date(2020, 1, 1), claims("A drone", FRAME)),
        app("S2", date(2020, 6, 1), claims("A camera system", CAMERA)),
        app("S3", date(2019, 3, 1), claims("A crop sprayer", SPRAYER)),
    ]


def test_detector_follows_the_protocol() -> None:
    detector: Detector = SimpleCombinationDetector()
    assert detector.behaviour == "duplicate_or_combination"
    context = ScreeningContext(as_of=AS_OF)
    features = detector.prepare(sources()[0], context)
    assert detector.detect([("S1", features)], context) == {}


def test_combination_of_two_earlier_applications_is_found() -> None:
    combined = app(
        "C1",
        date(2021, 1, 1),
        claims("A camera drone", FRAME[:2] + CAMERA[:2], [CAMERA[2], FRAME[3]]),
    )
    found = screen([combined, *sources()])
    assert set(found) == {"C1"}
    finding = found["C1"]
    assert finding.related == ("S1", "S2")
    assert finding.score >= COVERED_SHARE
    evidence = finding.evidence
    assert plain(evidence)
    assert evidence["new_features"] == []
    assert {s["id"] for s in evidence["sources"]} == {"S1", "S2"}
    assert all(s["share"] >= 0.2 for s in evidence["sources"])
    matched = {m["text"]: m for m in evidence["matched"]}
    assert matched[CAMERA[0]]["source"] == "S2" and matched[CAMERA[0]]["source_text"] == CAMERA[0]
    assert matched[FRAME[3]]["claim"] == 3 and matched[FRAME[3]]["source_element"] == 4


def test_three_sources_and_synonyms() -> None:
    rephrased = [
        "a brushless motor positioned at the end of each arm",
        "spray nozzles secured under each arm by quick release clamps",
    ]
    combined = app(
        "C1",
        date(2021, 1, 1),
        claims(
            "A spraying drone", [FRAME[0], rephrased[0], *SPRAYER[:2]], [rephrased[1], *CAMERA[:2]]
        ),
    )
    found = screen([*sources(), combined])
    assert {s["id"] for s in found["C1"].evidence["sources"]} == {"S1", "S2", "S3"}
    matched = {m["text"]: m for m in found["C1"].evidence["matched"]}
    assert matched[rephrased[0]]["source_text"] == FRAME[1]
    assert matched[rephrased[1]]["similarity"] == 1.0


def test_chinese_combination() -> None:
    first = ["碳纤维机架上设有四个机臂", "每个机臂的端部安装有无刷电机", "机架下方设有锂聚合物电池"]
    second = [
        "三轴云台由舵机驱动",
        "图像传感器以每秒六十帧录制视频",
        "无线发射器将视频传输到地面站",
    ]
    make = "1. 一种{}，其特征在于，包括：{}。"
    docs = [
        app("CN1", date(2020, 1, 1), [make.format("无人机", "；".join(first))], lang="zh"),
        app("CN2", date(2020, 5, 1), [make.format("摄像系统", "；".join(second))], lang="zh"),
        app(
            "CN3",
            date(2021, 1, 1),
            [
                make.format("航拍无人机", "；".join(first[:2] + second[:2])),
                "2. 根据权利要求1所述的航拍无人机，其特征在于，机架下部装有锂聚合物电池。",
                "3. 根据权利要求1所述的航拍无人机，其特征在于，无线发射器将视频传送到地面站。",
            ],
            lang="zh",
        ),
    ]
    found = screen(docs)
    assert set(found) == {"CN3"} and found["CN3"].related == ("CN1", "CN2")


def test_single_source_is_a_duplicate_not_a_combination() -> None:
    duplicate = app("D1", date(2021, 1, 1), claims("A drone", FRAME[:3], [FRAME[3]]))
    assert screen([*sources(), duplicate]) == {}


def test_substantial_new_features_are_no_simple_combination() -> None:
    own = [
        "a parachute folded in a spring loaded canister on top of the frame",
        "an altimeter triggering the canister below a height of ten metres",
        "a beacon emitting a radio signal after landing for recovery of the drone",
    ]
    improved = app("I1", date(2021, 1, 1), claims("A safe drone", FRAME[:2] + CAMERA[:1] + own))
    assert screen([*sources(), improved]) == {}
    one_feature = app("I2", date(2021, 1, 1), claims("A safe drone", own, [CAMERA[0]]))
    assert screen([*sources(), one_feature]) == {}


def test_later_applications_are_no_sources() -> None:
    combined = app("C1", date(2019, 1, 1), claims("A camera drone", FRAME[:2] + CAMERA[:2]))
    assert screen([*sources(), combined]) == {}
    # Same day: the smaller id is the earlier.
    day = date(2020, 6, 1)
    same_day = app("A0", day, claims("A camera drone", FRAME[:2] + CAMERA[:2]))
    assert screen([*sources(), same_day]) == {}
    same_day = app("Z9", day, claims("A camera drone", FRAME[:2] + CAMERA[:2]))
    assert set(screen([*sources(), same_day])) == {"Z9"}


def test_reference_corpus_is_a_source() -> None:
    reference = tuple(sources()[:2])
    combined = app("C1", date(2021, 1, 1), claims("A camera drone", FRAME[:2] + CAMERA[:2]))
    found = screen([combined], reference)
    assert {s["id"] for s in found["C1"].evidence["sources"]} == {"S1", "S2"}
    assert all(s["reference"] for s in found["C1"].evidence["sources"])
    assert found["C1"].related == ()
    assert found["C1"].evidence["matched"][0]["source_text"] == FRAME[0]


def test_same_family_and_commonplace_features() -> None:
    family = [
        app("S1", date(2020, 1, 1), claims("A drone", FRAME), family_id="F"),
        app("S2", date(2020, 6, 1), claims("A camera system", CAMERA), family_id="F"),
    ]
    combined = app("C1", date(2021, 1, 1), claims("A drone", FRAME[:2] + CAMERA[:2]), family_id="F")
    assert screen([*family, combined]) == {}
    # "a processor" is too small to trace.
    assert fragments("a processor") == []


def test_fragments_make_claim_structure_irrelevant() -> None:
    one = "a frame with four arms, a motor at the end of each arm, a lithium polymer battery"
    pieces = [text for text, _, _ in fragments(one)]
    assert pieces == [
        "a frame with four arms",
        "a motor at the end of each arm",
        "a lithium polymer battery",
    ]
    # A small piece joins its neighbour instead of being lost.
    assert [t for t, _, _ in fragments("a frame, red, carrying four long carbon arms")] == [
        "a frame, red, carrying four long carbon arms"
    ]


def test_bad_claims_and_empty_documents() -> None:
    messy = app("M1", date(2021, 1, 1), ["", "3. A drone comprising a frame.", "2. The drone."])
    assert claim_features(PatentDocument(id="E", title="")) == []
    assert claim_features(messy) == []
    many = app("H1", date(2021, 1, 1), claims("A drone", FRAME * 500))
    assert len(claim_features(many)) == len(FRAME)  # each feature once
    assert screen([messy, many, *sources()]) == {}


def test_findings_do_not_depend_on_input_order() -> None:
    docs = [
        *sources(),
        app("C1", date(2021, 1, 1), claims("A camera drone", FRAME[:2] + CAMERA[:2])),
        app("C2", date(2021, 2, 1), claims("A spraying drone", FRAME[:2] + SPRAYER[:2])),
    ]
    first = {k: v.as_dict() for k, v in screen(docs).items()}
    assert set(first) == {"C1", "C2"}
    rng = random.Random(3)
    for _ in range(3):
        rng.shuffle(docs)
        assert {k: v.as_dict() for k, v in screen(docs).items()} == first


def test_planted_real_combinations_are_found_and_nothing_else() -> None:
    abstracts = load_patentsview_abstracts(shared("patentsview/neural_network_patent_query.csv"))
    with shared("cn_ipc/cn_titles_ipc_dev.csv").open(encoding="utf-8") as handle:
        titles = [row["title"] for row in csv.DictReader(handle)]
    zh, claims_by_id = cn_abstracts(), us_claims()
    planted = plant_content_cases(
        [claims_by_id[k] for k in sorted(claims_by_id)],
        abstracts,
        [zh[k] for k in sorted(zh)],
        titles,
        random.Random(77),
    )
    found = screen(planted.documents, tuple(planted.reference))
    expected = planted.expected["simple_combination"]
    assert len(set(found) & expected) >= 0.8 * len(expected)
    # Duplicates (copies of one application) and feature reuse are not combinations.
    others = [i for i, k in planted.kinds.items() if k != "combination"]
    assert not set(found) & set(others)
    negatives = {"one_feature", "two_features"}
    assert sum(1 for k in planted.kinds.values() if k in negatives) >= 10
    for planted_id in set(found) & expected:
        named = {s["id"] for s in found[planted_id].evidence["sources"]}
        assert named <= set(planted.sources[planted_id]) and len(named) >= 2
