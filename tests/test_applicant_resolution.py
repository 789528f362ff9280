"""Applicant-name resolution: keys, merges, must-not-merge pairs, bad input and real data."""

from __future__ import annotations

import csv
import json
import math
from collections import Counter
from collections.abc import Hashable, Sequence
from itertools import islice
from pathlib import Path

import pytest

from ipoffice.core.errors import InvalidInput
from ipoffice.screening.names import MAX_KEY_CHARS, Resolution, name_key, resolve
from tests.shared_data import shared

SAME = [
    pytest.param(
        ["华为技术有限公司", "華為技術有限公司", "华为技术有限责任公司", "华为技术 有限公司"],
        id="huawei-zh",
    ),
    pytest.param(
        ["腾讯科技（深圳）有限公司", "腾讯科技(深圳)有限公司", "騰訊科技（深圳）有限公司"],
        id="tencent",
    ),
    pytest.param(["海尔集团公司", "海尔集团有限公司", "海尔控股有限公司"], id="group-zh"),
    pytest.param(
        ["浙江大学", "浙江大学化学系", "浙江大学计算机科学与技术学院"], id="university-zh"
    ),
    pytest.param(["株式会社東芝", "东芝株式会社", "株式会社东芝"], id="kk-ja"),
    pytest.param(["国立大学法人東京大学", "東京大学"], id="national-university-ja"),
    pytest.param(["삼성전자 주식회사", "삼성전자(주)", "삼성전자"], id="korean"),
    pytest.param(
        [
            "Samsung Electronics Co., Ltd.",
            "SAMSUNG ELECTRONICS CO LTD",
            "Samsung Electronics Co. Ltd",
            "Samsung Electronics Corp.",
            "ＳＡＭＳＵＮＧ　ＥＬＥＣＴＲＯＮＩＣＳ　ＣＯ．，ＬＴＤ．",
            "Samsung Electronics America, Inc.",
            "Sаmsung Electronics",  # Cyrillic а
            "Samsung-Electronics Co.,Ltd",
        ],
        id="samsung",
    ),
    pytest.param(
        [
            "International Business Machines Corporation",
            "International Business Machines Corp.",
            "INTERNATIONAL BUSINESS MACHINES CORP",
            "International Busines Machines Corporation",
            "International Business Machines Corp. (IBM)",
            "IBM Corp.",
        ],
        id="ibm",
    ),
    pytest.param(["The Procter & Gamble Company", "Procter and Gamble Co."], id="the-and"),
    pytest.param(["Honeywell International Inc.", "Honeywell Intl", "Honeywell Inc."], id="intl"),
    pytest.param(["Acme Mfg. Co.", "ACME Manufacturing Company"], id="mfg"),
    pytest.param(["Siemens AG", "Siemens Aktiengesellschaft", "SIEMENS A.G."], id="ag"),
    pytest.param(["Robert Bosch GmbH", "Robert Bosch G.m.b.H.", "Robert Bosch Gmbh"], id="gmbh"),
    pytest.param(["Nestec S.A.", "Nestec SA", "Nestec S. A."], id="sa"),
    pytest.param(
        ["Toyota Jidosha Kabushiki Kaisha", "Toyota Jidosha K.K.", "Toyota Jidosha KK"], id="kk"
    ),
    pytest.param(["Eastman Kodak Company", "Eastman Kokak Company", "EastmanKodak Co."], id="typo"),
    pytest.param(
        [
            "Max-Planck-Gesellschaft zur Förderung der Wissenschaften e.V.",
            "Max-Planck-Gesellschaft zur Foerderung der Wissenschaften e.V.",
            "Max-Planck-Gesellschaft zur FÃƒÂ¶rderung der Wissenschaften e.V.",
        ],
        id="umlaut-and-mojibake",
    ),
    pytest.param(
        [
            "Stanford University",
            "Stanford University School of Medicine",
            "Stanford Univ., Department of Chemistry",
        ],
        id="university-unit",
    ),
    pytest.param(
        [
            "Centre National de la Recherche Scientifique",
            "Centre National de la Recherche Scientifique (C.N.R.S.)",
            "Centre National de la Recherche Scientifique - CNRS",
            "Le Centre National de la Recherche Scientifique",
        ],
        id="acronym-suffix",
    ),
    pytest.param(["Hoechst Japan Limited", "Hoechst AG", "Hoechst UK Ltd."], id="country"),
    pytest.param(["Xerox Corporation", "Xerox Corporation Stamford"], id="city-after-legal"),
]

