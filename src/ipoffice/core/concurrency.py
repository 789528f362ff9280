"""Optimistic concurrency: every record that people edit carries a `version` column
(SQLAlchemy `version_id_col`); a caller sends the version it saw.

Two moments catch a stale edit: before any change (`check_version`: the caller saw an older
version) and at the flush (`flush_or_conflict`: another writer changed the row in between).
Both answer `409 stale_version` with the same words, whatever the record.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ipoffice.core.errors import Conflict

__all__ = ["check_version", "flush_or_conflict"]


def check_version(current: int, expected: int | None, what: str) -> None:
    """Refuse an edit made on version `expected` of `what` (e.g. "case 2026-440300-0001");
    no version at all (None) is refused too."""
    if current != expected:
        raise Conflict(
            f"{what} was changed by someone else: it is at version {current}, you sent "
            f"{expected}; reload and try again",
            field="expected_version",
            code="stale_version",
        )


def flush_or_conflict(session: Session, what: str) -> None:
    """Flush; a row changed by a concurrent writer in between is a stale-version conflict."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict(
            f"{what} was changed by someone else at the same time; reload and try again",
            field="expected_version",
            code="stale_version",
        ) from exc
