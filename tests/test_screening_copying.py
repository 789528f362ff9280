"""Order No. 77 Art. 3(2): copying, simple substitution and patchwork of prior art."""

from __future__ import annotations

import csv
import pickle
import random
from datetime import date
from typing import Any

import pytest

from ipoffice.patents.document import PatentDocument
from ipoffice.screening import copying
from ipoffice.screening.copying import (
    COPIED_SHARE,
    STANDARD_SENTENCE_DOCS,
    PriorArtCopyingDetector,
    content_units,
)
from ipoffice.screening.detector import Detector, ScreeningContext
from ipoffice.screening.findings import Finding
from ipoffice.screening.pipeline import DocumentsSource, Screening
from ipoffice.screening.planting.content_cases import (
    PLANTED_KINDS,
    load_patentsview_abstracts,
    plant_content_cases,
)
from ipoffice.screening.synonyms import analyse, match_changes
from tests.shared_data import cn_abstracts, shared, us_claims

AS_OF = date(2025, 1, 1)

DRONE = [
    "A drone has a housing fastened to a frame by four bolts of 5 mm.",
    "The frame carries a lithium battery pack connected to a motor controller board.",
    "The motor controller drives four brushless motors, which rotate folding propellers, "
    "mounted on carbon arms.",
    "A camera gimbal is attached below the housing and stabilises the camera with two servo "
    "motors.",
    "A radio receiver decodes pilot commands and passes them to the flight computer.",
]
PUMP = [
    "A centrifugal pump moves cooling water through a closed circuit of copper pipes.",
    "An impeller of stainless steel is driven by a shaft sealed with a ceramic face seal.",
    "A pressure sensor at the outlet reports the delivery head to a programmable controller.",
    "The controller varies the speed of the induction motor with a frequency inverter.",
]
LAMP = [
    "A desk lamp has a weighted cast iron base carrying an articulated aluminium arm.",
    "A dimmable light emitting diode panel at the end of the arm gives glare free light.",
    "A touch switch in the base cycles through four brightness levels and a night mode.",
    "A USB charging port in the base powers a phone placed on the wireless charging pad.",
]
ZH_SOURCE = [
    "本实用新型公开了一种无人机，包括外壳、机架和电池组。",
    "所述外壳通过螺栓固定连接在所述机架上，所述机架上设有四个机臂。",
    "每个机臂的端部安装有无刷电机，所述无刷电机驱动折叠螺旋桨旋转。",
    "所述外壳的底部设有云台，所述云台通过两个舵机稳定摄像头。",
    "遥控接收器接收遥控指令并传送给飞行控制器。",
]


def doc(doc_id: str, day: date | None, abstract: list[str], **extra: Any) -> PatentDocument:
    joiner = "" if extra.get("lang") == "zh" else " "
    return PatentDocument(
        id=doc_id, title="", filing_date=day, abstract=joiner.join(abstract), **extra
    )


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
    detector = PriorArtCopyingDetector(reference)
    result = Screening([detector], as_of=AS_OF).run(DocumentsSource(docs))
    return {a.id: a.findings[0] for a in result.applications if a.findings}


def kinds(finding: Finding) -> list[str]:
    return [p["kind"] for p in finding.evidence["passages"]]


def test_detector_follows_the_protocol() -> None:
    detector: Detector = PriorArtCopyingDetector()
    assert detector.behaviour == "fabricated_or_copied"
    features = detector.prepare(doc("A", date(2020, 1, 1), DRONE), ScreeningContext(as_of=AS_OF))
    assert detector.detect([("A", features)], ScreeningContext(as_of=AS_OF)) == {}


def test_verbatim_copy_with_other_content_is_found_with_its_source() -> None:
    source = doc("A1", date(2020, 1, 1), DRONE)
    copy = doc("B1", date(2021, 1, 1), DRONE[:4] + PUMP[:1])
    found = screen([source, copy, doc("C1", date(2019, 1, 1), LAMP)])
    assert set(found) == {"B1"}
    finding = found["B1"]
    assert finding.related == ("A1",)
    assert COPIED_SHARE <= finding.score < 1.0
    assert finding.evidence["patchwork"] is False
    assert [s["id"] for s in finding.evidence["sources"]] == ["A1"]
    assert set(kinds(finding)) == {"verbatim"}
    first = finding.evidence["passages"][0]
    assert first["sentence"] == first["source_sentence"] == DRONE[0]
    assert plain(finding.evidence) and finding.evidence["sources"][0]["date"] == "2020-01-01"
    assert first["where"] == "abstract" and first["source"] == "A1"


