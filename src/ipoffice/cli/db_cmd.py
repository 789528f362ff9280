"""`ipoffice db`: schema migrations."""

from __future__ import annotations

import typer

from ipoffice.cli.common import database, friendly_errors, settings
from ipoffice.db.migrate import current_revision, head_revision

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
@friendly_errors
def upgrade_cmd() -> None:
    """Bring the database schema up to the latest revision."""
    with database(migrate=True) as db:
        typer.echo(f"database at revision {current_revision(db.engine)} ({_safe_url()})")


@app.command("current")
@friendly_errors
def current_cmd() -> None:
    """Show the schema revision of the database and the latest one available."""
    with database(migrate=False) as db:
        typer.echo(f"current: {current_revision(db.engine)}  head: {head_revision(db.engine)}")


def _safe_url() -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings().resolved_database_url).render_as_string(hide_password=True)
