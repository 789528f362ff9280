"""Actions on the typical-case library (draft, edit, publish, unpublish) and its reads.

Each `do_*` function checks the caller's role through the transition table or `EDITORS`,
applies the change, writes the audit record and flushes; the caller owns the transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ipoffice.core import audit
from ipoffice.core.concurrency import check_version, flush_or_conflict
from ipoffice.core.divisions import division_name, validate_division_code
from ipoffice.core.errors import Conflict, NotFound
from ipoffice.core.identity import Principal
from ipoffice.db.base import utcnow
from ipoffice.protection.typical_models import CASE_TYPES, TypicalCase
from ipoffice.protection.typical_schemas import (
    StatusChange,
    TypicalCaseRead,
    TypicalCaseUpdate,
    TypicalCaseWrite,
)
from ipoffice.protection.typical_search import case_terms
from ipoffice.protection.typical_workflow import EDITABLE, EDITORS, CaseStatus, authorize

ENTITY = "typical_case"
CONTENT_FIELDS = (
    "case_type", "region_code", "year", "title_zh", "title_en", "summary_zh", "summary_en",
    "body_zh", "body_en", "tags", "source_ref",
)  # fmt: skip


def _content(data: TypicalCaseWrite) -> dict[str, Any]:
    content = {name: getattr(data, name) for name in CONTENT_FIELDS}
    if data.region_code is not None:
        content["region_code"] = validate_division_code(data.region_code, field="region_code")
    return content


def _index(case: TypicalCase) -> None:
    """Analyse the case's texts into its stored search terms and weights."""
    case.search_terms, case.term_weights, case.term_length = case_terms(
        {
            "title": (case.title_zh, case.title_en),
            "tags": case.tags,
            "summary": (case.summary_zh, case.summary_en),
            "body": (case.body_zh, case.body_en),
        }
    )


def _duplicate_of(session: Session, content: dict[str, Any], case_id: int | None) -> int | None:
    """Another case of the same year with the same Chinese or English title."""
    titles = [
        column == content[name]
        for name, column in (("title_zh", TypicalCase.title_zh), ("title_en", TypicalCase.title_en))
        if content[name]
    ]
    stmt = select(TypicalCase.id).where(TypicalCase.year == content["year"], or_(*titles))
    if case_id is not None:
        stmt = stmt.where(TypicalCase.id != case_id)
    return session.scalar(stmt.limit(1))


def _refuse_duplicate(session: Session, content: dict[str, Any], case_id: int | None) -> None:
    other = _duplicate_of(session, content, case_id)
    if other is not None:
        raise Conflict(
            f"typical case {other} of {content['year']} already has this title; "
            "edit that case instead of adding another",
            field="title_zh" if content["title_zh"] else "title_en",
            code="duplicate_case",
        )


def do_create_typical_case(
    session: Session, *, actor: Principal, data: TypicalCaseWrite
) -> TypicalCase:
    """A new draft case (not visible to the public until published)."""
    actor.require_any(EDITORS, "drafting a typical case")
    content = _content(data)
    _refuse_duplicate(session, content, None)
    case = TypicalCase(
        **content, status=CaseStatus.DRAFT.value, created_by=actor.user_id,
        updated_by=actor.user_id,
    )  # fmt: skip
    _index(case)
    session.add(case)
    session.flush()
    audit.record(
        session, actor=actor.actor, action="create_typical_case", entity=ENTITY,
        entity_id=case.id, payload=content,
    )  # fmt: skip
    return case


def get_case(session: Session, case_id: int) -> TypicalCase:
    case = session.get(TypicalCase, case_id)
    if case is None:
        raise NotFound(f"no typical case with id {case_id}", field="case_id")
    return case


def get_published(session: Session, case_id: int) -> TypicalCase:
    """A published case; drafts and unpublished cases do not exist for the public."""
    case = session.get(TypicalCase, case_id)
    if case is None or case.status != CaseStatus.PUBLISHED.value:
        raise NotFound(f"no published typical case with id {case_id}", field="case_id")
    return case