DIFFERENT = [
    pytest.param(["Samsung Electronics Co., Ltd.", "Samsung SDI Co., Ltd."], id="samsung-sdi"),
    pytest.param(
        ["Samsung Electronics", "Samsung Display Co.", "Samsung Electro-Mechanics Co."],
        id="samsung-family",
    ),
    pytest.param(["华为技术有限公司", "华为终端有限公司"], id="huawei"),
    pytest.param(["腾讯科技（深圳）有限公司", "腾讯科技（北京）有限公司"], id="tencent-cities"),
    pytest.param(
        ["中国电子科技集团公司第十四研究所", "中国电子科技集团公司第十五研究所"],
        id="numbered-institutes",
    ),
    pytest.param(["华为技术有限公司", "华为技术有限公司北京分公司"], id="branch"),
    pytest.param(
        [
            "The United States of America as represented by the Secretary of the Navy",
            "The United States of America as represented by the Secretary of the Army",
            "The United States of America as represented by the Secretary of the Air Force",
        ],
        id="navy-army",
    ),
    pytest.param(["Canon Inc.", "Caron Inc."], id="one-letter-short"),
    pytest.param(["Sanyo Electric Co.", "Sony Electric Co."], id="sanyo-sony"),
    pytest.param(["Mitsubishi Electric Corp.", "Mitsubishi Electronics Corp."], id="electronic"),
    pytest.param(["Air France", "Air China"], id="air"),
    pytest.param(["Bank of America Corporation", "Bank of China Limited"], id="bank"),
    pytest.param(["3M Company", "3N Company"], id="digits"),
    pytest.param(["Toyota Motor Corporation", "Toyota Industries Corporation"], id="toyota"),
    pytest.param(["Hoechst AG", "Hoechst Celanese Corporation"], id="subsidiary"),
    pytest.param(["Austria Technologie GmbH", "Australia Technologie GmbH"], id="countries"),
]


def entities(names: Sequence[str]) -> dict[str, str]:
    return {r.name: r.entity for r in resolve(names)}


@pytest.mark.parametrize("names", SAME)
def test_variants_of_one_organisation_resolve_to_one_entity(names: list[str]) -> None:
    assert len(set(entities(names).values())) == 1, {n: name_key(n) for n in names}


@pytest.mark.parametrize("names", DIFFERENT)
def test_different_organisations_stay_apart(names: list[str]) -> None:
    resolved = entities(names)
    assert len(set(resolved.values())) == len(names), {n: name_key(n) for n in names}


def test_must_not_merge_holds_with_every_variant_present() -> None:
    """All the names above at once: no cluster may join two groups that must stay apart."""
    names = [name for param in SAME + DIFFERENT for name in param.values[0]]
    resolved = entities(names)
    for param in DIFFERENT:
        group = param.values[0]
        assert len({resolved[n] for n in group}) == len(group), param.id
    for param in SAME:
        assert len({resolved[n] for n in param.values[0]}) == 1, param.id


def test_examples_of_the_key() -> None:
    assert name_key("华為技術有限公司") == "华为技术"
    assert (
        name_key("ＳＡＭＳＵＮＧ　ＥＬＥＣＴＲＯＮＩＣＳ　ＣＯ．，ＬＴＤ．")
        == "samsung electronics"
    )
    assert name_key("The Procter & Gamble Company") == "procter and gamble"
    assert name_key("Honeywell Intl") == "honeywell international"
    assert name_key("Samsung SDI Co., Ltd.") == "samsung sdi"
    assert name_key("Lucent Technologies Inc. Corporation") == "lucent technologies"
    assert name_key("Boehringer Ingelheim Pharma GmbH & Co. KG") == "boehringer ingelheim pharma"
    assert name_key("Xerox Coporation") == "xerox"  # misspelt legal form
    assert name_key("General ElectricCompany") == "general electric"
    assert name_key("Acme Corp. CNT GBX COD 07") == "acme"
    assert name_key("Hewlett-Packard Company Intellectual Property Administration") == (
        "hewlett packard"
    )
    # A name made only of a legal form or an article keeps it rather than becoming empty.
    assert name_key("Inc.") == "inc"
    assert name_key("The") == "the"
    assert name_key("有限公司") == "有限公司"
    # `AT&T` keeps its letters.
    assert name_key("AT&T Corp.") == "at and t"


