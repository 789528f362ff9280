"""Officer pages of patent dispute cases: the bureau's list with deadline colours, and a case
page with its deadlines (and their legal sources), timeline, documents and action forms.

Forms carry the CSRF token and `expected_version`; an error comes back on the page with the
form's values. Decision documents and evidence files are served by the API routes, which accept
the browser's session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from ipoffice.core.calendar import WorkingDayCalendar
from ipoffice.core.clock import office_today
from ipoffice.core.errors import DomainError, InvalidInput
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.protection import case_actions as actions
from ipoffice.protection import case_proceedings as proceedings
from ipoffice.protection import decision as decisions
from ipoffice.protection.case_service import get_case, list_cases
from ipoffice.protection.case_views import case_read, case_summary
from ipoffice.protection.case_workflow import (
    STATUS_LABELS,
    STEPS,
    TRANSITIONS,
    CaseStatus,
)
from ipoffice.protection.evidence import EVIDENCE_TYPES, do_add_evidence
from ipoffice.settings import Settings
from ipoffice.web.access import DbSession, OfficeCalendar, allow
from ipoffice.web.render import render

router = APIRouter(include_in_schema=False)

OFFICER = Role.ENFORCEMENT_OFFICER
READERS = (Role.ENFORCEMENT_OFFICER, Role.ADMINISTRATOR)
PAGE_SIZE = 50
FLAGS = ("overdue", "due_soon", "fine", "suspended", "problem")
S = CaseStatus

# Action forms of the case page: name -> the transition (from, to) or the step it makes.
FORMS: dict[str, tuple[CaseStatus | None, CaseStatus] | str] = {
    "accept": (S.RECEIVED, S.ACCEPTED),
    "refuse": (S.RECEIVED, S.REFUSED),
    "serve": (S.ACCEPTED, S.HANDLING),
    "answer": "answer",
    "panel": "panel",
    "hearing": "hearing",
    "mediation": (S.HANDLING, S.MEDIATION),
    "agreement": (S.MEDIATION, S.MEDIATED),
    "mediation_failed": (S.MEDIATION, S.HANDLING),
    "suspend": (None, S.SUSPENDED),
    "resume": (S.SUSPENDED, S.HANDLING),
    "extension": "extension",
    "decision": (S.HANDLING, S.DECIDED),
    "decision_served": "decision_served",
    "withdraw": (None, S.WITHDRAWN),
}


def _available(name: str, status: CaseStatus) -> bool:
    """Whether the form applies to a case in `status` (the service checks again)."""
    spec = FORMS[name]
    if isinstance(spec, str):
        return status in STEPS[spec].statuses
    frm, to = spec
    return (frm is None or status == frm) and (status, to) in TRANSITIONS


@router.get("/protection/cases")
def case_list(
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    principal: Principal = allow(*READERS, page=True),
    status: Annotated[str, Query(max_length=16)] = "",
    flag: Annotated[str, Query(max_length=16)] = "",
    window: Annotated[int, Query(ge=0, le=60)] = 5,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    chosen_status = S(status) if status in S.__members__.values() else None
    chosen_flag: Any = flag if flag in FLAGS else None
    rows, total = list_cases(
        session,
        principal,
        today=office_today(),
        calendar=calendar,
        status=chosen_status,
        flag=chosen_flag,
        window=window,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    context = {
        "rows": [case_summary(c) for c in rows],
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "status": chosen_status.value if chosen_status else "",
        "flag": chosen_flag or "",
        "window": window,
        "statuses": [(s.value, STATUS_LABELS[s]) for s in S],
        "flags": FLAGS,
    }
    return render(request, "protection_case_list.html", context)


def _case_page(
    request: Request,
    session: Session,
    principal: Principal,
    number: str,
    calendar: WorkingDayCalendar,
    *,
    error: tuple[str, DomainError] | None = None,
    values: dict[str, Any] | None = None,
    notice: bool = False,
) -> Response:
    case = get_case(session, principal, number)
    read = case_read(session, case, today=office_today(), calendar=calendar)
    can_act = OFFICER in principal.roles and principal.region_code == case.region_code
    forms = [n for n in FORMS if can_act and _available(n, read.status)]
    if "answer" in forms and read.answered_on is not None:
        forms.remove("answer")
    if "extension" in forms and read.extension is not None:
        forms.remove("extension")
    if "decision_served" in forms and read.decision and read.decision.served_on:
        forms.remove("decision_served")
    context = {
        "case": read,
        "status_labels": STATUS_LABELS,
        "forms": forms,
        "can_act": can_act,
        "today": office_today().isoformat(),
        "error_form": error[0] if error else "",
        "error": error[1] if error else None,
        "values": values or {},
        "notice": notice,
        "evidence_types": EVIDENCE_TYPES,
    }
    return render(
        request, "protection_case.html", context, status_code=error[1].status_code if error else 200
    )


@router.get("/protection/cases/{number}")
def case_page(
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    number: Annotated[str, Path(max_length=40)],
    principal: Principal = allow(*READERS, page=True),
    done: Annotated[str, Query(max_length=8)] = "",
) -> Response:
    return _case_page(request, session, principal, number, calendar, notice=done == "1")


def _date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"{value!r} is not a date (YYYY-MM-DD)", field=field) from None


def _runner(name: str, form: dict[str, str], calendar: WorkingDayCalendar) -> Callable[..., object]:
    """The service call of one form, with the form's fields converted."""
    text = {k: v.strip() for k, v in form.items()}
    note = text.get("note") or None
    calls: dict[str, Callable[..., object]] = {
        "accept": lambda **kw: actions.do_accept_case(**kw, note=note),
        "refuse": lambda **kw: actions.do_refuse_case(**kw, reasons=text.get("reasons", "")),
        "serve": lambda **kw: actions.do_record_service(**kw, note=note),
        "answer": lambda **kw: actions.do_record_answer(**kw, note=note),
        "panel": lambda **kw: proceedings.do_form_panel(
            **kw,
            members=[m for m in text.get("members", "").replace("，", ",").split(",") if m],
            presiding=text.get("presiding", ""),
            note=note,
        ),
        "hearing": lambda **kw: proceedings.do_schedule_hearing(
            **kw,
            hearing_on=_date(text.get("hearing_on", ""), "hearing_on"),
            place=text.get("place", ""),
            time_of_day=text.get("time_of_day") or None,
            note=note,
        ),
        "mediation": lambda **kw: proceedings.do_start_mediation(**kw, note=note),
        "agreement": lambda **kw: proceedings.do_end_mediation(
            **kw, agreement_text=_required(text, "agreement_text"), note=note
        ),
        "mediation_failed": lambda **kw: proceedings.do_end_mediation(
            **kw, agreement_text=None, note=note
        ),
        "suspend": lambda **kw: actions.do_suspend_case(
            **kw, reason=_choice(text.get("reason", ""), "reason"), note=note
        ),
        "resume": lambda **kw: actions.do_resume_case(**kw, note=note),
        "extension": lambda **kw: proceedings.do_approve_extension(
            **kw, reason=text.get("reason", ""), calendar=calendar, note=note
        ),
        "decision": lambda **kw: decisions.do_issue_decision(
            **kw,
            outcome=_outcome(text.get("outcome", "")),
            findings=text.get("findings", ""),
            reasons=text.get("reasons", ""),
            orders=text.get("orders") or None,
        ),
        "decision_served": lambda **kw: decisions.do_record_decision_service(**kw, note=note),
        "withdraw": lambda **kw: actions.do_withdraw_case(**kw, note=note),
    }
    return calls[name]


