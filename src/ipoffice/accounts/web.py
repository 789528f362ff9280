"""Login, logout, language switch and the administrator's pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, cast

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from starlette.responses import Response

from ipoffice.core import audit
from ipoffice.core.errors import InvalidInput, TooManyAttempts
from ipoffice.core.identity import Principal, authenticate, do_end_session, do_start_session
from ipoffice.core.models import AuditRecord, User
from ipoffice.core.roles import Role
from ipoffice.settings import Settings
from ipoffice.web.access import SESSION_COOKIE, DbSession, allow, public
from ipoffice.web.i18n import LANG_COOKIE, LANGUAGES
from ipoffice.web.render import render

router = APIRouter(include_in_schema=False)


def safe_next(value: str | None) -> str:
    """Only local paths, so the login form cannot be used to redirect elsewhere."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


@router.get("/login")
def login_page(
    request: Request, next: str = "/", _: Principal | None = public(page=True)
) -> Response:
    return render(request, "login.html", {"next": safe_next(next)})


@router.post("/login")
def login(
    request: Request,
    session: DbSession,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=500)] = "/",
    _: Principal | None = public(page=True),
) -> Response:
    settings = cast(Settings, request.app.state.settings)
    context: dict[str, object] = {"next": safe_next(next), "username": username}
    try:
        user = authenticate(session, username=username, password=password, policy=settings.lockout)
    except TooManyAttempts as exc:
        return render(request, "login.html", {**context, "locked": exc.message}, status_code=429)
    if user is None:
        return render(request, "login.html", {**context, "failed": True}, status_code=401)
    lifetime = timedelta(hours=settings.session_hours)
    cookie = do_start_session(session, user=user, lifetime=lifetime)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=int(lifetime.total_seconds()),
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
    )
    return response


@router.post("/logout")
def logout(request: Request, session: DbSession, _: Principal = allow(page=True)) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        do_end_session(session, plain=cookie)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/lang/{code}")
def switch_language(
    code: str, next: str = "/", _: Principal | None = public(page=True)
) -> Response:
    if code not in LANGUAGES:
        raise InvalidInput(f"unknown language {code!r}; choose zh or en", field="code")
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax")
    return response


@router.get("/admin/users")
def users_page(
    request: Request, session: DbSession, _: Principal = allow(Role.ADMINISTRATOR, page=True)
) -> Response:
    users = session.scalars(select(User).order_by(User.username)).all()
    return render(request, "admin_users.html", {"users": users})


@router.get("/admin/audit")
def audit_page(
    request: Request, session: DbSession, _: Principal = allow(Role.ADMINISTRATOR, page=True)
) -> Response:
    result = audit.verify(session)
    recent = session.scalars(select(AuditRecord).order_by(AuditRecord.seq.desc()).limit(30)).all()
    return render(request, "admin_audit.html", {"result": result, "recent": recent})
