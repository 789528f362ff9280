"""`ipoffice serve`."""

from __future__ import annotations

import typer
import uvicorn

from ipoffice.app import create_app
from ipoffice.cli.common import settings


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    show_demo_logins: bool = typer.Option(False, help="Print the demo logins before serving."),
) -> None:
    current = settings()
    app = create_app(current)
    typer.echo(f"ipoffice serving http://{host}:{port}/  (data: {current.home.resolve()})")
    typer.echo(f"  public status inquiry: http://{host}:{port}/inquiry   API docs: /docs")
    if show_demo_logins:
        from ipoffice.demo.seed import DEMO_PASSWORD, DEMO_USERS

        typer.echo(f"  demo logins (password for all: {DEMO_PASSWORD}):")
        for user in DEMO_USERS:
            typer.echo(f"    {user.username:<14} {user.role.value}")
    uvicorn.run(app, host=host, port=port, log_level="warning")
