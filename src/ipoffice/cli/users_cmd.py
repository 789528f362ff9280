"""`ipoffice users`: create accounts from the command line (the first administrator)."""

from __future__ import annotations

import typer

from ipoffice.cli.common import database, friendly_errors
from ipoffice.core import audit
from ipoffice.core.identity import do_create_user
from ipoffice.core.roles import Role

app = typer.Typer(help="User accounts.", no_args_is_help=True)


@app.command("create")
@friendly_errors
def create_cmd(
    username: str = typer.Argument(..., help="Login name (lowercase letters, digits, . _ -)."),
    role: list[Role] = typer.Option(..., "--role", help="A role; repeat for several."),
    display_name: str = typer.Option("", help="Name shown in the interface."),
    password: str = typer.Option(
        ..., prompt=True, hide_input=True, confirmation_prompt=True, help="At least 10 characters."
    ),
) -> None:
    """Create a user with the given roles."""
    with database() as db, db.session(write=True) as session:
        user = do_create_user(
            session,
            actor=audit.SYSTEM,
            username=username,
            display_name=display_name or username,
            password=password,
            roles=frozenset(role),
        )
        typer.echo(f"created user {user.username} with roles {', '.join(sorted(user.roles))}")
