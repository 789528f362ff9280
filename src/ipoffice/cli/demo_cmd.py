"""`ipoffice demo`: deterministic demo data for a fresh machine."""

from __future__ import annotations

import typer

from ipoffice.cli.common import database, friendly_errors, search_indexes
from ipoffice.demo.seed import DEMO_PASSWORD, DEMO_USERS, seed

app = typer.Typer(help="Demo data.", no_args_is_help=True)


@app.command("seed")
@friendly_errors
def seed_cmd(
    applications: int = typer.Option(240, min=1, max=100_000, help="How many applications."),
) -> None:
    """Generate demo parties, users and applications (skipped if already seeded)."""
    with database() as db:
        with db.session(write=True) as session:
            report = seed(session, applications=applications)
        indexed = search_indexes().index_pending(db)
    if report.skipped:
        typer.echo("demo data already present; nothing changed")
    else:
        typer.echo(
            f"demo data: {report.parties} parties, {report.users} users, "
            f"{report.applications} applications, {report.documents} patent texts "
            f"({indexed} indexed for search), {report.marks} trademarks in the register"
        )
    typer.echo(
        f"demo logins (password {DEMO_PASSWORD}): " + ", ".join(u.username for u in DEMO_USERS)
    )