def do_update_typical_case(
    session: Session, *, actor: Principal, case_id: int, data: TypicalCaseUpdate
) -> TypicalCase:
    """Edit a draft or unpublished case (a published one is unpublished first)."""
    actor.require_any(EDITORS, "editing a typical case")
    case = get_case(session, case_id)
    check_version(case.version, data.expected_version, f"typical case {case_id}")
    if CaseStatus(case.status) not in EDITABLE:
        raise Conflict(
            f"typical case {case_id} is published: unpublish it before editing",
            field="status",
            code="published_case_not_editable",
        )
    content = _content(data)
    _refuse_duplicate(session, content, case_id)
    before = {name: getattr(case, name) for name in CONTENT_FIELDS}
    for name, value in content.items():
        setattr(case, name, value)
    case.updated_by = actor.user_id
    _index(case)
    flush_or_conflict(session, f"typical case {case_id}")
    changed = {k: v for k, v in content.items() if before[k] != v}
    audit.record(
        session, actor=actor.actor, action="update_typical_case", entity=ENTITY,
        entity_id=case.id, payload={"changed": changed},
    )  # fmt: skip
    return case


def _move(
    session: Session, actor: Principal, case_id: int, request: StatusChange, target: CaseStatus
) -> TypicalCase:
    case = get_case(session, case_id)
    current = CaseStatus(case.status)
    transition = authorize(current, target, roles=actor.roles)
    check_version(case.version, request.expected_version, f"typical case {case_id}")
    case.status = target.value
    if target == CaseStatus.PUBLISHED:
        case.published_at = utcnow()
        case.published_by = actor.user_id
    flush_or_conflict(session, f"typical case {case_id}")
    audit.record(
        session, actor=actor.actor, action=f"typical_case_{transition.event}", entity=ENTITY,
        entity_id=case.id, payload={"from": current.value, "to": target.value,
                                    "note": request.note},
    )  # fmt: skip
    return case


def do_publish_typical_case(
    session: Session, *, actor: Principal, case_id: int, request: StatusChange
) -> TypicalCase:
    """Publish a draft or unpublished case to the public library."""
    return _move(session, actor, case_id, request, CaseStatus.PUBLISHED)


def do_unpublish_typical_case(
    session: Session, *, actor: Principal, case_id: int, request: StatusChange
) -> TypicalCase:
    """Take a published case down from the public library."""
    return _move(session, actor, case_id, request, CaseStatus.UNPUBLISHED)


def list_cases(
    session: Session, *, status: CaseStatus | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[TypicalCase], int]:
    """Every case for the officers' page, newest first."""
    stmt = select(TypicalCase)
    if status is not None:
        stmt = stmt.where(TypicalCase.status == status.value)
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    rows = session.scalars(
        stmt.order_by(TypicalCase.year.desc(), TypicalCase.id.desc()).limit(limit).offset(offset)
    )
    return list(rows.all()), total


def published_years(session: Session) -> list[int]:
    stmt = select(TypicalCase.year).where(TypicalCase.status == CaseStatus.PUBLISHED.value)
    return sorted({int(y) for y in session.scalars(stmt.distinct())}, reverse=True)


def region_names(code: str | None) -> tuple[str | None, str | None]:
    if code is None:
        return None, None
    return division_name(code, "zh"), division_name(code, "en")


def case_read(case: TypicalCase) -> TypicalCaseRead:
    zh, en = CASE_TYPES[case.case_type]
    region_zh, region_en = region_names(case.region_code)
    return TypicalCaseRead(
        id=case.id,
        case_type=case.case_type,
        case_type_zh=zh,
        case_type_en=en,
        region_code=case.region_code,
        region_name_zh=region_zh,
        region_name_en=region_en,
        year=case.year,
        title_zh=case.title_zh,
        title_en=case.title_en,
        summary_zh=case.summary_zh,
        summary_en=case.summary_en,
        body_zh=case.body_zh,
        body_en=case.body_en,
        tags=list(case.tags or []),
        source_ref=case.source_ref,
        status=CaseStatus(case.status),
        published_at=case.published_at,
        version=case.version,
    )
