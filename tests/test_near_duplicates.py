"""Order No. 77 Art. 3(1) near-duplicates on real claims and abstracts with planted copies."""

from __future__ import annotations

import csv
import random

import pytest

from ipoffice.patents.document import PatentDocument
from ipoffice.screening.findings import Finding
from ipoffice.screening.near_duplicates import find_pairs, near_duplicate_findings, shingles
from tests.shared_data import cn_abstracts, shared


def real_claims() -> list[PatentDocument]:
    with shared("claims/single_claim.tsv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if len(row) >= 2]
    return [
        PatentDocument(id=f"US{number}", title="", claims=[text], applicants=[f"A{i % 40}"])
        for i, (number, text) in enumerate(rows)
        if len(text) > 200
    ]


def real_abstracts() -> list[PatentDocument]:
    return [
        PatentDocument(id=number, title="", lang="zh", abstract=text)
        for number, text in cn_abstracts().items()
        if text.strip()
    ]


def edit_words(text: str, share: float, rng: random.Random) -> str:
    words = text.split()
    for i in rng.sample(range(len(words)), int(len(words) * share)):
        words[i] = rng.choice(["apparatus", "member", "unit", "portion"])
    return " ".join(words)


def test_planted_copies_are_found_and_nothing_else() -> None:
    rng = random.Random(77)
    corpus = real_claims()
    assert len(corpus) > 200
    originals = corpus[:10]
    planted = (
        [
            PatentDocument(id=f"COPY-{d.id}", title="", claims=d.claims, applicants=d.applicants)
            for d in originals[:5]
        ]
        + [
            PatentDocument(
                id=f"EDIT-{d.id}",
                title="",
                claims=[edit_words(d.claims[0], 0.03, rng)],
                applicants=["someone else"],
            )  # fmt: skip
            for d in originals[5:]
        ]
    )
    pairs = find_pairs([*corpus, *planted], threshold=0.6)
    found = {tuple(sorted((p.first, p.second))) for p in pairs}
    expected = {tuple(sorted((d.id, f"COPY-{d.id}"))) for d in originals[:5]}
    expected |= {tuple(sorted((d.id, f"EDIT-{d.id}"))) for d in originals[5:]}
    # Every planted pair is found, and no two real, distinct claims are paired.
    assert found == expected


def test_evidence_names_the_other_application_and_the_shared_text() -> None:
    corpus = real_abstracts()
    assert len(corpus) >= 19
    target = corpus[0]
    copy = PatentDocument(
        id="CN-COPY", title="", lang="zh", abstract=target.abstract, applicants=["另一家公司"]
    )
    findings = near_duplicate_findings([*corpus, copy])
    assert set(findings) == {target.id, "CN-COPY"}
    finding: Finding = findings["CN-COPY"][0]
    assert finding.behaviour == "duplicate_or_combination"
    assert finding.related == (target.id,)
    assert finding.score == pytest.approx(1.0)
    assert finding.evidence["same_applicant"] is False
    assert finding.evidence["shared_sentences"]
    assert finding.evidence["shared_sentences"][0] in target.abstract


def test_chinese_and_english_shingles() -> None:
    zh = shingles("一种光伏组件清洗机器人")
    assert "光伏组" in zh and "机器人" in zh
    en = shingles("A roller brush cleaning assembly")
    assert "roller brush cleaning" in en
    assert shingles("") == set()


def test_short_texts_are_not_compared() -> None:
    docs = [PatentDocument(id=f"X{i}", title="", abstract="电池") for i in range(3)]
    assert find_pairs(docs) == []
