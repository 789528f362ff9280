"""Ingest and prior-art search end to end, on SQLite and PostgreSQL, with real documents."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ipoffice.core.errors import InvalidInput
from ipoffice.db.engine import Database
from ipoffice.patents.ingest import ingest_files
from ipoffice.patents.models import PatentDocumentRow
from ipoffice.search.filters import make_filters
from ipoffice.search.indexes import SearchIndexes
from ipoffice.search.searcher import Query, Searcher, query_for_document
from tests.search_fixtures import covid_jsonl, shared


@pytest.fixture
def indexes(tmp_path: Path) -> SearchIndexes:
    return SearchIndexes(tmp_path / "home", embedding_model="hashing")


def stored(db: Database) -> int:
    with db.session(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(PatentDocumentRow)) or 0)


def uspto_files() -> list[Path]:
    root = shared("uspto")
    return sorted(
        p for folder in ("xml2004", "xml2006", "xml2014", "pap", "xmlApp2004")
        for p in (root / folder).glob("*.xml")
    )  # fmt: skip


def test_ingest_is_idempotent_and_indexes_everything(
    db: Database, indexes: SearchIndexes, tmp_path: Path
) -> None:
    files = [*uspto_files(), covid_jsonl(tmp_path / "covid.jsonl", limit=300)]
    first = ingest_files(db, files, indexer=indexes)
    assert first.errors == []
    assert first.added == first.read == stored(db)
    assert len(indexes.lexical) == stored(db) == first.indexed
    second = ingest_files(db, files, indexer=indexes)
    assert (second.added, second.updated, second.unchanged) == (0, 0, first.read)
    assert stored(db) == first.added and len(indexes.lexical) == first.added


def test_changed_document_is_updated_not_duplicated(
    db: Database, indexes: SearchIndexes, tmp_path: Path
) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(
        json.dumps({"id": "CN1A", "title": "一种电池散热结构"}) + "\n", encoding="utf-8"
    )
    ingest_files(db, [path], indexer=indexes)
    path.write_text(
        json.dumps({"id": "CN1A", "title": "一种电池冷却结构"}) + "\n", encoding="utf-8"
    )
    report = ingest_files(db, [path], indexer=indexes)
    assert (report.added, report.updated) == (0, 1)
    assert stored(db) == 1
    searcher = Searcher(db, indexes)
    hits = searcher.search(Query("电池冷却", make_filters(), mode="lexical"))
    assert [h.id for h in hits] == ["CN1A"]
    assert searcher.search(Query("散热", make_filters(), mode="lexical")) == []


def test_bad_records_are_reported_and_the_good_kept(
    db: Database, indexes: SearchIndexes, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "US1A", "title": "Solar panel cleaning robot"}),
                '{"id": "US2A", "title": ',
                json.dumps({"id": "US3A"}),
                json.dumps({"id": "US4A", "title": "Drone obstacle avoidance"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    report = ingest_files(db, [path], indexer=indexes)
    assert report.read == 2 and stored(db) == 2
    assert [e.split(": ")[0] for e in report.errors] == [f"{path}:2", f"{path}:3"]
    assert "title" in report.errors[1]


def test_cutoff_ipc_and_office_filters(
    db: Database, indexes: SearchIndexes, tmp_path: Path
) -> None:
    ingest_files(db, [covid_jsonl(tmp_path / "covid.jsonl")], indexer=indexes)
    searcher = Searcher(db, indexes)
    text = "coronavirus vaccine antigen"
    everything = searcher.search(Query(text, make_filters(), top=50, mode="lexical"))
    assert len(everything) == 50
    cutoff = date(2020, 6, 1)
    before = searcher.search(
        Query(text, make_filters(published_before=cutoff), top=50, mode="hybrid")
    )
    assert before and all(h.publication_date and h.publication_date < cutoff for h in before)
    only_cn = searcher.search(Query(text, make_filters(jurisdictions=["cn"]), top=20))
    assert only_cn and {h.jurisdiction for h in only_cn} == {"CN"}
    a61k = searcher.search(Query(text, make_filters(ipc=["A61K"]), top=20))
    assert a61k
    for hit in a61k:
        doc = searcher.document(hit.id)
        assert any(code.startswith("A61K") for code in doc.ipc), hit.id


def test_searching_for_a_stored_document_finds_its_family(
    db: Database, indexes: SearchIndexes, tmp_path: Path
) -> None:
    ingest_files(db, [covid_jsonl(tmp_path / "covid.jsonl")], indexer=indexes)
    searcher = Searcher(db, indexes)
    with db.session(write=False) as session:
        family = session.scalar(
            select(PatentDocumentRow.family_id)
            .where(PatentDocumentRow.family_id.is_not(None))
            .group_by(PatentDocumentRow.family_id)
            .having(func.count() >= 3)
            .order_by(PatentDocumentRow.family_id)
        )
        members = session.scalars(
            select(PatentDocumentRow.doc_id).where(PatentDocumentRow.family_id == family)
        ).all()
    doc = searcher.document(members[0])
    hits = searcher.search(
        Query(query_for_document(doc), make_filters(exclude_ids=[doc.id]), top=10)
    )
    assert doc.id not in {h.id for h in hits}
    assert set(members[1:]) & {h.id for h in hits}


def test_passages_show_where_the_match_is(db: Database, indexes: SearchIndexes) -> None:
    ingest_files(db, uspto_files(), indexer=indexes)
    searcher = Searcher(db, indexes)
    top = searcher.search(
        Query("wireless physiological sensor patch", make_filters(), top=3, mode="lexical")
    )
    assert top and top[0].id == "US8926509B2"
    assert top[0].passages
    assert any(p.matched for p in top[0].passages)


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "empty"), ("x" * 50_001, "limit"), ("。。。 ,,, the of 所述", "no searchable words")],
)
def test_bad_queries_are_refused_clearly(
    db: Database, indexes: SearchIndexes, text: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        Searcher(db, indexes).search(Query(text, make_filters()))


def test_bad_filters_are_refused_clearly() -> None:
    with pytest.raises(InvalidInput, match="IPC"):
        make_filters(ipc=["ZZ9"])
    with pytest.raises(InvalidInput, match="office code"):
        make_filters(jurisdictions=["China"])
    with pytest.raises(InvalidInput, match="unknown kind"):
        make_filters(kinds=["patent"])


def test_documents_stay_pending_until_their_vectors_are_saved(
    db: Database, indexes: SearchIndexes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = covid_jsonl(tmp_path / "covid.jsonl", limit=50)
    ingest_files(db, [path])  # stored, not indexed

    def disk_full() -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(indexes.semantic, "save", disk_full)
    with pytest.raises(OSError, match="no space"):
        indexes.index_pending(db)
    with db.session(write=False) as session:
        marked = session.scalar(
            select(func.count())
            .select_from(PatentDocumentRow)
            .where(PatentDocumentRow.indexed_hash.is_not(None))
        )
    assert marked == 0
    monkeypatch.undo()
    fresh = SearchIndexes(tmp_path / "home", embedding_model="hashing")
    assert fresh.index_pending(db) == 50
    assert len(fresh.semantic.index) == 50
