"""Who may call what. Every route declares a `Guard`; `create_app` refuses to start if one
does not, and a test walks the route table with anonymous and wrong-role callers.

A caller is identified by an `Authorization: Bearer` token (API clients) or by the session
cookie (browsers). Browser requests that change state must carry the CSRF token that matches
the `ipoffice_csrf` cookie, in the `X-CSRF-Token` header (htmx) or the `csrf_token` form field
(see `check_csrf` for the JSON exemption).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.errors import NotAuthenticated, PermissionDenied
from ipoffice.core.identity import Principal, principal_of, user_for_session, user_for_token
from ipoffice.core.roles import ALL_ROLES, Role
from ipoffice.db.engine import Database

SESSION_COOKIE = "ipoffice_session"
CSRF_COOKIE = "ipoffice_csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginRequired(Exception):
    """A page needs a logged-in user: the browser is sent to the login page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfFailed(PermissionDenied):
    code = "csrf_failed"


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def _resolve(db: Database, bearer: str | None, cookie: str | None) -> Principal | None:
    with db.session(write=False) as session:
        if bearer is not None:
            user = user_for_token(session, bearer)
            return principal_of(user, via_token=True) if user else None
        if cookie is not None:
            user = user_for_session(session, cookie)
            return principal_of(user) if user else None
    return None


async def current_principal(request: Request) -> Principal | None:
    """The caller, resolved once per request."""
    if hasattr(request.state, "principal"):
        cached: Principal | None = request.state.principal
        return cached
    header = request.headers.get("authorization", "")
    bearer = header[7:].strip() if header.lower().startswith("bearer ") else None
    if header and bearer is None:
        raise NotAuthenticated("the Authorization header must be 'Bearer <token>'")
    cookie = request.cookies.get(SESSION_COOKIE)
    principal = None
    if bearer is not None or cookie is not None:  # anonymous callers need no database lookup
        principal = await run_in_threadpool(_resolve, database(request), bearer, cookie)
    if bearer is not None and principal is None:
        raise NotAuthenticated("the bearer token is unknown, expired or revoked")
    request.state.principal = principal
    return principal


async def check_csrf(request: Request) -> None:
    """Browser writes need the token. JSON bodies are exempt: a browser sends them cross-site
    only after a CORS preflight, which this server never grants; bearer calls are not cookies."""
    if request.method in SAFE_METHODS or request.headers.get("authorization"):
        return
    if request.headers.get("content-type", "").startswith("application/json"):
        return
    expected = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and "form" in request.headers.get("content-type", ""):
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else ""
    if not expected or not sent or not secrets.compare_digest(expected, sent):
        raise CsrfFailed(
            "the form has expired or did not come from this site (CSRF check failed); "
            "reload the page and try again"
        )


class Guard:
    """A route's access declaration, enforced as a FastAPI dependency."""

    def __init__(self, roles: frozenset[Role] | None, *, page: bool = False) -> None:
        self.roles = roles  # None: public
        self.page = page

    @property
    def public(self) -> bool:
        return self.roles is None

    async def __call__(self, request: Request) -> Principal | None:
        principal = await current_principal(request)
        if self.roles is not None:
            if principal is None:
                if self.page:
                    query = f"?{request.url.query}" if request.url.query else ""
                    raise LoginRequired(request.url.path + query)
                raise NotAuthenticated("log in or send an API bearer token")
            if not principal.has_any(self.roles):
                raise PermissionDenied(
                    "this needs one of the roles: " + ", ".join(sorted(r.value for r in self.roles))
                )
        await check_csrf(request)
        return principal

    def __repr__(self) -> str:
        who = "public" if self.roles is None else ",".join(sorted(r.value for r in self.roles))
        return f"Guard({who}, page={self.page})"


def guard_of(dependencies: list[Any]) -> Guard | None:
    for dependency in dependencies:
        if isinstance(dependency.call, Guard):
            return dependency.call
    return None


# Declarations used by routes.
def allow(*roles: Role, page: bool = False) -> Any:
    return Depends(Guard(frozenset(roles) or ALL_ROLES, page=page))


def public(*, page: bool = False) -> Any:
    return Depends(Guard(None, page=page))


def get_session(request: Request) -> Iterator[Session]:
    """The request's transaction: write (and on SQLite, BEGIN IMMEDIATE) for unsafe methods."""
    with database(request).session(write=request.method not in SAFE_METHODS) as session:
        yield session


DbSession = Annotated[Session, Depends(get_session, scope="function")]


def office_calendar(request: Request) -> WorkingDayCalendar:
    """The working-day calendar with the office's overrides, built once per app."""
    calendar: WorkingDayCalendar = request.app.state.calendar
    return calendar


OfficeCalendar = Annotated[WorkingDayCalendar, Depends(office_calendar)]
