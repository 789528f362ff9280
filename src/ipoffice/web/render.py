"""Template rendering with the context every page needs."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from ipoffice.applications.workflow import KIND_LABELS, STATUS_LABELS
from ipoffice.core.roles import ROLE_LABELS
from ipoffice.web.i18n import language, pick, translate
from ipoffice.web.navigation import nav_links

TEMPLATES_DIR = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    return Jinja2Templates(directory=str(TEMPLATES_DIR))


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200
) -> Response:
    lang = language(request)
    base: dict[str, Any] = {
        "lang": lang,
        "t": lambda key: translate(key, lang),
        "pick": lambda pair: pick(pair, lang),
        "kind_label": lambda kind: pick(KIND_LABELS[kind], lang),
        "status_label": lambda status: pick(STATUS_LABELS[status], lang),
        "role_label": lambda role: pick(ROLE_LABELS[role], lang),
        "principal": getattr(request.state, "principal", None),
        "nav_links": nav_links,
        "csrf_token": request.scope.get("state", {}).get("csrf_token", ""),
        # Where the page is, query included, for "come back here" links (login, language).
        "path": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    }
    base.update(context or {})
    return templates().TemplateResponse(request, name, base, status_code=status_code)
