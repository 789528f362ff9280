"""The examiner workbench: queue, an application with its claims, prior-art search with the
matching passages highlighted, side-by-side comparison, and search-report drafting."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from markupsafe import Markup, escape
from sqlalchemy import select
from starlette.responses import Response

from ipoffice.applications.models import Application
from ipoffice.applications.service import full_record, get_by_number
from ipoffice.applications.workflow import PATENT_KINDS, Status
from ipoffice.core.errors import DomainError, NotFound
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.db.engine import Database
from ipoffice.patents.claims import parse_claims
from ipoffice.patents.document import PatentDocument
from ipoffice.patents.models import PatentDocumentRow, SearchReportRow
from ipoffice.patents.report import build_report, match_element
from ipoffice.patents.report_store import do_save_report
from ipoffice.patents.store import get_document
from ipoffice.search.filters import make_filters
from ipoffice.search.indexes import SearchIndexes
from ipoffice.search.passages import candidate_passages
from ipoffice.search.searcher import Query as SearchQuery
from ipoffice.search.searcher import Searcher, query_for_document
from ipoffice.text.analyze import tokens
from ipoffice.web.access import DbSession, OfficeCalendar, allow
from ipoffice.web.render import render

router = APIRouter(include_in_schema=False)

EXAMINERS = (Role.EXAMINER, Role.ADMINISTRATOR)
QUEUE_STATUSES = (
    Status.FILED,
    Status.PRELIMINARY_EXAMINATION,
    Status.PUBLISHED,
    Status.SUBSTANTIVE_EXAMINATION,
)
QUEUE_SIZE = 50


def highlight(text: str, terms: list[str] | tuple[str, ...], lang: str) -> Markup:
    """The text with the words whose index terms matched wrapped in <mark>: Latin words by
    their stems, Chinese by the matched words themselves."""
    wanted = set(terms)
    chinese = sorted((t for t in wanted if _HAN.search(t)), key=len, reverse=True)
    chinese_pattern = re.compile("|".join(map(re.escape, chinese))) if chinese else None
    out = []
    for piece in _PIECES.split(text):
        if not piece:
            continue
        if _HAN.search(piece) and chinese_pattern is not None:
            last = 0
            for found in chinese_pattern.finditer(piece):
                out.append(escape(piece[last : found.start()]))
                out.append(Markup("<mark>%s</mark>") % found.group())
                last = found.end()
            out.append(escape(piece[last:]))
        elif piece.isalnum() and wanted & set(tokens(piece, "en")):
            out.append(Markup("<mark>%s</mark>") % piece)
        else:
            out.append(escape(piece))
    return Markup("").join(out)


_HAN = re.compile("[\u3400-\u9fff]")
_PIECES = re.compile("([\u3400-\u9fff]+|[A-Za-z0-9]+)")


def _document_or_none(session: DbSession, number: str) -> PatentDocument | None:
    try:
        return get_document(session, number)
    except NotFound:
        return None


@router.get("/workbench")
def queue(
    request: Request,
    session: DbSession,
    status: Status | None = None,
    _: Principal = allow(*EXAMINERS, page=True),
) -> Response:
    statuses = [status] if status else list(QUEUE_STATUSES)
    rows = session.scalars(
        select(Application)
        .where(
            Application.kind.in_([k.value for k in PATENT_KINDS]),
            Application.status.in_([s.value for s in statuses]),
        )
        .order_by(Application.filing_date, Application.id)
        .limit(QUEUE_SIZE)
    ).all()
    numbers = [a.number for a in rows]
    with_text = set(
        session.scalars(
            select(PatentDocumentRow.doc_id).where(PatentDocumentRow.doc_id.in_(numbers))
        )
    )
    context = {
        "rows": rows,
        "with_text": with_text,
        "statuses": QUEUE_STATUSES,
        "status": status.value if status else "",
    }
    return render(request, "workbench_queue.html", context)


@router.get("/workbench/{number}")
def application_desk(
    number: str,
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    _: Principal = allow(*EXAMINERS, page=True),
) -> Response:
    application = get_by_number(session, number)
    doc = _document_or_none(session, application.number)
    claims = parse_claims(doc.claims, doc.lang, strict=False) if doc and doc.claims else []
    reports = session.scalars(
        select(SearchReportRow)
        .where(SearchReportRow.application_number == application.number)
        .order_by(SearchReportRow.id.desc())
    ).all()
    context = {
        "app": full_record(application, calendar),
        "doc": doc,
        "claims": claims,
        "reports": reports,
    }
    return render(request, "workbench_application.html", context)


def _search(
    db: Database, indexes: SearchIndexes, doc: PatentDocument, text: str | None, mode: str,
    ipc: str | None, cutoff: date | None,
) -> list[dict[str, object]]:  # fmt: skip
    searcher = Searcher(db, indexes)
    filters = make_filters(
        published_before=cutoff or doc.prior_art_date,
        ipc=[ipc] if ipc else None,
        exclude_ids=[doc.id],
    )
    hits = searcher.search(
        SearchQuery(text or query_for_document(doc), filters, top=10, mode=mode)  # type: ignore[arg-type]
    )
    return [
        {
            "hit": hit,
            "passages": [(p, highlight(p.text, p.matched, doc.lang)) for p in hit.passages],
        }
        for hit in hits
    ]


@router.get("/workbench/{number}/search")
async def search_panel(
    number: str,
    request: Request,
    text: Annotated[str | None, Query(max_length=50_000)] = None,
    mode: Annotated[str, Query(pattern="^(hybrid|lexical|semantic)$")] = "hybrid",
    ipc: Annotated[str | None, Query(max_length=20)] = None,
    cutoff: date | None = None,
    _: Principal = allow(*EXAMINERS, page=True),
) -> Response:
    """Search results (an htmx fragment): the application's claims are the default query."""
    db: Database = request.app.state.db
    indexes: SearchIndexes = request.app.state.indexes
    with db.session(write=False) as session:
        canonical = get_by_number(session, number).number
        doc = _document_or_none(session, canonical)
    if doc is None:
        raise NotFound(f"no text on file for application {number}", field="number")
    error, results = None, []
    try:
        results = await run_in_threadpool(
            _search, db, indexes, doc, text.strip() if text else None, mode, ipc or None, cutoff
        )
    except DomainError as exc:
        error = exc.message
    context = {"number": canonical, "results": results, "error": error}
    return render(request, "workbench_results.html", context)


