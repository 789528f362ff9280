"""The public search of published typical cases: filters, ranking, highlights, pages.

Runs in the database (see `typical_search` for why that is enough at this size): each query
term narrows the published cases with a `LIKE` on `search_terms`, the survivors are ranked by
BM25 on their stored weights, and only the page shown is loaded in full.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from ipoffice.core.divisions import division_level, validate_division_code
from ipoffice.core.errors import InvalidInput
from ipoffice.protection.typical_models import CASE_TYPES, TypicalCase
from ipoffice.protection.typical_schemas import (
    MAX_YEAR,
    MIN_YEAR,
    SearchHit,
    SearchPage,
    SegmentRead,
)
from ipoffice.protection.typical_search import bm25, highlight, idf, like_pattern, query_terms
from ipoffice.protection.typical_search import snippet as make_snippet
from ipoffice.protection.typical_service import region_names
from ipoffice.protection.typical_workflow import CaseStatus

MAX_PAGE_SIZE = 50
Lang = Literal["zh", "en"]


def _published() -> ColumnElement[bool]:
    return TypicalCase.status == CaseStatus.PUBLISHED.value


def _region_prefix(region: str) -> str:
    code = validate_division_code(region, field="region")
    level = division_level(code, field="region")
    return {"province": code[:2], "prefecture": code[:4], "county": code}[level]


def _filtered(case_type: str | None, region: str | None, year: int | None) -> Select[int]:
    stmt = select(TypicalCase.id).where(_published())
    if case_type is not None:
        if case_type not in CASE_TYPES:
            known = ", ".join(CASE_TYPES)
            raise InvalidInput(f"unknown case type {case_type!r}; known: {known}", field="type")
        stmt = stmt.where(TypicalCase.case_type == case_type)
    if region is not None:
        stmt = stmt.where(TypicalCase.region_code.like(_region_prefix(region) + "%"))
    if year is not None:
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise InvalidInput(f"year must be {MIN_YEAR} to {MAX_YEAR}", field="year")
        stmt = stmt.where(TypicalCase.year == year)
    return stmt


def _ranked(session: Session, stmt: Select[int], terms: list[str]) -> list[tuple[int, float]]:
    """(id, score) of the cases having every term, best first."""
    for term in terms:
        stmt = stmt.where(TypicalCase.search_terms.like(like_pattern(term), escape="\\"))
    columns = (TypicalCase.term_weights, TypicalCase.term_length, TypicalCase.year)
    rows = session.execute(stmt.add_columns(*columns)).all()
    if not rows:
        return []
    # Document frequencies over the whole published library, so filters do not skew them.
    total = int(session.scalar(select(func.count()).where(_published())) or 0)
    idfs = {}
    for term in terms:
        containing = session.scalar(
            select(func.count()).where(
                _published(), TypicalCase.search_terms.like(like_pattern(term), escape="\\")
            )
        )
        idfs[term] = idf(total, int(containing or 0))
    avg = float(session.scalar(select(func.avg(TypicalCase.term_length)).where(_published())) or 1)
    scored = [(row[0], bm25(row[1], row[2], terms, idfs, avg), row[3]) for row in rows]
    scored.sort(key=lambda r: (-r[1], -r[2], -r[0]))
    return [(case_id, score) for case_id, score, _year in scored]


def _pick(case: TypicalCase, name: str, lang: Lang) -> tuple[str | None, Lang]:
    first: Lang = lang
    other: Lang = "en" if lang == "zh" else "zh"
    for which in (first, other):
        value = getattr(case, f"{name}_{which}")
        if value:
            return value, which
    return None, lang


def _segments(segments: list[Any]) -> list[SegmentRead]:
    return [SegmentRead(text=s.text, match=s.match) for s in segments]


def _hit(case: TypicalCase, terms: list[str], score: float | None, lang: Lang) -> SearchHit:
    title, shown = _pick(case, "title", lang)
    other: Lang = "en" if shown == "zh" else "zh"
    texts = [getattr(case, f"summary_{shown}"), getattr(case, f"body_{shown}")]
    texts += [getattr(case, f"summary_{other}"), getattr(case, f"body_{other}")]
    zh, en = CASE_TYPES[case.case_type]
    region_zh, region_en = region_names(case.region_code)
    return SearchHit(
        id=case.id,
        case_type=case.case_type,
        case_type_zh=zh,
        case_type_en=en,
        region_code=case.region_code,
        region_name=region_en if lang == "en" else region_zh,
        year=case.year,
        tags=list(case.tags or []),
        source_ref=case.source_ref,
        lang=shown,
        title=_segments(highlight(title or "", terms)),
        snippet=_segments(make_snippet(texts, terms)),
        score=None if score is None else round(score, 4),
    )


def search_published(
    session: Session,
    *,
    q: str | None = None,
    case_type: str | None = None,
    region: str | None = None,
    year: int | None = None,
    page: int = 1,
    size: int = 10,
    lang: Lang = "zh",
) -> SearchPage:
    """Published cases matching every word of `q` (all of them when `q` is None), ranked, with
    the matches marked; filters by type, region (a province takes in its cities) and year."""
    if page < 1:
        raise InvalidInput("page starts at 1", field="page")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidInput(f"size must be 1 to {MAX_PAGE_SIZE}", field="size")
    terms = query_terms(q) if q is not None else []
    stmt = _filtered(case_type, region, year)
    offset = (page - 1) * size
    scores: dict[int, float | None]
    if terms:
        ranked = _ranked(session, stmt, terms)
        total = len(ranked)
        scores = dict(ranked[offset : offset + size])
    else:
        total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
        newest = stmt.order_by(
            TypicalCase.year.desc(), TypicalCase.published_at.desc(), TypicalCase.id.desc()
        )
        scores = dict.fromkeys(session.scalars(newest.limit(size).offset(offset)).all())
    cases = {
        c.id: c for c in session.scalars(select(TypicalCase).where(TypicalCase.id.in_(scores)))
    }
    items = [_hit(cases[i], terms, s, lang) for i, s in scores.items() if i in cases]
    return SearchPage(
        query=q,
        terms=terms,
        total=total,
        page=page,
        size=size,
        pages=max(1, -(-total // size)),
        items=items,
    )
