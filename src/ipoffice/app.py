"""The web application, built from a `Settings` object (tests build exact variants)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from ipoffice import __version__
from ipoffice.accounts import api as accounts_api
from ipoffice.accounts import web as accounts_web
from ipoffice.applications import api as applications_api
from ipoffice.applications import web as applications_web
from ipoffice.core.calendar import default_calendar, load_overrides
from ipoffice.core.errors import DomainError
from ipoffice.db.engine import Database
from ipoffice.db.migrate import upgrade
from ipoffice.parties import api as parties_api
from ipoffice.patents import web as patents_web
from ipoffice.portal import api as portal_api
from ipoffice.portal import web as portal_web
from ipoffice.protection import cases_api as protection_cases_api
from ipoffice.protection import cases_documents_api as protection_cases_documents_api
from ipoffice.protection import cases_new_web as protection_cases_new_web
from ipoffice.protection import cases_web as protection_cases_web
from ipoffice.protection import clue_api as protection_clue_api
from ipoffice.protection import clue_web as protection_clue_web
from ipoffice.protection import credit_api as protection_credit_api
from ipoffice.protection import credit_web as protection_credit_web
from ipoffice.protection import reports_api as protection_reports_api
from ipoffice.protection import reports_web as protection_reports_web
from ipoffice.protection import typical_api as protection_typical_api
from ipoffice.protection import typical_web as protection_typical_web
from ipoffice.screening import api as screening_api
from ipoffice.screening import web as screening_web
from ipoffice.search import api as search_api
from ipoffice.search.indexes import SearchIndexes
from ipoffice.settings import Settings
from ipoffice.trademarks import bad_faith_api as trademark_bad_faith_api
from ipoffice.trademarks import bad_faith_web as trademark_bad_faith_web
from ipoffice.trademarks import examination_api as trademark_examination_api
from ipoffice.trademarks import examination_web as trademark_examination_web
from ipoffice.trademarks import register_api as trademark_register_api
from ipoffice.trademarks import register_web as trademark_register_web
from ipoffice.trademarks import search_api as trademark_search_api
from ipoffice.trademarks import similarity_api as trademark_similarity_api
from ipoffice.web.access import LoginRequired, guard_of
from ipoffice.web.middleware import BodyLimitMiddleware, CsrfCookieMiddleware
from ipoffice.web.render import render

STATIC_DIR = Path(__file__).parent / "web" / "static"
# Routes FastAPI and Starlette add themselves; all are public by nature.
FRAMEWORK_ROUTES = frozenset({"/openapi.json", "/static"})


# FastAPI's own message when a body cannot be decoded (e.g. not UTF-8).
FASTAPI_BODY_PARSE_ERROR = "There was an error parsing the body"


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


def _error_response(request: Request, status: int, body: dict[str, object]) -> Response:
    if _wants_html(request):
        error = body["error"]
        assert isinstance(error, dict)
        return render(request, "error.html", {"error": error}, status_code=status)
    return JSONResponse(body, status_code=status)


def _validation_message(errors: list[dict[str, object]]) -> tuple[str, str | None]:
    first = errors[0]
    loc = [str(p) for p in first.get("loc", ())]  # type: ignore[attr-defined]
    field = ".".join(loc[1:] if loc and loc[0] in ("body", "query", "path") else loc) or None
    if first.get("type") == "json_invalid":
        ctx = first.get("ctx") or {}
        assert isinstance(ctx, dict)
        return f"the request body is not valid JSON: {ctx.get('error', 'syntax error')}", None
    msg = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
    where = f"{'.'.join(loc)}: " if loc else ""
    return f"{where}{msg}", field


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        return _error_response(request, exc.status_code, {"error": exc.as_dict()})

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = [dict(e) for e in exc.errors()]
        message, field = _validation_message(errors)
        details = [
            {"loc": [str(p) for p in e.get("loc", ())], "message": str(e.get("msg", ""))}
            for e in errors
        ]
        body = {
            "error": {"code": "invalid_input", "message": message, "field": field},
            "details": details,
        }
        return _error_response(request, 422, body)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code, message = f"http_{exc.status_code}", str(exc.detail)
        if exc.status_code == 400 and message == FASTAPI_BODY_PARSE_ERROR:
            code = "unreadable_body"
            message = "the request body could not be read: send JSON encoded as UTF-8"
        elif exc.status_code == 404:
            code, message = "not_found", f"there is no page or endpoint at {request.url.path}"
        return _error_response(
            request, exc.status_code, {"error": {"code": code, "message": message, "field": None}}
        )

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(exc.next_path)}", status_code=303)


ROUTERS = (
    portal_api.router,
    applications_api.router,
    parties_api.router,
    accounts_api.router,
    search_api.router,
    screening_api.router,
    protection_cases_api.router,
    protection_cases_documents_api.router,
    protection_clue_api.router,
    protection_credit_api.router,
    protection_typical_api.router,
    protection_reports_api.router,
    trademark_register_api.router,
    trademark_examination_api.router,
    trademark_bad_faith_api.router,
    trademark_similarity_api.router,
    trademark_search_api.router,
    portal_web.router,
    accounts_web.router,
    applications_web.router,
    patents_web.router,
    screening_web.router,
    trademark_register_web.router,
    protection_clue_web.router,
    protection_typical_web.router,
    protection_credit_web.router,
    protection_reports_web.router,
    protection_cases_new_web.router,
    protection_cases_web.router,
    trademark_examination_web.router,
    trademark_bad_faith_web.router,
)


def declared_routes() -> list[APIRoute]:
    """Every route of the platform's routers (the app keeps included routers nested)."""
    return [route for router in ROUTERS for route in router.routes if isinstance(route, APIRoute)]


def check_every_route_declares_access() -> None:
    missing = [r.path for r in declared_routes() if guard_of(r.dependant.dependencies) is None]
    if missing:
        raise RuntimeError(f"routes without an access declaration: {missing}")


def create_app(settings: Settings, *, migrate: bool = True) -> FastAPI:
    """Build the platform; with `migrate`, bring the database schema up to date first."""
    db = Database(settings.resolved_database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        db.dispose()

    if migrate:
        upgrade(db.engine)
    app = FastAPI(
        title="ipoffice",
        version=__version__,
        description="Platform of an intellectual-property office: filing, examination, "
        'public status inquiry. Errors are `{"error": {"code", "message", "field"}}`.',
        lifespan=lifespan,
        docs_url=None,  # served by portal.api from vendored files
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.calendar = default_calendar(load_overrides(settings.calendar_dir))
    # Opened lazily on the first search, so start-up does not load models or indexes.
    app.state.indexes = SearchIndexes(settings.home, embedding_model=settings.embedding_model)
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.add_middleware(CsrfCookieMiddleware, secure=settings.cookie_secure)
    app.add_middleware(
        BodyLimitMiddleware,
        limit=settings.max_body_bytes,
        overrides=protection_cases_documents_api.body_limits(settings),
    )
    check_every_route_declares_access()
    return app
