"""Order No. 77 Art. 3(1) near-duplicates on real claims and abstracts with planted copies."""

from __future__ import annotations

import csv
import random
import re
from datetime import date

import numpy as np
import pytest

from ipoffice.patents.document import PatentDocument
from ipoffice.screening.detector import ScreeningContext
from ipoffice.screening.findings import Finding
from ipoffice.screening.near_duplicates import (
    BANDS,
    MAX_BUCKET_PAIRS,
    NUM_PERM,
    ROWS,
    NearDuplicateDetector,
    ascii_words,
    candidate_pairs,
    shingles,
)
from ipoffice.screening.pipeline import DocumentsSource, Screening
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


def screen(docs: list[PatentDocument], threshold: float = 0.8) -> dict[str, list[Finding]]:
    screening = Screening([NearDuplicateDetector(threshold)], as_of=date(2026, 11, 21))
    result = screening.run(DocumentsSource(docs))
    return {a.id: list(a.findings) for a in result.applications if a.findings}


def pairs_of(findings: dict[str, list[Finding]]) -> set[tuple[str, ...]]:
    return {
        tuple(sorted((app_id, other)))
        for app_id, items in findings.items()
        for item in items
        for other in item.related
    }


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
    found = pairs_of(screen([*corpus, *planted], threshold=0.6))
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
    findings = screen([*corpus, copy])
    assert set(findings) == {target.id, "CN-COPY"}
    finding: Finding = findings["CN-COPY"][0]
    assert finding.behaviour == "duplicate_or_combination"
    assert finding.related == (target.id,)
    assert finding.score == pytest.approx(1.0)
    assert finding.detector == "near_duplicates"
    assert finding.evidence["same_applicant"] is False
    assert finding.evidence["near_duplicates"] == [
        {"id": target.id, "similarity": 1.0, "same_applicant": False}
    ]
    assert finding.evidence["shared_sentences"]
    assert finding.evidence["shared_sentences"][0] in target.abstract


def test_chinese_and_english_shingles() -> None:
    zh = shingles("一种光伏组件清洗机器人")
    assert "光伏组" in zh and "机器人" in zh
    en = shingles("A roller brush cleaning assembly with a water spray bar")
    assert "roller brush cleaning" in en
    # Too short for five 3-grams (a title alone): compared word by word instead.
    assert shingles("Roller brush cleaning assembly") == {"roller", "brush", "cleaning", "assembly"}
    assert shingles("") == set()


def test_ascii_words_are_the_runs_of_lower_case_letters_and_digits() -> None:
    # Every ASCII character, upper case and controls included, in random texts.
    rng = random.Random(5)
    pool = [chr(c) for c in range(128)] + list("abcxyz0189 ") * 8
    texts = ["", " ", "a", "the 2nd-stage valve (12a)", "A1_b2\x7fc3\td4"]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    for text in texts:
        assert ascii_words(text) == re.findall("[a-z0-9]+", text), repr(text)


def test_short_texts_are_not_compared() -> None:
    docs = [PatentDocument(id=f"X{i}", title="", abstract="电池") for i in range(3)]
    assert screen(docs) == {}


def test_a_cluster_of_copies_gives_one_finding_each_naming_the_others() -> None:
    text = "一种光伏组件清洗机器人，包括行走机构、滚刷、喷水管路和控制器，滚刷由电机驱动旋转。"
    docs = [
        PatentDocument(id=f"CN{i:03d}", title="", lang="zh", abstract=text, applicants=[f"公司{i}"])
        for i in range(120)
    ]
    findings = screen(docs)
    assert len(findings) == 120
    for items in findings.values():
        assert len(items) == 1
        assert len(items[0].related) == 50  # named up to the cap
        assert items[0].evidence["group_size"] == 120


def test_estimates_below_the_threshold_are_dropped_by_the_exact_check() -> None:
    base = real_claims()[0].claims[0]
    words = base.split()
    # 5 % of the words changed: an exact Jaccard of 0.75, an estimate often near 0.8.
    edited = edit_words(base, 0.05, random.Random(3))
    docs = [
        PatentDocument(id="A", title="", claims=[base]),
        PatentDocument(id="B", title="", claims=[edited]),
    ]
    assert len(words) > 40
    detector = NearDuplicateDetector()
    context = ScreeningContext(as_of=date(2026, 11, 21))
    estimated = detector.detect([(d.id, detector.prepare(d, context)) for d in docs], context)
    assert set(estimated) == {"A", "B"}  # the estimate makes them candidates...
    assert screen(docs) == {}  # ...and the exact check drops them
    assert pairs_of(screen(docs, threshold=0.7)) == {("A", "B")}


def test_results_do_not_depend_on_input_order() -> None:
    corpus = real_abstracts()
    copies = [
        PatentDocument(id=f"COPY{i}", title="", lang="zh", abstract=d.abstract)
        for i, d in enumerate(corpus[:5])
    ]
    docs = [*corpus, *copies]
    forward = screen(docs)
    backward = screen(list(reversed(docs)))
    assert forward == backward and len(forward) == 10


def test_candidate_pairs_are_the_rows_sharing_a_band_with_the_bucket_limit() -> None:
    # Mostly zeros: many rows share bands, one bucket a band beyond MAX_BUCKET_PAIRS.
    rng = np.random.default_rng(5)
    signatures = (rng.random((400, NUM_PERM)) < 0.1).astype(np.uint32)
    expected: set[tuple[int, int]] = set()
    for band in range(BANDS):
        buckets: dict[bytes, list[int]] = {}
        for row in range(len(signatures)):
            key = signatures[row, band * ROWS : (band + 1) * ROWS].tobytes()
            buckets.setdefault(key, []).append(row)
        for rows in buckets.values():
            for i in rows[:MAX_BUCKET_PAIRS]:
                expected.update((i, j) for j in rows if j > i)
    assert any(len(r) > MAX_BUCKET_PAIRS for r in buckets.values())
    assert candidate_pairs(signatures).tolist() == sorted(map(list, expected))
