"""`ipoffice audit`: verify the hash-chained audit log."""

from __future__ import annotations

import typer

from ipoffice.cli.common import database, friendly_errors
from ipoffice.core import audit

app = typer.Typer(help="Audit log.", no_args_is_help=True)


@app.command("verify")
@friendly_errors
def verify_cmd() -> None:
    """Recompute the audit chain; exit 1 and name the first tampered record if broken."""
    with database(migrate=False) as db, db.session(write=False) as session:
        result = audit.verify(session)
    typer.echo(result.describe())
    if not result.ok:
        raise typer.Exit(1)
