"""Typical-case library API: the public searches and reads published cases; enforcement
officers and administrators draft, edit, publish and unpublish them."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.protection import typical_service as service
from ipoffice.protection.typical_query import MAX_PAGE_SIZE, search_published
from ipoffice.protection.typical_schemas import (
    MAX_YEAR,
    MIN_YEAR,
    CaseType,
    SearchPage,
    StatusChange,
    TypicalCaseRead,
    TypicalCaseUpdate,
    TypicalCaseWrite,
)
from ipoffice.protection.typical_search import MAX_QUERY_CHARS
from ipoffice.protection.typical_workflow import CaseStatus
from ipoffice.web.access import DbSession, allow, public

router = APIRouter(prefix="/api/v1/protection/typical-cases", tags=["protection: typical cases"])

EDITORS = (Role.ENFORCEMENT_OFFICER, Role.ADMINISTRATOR)
IdPath = Annotated[int, Path(ge=1)]


class CaseList(BaseModel):
    total: int
    items: list[TypicalCaseRead]


@router.get("", response_model=SearchPage)
def search_cases(
    session: DbSession,
    _: None = public(),
    q: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS)] = None,
    type: CaseType | None = None,  # noqa: A002 - the public parameter's name
    region: Annotated[str | None, Query(max_length=20)] = None,
    year: Annotated[int | None, Query(ge=MIN_YEAR, le=MAX_YEAR)] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 10,
    lang: Literal["zh", "en"] = "zh",
) -> SearchPage:
    """Search published cases in Chinese or English (every word must occur), best first, with
    the matches marked; without `q`, the newest. An empty `q` is refused (422)."""
    return search_published(
        session, q=q, case_type=type, region=region or None, year=year, page=page, size=size,
        lang=lang,
    )  # fmt: skip


@router.get("/manage", response_model=CaseList)
def list_all_cases(
    session: DbSession,
    _: Principal = allow(*EDITORS),
    status: CaseStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> CaseList:
    """Every case, drafts and unpublished ones included (officers)."""
    rows, total = service.list_cases(session, status=status, limit=limit, offset=offset)
    return CaseList(total=total, items=[service.case_read(c) for c in rows])


@router.get("/manage/{case_id}", response_model=TypicalCaseRead)
def read_any_case(
    case_id: IdPath, session: DbSession, _: Principal = allow(*EDITORS)
) -> TypicalCaseRead:
    return service.case_read(service.get_case(session, case_id))


@router.get("/{case_id}", response_model=TypicalCaseRead)
def read_case(case_id: IdPath, session: DbSession, _: None = public()) -> TypicalCaseRead:
    """A published case (drafts and unpublished cases answer 404)."""
    return service.case_read(service.get_published(session, case_id))


@router.post("", response_model=TypicalCaseRead, status_code=201)
def create_case(
    data: TypicalCaseWrite, session: DbSession, principal: Principal = allow(*EDITORS)
) -> TypicalCaseRead:
    """Draft a case; a second case of the same year with the same title is refused (409)."""
    return service.case_read(service.do_create_typical_case(session, actor=principal, data=data))


@router.put("/{case_id}", response_model=TypicalCaseRead)
def update_case(
    case_id: IdPath,
    data: TypicalCaseUpdate,
    session: DbSession,
    principal: Principal = allow(*EDITORS),
) -> TypicalCaseRead:
    """Replace a draft or unpublished case's content (`expected_version` guards edits)."""
    case = service.do_update_typical_case(session, actor=principal, case_id=case_id, data=data)
    return service.case_read(case)


@router.post("/{case_id}/publish", response_model=TypicalCaseRead)
def publish_case(
    case_id: IdPath,
    request: StatusChange,
    session: DbSession,
    principal: Principal = allow(*EDITORS),
) -> TypicalCaseRead:
    case = service.do_publish_typical_case(
        session, actor=principal, case_id=case_id, request=request
    )
    return service.case_read(case)


@router.post("/{case_id}/unpublish", response_model=TypicalCaseRead)
def unpublish_case(
    case_id: IdPath,
    request: StatusChange,
    session: DbSession,
    principal: Principal = allow(*EDITORS),
) -> TypicalCaseRead:
    case = service.do_unpublish_typical_case(
        session, actor=principal, case_id=case_id, request=request
    )
    return service.case_read(case)