@router.get("/workbench/{number}/compare/{doc_id}")
def compare(
    number: str,
    doc_id: str,
    request: Request,
    session: DbSession,
    _: Principal = allow(*EXAMINERS, page=True),
) -> Response:
    """The application's independent claims beside the other document's best passages."""
    application = get_by_number(session, number)
    doc = _document_or_none(session, application.number)
    if doc is None:
        raise NotFound(f"no text on file for application {number}", field="number")
    other = get_document(session, doc_id)
    units = [(f, t, set(tokens(t, other.lang))) for f, t in candidate_passages(other)]
    rows = []
    for claim in parse_claims(doc.claims, doc.lang, strict=False):
        if not claim.is_independent:
            continue
        matches = [match_element(e, other, units) for e in claim.elements]
        rows.append(
            {
                "claim": claim,
                "matches": [(m, highlight(m.passage, m.matched, other.lang)) for m in matches],
            }
        )
    context = {"app_number": application.number, "doc": doc, "other": other, "rows": rows}
    return render(request, "workbench_compare.html", context)


@router.post("/workbench/{number}/report")
async def draft_report(
    number: str,
    request: Request,
    cutoff: Annotated[str, Form(max_length=10)] = "",
    principal: Principal = allow(Role.EXAMINER, page=True),
) -> Response:
    db: Database = request.app.state.db
    indexes: SearchIndexes = request.app.state.indexes
    with db.session(write=False) as session:
        canonical = get_by_number(session, number).number
    cut = date.fromisoformat(cutoff) if cutoff else None
    report = await run_in_threadpool(build_report, db, indexes, canonical, cutoff=cut)
    with db.session(write=True) as session:
        row = do_save_report(
            session, actor=principal.actor, report=report, application_number=canonical
        )
        report_id = row.id
    return RedirectResponse(f"/workbench/{canonical}/reports/{report_id}", status_code=303)


@router.get("/workbench/{number}/reports/{report_id}")
def report_page(
    number: str,
    report_id: int,
    request: Request,
    session: DbSession,
    _: Principal = allow(*EXAMINERS, page=True),
) -> Response:
    row = session.get(SearchReportRow, report_id)
    application = get_by_number(session, number)
    if row is None or row.application_number != application.number:
        raise NotFound(f"no search report {report_id} for application {number}", field="id")
    context = {"app_number": application.number, "report": row.body, "report_id": row.id}
    return render(request, "workbench_report.html", context)
