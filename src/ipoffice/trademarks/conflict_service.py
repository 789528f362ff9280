"""Conflict search against the platform's register: a free text with goods, or an application.

Both the API (`search_api`) and the command line (`ipoffice trademarks search`) call these; the
caller owns the session (a read) and has checked who may ask.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from ipoffice.applications.models import Application
from ipoffice.core.clock import office_today
from ipoffice.core.errors import InvalidInput, NotFound
from ipoffice.core.identifiers import format_trademark_number, parse_trademark_number
from ipoffice.trademarks.conflict_register import image_lookup, register_index
from ipoffice.trademarks.conflicts import (
    DEFAULT_TOP,
    Conflict,
    ConflictQuery,
    check_top,
    make_query,
    search_conflicts,
)
from ipoffice.trademarks.goods_table import table_for
from ipoffice.trademarks.models import Mark
from ipoffice.trademarks.register import image_features

NO_TABLE = (
    "未加载类似商品和服务区分表：商品按类别比较（同类即视为可能类似，并已注明）。",
    "No similar-goods table is loaded: goods are compared by class (same class counts as "
    "possibly similar, and each result says so).",
)
NO_GOODS = (
    "未指定商品/服务：列出所有类别中的在先商标。",
    "No goods or classes given: earlier marks in every class are listed.",
)


def _run(session: Session, home: Path, database_url: str, query: ConflictQuery) -> dict[str, Any]:
    registry = register_index(home, database_url)
    indexes = registry.indexes(session)
    hits = search_conflicts(indexes, query, image_lookup=image_lookup(session))
    notices = []
    if not query.goods_given:
        notices.append(NO_GOODS)
    elif query.table_edition is None:
        notices.append(NO_TABLE)
    return {
        "query": {
            "text": query.text,
            "classes": sorted(query.classes),
            "groups": sorted(query.groups),
            "on": query.on.isoformat() if query.on else None,
            "top": query.top,
            "table_edition": query.table_edition,
            "image": query.phash is not None,
        },
        "notices": [{"zh": zh, "en": en} for zh, en in notices],
        "index": {"marks": len(indexes[0]), "pending": registry.pending},
        "conflicts": [hit.as_dict() for hit in hits],
    }


def search_register(
    session: Session,
    *,
    home: Path,
    database_url: str,
    text: str,
    classes: Sequence[object] = (),
    goods: Sequence[object] = (),
    before: date | None = None,
    top: int = DEFAULT_TOP,
) -> dict[str, Any]:
    """Earlier marks in conflict with a word mark for these classes/goods, filed before
    `before` (default: today, so every mark of the register is earlier or the same day)."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("give the word mark to search for", field="text")
    check_top(top)
    on = before or office_today()
    table = table_for(session, on=on) if goods else None
    query = make_query(text=text, classes=classes, goods=goods, on=on, top=top, table=table)
    return _run(session, home, database_url, query)


def _application(session: Session, number: str) -> Application:
    canonical = format_trademark_number(parse_trademark_number(number, field="number"))
    application = session.scalar(
        select(Application).where(Application.number == canonical, Application.kind == "trademark")
    )
    if application is None:
        raise NotFound(f"no trademark application {number.strip()}", field="number")
    return application


def application_conflicts(
    session: Session, *, home: Path, database_url: str, number: str, top: int = DEFAULT_TOP
) -> dict[str, Any]:
    """Earlier marks in conflict with a trademark application: its mark in the register (text,
    goods, image, priority or filing date) or, without one, its title and Nice classes. The
    applicant's own marks are not cited."""
    check_top(top)
    application = _application(session, number)
    mark = session.scalar(
        select(Mark)
        .where(or_(Mark.application_id == application.id, Mark.number == application.number))
        .options(selectinload(Mark.goods), selectinload(Mark.image))
        .order_by(Mark.application_id.is_(None), Mark.id)
        .limit(1)
    )
    if mark is None:
        on = application.priority_date or application.filing_date
        classes = [c for c in (application.nice_classes or "").split(",") if c.strip()]
        query = make_query(
            text=application.title, classes=classes, on=on, top=top,
            applicant_id=application.applicant_id,
        )  # fmt: skip
        return _run(session, home, database_url, query)
    # The goods as placed when the mark was entered (group, else class), on its edition.
    goods = [g.group_code or str(g.class_number) for g in mark.goods]
    editions = sorted({g.edition for g in mark.goods if g.edition})
    query = make_query(
        text=mark.text if mark.text.strip() else None,
        goods=goods,
        on=mark.priority_date or mark.filing_date,
        top=top,
        phash=mark.image.phash if mark.image else None,
        image=image_features(mark),
        exclude_ids=[mark.id],
        applicant_id=mark.applicant_id or application.applicant_id,
    )
    query = replace(query, table_edition=editions[0] if editions else None)
    return _run(session, home, database_url, query)


def conflict_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The conflicts of a report (the command line prints these)."""
    rows: list[dict[str, Any]] = report["conflicts"]
    return rows


__all__ = ["Conflict", "application_conflicts", "conflict_rows", "search_register"]
