"""Pages of the trademark register: the list with goods lookup, and one mark."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from ipoffice.core.errors import InvalidInput
from ipoffice.core.identity import Principal
from ipoffice.trademarks.goods_table import lookup_items, table_for
from ipoffice.trademarks.models import MARK_STATUSES
from ipoffice.trademarks.register import get_mark, list_marks
from ipoffice.trademarks.register_api import EVERYONE, mark_read
from ipoffice.web.access import DbSession, allow
from ipoffice.web.render import render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 25


@router.get("/trademarks/marks")
def register_page(
    request: Request,
    session: DbSession,
    principal: Principal = allow(*EVERYONE, page=True),
    q: Annotated[str, Query(max_length=100)] = "",
    class_number: Annotated[int | None, Query(ge=1, le=45)] = None,
    status: Annotated[str, Query(max_length=32)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """The register, newest filing first, with the goods lookup and the table in force."""
    if status and status not in MARK_STATUSES:
        raise InvalidInput(f"unknown status {status!r}", field="status")
    rows, total = list_marks(
        session,
        q=q.strip() or None,
        class_number=class_number,
        status=status or None,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    table = table_for(session)
    context = {
        "rows": [mark_read(m) for m in rows],
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "q": q,
        "class_number": class_number,
        "status": status,
        "statuses": MARK_STATUSES,
        "edition": table.edition if table else None,
    }
    return render(request, "trademark_marks.html", context)


@router.get("/trademarks/goods-lookup")
def goods_lookup_fragment(
    request: Request,
    session: DbSession,
    principal: Principal = allow(*EVERYONE, page=True),
    q: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """Items matching `q`, as a fragment for the lookup box (htmx)."""
    table = table_for(session)
    items = lookup_items(q, table=table, limit=30) if table and q.strip() else []
    context = {
        "items": items,
        "groups": table.groups if table else {},
        "edition": table.edition if table else None,
        "q": q,
    }
    return render(request, "trademark_goods_lookup.html", context)


@router.get("/trademarks/marks/{number}")
def mark_page(
    number: str,
    request: Request,
    session: DbSession,
    principal: Principal = allow(*EVERYONE, page=True),
) -> Response:
    mark = mark_read(get_mark(session, number))
    return render(request, "trademark_mark.html", {"mark": mark})
