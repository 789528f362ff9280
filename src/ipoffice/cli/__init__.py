"""The `ipoffice` command: one module per command group."""

from __future__ import annotations

import typer

from ipoffice.cli import (
    audit_cmd,
    db_cmd,
    demo_cmd,
    ingest_cmd,
    parties_cmd,
    reference_cmd,
    screen_cmd,
    search_cmd,
    serve_cmd,
    trademarks_cmd,
    users_cmd,
)

app = typer.Typer(
    name="ipoffice",
    help="Platform of an intellectual-property office. Data lives in IPOFFICE_HOME.",
    no_args_is_help=True,
    add_completion=False,
)
app.command("serve", help="Serve the platform over HTTP (upgrades the database first).")(
    serve_cmd.serve
)
app.add_typer(db_cmd.app, name="db")
app.add_typer(demo_cmd.app, name="demo")
app.add_typer(audit_cmd.app, name="audit")
app.add_typer(users_cmd.app, name="users")
app.add_typer(ingest_cmd.app, name="ingest")
app.add_typer(search_cmd.search_app, name="search")
app.add_typer(search_cmd.index_app, name="index")
app.add_typer(reference_cmd.app, name="reference")
app.add_typer(parties_cmd.app, name="parties")
app.add_typer(screen_cmd.app, name="screen")
app.add_typer(trademarks_cmd.app, name="trademarks")
app.command("classify", help="Suggest IPC subclasses for a text.")(search_cmd.classify)


def main() -> None:
    app()
