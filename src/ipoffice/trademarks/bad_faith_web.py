"""Pages of the bad-faith screening for examiners: the review queue, an applicant's profile
(live signals, business scope), and an assessment with the decision and credit-proposal forms."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path as FilePath
from typing import Annotated, Any, cast

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from ipoffice.core.clock import office_today
from ipoffice.core.errors import DomainError, InvalidInput, NotFound
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.settings import Settings
from ipoffice.trademarks.applicant_profile_records import do_set_business_scope
from ipoffice.trademarks.bad_faith import do_assess_applicant, do_assess_mark, screen_applicant
from ipoffice.trademarks.bad_faith_api import profile_read
from ipoffice.trademarks.bad_faith_decisions import (
    assessment_read,
    do_decide_assessment,
    do_propose_credit,
    do_reopen_assessment,
    get_assessment,
    list_assessments,
)
from ipoffice.trademarks.bad_faith_models import ASSESSMENT_STATUSES, RISK_LEVELS
from ipoffice.trademarks.bad_faith_rules import LEVEL_TITLES
from ipoffice.trademarks.bad_faith_schemas import (
    CreditProposalCreate,
    DecisionCreate,
    ReopenRequest,
    ScopeSet,
)
from ipoffice.trademarks.bad_faith_workflow import STATUS_LABELS
from ipoffice.trademarks.examination_forms import form_model
from ipoffice.trademarks.famous import KIND_TITLES
from ipoffice.web.access import DbSession, allow
from ipoffice.web.render import render

router = APIRouter(include_in_schema=False)

BASE = "/trademarks/bad-faith"
STAFF = (Role.EXAMINER, Role.ADMINISTRATOR)
PAGE_SIZE = 25
IdPath = Annotated[int, Path(ge=1, le=2**31 - 1)]
DONE = frozenset({"assessed", "confirm", "dismiss", "reopened", "proposed", "scope"})


def _home(request: Request) -> FilePath:
    return cast(Settings, request.app.state.settings).home


def _labels() -> dict[str, Any]:
    return {"levels": LEVEL_TITLES, "statuses": STATUS_LABELS, "kinds": KIND_TITLES}


def _queue_page(
    request: Request,
    session: Session,
    *,
    status: str = "open",
    risk: str = "",
    page: int = 1,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    if status and status not in ASSESSMENT_STATUSES:
        raise InvalidInput(f"unknown status {status!r}", field="status")
    if risk and risk not in RISK_LEVELS:
        raise InvalidInput(f"unknown risk {risk!r}", field="risk")
    rows, total = list_assessments(
        session, status=status or None, risk=risk or None,
        limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
    )  # fmt: skip
    context = {
        "rows": [assessment_read(session, r) for r in rows],
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "status": status,
        "risk": risk,
        "all_statuses": ASSESSMENT_STATUSES,
        "all_risks": RISK_LEVELS,
        "error": error,
        **_labels(),
    }
    return render(request, "trademark_bad_faith_queue.html", context, status_code=status_code)


@router.get(BASE)
def queue_page(
    request: Request,
    session: DbSession,
    principal: Principal = allow(*STAFF, page=True),
    status: Annotated[str, Query(max_length=16)] = "open",
    risk: Annotated[str, Query(max_length=8)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """Assessments riskiest first; forms to open an applicant or assess a filing."""
    return _queue_page(request, session, status=status, risk=risk, page=page)


def _profile_page(
    request: Request,
    session: Session,
    applicant: str,
    *,
    done: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    screening = screen_applicant(
        session, applicant=applicant, on=office_today(), home=_home(request)
    )
    scope = screening.facts.scope
    context = {
        "p": profile_read(screening),
        "scope": scope,
        "rows": list_assessments(session, status=None, applicant=screening.ref.key, limit=20)[0],
        "done": done,
        "error": error,
        **_labels(),
    }
    return render(request, "trademark_bad_faith_profile.html", context, status_code=status_code)


@router.get(BASE + "/applicant")
def profile_page(
    request: Request,
    session: DbSession,
    applicant: Annotated[str, Query(min_length=3, max_length=320)],
    principal: Principal = allow(*STAFF, page=True),
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """An applicant's live profile: figures, signals with evidence, the rule in force today."""
    return _profile_page(request, session, applicant, done=done if done in DONE else "")


def _retry(
    session: Session, action: Callable[[], str], on_error: Callable[[DomainError], Response]
) -> Response:
    """Run a form's action and redirect; on a domain error roll back and show the message."""
    try:
        target = action()
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        session.rollback()
        return on_error(exc)
    return RedirectResponse(target, status_code=303)


@router.post(BASE + "/applicant/assess")
def assess_applicant_form(
    request: Request,
    session: DbSession,
    applicant: Annotated[str, Form(min_length=3, max_length=320)],
    principal: Principal = allow(*STAFF, page=True),
) -> Response:
    def action() -> str:
        row, _ = do_assess_applicant(
            session, actor=principal, applicant=applicant, on=office_today(), home=_home(request)
        )
        return f"{BASE}/assessments/{row.id}?done=assessed"

    return _retry(session, action, lambda exc: _profile_page(
        request, session, applicant, error=exc.message, status_code=exc.status_code))  # fmt: skip


