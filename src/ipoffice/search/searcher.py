"""Prior-art search: validate, ask each index, fuse, filter, attach passages.

Lexical (BM25 over analysed text) and semantic (multilingual sentence embeddings) rankings are
fused by reciprocal rank fusion, which needs no score calibration between the two. Semantic
candidates are filtered after retrieval, widening the candidate pool when filters remove many.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import select

from ipoffice.core.errors import InvalidInput
from ipoffice.db.engine import Database
from ipoffice.patents.document import PatentDocument, normalize_ipc
from ipoffice.patents.models import PatentDocumentRow
from ipoffice.patents.store import get_document, get_documents
from ipoffice.search.filters import SearchFilters
from ipoffice.search.indexes import SearchIndexes
from ipoffice.search.passages import Passage, QueryTerms, best_passages
from ipoffice.text.analyze import tokens

Mode = Literal["hybrid", "lexical", "semantic"]
MAX_QUERY_CHARS = 50_000
MAX_TOP = 200
RRF_K = 60
# How many candidates each ranking contributes before fusion, per result asked for.
POOL_FACTOR = 4
WIDENING_ROUNDS = 3


@dataclass(frozen=True)
class SearchHit:
    id: str
    score: float
    title: str
    publication_date: date | None
    jurisdiction: str
    lexical_rank: int | None
    semantic_rank: int | None
    passages: tuple[Passage, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "score": round(self.score, 6),
            "title": self.title,
            "publication_date": self.publication_date.isoformat()
            if self.publication_date
            else None,
            "jurisdiction": self.jurisdiction,
            "lexical_rank": self.lexical_rank,
            "semantic_rank": self.semantic_rank,
            "passages": [p.as_dict() for p in self.passages],
        }


@dataclass(frozen=True)
class Query:
    text: str
    filters: SearchFilters
    top: int = 10
    mode: Mode = "hybrid"
    with_passages: bool = True


def validate_text(text: str) -> str:
    stripped = text.strip()
    if not stripped:
        raise InvalidInput("the query text is empty", field="text")
    if len(stripped) > MAX_QUERY_CHARS:
        raise InvalidInput(
            f"the query text has {len(stripped)} characters; the limit is {MAX_QUERY_CHARS} "
            "(search claim by claim, or with the abstract)",
            field="text",
        )
    if not tokens(stripped):
        raise InvalidInput(
            "the query text has no searchable words (only punctuation, numbers or stop-words)",
            field="text",
        )
    return stripped


def query_for_document(doc: PatentDocument) -> str:
    """A document searched as prior art for itself: title, abstract and claims."""
    return "\n".join([doc.title, doc.abstract, *doc.claims])[:MAX_QUERY_CHARS]


FILTER_COLUMNS = (
    PatentDocumentRow.doc_id,
    PatentDocumentRow.publication_date,
    PatentDocumentRow.jurisdiction,
    PatentDocumentRow.kind,
    PatentDocumentRow.ipc,
    PatentDocumentRow.cpc,
)


@dataclass(frozen=True)
class ResolvedQuery:
    text: str
    cutoff: date | None
    exclude: tuple[str, ...]


def resolve_query(
    searcher: Searcher, *, text: str | None, application: str | None, cutoff: date | None
) -> ResolvedQuery:
    """A query given as text, or as a stored document whose prior art is sought: then its
    title, abstract and claims are the text, its priority (else filing) date the cut-off unless
    one is given, and the document itself is left out."""
    if (text is None) == (application is None):
        raise InvalidInput("give exactly one of text and application", field="text")
    if application is None:
        assert text is not None
        return ResolvedQuery(text, cutoff, ())
    doc = searcher.document(application)
    return ResolvedQuery(query_for_document(doc), cutoff or doc.prior_art_date, (doc.id,))


def _matches(row: Any, filters: SearchFilters) -> bool:
    """Whether a row (with at least the FILTER_COLUMNS) passes the filters."""
    if filters.published_before is not None and (
        row.publication_date is None or row.publication_date >= filters.published_before
    ):
        return False
    if filters.jurisdictions and row.jurisdiction not in filters.jurisdictions:
        return False
    if filters.kinds and row.kind not in filters.kinds:
        return False
    if filters.ipc_prefixes:
        codes = [normalize_ipc(c) or "" for c in [*row.ipc, *row.cpc]]
        if not any(c.startswith(p) for c in codes for p in filters.ipc_prefixes):
            return False
    return row.doc_id not in filters.exclude_ids


class Searcher:
    def __init__(self, db: Database, indexes: SearchIndexes) -> None:
        self.db = db
        self.indexes = indexes

    def _semantic(self, text: str, filters: SearchFilters, wanted: int) -> list[str]:
        pool = wanted
        semantic = self.indexes.semantic
        vector = semantic.encode([text])[0]  # once, however many rounds
        kept: list[str] = []
        for _round in range(WIDENING_ROUNDS):
            candidates = semantic.search_vector(vector, pool)
            if not candidates:
                return []
            ids = [doc_id for doc_id, _score in candidates]
            with self.db.session(write=False) as session:
                # Only the filter columns: whole rows (claims, description) cost 5-7 times more.
                rows = session.execute(
                    select(*FILTER_COLUMNS).where(PatentDocumentRow.doc_id.in_(ids))
                )
                allowed = {row.doc_id for row in rows if _matches(row, filters)}
            kept = [i for i in ids if i in allowed]
            if len(kept) >= wanted or len(candidates) < pool:
                return kept[:wanted]
            pool *= 4
        return kept[:wanted]

    def search(self, query: Query) -> list[SearchHit]:
        text = validate_text(query.text)
        if not 1 <= query.top <= MAX_TOP:
            raise InvalidInput(f"top must be between 1 and {MAX_TOP}", field="top")
        pool = query.top * POOL_FACTOR
        lexical: list[str] = []
        semantic: list[str] = []
        if query.mode in ("hybrid", "lexical"):
            hits = self.indexes.lexical.search(text, filters=query.filters, top=pool)
            lexical = [h.doc_id for h in hits]
        if query.mode in ("hybrid", "semantic"):
            semantic = self._semantic(text, query.filters, pool)
        fused: dict[str, float] = {}
        for ranking in (lexical, semantic):
            for rank, doc_id in enumerate(ranking, start=1):
                fused[doc_id] = fused.get(doc_id, 0.0) + 1.0 / (RRF_K + rank)
        rankings = [r for r in (lexical, semantic) if r]
        best_possible = len(rankings) / (RRF_K + 1) if rankings else 1.0
        ordered = sorted(fused, key=lambda d: (-fused[d], d))[: query.top]
        with self.db.session(write=False) as session:
            documents = get_documents(session, ordered)
        passage_query = QueryTerms(set(tokens(text)))
        lexical_rank = {d: i for i, d in enumerate(lexical, start=1)}
        semantic_rank = {d: i for i, d in enumerate(semantic, start=1)}
        results = []
        for doc_id in ordered:
            doc = documents.get(doc_id)
            if doc is None:  # indexed but deleted since; the next sync drops it
                continue
            results.append(
                SearchHit(
                    id=doc_id,
                    score=fused[doc_id] / best_possible,
                    title=doc.title,
                    publication_date=doc.publication_date,
                    jurisdiction=doc.jurisdiction,
                    lexical_rank=lexical_rank.get(doc_id),
                    semantic_rank=semantic_rank.get(doc_id),
                    passages=tuple(best_passages(doc, passage_query))
                    if query.with_passages
                    else (),
                )
            )
        return results

    def document(self, doc_id: str) -> PatentDocument:
        with self.db.session(write=False) as session:
            return get_document(session, doc_id)
