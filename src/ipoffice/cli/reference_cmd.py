"""`ipoffice reference`: reference tables loaded from official files by path."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from ipoffice.cli.common import database, friendly_errors
from ipoffice.core import audit
from ipoffice.core.errors import InvalidInput
from ipoffice.patents.ipc_scheme import load_scheme
from ipoffice.trademarks.goods import load_goods_table

app = typer.Typer(help="Reference data (IPC scheme, similar-goods table).", no_args_is_help=True)


@app.command("load-ipc")
@friendly_errors
def load_ipc(
    path: Path = typer.Argument(..., help="WIPO IPC scheme file: CODE<TAB>TITLE per line."),
) -> None:
    """Load (replace) the IPC scheme used for IPC suggestions and titles."""
    with database() as db, db.session(write=True) as session:
        count = load_scheme(session, path)
    typer.echo(f"loaded {count} IPC entries from {path}")


@app.command("load-goods")
@friendly_errors
def load_goods(
    path: Path = typer.Argument(
        ..., help="类似商品和服务区分表 as JSON Lines: code, name, type, parentCode, version."
    ),
    edition: str = typer.Option(
        "", help="Edition label (default: the file name, e.g. NCL13-2026)."
    ),
    effective_from: str = typer.Option(
        "",
        help="Date the edition applies to filings, YYYY-MM-DD (default: 1 January of the "
        "year in the label).",
    ),
    show: int = typer.Option(20, min=0, help="How many problem lines to print."),
) -> None:
    """Load a similar-goods table edition beside earlier ones (the same file again: no change)."""
    try:
        start = date.fromisoformat(effective_from) if effective_from else None
    except ValueError as exc:
        raise InvalidInput(
            f"--effective-from {effective_from!r} is not a date (YYYY-MM-DD)",
            field="effective_from",
        ) from exc
    with database() as db, db.session(write=True) as session:
        report = load_goods_table(
            session,
            actor=audit.SYSTEM,
            path=path,
            edition=edition or None,
            effective_from=start,
        )
    if report.already_loaded:
        typer.echo(f"edition {report.edition} is already loaded from this file; nothing changed")
        return
    typer.echo(
        f"loaded edition {report.edition} (in force from {report.effective_from}): "
        f"{report.classes} classes, {report.groups} groups, {report.items} items"
    )
    if report.problems:
        typer.secho(f"{len(report.problems)} lines left out:", fg=typer.colors.YELLOW, err=True)
        for line, message in report.problems[:show]:
            typer.echo(f"  line {line}: {message}", err=True)
