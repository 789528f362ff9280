"""`ipoffice search`, `ipoffice classify`, `ipoffice index`: prior-art search from the shell."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer

from ipoffice.cli.common import database, friendly_errors, search_indexes
from ipoffice.core import audit
from ipoffice.core.errors import InvalidInput
from ipoffice.patents.classify import IpcClassifier
from ipoffice.patents.report import build_report
from ipoffice.patents.report_store import do_save_report, html_to_pdf, render_html
from ipoffice.search.filters import make_filters
from ipoffice.search.searcher import Mode, Query, Searcher, resolve_query

search_app = typer.Typer(help="Prior-art search.", no_args_is_help=True)
index_app = typer.Typer(help="Search indexes.", no_args_is_help=True)


def _date(value: str | None, field: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{value!r} is not a date (YYYY-MM-DD)", field=field) from exc


@search_app.command("prior-art")
@friendly_errors
def prior_art(
    text: str | None = typer.Option(None, "--text", help="What to search for (any language)."),
    application: str | None = typer.Option(
        None, "--application", help="Search for a stored document's prior art (its id)."
    ),
    cutoff: str | None = typer.Option(
        None,
        help="Only documents published before this date (default: the application's "
        "priority or filing date).",
    ),
    top: int = typer.Option(10, min=1, max=200, help="How many results."),
    ipc: list[str] = typer.Option([], help="IPC prefix to keep (repeatable), e.g. A61K."),
    jurisdiction: list[str] = typer.Option([], help="Office to keep (repeatable), e.g. CN."),
    kind: list[str] = typer.Option([], help="invention, utility_model or design (repeatable)."),
    mode: str = typer.Option("hybrid", help="hybrid, lexical or semantic."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list."),
) -> None:
    """Rank stored documents as prior art, with the passages that match."""
    if mode not in ("hybrid", "lexical", "semantic"):
        raise InvalidInput("mode must be hybrid, lexical or semantic", field="mode")
    with database() as db:
        searcher = Searcher(db, search_indexes())
        query = resolve_query(
            searcher, text=text, application=application, cutoff=_date(cutoff, "cutoff")
        )
        filters = make_filters(
            published_before=query.cutoff, ipc=ipc, jurisdictions=jurisdiction, kinds=kind,
            exclude_ids=list(query.exclude),
        )  # fmt: skip
        mode_value: Mode = mode  # type: ignore[assignment]
        hits = searcher.search(Query(text=query.text, filters=filters, top=top, mode=mode_value))
    if as_json:
        payload = [
            {"id": h.id, "score": h.as_dict()["score"], "title": h.title,
             "passages": [p.as_dict() for p in h.passages],
             "publication_date": h.as_dict()["publication_date"]}
            for h in hits
        ]  # fmt: skip
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for rank, hit in enumerate(hits, start=1):
        typer.echo(f"{rank:>3}. {hit.id}  {hit.score:.3f}  {hit.title}")
        for passage in hit.passages[:1]:
            typer.echo(f"     [{passage.field}] {passage.text[:160]}")


@friendly_errors
def classify(
    text: str = typer.Option(..., "--text", help="Title, abstract or claims to classify."),
    top: int = typer.Option(3, min=1, max=20, help="How many subclasses."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list."),
) -> None:
    """Suggest IPC subclasses, with scores and the evidence behind each."""
    with database() as db:
        suggestions = IpcClassifier(db, search_indexes()).suggest(text, top=top)
    if as_json:
        typer.echo(json.dumps([s.as_dict() for s in suggestions], ensure_ascii=False, indent=2))
        return
    for item in suggestions:
        typer.echo(f"{item.ipc}  {item.score:.3f}  {item.title or ''}")


@index_app.command("rebuild")
@friendly_errors
def rebuild() -> None:
    """Rebuild the lexical and semantic indexes from the stored documents."""
    with database() as db:
        count = search_indexes().rebuild(db)
    typer.echo(f"indexed {count} documents")


@search_app.command("report")
@friendly_errors
def report(
    document_id: str = typer.Argument(..., help="Stored document whose claims to search."),
    application: str | None = typer.Option(
        None, "--application", help="Note the report in this application's history."
    ),
    cutoff: str | None = typer.Option(None, help="Override the prior-art cut-off (YYYY-MM-DD)."),
    html: Path | None = typer.Option(None, help="Also write the report as HTML here."),
    pdf: Path | None = typer.Option(None, help="Also write the report as PDF here (Chromium)."),
    lang: str = typer.Option("zh", help="Language of the exported report: zh or en."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Claim-by-claim AI-assisted search report (X/Y/A with evidence), saved to the record."""
    if lang not in ("zh", "en"):
        raise InvalidInput("lang must be zh or en", field="lang")
    with database() as db:
        built = build_report(db, search_indexes(), document_id, cutoff=_date(cutoff, "cutoff"))
        with db.session(write=True) as session:
            row = do_save_report(
                session, actor=audit.SYSTEM, report=built, application_number=application
            )
            report_id, body = row.id, row.body
    if html is not None or pdf is not None:
        page = render_html(body, report_id=report_id, lang=lang)
        if html is not None:
            html.write_text(page, encoding="utf-8")
        if pdf is not None:
            pdf.write_bytes(html_to_pdf(page))
    if as_json:
        typer.echo(json.dumps({"id": report_id, **body}, ensure_ascii=False, indent=2))
        return
    typer.echo(f"search report #{report_id} for {document_id} (cut-off {body['cutoff']})")
    for claim in body["claims"]:
        typer.echo(f"  claim {claim['number']}: {claim['category']}  {claim['reasoning']}")
