"""The `ipoffice` command: one module per command group."""

from __future__ import annotations

import typer

from ipoffice.cli import audit_cmd, db_cmd, demo_cmd, serve_cmd, users_cmd

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


def main() -> None:
    app()
