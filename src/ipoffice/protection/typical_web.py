"""Pages of the typical-case library: the public, phone-friendly search `/cases` and case page,
and the officers' pages to draft, edit, publish and unpublish cases."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.responses import Response

from ipoffice.core.divisions import PROVINCES
from ipoffice.core.errors import DomainError, InvalidInput
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.protection import typical_service as service
from ipoffice.protection.typical_models import CASE_TYPES
from ipoffice.protection.typical_query import search_published
from ipoffice.protection.typical_schemas import StatusChange, TypicalCaseUpdate, TypicalCaseWrite
from ipoffice.protection.typical_search import MAX_QUERY_CHARS
from ipoffice.protection.typical_workflow import EDITABLE, STATUS_LABELS, CaseStatus
from ipoffice.web.access import DbSession, allow, public
from ipoffice.web.forms import validated
from ipoffice.web.i18n import language
from ipoffice.web.render import render

router = APIRouter(include_in_schema=False)

EDITORS = (Role.ENFORCEMENT_OFFICER, Role.ADMINISTRATOR)
PAGE_SIZE = 10
TEXT_FIELDS = (
    "title_zh", "title_en", "summary_zh", "summary_en", "body_zh", "body_en", "region_code",
    "source_ref",
)  # fmt: skip


# --- public ---------------------------------------------------------------------------------


@router.get("/cases")
def cases_page(
    request: Request,
    session: DbSession,
    _: None = public(page=True),
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS * 2)] = "",
    type: Annotated[str, Query(max_length=40)] = "",  # noqa: A002 - the query parameter's name
    region: Annotated[str, Query(max_length=20)] = "",
    year: Annotated[str, Query(max_length=8)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """A blank query lists the newest cases; a bad one is shown next to the search box."""
    lang: Literal["zh", "en"] = "en" if language(request) == "en" else "zh"
    chosen_year = int(year) if year.isdigit() else None
    error, status_code, result = "", 200, None
    try:
        result = search_published(
            session, q=q if q.strip() else None, case_type=type or None,
            region=region or None, year=chosen_year, page=page, size=PAGE_SIZE, lang=lang,
        )  # fmt: skip
    except DomainError as exc:
        error, status_code = exc.message, exc.status_code
    context = {
        "result": result,
        "error": error,
        "q": q,
        "type": type,
        "region": region,
        "year": chosen_year,
        "types": CASE_TYPES,
        "provinces": sorted(PROVINCES.items()),
        "years": service.published_years(session),
    }
    return render(request, "typical_cases.html", context, status_code=status_code)


@router.get("/cases/{case_id}")
def case_page(
    case_id: int, request: Request, session: DbSession, _: None = public(page=True)
) -> Response:
    case = service.case_read(service.get_published(session, case_id))
    return render(request, "typical_case.html", {"case": case, "types": CASE_TYPES})


# --- officers -------------------------------------------------------------------------------


class CaseForm(BaseModel):
    """The draft form's fields as typed (tags as one comma-separated line)."""

    case_type: str = Field(default="", max_length=40)
    year: str = Field(default="", max_length=8)
    title_zh: str = Field(default="", max_length=1000)
    title_en: str = Field(default="", max_length=1000)
    summary_zh: str = Field(default="", max_length=10_000)
    summary_en: str = Field(default="", max_length=10_000)
    body_zh: str = Field(default="", max_length=200_000)
    body_en: str = Field(default="", max_length=200_000)
    region_code: str = Field(default="", max_length=20)
    tags: str = Field(default="", max_length=2000)
    source_ref: str = Field(default="", max_length=1000)
    expected_version: int = Field(default=0, ge=0)

    def data(self, model: type[TypicalCaseWrite]) -> Any:
        raw: dict[str, Any] = {name: getattr(self, name) or None for name in TEXT_FIELDS}
        raw["case_type"] = self.case_type
        raw["year"] = self.year.strip() or None
        raw["tags"] = [t for t in self.tags.replace("，", ",").split(",") if t.strip()]
        if model is TypicalCaseUpdate:
            raw["expected_version"] = self.expected_version
        return validated(model, raw)

    @classmethod
    def of(cls, case: Any) -> CaseForm:
        fields = {name: getattr(case, name) or "" for name in TEXT_FIELDS}
        return cls(
            **fields, case_type=case.case_type, year=str(case.year),
            tags=", ".join(case.tags or []), expected_version=case.version,
        )  # fmt: skip


