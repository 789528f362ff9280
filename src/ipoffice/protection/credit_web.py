"""Pages of the credit register: the officers' register and record pages with their actions,
the public list (phone-friendly, searchable), and a listed subject's own page where it applies
for credit repair. Forms carry the CSRF token; an error comes back next to its field and
changes nothing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from ipoffice.core.clock import office_today
from ipoffice.core.errors import DomainError, NotFound
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.parties.models import Party
from ipoffice.protection import credit_queries as queries
from ipoffice.protection import credit_service as service
from ipoffice.protection.credit_rules import CONDUCT_ITEMS
from ipoffice.protection.credit_schemas import (
    ExtensionCreate,
    ListingCreate,
    RepairCreate,
    RepairReview,
    Revocation,
)
from ipoffice.protection.credit_workflow import ID_TYPES, SUBJECT_TYPES, CreditStatus
from ipoffice.screening.models import CreditRecord as ScreeningProposal
from ipoffice.web.access import DbSession, allow, public
from ipoffice.web.forms import Model, validated
from ipoffice.web.i18n import MESSAGES
from ipoffice.web.render import render

router = APIRouter(include_in_schema=False)

OFFICERS = (Role.ENFORCEMENT_OFFICER, Role.ADMINISTRATOR)
READERS = (*OFFICERS, Role.EXAMINER)
SUBJECTS = (Role.APPLICANT, Role.AGENT)
PAGE_SIZE = 25
LIST_FIELDS = (
    "proposal_id", "subject_name", "subject_type", "id_type", "id_number", "category",
    "basis_authority", "basis_document", "basis_date", "start", "dispute_case_id", "note",
)  # fmt: skip
Text = Annotated[str, Form(max_length=4000)]
Short = Annotated[str, Form(max_length=300)]
Version = Annotated[int, Form(ge=1)]
Page = Annotated[int, Query(ge=1, le=100_000)]


def _validated(model: type[Model], data: dict[str, Any]) -> Model:
    """The form as `model` (empty fields left out), or InvalidInput naming the first bad one."""
    return validated(model, {k: v for k, v in data.items() if v != ""})


def _notice(done: str) -> str:
    key = f"credit.done.{done}"
    return key if key in MESSAGES else ""


def _can_act(principal: Principal | None) -> bool:
    return principal is not None and principal.has_any(frozenset(OFFICERS))


# --- the register ---------------------------------------------------------------------------


def _register_page(
    request: Request,
    session: Session,
    principal: Principal,
    *,
    status: str = "",
    category: str = "",
    q: str = "",
    page: int = 1,
    values: dict[str, Any] | None = None,
    errors: dict[str, dict[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    today = office_today()
    chosen = CreditStatus(status) if status in queries.FILTER_STATUSES else None
    code = category if category in {i.code for i in CONDUCT_ITEMS} else ""
    rows, total = queries.list_register(
        session, on=today, status=chosen, category=code or None, q=q,
        limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
    )  # fmt: skip
    proposals = session.scalars(
        select(ScreeningProposal)
        .where(ScreeningProposal.status == "proposed")
        .order_by(ScreeningProposal.id)
        .limit(50)
    ).all()
    context = {
        "rows": [queries.record_read(r, today) for r in rows],
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "status": chosen.value if chosen else "",
        "chosen_category": code,
        "q": q,
        "statuses": queries.FILTER_STATUSES,
        "categories": CONDUCT_ITEMS,
        "subject_types": SUBJECT_TYPES,
        "id_types": ID_TYPES,
        "proposals": proposals,
        "can_act": _can_act(principal),
        "values": values or {},
        "errors": errors or {},
        "fields": LIST_FIELDS,
    }
    return render(request, "credit_register.html", context, status_code=status_code)


@router.get("/protection/credit")
def register_page(
    request: Request,
    session: DbSession,
    principal: Principal = allow(*READERS, page=True),
    status: Annotated[str, Query(max_length=20)] = "",
    category: Annotated[str, Query(max_length=48)] = "",
    q: Annotated[str, Query(max_length=100)] = "",
    page: Page = 1,
    proposal_id: Annotated[str, Query(max_length=12)] = "",
) -> Response:
    return _register_page(
        request, session, principal, status=status, category=category, q=q, page=page,
        values={"proposal_id": proposal_id} if proposal_id.isdigit() else None,
    )  # fmt: skip


@router.post("/protection/credit")
def list_form(
    request: Request,
    session: DbSession,
    proposal_id: Annotated[str, Form(max_length=12)] = "",
    subject_name: Short = "",
    subject_type: Annotated[str, Form(max_length=16)] = "",
    id_type: Annotated[str, Form(max_length=16)] = "",
    id_number: Annotated[str, Form(max_length=64)] = "",
    category: Annotated[str, Form(max_length=48)] = "",
    basis_authority: Short = "",
    basis_document: Short = "",
    basis_date: Annotated[str, Form(max_length=20)] = "",
    start: Annotated[str, Form(max_length=20)] = "",
    dispute_case_id: Annotated[str, Form(max_length=12)] = "",
    note: Text = "",
    principal: Principal = allow(*OFFICERS, page=True),
) -> Response:
    values = {
        "proposal_id": proposal_id.strip(), "subject_name": subject_name.strip(),
        "subject_type": subject_type, "id_type": id_type, "id_number": id_number.strip(),
        "category": category, "basis_authority": basis_authority, "basis_document": basis_document,
        "basis_date": basis_date, "start": start, "dispute_case_id": dispute_case_id.strip(),
        "note": note,
    }  # fmt: skip
    try:
        data = _validated(ListingCreate, values)
        record = service.do_list_entity(session, actor=principal, data=data, on=office_today())
    except DomainError as exc:
        session.rollback()
        errors = {"list": {exc.field or "form": exc.message}}
        return _register_page(
            request, session, principal, values=values, errors=errors,
            status_code=exc.status_code,
        )  # fmt: skip
    return RedirectResponse(f"/protection/credit/{record.id}?done=listed", status_code=303)


# --- one record -----------------------------------------------------------------------------


def _record_page(
    request: Request,
    session: Session,
    principal: Principal,
    record_id: int,
    *,
    notice: str = "",
    values: dict[str, Any] | None = None,
    errors: dict[str, dict[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    record = queries.get_record(session, record_id)
    context = {
        "r": queries.record_read(record, office_today()),
        "can_act": _can_act(principal),
        "notice": notice,
        "values": values or {},
        "errors": errors or {},
    }
    return render(request, "credit_record.html", context, status_code=status_code)


@router.get("/protection/credit/{record_id}")
def record_page(
    record_id: int,
    request: Request,
    session: DbSession,
    principal: Principal = allow(*READERS, page=True),
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    return _record_page(request, session, principal, record_id, notice=_notice(done))


def _failed(
    request: Request,
    session: Session,
    principal: Principal,
    record_id: int,
    exc: DomainError,
    form: str,
    values: dict[str, Any],
) -> Response:
    if isinstance(exc, NotFound) and exc.field == "record_id":
        raise exc
    session.rollback()
    errors = {form: {exc.field or "form": exc.message}}
    return _record_page(
        request, session, principal, record_id, values=values, errors=errors,
        status_code=exc.status_code,
    )  # fmt: skip


@router.post("/protection/credit/{record_id}/extend")
def extend_form(
    record_id: int,
    request: Request,
    session: DbSession,
    expected_version: Version,
    basis_authority: Short = "",
    basis_document: Short = "",
    basis_date: Annotated[str, Form(max_length=20)] = "",
    principal: Principal = allow(*OFFICERS, page=True),
) -> Response:
    values = {"basis_authority": basis_authority, "basis_document": basis_document,
              "basis_date": basis_date, "expected_version": expected_version}  # fmt: skip
    try:
        data = _validated(ExtensionCreate, values)
        service.do_extend_listing(
            session, actor=principal, record_id=record_id, data=data, on=office_today()
        )
    except DomainError as exc:
        return _failed(request, session, principal, record_id, exc, "extend", values)
    return RedirectResponse(f"/protection/credit/{record_id}?done=extended", status_code=303)


@router.post("/protection/credit/{record_id}/repairs")
def paper_repair_form(
    record_id: int,
    request: Request,
    session: DbSession,
    expected_version: Version,
    statement: Text = "",
    evidence_reference: Annotated[str, Form(max_length=500)] = "",
    principal: Principal = allow(*OFFICERS, page=True),
) -> Response:
    values = {"statement": statement, "evidence_reference": evidence_reference,
              "expected_version": expected_version}  # fmt: skip
    try:
        data = _validated(RepairCreate, values)
        service.do_apply_repair(
            session, actor=principal, record_id=record_id, data=data, on=office_today()
        )
    except DomainError as exc:
        return _failed(request, session, principal, record_id, exc, "repair", values)
    return RedirectResponse(f"/protection/credit/{record_id}?done=repair", status_code=303)


@router.post("/protection/credit/{record_id}/repairs/{repair_id}/review")
def review_form(
    record_id: int,
    repair_id: int,
    request: Request,
    session: DbSession,
    expected_version: Version,
    decision: Annotated[str, Form(max_length=10)] = "",
    reason: Text = "",
    principal: Principal = allow(*OFFICERS, page=True),
) -> Response:
    values = {"decision": decision, "reason": reason, "expected_version": expected_version}
    try:
        data = _validated(RepairReview, values)
        repair = service.do_review_repair(
            session, actor=principal, record_id=record_id, repair_id=repair_id, data=data,
            on=office_today(),
        )  # fmt: skip
    except DomainError as exc:
        return _failed(request, session, principal, record_id, exc, "review", values)
    return RedirectResponse(f"/protection/credit/{record_id}?done={repair.status}", status_code=303)


@router.post("/protection/credit/{record_id}/revoke")
def revoke_form(
    record_id: int,
    request: Request,
    session: DbSession,
    expected_version: Version,
    revoking_authority: Short = "",
    revoking_document: Short = "",
    revoked_on: Annotated[str, Form(max_length=20)] = "",
    reason: Text = "",
    principal: Principal = allow(*OFFICERS, page=True),
) -> Response:
    values: dict[str, Any] = {
        "revoking_authority": revoking_authority,
        "revoking_document": revoking_document,
        "revoked_on": revoked_on,
        "reason": reason,
        "expected_version": expected_version,
    }
    try:
        data = _validated(Revocation, values)
        service.do_remove_on_revocation(
            session, actor=principal, record_id=record_id, data=data, on=office_today()
        )
    except DomainError as exc:
        values["revoke_reason"] = values.pop("reason")
        return _failed(request, session, principal, record_id, exc, "revoke", values)
    return RedirectResponse(f"/protection/credit/{record_id}?done=revoked", status_code=303)


# --- the public list ------------------------------------------------------------------------


@router.get("/credit")
def public_page(
    request: Request,
    session: DbSession,
    _: Principal | None = public(page=True),
    q: Annotated[str, Query(max_length=100)] = "",
    page: Page = 1,
) -> Response:
    today = office_today()
    rows, total = queries.public_list(
        session, on=today, q=q, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    context = {
        "rows": [queries.public_entry(r, today) for r in rows],
        "total": total,
        "on": today,
        "q": q,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
    }
    return render(request, "credit_public.html", context)


# --- the subject's own page -----------------------------------------------------------------


def _mine_page(
    request: Request,
    session: Session,
    principal: Principal,
    *,
    notice: str = "",
    error_record: int | None = None,
    values: dict[str, Any] | None = None,
    errors: dict[str, dict[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    party = session.get(Party, principal.party_id) if principal.party_id is not None else None
    records = queries.records_of_party(session, party) if party is not None else []
    today = office_today()
    context = {
        "rows": [queries.record_read(r, today) for r in records],
        "notice": notice,
        "error_record": error_record,
        "values": values or {},
        "errors": errors or {},
    }
    return render(request, "credit_mine.html", context, status_code=status_code)


@router.get("/credit/mine")
def mine_page(
    request: Request,
    session: DbSession,
    principal: Principal = allow(*SUBJECTS, page=True),
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    return _mine_page(request, session, principal, notice=_notice(done))


@router.post("/credit/mine/{record_id}/repair")
def mine_repair_form(
    record_id: int,
    request: Request,
    session: DbSession,
    expected_version: Version,
    statement: Text = "",
    evidence_reference: Annotated[str, Form(max_length=500)] = "",
    principal: Principal = allow(*SUBJECTS, page=True),
) -> Response:
    values = {"statement": statement, "evidence_reference": evidence_reference,
              "expected_version": expected_version}  # fmt: skip
    try:
        data = _validated(RepairCreate, values)
        service.do_apply_repair(
            session, actor=principal, record_id=record_id, data=data, on=office_today()
        )
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        session.rollback()
        return _mine_page(
            request, session, principal, error_record=record_id, values=values,
            errors={"repair": {exc.field or "form": exc.message}}, status_code=exc.status_code,
        )  # fmt: skip
    return RedirectResponse("/credit/mine?done=repair", status_code=303)


def application_credit_context(
    session: Session, principal: Principal, applicant_id: int
) -> dict[str, Any]:
    """For the examiner's application page: the measures in force today against the
    applicant (empty for the applicant side, which has its own page)."""
    if not principal.has_any(frozenset(READERS)):
        return {}
    party = session.get(Party, applicant_id)
    if party is None:
        return {}
    found = queries.credit_measures(
        session, uscc=party.uscc, name=party.display_name or None, on=office_today()
    )
    return {"credit_measures": found, "credit_record_links": True}