def test_synonym_substitution_is_undone_and_named() -> None:
    rephrased = [
        "A drone has a casing secured to a frame by four screws of 5 mm.",
        "The frame carries a lithium battery pack coupled to a motor controller board.",
        *DRONE[2:],
    ]
    found = screen([doc("A1", date(2020, 1, 1), DRONE), doc("B1", date(2021, 1, 1), rephrased)])
    passages = found["B1"].evidence["passages"]
    assert [p["kind"] for p in passages[:2]] == ["synonym_substituted", "synonym_substituted"]
    assert passages[0]["similarity"] == 1.0


def test_chinese_synonym_substitution_is_found() -> None:
    rephrased = [
        ZH_SOURCE[0],
        "所述机壳通过螺钉固接在所述机架上，所述机架上设置有四个机臂。",
        "每个机臂的端部装有无刷马达，所述无刷马达驱动折叠螺旋桨旋转。",
        *ZH_SOURCE[3:],
    ]
    source = doc("CN1", date(2020, 1, 1), ZH_SOURCE, lang="zh")
    found = screen([source, doc("CN2", date(2021, 1, 1), rephrased, lang="zh")])
    assert found["CN2"].related == ("CN1",)
    assert kinds(found["CN2"]).count("synonym_substituted") == 2


def test_reordered_clauses_and_changed_numbers_are_named() -> None:
    changed = [
        "A drone has a housing fastened to a frame by six bolts of 8 mm.",
        *DRONE[1:2],
        "Mounted on carbon arms, which rotate folding propellers, four brushless motors are "
        "driven by the motor controller.",
        *DRONE[3:],
    ]
    found = screen([doc("A1", date(2020, 1, 1), DRONE), doc("B1", date(2021, 1, 1), changed)])
    by_sentence = {p["sentence"]: p for p in found["B1"].evidence["passages"]}
    assert by_sentence[changed[0]]["kind"] == "numbers_changed"
    assert by_sentence[changed[2]]["kind"] == "reordered"
    assert found["B1"].evidence["kinds"]["verbatim"] == 3


def test_match_changes_names_every_change() -> None:
    source = analyse("A housing (10) fastened to a base by a bolt of 5 mm.")
    copy = analyse("By a screw of 6 mm a base is secured to a housing (12).")
    assert match_changes(copy, source) == ["reordered", "synonym_substituted", "numbers_changed"]
    assert match_changes(source, source) == []


# One phrase of each alternative of the drafting-phrase pattern (and each first character of
# its lookahead).
@pytest.mark.parametrize(
    "phrase",
    [
        "根据权利要求1所述的",
        "如权利要求2或3所述的",
        "按照权利要求4中任一项所述",
        "权利要求5",
        "權利要求6",
        "本发明涉及",
        "本实用新型公开了",
        "本申请实施例提供",
        "其特征在于",
        "其特徵在於",
        "所述",
        "一种",
        "技术领域",
        "领域",
    ],
)
def test_drafting_phrases_are_cut_out_wherever_they_stand(phrase: str) -> None:
    first, second = "底座固定连接支架，", "电机驱动转轴"
    plain = analyse(first + second)
    assert plain.terms
    for text in (phrase + first + second, first + phrase + second):
        found = analyse(text)
        assert (found.terms, found.numbers) == (plain.terms, plain.numbers), text


def test_patchwork_of_two_sources_lists_both() -> None:
    first = doc("A1", date(2020, 1, 1), DRONE)
    second = doc("A2", date(2020, 6, 1), PUMP)
    patch = doc("B1", date(2021, 1, 1), DRONE[:3] + PUMP[:3])
    found = screen([patch, first, second])
    assert set(found) == {"B1"}
    evidence = found["B1"].evidence
    assert evidence["patchwork"] is True
    assert {s["id"] for s in evidence["sources"]} == {"A1", "A2"}
    assert found["B1"].related == ("A1", "A2")
    assert all(0.3 < s["share"] < 0.7 for s in evidence["sources"])  # neither alone covers it
    assert evidence["copied_share"] == 1.0


def test_later_documents_are_never_sources() -> None:
    early = doc("A1", date(2020, 1, 1), DRONE)
    late = doc("B1", date(2021, 1, 1), DRONE[:4] + PUMP[:1])
    for order in ([early, late], [late, early]):
        found = screen(order)
        assert set(found) == {"B1"}
    # The priority date counts, not the filing date.
    late_priority = doc("B1", date(2019, 1, 1), DRONE[:4] + PUMP[:1])
    assert set(screen([early, late_priority])) == {"A1"}
    claimed = doc("B1", date(2021, 1, 1), DRONE[:4] + PUMP[:1], priority_date=date(2019, 6, 1))
    assert set(screen([early, claimed])) == {"A1"}


