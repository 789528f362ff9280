"""The officer's form to register a request received by the bureau (`/protection/cases/new`):
one requester, one respondent, the patent, the claims alleged, the request and the date it was
received. Evidence is uploaded on the case page once the case exists.

The form carries a one-time submission key: sending it twice (a double click, a reload after a
slow answer) registers one case and shows it. Bad input comes back on the form with its values.
"""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from starlette.responses import Response

from ipoffice.core.clock import office_today
from ipoffice.core.errors import DomainError, InvalidInput
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.protection.case_schemas import CaseCreate
from ipoffice.protection.case_service import do_register_case
from ipoffice.web.access import DbSession, allow
from ipoffice.web.render import render

# Registered before the case pages, so `new` is not read as a case number.
router = APIRouter(include_in_schema=False)

OFFICER = Role.ENFORCEMENT_OFFICER
SIDES = ("requester", "respondent")
FIELDS = (
    "requester_kind", "requester_name", "requester_uscc", "requester_address",
    "respondent_kind", "respondent_name", "respondent_uscc", "respondent_address",
    "patent_number", "patent_title", "claims", "request_text", "received_on",
)  # fmt: skip


def parse_claims(text: str) -> list[int]:
    """Claim numbers typed as `1, 3, 5` (Chinese commas, 、 and spaces also separate)."""
    parts = [p for p in re.split(r"[\s,，、;；]+", text.strip()) if p]
    if not parts:
        raise InvalidInput("give at least one claim number", field="claims")
    numbers: list[int] = []
    for part in parts:
        if not part.isascii() or not part.isdigit():
            raise InvalidInput(f"{part!r} is not a claim number", field="claims")
        numbers.append(int(part))
    return numbers


def _received_on(value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"{value!r} is not a date (YYYY-MM-DD)", field="received_on") from None


def _party(values: dict[str, str], side: str) -> dict[str, Any]:
    return {
        "role": side,
        "kind": values[f"{side}_kind"],
        "name": values[f"{side}_name"],
        "uscc": values[f"{side}_uscc"] or None,
        "address": values[f"{side}_address"] or None,
    }


def _field_of(loc: tuple[int | str, ...]) -> str:
    """The form field of a schema error location such as ('parties', 1, 'name')."""
    if len(loc) >= 3 and loc[0] == "parties" and isinstance(loc[1], int):
        return f"{SIDES[loc[1]]}_{loc[2]}"
    return str(loc[0]) if loc else "form"


def case_from_form(values: dict[str, str]) -> CaseCreate:
    """The request as the service takes it, or InvalidInput naming the form field."""
    data = {
        "patent_number": values["patent_number"],
        "patent_title": values["patent_title"] or None,
        "request_text": values["request_text"],
        "claims": parse_claims(values["claims"]),
        "parties": [_party(values, side) for side in SIDES],
        "received_on": _received_on(values["received_on"]),
    }
    try:
        return CaseCreate.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = _field_of(tuple(first["loc"]))
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InvalidInput(f"{field}: {message}", field=field) from exc


def _form_field(error: DomainError) -> str:
    """Service errors name `parties[1].uscc`; the form names `respondent_uscc`."""
    field = error.field or "form"
    match = re.fullmatch(r"parties\[(\d)\]\.(\w+)", field)
    if match and int(match.group(1)) < len(SIDES):
        return f"{SIDES[int(match.group(1))]}_{match.group(2)}"
    return field


def _page(
    request: Request,
    values: dict[str, str] | None = None,
    error: DomainError | None = None,
    key: str | None = None,
) -> Response:
    context = {
        "values": values or {"requester_kind": "organisation", "respondent_kind": "organisation"},
        "errors": {_form_field(error): error.message} if error else {},
        "submission_key": key or secrets.token_urlsafe(18),
        "today": office_today().isoformat(),
        "fields": FIELDS,
    }
    status = error.status_code if error else 200
    return render(request, "protection_case_new.html", context, status_code=status)


@router.get("/protection/cases/new")
def new_case_page(request: Request, _: Principal = allow(OFFICER, page=True)) -> Response:
    return _page(request)


Text = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=600)]


@router.post("/protection/cases/new")
def register_case_form(
    request: Request,
    session: DbSession,
    submission_key: Annotated[str, Form(min_length=8, max_length=64)],
    principal: Principal = allow(OFFICER, page=True),
    requester_kind: Short = "organisation",
    requester_name: Short = "",
    requester_uscc: Short = "",
    requester_address: Short = "",
    respondent_kind: Short = "organisation",
    respondent_name: Short = "",
    respondent_uscc: Short = "",
    respondent_address: Short = "",
    patent_number: Short = "",
    patent_title: Short = "",
    claims: Short = "",
    request_text: Text = "",
    received_on: Short = "",
) -> Response:
    values = {
        "requester_kind": requester_kind, "requester_name": requester_name,
        "requester_uscc": requester_uscc, "requester_address": requester_address,
        "respondent_kind": respondent_kind, "respondent_name": respondent_name,
        "respondent_uscc": respondent_uscc, "respondent_address": respondent_address,
        "patent_number": patent_number, "patent_title": patent_title, "claims": claims,
        "request_text": request_text, "received_on": received_on,
    }  # fmt: skip
    values = {name: value.strip() for name, value in values.items()}
    try:
        data = case_from_form(values)
        case, _created = do_register_case(
            session, principal=principal, data=data, submission_key=f"form:{submission_key}"
        )
    except DomainError as exc:
        session.rollback()
        return _page(request, values, exc, submission_key)
    return RedirectResponse(f"/protection/cases/{case.number}?done=1", status_code=303)
