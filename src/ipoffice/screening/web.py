"""Examiner pages of the screening record: the review queue, a finding with its evidence and
the review form, drafting a clue or a credit proposal from a confirmed finding, and the office
rules (administrators). Forms carry the CSRF token; errors come back next to their field."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from ipoffice.core.clock import office_today
from ipoffice.core.divisions import PROVINCES
from ipoffice.core.errors import DomainError, InvalidInput, NotFound
from ipoffice.core.identity import Principal
from ipoffice.core.models import User
from ipoffice.core.roles import Role
from ipoffice.patents.models import PatentDocumentRow
from ipoffice.screening import referrals, rule_store, service
from ipoffice.screening.evidence_view import evidence_nodes, id_candidates, workbench_links
from ipoffice.screening.findings import BEHAVIOURS, SOURCE
from ipoffice.screening.models import FINDING_STATUSES, ScreeningFinding
from ipoffice.screening.schemas import ClueCreate, CreditProposal, Decision
from ipoffice.web.access import DbSession, allow
from ipoffice.web.forms import validated
from ipoffice.web.i18n import MESSAGES, language, translate
from ipoffice.web.render import render

router = APIRouter(include_in_schema=False)

EXAMINERS = (Role.EXAMINER, Role.ADMINISTRATOR)
PAGE_SIZE = 25
RULE_FORM_FIELDS = ("code", "title", "score", "basis", "effective_from", "effective_to")


def _labeler(lang: str) -> Any:
    def label(key: str) -> str:
        wanted = f"ev.{key}"
        return translate(wanted, lang) if wanted in MESSAGES else key.replace("_", " ")

    return label


# --- queue ----------------------------------------------------------------------------------


@router.get("/screening")
def queue(
    request: Request,
    session: DbSession,
    _: Principal = allow(*EXAMINERS, page=True),
    status: Annotated[str, Query(max_length=16)] = "open",
    behaviour: Annotated[str, Query(max_length=32)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    chosen_status = status if status in FINDING_STATUSES else None
    chosen_behaviour = behaviour if behaviour in BEHAVIOURS else None
    rows, total = service.list_findings(
        session,
        status=chosen_status,
        behaviour=chosen_behaviour,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    context = {
        "rows": [service.finding_read(f) for f in rows],
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "status": chosen_status or "",
        "behaviour": chosen_behaviour or "",
        "statuses": FINDING_STATUSES,
        "behaviours": BEHAVIOURS,
        "counts": service.finding_counts(session, status=chosen_status),
    }
    return render(request, "screening_queue.html", context)


# --- one finding ----------------------------------------------------------------------------


def _subject_guess(session: Session, application_id: str) -> str:
    """The first applicant on file for the application, to prefill the forms."""
    applicants = session.scalar(
        select(PatentDocumentRow.applicants).where(PatentDocumentRow.doc_id == application_id)
    )
    return str(applicants[0]) if applicants else ""


def _finding_page(
    request: Request,
    session: Session,
    finding: ScreeningFinding,
    *,
    errors: dict[str, dict[str, str]] | None = None,
    values: dict[str, Any] | None = None,
    notice: str = "",
    status_code: int = 200,
) -> Response:
    read = service.finding_read(finding)
    links = workbench_links(
        session, id_candidates(finding.evidence, [*finding.related, finding.application_id])
    )
    siblings, _total = service.list_findings(session, application=finding.application_id, limit=200)
    reviewer = session.get(User, finding.reviewer_id) if finding.reviewer_id else None
    subject = _subject_guess(session, finding.application_id)
    context = {
        "f": read,
        "behaviour_source": SOURCE,
        "nodes": evidence_nodes(
            finding.behaviour,
            finding.evidence,
            related=finding.related,
            links=links,
            label=_labeler(language(request)),
        ),
        "raw": json.dumps(finding.evidence, ensure_ascii=False, indent=2, sort_keys=True),
        "links": links,
        "related": [(r, links.get(r)) for r in finding.related],
        "reviewer": reviewer.display_name if reviewer else "",
        "siblings": [service.finding_read(s) for s in siblings if s.id != finding.id],
        "clues": [referrals.clue_read(c) for c in referrals.clues_citing(session, finding.id)],
        "credits": [
            referrals.credit_read(r) for r in referrals.credit_records_citing(session, finding.id)
        ],
        "provinces": sorted(PROVINCES.items()),
        "errors": errors or {},
        "values": {"subject_name": subject, "credit_subject_name": subject, **(values or {})},
        "notice": notice,
    }
    return render(request, "screening_finding.html", context, status_code=status_code)


@router.get("/screening/findings/{finding_id}")
def finding_page(
    finding_id: int,
    request: Request,
    session: DbSession,
    _: Principal = allow(*EXAMINERS, page=True),
    done: Annotated[str, Query(max_length=32)] = "",
) -> Response:
    finding = service.get_finding(session, finding_id)
    notice = f"screening.done.{done}"
    return _finding_page(request, session, finding, notice=notice if notice in MESSAGES else "")


def _form_failed(
    request: Request,
    session: Session,
    finding_id: int,
    exc: DomainError,
    form: str,
    values: dict[str, Any],
) -> Response:
    if isinstance(exc, NotFound) and exc.field == "finding_id":
        raise exc
    session.rollback()
    finding = service.get_finding(session, finding_id)
    errors = {form: {exc.field or "form": exc.message}}
    return _finding_page(
        request, session, finding, errors=errors, values=values, status_code=exc.status_code
    )


@router.post("/screening/findings/{finding_id}/review")
def review_form(
    finding_id: int,
    request: Request,
    session: DbSession,
    decision: Annotated[Decision, Form()],
    expected_version: Annotated[int, Form(ge=1)],
    note: Annotated[str, Form(max_length=4000)] = "",
    principal: Principal = allow(*EXAMINERS, page=True),
) -> Response:
    try:
        service.review_finding(
            session,
            principal=principal,
            finding_id=finding_id,
            decision=decision,
            expected_version=expected_version,
            note=note,
        )
    except DomainError as exc:
        return _form_failed(request, session, finding_id, exc, "review", {"note": note})
    return RedirectResponse(f"/screening/findings/{finding_id}?done={decision}", status_code=303)


@router.post("/screening/findings/{finding_id}/clues")
def clue_form(
    finding_id: int,
    request: Request,
    session: DbSession,
    subject_name: Annotated[str, Form(max_length=300)] = "",
    subject_uscc: Annotated[str, Form(max_length=40)] = "",
    division_code: Annotated[str, Form(max_length=20)] = "",
    division_detail: Annotated[str, Form(max_length=20)] = "",
    summary: Annotated[str, Form(max_length=4000)] = "",
    finding_ids: Annotated[list[int] | None, Form()] = None,
    principal: Principal = allow(*EXAMINERS, page=True),
) -> Response:
    values = {
        "subject_name": subject_name,
        "subject_uscc": subject_uscc,
        "division_code": division_code,
        "division_detail": division_detail,
        "summary": summary,
    }
    try:
        data = validated(
            ClueCreate,
            {
                "finding_ids": sorted({finding_id, *(finding_ids or [])}),
                "subject_name": subject_name,
                "subject_uscc": subject_uscc or None,
                # A prefecture or county code, when given, is more precise than the province.
                "division_code": division_detail.strip() or division_code,
                "summary": summary,
            },
        )
        referrals.create_clue(session, principal=principal, data=data)
    except DomainError as exc:
        if exc.field == "division_code" and division_detail.strip():
            exc.field = "division_detail"
        return _form_failed(request, session, finding_id, exc, "clue", values)
    return RedirectResponse(f"/screening/findings/{finding_id}?done=clue", status_code=303)


@router.post("/screening/findings/{finding_id}/credit-records")
def credit_form(
    finding_id: int,
    request: Request,
    session: DbSession,
    subject_name: Annotated[str, Form(max_length=300)] = "",
    subject_uscc: Annotated[str, Form(max_length=40)] = "",
    subject_type: Annotated[str, Form(max_length=16)] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
    finding_ids: Annotated[list[int] | None, Form()] = None,
    principal: Principal = allow(*EXAMINERS, page=True),
) -> Response:
    values = {
        "credit_subject_name": subject_name,
        "credit_subject_uscc": subject_uscc,
        "subject_type": subject_type,
        "credit_note": note,
    }
    try:
        data = validated(
            CreditProposal,
            {
                "finding_ids": sorted({finding_id, *(finding_ids or [])}),
                "subject_name": subject_name,
                "subject_uscc": subject_uscc or None,
                "subject_type": subject_type,
                "note": note or None,
            },
        )
        referrals.propose_credit_record(session, principal=principal, data=data, on=office_today())
    except DomainError as exc:
        return _form_failed(request, session, finding_id, exc, "credit", values)
    return RedirectResponse(f"/screening/findings/{finding_id}?done=credit", status_code=303)


# --- office rules ---------------------------------------------------------------------------


class RuleForm(BaseModel):
    """The rule form's fields (the CSRF token is checked by the guard and ignored here)."""

    code: str = Field(default="", max_length=100)
    title: str = Field(default="", max_length=1000)
    score: str = Field(default="", max_length=100)
    basis: str = Field(default="", max_length=2000)
    effective_from: str = Field(default="", max_length=100)
    effective_to: str = Field(default="", max_length=100)
    condition: str = Field(default="", max_length=50_000)
    expected_version: int = Field(default=0, ge=0)

    def rule(self) -> dict[str, Any]:
        """The rule JSON; the condition is JSON typed by the administrator."""
        rule: dict[str, Any] = {"code": self.code.strip(), "title": self.title.strip()}
        try:
            rule["score"] = float(self.score)
        except ValueError:
            message = "score: a number above 0 and at most 1 is required"
            raise InvalidInput(message, field="score") from None
        for name in ("basis", "effective_from", "effective_to"):
            if getattr(self, name).strip():
                rule[name] = getattr(self, name).strip()
        try:
            rule["condition"] = json.loads(self.condition)
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno} column {exc.colno}"
            message = f"condition: not valid JSON ({exc.msg}, {where})"
            raise InvalidInput(message, field="condition") from None
        return rule

    @classmethod
    def of(cls, rule: dict[str, Any], version: int) -> RuleForm:
        shown = {k: "" if rule.get(k) is None else str(rule[k]) for k in RULE_FORM_FIELDS}
        condition = json.dumps(rule.get("condition", {}), ensure_ascii=False, indent=2)
        return cls(**shown, condition=condition, expected_version=version)