def test_same_day_ties_go_to_the_smaller_id() -> None:
    day = date(2020, 1, 1)
    found = screen([doc("X9", day, DRONE[:4] + PUMP[:1]), doc("X1", day, DRONE)])
    assert set(found) == {"X9"} and found["X9"].related == ("X1",)


def test_undated_application_comes_after_dated_ones() -> None:
    found = screen([doc("U1", None, DRONE), doc("A1", date(2020, 1, 1), DRONE[:4] + PUMP[:1])])
    assert set(found) == {"U1"}


def test_reference_corpus_is_a_source() -> None:
    prior = doc("REF-1", date(2015, 1, 1), DRONE)
    application = doc("B1", date(2021, 1, 1), DRONE[:4] + LAMP[:1])
    found = screen([application], reference=(prior,))
    evidence = found["B1"].evidence
    assert evidence["sources"][0]["id"] == "REF-1" and evidence["sources"][0]["reference"]
    assert found["B1"].related == ()  # the pipeline looks related ids up in the batch
    assert evidence["passages"][0]["source_sentence"] == DRONE[0]
    # A reference document dated after the application is no prior art.
    later = doc("REF-2", date(2022, 1, 1), DRONE)
    assert screen([application], reference=(later,)) == {}
    # Undated reference documents are prior art.
    undated = screen([application], reference=(doc("REF-3", None, DRONE),))
    assert "date" not in undated["B1"].evidence["sources"][0] and plain(undated["B1"].evidence)


def test_same_family_is_no_source() -> None:
    parent = doc("A1", date(2020, 1, 1), DRONE, family_id="F1")
    divisional = doc("A2", date(2021, 1, 1), DRONE[:4] + PUMP[:1], family_id="F1")
    assert screen([parent, divisional]) == {}


def test_boilerplate_sentences_do_not_count() -> None:
    standard = [
        "Those skilled in the art will appreciate that various modifications can be made without "
        "departing from the spirit and scope of the invention.",
        "The foregoing description of the embodiments has been provided for purposes of "
        "illustration and is not intended to limit the invention.",
        "All publications mentioned in this specification are incorporated herein by reference "
        "in their entirety as if each were individually indicated.",
    ]
    zh_standard = [
        "以上所述仅为本发明的较佳实施例而已，并不用以限制本发明，凡在本发明的精神和原则之内所作的"
        "任何修改、等同替换和改进等，均应包含在本发明的保护范围之内。",
        "本领域技术人员可以理解，在不脱离本发明的原理和精神的情况下可以对这些实施例进行多种变化。",
    ]
    first = doc("A1", date(2020, 1, 1), DRONE[:2] + standard, description="".join(zh_standard))
    second = doc("A2", date(2021, 1, 1), PUMP[:2] + standard, description="".join(zh_standard))
    assert screen([first, second]) == {}
    assert all(u.text not in standard for u in content_units(second))


def test_standard_sentences_of_the_field_do_not_count() -> None:
    shared_lines = [
        "The neural network comprises an input layer, hidden layers and an output layer.",
        "Weights of the connections between neurons are adjusted by backpropagation of errors.",
        "Training data are divided into a training set, a validation set and a test set.",
    ]
    topics = ["credit card fraud", "speech recognition", "weather forecasting", "protein folding",
              "traffic prediction", "crop yields", "machine translation", "chess play"]  # fmt: skip
    docs = [
        doc(f"N{i:03d}", date(2020, 1, 1 + i % 28), [*shared_lines, f"It is applied to {t}."])
        for i, t in enumerate(topics * 4)
    ]
    assert len(docs) >= STANDARD_SENTENCE_DOCS
    assert screen(docs) == {}


def test_short_and_empty_documents_and_huge_texts() -> None:
    empty = PatentDocument(id="E1", title="")
    short = doc("S1", date(2021, 1, 1), ["A drone."], claims=["1. A drone.", ""])
    huge = doc("H1", date(2022, 1, 1), DRONE[:4], description=" ".join(PUMP * 20_000))
    assert content_units(empty) == []
    assert len(content_units(huge)) < 20
    found = screen([empty, short, huge, doc("A1", date(2020, 1, 1), DRONE)])
    assert set(found) == {"H1"}


def test_findings_do_not_depend_on_input_order() -> None:
    docs = [
        doc("A1", date(2020, 1, 1), DRONE),
        doc("A2", date(2020, 6, 1), PUMP),
        doc("B1", date(2021, 1, 1), DRONE[:3] + PUMP[:3]),
        doc("B2", date(2021, 2, 1), DRONE[:4] + LAMP[:1]),
        doc("C1", date(2019, 1, 1), LAMP),
    ]
    first = {k: v.as_dict() for k, v in screen(docs).items()}
    rng = random.Random(5)
    for _ in range(3):
        rng.shuffle(docs)
        assert {k: v.as_dict() for k, v in screen(docs).items()} == first
    assert list(first) == sorted(first)