@router.post(BASE + "/marks/assess")
def assess_mark_form(
    request: Request,
    session: DbSession,
    number: Annotated[str, Form(min_length=1, max_length=40)],
    principal: Principal = allow(*STAFF, page=True),
) -> Response:
    def action() -> str:
        row, _ = do_assess_mark(
            session, actor=principal, number=number, on=office_today(), home=_home(request)
        )
        return f"{BASE}/assessments/{row.id}?done=assessed"

    return _retry(session, action, lambda exc: _queue_page(
        request, session, error=exc.message, status_code=exc.status_code))  # fmt: skip


@router.post(BASE + "/applicant/scope")
def scope_form(
    request: Request,
    session: DbSession,
    applicant: Annotated[str, Form(min_length=3, max_length=320)],
    classes: Annotated[str, Form(max_length=300)],
    description: Annotated[str, Form(max_length=4000)],
    source: Annotated[str, Form(max_length=300)],
    expected_version: Annotated[int | None, Form(ge=1)] = None,
    principal: Principal = allow(*STAFF, page=True),
) -> Response:
    """Record the applicant's business scope: classes typed as numbers (`29 30 32`)."""

    def action() -> str:
        numbers = [int(n) for n in classes.replace(",", " ").replace("，", " ").split()
                   if n.isdigit() and n.isascii()]  # fmt: skip
        data = form_model(ScopeSet, applicant=applicant, classes=numbers,
                          description=description, source=source,
                          expected_version=expected_version)  # fmt: skip
        row = do_set_business_scope(session, actor=principal, data=data)
        return f"{BASE}/applicant?applicant={row.applicant_key}&done=scope"

    return _retry(session, action, lambda exc: _profile_page(
        request, session, applicant, error=exc.message, status_code=exc.status_code))  # fmt: skip


def _assessment_page(
    request: Request,
    session: Session,
    principal: Principal,
    assessment_id: int,
    *,
    done: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    a = assessment_read(session, get_assessment(session, assessment_id))
    context = {
        "a": a,
        "done": done,
        "error": error,
        "is_examiner": Role.EXAMINER in principal.roles,
        "is_admin": Role.ADMINISTRATOR in principal.roles,
        **_labels(),
    }
    return render(request, "trademark_bad_faith_assessment.html", context, status_code=status_code)


@router.get(BASE + "/assessments/{assessment_id}")
def assessment_page(
    assessment_id: IdPath,
    request: Request,
    session: DbSession,
    principal: Principal = allow(*STAFF, page=True),
    done: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    known = done if done in DONE else ""
    return _assessment_page(request, session, principal, assessment_id, done=known)


def _on_assessment(
    request: Request, session: Session, principal: Principal, assessment_id: int
) -> Callable[[DomainError], Response]:
    def show(exc: DomainError) -> Response:
        return _assessment_page(request, session, principal, assessment_id,
                                error=exc.message, status_code=exc.status_code)  # fmt: skip

    return show


@router.post(BASE + "/assessments/{assessment_id}/decide")
def decide_form(
    assessment_id: IdPath,
    request: Request,
    session: DbSession,
    decision: Annotated[str, Form(max_length=10)],
    reason: Annotated[str, Form(max_length=4000)],
    expected_version: Annotated[int, Form(ge=1)],
    principal: Principal = allow(Role.EXAMINER, page=True),
) -> Response:
    def action() -> str:
        data = form_model(DecisionCreate, decision=decision, reason=reason,
                          expected_version=expected_version)  # fmt: skip
        do_decide_assessment(session, actor=principal, assessment_id=assessment_id, data=data)
        return f"{BASE}/assessments/{assessment_id}?done={data.decision}"

    return _retry(session, action, _on_assessment(request, session, principal, assessment_id))


@router.post(BASE + "/assessments/{assessment_id}/reopen")
def reopen_form(
    assessment_id: IdPath,
    request: Request,
    session: DbSession,
    reason: Annotated[str, Form(max_length=4000)],
    expected_version: Annotated[int, Form(ge=1)],
    principal: Principal = allow(Role.ADMINISTRATOR, page=True),
) -> Response:
    def action() -> str:
        data = form_model(ReopenRequest, reason=reason, expected_version=expected_version)
        do_reopen_assessment(session, actor=principal, assessment_id=assessment_id, data=data)
        return f"{BASE}/assessments/{assessment_id}?done=reopened"

    return _retry(session, action, _on_assessment(request, session, principal, assessment_id))


@router.post(BASE + "/assessments/{assessment_id}/credit-proposal")
def credit_form(
    assessment_id: IdPath,
    request: Request,
    session: DbSession,
    expected_version: Annotated[int, Form(ge=1)],
    note: Annotated[str, Form(max_length=2000)] = "",
    principal: Principal = allow(*STAFF, page=True),
) -> Response:
    def action() -> str:
        data = form_model(CreditProposalCreate, note=note or None,
                          expected_version=expected_version)  # fmt: skip
        do_propose_credit(session, actor=principal, assessment_id=assessment_id, data=data,
                          on=office_today())  # fmt: skip
        return f"{BASE}/assessments/{assessment_id}?done=proposed"

    return _retry(session, action, _on_assessment(request, session, principal, assessment_id))
