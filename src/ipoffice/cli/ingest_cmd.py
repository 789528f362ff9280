"""`ipoffice ingest`: bring documents into the store and the search indexes."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ipoffice.cli.common import database, friendly_errors, search_indexes
from ipoffice.patents.ingest import count_records, ingest_files

app = typer.Typer(help="Ingest documents.", no_args_is_help=True)

MAX_ERRORS_SHOWN = 50


@app.command("patents")
@friendly_errors
def ingest_patents(
    files: list[Path] = typer.Argument(..., help="USPTO XML or JSON Lines files."),
    no_index: bool = typer.Option(False, help="Store only; index later with `index rebuild`."),
) -> None:
    """Read patent documents; re-running a file adds nothing twice. Bad records are listed
    with file and line, and the good ones are kept."""
    for path in files:
        if not path.is_file():
            typer.secho(f"error (file): {path}: no such file", fg=typer.colors.RED, err=True)
            raise typer.Exit(2)
    total = sum(count_records(path) for path in files)
    with database() as db:
        indexer = None if no_index else search_indexes()
        columns = (
            TextColumn("ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, transient=True, disable=total < 500) as progress:
            task = progress.add_task("ingest", total=total)
            report = ingest_files(
                db, files, indexer=indexer, on_record=lambda n: progress.advance(task, n)
            )
    for line in report.errors[:MAX_ERRORS_SHOWN]:
        typer.secho(f"bad record: {line}", fg=typer.colors.YELLOW, err=True)
    if len(report.errors) > MAX_ERRORS_SHOWN:
        typer.secho(f"... and {len(report.errors) - MAX_ERRORS_SHOWN} more", err=True)
    typer.echo(report.summary())
    if report.errors:
        raise typer.Exit(1)