def _required(text: dict[str, str], field: str) -> str:
    if not text.get(field):
        raise InvalidInput("this field is required", field=field)
    return text[field]


def _choice(value: str, field: str) -> str:
    if value not in ("invalidation_pending", "party_request", "court_case", "other"):
        raise InvalidInput("choose a reason from the list", field=field)
    return value


def _outcome(value: str) -> str:
    if value not in decisions.OUTCOME_LABELS:
        raise InvalidInput("choose an outcome from the list", field="outcome")
    return value


FormText = Annotated[str, Form(max_length=50_000)]


@router.post("/protection/cases/{number}/act/{action}")
def act(
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    number: Annotated[str, Path(max_length=40)],
    action: Annotated[str, Path(max_length=24)],
    expected_version: Annotated[int, Form(ge=1)],
    principal: Principal = allow(OFFICER, page=True),
    on: FormText = "",
    note: FormText = "",
    reasons: FormText = "",
    members: FormText = "",
    presiding: FormText = "",
    hearing_on: FormText = "",
    time_of_day: FormText = "",
    place: FormText = "",
    reason: FormText = "",
    agreement_text: FormText = "",
    outcome: FormText = "",
    findings: FormText = "",
    orders: FormText = "",
) -> Response:
    form = {
        "note": note,
        "reasons": reasons,
        "members": members,
        "presiding": presiding,
        "hearing_on": hearing_on,
        "time_of_day": time_of_day,
        "place": place,
        "reason": reason,
        "agreement_text": agreement_text,
        "outcome": outcome,
        "findings": findings,
        "orders": orders,
        "on": on,
    }
    if action not in FORMS:
        raise InvalidInput(f"unknown action {action!r}", field="action")
    try:
        day = _date(on, "on") if on.strip() else office_today()
        _runner(action, form, calendar)(
            session=session,
            principal=principal,
            number=number,
            expected_version=expected_version,
            on=day,
        )
    except DomainError as exc:
        session.rollback()
        return _case_page(
            request, session, principal, number, calendar, error=(action, exc), values=form
        )
    return RedirectResponse(f"/protection/cases/{number}?done=1", status_code=303)


@router.post("/protection/cases/{number}/evidence")
def upload(
    request: Request,
    session: DbSession,
    calendar: OfficeCalendar,
    number: Annotated[str, Path(max_length=40)],
    file: Annotated[UploadFile, File()],
    submitted_by: Annotated[Literal["requester", "respondent", "office"], Form()],
    description: Annotated[str, Form(max_length=4000)] = "",
    principal: Principal = allow(OFFICER, page=True),
) -> Response:
    settings: Settings = request.app.state.settings
    try:
        do_add_evidence(
            session,
            principal=principal,
            number=number,
            filename=file.filename or "",
            stream=file.file,
            home=settings.home,
            max_bytes=settings.evidence_max_bytes,
            submitted_by=submitted_by,
            description=description or None,
        )
    except DomainError as exc:
        session.rollback()
        return _case_page(
            request,
            session,
            principal,
            number,
            calendar,
            error=("evidence", exc),
            values={"description": description},
        )
    return RedirectResponse(f"/protection/cases/{number}?done=1", status_code=303)
