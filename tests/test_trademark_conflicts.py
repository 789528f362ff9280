"""Conflict search on a generated register of thousands of marks: planted conflicts are found
(homophone, look-alike character, containment, translation, Latin sound, logo), later filings
and dissimilar goods are left out (except registered well-known marks), and bad input is
refused. No database: the index is built from records."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from ipoffice.core.errors import InvalidInput
from ipoffice.trademarks.conflict_index import ConflictIndex, IndexRecord
from ipoffice.trademarks.conflict_keys import decode_mark, encode_mark, prepare_text
from ipoffice.trademarks.conflicts import Conflict, make_query, search_conflicts
from ipoffice.trademarks.images import features_of
from ipoffice.trademarks.mark_text import analyse_mark
from tests.test_trademark_images import leaf_logo, sun_logo
from tests.trademark_conflict_fixtures import generated_register, record

ON = date(2025, 3, 3)
SUN = features_of(sun_logo())
SUN_GREEN = features_of(sun_logo(color=(20, 140, 40)))
LEAF = features_of(leaf_logo())
# (number, earlier mark, query): the way the query imitates the earlier mark.
PLANTED = {
    "homophone": (100001, "稻香村", "道香村"),
    "look-alike": (100002, "康师傅", "康帅傅"),
    "containment": (100003, "喜之郎", "喜之郎旗舰店"),
    "translation": (100004, "苹果", "Apple"),
    "latin-sound": (100005, "Huawei", "华为"),
}


def _planted() -> list[IndexRecord]:
    marks = [record(number, earlier) for number, earlier, _query in PLANTED.values()]
    return [
        *marks,
        record(100010, "日出", phash=SUN.phash),
        record(100011, "绿叶", phash=LEAF.phash),
        # Later than the query (by filing date), and earlier only by priority.
        record(100020, "稻花香", filed=date(2025, 6, 1)),
        record(100021, "稻花乡", filed=date(2025, 6, 1), priority=date(2024, 12, 1)),
        record(100022, "稻花湘", filed=ON),  # the same day
        # Dissimilar goods (class 9 against tea): left out unless registered and well known.
        record(100030, "茅台", ("0901",)),
        record(100031, "五粮液", ("0901",), well_known=True),
        record(100032, "泸州老窖", ("0901",), well_known=True, status="filed"),
        # Not live, and the applicant's own mark.
        record(100040, "全聚德", status="refused"),
        record(100041, "同仁堂", applicant=77),
    ]


@pytest.fixture(scope="module")
def index() -> ConflictIndex:
    return ConflictIndex.build([*generated_register(4000), *_planted()])


def search(ix: ConflictIndex, text: str | None, **options: object) -> list[Conflict]:
    params: dict[str, object] = {"goods": ["3002"], "on": ON, "top": 20, **options}
    return search_conflicts([ix], make_query(text=text, **params))  # type: ignore[arg-type]


def found(hits: list[Conflict], number: int) -> Conflict | None:
    return next((h for h in hits if h.number == str(number)), None)


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_planted_conflicts_are_found_first_and_similar(index: ConflictIndex, kind: str) -> None:
    number, earlier, query = PLANTED[kind]
    hits = search(index, query)
    hit = found(hits, number)
    assert hit is not None, (kind, [(h.text, h.score) for h in hits[:5]])
    assert hits.index(hit) <= 2 and hit.similar and hit.text == earlier
    assert hit.ground == "art30" and hit.aspects["goods"].evidence["relation"] == "same_group"
    assert hit.explanation_zh and hit.explanation_en and hit.decisive
    data = hit.as_dict()
    assert {
        "number",
        "text",
        "score",
        "similar",
        "ground",
        "aspects",
        "classes",
        "filing_date",
    } <= set(data)
    assert data["classes"] == [30] and data["filing_date"] == "2016-05-04"


def test_results_are_ranked_and_capped(index: ConflictIndex) -> None:
    hits = search(index, "华瑞", top=5)
    assert 1 <= len(hits) <= 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_among_equal_scores_the_identical_mark_ranks_first() -> None:
    # Both are judged similar at full strength (same pinyin); the identical mark is the closer.
    records = [record(1, "华博GO", filed=date(2012, 1, 1)), record(2, "华博")]
    hits = search(ConflictIndex.build(records), "华博", top=2)
    assert [h.number for h in hits] == ["2", "1"]
    assert hits[0].score == hits[1].score


def test_a_logo_is_found_by_its_image_hash(index: ConflictIndex) -> None:
    hits = search(index, None, phash=SUN_GREEN.phash, image=SUN_GREEN)
    hit = found(hits, 100010)
    assert hit is not None and hit.similar and hit.decisive == ("image",)
    assert "image" in hit.aspects and found(hits, 100011) is None


def test_later_filings_are_left_out_and_priority_counts(index: ConflictIndex) -> None:
    hits = search(index, "稻花香", top=50)
    assert found(hits, 100020) is None  # filed after the query's date
    by_priority = found(hits, 100021)
    assert by_priority is not None and by_priority.priority_date == date(2024, 12, 1)
    same_day = found(hits, 100022)
    assert same_day is not None and same_day.same_day
    assert same_day.ground == "art31_same_day"
    later = search(index, "稻花香", on=date(2025, 7, 1), top=50)
    assert found(later, 100020) is not None


def test_dissimilar_goods_are_left_out_except_registered_well_known_marks(
    index: ConflictIndex,
) -> None:
    assert found(search(index, "茅苔"), 100030) is None
    famous = found(search(index, "五粮夜"), 100031)
    assert famous is not None and famous.ground == "art13" and famous.similar
    assert famous.aspects["goods"].evidence["relation"] == "different_class"
    # Art. 13(3) protects registered well-known marks on dissimilar goods only.
    assert found(search(index, "泸州老窑"), 100032) is None
    # Without goods in the query, every class is searched.
    assert found(search(index, "茅苔", goods=[]), 100030) is not None


def test_dead_marks_and_the_applicants_own_are_not_cited(index: ConflictIndex) -> None:
    assert found(search(index, "全聚得"), 100040) is None
    assert found(search(index, "同仁棠"), 100041) is not None
    assert found(search(index, "同仁棠", applicant_id=77), 100041) is None


def test_class_level_goods_are_compared_by_class(index: ConflictIndex) -> None:
    hits = search(index, "道香村", goods=["30"])
    hit = found(hits, 100001)
    assert hit is not None and hit.aspects["goods"].evidence["relation"] == "class_only"
    assert "no similar-goods table" in hit.aspects["goods"].explanation_en
    assert found(search(index, "道香村", goods=[], classes=[9]), 100001) is None


@pytest.mark.parametrize(
    ("text", "options", "field", "message"),
    [
        ("", {}, "text", "no Chinese character"),
        ("   ", {}, "text", "no Chinese character"),
        ("🍵☕", {}, "text", "removed symbols"),
        ("长" * 101, {}, "text", "at most 100"),
        ("道香村", {"classes": [46]}, "class", "class 46 does not exist"),
        ("道香村", {"classes": ["0907"]}, "class", "not a class number"),
        ("道香村", {"goods": ["99x"]}, "goods", "unknown or malformed"),
        ("道香村", {"top": 10**6}, "top", "1 to 200"),
        ("道香村", {"top": 0}, "top", "1 to 200"),
        ("道香村", {"goods": ["30"] * 301}, "goods", "at most 300"),
        (None, {}, "text", "give the word mark"),
    ],
)
def test_bad_queries_are_refused(
    text: str | None, options: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as caught:
        make_query(text=text, **options)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_image_search_finds_exactly_the_hashes_within_the_distance() -> None:
    rng = random.Random(3)
    base = rng.getrandbits(64)
    near = [base ^ sum(1 << b for b in rng.sample(range(64), k)) for k in range(0, 14)]
    hashes = [rng.getrandbits(64) for _ in range(3000)] + near
    records = [record(i + 1, "", phash=f"{h:016x}") for i, h in enumerate(hashes)]
    ix = ConflictIndex.build(records)
    rows, distances = ix.image_candidates(f"{base:016x}", 10)
    expected = {i for i, h in enumerate(hashes) if (h ^ base).bit_count() <= 10}
    assert set(rows.tolist()) == expected and len(expected) >= 11
    assert all(d <= 10 for d in distances)


def test_the_index_survives_saving_and_loading(tmp_path: Path) -> None:
    records = [*generated_register(300, seed=2), *_planted()]
    built = ConflictIndex.build(records, meta={"audit_seq": 5})
    built.save(tmp_path / "ix")
    built.save(tmp_path / "ix")  # a second save replaces the first whole
    loaded = ConflictIndex.load(tmp_path / "ix")
    assert loaded is not None and len(loaded) == len(records) and loaded.meta["audit_seq"] == 5
    before = [(h.number, h.score) for h in search(built, "道香村")]
    assert before and [(h.number, h.score) for h in search(loaded, "道香村")] == before
    (tmp_path / "ix" / "meta.json").write_text('{"format": 0}', encoding="utf-8")
    assert ConflictIndex.load(tmp_path / "ix") is None
    assert ConflictIndex.load(tmp_path / "missing") is None


def test_the_stored_analysis_is_the_analysis() -> None:
    for text in ("康师傅", "华为Huawei P60", "Café ©", "苹果", "x", "Жар"):
        mark = analyse_mark(text)
        assert decode_mark(encode_mark(mark)) == mark
    assert prepare_text("") is None and prepare_text("🍵") is None


def test_candidates_share_a_key_and_are_not_all_pairs(index: ConflictIndex) -> None:
    prepared = prepare_text("道香村")
    assert prepared is not None
    rows, scores, _strong = index.text_candidates(prepared.hashes, prepared.families)
    assert 0 < len(rows) < len(index) / 4
    assert np.all((scores > 0) & (scores <= 1))
    assert index.row_of(100001) in set(rows.tolist())
