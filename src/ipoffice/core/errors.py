"""Domain errors: each carries a machine code, a human message and where the problem is.

The API turns them into `{"error": {"code", "message", "field"}}` with the status below; the CLI
prints the message and exits non-zero. Nothing else should be raised for a user's mistake.
"""

from __future__ import annotations


class DomainError(Exception):
    """A problem the caller can fix; never a bug."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}


class InvalidInput(DomainError):
    status_code = 422
    code = "invalid_input"


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    """The request clashes with the current state (duplicate, stale version, wrong status)."""

    status_code = 409
    code = "conflict"


class NotAuthenticated(DomainError):
    status_code = 401
    code = "not_authenticated"


class PermissionDenied(DomainError):
    status_code = 403
    code = "forbidden"


class TooManyAttempts(DomainError):
    status_code = 429
    code = "too_many_attempts"


class CalendarNotCovered(DomainError):
    """A date falls in a year for which the official working-day calendar is not known."""

    status_code = 422
    code = "calendar_not_covered"
