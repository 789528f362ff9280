"""What every command shares: settings, the database, and turning domain errors into exits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

import typer

from ipoffice.core.errors import DomainError
from ipoffice.db.engine import Database
from ipoffice.db.migrate import upgrade
from ipoffice.search.indexes import SearchIndexes
from ipoffice.settings import Settings, get_settings

P = ParamSpec("P")
R = TypeVar("R")


def settings() -> Settings:
    return get_settings()


@contextmanager
def database(*, migrate: bool = True) -> Iterator[Database]:
    db = Database(settings().resolved_database_url)
    try:
        if migrate:
            upgrade(db.engine)
        yield db
    finally:
        db.dispose()


def search_indexes() -> SearchIndexes:
    current = settings()
    return SearchIndexes(current.home, embedding_model=current.embedding_model)


def friendly_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Print a domain error's message (and where) instead of a stack trace; exit 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except DomainError as exc:
            where = f" ({exc.field})" if exc.field else ""
            typer.secho(f"error{where}: {exc.message}", fg=typer.colors.RED, err=True)
            raise typer.Exit(2) from exc

    return wrapper
