"""`ipoffice reference`: reference tables loaded from official files by path."""

from __future__ import annotations

from pathlib import Path

import typer

from ipoffice.cli.common import database, friendly_errors
from ipoffice.patents.ipc_scheme import load_scheme

app = typer.Typer(help="Reference data (IPC scheme).", no_args_is_help=True)


@app.command("load-ipc")
@friendly_errors
def load_ipc(
    path: Path = typer.Argument(..., help="WIPO IPC scheme file: CODE<TAB>TITLE per line."),
) -> None:
    """Load (replace) the IPC scheme used for IPC suggestions and titles."""
    with database() as db, db.session(write=True) as session:
        count = load_scheme(session, path)
    typer.echo(f"loaded {count} IPC entries from {path}")