IDEMPOTENT = [name for param in SAME + DIFFERENT for name in param.values[0]] + [
    "L'Air Liquide—Société Anonyme pour l'Étude et l'Exploitation des Procédés Georges Claude",
    "🙂🙂",
    "Acme 🙂 Inc.",
    "ｶﾌﾞｼｷｶﾞｲｼｬ ﾄｳｼﾊﾞ",
    "Ｕ．Ｓ．Ａ． Ｇｏｖｅｒｎｍｅｎｔ",
    "x" * 3000,
    "word " * 400,
    "\u200bZero\u200b Width\u00ad Inc.",
]


@pytest.mark.parametrize("name", IDEMPOTENT)
def test_name_key_is_idempotent(name: str) -> None:
    key = name_key(name)
    assert key
    assert name_key(key) == key


def test_name_key_is_idempotent_on_real_names() -> None:
    path = shared("applicants/air-umass-assignees-benchmark.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        names = {row["organization"] for row in islice(csv.DictReader(handle), 20_000)}
    for name in names:
        key = name_key(name)
        assert name_key(key) == key, name


def test_long_names_are_cut_at_a_word_boundary() -> None:
    long = "Alpha Beta " * 100 + "Gamma Corporation"
    key = name_key(long)
    assert len(key) <= MAX_KEY_CHARS
    assert key.split()[-1] in {"alpha", "beta"}  # cut between words, not inside one
    # Names alike in their first 500 normalised characters share a key (the documented rule).
    assert name_key(long + " Extra") == key
    unbroken = "y" * 10_000
    assert name_key(unbroken) == "y" * MAX_KEY_CHARS


def test_emoji_and_symbols() -> None:
    assert name_key("Acme 🙂 Inc.") == "acme"
    assert name_key("🙂") == "🙂"  # nothing else to compare: the normalised name itself
    resolved = entities(["🙂", "🙂", "🙃", "Acme Inc.", "Acme 🚀 Inc."])
    assert resolved["🙂"] != resolved["🙃"]
    assert resolved["Acme Inc."] == resolved["Acme 🚀 Inc."]


def test_mixed_scripts_keep_every_script() -> None:
    assert name_key("TCL集团股份有限公司") == "tcl 集团"
    assert name_key("索尼 Sony Corporation") == "索尼 sony"
    resolved = entities(["TCL集团股份有限公司", "TCL Corporation", "TCL集团"])
    assert resolved["TCL集团股份有限公司"] == resolved["TCL集团"]


def test_entity_ids_are_deterministic_and_independent_of_order() -> None:
    names = [
        "Samsung Electronics Co., Ltd.",
        "SAMSUNG ELECTRONICS CO LTD",
        "Samsung Electronics Co., Ltd.",
        "Samsung SDI Co., Ltd.",
        "华为技术有限公司",
        "華為技術有限公司",
        "Eastman Kodak Company",
        "Eastman Kokak Company",
    ]
    first = resolve(names)
    assert first == resolve(list(names))
    backwards = resolve(list(reversed(names)))
    assert [r.entity for r in reversed(backwards)] == [r.entity for r in first]
    by_name = {r.name: r.entity for r in first}
    # The most frequent original spelling names the entity...
    assert by_name["SAMSUNG ELECTRONICS CO LTD"] == "Samsung Electronics Co., Ltd."
    # ...and between equally frequent ones the shortest, then the first in code-point order.
    assert by_name["華為技術有限公司"] == "华为技术有限公司"
    assert by_name["Eastman Kokak Company"] == "Eastman Kodak Company"
    assert first[0] == Resolution("Samsung Electronics Co., Ltd.", "Samsung Electronics Co., Ltd.")


def test_one_resolution_per_input_in_input_order() -> None:
    names = ["B Corp", "A Inc.", "B Corporation", "A Inc."]
    resolved = resolve(iter(names))
    assert [r.name for r in resolved] == names
    assert resolve([]) == []


def test_ambiguous_acronym_does_not_merge() -> None:
    names = ["ABC", "Alpha Beta Chemicals Inc.", "Advanced Battery Concepts LLC"]
    assert len(set(entities(names).values())) == 3
    assert len(set(entities(names[:2]).values())) == 1


@pytest.mark.parametrize(
    ("names", "position"),
    [
        (["Acme Inc.", ""], 1),
        (["   ", "Acme Inc."], 0),
        (["Acme Inc.", "Acme", "\t\n\u3000"], 2),
        (["Acme", "\u200b\ufeff"], 1),
    ],
)
def test_empty_names_are_rejected_with_their_position(names: list[str], position: int) -> None:
    with pytest.raises(InvalidInput) as error:
        resolve(names)
    assert error.value.field == f"names[{position}]"
    assert f"names[{position}]" in error.value.message
    assert "empty" in error.value.message


def test_non_strings_are_rejected_with_their_position() -> None:
    with pytest.raises(InvalidInput) as error:
        resolve(["Acme", None, "Acme"])  # type: ignore[list-item]
    assert error.value.field == "names[1]"
    with pytest.raises(InvalidInput):
        name_key(42)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        name_key("  ")


@pytest.mark.parametrize("threshold", [0, -0.5, 1.5, math.nan, True, "0.9"])
def test_bad_thresholds_are_rejected(threshold: object) -> None:
    with pytest.raises(InvalidInput) as error:
        resolve(["Acme"], threshold=threshold)  # type: ignore[arg-type]
    assert error.value.field == "threshold"


def test_a_lower_threshold_merges_more_typos() -> None:
    names = ["Honeywell Inc.", "Honeywill Inc."]
    assert len(set(entities(names).values())) == 2  # 0.89 similar: below the default
    assert len({r.entity for r in resolve(names, threshold=0.85)}) == 1


def pairwise_f1(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> tuple[float, float]:
    def pairs(counts: Counter[Hashable]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    together = pairs(Counter(zip(predicted, truth, strict=True)))
    precision = together / pairs(Counter(predicted))
    recall = together / pairs(Counter(truth))
    return precision, 2 * precision * recall / (precision + recall)


def test_real_names_beat_the_exact_baselines() -> None:
    path = shared("applicants/air-umass-assignees-benchmark.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(islice(csv.DictReader(handle), 5000))
    names = [row["organization"] for row in rows]
    truth = [row["unique_id"] for row in rows]
    _, exact_f1 = pairwise_f1(names, truth)
    lowered = [
        " ".join("".join(c if c.isalnum() else " " for c in n.lower()).split()) for n in names
    ]
    _, normalised_f1 = pairwise_f1(lowered, truth)
    precision, f1 = pairwise_f1([r.entity for r in resolve(names)], truth)
    assert precision >= 0.995
    assert f1 >= max(exact_f1, normalised_f1) + 0.03, (f1, exact_f1, normalised_f1)
    # Over distinct spellings (not weighted by frequency), far more variants are found.
    distinct = sorted(set(names))
    truth_of = dict(zip(names, truth, strict=True))
    entity_of = {r.name: r.entity for r in resolve(distinct)}
    found = pairwise_f1([entity_of[n] for n in distinct], [truth_of[n] for n in distinct])
    assert found[0] >= 0.99 and found[1] >= 0.5, found


def test_cli_resolves_a_names_file(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ipoffice.cli import app as cli

    names = tmp_path / "names.txt"
    names.write_text(
        "华为技术有限公司\n華為技術有限公司\nHuawei Technologies Co., Ltd.\n\n华为终端有限公司\n",
        encoding="utf-8",
    )
    out = tmp_path / "clusters.jsonl"
    result = CliRunner().invoke(
        cli, ["parties", "resolve", "--input", str(names), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["name"] for r in rows] == [
        "华为技术有限公司",
        "華為技術有限公司",
        "Huawei Technologies Co., Ltd.",
        "华为终端有限公司",
    ]
    assert rows[0]["entity"] == rows[1]["entity"]
    assert rows[3]["entity"] != rows[0]["entity"]
    bad = tmp_path / "bad.txt"
    bad.write_bytes("华为".encode("gbk"))
    failed = CliRunner().invoke(cli, ["parties", "resolve", "--input", str(bad), "--out", str(out)])
    assert failed.exit_code == 2 and "not UTF-8" in failed.output
