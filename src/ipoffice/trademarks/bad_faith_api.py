"""API of the bad-faith screening: live applicant profiles, assessments and their queue, the
examiner's decision, reopening, credit proposals, and the records the screening reads
(assignments and offers, use evidence, business scopes). Office staff only."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated, Literal, cast

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from ipoffice.core.clock import office_today
from ipoffice.core.errors import NotFound
from ipoffice.core.identity import Principal
from ipoffice.core.roles import Role
from ipoffice.screening.referrals import credit_read
from ipoffice.screening.schemas import CreditRead
from ipoffice.settings import Settings
from ipoffice.trademarks.applicant_profile import resolve_applicant_key
from ipoffice.trademarks.applicant_profile_records import (
    do_record_assignment,
    do_record_use_evidence,
    do_set_business_scope,
)
from ipoffice.trademarks.bad_faith import (
    Screening,
    do_assess_applicant,
    do_assess_mark,
    screen_applicant,
)
from ipoffice.trademarks.bad_faith_decisions import (
    assessment_read,
    do_decide_assessment,
    do_propose_credit,
    do_reopen_assessment,
    get_assessment,
    list_assessments,
    rule_read,
)
from ipoffice.trademarks.bad_faith_models import BusinessScope
from ipoffice.trademarks.bad_faith_rules import LAW_RULES
from ipoffice.trademarks.bad_faith_schemas import (
    AssessApplicant,
    AssessmentPage,
    AssessmentRead,
    AssignmentCreate,
    AssignmentRead,
    CreditProposalCreate,
    DecisionCreate,
    ProfileRead,
    ReopenRequest,
    RuleRead,
    ScopeRead,
    ScopeSet,
    UseEvidenceCreate,
    UseEvidenceRead,
)
from ipoffice.trademarks.register import get_mark
from ipoffice.web.access import DbSession, allow

router = APIRouter(prefix="/api/v1/trademarks/bad-faith", tags=["trademark bad faith"])

STAFF = (Role.EXAMINER, Role.ADMINISTRATOR)
NumberPath = Annotated[str, Path(max_length=40)]
IdPath = Annotated[int, Path(ge=1, le=2**31 - 1)]
ApplicantQuery = Annotated[str, Query(min_length=3, max_length=320)]
Status = Literal["open", "confirmed", "dismissed", "superseded"]
Risk = Literal["none", "low", "medium", "high"]


def _home(request: Request) -> FilePath:
    return cast(Settings, request.app.state.settings).home


def profile_read(screening: Screening) -> ProfileRead:
    return ProfileRead(
        applicant=screening.ref.key,
        applicant_name=screening.ref.name,
        reference_date=screening.reference_date,
        assessed_on=screening.as_of,
        rule=rule_read(screening.rule),
        risk=screening.risk.name,
        explanation_zh=screening.risk.explanation_zh,
        explanation_en=screening.risk.explanation_en,
        profile=screening.profile(),
        signals=screening.signal_dicts(),
    )


def _created(body: AssessmentRead, created: bool) -> JSONResponse:
    return JSONResponse(body.model_dump(mode="json"), status_code=201 if created else 200)


@router.get("/rules", response_model=list[RuleRead])
def rules(principal: Principal = allow(*STAFF)) -> list[RuleRead]:
    """The versions of the bad-faith ground, with sources and dates of effect."""
    return [rule_read(rule) for rule in LAW_RULES]


@router.get("/profile", response_model=ProfileRead)
def profile(
    request: Request,
    session: DbSession,
    applicant: ApplicantQuery,
    principal: Principal = allow(*STAFF),
) -> ProfileRead:
    """An applicant's signals today, computed and not stored (`party:<id>` or `name:<name>`)."""
    screening = screen_applicant(
        session, applicant=applicant, on=office_today(), home=_home(request)
    )
    return profile_read(screening)


@router.post("/assessments/applicant", response_model=AssessmentRead, status_code=201)
def assess_applicant(
    request: Request,
    body: AssessApplicant,
    session: DbSession,
    principal: Principal = allow(*STAFF),
) -> JSONResponse:
    """Assess an applicant and queue it; the same assessment again gives the first (200)."""
    row, created = do_assess_applicant(
        session,
        actor=principal,
        applicant=body.applicant,
        on=office_today(),
        home=_home(request),
    )
    return _created(assessment_read(session, row), created)


@router.post("/assessments/marks/{number}", response_model=AssessmentRead, status_code=201)
def assess_mark(
    number: NumberPath,
    request: Request,
    session: DbSession,
    principal: Principal = allow(*STAFF),
) -> JSONResponse:
    """Assess one filing under the rule in force on its filing date, and queue it."""
    row, created = do_assess_mark(
        session,
        actor=principal,
        number=number,
        on=office_today(),
        home=_home(request),
    )
    return _created(assessment_read(session, row), created)