def _errors(exc: DomainError) -> dict[str, str]:
    """The message next to the form field it is about (`condition.all[0]` -> condition)."""
    field = exc.field
    if field not in RULE_FORM_FIELDS:
        field = "condition" if field and field.startswith("condition") else "form"
    return {field: exc.message}


@router.get("/screening/rules")
def rules_page(
    request: Request,
    session: DbSession,
    _: Principal = allow(Role.ADMINISTRATOR, page=True),
    saved: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    context = {"rules": rule_store.list_rules(session), "form": RuleForm(), "errors": {}}
    return render(request, "screening_rules.html", {**context, "notice": saved})


@router.post("/screening/rules")
def add_rule_form(
    request: Request,
    session: DbSession,
    form: Annotated[RuleForm, Form()],
    principal: Principal = allow(Role.ADMINISTRATOR, page=True),
) -> Response:
    try:
        row = rule_store.create_rule(session, actor=principal.actor, rule=form.rule())
    except DomainError as exc:
        session.rollback()
        context = {"rules": rule_store.list_rules(session), "form": form, "errors": _errors(exc)}
        return render(request, "screening_rules.html", context, status_code=exc.status_code)
    return RedirectResponse(f"/screening/rules?saved={row.code}", status_code=303)


def _rule_page(
    request: Request,
    session: Session,
    code: str,
    *,
    form: RuleForm | None = None,
    error: DomainError | None = None,
) -> Response:
    if error is not None:
        if isinstance(error, NotFound):
            raise error
        session.rollback()
    row = rule_store.get_rule(session, code)
    context = {
        "row": row,
        "form": form or RuleForm.of(row.rule, row.version),
        "errors": _errors(error) if error else {},
    }
    status = error.status_code if error else 200
    return render(request, "screening_rule.html", context, status_code=status)


@router.get("/screening/rules/{code}")
def rule_page(
    code: str,
    request: Request,
    session: DbSession,
    _: Principal = allow(Role.ADMINISTRATOR, page=True),
) -> Response:
    return _rule_page(request, session, code)


@router.post("/screening/rules/{code}")
def edit_rule_form(
    code: str,
    request: Request,
    session: DbSession,
    form: Annotated[RuleForm, Form()],
    principal: Principal = allow(Role.ADMINISTRATOR, page=True),
) -> Response:
    form.code = code
    try:
        rule_store.update_rule(
            session,
            actor=principal.actor,
            code=code,
            expected_version=form.expected_version,
            rule=form.rule(),
        )
    except DomainError as exc:
        return _rule_page(request, session, code, form=form, error=exc)
    return RedirectResponse(f"/screening/rules?saved={code}", status_code=303)


@router.post("/screening/rules/{code}/active")
def rule_active_form(
    code: str,
    request: Request,
    session: DbSession,
    expected_version: Annotated[int, Form(ge=1)],
    active: Annotated[bool, Form()],
    principal: Principal = allow(Role.ADMINISTRATOR, page=True),
) -> Response:
    try:
        rule_store.update_rule(
            session, actor=principal.actor, code=code, expected_version=expected_version,
            active=active,
        )  # fmt: skip
    except DomainError as exc:
        return _rule_page(request, session, code, error=exc)
    return RedirectResponse(f"/screening/rules?saved={code}", status_code=303)