# --- planted cases from real claims and abstracts --------------------------------------------


def planted_real() -> Any:
    abstracts = load_patentsview_abstracts(shared("patentsview/neural_network_patent_query.csv"))
    with shared("cn_ipc/cn_titles_ipc_dev.csv").open(encoding="utf-8") as handle:
        titles = [row["title"] for row in csv.DictReader(handle)]
    zh = cn_abstracts()
    claims = us_claims()
    return plant_content_cases(
        [claims[k] for k in sorted(claims)],
        abstracts,
        [zh[k] for k in sorted(zh)],
        titles,
        random.Random(77),
    )


def test_planting_is_deterministic_and_dated_after_its_sources() -> None:
    planted = planted_real()
    again = planted_real()
    assert [d.id for d in planted.documents] == [d.id for d in again.documents]
    assert planted.kinds == again.kinds
    by_id = {d.id: d for d in planted.documents + planted.reference}
    assert {planted.kinds[i] for i in planted.sources} <= set(PLANTED_KINDS)
    for planted_id, sources in planted.sources.items():
        assert all(by_id[s].filing_date < by_id[planted_id].filing_date for s in sources)
    langs = {by_id[i].lang for i in planted.expected["prior_art_copying"]}
    assert langs == {"en", "zh"}


def test_planted_real_copies_are_found_and_normal_documents_are_not() -> None:
    planted = planted_real()
    found = screen(planted.documents, tuple(planted.reference))
    expected = planted.expected["prior_art_copying"]
    hits = set(found) & expected
    assert len(hits) >= 0.9 * len(expected)
    assert len(hits) >= 0.9 * len(found)
    abnormal = (
        planted.abnormal["fabricated_or_copied"] | planted.abnormal["duplicate_or_combination"]
    )
    normal = [i for i in planted.kinds if i not in abnormal]
    assert len(set(found) & set(normal)) <= 0.01 * len(normal)
    for planted_id in hits:
        sources = {s["id"] for s in found[planted_id].evidence["sources"]}
        # The source, or an earlier copy of it.
        copies = {
            i for i, s in planted.sources.items() if set(s) & set(planted.sources[planted_id])
        }
        assert sources & (set(planted.sources[planted_id]) | copies)
        if planted.kinds[planted_id] == "synonym":
            assert "synonym_substituted" in kinds(found[planted_id])
        if planted.kinds[planted_id] == "reordered":
            assert "reordered" in kinds(found[planted_id])
        if planted.kinds[planted_id] == "numbers":
            assert "numbers_changed" in kinds(found[planted_id])
    patchworks = [i for i in hits if planted.kinds[i] == "patchwork"]
    assert patchworks and all(found[i].evidence["patchwork"] for i in patchworks)
    reference_ids = {d.id for d in planted.reference}
    assert any(
        s["reference"] and s["id"] in reference_ids
        for i in hits
        for s in found[i].evidence["sources"]
    )


def test_prepared_features_survive_pickling() -> None:
    detector = PriorArtCopyingDetector()
    context = ScreeningContext(as_of=AS_OF)
    docs = [doc("A1", date(2020, 1, 1), DRONE), doc("B1", date(2021, 1, 1), DRONE[:4] + PUMP[:1])]
    prepared = [(d.id, detector.prepare(d, context)) for d in docs]
    shipped = [(i, pickle.loads(pickle.dumps(f))) for i, f in prepared]  # noqa: S301 (our own data)
    first = detector.detect(prepared, context)
    assert set(first) == {"B1"}
    assert first == detector.detect(shipped, context)


def test_a_long_description_is_analysed_only_up_to_the_units_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    def counted(text: str) -> Any:
        calls.append(text)
        return analyse(text)

    monkeypatch.setattr(copying, "analyse", counted)
    marks = ["".join(chr(97 + i // 26**k % 26) for k in range(3)) for i in range(1000)]
    sentences = [
        f"The embodiment couples the {mark}x valve to a pump through a conduit and a filter."
        for mark in marks[: 5 * copying.MAX_UNITS]
    ]
    doc = PatentDocument(id="CN1", title="Pump", description=" ".join(sentences))
    units = copying.content_units(doc)
    assert len(units) == copying.MAX_UNITS
    assert len(calls) == copying.MAX_UNITS  # the rest of the description is never read