def _editor_context(**extra: Any) -> dict[str, Any]:
    editable = [s.value for s in EDITABLE]
    return {"types": CASE_TYPES, "statuses": STATUS_LABELS, "editable": editable, **extra}


@router.get("/protection/typical-cases")
def manage_page(
    request: Request,
    session: DbSession,
    _: Principal = allow(*EDITORS, page=True),
    status: Annotated[str, Query(max_length=16)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    chosen = CaseStatus(status) if status in {s.value for s in CaseStatus} else None
    rows, total = service.list_cases(session, status=chosen, limit=25, offset=(page - 1) * 25)
    context = _editor_context(
        rows=[service.case_read(c) for c in rows], total=total, status=status, page=page,
        pages=max(1, -(-total // 25)),
    )  # fmt: skip
    return render(request, "typical_case_manage.html", context)


def _edit_page(
    request: Request,
    form: CaseForm,
    *,
    case: Any = None,
    errors: dict[str, str] | None = None,
    notice: str = "",
    status_code: int = 200,
) -> Response:
    context = _editor_context(form=form, case=case, errors=errors or {}, notice=notice)
    return render(request, "typical_case_edit.html", context, status_code=status_code)


@router.get("/protection/typical-cases/new")
def new_case_page(request: Request, _: Principal = allow(*EDITORS, page=True)) -> Response:
    return _edit_page(request, CaseForm(case_type="patent_infringement_dispute"))


@router.post("/protection/typical-cases/new")
def create_case_form(
    request: Request,
    session: DbSession,
    form: Annotated[CaseForm, Form()],
    principal: Principal = allow(*EDITORS, page=True),
) -> Response:
    try:
        case = service.do_create_typical_case(
            session, actor=principal, data=form.data(TypicalCaseWrite)
        )
    except DomainError as exc:
        session.rollback()
        errors = {exc.field or "form": exc.message}
        return _edit_page(request, form, errors=errors, status_code=exc.status_code)
    return RedirectResponse(f"/protection/typical-cases/{case.id}?done=saved", status_code=303)


def _case_editor(
    request: Request, session: Session, case_id: int, *, notice: str = "", form: Any = None,
    errors: dict[str, str] | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    case = service.case_read(service.get_case(session, case_id))
    return _edit_page(
        request, form or CaseForm.of(case), case=case, errors=errors, notice=notice,
        status_code=status_code,
    )  # fmt: skip


@router.get("/protection/typical-cases/{case_id}")
def edit_case_page(
    case_id: int,
    request: Request,
    session: DbSession,
    _: Principal = allow(*EDITORS, page=True),
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    notice = done if done in ("saved", "published", "unpublished") else ""
    return _case_editor(request, session, case_id, notice=notice)


@router.post("/protection/typical-cases/{case_id}")
def update_case_form(
    case_id: int,
    request: Request,
    session: DbSession,
    form: Annotated[CaseForm, Form()],
    principal: Principal = allow(*EDITORS, page=True),
) -> Response:
    try:
        service.do_update_typical_case(
            session, actor=principal, case_id=case_id, data=form.data(TypicalCaseUpdate)
        )
    except DomainError as exc:
        if exc.status_code == 404:
            raise
        session.rollback()
        return _case_editor(
            request, session, case_id, form=form, errors={exc.field or "form": exc.message},
            status_code=exc.status_code,
        )  # fmt: skip
    return RedirectResponse(f"/protection/typical-cases/{case_id}?done=saved", status_code=303)


@router.post("/protection/typical-cases/{case_id}/status")
def status_form(
    case_id: int,
    request: Request,
    session: DbSession,
    target: Annotated[str, Form(max_length=16)],
    expected_version: Annotated[int, Form(ge=1)],
    principal: Principal = allow(*EDITORS, page=True),
) -> Response:
    change = StatusChange(expected_version=expected_version)
    try:
        if target == CaseStatus.PUBLISHED.value:
            service.do_publish_typical_case(
                session, actor=principal, case_id=case_id, request=change
            )
        elif target == CaseStatus.UNPUBLISHED.value:
            service.do_unpublish_typical_case(
                session, actor=principal, case_id=case_id, request=change
            )
        else:
            raise InvalidInput(f"unknown target status {target!r}", field="target")
    except DomainError as exc:
        if exc.status_code == 404:
            raise
        session.rollback()
        return _case_editor(
            request, session, case_id, errors={"status": exc.message},
            status_code=exc.status_code,
        )  # fmt: skip
    return RedirectResponse(f"/protection/typical-cases/{case_id}?done={target}", status_code=303)
