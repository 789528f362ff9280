"""Prior-art search and IPC suggestion over HTTP."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from ipoffice.core.clock import office_today
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.patents.classify import IpcClassifier
from ipoffice.patents.report import build_report
from ipoffice.patents.report_store import do_save_report, get_report, html_to_pdf, render_html
from ipoffice.search.filters import make_filters
from ipoffice.search.indexes import SearchIndexes
from ipoffice.search.searcher import MAX_QUERY_CHARS, Query, Searcher, resolve_query
from ipoffice.web.access import DbSession, allow

router = APIRouter(prefix="/api/v1", tags=["search"])

# The office's own unpublished applications are in the corpus; only examiners may see them.
SEES_UNPUBLISHED = frozenset({Role.EXAMINER, Role.ADMINISTRATOR})


class PriorArtRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, max_length=MAX_QUERY_CHARS)
    application: str | None = Field(
        default=None, max_length=64, description="A stored document whose prior art to find"
    )
    cutoff: date | None = Field(
        default=None, description="Only documents published before this date"
    )
    top: int = Field(default=10, ge=1, le=200)
    ipc: list[str] = Field(default_factory=list, max_length=20)
    jurisdiction: list[str] = Field(default_factory=list, max_length=20)
    kind: list[str] = Field(default_factory=list, max_length=3)
    mode: Literal["hybrid", "lexical", "semantic"] = "hybrid"


class PassageOut(BaseModel):
    field: str
    text: str
    score: float
    matched: list[str]


class PriorArtHit(BaseModel):
    id: str
    score: float
    title: str
    publication_date: date | None
    jurisdiction: str
    lexical_rank: int | None
    semantic_rank: int | None
    passages: list[PassageOut]


class ClassifyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=MAX_QUERY_CHARS)
    top: int = Field(default=3, ge=1, le=20)


class IpcOut(BaseModel):
    ipc: str
    score: float
    title: str | None
    neighbours: list[str]
    scheme_similarity: float | None


def _parts(request: Request) -> tuple[Database, SearchIndexes]:
    return request.app.state.db, request.app.state.indexes


def _run_search(request: Request, body: PriorArtRequest, principal: Principal) -> list[Any]:
    db, indexes = _parts(request)
    searcher = Searcher(db, indexes)
    query = resolve_query(
        searcher, text=body.text, application=body.application, cutoff=body.cutoff
    )
    cutoff = query.cutoff
    if not principal.has_any(SEES_UNPUBLISHED):
        tomorrow = date.fromordinal(office_today().toordinal() + 1)
        cutoff = min(cutoff, tomorrow) if cutoff else tomorrow
    filters = make_filters(
        published_before=cutoff,
        ipc=body.ipc,
        jurisdictions=body.jurisdiction,
        kinds=body.kind,
        exclude_ids=list(query.exclude),
    )
    hits = searcher.search(Query(text=query.text, filters=filters, top=body.top, mode=body.mode))
    return [hit.as_dict() for hit in hits]


@router.post("/search/prior-art", response_model=list[PriorArtHit])
async def search_prior_art(
    body: PriorArtRequest, request: Request, principal: Principal = allow()
) -> list[Any]:
    """Rank stored documents as prior art for a text or a stored document, with the passages
    that match. Applicants and agents see published documents only."""
    return await run_in_threadpool(_run_search, request, body, principal)


@router.post("/classify", response_model=list[IpcOut])
async def classify(body: ClassifyRequest, request: Request, _: Principal = allow()) -> list[Any]:
    """Suggest IPC subclasses for a text, with the neighbours and scheme similarity behind each."""
    db, indexes = _parts(request)
    suggestions = await run_in_threadpool(
        IpcClassifier(db, indexes).suggest, body.text, top=body.top
    )
    return [s.as_dict() for s in suggestions]


class ReportRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document_id: str = Field(max_length=64, description="The stored document (claims) to search")
    application_number: str | None = Field(
        default=None, max_length=40, description="Note the report in this application's history"
    )
    cutoff: date | None = None
    documents_per_claim: int = Field(default=5, ge=1, le=20)


EXAMINERS = (Role.EXAMINER, Role.ADMINISTRATOR)


def _make_report(request: Request, body: ReportRequest, principal: Principal) -> dict[str, Any]:
    db, indexes = _parts(request)
    report = build_report(
        db,
        indexes,
        body.document_id,
        cutoff=body.cutoff,
        documents_per_claim=body.documents_per_claim,
    )
    with db.session(write=True) as session:
        row = do_save_report(
            session,
            actor=principal.actor,
            report=report,
            application_number=body.application_number,
        )
        return {"id": row.id, **row.body}


@router.post("/search/reports", status_code=201)
async def create_report(
    body: ReportRequest, request: Request, principal: Principal = allow(Role.EXAMINER)
) -> dict[str, Any]:
    """Claim-by-claim AI-assisted search report, saved to the record (and to the application's
    history when one is named). An aid for the examiner, never an examination opinion."""
    return await run_in_threadpool(_make_report, request, body, principal)


@router.get("/search/reports/{report_id}")
def read_report(
    report_id: int, session: DbSession, _: Principal = allow(*EXAMINERS)
) -> dict[str, Any]:
    row = get_report(session, report_id)
    return {"id": row.id, **row.body}


@router.get("/search/reports/{report_id}/html", response_class=HTMLResponse)
def report_html(
    report_id: int,
    session: DbSession,
    lang: Literal["zh", "en"] = "zh",
    _: Principal = allow(*EXAMINERS),
) -> HTMLResponse:
    row = get_report(session, report_id)
    return HTMLResponse(render_html(row.body, report_id=row.id, lang=lang))


@router.get("/search/reports/{report_id}/pdf", response_class=Response)
def report_pdf(
    report_id: int,
    session: DbSession,
    lang: Literal["zh", "en"] = "zh",
    _: Principal = allow(*EXAMINERS),
) -> Response:
    row = get_report(session, report_id)
    pdf = html_to_pdf(render_html(row.body, report_id=row.id, lang=lang))
    name = f"search-report-{row.id}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