@router.get("/assessments", response_model=AssessmentPage)
def assessments(
    session: DbSession,
    principal: Principal = allow(*STAFF),
    status: Status | None = "open",
    risk: Risk | None = None,
    applicant: Annotated[str | None, Query(max_length=320)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> AssessmentPage:
    """The review queue: open assessments riskiest first (other statuses on request)."""
    rows, total = list_assessments(
        session, status=status, risk=risk, applicant=applicant, limit=limit, offset=offset
    )
    return AssessmentPage(total=total, items=[assessment_read(session, r) for r in rows])


@router.get("/assessments/{assessment_id}", response_model=AssessmentRead)
def assessment(
    assessment_id: IdPath, session: DbSession, principal: Principal = allow(*STAFF)
) -> AssessmentRead:
    return assessment_read(session, get_assessment(session, assessment_id))


@router.post("/assessments/{assessment_id}/decision", response_model=AssessmentRead)
def decide(
    assessment_id: IdPath,
    body: DecisionCreate,
    session: DbSession,
    principal: Principal = allow(Role.EXAMINER),
) -> AssessmentRead:
    """The examiner confirms or dismisses the signals, with reasons."""
    row = do_decide_assessment(session, actor=principal, assessment_id=assessment_id, data=body)
    return assessment_read(session, row)


@router.post("/assessments/{assessment_id}/reopen", response_model=AssessmentRead)
def reopen(
    assessment_id: IdPath,
    body: ReopenRequest,
    session: DbSession,
    principal: Principal = allow(Role.ADMINISTRATOR),
) -> AssessmentRead:
    row = do_reopen_assessment(session, actor=principal, assessment_id=assessment_id, data=body)
    return assessment_read(session, row)


@router.post(
    "/assessments/{assessment_id}/credit-proposal", response_model=CreditRead, status_code=201
)
def propose_credit(
    assessment_id: IdPath,
    body: CreditProposalCreate,
    session: DbSession,
    principal: Principal = allow(*STAFF),
) -> CreditRead:
    """Propose a credit record, item (2), from a confirmed assessment; the credit register
    decides it."""
    record = do_propose_credit(
        session, actor=principal, assessment_id=assessment_id, data=body, on=office_today()
    )
    return credit_read(record)


@router.post("/marks/{number}/assignments", response_model=AssignmentRead, status_code=201)
def record_assignment(
    number: NumberPath,
    body: AssignmentCreate,
    session: DbSession,
    principal: Principal = allow(*STAFF),
) -> JSONResponse:
    """An assignment or an offer to sell the mark; the same record again gives the first."""
    row, created = do_record_assignment(
        session, actor=principal, number=number, data=body, today=office_today()
    )
    read = AssignmentRead(
        id=row.id,
        mark_number=get_mark(session, number).number,
        kind=row.kind,
        assignor=row.assignor,
        assignee=row.assignee,
        dated_on=row.dated_on,
        reference=row.reference,
    )
    return JSONResponse(read.model_dump(mode="json"), status_code=201 if created else 200)


@router.post("/marks/{number}/use-evidence", response_model=UseEvidenceRead, status_code=201)
def record_use_evidence(
    number: NumberPath,
    body: UseEvidenceCreate,
    session: DbSession,
    principal: Principal = allow(*STAFF),
) -> JSONResponse:
    """Evidence of the mark's use in a period; the same evidence again gives the first."""
    row, created = do_record_use_evidence(
        session, actor=principal, number=number, data=body, today=office_today()
    )
    read = UseEvidenceRead(
        id=row.id,
        mark_number=get_mark(session, number).number,
        used_from=row.used_from,
        used_to=row.used_to,
        description=row.description,
        reference=row.reference,
    )
    return JSONResponse(read.model_dump(mode="json"), status_code=201 if created else 200)


def scope_read(row: BusinessScope) -> ScopeRead:
    return ScopeRead(
        applicant=row.applicant_key,
        applicant_name=row.applicant_name,
        classes=list(row.classes),
        description=row.description,
        source=row.source,
        version=row.version,
    )


@router.put("/scopes", response_model=ScopeRead)
def set_scope(
    body: ScopeSet, session: DbSession, principal: Principal = allow(*STAFF)
) -> ScopeRead:
    """Record or replace an applicant's business scope (Nice classes)."""
    return scope_read(do_set_business_scope(session, actor=principal, data=body))


@router.get("/scopes", response_model=ScopeRead)
def read_scope(
    session: DbSession, applicant: ApplicantQuery, principal: Principal = allow(*STAFF)
) -> ScopeRead:
    ref = resolve_applicant_key(session, applicant)
    row = session.scalar(select(BusinessScope).where(BusinessScope.applicant_key == ref.key))
    if row is None:
        raise NotFound(f"no business scope on record for {ref.key}", field="applicant")
    return scope_read(row)
